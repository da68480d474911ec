"""A record of every scheduled run, and the lease that lets only one runner do a period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pathway.db_types import RecordId, UtcMoment
from pathway.extensions import db


class JobRun(db.Model):
    """One run of one job for one period: when, what it did (counts) or why it failed."""

    __table_args__ = (Index("ix_job_run_job_started", "job", "started_at"),)

    id: Mapped[RecordId]
    job: Mapped[str] = mapped_column(String(60))
    period: Mapped[str] = mapped_column(String(40))
    holder: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[UtcMoment]
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)

    @property
    def state(self) -> str:
        if self.finished_at is None:
            return "running or stopped"
        return "failed" if self.error else "done"


class JobLease(db.Model):
    """Who runs ``job`` for ``period``. The unique pair means a second runner cannot start
    the same period; a holder that died is taken over once ``expires_at`` passes.
    ``expires_at`` is cleared when the run ends: that period is then done for good."""

    __table_args__ = (UniqueConstraint("job", "period"),)

    id: Mapped[RecordId]
    job: Mapped[str] = mapped_column(String(60))
    period: Mapped[str] = mapped_column(String(40))
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
