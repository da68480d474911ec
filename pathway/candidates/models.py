"""Survivors' records kept by their coaches: the minimum needed, consent, nominations."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway.auth.models import Organisation, User
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.clock import utcnow
from pathway.db_types import enum_column
from pathway.employers.models import Programme
from pathway.extensions import db


class Candidate(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(60))
    date_of_birth: Mapped[date] = mapped_column(Date)
    english_level: Mapped[EnglishLevel] = mapped_column(enum_column(EnglishLevel))
    english_assessed_on: Mapped[date] = mapped_column(Date)
    right_to_work: Mapped[RightToWork] = mapped_column(enum_column(RightToWork))
    visa_expires_on: Mapped[date | None] = mapped_column(Date)
    nrm_decision: Mapped[NrmDecision] = mapped_column(enum_column(NrmDecision))
    availability: Mapped[str] = mapped_column(String(200), default="")
    adjustments: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    coach: Mapped[User | None] = relationship()
    consents: Mapped[list[Consent]] = relationship(
        back_populates="candidate", order_by="Consent.id", cascade="all, delete-orphan"
    )
    nominations: Mapped[list[Nomination]] = relationship(
        back_populates="candidate", order_by="Nomination.id"
    )

    @property
    def employer_consent(self) -> Consent | None:
        """The consent to share with an employer now in force, if any."""
        current = [
            c for c in self.consents if c.scope is ConsentScope.SHARE_WITH_EMPLOYER and c.in_force
        ]
        return current[-1] if current else None


class ConsentScope(enum.StrEnum):
    SHARE_WITH_EMPLOYER = "share_with_employer"
    COUNTED_IN_FIGURES = "counted_in_figures"
    CASE_STUDY = "case_study"

    @property
    def label(self) -> str:
        return {
            "share_with_employer": "Share with an employer for a nomination",
            "counted_in_figures": "Be counted in anonymous programme figures",
            "case_study": "Be quoted in a case study",
        }[self.value]


class ConsentMethod(enum.StrEnum):
    SIGNED_FORM = "signed_form"
    VERBAL_WITNESSED = "verbal_witnessed"

    @property
    def label(self) -> str:
        return {
            "signed_form": "Signed form",
            "verbal_witnessed": "Verbal, with a witness",
        }[self.value]


class Consent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    scope: Mapped[ConsentScope] = mapped_column(enum_column(ConsentScope))
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[ConsentMethod] = mapped_column(enum_column(ConsentMethod))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # What the candidate agreed an employer may see.
    share_first_name: Mapped[bool] = mapped_column(Boolean, default=False)
    share_availability: Mapped[bool] = mapped_column(Boolean, default=False)
    share_adjustments: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)

    candidate: Mapped[Candidate] = relationship(back_populates="consents")
    recorded_by: Mapped[User] = relationship()

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None


class ReferenceCounter(db.Model):
    """The last reference number a support provider issued in a year."""

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class NominationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {"pending": "Awaiting decision", "accepted": "Accepted", "declined": "Declined"}[
            self.value
        ]


class DeclineReason(enum.StrEnum):
    NO_VACANCY = "no_vacancy"
    LOCATION = "location"
    AVAILABILITY = "availability"
    ENGLISH_LEVEL = "english_level"
    ROLE_NOT_SUITABLE = "role_not_suitable"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "no_vacancy": "No place available at the moment",
            "location": "No taking-part site near enough",
            "availability": "Availability does not fit the programme",
            "english_level": "English level not yet sufficient for the role",
            "role_not_suitable": "Role not suitable",
            "other": "Other",
        }[self.value]


class Nomination(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    nominated_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status: Mapped[NominationStatus] = mapped_column(
        enum_column(NominationStatus), default=NominationStatus.PENDING, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decline_reason: Mapped[DeclineReason | None] = mapped_column(enum_column(DeclineReason))
    decline_note: Mapped[str] = mapped_column(String(300), default="")

    candidate: Mapped[Candidate] = relationship(back_populates="nominations")
    programme: Mapped[Programme] = relationship()
    nominated_by: Mapped[User] = relationship(foreign_keys=[nominated_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
