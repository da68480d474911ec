"""Reports prepared for publication, partners' confirmations, and published snapshots.

A ``ReportDraft`` freezes the figures of a period (after disclosure control) so partners
confirm exactly what will be published. Publishing turns a draft into a ``ReportSnapshot``:
its content (canonical JSON) and SHA-256 never change afterwards. The ORM refuses to update
or delete a snapshot, and so does the database (triggers in the migration).

The figures themselves are read from a summary of the stage history (``PlacementSummary``,
``PlacementMilestone``, ``MilestoneTally``), made and kept in step by ``summary``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway.auth.models import Organisation, User
from pathway.candidates.models import Consent, Nomination
from pathway.db_types import Flag, RecordId, UtcMoment, enum_column
from pathway.extensions import db
from pathway.placements.vocabulary import ContractType, EndedBy, EventKind, LeaveReason
from pathway.vocabulary import Labelled


class ReportReferenceCounter(db.Model):
    """The last report reference number issued in a year (PW-2026-0007)."""

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class ConfirmationAnswer(Labelled):
    CONFIRMED = "confirmed", "We confirm these figures"
    NOT_CONFIRMED = "not_confirmed", "We cannot confirm these figures"


class ReportDraft(db.Model):
    """A period's figures as they would be published, frozen when prepared."""

    id: Mapped[RecordId]
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)  # the draft document, canonical JSON
    partner_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[UtcMoment]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    employer: Mapped[Organisation] = relationship()
    created_by: Mapped[User] = relationship()
    confirmations: Mapped[list[ReportConfirmation]] = relationship(
        back_populates="draft", order_by="ReportConfirmation.id"
    )
    snapshot: Mapped[ReportSnapshot | None] = relationship(back_populates="draft")


class ReportConfirmation(db.Model):
    """A partner support provider asked to confirm a draft, and its answer."""

    __table_args__ = (UniqueConstraint("draft_id", "provider_id"),)

    id: Mapped[RecordId]
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_draft.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    requested_at: Mapped[UtcMoment]
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    answer: Mapped[ConfirmationAnswer | None] = mapped_column(enum_column(ConfirmationAnswer))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    note: Mapped[str] = mapped_column(String(300), default="")

    draft: Mapped[ReportDraft] = relationship(back_populates="confirmations")
    provider: Mapped[Organisation] = relationship()
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class ReportSnapshot(db.Model):
    """A published report: immutable, citable by ``reference``, checkable by ``sha256``."""

    id: Mapped[RecordId]
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_draft.id"), unique=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)  # the published document, canonical JSON
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[UtcMoment]
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # A correction names the version it replaces (each version is replaced at most once).
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("report_snapshot.id"), unique=True)
    supersede_reason: Mapped[str] = mapped_column(String(300), default="")

    draft: Mapped[ReportDraft] = relationship(back_populates="snapshot")
    employer: Mapped[Organisation] = relationship()
    author: Mapped[User] = relationship()
    supersedes: Mapped[ReportSnapshot | None] = relationship(remote_side="ReportSnapshot.id")


class ImmutableReport(RuntimeError):
    """Something tried to change or delete a published report."""


@sa_event.listens_for(ReportSnapshot, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise ImmutableReport(f"Published report {target.reference} cannot be changed.")


@sa_event.listens_for(ReportSnapshot, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise ImmutableReport(f"Published report {target.reference} cannot be deleted.")


# --- the figures' summary of the stage history (see ``pathway.reports.figures.summary``) ---


class PlacementSummary(db.Model):
    """A placement as the figures see it: when anything was first and last recorded (which
    periods it took part in), when the stage before the guaranteed interview was passed and
    the day the interview was held, its candidate's support provider, and whether the
    candidate is counted in the figures."""

    __table_args__ = (
        # Each index holds every column its query reads, so the table is never visited.
        Index(
            "ix_placement_summary_taking_part",
            "programme_id",
            "last_event_at",
            "first_event_at",
            "candidate_id",
            "counted",
            "organisation_id",
        ),
        Index(
            "ix_placement_summary_trained",
            "programme_id",
            "trained_at",
            "counted",
            "interview_held_on",
        ),
    )

    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placement.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    # The placement's candidate and their support provider, copied so the figures need no
    # join; no foreign keys of their own (the placement's holds), so no indexes for them.
    candidate_id: Mapped[int] = mapped_column(Integer)
    organisation_id: Mapped[int] = mapped_column(Integer)
    # The candidate's consent to be counted in anonymous figures is in force.
    counted: Mapped[bool] = mapped_column(Boolean)
    first_event_at: Mapped[datetime] = mapped_column(DateTime)
    last_event_at: Mapped[datetime] = mapped_column(DateTime)
    trained_at: Mapped[datetime | None] = mapped_column(DateTime)
    interview_held_on: Mapped[date | None] = mapped_column(Date)


class PlacementMilestone(db.Model):
    """The first event of each kind the figures count - the nomination accepted, a stage
    attended, a stage passed, the outcome - with what the figures need from it, its placement
    and its stage's copy.

    ``minutes``: the stage's planned length (attended stages that have one); ``booked_on``: the
    day the stage was booked for when it was attended; ``before_interview``: a pass of the stage
    just before the guaranteed interview; ``waited_days``: from the nomination to the
    interview attended or the hire."""

    __table_args__ = (
        Index("ix_placement_milestone_programme_day", "programme_id", "occurred_at"),
        Index(
            "ix_placement_milestone_waits",
            "programme_id",
            "kind",
            "is_interview",
            "occurred_at",
            "counted",
            "waited_days",
        ),
        Index("ix_placement_milestone_job_start", "programme_id", "kind", "start_date"),
    )

    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placement.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    candidate_id: Mapped[int] = mapped_column(Integer)  # as PlacementSummary's
    counted: Mapped[bool] = mapped_column(Boolean)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    stage_name: Mapped[str] = mapped_column(String(80))
    minutes: Mapped[int | None] = mapped_column(Integer)
    is_interview: Mapped[bool] = mapped_column(Boolean)
    before_interview: Mapped[bool] = mapped_column(Boolean)
    booked_on: Mapped[date | None] = mapped_column(Date)
    waited_days: Mapped[int | None] = mapped_column(Integer)
    contract_type: Mapped[ContractType | None] = mapped_column(enum_column(ContractType))
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    start_date: Mapped[date | None] = mapped_column(Date)
    ended_by: Mapped[EndedBy | None] = mapped_column(enum_column(EndedBy))
    reason: Mapped[LeaveReason | None] = mapped_column(enum_column(LeaveReason))


class MilestoneTally(db.Model):
    """How many placements of a programme reached each milestone on each (UTC) day, and in
    each calendar month, by everything the funnel groups them by: ``PlacementMilestone``
    counted, so a period's funnel is a sum over its whole months and its other days."""

    __table_args__ = (
        Index("ix_milestone_tally_programme_day", "programme_id", "whole_month", "day"),
    )

    id: Mapped[RecordId]
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    day: Mapped[date] = mapped_column(Date)  # the month's first day for a whole month
    whole_month: Mapped[bool] = mapped_column(Boolean)
    counted: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    position: Mapped[int] = mapped_column(Integer)
    stage_name: Mapped[str] = mapped_column(String(80))
    minutes: Mapped[int | None] = mapped_column(Integer)
    is_interview: Mapped[bool] = mapped_column(Boolean)
    contract_type: Mapped[ContractType | None] = mapped_column(enum_column(ContractType))
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    ended_by: Mapped[EndedBy | None] = mapped_column(enum_column(EndedBy))
    reason: Mapped[LeaveReason | None] = mapped_column(enum_column(LeaveReason))
    placements: Mapped[int] = mapped_column(Integer)


# What the figures look up on other features' tables: a period's nominations and decisions
# by programme, and the candidates whose consent to be counted is in force.
Index(
    "ix_nomination_programme_created",
    Nomination.programme_id,
    Nomination.created_at,
    Nomination.status,
    Nomination.decided_at,
    Nomination.candidate_id,
)
Index(
    "ix_nomination_programme_decided",
    Nomination.programme_id,
    Nomination.status,
    Nomination.decided_at,
    Nomination.decline_reason,
    Nomination.candidate_id,
)
Index("ix_consent_scope_in_force", Consent.scope, Consent.withdrawn_on, Consent.candidate_id)


class CountedYear(db.Model):
    """A complete financial year's raw counts, kept from the first time they were needed so
    that the year reads the same whenever it is asked for (``counted_years``)."""

    __table_args__ = (UniqueConstraint("employer_id", "period_start"),)

    id: Mapped[RecordId]
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    counts: Mapped[dict] = mapped_column(JSON)  # RawFigures, as counted_years.encode keeps it
    counted_at: Mapped[UtcMoment]
    # Read by a figures-only reader (a CR officer): from then on the financial year is fixed.
    given_out: Mapped[Flag]
