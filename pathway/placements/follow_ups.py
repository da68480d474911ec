"""Retention follow-ups: is a hired person still in work 3, 6 and 12 months after starting?

The ``retention_follow_ups`` job creates each check when it falls due and tasks the coach
or the site manager (the programme decides); that person answers here. The answers feed
the retention figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from pathway.access import retention_checks_for
from pathway.auth.models import Role, User
from pathway.candidates.models import Candidate
from pathway.clock import add_months
from pathway.employers.models import FollowUpBy, Programme
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.placements.models import Placement, RetentionCheck, StageEvent
from pathway.placements.vocabulary import EventKind, LeaveReason, RetentionAnswer
from pathway.refusals import ActionRefused

FOLLOW_UP_MONTHS = (3, 6, 12)


def due_dates(start_date: date) -> dict[int, date]:
    return {months: add_months(start_date, months) for months in FOLLOW_UP_MONTHS}


def subject_key(placement_id: int, months: int) -> str:
    return f"follow-up:{placement_id}:{months}"


def start_date_of(placement: Placement) -> date | None:
    """The start date recorded with the hire."""
    hired = [e for e in placement.events if e.kind is EventKind.HIRED]
    return hired[-1].start_date if hired else None


def hired_placements_with_start() -> list[tuple[Placement, date]]:
    """Hires with a start date, except of people whose personal data was erased: nobody
    can follow them up any more (an unasked follow-up counts as "not known", as unanswered)."""
    query = (
        select(Placement, StageEvent.start_date)
        .join(StageEvent, StageEvent.placement_id == Placement.id)
        .join(Placement.candidate)
        .where(StageEvent.kind == EventKind.HIRED, StageEvent.start_date.is_not(None))
        .where(Candidate.erased_at.is_(None))
        .options(joinedload(Placement.programme), joinedload(Placement.candidate))
        .order_by(Placement.id)
    )
    return [(placement, start) for placement, start in db.session.execute(query)]


def existing_checks(placement_ids: list[int]) -> set[tuple[int, int]]:
    if not placement_ids:
        return set()
    query = select(RetentionCheck.placement_id, RetentionCheck.months).where(
        RetentionCheck.placement_id.in_(placement_ids)
    )
    return {(pid, months) for pid, months in db.session.execute(query)}


def is_tasked(user: User, check: RetentionCheck) -> bool:
    """Whether the programme asks ``user``'s role for this answer."""
    follow_up_by = check.placement.programme.follow_up_by
    return (follow_up_by is FollowUpBy.COACH and user.role is Role.COACH) or (
        follow_up_by is FollowUpBy.SITE_MANAGER and user.role is Role.SITE_MANAGER
    )


@dataclass
class FollowUps:
    open: list[RetentionCheck]
    answered: list[RetentionCheck]


def follow_ups_for(user: User, answered_limit: int = 20) -> FollowUps:
    """The checks this user is asked to answer: still open (or not known), then answered."""
    asked = FollowUpBy.COACH if user.role is Role.COACH else FollowUpBy.SITE_MANAGER
    query = (
        retention_checks_for(user)
        .join(Placement.programme)
        .where(Programme.follow_up_by == asked)
        .options(
            joinedload(RetentionCheck.placement).joinedload(Placement.candidate),
            joinedload(RetentionCheck.placement).joinedload(Placement.site),
        )
    )
    still_open = or_(
        RetentionCheck.answer.is_(None), RetentionCheck.answer == RetentionAnswer.UNKNOWN
    )
    return FollowUps(
        open=list(
            db.session.scalars(
                query.where(still_open).order_by(RetentionCheck.due_on, RetentionCheck.id)
            ).unique()
        ),
        answered=list(
            db.session.scalars(
                query.where(~still_open)
                .order_by(RetentionCheck.answered_at.desc())
                .limit(answered_limit)
            ).unique()
        ),
    )


def answer_follow_up(
    check: RetentionCheck,
    answer: RetentionAnswer,
    reason: LeaveReason | None,
    user: User,
    at: datetime,
) -> None:
    """Record the answer. A firm answer (in work, or left) stands; "not known" may be updated."""
    if check.answer in (RetentionAnswer.STILL_IN_WORK, RetentionAnswer.LEFT):
        raise ActionRefused(
            f"This follow-up was already answered: {check.answer.label.lower()}, "
            f"on {check.answered_at:%d %b %Y}."
        )
    if answer is RetentionAnswer.LEFT and reason is None:
        raise ActionRefused("Choose why the person is no longer in work.")
    check.answer = answer
    check.reason = reason if answer is RetentionAnswer.LEFT else None
    check.answered_by_id = user.id
    check.answered_at = at
    # The task is done for everyone who was asked.
    db.session.execute(
        update(Notification)
        .where(
            Notification.subject_key == subject_key(check.placement_id, check.months),
            Notification.read_at.is_(None),
        )
        .values(read_at=at)
    )
    db.session.flush()
