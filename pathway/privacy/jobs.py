"""The retention job: candidates left inactive for ``RETENTION_MONTHS`` (24 by default) are
erased by the same service as an erasure on request (``by`` None, reason "retention").

Inactive means: no placement under way, no nomination awaiting a decision, and nothing
recorded about them - a stage event, weekly review, readiness assessment, consent given or
withdrawn, nomination or its decision, area to avoid, follow-up answer, or the record
itself - on or after the cut-off day (today, UK time, less the retention period). A
placement's end is a stage event, so the period runs from the end of the last placement.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import Select, exists, or_, select

from pathway.candidates.models import (
    AvoidArea,
    Candidate,
    Consent,
    Nomination,
    NominationStatus,
    ReadinessAssessment,
    WeeklyReview,
)
from pathway.clock import LONDON, add_months, to_london
from pathway.extensions import db
from pathway.placements.models import Placement, RetentionCheck, StageEvent
from pathway.placements.vocabulary import Outcome
from pathway.privacy.erasure import erase_candidate
from pathway.privacy.vocabulary import ErasureReason

DEFAULT_RETENTION_MONTHS = 24


def retention_cut_off(now: datetime, months: int) -> date:
    """Activity before this UK day is old enough to erase for: the period after it has ended
    (activity on 29 February, with 6 months, ends on 29 August; on 30 August it is old)."""
    today = to_london(now).date()
    cut_off = add_months(today, -months)
    while add_months(cut_off, months) < today:  # a month end, shortened by the going back
        cut_off += timedelta(days=1)
    return cut_off


def inactive_candidates(cut_off: date) -> Select:
    """Candidates not erased yet with no activity on or after ``cut_off`` (a UK day)."""
    moment = datetime.combine(cut_off, time(), LONDON).astimezone(UTC).replace(tzinfo=None)
    mine = Candidate.id
    placements = select(Placement.id).where(Placement.candidate_id == mine)
    recent = [  # each excludes the candidate
        exists().where(Placement.candidate_id == mine, Placement.outcome == Outcome.IN_PROGRESS),
        exists().where(
            Nomination.candidate_id == mine, Nomination.status == NominationStatus.PENDING
        ),
        exists().where(
            Nomination.candidate_id == mine,
            or_(Nomination.created_at >= moment, Nomination.decided_at >= moment),
        ),
        exists().where(StageEvent.placement_id.in_(placements), StageEvent.occurred_at >= moment),
        exists().where(
            RetentionCheck.placement_id.in_(placements), RetentionCheck.answered_at >= moment
        ),
        exists().where(
            WeeklyReview.candidate_id == mine,
            or_(WeeklyReview.reviewed_on >= cut_off, WeeklyReview.recorded_at >= moment),
        ),
        exists().where(
            ReadinessAssessment.candidate_id == mine,
            or_(
                ReadinessAssessment.assessed_on >= cut_off,
                ReadinessAssessment.recorded_at >= moment,
            ),
        ),
        exists().where(
            Consent.candidate_id == mine,
            or_(Consent.given_on >= cut_off, Consent.withdrawn_on >= cut_off),
        ),
        exists().where(
            AvoidArea.candidate_id == mine,
            or_(AvoidArea.recorded_on >= cut_off, AvoidArea.removed_on >= cut_off),
        ),
    ]
    return (
        select(Candidate)
        .where(Candidate.erased_at.is_(None), Candidate.created_at < moment)
        .where(*(~condition for condition in recent))
        .order_by(Candidate.id)
    )


def anonymise_inactive(now: datetime) -> dict:
    """Erase the personal data of every candidate inactive for the retention period.
    Idempotent: an erased candidate is never picked again."""
    months = current_app.config.get("RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS)
    query = inactive_candidates(retention_cut_off(now, months))
    ids = list(db.session.scalars(query.with_only_columns(Candidate.id)))
    for candidate_id in ids:
        erase_candidate(db.session.get(Candidate, candidate_id), None, ErasureReason.RETENTION, now)
    return {"erased": len(ids)}
