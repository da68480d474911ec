"""Stage transitions: in order, nothing after an end, refusals that say why."""

import pytest

from pathway.auth.models import Role
from pathway.placements.services import StageUpdate, record_stage_update
from pathway.placements.transitions import Action, PlacementState, allowed_actions, refusal
from pathway.placements.vocabulary import ContractType, EventKind, Outcome, StageStatus
from pathway.refusals import ActionRefused, StaleState
from tests.factories import TODAY, through_stage


def state(status=StageStatus.TO_SCHEDULE, interview=False, outcome=Outcome.IN_PROGRESS):
    return PlacementState(outcome, status, "Shadow day", interview, "Six-week training")


def test_a_new_stage_can_only_be_scheduled_or_ended():
    assert allowed_actions(state()) == [Action.SCHEDULE, Action.END]


def test_attendance_needs_a_schedule_first():
    assert refusal(Action.ATTENDED, state()) == (
        "Shadow day is not scheduled yet: schedule it before recording attendance."
    )


def test_no_interview_outcome_before_training_is_completed():
    why = refusal(Action.HIRE, state(StageStatus.ATTENDED))
    assert why.startswith("No interview outcome yet: the placement is at Shadow day")


def test_the_interview_ends_with_an_outcome_not_a_pass():
    assert refusal(Action.PASS, state(StageStatus.ATTENDED, interview=True))
    assert refusal(Action.HIRE, state(StageStatus.ATTENDED, interview=True)) is None


@pytest.mark.parametrize("action", list(Action))
def test_nothing_is_allowed_after_an_end(action):
    why = refusal(action, state(outcome=Outcome.HIRED))
    assert why == "This placement has ended (hired); nothing more can be recorded."


@pytest.fixture
def placement(world, make):
    return make.placement(make.candidate(world.coach), world.programme, world.lead)


def test_a_candidate_goes_through_four_stages_to_a_hire(world, make, placement):
    make.advance(placement, world.manager, *through_stage(3), Action.SCHEDULE, Action.ATTENDED)
    make.advance(
        placement,
        world.manager,
        Action.HIRE,
        contract_type=ContractType.PERMANENT,
        hours_per_week=30,
        start_date=TODAY,
    )
    assert placement.outcome is Outcome.HIRED
    kinds = [event.kind for event in placement.events]
    assert kinds[0] is EventKind.ACCEPTED and kinds[-1] is EventKind.HIRED
    assert kinds.count(EventKind.PASSED) == 3
    hire = placement.events[-1]
    assert hire.from_state == "Guaranteed interview: attended" and hire.to_state == "Hired"


def test_a_refused_action_writes_nothing(world, placement):
    before = len(placement.events)
    with pytest.raises(ActionRefused, match="not scheduled yet"):
        record_stage_update(
            placement, StageUpdate(Action.ATTENDED), world.manager, placement.version
        )
    assert len(placement.events) == before
    assert placement.stage_status is StageStatus.TO_SCHEDULE


def test_an_update_from_a_stale_page_is_refused_and_says_what_changed(world, make, placement):
    seen = placement.version
    make.advance(placement, world.manager, Action.SCHEDULE)
    with pytest.raises(StaleState, match="changed while you were looking at it"):
        record_stage_update(placement, StageUpdate(Action.END), world.lead, seen)
    assert placement.outcome is Outcome.IN_PROGRESS


def test_changing_the_programme_does_not_rewrite_a_placement_under_way(world, placement):
    from pathway.employers.services import StageSpec, set_stages

    set_stages(
        world.programme,
        [StageSpec("Trial shift", 1, None), StageSpec("Interview", None, None, True)],
    )
    assert [s.name for s in placement.stages][:2] == ["Meet and greet", "Shadow day"]
    assert len(placement.stages) == 4


def test_site_manager_role_is_checked_by_the_policy(world, make, placement):
    from pathway.access import may_end_placement, may_record_stage

    assert may_record_stage(world.manager, placement)
    assert not may_record_stage(world.other_manager, placement)
    assert not may_record_stage(world.coach, placement)
    assert may_end_placement(world.coach, placement)
    assert not may_end_placement(make.user(Role.COACH), placement)


def test_attendance_cannot_be_recorded_before_the_booked_day():
    from datetime import date

    booked = PlacementState(
        Outcome.IN_PROGRESS,
        StageStatus.SCHEDULED,
        "Shadow day",
        False,
        "Six-week training",
        scheduled_on=date(2026, 11, 26),
        today=date(2026, 11, 23),
    )
    assert refusal(Action.ATTENDED, booked) == (
        "Shadow day is booked for Thu 26 Nov 2026: record attendance on that day or after."
    )
    on_the_day = PlacementState(**{**booked.__dict__, "today": date(2026, 11, 26)})
    assert refusal(Action.ATTENDED, on_the_day) is None


def test_a_stage_cannot_be_scheduled_before_the_placement_began(world, placement):
    from datetime import timedelta

    too_early = placement.created_at.date() - timedelta(days=3)
    with pytest.raises(ActionRefused, match="before the placement began"):
        record_stage_update(
            placement,
            StageUpdate(Action.SCHEDULE, scheduled_on=too_early),
            world.manager,
            placement.version,
        )
    assert placement.stage_status is StageStatus.TO_SCHEDULE


def test_rescheduling_is_recorded_as_such(world, make, placement):
    from datetime import timedelta

    make.advance(placement, world.manager, Action.SCHEDULE)
    make.advance(placement, world.manager, Action.SCHEDULE, scheduled_on=TODAY + timedelta(days=2))
    assert [e.kind for e in placement.events][-2:] == [EventKind.SCHEDULED, EventKind.RESCHEDULED]


def test_a_hire_cannot_start_before_the_interview(world, make, placement):
    from datetime import timedelta

    make.advance(placement, world.manager, *through_stage(3), Action.SCHEDULE, Action.ATTENDED)
    update = StageUpdate(
        Action.HIRE,
        contract_type=ContractType.PERMANENT,
        hours_per_week=37.5,
        start_date=TODAY - timedelta(days=30),
    )
    with pytest.raises(ActionRefused, match="cannot be before the interview"):
        record_stage_update(placement, update, world.manager, placement.version)
    ok = StageUpdate(**{**update.__dict__, "start_date": TODAY})
    record_stage_update(placement, ok, world.manager, placement.version)
    assert placement.events[-1].hours_per_week == 37.5
