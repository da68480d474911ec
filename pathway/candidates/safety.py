"""Areas a candidate must avoid: sites there cannot be chosen for them.

Only the candidate's own coaches see the areas. Everyone else - the employer in particular -
is told only ``SITE_NOT_AVAILABLE``, never why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select

from pathway.auth.models import User
from pathway.candidates.models import AreaKind, AvoidArea, Candidate
from pathway.candidates.places import region_key, town_key
from pathway.employers.models import Site, programme_sites
from pathway.extensions import db
from pathway.refusals import ActionRefused

SITE_NOT_AVAILABLE = "This site is not available for this candidate."


def site_in_area(site, area: AvoidArea) -> bool:
    """Whether ``site`` (with a town and a region) lies in ``area``."""
    if area.kind is AreaKind.TOWN:
        return town_key(site.town) == town_key(area.name)
    return region_key(site.region) == region_key(area.name)


def site_is_safe(site, areas: Iterable[AvoidArea]) -> bool:
    return not any(site_in_area(site, area) for area in areas)


def site_is_safe_for(candidate: Candidate, site) -> bool:
    return site_is_safe(site, candidate.areas_to_avoid)


def safe_sites(candidate: Candidate, sites: Sequence) -> list:
    return [site for site in sites if site_is_safe_for(candidate, site)]


class Place(NamedTuple):
    town: str
    region: str


def taking_part_sites(candidate: Candidate, programme_ids: Sequence[int]) -> dict[int, tuple]:
    """(taking-part sites, those of them outside the candidate's areas to avoid) for each
    programme, in one query: a large employer's programme has thousands of sites."""
    if not programme_ids:
        return {}
    link = programme_sites.c
    areas = candidate.areas_to_avoid
    if not areas:
        counts = select(link.programme_id, func.count()).where(link.programme_id.in_(programme_ids))
        rows = db.session.execute(counts.group_by(link.programme_id))
        return {programme_id: (n, n) for programme_id, n in rows}
    places = (
        select(link.programme_id, Site.town, Site.region, func.count())
        .join(Site, Site.id == link.site_id)
        .where(link.programme_id.in_(programme_ids))
        .group_by(link.programme_id, Site.town, Site.region)
    )
    found: dict[int, tuple[int, int]] = {}
    for programme_id, town, region, n in db.session.execute(places):
        total, safe = found.get(programme_id, (0, 0))
        found[programme_id] = (
            total + n,
            safe + (n if site_is_safe(Place(town, region), areas) else 0),
        )
    return found


def record_avoid_area(
    candidate: Candidate, coach: User, kind: AreaKind, name: str, today: date
) -> AvoidArea:
    name = " ".join(name.split())
    if not name:
        raise ActionRefused("Name the town or region to avoid.")
    key = town_key if kind is AreaKind.TOWN else region_key
    for area in candidate.areas_to_avoid:
        if area.kind is kind and key(area.name) == key(name):
            raise ActionRefused(f"{name} is already on the list of areas to avoid.")
    area = AvoidArea(
        candidate=candidate, kind=kind, name=name, recorded_on=today, recorded_by_id=coach.id
    )
    db.session.add(area)
    db.session.flush()
    return area


def remove_avoid_area(candidate: Candidate, area_id: int | None, coach: User, today: date):
    """Take an area off the list (the record stays, dated, for accountability)."""
    area = next((a for a in candidate.areas_to_avoid if a.id == area_id), None)
    if area is None:
        raise ActionRefused("That area is not on this candidate's list.")
    area.removed_on = today
    area.removed_by_id = coach.id
    db.session.flush()
