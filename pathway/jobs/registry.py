"""Every scheduled job, its schedule and what it does. Times are UK time (Europe/London).

A job is a plain function ``job(now) -> counts`` in the feature it belongs to. It must be
idempotent: run twice for the same period, the second run adds nothing. The schedule
only decides when it runs; the period key (the UK day, or hour) is what a lease guards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from apscheduler.triggers.cron import CronTrigger

from pathway.clock import LONDON, to_london

JobFunction = Callable[[datetime], dict]


@dataclass(frozen=True)
class Schedule:
    """Daily at ``hour:minute``, or hourly at ``minute`` when ``hour`` is None."""

    minute: int
    hour: int | None = None

    def period(self, now: datetime) -> str:
        """The period a run at ``now`` (naive UTC) belongs to: its UK day or hour."""
        local = to_london(now)
        return (
            local.strftime("%Y-%m-%d") if self.hour is not None else local.strftime("%Y-%m-%dT%H")
        )

    def missed(self, now: datetime) -> bool:
        """Whether this period's scheduled moment has passed by ``now``: a runner starting
        then catches the run up, rather than waiting for the next period."""
        local = to_london(now)
        if self.hour is None:
            return local.minute >= self.minute
        return (local.hour, local.minute) >= (self.hour, self.minute)

    def trigger(self) -> CronTrigger:
        hour = "*" if self.hour is None else self.hour
        return CronTrigger(hour=hour, minute=self.minute, timezone=LONDON)

    def describe(self) -> str:
        if self.hour is None:
            return f"every hour at :{self.minute:02d}"
        return f"every day at {self.hour:02d}:{self.minute:02d} (UK time)"


def daily(hour: int, minute: int = 0) -> Schedule:
    return Schedule(minute=minute, hour=hour)


def hourly(minute: int = 0) -> Schedule:
    return Schedule(minute=minute)


@dataclass(frozen=True)
class RegisteredJob:
    name: str
    function: JobFunction
    schedule: Schedule
    description: str


# (feature module, job function, schedule, description) in the order a runner works
# through them. The modules are imported only when the jobs are asked for, so that
# importing the registry does not import every feature.
JOBS = (
    (
        "pathway.privacy.jobs",
        "anonymise_inactive",
        daily(6, 30),
        "Erase the personal data of candidates with nothing recorded about them for "
        "RETENTION_MONTHS (24 unless set) and no placement under way.",
    ),
    (
        "pathway.placements.jobs",
        "stage_reminders",
        daily(7, 0),
        "Remind the site manager and coach the day before a scheduled stage.",
    ),
    (
        "pathway.placements.jobs",
        "quiet_placements",
        daily(7, 5),
        "Alert the site manager when a placement has had no update for the programme's "
        "days, and the partnership lead after a further wait.",
    ),
    (
        "pathway.placements.jobs",
        "interview_guarantee",
        daily(7, 10),
        "Warn the partnership lead and coach as a guaranteed interview's deadline nears; "
        "record a breach when it passes.",
    ),
    (
        "pathway.placements.jobs",
        "retention_follow_ups",
        daily(7, 15),
        "Ask whether a hired person is still in work 3, 6 and 12 months after starting.",
    ),
    (
        "pathway.candidates.jobs",
        "readiness_going_stale",
        daily(7, 20),
        "Tell the coach when an English assessment, a right-to-work check or a visa is "
        "about to lapse.",
    ),
    (
        "pathway.candidates.jobs",
        "overdue_weekly_reviews",
        daily(7, 25),
        "Tell the coach when a candidate has had no weekly review in 14 days.",
    ),
    (
        "pathway.notifications.jobs",
        "email_digest",
        daily(8, 0),
        "Send each user who chose a daily digest one e-mail with their new notices.",
    ),
    (
        "pathway.notifications.jobs",
        "immediate_emails",
        hourly(30),
        "Send e-mails that could not be sent when their notice was made.",
    ),
)


def registered_jobs() -> dict[str, RegisteredJob]:
    """The jobs in the order a runner works through them."""
    return {
        name: RegisteredJob(name, getattr(import_module(module), name), schedule, description)
        for module, name, schedule, description in JOBS
    }
