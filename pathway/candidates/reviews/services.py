"""Weekly reviews: a need score per area, signed by client and coach, and the trend.

A support provider may change its list of areas; each score keeps its area's name, so the
history reads as it was recorded. Notes stay inside the candidate's own support provider
(see ``policy.reviews_for``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from pathway.auth.models import Organisation, User
from pathway.candidates.models import Candidate, ReviewArea, ReviewScore, WeeklyReview
from pathway.candidates.reviews.chart import ReviewPoint
from pathway.extensions import db
from pathway.refusals import ActionRefused, FieldRefused

DEFAULT_AREAS = (
    "Realistic future targets",
    "Personal development and support",
    "Engagement with the community",
    "Financial security",
)
MAX_AREAS = 8
AREA_NAME_LENGTH = 60
NOTE_LENGTH = 300
OVERDUE_AFTER_DAYS = 14
SCORE_MESSAGE = "Give a score from 1 (low need) to 5 (high need)."


@dataclass(frozen=True)
class AreaScore:
    area: str
    score: int | None
    note: str = ""


def review_areas(organisation_id: int) -> list[str]:
    """The organisation's areas in order, or the defaults when it has not set its own."""
    names = db.session.scalars(
        select(ReviewArea.name)
        .where(ReviewArea.organisation_id == organisation_id)
        .order_by(ReviewArea.position)
    ).all()
    return list(names) or list(DEFAULT_AREAS)


def area_problems(names: Sequence[str]) -> list[str]:
    cleaned = [" ".join(name.split()) for name in names]
    cleaned = [name for name in cleaned if name]
    problems = []
    if not cleaned:
        problems.append("Give at least one area.")
    if len(cleaned) > MAX_AREAS:
        problems.append(f"Give at most {MAX_AREAS} areas.")
    if any(len(name) > AREA_NAME_LENGTH for name in cleaned):
        problems.append(f"Keep each area to {AREA_NAME_LENGTH} characters.")
    seen: set[str] = set()
    for name in cleaned:
        if name.lower() in seen:
            problems.append(f"{name} is listed twice.")
        seen.add(name.lower())
    return problems


def set_review_areas(organisation: Organisation, names: Sequence[str]) -> list[str]:
    """Replace the organisation's list of areas (past reviews keep the names they had)."""
    problems = area_problems(names)
    if problems:
        raise ActionRefused(" ".join(problems))
    cleaned = [" ".join(name.split()) for name in names if name.strip()]
    existing = db.session.scalars(
        select(ReviewArea).where(ReviewArea.organisation_id == organisation.id)
    ).all()
    for area in existing:
        db.session.delete(area)
    db.session.flush()
    for position, name in enumerate(cleaned):
        db.session.add(ReviewArea(organisation_id=organisation.id, position=position, name=name))
    db.session.flush()
    return cleaned


def review_problems(reviewed_on: date | None, scores: Sequence[AreaScore], today: date) -> dict:
    """Impossible input, as {"reviewed_on" or an area's index: message}."""
    problems: dict = {}
    if reviewed_on is None:
        problems["reviewed_on"] = "Enter the date of the review."
    elif reviewed_on > today:
        problems["reviewed_on"] = "A review cannot be dated in the future."
    if not scores:
        problems["scores"] = "A review needs a score for at least one area."
    for i, entry in enumerate(scores):
        if not isinstance(entry.score, int) or not 1 <= entry.score <= 5:
            problems[i] = SCORE_MESSAGE
        elif len(entry.note) > NOTE_LENGTH:
            problems[i] = f"Keep the note to {NOTE_LENGTH} characters."
    return problems


def record_review(
    candidate: Candidate,
    coach: User,
    reviewed_on: date,
    scores: Sequence[AreaScore],
    signed_by_client: bool,
    signed_by_coach: bool,
    today: date,
) -> WeeklyReview:
    """Record a review; refused whole (nothing saved) if any part of it is impossible."""
    problems = review_problems(reviewed_on, scores, today)
    if problems:
        messages = dict.fromkeys(str(message) for message in problems.values())
        raise ActionRefused("The review was not saved: " + " ".join(messages))
    taken = db.session.scalar(
        select(WeeklyReview.id).where(
            WeeklyReview.candidate_id == candidate.id, WeeklyReview.reviewed_on == reviewed_on
        )
    )
    if taken:
        raise FieldRefused(
            f"A review dated {reviewed_on:%d %b %Y} is already recorded for this candidate.",
            "reviewed_on",
        )
    review = WeeklyReview(
        candidate=candidate,
        reviewed_on=reviewed_on,
        recorded_by_id=coach.id,
        signed_by_client=signed_by_client,
        signed_by_coach=signed_by_coach,
        scores=[
            ReviewScore(position=i, area=entry.area, score=entry.score, note=entry.note.strip())
            for i, entry in enumerate(scores)
        ],
    )
    db.session.add(review)
    db.session.flush()
    return review


def reviews_of(candidate: Candidate, notes: bool = True) -> list[WeeklyReview]:
    """The candidate's reviews, oldest first, with their scores (one query, reviews or not);
    without ``notes`` (the trend shows none), their notes are neither read nor decrypted."""
    scores = joinedload(WeeklyReview.scores)
    if not notes:
        scores = scores.defer(ReviewScore.note, raiseload=True)
    query = (
        select(WeeklyReview)
        .where(WeeklyReview.candidate_id == candidate.id)
        .options(scores)
        .order_by(WeeklyReview.reviewed_on)
    )
    return list(db.session.scalars(query).unique())


def chart_points(reviews: Sequence[WeeklyReview]) -> list[ReviewPoint]:
    return [
        ReviewPoint(r.reviewed_on, tuple((s.area, s.score) for s in r.scores))
        for r in reviews
        if r.scores
    ]


@dataclass(frozen=True)
class NeedSummary:
    """The latest average need score, the one before it, and when the last review was."""

    latest: float
    previous: float | None
    last_reviewed_on: date

    @property
    def direction(self) -> str:
        """ "down" (less need: better), "up", "same", or "" with only one review."""
        if self.previous is None:
            return ""
        delta = round(self.latest - self.previous, 2)
        return "down" if delta < 0 else "up" if delta > 0 else "same"


def need_summaries(candidate_ids: Sequence[int]) -> dict[int, NeedSummary]:
    """The last two reviews' averages for each candidate, in one query."""
    if not candidate_ids:
        return {}
    per_review = (
        select(
            WeeklyReview.candidate_id.label("candidate_id"),
            WeeklyReview.reviewed_on.label("reviewed_on"),
            func.avg(ReviewScore.score).label("average"),
            func.row_number()
            .over(
                partition_by=WeeklyReview.candidate_id,
                order_by=WeeklyReview.reviewed_on.desc(),
            )
            .label("recency"),
        )
        .join(ReviewScore, ReviewScore.review_id == WeeklyReview.id)
        .where(WeeklyReview.candidate_id.in_(candidate_ids))
        .group_by(WeeklyReview.id, WeeklyReview.candidate_id, WeeklyReview.reviewed_on)
        .subquery()
    )
    rows = db.session.execute(
        select(per_review)
        .where(per_review.c.recency <= 2)
        .order_by(per_review.c.candidate_id, per_review.c.recency)
    ).all()
    found: dict[int, NeedSummary] = {}
    for row in rows:
        if row.recency == 1:
            found[row.candidate_id] = NeedSummary(float(row.average), None, row.reviewed_on)
        elif row.candidate_id in found:
            latest = found[row.candidate_id]
            found[row.candidate_id] = NeedSummary(
                latest.latest, float(row.average), latest.last_reviewed_on
            )
    return found


def review_overdue(last_reviewed_on: date | None, since: date, today: date) -> bool:
    """No review in the last 14 days (counting from when the candidate was recorded if none)."""
    last = last_reviewed_on or since
    return (today - last).days > OVERDUE_AFTER_DAYS
