"""Matching: programmes whose criteria a candidate meets, with sites in or near their region
that have places, never in an area they must avoid.

Places are kept minimal: a programme may set how many candidates each taking-part site
takes at a time (``Programme.places_per_site``; empty means no set limit). A site has a
place while its open placements on that programme are fewer than that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from pathway.candidates.models import Candidate
from pathway.candidates.places import nearness
from pathway.candidates.readiness.rules import Verdict, readiness_verdict
from pathway.candidates.safety import site_is_safe_for
from pathway.employers.models import Programme, Site
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.vocabulary import Outcome


@dataclass(frozen=True)
class SiteOption:
    site: Site
    nearness: str | None  # "in" or "near" the candidate's region; None if it is not recorded
    places_left: int | None  # None: no set limit

    @property
    def where(self) -> str:
        if self.nearness == "in":
            return "in their region"
        if self.nearness == "near":
            return "in a neighbouring region"
        return ""


@dataclass
class Match:
    programme: Programme
    verdict: Verdict
    sites: list[SiteOption] = field(default_factory=list)
    unsafe: int = 0  # sites left out because they are in an area to avoid
    full: int = 0  # sites in or near the region with no place now
    far: int = 0  # sites with places, but neither in nor near the region


def places_taken(programmes: Sequence[Programme]) -> dict[tuple[int, int], int]:
    """Open placements per (programme, site), in one query."""
    ids = [p.id for p in programmes]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Placement.programme_id, Placement.site_id, func.count())
        .where(Placement.programme_id.in_(ids), Placement.outcome == Outcome.IN_PROGRESS)
        .group_by(Placement.programme_id, Placement.site_id)
    ).all()
    return {(programme_id, site_id): count for programme_id, site_id, count in rows}


def site_options(
    candidate: Candidate, programme: Programme, taken: dict[tuple[int, int], int]
) -> Match:
    match = Match(programme, verdict=None)  # type: ignore[arg-type]
    for site in programme.sites:
        if not site_is_safe_for(candidate, site):
            match.unsafe += 1
            continue
        where = nearness(candidate.region, site.region)
        if candidate.region and where is None:
            match.far += 1
            continue
        left = None
        if programme.places_per_site is not None:
            left = programme.places_per_site - taken.get((programme.id, site.id), 0)
            if left <= 0:
                match.full += 1
                continue
        match.sites.append(SiteOption(site, where, left))
    match.sites.sort(key=lambda o: (o.nearness != "in", o.site.name))
    return match


def match_programmes(
    candidate: Candidate, programmes: Sequence[Programme], today: date
) -> tuple[list[Match], list[tuple[Programme, Verdict]]]:
    """(programmes the candidate is ready for, with their sites; the others, with why not)."""
    taken = places_taken(programmes)
    ready: list[Match] = []
    others: list[tuple[Programme, Verdict]] = []
    for programme in programmes:
        verdict = readiness_verdict(candidate, programme, today)
        if not verdict.ready:
            others.append((programme, verdict))
            continue
        match = site_options(candidate, programme, taken)
        match.verdict = verdict
        ready.append(match)
    return ready, others
