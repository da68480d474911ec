"""Scheduled jobs about candidates' records; each ``job(now) -> counts``, idempotent.

The rules are the caseload's own (``readiness.checks_going_stale``, ``reviews.review_overdue``):
the jobs only decide whom to tell, once per fact. Candidates already hired are left out:
their readiness and weekly reviews no longer steer a nomination.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from pathway.candidates.models import Candidate, Nomination, NominationStatus, WeeklyReview
from pathway.candidates.readiness.rules import checks_going_stale
from pathway.candidates.reviews.services import review_overdue
from pathway.clock import to_london
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.notifications.models import CANDIDATE
from pathway.notifications.recipients import coaches_of
from pathway.notifications.services import notify
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements.models import Placement
from pathway.placements.vocabulary import Outcome


def _candidates_in_support():
    hired = select(Placement.candidate_id).where(Placement.outcome == Outcome.HIRED)
    return (
        select(Candidate)
        .where(Candidate.id.not_in(hired), Candidate.erased_at.is_(None))
        .options(joinedload(Candidate.coach), selectinload(Candidate.consents))
        .order_by(Candidate.id)
    )


def programmes_by_candidate() -> dict[int, list[Programme]]:
    """The programmes each candidate is nominated to, or placed on, now."""
    pending = (
        select(Nomination.candidate_id, Programme)
        .join(Nomination.programme)
        .where(Nomination.status == NominationStatus.PENDING)
    )
    placed = (
        select(Placement.candidate_id, Programme)
        .join(Placement.programme)
        .where(Placement.outcome == Outcome.IN_PROGRESS)
    )
    found: dict[int, list[Programme]] = {}
    for candidate_id, programme in [*db.session.execute(pending), *db.session.execute(placed)]:
        found.setdefault(candidate_id, []).append(programme)
    return found


def readiness_going_stale(now: datetime) -> dict:
    """Tell the coach when an English assessment, a right-to-work check or a visa is out of
    date or about to be, for the candidate's programmes (or, on none yet, any active one).
    Once per assessment, per check and per expiry date."""
    today = to_london(now).date()
    by_candidate = programmes_by_candidate()
    active = list(db.session.scalars(select(Programme).where(Programme.active.is_(True))))
    notices = 0
    for candidate in db.session.scalars(_candidates_in_support()).unique():
        programmes = by_candidate.get(candidate.id) or active
        for finding in checks_going_stale(candidate, programmes, today):
            notices += _tell_coach_about(candidate, finding, now)
    return {"notices": notices}


def _tell_coach_about(candidate: Candidate, finding: str, now: datetime) -> int:
    if finding.startswith("English"):
        kind = NoticeKind.ENGLISH_GOING_STALE
        key = f"english:{candidate.id}:{candidate.english_assessed_on.isoformat()}"
    elif finding.startswith("Visa"):
        kind = NoticeKind.RIGHT_TO_WORK_EXPIRING
        key = f"visa:{candidate.id}:{candidate.visa_expires_on}"
    else:
        kind = NoticeKind.RIGHT_TO_WORK_EXPIRING
        key = f"right-to-work:{candidate.id}:{candidate.right_to_work_checked_on}"

    text = f"{CANDIDATE}: {finding}. Update the record to keep readiness current."
    link = f"/candidates/{candidate.id}"
    return notify(coaches_of(candidate), kind, key, text, link, now, about=candidate)


def last_reviews() -> dict[int, date]:
    query = select(WeeklyReview.candidate_id, func.max(WeeklyReview.reviewed_on)).group_by(
        WeeklyReview.candidate_id
    )
    return {candidate_id: last_on for candidate_id, last_on in db.session.execute(query)}


def overdue_weekly_reviews(now: datetime) -> dict:
    """No weekly review in 14 days: tell the coach, once per silence."""
    today = to_london(now).date()
    last = last_reviews()
    notices = 0
    for candidate in db.session.scalars(_candidates_in_support()).unique():
        recorded_on = to_london(candidate.created_at).date()
        last_on = last.get(candidate.id)
        if not review_overdue(last_on, recorded_on, today):
            continue

        if last_on is None:
            text = f"No weekly review yet for {CANDIDATE} (recorded on {recorded_on:%d %b %Y})."
        else:
            text = f"No weekly review for {CANDIDATE} since {last_on:%d %b %Y}."

        notices += notify(
            coaches_of(candidate),
            NoticeKind.REVIEW_OVERDUE,
            f"review:{candidate.id}:{(last_on or recorded_on).isoformat()}",
            text,
            f"/candidates/{candidate.id}/reviews",
            now,
            about=candidate,
        )
    return {"notices": notices}
