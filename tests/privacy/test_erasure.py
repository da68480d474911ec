"""Erasure removes a candidate's personal data everywhere, keeps the anonymous history, and
leaves every figure and published report as it was."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, select

from pathway.audit.models import AuditEvent
from pathway.candidates.models import (
    AvoidArea,
    Candidate,
    Consent,
    Nomination,
    ReadinessAssessment,
    ReviewScore,
    WeeklyReview,
)
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.placements.models import InterviewBreach, RetentionCheck, StageEvent
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import EndedBy, LeaveReason
from pathway.privacy.erasure import erase_candidate, erasure_blockers
from pathway.privacy.vocabulary import ErasureReason
from pathway.refusals import ActionRefused
from pathway.reports.disclosure.control import Policy
from pathway.reports.document.report import build_report
from pathway.reports.figures.compute import compute_figures
from pathway.reports.publishing.snapshots import is_intact
from tests.factories import through_stage
from tests.privacy.conftest import WRITTEN
from tests.reports.builders import AS_OF, QUARTER, Scheme
from tests.reports.conftest import publish

NOW = datetime(2026, 11, 23, 10, 0)
END_BY, END_REASON = EndedBy.CANDIDATE, LeaveReason.PERSONAL_CIRCUMSTANCES


def traces(*words: str) -> list[tuple[str, str, str]]:
    """(table, column, word) wherever one of ``words`` is stored: every mapped column read
    through the models (so encrypted notes are read as written), then every text column of
    every table read raw."""
    found = []
    tables = set(inspect(db.engine).get_table_names())
    for mapper in db.Model.registry.mappers:
        if mapper.local_table.name not in tables:
            continue
        for row in db.session.scalars(select(mapper.class_)):
            for attribute in mapper.column_attrs:
                value = str(getattr(row, attribute.key))
                found += [(mapper.local_table.name, attribute.key, w) for w in words if w in value]
    for table in db.metadata.sorted_tables:
        if table.name not in tables:
            continue
        for column in table.columns:
            for (value,) in db.session.execute(select(column)):
                found += [(table.name, column.name, w) for w in words if w in str(value)]
    return found


def _main(response) -> str:
    page = response.get_data(as_text=True)
    return page[page.index("<main") : page.index("</main>")]


def _count(model, *where) -> int:
    return len(list(db.session.scalars(select(model).where(*where))))


# --- the service ---------------------------------------------------------------------------


def test_no_trace_of_the_name_or_any_note_is_left_in_any_table(held, world):
    written = list(WRITTEN.values())
    assert {word for _, _, word in traces(*written)} == set(written)  # the search finds them

    erase_candidate(held.candidate, world.coach, ErasureReason.REQUESTED, NOW)
    db.session.commit()
    db.session.expire_all()

    assert traces(*written) == []


def test_personal_facts_are_cleared_and_the_record_marked_erased(held, world):
    erase_candidate(held.candidate, world.coach, ErasureReason.REQUESTED, NOW)
    db.session.commit()
    candidate = db.session.get(Candidate, held.candidate.id)

    assert candidate.erased_at == NOW
    assert candidate.erasure_reason is ErasureReason.REQUESTED
    for name in ("date_of_birth", "english_level", "english_assessed_on", "right_to_work"):
        assert getattr(candidate, name) is None, name
    for name in ("nrm_decision", "visa_expires_on", "commit_weeks", "support_in_place"):
        assert getattr(candidate, name) is None, name
    assert (candidate.first_name, candidate.availability, candidate.adjustments) == ("", "", "")
    assert (candidate.region, candidate.custom_answers, candidate.coach_id) == ("", {}, None)
    assert candidate.reference == held.candidate.reference  # kept: it names no one
    assert candidate.organisation_id == world.provider.id  # kept: figures name partners


def test_the_anonymous_history_is_kept_and_the_rest_deleted(held, world):
    placement_id = held.placement.id
    before = [
        (e.kind, e.stage_position, e.stage_name, e.occurred_at, e.reason, e.ended_by)
        for e in held.placement.events
    ]
    erase_candidate(held.candidate, world.coach, ErasureReason.REQUESTED, NOW)
    db.session.commit()
    db.session.expire_all()

    events = db.session.scalars(
        select(StageEvent).where(StageEvent.placement_id == placement_id).order_by(StageEvent.id)
    ).all()
    assert [
        (e.kind, e.stage_position, e.stage_name, e.occurred_at, e.reason, e.ended_by)
        for e in events
    ] == before
    assert {e.note for e in events} == {""}
    mine = held.candidate.id
    assert _count(ReadinessAssessment, ReadinessAssessment.candidate_id == mine) == 0
    assert _count(AvoidArea, AvoidArea.candidate_id == mine) == 0
    assert _count(Notification) == 0  # every notice was about this candidate
    consents = db.session.scalars(select(Consent).where(Consent.candidate_id == mine)).all()
    assert len(consents) == 3 and {c.witness for c in consents} == {""}
    assert _count(WeeklyReview, WeeklyReview.candidate_id == mine) == 1
    (score,) = db.session.scalars(select(ReviewScore)).all()
    assert (score.score, score.note) == (3, "")
    nominations = db.session.scalars(select(Nomination).where(Nomination.candidate_id == mine))
    assert {n.decline_note for n in nominations} == {""}
    assert _count(RetentionCheck) == 1 and _count(InterviewBreach) == 1


def test_notices_about_other_candidates_stay(held, world, make):
    from pathway.notifications.models import CANDIDATE
    from pathway.notifications.services import notify
    from pathway.notifications.vocabulary import NoticeKind

    other = make.candidate(world.coach, first_name="Ottoline")
    notify(
        [world.coach],
        NoticeKind.REVIEW_OVERDUE,
        "other",
        f"No weekly review for {CANDIDATE}.",
        f"/candidates/{other.id}",
        NOW,
        about=other,
    )
    erase_candidate(held.candidate, world.coach, ErasureReason.REQUESTED, NOW)
    db.session.commit()
    assert [n.candidate_id for n in db.session.scalars(select(Notification))] == [other.id]


def test_erasure_is_audited_with_record_numbers_only(held, world):
    erase_candidate(held.candidate, world.coach, ErasureReason.REQUESTED, NOW)
    db.session.commit()
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "erase")).all()
    assert (event.user_id, event.record_type, event.record_id, event.candidate_id) == (
        world.coach.id,
        "candidate",
        str(held.candidate.id),
        held.candidate.id,
    )


def test_refused_while_a_placement_is_under_way(world, make):
    candidate = make.candidate(world.coach)
    placement = make.placement(candidate, world.programme, world.lead)

    (blocker,) = erasure_blockers(candidate)
    assert "A placement is under way" in blocker and world.site.name in blocker
    with pytest.raises(ActionRefused, match="end it first"):
        erase_candidate(candidate, world.coach, ErasureReason.REQUESTED, NOW)
    db.session.rollback()
    assert db.session.get(Candidate, candidate.id).erased_at is None

    make.advance(placement, world.lead, Action.END, ended_by=END_BY, reason=END_REASON)
    assert erasure_blockers(candidate) == []


def test_refused_while_a_nomination_awaits_a_decision(world, make):
    candidate = make.candidate(world.coach)
    make.nomination(candidate, world.programme)
    with pytest.raises(ActionRefused, match="awaits the employer's decision"):
        erase_candidate(candidate, world.coach, ErasureReason.REQUESTED, NOW)


def test_erasing_twice_is_refused(held, world):
    erase_candidate(held.candidate, world.coach, ErasureReason.REQUESTED, NOW)
    db.session.commit()
    with pytest.raises(ActionRefused, match="was erased on 23 Nov 2026"):
        erase_candidate(held.candidate, world.coach, ErasureReason.REQUESTED, NOW)


# --- figures and published reports ------------------------------------------------------------


@pytest.fixture
def scheme(make):
    from pathway.auth.models import Role

    coach = make.user(Role.COACH, make.provider("Harbour Light Trust"))
    return Scheme(make, coach, make.employer("Harrow & Vale Stores"))


def test_figures_and_a_published_report_are_the_same_after_erasure(scheme, make, client, travel):
    from pathway.auth.models import Role

    travel(AS_OF)  # the story's day: its financial year is over, so it can be published
    officer = make.user(Role.CR_OFFICER, scheme.employer)
    hired = [scheme.hired(first_name=f"Hired{n}") for n in range(6)]
    not_hired = scheme.not_hired()
    trained = scheme.record(scheme.place(), *through_stage(2))
    scheme.record(trained, Action.END, ended_by=END_BY, reason=END_REASON, note="Left-Wibble")
    scheme.decline(first_name="Declinia")
    before = compute_figures(scheme.employer, QUARTER, AS_OF)
    report = build_report(before, Policy())
    snapshot = publish(scheme, officer)
    check_page = _main(client.get(f"/verify/{snapshot.reference}"))

    people = [p.candidate for p in (*hired, not_hired, trained)]
    for person in people:
        erase_candidate(person, None, ErasureReason.REQUESTED, NOW)
    db.session.commit()
    db.session.expire_all()

    after = compute_figures(scheme.employer, QUARTER, AS_OF)
    assert after == before
    assert build_report(after, Policy()) == report
    assert is_intact(snapshot)
    assert _main(client.get(f"/verify/{snapshot.reference}")) == check_page
    assert traces("Hired0", "Hired5", "Left-Wibble") == []
