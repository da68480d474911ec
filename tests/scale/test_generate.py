"""Generated data: consistent with what the services write, complete, and deterministic."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from pathway.auth.models import Organisation, OrganisationKind, Role, User
from pathway.candidates.models import (
    Candidate,
    Consent,
    ConsentScope,
    Nomination,
    NominationStatus,
    ReferenceCounter,
)
from pathway.devdata.scale.generate import PASSWORD, Scale, generate
from pathway.employers.models import Programme, Site
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.nominations import accept_nomination
from pathway.placements.services import StageUpdate, record_stage_update
from pathway.placements.services import state_label as service_state_label
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import EventKind, Outcome, StageStatus

UNTIL = date(2026, 11, 23)
ACTION_OF = {
    EventKind.SCHEDULED: Action.SCHEDULE,
    EventKind.RESCHEDULED: Action.SCHEDULE,
    EventKind.ATTENDED: Action.ATTENDED,
    EventKind.DID_NOT_ATTEND: Action.DID_NOT_ATTEND,
    EventKind.PASSED: Action.PASS,
    EventKind.HIRED: Action.HIRE,
    EventKind.NOT_HIRED: Action.NOT_HIRE,
    EventKind.WITHDRAWN: Action.END,
}
SMALL = ["--employers", "2", "--sites", "10", "--candidates", "300", "--years", "2"]
ARGS = ["pathway", "generate", *SMALL, "--seed", "7", "--until", UNTIL.isoformat()]
TABLES = (
    "organisation",
    "site",
    "user",
    "user_sites",
    "programme",
    "programme_stage",
    "programme_sites",
    "candidate",
    "consent",
    "reference_counter",
    "nomination",
    "placement",
    "placement_stage",
    "stage_event",
)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def generated(app):
    result = app.test_cli_runner().invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def test_generates_the_requested_numbers(generated):
    assert count(Organisation, Organisation.kind == OrganisationKind.EMPLOYER) == 2
    assert count(Site) == 10
    assert count(Candidate) == 300
    assert count(Placement) >= 200
    for status in NominationStatus:
        assert count(Nomination, Nomination.status == status) >= 1, status
    for outcome in Outcome:
        assert count(Placement, Placement.outcome == outcome) >= 1, outcome
    assert count(Placement, Placement.stage_status == StageStatus.SCHEDULED) >= 1
    assert "300 candidates" in generated.output and PASSWORD in generated.output
    assert "refused" not in generated.output  # every planned step was allowed


def test_the_largest_employer_has_most_placements(generated):
    per_employer = db.session.execute(
        select(Programme.employer_id, func.count(Placement.id))
        .join(Placement, Placement.programme_id == Programme.id)
        .group_by(Programme.employer_id)
        .order_by(func.count(Placement.id).desc())
    ).all()
    assert per_employer[0][1] > 0.55 * count(Placement)


def test_each_placement_is_in_step_with_its_history(generated):
    placements = db.session.scalars(select(Placement)).all()
    for placement in placements:
        events = placement.events
        assert events[0].kind is EventKind.ACCEPTED and events[0].from_state == ""
        assert events[-1].to_state == service_state_label(placement), placement.id
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_state == before.to_state, placement.id
            assert after.occurred_at > before.occurred_at, placement.id
        assert placement.version == len(events)
        assert [s.name for s in placement.stages] == [s.name for s in placement.programme.stages]
        nomination = placement.nomination
        assert nomination.status is NominationStatus.ACCEPTED
        assert nomination.decided_at == placement.created_at == events[0].occurred_at
        assert placement.candidate.created_at < nomination.created_at < nomination.decided_at
        assert placement.site in placement.programme.sites
        assert events[-1].occurred_at < datetime.combine(UNTIL, time.min)


def test_replaying_the_history_through_the_services_gives_the_same_rows(generated):
    """Each placement's actions, recorded again by the real services, give the same events,
    the same state columns and the same version."""
    replayed = 0
    for placement in db.session.scalars(select(Placement).order_by(Placement.id).limit(60)):
        first, *rest = placement.events
        nomination = Nomination(
            candidate=placement.candidate,
            programme=placement.programme,
            nominated_by_id=placement.nomination.nominated_by_id,
            status=NominationStatus.PENDING,
        )
        db.session.add(nomination)
        actor = db.session.get(User, first.actor_id)
        again = accept_nomination(nomination, placement.site, actor, at=first.occurred_at)
        for event in rest:
            update = StageUpdate(
                action=ACTION_OF[event.kind],
                scheduled_on=event.scheduled_on,
                scheduled_time=event.scheduled_time,
                contract_type=event.contract_type,
                hours_per_week=event.hours_per_week,
                start_date=event.start_date,
                ended_by=event.ended_by,
                reason=event.reason,
                note=event.note,
            )
            actor = db.session.get(User, event.actor_id)
            record_stage_update(again, update, actor, again.version, at=event.occurred_at)
        assert _history(again) == _history(placement), placement.id
        assert _state(again) == _state(placement), placement.id
        replayed += 1
    db.session.rollback()
    assert replayed == 60


def _history(placement: Placement) -> list[tuple]:
    return [
        (
            e.kind,
            e.stage_position,
            e.stage_name,
            e.from_state,
            e.to_state,
            e.occurred_at,
            e.actor_id,
            e.scheduled_on,
            e.scheduled_time,
            e.contract_type,
            e.hours_per_week,
            e.start_date,
            e.ended_by,
            e.reason,
            e.note,
        )
        for e in placement.events
    ]


def _state(placement: Placement) -> tuple:
    return (
        placement.current_position,
        placement.stage_status,
        placement.scheduled_on,
        placement.scheduled_time,
        placement.stage_entered_at,
        placement.outcome,
        placement.version,
    )


def test_candidates_have_references_consent_and_coaches(generated):
    for candidate in db.session.scalars(select(Candidate)):
        assert candidate.coach.organisation_id == candidate.organisation_id
        prefix = candidate.organisation.reference_prefix
        assert candidate.reference.startswith(f"{prefix}-{candidate.created_at.year}-")
    consenting = count(Consent, Consent.scope == ConsentScope.SHARE_WITH_EMPLOYER)
    counted = count(Consent, Consent.scope == ConsentScope.COUNTED_IN_FIGURES)
    assert 0.8 * count(Candidate) <= consenting <= count(Candidate)
    assert 0.8 * consenting <= counted <= consenting
    nominated_without_consent = select(Nomination).where(
        ~Nomination.candidate.has(Candidate.consents.any())
    )
    assert db.session.scalars(nominated_without_consent).first() is None
    # the next reference a coach records follows the generated ones
    for counter in db.session.scalars(select(ReferenceCounter)):
        issued = count(
            Candidate,
            Candidate.organisation_id == counter.organisation_id,
            Candidate.reference.like(f"%-{counter.year}-%"),
        )
        assert counter.last == issued


def test_generated_accounts_sign_in_and_see_their_pages(generated, client):
    def first(role):
        return db.session.scalars(select(User).where(User.role == role).order_by(User.id)).first()

    pages = {
        Role.SITE_MANAGER: "/placements/board",
        Role.COACH: "/candidates/",
        Role.CR_OFFICER: "/figures/",
        Role.PARTNERSHIP_LEAD: "/placements/board",
    }
    for role, page in pages.items():
        user = first(role)
        client.post("/logout")
        signed_in = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert signed_in.status_code == 302, user.email
        assert client.get(page).status_code == 200, page


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not(app):
    def digest(seed: int) -> str:
        with db.engine.connect() as connection:
            transaction = connection.begin()
            generate(Scale(2, 6, 120, 1, seed, UNTIL), connection=connection)
            content = hashlib.sha256()
            for name in TABLES:
                table = db.metadata.tables[name]
                columns = [c for c in table.c if c.name != "password_hash"]  # salted
                query = select(*columns).order_by(*table.primary_key.columns)
                for row in connection.execute(query):
                    content.update(repr(tuple(row)).encode())
            transaction.rollback()
        return content.hexdigest()

    assert digest(3) == digest(3)
    assert digest(3) != digest(4)


def test_refuses_in_production(app):
    app.config["ALLOW_DEMO_DATA"] = False
    result = app.test_cli_runner().invoke(args=ARGS)
    assert result.exit_code != 0 and "not allowed" in result.output
    assert count(Organisation) == 0


def test_refuses_a_database_that_has_data(generated, app):
    again = app.test_cli_runner().invoke(args=ARGS)
    assert again.exit_code != 0 and "already has data" in again.output
    assert count(Candidate) == 300
