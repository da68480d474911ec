from datetime import date, datetime

import pytest
from sqlalchemy import event

from pathway.auth.models import Role
from pathway.candidates.models import DeclineReason
from pathway.employers.models import DurationUnit
from pathway.employers.services import StageSpec, set_stages
from pathway.extensions import db
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import ContractType, LeaveReason
from pathway.reports.figures import compute_figures
from tests.factories import through_stage
from tests.reports.builders import DURING, PERIOD, Scheme


@pytest.fixture
def coach(make):
    return make.user(Role.COACH)


@pytest.fixture
def scheme(make, coach):
    return Scheme(make, coach)


def figures_of(scheme, period=PERIOD):
    return compute_figures(scheme.employer.id, *period)


def build_a_quarter(scheme):
    """Seven candidates on one programme, each at a different point, all inside PERIOD."""
    scheme.hired()
    scheme.not_hired(reason=LeaveReason.ENGLISH_LEVEL)
    scheme.ended_after(1, reason=LeaveReason.ROLE_NOT_SUITABLE)
    scheme.record(scheme.place(), Action.SCHEDULE, Action.ATTENDED)  # started only
    scheme.place()  # accepted, nothing scheduled
    scheme.decline(reason=DeclineReason.NO_VACANCY)
    scheme.nominate()  # still pending


def test_each_figure_counts_what_happened_in_the_period(scheme):
    build_a_quarter(scheme)

    figures = figures_of(scheme)

    assert (figures.nominated, figures.accepted, figures.declined) == (7, 5, 1)
    assert figures.declined_by_reason == (("No place available at the moment", 1),)
    assert figures.started == 4
    assert figures.stages_completed == (
        ("Meet and greet", 3),
        ("Shadow day", 2),
        ("Six-week training", 2),
    )
    assert (figures.interviewed, figures.hired, figures.not_hired) == (2, 1, 1)
    assert figures.hired_by_contract == (("Permanent", 1),)
    assert figures.ended_early == 1
    assert figures.leaving_reasons == (("English level", 1), ("Role not suitable", 1))


def test_a_period_with_nothing_in_it_counts_zero_but_keeps_the_stages(scheme):
    build_a_quarter(scheme)

    figures = figures_of(scheme, (date(2025, 1, 1), date(2025, 12, 31)))

    assert (figures.nominated, figures.accepted, figures.started, figures.hired) == (0, 0, 0, 0)
    assert figures.stages_completed == (
        ("Meet and greet", 0),
        ("Shadow day", 0),
        ("Six-week training", 0),
    )
    assert figures.declined_by_reason == figures.leaving_reasons == ()


def test_an_event_on_the_last_day_counts_and_one_the_day_after_does_not(scheme):
    start, end = PERIOD
    for moment in (
        datetime(2025, 12, 31, 23, 59, 59),  # the day before: out
        datetime(2026, 1, 1, 0, 0),  # the first day: in
        datetime(2026, 3, 31, 23, 59, 59),  # the last day: in
        datetime(2026, 4, 1, 0, 0),  # the day after: out
    ):
        scheme.record(scheme.place(when=moment), Action.SCHEDULE, Action.ATTENDED, when=moment)

    figures = figures_of(scheme)

    assert figures.started == 2
    assert figures.nominated == figures.accepted == 2


def test_a_nomination_counts_when_made_and_its_decision_when_decided(scheme):
    nomination = scheme.decline(when=datetime(2026, 4, 2, 9, 0))
    nomination.created_at = datetime(2026, 3, 30, 9, 0)
    db.session.commit()

    figures = figures_of(scheme)

    assert (figures.nominated, figures.declined) == (1, 0)
    assert figures.declined_by_reason == ()


def test_another_employers_figures_are_not_counted(make, coach, scheme):
    other = Scheme(make, coach)
    other.hired()
    other.decline()
    other.not_hired()
    scheme.hired()

    figures = figures_of(scheme)

    assert (figures.nominated, figures.accepted, figures.declined) == (1, 1, 0)
    assert (figures.started, figures.interviewed, figures.hired, figures.not_hired) == (1, 1, 1, 0)
    assert figures.leaving_reasons == ()


def test_people_and_placements_are_counted_once_however_many_rows(make, scheme):
    second = make.programme(scheme.employer, name="Warehouse route")
    nomination = scheme.nominate()
    scheme.nominate(programme=second, person=nomination.candidate)
    placement = scheme.place()
    # Missed the first meeting, rescheduled, then attended: one start, not two rows.
    scheme.record(
        placement,
        Action.SCHEDULE,
        Action.DID_NOT_ATTEND,
        Action.SCHEDULE,
        Action.ATTENDED,
        Action.PASS,
    )

    figures = figures_of(scheme)

    assert figures.nominated == 2
    assert figures.started == 1
    assert figures.stages_completed[0] == ("Meet and greet", 1)


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
    in_warehouse = scheme.place(programme=warehouse)
    scheme.record(in_warehouse, *through_stage(2))

    figures = figures_of(scheme)

    assert figures.stages_completed == (
        ("Induction", 1),
        ("Meet and greet", 1),
        ("Shadow day", 2),
        ("Forklift training", 0),
        ("Six-week training", 0),
    )


def test_reasons_and_contracts_are_grouped_and_labelled(scheme):
    scheme.not_hired(reason=LeaveReason.CUSTOMER_SERVICE)
    scheme.not_hired(reason=LeaveReason.CUSTOMER_SERVICE)
    scheme.ended_after(0, reason=LeaveReason.HEALTH)
    scheme.ended_after(2, reason=LeaveReason.CUSTOMER_SERVICE)
    scheme.hired()
    placement = scheme.place()
    scheme.record(
        placement,
        *through_stage(3),
        Action.SCHEDULE,
        Action.ATTENDED,
        Action.HIRE,
        contract_type=ContractType.FIXED_TERM,
        hours_per_week=16,
        start_date=DURING.date(),
    )
    scheme.decline(reason=DeclineReason.LOCATION)
    scheme.decline(reason=DeclineReason.LOCATION)
    scheme.decline(reason=DeclineReason.ENGLISH_LEVEL)

    figures = figures_of(scheme)

    assert figures.leaving_reasons == (("Customer-service skills", 3), ("Health", 1))
    assert figures.hired_by_contract == (("Permanent", 1), ("Fixed-term", 1))
    assert figures.declined_by_reason == (
        ("No taking-part site near enough", 2),
        ("English level not yet sufficient for the role", 1),
    )
    assert (figures.not_hired, figures.ended_early, figures.declined) == (2, 2, 3)


def test_the_number_of_queries_does_not_grow_with_the_data(app, scheme):
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
    build_a_quarter(scheme)
    build_a_quarter(scheme)

    assert queries_to_compute() == few <= 8


def test_a_period_that_ends_before_it_starts_is_refused(scheme):
    with pytest.raises(ValueError):
        compute_figures(scheme.employer.id, date(2026, 2, 1), date(2026, 1, 31))
