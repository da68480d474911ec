"""A candidate on a programme at a site, and the append-only history of its stages."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway.auth.models import User
from pathway.candidates.models import Candidate, Nomination
from pathway.crypto import EncryptedText
from pathway.db_types import Flag, RecordId, UtcMoment, enum_column
from pathway.durations import DurationUnit, duration_text
from pathway.employers.models import Programme, Site
from pathway.extensions import db
from pathway.placements.vocabulary import (
    ContractType,
    EndedBy,
    EventKind,
    LeaveReason,
    Outcome,
    RetentionAnswer,
    StageStatus,
)


class Placement(db.Model):
    """Current state, kept in step with the stage events in the same transaction."""

    __table_args__ = (
        Index("ix_placement_site_outcome", "site_id", "outcome"),
        Index("ix_placement_programme_outcome", "programme_id", "outcome"),
    )

    id: Mapped[RecordId]
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), unique=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    current_position: Mapped[int] = mapped_column(Integer, default=0)
    stage_status: Mapped[StageStatus] = mapped_column(
        enum_column(StageStatus), default=StageStatus.TO_SCHEDULE
    )
    scheduled_on: Mapped[date | None] = mapped_column(Date)
    scheduled_time: Mapped[time | None] = mapped_column(Time)
    stage_entered_at: Mapped[UtcMoment]
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome), default=Outcome.IN_PROGRESS)
    created_at: Mapped[UtcMoment]
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Set while the coach has paused the placement (kept in step with PAUSED/RESUMED events).
    paused_at: Mapped[datetime | None] = mapped_column(DateTime)

    # Optimistic locking: an UPDATE whose version no longer matches fails.
    __mapper_args__ = {"version_id_col": version}

    nomination: Mapped[Nomination] = relationship()
    candidate: Mapped[Candidate] = relationship()
    programme: Mapped[Programme] = relationship()
    site: Mapped[Site] = relationship()
    stages: Mapped[list[PlacementStage]] = relationship(
        order_by="PlacementStage.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[StageEvent]] = relationship(
        back_populates="placement", order_by="StageEvent.id", cascade="all, delete-orphan"
    )

    @property
    def current_stage(self) -> PlacementStage:
        return self.stages[self.current_position]

    @property
    def is_open(self) -> bool:
        return self.outcome is Outcome.IN_PROGRESS

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class PlacementStage(db.Model):
    """The programme's stages as they were when the placement began: later edits don't apply."""

    __table_args__ = (UniqueConstraint("placement_id", "position"),)

    id: Mapped[RecordId]
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    duration_amount: Mapped[int | None] = mapped_column(Integer)
    duration_unit: Mapped[DurationUnit | None] = mapped_column(enum_column(DurationUnit))
    is_interview: Mapped[Flag]

    @property
    def duration_label(self) -> str:
        return duration_text(self.duration_amount, self.duration_unit)


class RetentionCheck(db.Model):
    """Is a hired person still in work 3, 6 and 12 months after starting? One row per check."""

    __table_args__ = (UniqueConstraint("placement_id", "months"),)

    id: Mapped[RecordId]
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id"), index=True)
    months: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    answer: Mapped[RetentionAnswer | None] = mapped_column(enum_column(RetentionAnswer))
    reason: Mapped[LeaveReason | None] = mapped_column(enum_column(LeaveReason))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    placement: Mapped[Placement] = relationship()


class InterviewBreach(db.Model):
    """The guaranteed interview was not held within the programme's promised days."""

    id: Mapped[RecordId]
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id"), unique=True)
    training_completed_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[UtcMoment]

    placement: Mapped[Placement] = relationship()


class StageEvent(db.Model):
    """One thing that happened to a placement. Rows are only ever added."""

    __table_args__ = (
        Index("ix_stage_event_kind_occurred", "kind", "occurred_at"),
        # Figures read a period's events: found by time, without visiting the table rows.
        Index("ix_stage_event_occurred_placement", "occurred_at", "placement_id"),
    )

    id: Mapped[RecordId]
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    stage_position: Mapped[int] = mapped_column(Integer)
    stage_name: Mapped[str] = mapped_column(String(80))
    from_state: Mapped[str] = mapped_column(String(120), default="")
    to_state: Mapped[str] = mapped_column(String(120))
    occurred_at: Mapped[UtcMoment]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    scheduled_on: Mapped[date | None] = mapped_column(Date)
    scheduled_time: Mapped[time | None] = mapped_column(Time)
    contract_type: Mapped[ContractType | None] = mapped_column(enum_column(ContractType))
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    start_date: Mapped[date | None] = mapped_column(Date)
    ended_by: Mapped[EndedBy | None] = mapped_column(enum_column(EndedBy))
    reason: Mapped[LeaveReason | None] = mapped_column(enum_column(LeaveReason))
    note: Mapped[str] = mapped_column(EncryptedText, default="")

    placement: Mapped[Placement] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
