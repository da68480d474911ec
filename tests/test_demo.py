"""The demo data command: fictional, complete, deterministic, refused where it must be."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pathway.auth.models import Organisation, OrganisationKind, User
from pathway.candidates.models import (
    AvoidArea,
    Candidate,
    ConsentScope,
    Nomination,
    NominationStatus,
    ReviewScore,
    WeeklyReview,
)
from pathway.clock import today_london, utcnow
from pathway.devdata import demo
from pathway.extensions import db
from pathway.placements.models import Placement, StageEvent
from pathway.placements.vocabulary import Outcome, StageStatus

ACCOUNTS = [
    "admin@demo.test",
    "coach@demo.test",
    "lead@demo.test",
    "manager@demo.test",
    "cr@demo.test",
]


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["pathway", "demo", *args])


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def loaded(demo_app, demo_database) -> str:
    """What ``flask pathway demo`` printed; this test's app holds a copy of what it loaded
    (loaded once per run: tests/conftest.py)."""
    return demo_database[1]


def test_loads_organisations_accounts_and_candidates(loaded):
    assert count(Organisation, Organisation.kind == OrganisationKind.EMPLOYER) == 2
    assert count(Organisation, Organisation.kind == OrganisationKind.SUPPORT_PROVIDER) == 2
    assert 35 <= count(Candidate) <= 50
    for email in ACCOUNTS:
        assert email in loaded
    assert "pathway-demo" in loaded
    assert "44 candidates" in loaded


def test_every_account_signs_in_with_the_demo_password(loaded, demo_app):
    client = demo_app.test_client()
    emails = db.session.scalars(select(User.email)).all()
    assert set(ACCOUNTS) <= set(emails)
    for email in emails:
        client.post("/logout")
        response = client.post("/login", data={"email": email, "password": "pathway-demo"})
        assert response.status_code == 302, email


def test_every_outcome_stage_and_decision_is_represented(loaded):
    for outcome in Outcome:
        assert count(Placement, Placement.outcome == outcome) >= 1, outcome
    assert count(Nomination, Nomination.status == NominationStatus.PENDING) >= 3
    assert count(Nomination, Nomination.status == NominationStatus.DECLINED) >= 3
    never_nominated = select(Candidate).where(~Candidate.nominations.any())
    assert len(db.session.scalars(never_nominated).all()) >= 4


def test_the_demo_manager_has_a_board_with_several_columns(loaded):
    manager = db.session.scalar(select(User).where(User.email == "manager@demo.test"))
    assert len(manager.sites) == 2
    open_here = db.session.scalars(
        select(Placement).where(
            Placement.site_id.in_(manager.site_ids), Placement.outcome == Outcome.IN_PROGRESS
        )
    ).all()
    at_shadow_day = [p for p in open_here if p.current_stage.name == "Shadow day"]
    assert len(at_shadow_day) >= 3
    # at least one shadow-day card can be moved with Schedule, Attended, Passed
    assert any(p.stage_status is StageStatus.TO_SCHEDULE for p in at_shadow_day)
    assert len({p.current_position for p in open_here}) >= 3
    closed_here = count(
        Placement,
        Placement.site_id.in_(manager.site_ids),
        Placement.outcome != Outcome.IN_PROGRESS,
    )
    assert closed_here >= 1


def test_history_is_in_the_past_and_in_order_and_bookings_are_near_today(loaded):
    now, today = utcnow(), today_london()
    for placement in db.session.scalars(select(Placement)):
        times = [event.occurred_at for event in placement.events]
        assert times == sorted(times), placement.id
        assert times[-1] <= now
        assert times[0] >= now - timedelta(days=731)
        assert placement.nomination.created_at < placement.created_at
        assert placement.candidate.created_at < placement.nomination.created_at
        if placement.is_open and placement.stage_status is StageStatus.SCHEDULED:
            assert today <= placement.scheduled_on <= today + timedelta(days=21)


def test_no_trafficking_history_in_free_text(loaded):
    texts = [
        *db.session.scalars(select(StageEvent.note)),
        *db.session.scalars(select(Nomination.decline_note)),
        *db.session.scalars(select(Candidate.availability)),
        *db.session.scalars(select(Candidate.adjustments)),
        *db.session.scalars(select(ReviewScore.note)),
    ]
    for text in texts:
        lowered = text.lower()
        for word in ("traffick", "exploit", "slave", "trafficker"):
            assert word not in lowered, text


def test_the_coaching_record_has_trends_consents_regions_and_areas_to_avoid(loaded):
    coach = db.session.scalar(select(User).where(User.email == "coach@demo.test"))
    theirs = db.session.scalars(
        select(Candidate).where(Candidate.organisation_id == coach.organisation_id)
    ).all()
    assert all(c.region for c in theirs)
    going_down = 0
    for candidate in theirs:
        reviews = db.session.scalars(
            select(WeeklyReview)
            .where(WeeklyReview.candidate_id == candidate.id)
            .order_by(WeeklyReview.reviewed_on)
        ).all()
        if len(reviews) >= 4 and reviews[-1].average < reviews[0].average - 1:
            going_down += 1
    assert going_down >= 3
    assert count(AvoidArea) >= 2
    counted = [c for c in theirs if c.consent_in_force(ConsentScope.COUNTED_IN_FIGURES)]
    quoted = [c for c in theirs if c.consent_in_force(ConsentScope.CASE_STUDY)]
    assert len(counted) > len(theirs) / 2 and quoted


def test_if_empty_does_not_load_twice(app):
    first = run(app, "--if-empty")
    assert first.exit_code == 0, first.output
    counts = (count(Organisation), count(Candidate), count(Placement), count(StageEvent))
    second = run(app, "--if-empty")
    assert second.exit_code == 0, second.output
    assert "already has data" in second.output
    assert (count(Organisation), count(Candidate), count(Placement), count(StageEvent)) == counts


def test_refuses_to_load_over_existing_data(loaded, demo_app):
    again = run(demo_app)
    assert again.exit_code != 0
    assert "already has data" in again.output
    assert count(Organisation) == 4


def test_refuses_in_production(app):
    app.config["ALLOW_DEMO_DATA"] = False
    result = run(app)
    assert result.exit_code != 0
    assert "not allowed" in result.output
    assert count(Organisation) == 0
    result = run(app, "--if-empty")
    assert result.exit_code != 0
    assert count(Organisation) == 0


def test_the_stories_are_the_same_every_time():
    now = utcnow()

    def plans():
        return [
            (p.story.person.first_name, p.created, p.nominated_at, p.steps)
            for p in demo.plan_stories(random.Random(demo.SEED), now)
        ]

    assert plans() == plans()


def test_a_production_app_has_no_dev_data_commands(app, tmp_path):
    from pathway import create_app

    assert "pathway" in app.cli.commands  # the test app: outside production
    production = create_app(
        {"PATHWAY_ENV": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"}
    )
    assert "pathway" not in production.cli.commands
    assert {"jobs", "reports"} <= production.cli.commands.keys()
