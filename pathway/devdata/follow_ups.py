"""Demo follow-ups: whether each demo hire was still in work 3, 6 and 12 months on.

Checks that have fallen due get an answer from the candidate's coach - mostly "still in
work", some "no longer in work", some "not known", and a few left unanswered, as the
scheduled job would leave them - so the demo figures page shows every kind of answer.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from pathway.extensions import db
from pathway.placements.models import Placement, RetentionCheck, StageEvent
from pathway.placements.vocabulary import EventKind, Outcome, RetentionAnswer
from pathway.reports.figures.definitions import RETENTION_MONTHS
from pathway.reports.figures.periods import add_months

IN_WORK, LEFT, UNKNOWN = (
    RetentionAnswer.STILL_IN_WORK,
    RetentionAnswer.LEFT,
    RetentionAnswer.UNKNOWN,
)
# One pattern per hire in turn (3, 6 and 12 months); None: due but not answered yet.
PATTERNS = (
    (IN_WORK, IN_WORK, IN_WORK),
    (IN_WORK, LEFT, None),
    (UNKNOWN, IN_WORK, IN_WORK),
    (IN_WORK, IN_WORK, UNKNOWN),
    (IN_WORK, None, None),
    (LEFT, None, None),
    (IN_WORK, IN_WORK, None),
)


def add_follow_ups(now: datetime) -> int:
    """Record the due follow-up checks of every hire; returns how many were recorded."""
    today = now.date()
    hires = db.session.execute(
        select(Placement, StageEvent.start_date)
        .join(StageEvent, StageEvent.placement_id == Placement.id)
        .where(Placement.outcome == Outcome.HIRED, StageEvent.kind == EventKind.HIRED)
        .order_by(StageEvent.start_date, Placement.id)
    ).all()
    recorded = 0
    for index, (placement, start) in enumerate(hires):
        pattern = PATTERNS[index % len(PATTERNS)]
        for months, answer in zip(RETENTION_MONTHS, pattern, strict=True):
            due_on = add_months(start, months)
            if due_on > today:
                break
            check = RetentionCheck(placement_id=placement.id, months=months, due_on=due_on)
            if answer is not None:
                answered = datetime.combine(due_on + timedelta(days=2 + index % 5), time(10, 30))
                check.answer = answer
                check.answered_by_id = placement.candidate.coach_id
                check.answered_at = min(answered, now)
            db.session.add(check)
            recorded += 1
            if answer is LEFT:
                break  # nobody asks again about a job the person has left
    db.session.flush()
    return recorded
