"""The figures' summary of the stage history: kept in step with every stage event, equal to a
rebuild from the events, and giving exactly the figures computed from the events themselves."""

from __future__ import annotations

import random
import threading
from datetime import date, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import select

from pathway.auth.models import Organisation, OrganisationKind, Role, User
from pathway.candidates.consent import record_consent, withdraw_consent
from pathway.candidates.models import Candidate, ConsentMethod, ConsentScope
from pathway.clock import to_london
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.pausing import pause_placement, resume_placement
from pathway.placements.services import StageUpdate, record_stage_update, state_of
from pathway.placements.transitions import Action, allowed_actions
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason, RetentionAnswer
from pathway.refusals import ActionRefused
from pathway.reports.figures.compute import compute_figures
from pathway.reports.figures.periods import Period
from pathway.reports.figures.summary import rebuild
from pathway.reports.models import MilestoneTally, PlacementMilestone, PlacementSummary
from tests.databases import POSTGRES_URL
from tests.reports.builders import Scheme
from tests.reports.events_oracle import figures_from_events
from tests.scale.test_generate import ARGS, UNTIL


def summary_rows() -> tuple[list, ...]:
    """Every row of the summary tables, in order (the tallies without their own ids)."""
    tables = []
    for model in (PlacementSummary, PlacementMilestone, MilestoneTally):
        columns = [column for column in model.__table__.columns if column.name != "id"]
        query = select(*columns).order_by(*(column.asc().nulls_first() for column in columns))
        tables.append([tuple(row) for row in db.session.execute(query)])
    return tuple(tables)


def rebuilt_rows() -> tuple[list, ...]:
    rebuild(db.session.connection())
    return summary_rows()


PERIODS = (
    Period(UNTIL - timedelta(days=364), UNTIL),  # the last twelve months
    Period(date(2025, 4, 1), date(2026, 3, 31)),  # a financial year
    Period(date(2026, 1, 1), date(2026, 3, 31)),  # a quarter
    Period(date(2025, 8, 14), date(2025, 8, 23)),  # ten days: placements span it
    Period(date(2020, 1, 1), date(2020, 12, 31)),  # before anything happened
)


@pytest.fixture
def generated(app):
    result = app.test_cli_runner().invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    return result


def test_generated_data_gives_the_same_figures_as_counting_the_events(generated):
    employers = db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.EMPLOYER)
    ).all()
    assert employers
    for employer in employers:
        for period in PERIODS:
            for as_of in (UNTIL, period.end + timedelta(days=200)):
                expected = figures_from_events(employer, period, as_of)
                assert compute_figures(employer, period, as_of) == expected, (employer.id, period)
    busy = compute_figures(employers[0], PERIODS[0], UNTIL).total()
    assert busy.hired_total and busy.interviews_due and busy.started_work and busy.attendance


def test_generated_data_has_the_summary_a_rebuild_gives(generated):
    kept = summary_rows()
    placements, milestones, tallies = kept

    assert len(placements) > 100 and len(milestones) > 500 and tallies
    assert rebuilt_rows() == kept


def test_withdrawn_consent_leaves_the_candidate_out_of_the_figures_at_once(generated, make):
    period = PERIODS[0]
    hire = db.session.scalars(
        select(PlacementMilestone)
        .where(PlacementMilestone.start_date >= period.start, PlacementMilestone.counted)
        .order_by(PlacementMilestone.placement_id)
    ).first()
    employer = db.session.get(Programme, hire.programme_id).employer
    candidate = db.session.get(Candidate, hire.candidate_id)
    before = compute_figures(employer, period, UNTIL)

    withdraw_consent(
        candidate,
        ConsentScope.COUNTED_IN_FIGURES,
        make.user(Role.COACH, candidate.organisation),
        UNTIL,
        ConsentMethod.SIGNED_FORM,
    )
    db.session.commit()
    after = compute_figures(employer, period, UNTIL)

    assert after.total().started_work == before.total().started_work - 1
    assert after.left_out == before.left_out + 1
    assert after == figures_from_events(employer, period, UNTIL)
    kept = summary_rows()
    assert rebuilt_rows() == kept


# --- kept in step, update by update ---------------------------------------------------------


ACTIONS = (
    Action.SCHEDULE,
    Action.SCHEDULE,
    Action.ATTENDED,
    Action.ATTENDED,
    Action.DID_NOT_ATTEND,
    Action.PASS,
    Action.PASS,
    Action.HIRE,
    Action.NOT_HIRE,
    Action.END,
)


def _random_update(rng: random.Random, action: Action, day: date) -> StageUpdate:
    return StageUpdate(
        action,
        scheduled_on=day + timedelta(days=rng.choice((0, 0, 1, 3))),
        contract_type=rng.choice(list(ContractType)),
        hours_per_week=rng.choice((16, 30, 37)),
        start_date=day + timedelta(days=rng.randint(0, 20)),
        ended_by=rng.choice(list(EndedBy)),
        reason=rng.choice(list(LeaveReason)),
    )


@pytest.mark.parametrize("seed", range(6))
def test_the_summary_kept_in_step_is_what_a_rebuild_gives_after_random_updates(make, coach, seed):
    rng = random.Random(seed)
    scheme = Scheme(make, coach)
    at = datetime(2026, 1, 5, 9, 0)
    placements = [scheme.place(when=at)]
    recorded = refused = 0
    for _ in range(150):
        at += timedelta(hours=rng.randint(1, 40))
        open_ones = [p for p in placements if p.is_open]
        if rng.random() < 0.06 or not open_ones:
            placements.append(scheme.place(when=at))
        placement = rng.choice(open_ones if open_ones and rng.random() < 0.9 else placements)
        day = to_london(at).date()
        allowed = allowed_actions(state_of(placement, day))
        if Action.END in allowed and rng.random() < 0.9:
            allowed.remove(Action.END)
        try:
            if rng.random() < 0.05:
                (resume_placement if placement.is_paused else pause_placement)(
                    placement, coach, at=at
                )
            elif rng.random() < 0.05:  # consent to be counted withdrawn, or given again
                _toggle_counted(placement.candidate, coach, day)
            else:  # mostly what the board would offer, sometimes anything
                action = rng.choice(allowed if allowed and rng.random() < 0.85 else ACTIONS)
                update = _random_update(rng, action, day)
                record_stage_update(placement, update, scheme.lead, placement.version, at=at)
            recorded += 1
        except ActionRefused:
            refused += 1
        db.session.commit()
    for placement in placements[:2]:
        if placement.events[-1].start_date:
            scheme.check(placement, 3, rng.choice(list(RetentionAnswer)))

    kept = summary_rows()

    assert recorded > 60 and refused
    assert any(not row[4] for row in kept[0]), "some candidate is no longer counted"
    assert rebuilt_rows() == kept
    for period in (
        Period(date(2026, 1, 1), date(2026, 3, 31)),
        Period(date(2026, 2, 1), date(2026, 2, 14)),
    ):
        as_of = date(2026, 9, 1)
        assert compute_figures(scheme.employer, period, as_of) == figures_from_events(
            scheme.employer, period, as_of
        )


def _toggle_counted(candidate, coach, day: date) -> None:
    consent = candidate.consent_in_force(ConsentScope.COUNTED_IN_FIGURES)
    if consent:
        on = max(day, consent.given_on)
        withdraw_consent(
            candidate, ConsentScope.COUNTED_IN_FIGURES, coach, on, ConsentMethod.SIGNED_FORM
        )
    else:
        record_consent(
            candidate, ConsentScope.COUNTED_IN_FIGURES, coach, day, ConsentMethod.SIGNED_FORM
        )


def test_an_event_recorded_later_for_an_earlier_moment_widens_the_span(make, coach):
    scheme = Scheme(make, coach)
    placement = scheme.place(when=datetime(2026, 2, 10, 12, 0))
    booked = date(2026, 2, 25)
    scheme.record(placement, Action.SCHEDULE, when=datetime(2026, 2, 20, 12), scheduled_on=booked)
    scheme.record(placement, Action.SCHEDULE, when=datetime(2026, 2, 1, 12), scheduled_on=booked)

    summary = db.session.get(PlacementSummary, placement.id)

    assert (summary.first_event_at, summary.last_event_at) == (
        datetime(2026, 2, 1, 12, 0),
        datetime(2026, 2, 20, 12, 0),
    )
    assert rebuilt_rows()[0] == summary_rows()[0]


def test_the_rebuild_command_recomputes_the_summary(app, make, coach):
    scheme = Scheme(make, coach)
    scheme.hired()
    scheme.not_hired()
    kept = summary_rows()
    db.session.execute(PlacementMilestone.__table__.delete())
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["reports", "rebuild-summary"])

    assert result.exit_code == 0, result.output
    assert "2 placements, 18 milestones" in result.output
    db.session.expire_all()
    assert summary_rows() == kept


# --- at the same moment, on PostgreSQL ---------------------------------------------------------


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite has one writer at a time: nothing to race")
def test_updates_at_the_same_moment_keep_the_summary_exact(app, travel, make, coach):
    """Six placements of one programme start on the same day, and one candidate withdraws
    consent, all at once in their own transactions: each recount of that day's tallies
    waits for the others (the rows it locks), so none is lost or counted twice."""
    travel(UNTIL)  # the story's day: consent is given before it is withdrawn on it
    scheme = Scheme(make, coach)
    when = datetime(2026, 2, 10, 12, 0)
    placements = [scheme.place(when=when) for _ in range(6)]
    ids, lead_id, coach_id = [p.id for p in placements], scheme.lead.id, coach.id
    start = threading.Barrier(len(ids) + 1)
    failures = []

    def run(work) -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                work()
                db.session.commit()
            except Exception as error:  # reported below, not lost in the thread
                failures.append(repr(error))
            finally:
                db.session.remove()

    def start_placement(placement_id: int) -> None:
        placement, lead = db.session.get(Placement, placement_id), db.session.get(User, lead_id)
        for action in (Action.SCHEDULE, Action.ATTENDED):
            update = StageUpdate(action, scheduled_on=when.date())
            record_stage_update(placement, update, lead, placement.version, at=when)

    def withdraw() -> None:
        withdraw_consent(
            db.session.get(Placement, ids[0]).candidate,
            ConsentScope.COUNTED_IN_FIGURES,
            db.session.get(User, coach_id),
            UNTIL,
            ConsentMethod.SIGNED_FORM,
        )

    threads = [threading.Thread(target=run, args=(partial(start_placement, i),)) for i in ids]
    threads.append(threading.Thread(target=run, args=(withdraw,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.expire_all()
    kept = summary_rows()

    assert failures == []
    assert rebuilt_rows() == kept
    february = Period(date(2026, 2, 1), date(2026, 2, 28))
    figures = compute_figures(scheme.employer, february, UNTIL)
    assert (figures.total().started, figures.left_out) == (5, 1)


def test_the_summary_is_kept_in_step_by_a_named_step_of_create_app(tmp_path):
    """Not as a side effect of importing a module: without the step, nothing keeps it."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from pathway import create_app
    from pathway.reports.figures import in_step

    event.remove(Session, "after_flush", in_step._keep_in_step)
    assert not event.contains(Session, "after_flush", in_step._keep_in_step)
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert event.contains(Session, "after_flush", in_step._keep_in_step)
