"""Survivors' records kept by their coaches: the minimum needed, consent, nominations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway.auth.models import Organisation, User
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.crypto import EncryptedText
from pathway.db_types import Flag, RecordId, UtcMoment, enum_column
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.privacy.vocabulary import ErasureReason
from pathway.vocabulary import Labelled


class Candidate(db.Model):
    id: Mapped[RecordId]
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(60))
    # None only once the personal data is erased (pathway.privacy.erasure); always set before.
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    english_level: Mapped[EnglishLevel | None] = mapped_column(enum_column(EnglishLevel))
    english_assessed_on: Mapped[date | None] = mapped_column(Date)
    right_to_work: Mapped[RightToWork | None] = mapped_column(enum_column(RightToWork))
    visa_expires_on: Mapped[date | None] = mapped_column(Date)
    nrm_decision: Mapped[NrmDecision | None] = mapped_column(enum_column(NrmDecision))
    availability: Mapped[str] = mapped_column(String(200), default="")
    adjustments: Mapped[str] = mapped_column(EncryptedText, default="")
    created_at: Mapped[UtcMoment]
    # Where the candidate lives, as a UK region (matching looks for sites in or near it).
    region: Mapped[str] = mapped_column(String(80), default="")
    # More readiness facts (None: not assessed yet). Like the facts above, they are kept in
    # step with the latest ReadinessAssessment by candidates.assessments.record_assessment.
    right_to_work_checked_on: Mapped[date | None] = mapped_column(Date)
    visa_issued_on: Mapped[date | None] = mapped_column(Date)
    commit_weeks: Mapped[int | None] = mapped_column(Integer)
    support_in_place: Mapped[bool | None] = mapped_column(Boolean)
    move_on_plan: Mapped[bool | None] = mapped_column(Boolean)
    custom_answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set when the personal data was erased (on request or by the retention job): the row
    # stays, anonymous, so figures and published reports stay true.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    erasure_reason: Mapped[ErasureReason | None] = mapped_column(enum_column(ErasureReason))

    organisation: Mapped[Organisation] = relationship()
    coach: Mapped[User | None] = relationship()
    consents: Mapped[list[Consent]] = relationship(
        back_populates="candidate", order_by="Consent.id", cascade="all, delete-orphan"
    )
    nominations: Mapped[list[Nomination]] = relationship(
        back_populates="candidate", order_by="Nomination.id"
    )
    assessments: Mapped[list[ReadinessAssessment]] = relationship(
        back_populates="candidate",
        order_by=lambda: [ReadinessAssessment.assessed_on, ReadinessAssessment.id],
        cascade="all, delete-orphan",
    )
    avoid_areas: Mapped[list[AvoidArea]] = relationship(
        back_populates="candidate", order_by="AvoidArea.id", cascade="all, delete-orphan"
    )

    @property
    def employer_consent(self) -> Consent | None:
        """The consent to share with an employer now in force, if any."""
        return self.consent_in_force(ConsentScope.SHARE_WITH_EMPLOYER)

    def consent_in_force(self, scope: ConsentScope) -> Consent | None:
        current = [c for c in self.consents if c.scope is scope and c.in_force]
        return current[-1] if current else None

    @property
    def areas_to_avoid(self) -> list[AvoidArea]:
        return [area for area in self.avoid_areas if area.removed_on is None]


class ConsentScope(Labelled):
    SHARE_WITH_EMPLOYER = "share_with_employer", "Share with an employer for a nomination"
    COUNTED_IN_FIGURES = "counted_in_figures", "Be counted in anonymous programme figures"
    CASE_STUDY = "case_study", "Be quoted in a case study"


class ConsentMethod(Labelled):
    SIGNED_FORM = "signed_form", "Signed form"
    VERBAL_WITNESSED = "verbal_witnessed", "Verbal, with a witness"
    TOLD_COACH = "told_coach", "Told their coach"  # withdrawing needs no formality


class Consent(db.Model):
    id: Mapped[RecordId]
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    scope: Mapped[ConsentScope] = mapped_column(enum_column(ConsentScope))
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[ConsentMethod] = mapped_column(enum_column(ConsentMethod))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # What the candidate agreed an employer may see.
    share_first_name: Mapped[Flag]
    share_availability: Mapped[Flag]
    share_adjustments: Mapped[Flag]
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    witness: Mapped[str] = mapped_column(String(120), default="")
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawal_method: Mapped[ConsentMethod | None] = mapped_column(enum_column(ConsentMethod))

    candidate: Mapped[Candidate] = relationship(back_populates="consents")
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None


class ReferenceCounter(db.Model):
    """The last reference number a support provider issued in a year."""

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class NominationStatus(Labelled):
    PENDING = "pending", "Awaiting decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class DeclineReason(Labelled):
    NO_VACANCY = "no_vacancy", "No place available at the moment"
    LOCATION = "location", "No taking-part site near enough"
    AVAILABILITY = "availability", "Availability does not fit the programme"
    ENGLISH_LEVEL = "english_level", "English level not yet sufficient for the role"
    ROLE_NOT_SUITABLE = "role_not_suitable", "Role not suitable"
    OTHER = "other", "Other"


class Nomination(db.Model):
    id: Mapped[RecordId]
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    nominated_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status: Mapped[NominationStatus] = mapped_column(
        enum_column(NominationStatus), default=NominationStatus.PENDING, index=True
    )
    created_at: Mapped[UtcMoment]
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decline_reason: Mapped[DeclineReason | None] = mapped_column(enum_column(DeclineReason))
    decline_note: Mapped[str] = mapped_column(EncryptedText, default="")

    candidate: Mapped[Candidate] = relationship(back_populates="nominations")
    programme: Mapped[Programme] = relationship()
    nominated_by: Mapped[User] = relationship(foreign_keys=[nominated_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


# --- the coaching record: readiness assessments, areas to avoid, weekly reviews -----------


class ReadinessAssessment(db.Model):
    """A coach's dated assessment of the readiness facts. Kept as history: rows are only
    added, and the latest one is copied onto the candidate as the current facts."""

    id: Mapped[RecordId]
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    assessed_on: Mapped[date] = mapped_column(Date)
    assessed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[UtcMoment]
    english_level: Mapped[EnglishLevel] = mapped_column(enum_column(EnglishLevel))
    english_assessed_on: Mapped[date] = mapped_column(Date)
    right_to_work: Mapped[RightToWork] = mapped_column(enum_column(RightToWork))
    right_to_work_checked_on: Mapped[date | None] = mapped_column(Date)
    visa_issued_on: Mapped[date | None] = mapped_column(Date)
    visa_expires_on: Mapped[date | None] = mapped_column(Date)
    nrm_decision: Mapped[NrmDecision] = mapped_column(enum_column(NrmDecision))
    commit_weeks: Mapped[int | None] = mapped_column(Integer)
    support_in_place: Mapped[bool | None] = mapped_column(Boolean)
    move_on_plan: Mapped[bool | None] = mapped_column(Boolean)
    custom_answers: Mapped[dict] = mapped_column(JSON, default=dict)

    candidate: Mapped[Candidate] = relationship(back_populates="assessments")
    assessed_by: Mapped[User] = relationship()


class AreaKind(Labelled):
    TOWN = "town", "Town or city"
    REGION = "region", "Region"


class AvoidArea(db.Model):
    """A town or region a candidate must not be placed in. Only the coach's side sees why."""

    id: Mapped[RecordId]
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    kind: Mapped[AreaKind] = mapped_column(enum_column(AreaKind))
    name: Mapped[str] = mapped_column(String(80))
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    removed_on: Mapped[date | None] = mapped_column(Date)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    candidate: Mapped[Candidate] = relationship(back_populates="avoid_areas")
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])


class ReviewArea(db.Model):
    """One of a support provider's weekly-review areas, in its order."""

    __table_args__ = (UniqueConstraint("organisation_id", "position"),)

    id: Mapped[RecordId]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))


class WeeklyReview(db.Model):
    """A weekly review: a need score per area, signed by client and coach."""

    __table_args__ = (UniqueConstraint("candidate_id", "reviewed_on"),)

    id: Mapped[RecordId]
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    reviewed_on: Mapped[date] = mapped_column(Date, index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[UtcMoment]
    signed_by_client: Mapped[Flag]
    signed_by_coach: Mapped[Flag]

    candidate: Mapped[Candidate] = relationship()
    recorded_by: Mapped[User] = relationship()
    scores: Mapped[list[ReviewScore]] = relationship(
        back_populates="review", order_by="ReviewScore.position", cascade="all, delete-orphan"
    )

    @property
    def average(self) -> float | None:
        if not self.scores:
            return None
        return sum(s.score for s in self.scores) / len(self.scores)


class ReviewScore(db.Model):
    """A need score from 1 (low need) to 5 (high need) for one area, with a short note.
    The area's name is copied, so renaming an organisation's areas never rewrites history."""

    __table_args__ = (
        UniqueConstraint("review_id", "position"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )

    id: Mapped[RecordId]
    review_id: Mapped[int] = mapped_column(
        ForeignKey("weekly_review.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    area: Mapped[str] = mapped_column(String(60))
    score: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(EncryptedText, default="")

    review: Mapped[WeeklyReview] = relationship(back_populates="scores")
