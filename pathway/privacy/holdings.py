"""Every row that refers to one candidate, section by section (see ``catalogue``): what a
subject access export shows and what erasure walks."""

from __future__ import annotations

from sqlalchemy import or_, select

from pathway.audit.models import AuditEvent
from pathway.candidates.models import (
    AvoidArea,
    Candidate,
    Consent,
    Nomination,
    ReadinessAssessment,
    ReviewScore,
    WeeklyReview,
)
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.placements.models import (
    InterviewBreach,
    Placement,
    PlacementStage,
    RetentionCheck,
    StageEvent,
)


def holdings(candidate: Candidate) -> dict[str, list]:
    """Section key -> the candidate's rows in that table, oldest first."""
    placement_ids = select(Placement.id).where(Placement.candidate_id == candidate.id)
    review_ids = select(WeeklyReview.id).where(WeeklyReview.candidate_id == candidate.id)

    def rows(model, *where, order=None):
        query = select(model).where(*where).order_by(*(order or [model.id]))
        return list(db.session.scalars(query))

    placements = rows(Placement, Placement.candidate_id == candidate.id)
    follow_ups = rows(RetentionCheck, RetentionCheck.placement_id.in_(placement_ids))
    nominations = rows(Nomination, Nomination.candidate_id == candidate.id)
    return {
        "candidate": [candidate],
        "consents": rows(Consent, Consent.candidate_id == candidate.id),
        "readiness_assessments": rows(
            ReadinessAssessment, ReadinessAssessment.candidate_id == candidate.id
        ),
        "areas_to_avoid": rows(AvoidArea, AvoidArea.candidate_id == candidate.id),
        "weekly_reviews": rows(WeeklyReview, WeeklyReview.candidate_id == candidate.id),
        "review_scores": rows(
            ReviewScore,
            ReviewScore.review_id.in_(review_ids),
            order=[ReviewScore.review_id, ReviewScore.position],
        ),
        "nominations": nominations,
        "placements": placements,
        "placement_stages": rows(
            PlacementStage,
            PlacementStage.placement_id.in_(placement_ids),
            order=[PlacementStage.placement_id, PlacementStage.position],
        ),
        "stage_events": rows(StageEvent, StageEvent.placement_id.in_(placement_ids)),
        "follow_ups": follow_ups,
        "interview_breaches": rows(
            InterviewBreach, InterviewBreach.placement_id.in_(placement_ids)
        ),
        "notifications": rows(
            Notification,
            _notices_about(candidate, placements, nominations, follow_ups),
        ),
        "audit_events": rows(AuditEvent, AuditEvent.candidate_id == candidate.id),
    }


def _notices_about(
    candidate: Candidate,
    placements: list[Placement],
    nominations: list[Nomination],
    follow_ups: list[RetentionCheck],
):
    """Notices about the candidate: by the candidate they name, and by the thing they link
    to - the candidate's pages, a placement, a nomination or a follow-up (``/candidates/7``,
    ``/placements/12``, ...)."""
    links = [f"/candidates/{candidate.id}"]
    links += [f"/placements/{placement.id}" for placement in placements]
    links += [f"/placements/nominations/{nomination.id}" for nomination in nominations]
    links += [f"/placements/follow-ups/{check.id}" for check in follow_ups]
    return or_(
        Notification.candidate_id == candidate.id,
        Notification.link.in_(links),
        *(Notification.link.startswith(f"{link}/", autoescape=True) for link in links),
        *(Notification.link.startswith(f"{link}?", autoescape=True) for link in links),
        *(Notification.link.startswith(f"{link}#", autoescape=True) for link in links),
    )
