"""Every figure against small hand-built datasets whose right answers are written here.

The default programme's stages: Meet and greet (30 minutes), Shadow day (1 day), Six-week
training (6 weeks), then the guaranteed interview (promised within 14 days of training).
"""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event

from pathway.auth.models import Role
from pathway.candidates.models import DeclineReason
from pathway.durations import DurationUnit
from pathway.employers.services import StageSpec, set_stages
from pathway.extensions import db
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason, RetentionAnswer
from pathway.reports.figures.compute import compute_figures
from pathway.reports.figures.periods import Period
from tests.factories import through_stage
from tests.reports.builders import AS_OF, DURING, QUARTER, Scheme, noon


@pytest.fixture
def coach(make):
    return make.user(Role.COACH)


@pytest.fixture
def scheme(make, coach):
    return Scheme(make, coach)


def figures_of(scheme, period=QUARTER, as_of=AS_OF):
    return compute_figures(scheme.employer, period, as_of)


def total_of(scheme, period=QUARTER, as_of=AS_OF):
    return figures_of(scheme, period, as_of).total()


def test_nominations_count_candidates_and_decisions_with_reasons(scheme):
    scheme.nominate()
    scheme.nominate()
    scheme.place()
    scheme.decline(reason=DeclineReason.NO_VACANCY)
    scheme.decline(reason=DeclineReason.NO_VACANCY)
    scheme.decline(reason=DeclineReason.LOCATION)

    total = total_of(scheme)

    assert total.nominated == 6
    assert total.accepted == 1
    assert total.declined_total == 3
    assert total.declined == {"no_vacancy": 2, "location": 1}


def test_a_nomination_counts_when_made_and_its_decision_when_decided(scheme):
    nomination = scheme.decline(when=datetime(2026, 4, 2, 9, 0))
    nomination.created_at = datetime(2026, 3, 30, 9, 0)
    db.session.commit()

    total = total_of(scheme)

    assert (total.nominated, total.declined_total) == (1, 0)
    assert total.declined == {}


def test_the_funnel_counts_starts_stages_interviews_and_hires(scheme):
    scheme.hired()
    scheme.not_hired()
    scheme.ended_after(1)  # passed meet and greet only
    scheme.record(scheme.place(), Action.SCHEDULE, Action.ATTENDED)  # started only
    scheme.place()  # accepted, nothing scheduled

    total = total_of(scheme)

    assert total.started == 4
    assert total.completed == {"Meet and greet": 3, "Shadow day": 2, "Six-week training": 2}
    assert total.interviewed == 2
    assert total.hired_total == 1


def test_an_event_on_the_last_day_counts_and_one_the_day_after_does_not(scheme):
    for moment in (
        datetime(2025, 12, 31, 23, 59, 59),  # the day before: out
        datetime(2026, 1, 1, 0, 0),  # the first day: in
        datetime(2026, 3, 31, 23, 59, 59),  # the last day: in
        datetime(2026, 4, 1, 0, 0),  # the day after: out
    ):
        scheme.record(scheme.place(when=moment), Action.SCHEDULE, Action.ATTENDED, when=moment)

    total = total_of(scheme)

    assert total.started == 2
    assert total.nominated == total.accepted == 2


def test_people_and_placements_are_counted_once_however_many_rows(scheme):
    placement = scheme.place()
    # Missed the first meeting, rescheduled, then attended: one start, not two.
    scheme.record(placement, Action.SCHEDULE, Action.DID_NOT_ATTEND)
    scheme.record(placement, Action.SCHEDULE, Action.ATTENDED, Action.PASS)

    total = total_of(scheme)

    assert total.started == 1
    assert total.completed["Meet and greet"] == 1


def test_a_candidate_on_two_programmes_counts_once_in_each_and_twice_in_all(make, scheme):
    second = make.programme(scheme.employer, name="Warehouse route")
    nomination = scheme.nominate()
    scheme.nominate(programme=second, person=nomination.candidate)
    scheme.nominate()

    figures = figures_of(scheme)

    assert figures.current[scheme.programme.id].nominated == 2
    assert figures.current[second.id].nominated == 1
    assert figures.total().nominated == 3


def test_jobs_by_contract_type_and_hours(scheme):
    scheme.hired(contract=ContractType.PERMANENT, hours=37)
    scheme.hired(contract=ContractType.PERMANENT, hours=30)  # 30 hours: full-time
    scheme.hired(contract=ContractType.ZERO_HOURS, hours=16)
    scheme.hired(contract=ContractType.FIXED_TERM, hours=29)

    total = total_of(scheme)

    assert total.hired_total == 4
    assert total.by_contract() == {"permanent": 2, "zero_hours": 1, "fixed_term": 1}
    assert total.by_hours() == {"full_time": 2, "part_time": 2}


def test_guaranteed_interviews_due_held_on_time_late_or_not_held(scheme):
    trained = datetime(2026, 2, 2, 15, 0)
    scheme.interviewed(trained, held_on=date(2026, 2, 16))  # 14 days later: on time
    scheme.interviewed(trained, held_on=date(2026, 2, 17))  # 15 days: late
    scheme.trained(trained)  # not held yet
    scheme.interviewed(datetime(2025, 12, 20, 15, 0), held_on=date(2026, 1, 5))  # due earlier

    total = total_of(scheme)

    assert total.interviews_due == 3
    assert total.interviews == {"on_time": 1, "late": 1, "not_held": 1}


def test_an_interview_is_dated_by_its_booking_and_a_recorded_deadline_prevails(scheme):
    trained = datetime(2026, 2, 2, 15, 0)
    late_recording = scheme.trained(trained)
    # Held on the 10th as booked, but its attendance was only recorded on the 20th.
    scheme.record(
        late_recording, Action.SCHEDULE, when=noon(date(2026, 2, 5)), scheduled_on=date(2026, 2, 10)
    )
    scheme.record(late_recording, Action.ATTENDED, when=noon(date(2026, 2, 20)))
    # The job recorded a tighter deadline for this one (the promise when it was trained).
    tight = scheme.interviewed(trained, held_on=date(2026, 2, 12))
    scheme.breach(tight, trained.date(), date(2026, 2, 9))

    total = total_of(scheme)

    assert total.interviews == {"on_time": 1, "late": 1}


def test_the_promised_number_of_days_comes_from_the_programme(scheme):
    scheme.programme.interview_within_days = 7
    db.session.commit()
    trained = datetime(2026, 2, 2, 15, 0)
    scheme.interviewed(trained, held_on=date(2026, 2, 9))  # 7 days
    scheme.interviewed(trained, held_on=date(2026, 2, 10))  # 8 days

    assert total_of(scheme).interviews == {"on_time": 1, "late": 1}


def test_still_in_work_counts_every_answer_and_never_drops_one(scheme):
    hired_on, start = datetime(2026, 1, 8, 12, 0), date(2026, 1, 15)
    as_of = date(2026, 9, 1)  # 3 and 6 months are due (15 Apr, 15 Jul), 12 months is not
    stayed = scheme.hired(hired_on, start=start)
    scheme.check(stayed, 3, RetentionAnswer.STILL_IN_WORK)
    scheme.check(stayed, 6, RetentionAnswer.STILL_IN_WORK)
    left = scheme.hired(hired_on, start=start)
    scheme.check(left, 3, RetentionAnswer.LEFT)  # 6 and 12 months follow from it
    unknown = scheme.hired(hired_on, start=start)
    scheme.check(unknown, 3, RetentionAnswer.UNKNOWN)
    scheme.hired(hired_on, start=start)  # no check recorded at all: due ones are not known
    scheme.hired(start=date(2026, 4, 2))  # starts after the period: not in this cohort

    total = total_of(scheme, as_of=as_of)

    assert total.started_work == 4
    assert total.retention_at(3) == {"in_work": 1, "left": 1, "unknown": 2, "not_due": 0}
    assert total.retention_at(6) == {"in_work": 1, "left": 1, "unknown": 2, "not_due": 0}
    assert total.retention_at(12) == {"in_work": 0, "left": 1, "unknown": 0, "not_due": 3}


def test_not_progressing_by_reason_and_by_who_ended_it(scheme):
    scheme.not_hired(reason=LeaveReason.CUSTOMER_SERVICE)
    scheme.not_hired(reason=LeaveReason.ENGLISH_LEVEL)
    scheme.ended_after(0, reason=LeaveReason.HEALTH, by=EndedBy.COACH)
    scheme.ended_after(2, reason=LeaveReason.CUSTOMER_SERVICE, by=EndedBy.EMPLOYER)
    scheme.ended_after(1, reason=LeaveReason.ROLE_NOT_SUITABLE, by=EndedBy.CANDIDATE)

    total = total_of(scheme)

    assert (total.not_hired_total, total.ended_total) == (2, 3)
    assert total.by_leave_reason() == {
        "customer_service": 2,
        "english_level": 1,
        "health": 1,
        "role_not_suitable": 1,
    }
    assert total.by_ended_by() == {"coach": 1, "employer": 1, "candidate": 1}


def test_training_hours_are_the_planned_length_of_each_stage_attended(scheme):
    scheme.hired()  # 30 minutes + 7.5 hours + 6 x 37.5 hours
    scheme.record(scheme.place(), Action.SCHEDULE, Action.ATTENDED)  # 30 minutes

    assert total_of(scheme).training_minutes == (30 + 450 + 6 * 2250) + 30


def test_days_from_nomination_to_interview_and_to_hire(scheme):
    for days in (10, 20, 40):
        placement = scheme.place(when=DURING)
        placement.nomination.created_at = DURING - timedelta(days=days)
        db.session.commit()
        scheme.record(
            placement,
            *through_stage(3),
            Action.SCHEDULE,
            Action.ATTENDED,
            Action.HIRE,
            contract_type=ContractType.PERMANENT,
            hours_per_week=20,
            start_date=DURING.date(),
        )

    total = total_of(scheme)

    assert total.days_to_interview == (10, 20, 40)
    assert total.days_to_hire == (10, 20, 40)


def test_candidates_without_consent_to_be_counted_are_left_out_and_counted_as_such(scheme):
    scheme.hired()
    scheme.hired(counted=False)
    scheme.decline(counted=False)

    figures = figures_of(scheme)

    assert figures.total().nominated == 1
    assert figures.total().hired_total == 1
    assert figures.left_out == 2


def test_partners_sites_and_regions(make, coach, scheme):
    other_coach = make.user(Role.COACH, make.provider("New Dawn"))
    scheme.place()
    scheme.nominate(person=make.candidate(other_coach))
    make.candidate(make.user(Role.COACH, make.provider("Idle Trust")))  # never nominated
    uncounted = make.user(Role.COACH, make.provider("Quiet Trust"))
    scheme.nominate(person=make.candidate(uncounted, counted=False))
    site = make.site(scheme.employer, region="North West")
    scheme.programme.sites.append(site)
    db.session.commit()

    figures = figures_of(scheme)

    assert figures.partners == tuple(sorted([coach.organisation.name, "New Dawn"]))
    assert set(figures.partner_ids) == {coach.organisation_id, other_coach.organisation_id}
    assert figures.sites == 2
    assert figures.regions == ("North West", "Yorkshire")


def test_the_previous_period_is_counted_beside_this_one(scheme):
    scheme.hired(when=datetime(2025, 11, 5, 12, 0))  # the quarter before
    scheme.hired()
    scheme.hired()

    figures = figures_of(scheme)

    assert figures.previous == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert (figures.total().hired_total, figures.total(current=False).hired_total) == (2, 1)


def test_stages_of_several_programmes_are_grouped_by_name_in_stage_order(make, scheme):
    warehouse = make.programme(scheme.employer, name="Warehouse route")
    set_stages(
        warehouse,
        [
            StageSpec("Induction", 1, DurationUnit.DAYS),
            StageSpec("Shadow day", 1, DurationUnit.DAYS),
            StageSpec("Forklift training", 2, DurationUnit.WEEKS),
            StageSpec("Interview", None, None, is_interview=True),
        ],
    )
    db.session.commit()
    scheme.record(scheme.place(), *through_stage(2))
    scheme.record(scheme.place(programme=warehouse), *through_stage(2))

    figures = figures_of(scheme)

    assert figures.stage_order() == (
        "Induction",
        "Meet and greet",
        "Shadow day",
        "Forklift training",
        "Six-week training",
    )
    assert figures.total().completed == {"Induction": 1, "Meet and greet": 1, "Shadow day": 2}


def test_another_employers_figures_are_not_counted(make, coach, scheme):
    other = Scheme(make, coach)
    other.hired()
    other.decline()
    scheme.hired()

    total = total_of(scheme)

    assert (total.nominated, total.accepted, total.declined_total) == (1, 1, 0)
    assert (total.started, total.interviewed, total.hired_total) == (1, 1, 1)


def test_the_number_of_queries_does_not_grow_with_the_data(scheme):
    def queries_to_compute() -> int:
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            figures_of(scheme)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    scheme.hired()
    few = queries_to_compute()
    for _ in range(3):
        scheme.hired()
        scheme.not_hired()
        scheme.decline()

    # Ten, the employer reloaded and, on PostgreSQL, its just-in-time compiler switched off.
    assert queries_to_compute() == few <= 12
