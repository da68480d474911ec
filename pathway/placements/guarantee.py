"""The guaranteed interview: after training, an interview within the programme's days.

Pure rules over a placement's stage history; the ``interview_guarantee`` job acts on them.
Training counts as completed on the (UK) day the stage before the interview was passed.
An interview counts on the day it was booked for, once its attendance is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pathway.clock import to_london
from pathway.placements.models import Placement
from pathway.placements.vocabulary import EventKind, StageStatus

WARNING_DAYS = 3  # warn this many days before the deadline


@dataclass(frozen=True)
class Guarantee:
    training_completed_on: date
    deadline: date
    held_on: date | None  # the interview took place (attendance recorded) on this day
    booked_on: date | None  # the interview is booked for this day, not yet recorded
    ended_on: date | None  # the placement ended before any interview

    @property
    def kept(self) -> bool:
        return self.held_on is not None and self.held_on <= self.deadline

    def _still_possible_in_time(self) -> bool:
        """Booked for a day within the deadline: waiting for its attendance to be recorded."""
        return self.booked_on is not None and self.booked_on <= self.deadline

    def needs_warning(self, today: date) -> bool:
        """The deadline is near, and no interview is held or booked in time."""
        if self.kept or self.held_on or self.ended_on or self._still_possible_in_time():
            return False
        return self.deadline - timedelta(days=WARNING_DAYS) <= today <= self.deadline

    def breached(self, today: date) -> bool:
        """The deadline has passed without an interview held by it."""
        if today <= self.deadline or self.kept or self._still_possible_in_time():
            return False
        return not (self.ended_on and self.ended_on <= self.deadline)


def guarantee_of(placement: Placement) -> Guarantee | None:
    """The guarantee's state, or None while training is not completed (or no interview)."""
    interview = next((stage for stage in placement.stages if stage.is_interview), None)
    if interview is None or interview.position == 0:
        return None
    before = interview.position - 1
    passed = [
        e for e in placement.events if e.kind is EventKind.PASSED and e.stage_position == before
    ]
    if not passed:
        return None
    completed = to_london(passed[0].occurred_at).date()
    deadline = completed + timedelta(days=placement.programme.interview_within_days)
    booked = held = ended = None
    for event in placement.events:
        if event.stage_position != interview.position:
            continue
        if event.kind in (EventKind.SCHEDULED, EventKind.RESCHEDULED):
            booked = event.scheduled_on
        elif event.kind is EventKind.DID_NOT_ATTEND:
            booked = None
        elif event.kind is EventKind.ATTENDED and held is None:
            held = booked or to_london(event.occurred_at).date()
        elif event.kind is EventKind.WITHDRAWN and held is None:
            ended = to_london(event.occurred_at).date()
    still_booked = (
        held is None and placement.is_open and placement.stage_status is StageStatus.SCHEDULED
    )
    return Guarantee(
        training_completed_on=completed,
        deadline=deadline,
        held_on=held,
        booked_on=booked if still_booked else None,
        ended_on=ended,
    )
