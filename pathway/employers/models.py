"""Employers' sites and programmes, with their ordered stages and readiness criteria."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway.auth.models import Organisation
from pathway.candidates.vocabulary import EnglishLevel
from pathway.db_types import Flag, RecordId, UtcMoment, enum_column
from pathway.durations import DurationUnit, duration_text
from pathway.extensions import db
from pathway.vocabulary import Labelled


class Site(db.Model):
    __table_args__ = (UniqueConstraint("employer_id", "name"),)

    id: Mapped[RecordId]
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    town: Mapped[str] = mapped_column(String(80))
    region: Mapped[str] = mapped_column(String(80))

    employer: Mapped[Organisation] = relationship(back_populates="sites")


programme_sites = Table(
    "programme_sites",
    db.metadata,
    Column("programme_id", ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("site.id", ondelete="CASCADE"), primary_key=True),
)


class FollowUpBy(Labelled):
    """Who records whether a hired person is still in work, 3, 6 and 12 months on."""

    COACH = "coach", "The candidate's coach"
    SITE_MANAGER = "site_manager", "The site manager"


class Programme(db.Model):
    id: Mapped[RecordId]
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[UtcMoment]
    # Readiness criteria (DESIGN.md principle 4: rules are data).
    min_english_level: Mapped[EnglishLevel] = mapped_column(enum_column(EnglishLevel))
    right_to_work_required: Mapped[bool] = mapped_column(Boolean, default=True)
    min_age: Mapped[int] = mapped_column(Integer, default=18)
    qualifying_nrm: Mapped[list[str]] = mapped_column(JSON, default=list)
    english_fresh_months: Mapped[int] = mapped_column(Integer, default=6)
    # A time-limited right to work (pre-settled status, a visa) is re-checked this often.
    right_to_work_fresh_months: Mapped[int] = mapped_column(Integer, default=12)
    commitment_required: Mapped[bool] = mapped_column(Boolean, default=True)
    support_required: Mapped[bool] = mapped_column(Boolean, default=True)
    move_on_plan_required: Mapped[bool] = mapped_column(Boolean, default=True)
    # Places at each taking-part site at a time (None: no set limit); used in matching.
    places_per_site: Mapped[int | None] = mapped_column(Integer)
    # Promises and timings the scheduled jobs and the evidence figures rely on.
    interview_within_days: Mapped[int] = mapped_column(Integer, default=14)
    stale_after_days: Mapped[int] = mapped_column(Integer, default=14)
    escalate_after_days: Mapped[int] = mapped_column(Integer, default=7)
    follow_up_by: Mapped[FollowUpBy] = mapped_column(
        enum_column(FollowUpBy), default=FollowUpBy.COACH
    )

    employer: Mapped[Organisation] = relationship()
    stages: Mapped[list[ProgrammeStage]] = relationship(
        back_populates="programme",
        order_by="ProgrammeStage.position",
        cascade="all, delete-orphan",
    )
    sites: Mapped[list[Site]] = relationship(secondary=programme_sites, order_by="Site.name")
    custom_criteria: Mapped[list[ProgrammeCriterion]] = relationship(
        order_by="ProgrammeCriterion.position", cascade="all, delete-orphan"
    )


class ProgrammeCriterion(db.Model):
    """A yes/no readiness criterion a programme defines, e.g. "Can stand for a four-hour
    shift". Coaches answer it in a readiness assessment."""

    id: Mapped[RecordId]
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))


class ProgrammeStage(db.Model):
    __table_args__ = (UniqueConstraint("programme_id", "position"),)

    id: Mapped[RecordId]
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    duration_amount: Mapped[int | None] = mapped_column(Integer)
    duration_unit: Mapped[DurationUnit | None] = mapped_column(enum_column(DurationUnit))
    is_interview: Mapped[Flag]

    programme: Mapped[Programme] = relationship(back_populates="stages")

    @property
    def duration_label(self) -> str:
        return duration_text(self.duration_amount, self.duration_unit)
