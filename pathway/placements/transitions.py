"""Which stage actions a placement allows now, and why not when it doesn't. Pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pathway.placements.vocabulary import Outcome, StageStatus
from pathway.vocabulary import Labelled


class Action(Labelled):
    SCHEDULE = "schedule", "Schedule"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    PASS = "pass", "Passed"
    HIRE = "hire", "Hired"
    NOT_HIRE = "not_hire", "Not hired"
    END = "end", "End placement"


@dataclass(frozen=True)
class PlacementState:
    outcome: Outcome
    stage_status: StageStatus
    stage_name: str
    is_interview: bool
    next_stage_name: str | None
    paused: bool = False
    scheduled_on: date | None = None
    today: date | None = None


PAUSED_REFUSAL = (
    "This placement is paused by the candidate's coach: nothing can be recorded until the "
    "coach resumes it."
)


def refusal(action: Action, state: PlacementState) -> str | None:
    """Why ``action`` is not allowed in ``state``, or None when it is."""
    if state.outcome is not Outcome.IN_PROGRESS:
        ended = state.outcome.label.lower()
        return f"This placement has ended ({ended}); nothing more can be recorded."
    status, stage = state.stage_status, state.stage_name
    if action is Action.END:
        return None
    if state.paused:
        return PAUSED_REFUSAL
    if action is Action.SCHEDULE:
        if status is StageStatus.ATTENDED:
            return f"{stage} was attended: record how it went before scheduling anything else."
        return None
    if action in (Action.ATTENDED, Action.DID_NOT_ATTEND):
        if status is not StageStatus.SCHEDULED:
            return f"{stage} is not scheduled yet: schedule it before recording attendance."
        if state.today and state.scheduled_on and state.today < state.scheduled_on:
            return (
                f"{stage} is booked for {state.scheduled_on:%a %d %b %Y}: record attendance "
                "on that day or after."
            )
        return None
    if action is Action.PASS:
        if state.is_interview:
            return f"{stage} ends with an outcome - hired or not hired - not a pass."
        if status is not StageStatus.ATTENDED:
            return f"{stage} has not been attended yet, so it cannot be passed."
        return None
    # HIRE and NOT_HIRE: only at the interview, once attended.
    if not state.is_interview:
        return (
            f"No interview outcome yet: the placement is at {stage}, and every stage before "
            "the interview must be completed first."
        )
    if status is not StageStatus.ATTENDED:
        return f"Record that the candidate attended {stage} before its outcome."
    return None


def allowed_actions(state: PlacementState) -> list[Action]:
    return [action for action in Action if refusal(action, state) is None]
