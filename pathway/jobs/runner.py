"""Running a job once for its period: take the lease, record the run, never let one
failure stop the next job (DESIGN.md principle 8)."""

from __future__ import annotations

import logging
import os
import socket
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from pathway.clock import utcnow
from pathway.extensions import db
from pathway.jobs.models import JobLease, JobRun
from pathway.jobs.registry import RegisteredJob
from pathway.notifications.emails import send_immediate_emails

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    job: str
    period: str
    status: str  # "done", "failed" or "skipped"
    counts: dict = field(default_factory=dict)
    error: str | None = None


def holder_id() -> str:
    """Names this runner in leases and runs: host, process and a random part."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_jobs(jobs: list[RegisteredJob], now: datetime, holder: str) -> list[RunResult]:
    """Run each job in turn; whatever one does, the next still runs."""
    results = []
    for job in jobs:
        try:
            results.append(run_job(job, now, holder))
        except Exception as error:  # e.g. the database itself is unreachable
            db.session.rollback()
            log.error("Job %s could not be run: %s", job.name, describe_error(error))
            results.append(RunResult(job.name, "", "failed", error=describe_error(error)))
    return results


def run_job(job: RegisteredJob, now: datetime, holder: str) -> RunResult:
    """Run ``job`` for the period of ``now`` unless another runner has (or had) that period."""
    period = job.schedule.period(now)
    if not take_lease(job.name, period, holder):
        return RunResult(job.name, period, "skipped")
    run = JobRun(job=job.name, period=period, holder=holder, started_at=utcnow(), counts={})
    db.session.add(run)
    db.session.commit()
    run_id = run.id
    counts: dict = {}
    error = None
    try:
        counts = dict(job.function(now) or {})
        db.session.commit()
    except Exception as failure:
        db.session.rollback()
        error = describe_error(failure)
        log.error(
            "Job %s failed for %s: %s\n%s",
            job.name,
            period,
            error,
            "".join(traceback.format_tb(failure.__traceback__)),
        )
    if error is None and counts.get("notices"):
        counts["emails"] = _send_immediate_emails(now)
    run = db.session.get(JobRun, run_id)
    run.finished_at = utcnow()
    run.counts = counts
    run.error = error
    this_lease = (JobLease.job == job.name, JobLease.period == period, JobLease.holder == holder)
    if error is None:
        # Done: the period is closed for good.
        db.session.execute(update(JobLease).where(*this_lease).values(expires_at=None))
    else:
        # Failed: free the period so the next tick, or an operator's run-once, can retry it.
        db.session.execute(delete(JobLease).where(*this_lease))
    db.session.commit()
    return RunResult(job.name, period, "failed" if error else "done", counts, error)


def take_lease(job: str, period: str, holder: str) -> bool:
    """Claim ``job`` for ``period``. The unique (job, period) pair lets only one insert win;
    a lease whose holder died (``expires_at`` passed) may be taken over."""
    db.session.rollback()
    now = utcnow()
    expires = now + timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    db.session.add(JobLease(job=job, period=period, holder=holder, expires_at=expires))
    try:
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
    taken = db.session.execute(
        update(JobLease)
        .where(
            JobLease.job == job,
            JobLease.period == period,
            JobLease.expires_at.is_not(None),
            JobLease.expires_at < now,
        )
        .values(holder=holder, expires_at=expires)
    )
    db.session.commit()
    if taken.rowcount == 1:
        log.warning("Job %s for %s: took over a lease whose runner stopped", job, period)
        return True
    return False


def _send_immediate_emails(now: datetime) -> int:
    try:
        return send_immediate_emails(now)
    except Exception as error:  # the run itself succeeded; e-mails are retried hourly
        db.session.rollback()
        log.error("Sending e-mails failed: %s", describe_error(error))
        return 0


def describe_error(error: BaseException) -> str:
    """The error's type and first line: database errors' SQL parameters are left out."""
    first_line = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line}"[:500]


def last_runs() -> dict[str, JobRun]:
    """The latest run of each job."""
    latest = select(JobRun.job, db.func.max(JobRun.id).label("id")).group_by(JobRun.job).subquery()
    runs = db.session.scalars(select(JobRun).join(latest, JobRun.id == latest.c.id))
    return {run.job: run for run in runs}


def recent_runs(limit: int = 50, failed_only: bool = False) -> list[JobRun]:
    query = select(JobRun).order_by(JobRun.id.desc()).limit(limit)
    if failed_only:
        query = query.where(JobRun.error.is_not(None))
    return list(db.session.scalars(query))
