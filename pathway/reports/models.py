"""Reports prepared for publication, partners' confirmations, and published snapshots.

A ``ReportDraft`` freezes the figures of a period (after disclosure control) so partners
confirm exactly what will be published. Publishing turns a draft into a ``ReportSnapshot``:
its content (canonical JSON) and SHA-256 never change afterwards. The ORM refuses to update
or delete a snapshot, and so does the database (triggers in the migration).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway.auth.models import Organisation, User
from pathway.clock import utcnow
from pathway.db_types import enum_column
from pathway.extensions import db


class ReportReferenceCounter(db.Model):
    """The last report reference number issued in a year (PW-2026-0007)."""

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class ConfirmationAnswer(enum.StrEnum):
    CONFIRMED = "confirmed"
    NOT_CONFIRMED = "not_confirmed"

    @property
    def label(self) -> str:
        return {
            "confirmed": "We confirm these figures",
            "not_confirmed": "We cannot confirm these figures",
        }[self.value]


class ReportDraft(db.Model):
    """A period's figures as they would be published, frozen when prepared."""

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)  # the draft document, canonical JSON
    partner_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
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

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_draft.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
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

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_draft.id"), unique=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)  # the published document, canonical JSON
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # A correction names the version it replaces (each version is replaced at most once).
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("report_snapshot.id"), unique=True)
    supersede_reason: Mapped[str] = mapped_column(String(300), default="")

    draft: Mapped[ReportDraft] = relationship(back_populates="snapshot")
    employer: Mapped[Organisation] = relationship()
    author: Mapped[User] = relationship()
    supersedes: Mapped[ReportSnapshot | None] = relationship(remote_side=[id])


class ImmutableReport(RuntimeError):
    """Something tried to change or delete a published report."""


@sa_event.listens_for(ReportSnapshot, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise ImmutableReport(f"Published report {target.reference} cannot be changed.")


@sa_event.listens_for(ReportSnapshot, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise ImmutableReport(f"Published report {target.reference} cannot be deleted.")
