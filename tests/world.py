"""A small, complete programme world shared by view tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from pathway.auth.models import Organisation, Role, User
from pathway.employers.models import Programme, Site
from pathway.extensions import db
from pathway.placements.models import RetentionCheck


@dataclass
class World:
    employer: Organisation
    provider: Organisation
    site: Site
    other_site: Site
    programme: Programme
    lead: User
    manager: User
    other_manager: User
    coach: User
    other_coach: User
    cr: User
    admin: User


@pytest.fixture
def world(make) -> World:
    return build_world(make)


def build_world(make) -> World:
    employer = make.employer("Harrow Stores")
    provider = make.provider("Harbour Light")
    site = make.site(employer, "Leeds Central")
    other_site = make.site(employer, "York Road")
    programme = make.programme(employer, [site, other_site])
    return World(
        employer=employer,
        provider=provider,
        site=site,
        other_site=other_site,
        programme=programme,
        lead=make.user(Role.PARTNERSHIP_LEAD, employer),
        manager=make.user(Role.SITE_MANAGER, employer, sites=[site]),
        other_manager=make.user(Role.SITE_MANAGER, employer, sites=[other_site]),
        coach=make.user(Role.COACH, provider),
        other_coach=make.user(Role.COACH, make.provider("Elsewhere Trust")),
        cr=make.user(Role.CR_OFFICER, employer),
        admin=make.user(Role.ADMIN, provider),
    )


# --- one record of each kind, and the URL of any route -----------------------------------
# Shared by the access matrix and the fuzz tests: a route's URL arguments come from here.


@pytest.fixture
def records(world: World, make) -> dict:
    """One record of each kind, all inside ``world``'s scope, by the name of the URL
    argument that names it; ``outsiders`` are users of each role in another organisation."""
    return build_records(world, make)


def build_records(world: World, make) -> dict:
    candidate = make.candidate(world.coach)
    placement = make.placement(candidate, world.programme, world.lead)
    pending = make.nomination(make.candidate(world.coach), world.programme)
    other_employer = make.employer()
    return {
        "candidate_id": candidate.id,
        "placement_id": placement.id,
        "check_id": _retention_check(placement.id),
        "review_id": _weekly_review(candidate, world.coach),
        "nomination_id": pending.id,
        "programme_id": world.programme.id,
        "organisation_id": world.employer.id,
        "user_id": world.coach.id,
        "action_name": "end",
        "filename": "pathway.css",
        "token": _password_link(make.user(Role.COACH, world.provider)),
        **_reports(world),
        "outsiders": {
            Role.COACH: world.other_coach,
            Role.PARTNERSHIP_LEAD: make.user(Role.PARTNERSHIP_LEAD, other_employer),
            Role.SITE_MANAGER: make.user(
                Role.SITE_MANAGER, other_employer, sites=[make.site(other_employer)]
            ),
            Role.CR_OFFICER: make.user(Role.CR_OFFICER, other_employer),
            Role.ADMIN: make.user(Role.ADMIN, world.other_coach.organisation),
        },
    }


def _reports(world: World) -> dict:
    """A report prepared and sent to world's provider to confirm, and one published."""
    from pathway.clock import on_day, today_london
    from pathway.reports.disclosure.control import Policy
    from pathway.reports.figures.periods import financial_year_containing
    from pathway.reports.publishing.snapshots import (
        prepare_draft,
        publish_draft,
        request_confirmations,
    )

    year = financial_year_containing(today_london(), world.employer.financial_year_start_month)
    with on_day(year.end + timedelta(days=1)):  # reports come once the year is over (the grain)
        today = today_london()
        draft = prepare_draft(world.employer, year, world.cr, Policy(), today)
        (confirmation,) = request_confirmations(draft, world.cr)
        published = publish_draft(
            prepare_draft(world.employer, year, world.cr, Policy(), today), world.cr
        )
        db.session.commit()
    return {
        "draft_id": draft.id,
        "confirmation_id": confirmation.id,
        "reference": published.reference,
    }


def _password_link(user: User) -> str:
    """The token of an open link to choose a password, for someone outside the roles tried."""
    from pathway.auth.links import issue_link
    from pathway.auth.models import LinkPurpose
    from pathway.clock import utcnow

    token = issue_link(user, LinkPurpose.INVITATION, utcnow())
    db.session.commit()
    return token


def _retention_check(placement_id: int) -> int:
    check = RetentionCheck(placement_id=placement_id, months=3, due_on=date(2026, 11, 23))
    db.session.add(check)
    db.session.commit()
    return check.id


def _weekly_review(candidate, coach) -> int:
    from pathway.candidates.reviews.services import AreaScore, record_review
    from pathway.clock import today_london

    today = today_london()
    review = record_review(candidate, coach, today, [AreaScore("Finance", 3)], True, True, today)
    db.session.commit()
    return review.id


def url_for_rule(app, endpoint: str, records: dict) -> tuple[str, str]:
    """The method to try a route with (GET if it has one) and its URL, its arguments
    taken from ``records``."""
    (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    method = "GET" if "GET" in rule.methods else "POST"
    if endpoint == "vendor.static":
        return method, "/vendor/htmx/htmx.min.js"
    args = {name: records[name] for name in rule.arguments}
    with app.test_request_context():
        from flask import url_for

        return method, url_for(endpoint, **args)


def users_by_role(world: World) -> dict[Role, User]:
    """One user of each role, all in ``world``'s scope."""
    return {
        Role.ADMIN: world.admin,
        Role.COACH: world.coach,
        Role.PARTNERSHIP_LEAD: world.lead,
        Role.SITE_MANAGER: world.manager,
        Role.CR_OFFICER: world.cr,
    }
