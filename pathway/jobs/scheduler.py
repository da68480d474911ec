"""APScheduler decides when jobs run; leases decide who runs them (STYLE.md on schedulers).

``flask jobs run`` runs the blocking scheduler in its own process. The web process starts
a background scheduler only with the development setting ``RUN_SCHEDULER_IN_WEB``, and
only in the process that serves requests (never in the reloader's watching parent).
"""

from __future__ import annotations

import atexit
import logging
import threading
from datetime import datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from flask import Flask

from pathway.clock import LONDON, utcnow
from pathway.jobs.registry import registered_jobs
from pathway.jobs.runner import holder_id, run_jobs

log = logging.getLogger(__name__)


def build_scheduler(
    app: Flask, scheduler_class: type[BaseScheduler], catch_up_all: bool = False
) -> BaseScheduler:
    """Every registered job on its schedule, one at a time, in the registry's order. A job
    whose time today (or this hour) has passed also runs at once, so a period missed while
    no runner was up is caught up; its lease makes that harmless if it already ran.
    ``catch_up_all`` runs every job at once (the development server: a live demo)."""
    scheduler = scheduler_class(
        timezone=LONDON,
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    holder = holder_id()
    start, now = datetime.now(LONDON), utcnow()
    for position, (name, job) in enumerate(registered_jobs().items()):
        catch_up = {}
        if catch_up_all or job.schedule.missed(
            now
        ):  # staggered, so they run in the registry's order
            catch_up["next_run_time"] = start + timedelta(milliseconds=100 * position)
        scheduler.add_job(
            run_scheduled,
            trigger=job.schedule.trigger(),
            args=(app, name, holder),
            id=name,
            name=name,
            **catch_up,
        )
    return scheduler


def run_scheduled(app: Flask, name: str, holder: str) -> None:
    """What the scheduler calls: one job, in its own app context, errors recorded not raised."""
    with app.app_context():
        job = registered_jobs()[name]
        (result,) = run_jobs([job], utcnow(), holder)
        if result.status == "failed":
            log.warning("Job %s failed for %s: %s", name, result.period, result.error)
        elif result.status == "done":
            log.info("Job %s done for %s: %s", name, result.period, result.counts)


_web_scheduler: BaseScheduler | None = None
_web_lock = threading.Lock()


def register_web_scheduler(app: Flask) -> None:
    """With ``RUN_SCHEDULER_IN_WEB`` on, start a background scheduler on the first request.

    Only a process that serves requests gets there: the reloader's parent never does, and
    neither do ``flask db upgrade`` or other commands that build the app.
    """
    if not app.config.get("RUN_SCHEDULER_IN_WEB"):
        return
    # Show the jobs' results and the e-mails written to the log in the server's output.
    app.logger.setLevel(logging.INFO)

    @app.before_request
    def start_scheduler_once():
        global _web_scheduler
        if _web_scheduler is not None:
            return
        with _web_lock:
            if _web_scheduler is None:
                _web_scheduler = build_scheduler(app, BackgroundScheduler, catch_up_all=True)
                _web_scheduler.start()
                atexit.register(stop_web_scheduler)
                log.info("Scheduler started in the web process (RUN_SCHEDULER_IN_WEB)")


def stop_web_scheduler(wait: bool = False) -> None:
    global _web_scheduler
    with _web_lock:
        if _web_scheduler is not None and _web_scheduler.running:
            _web_scheduler.shutdown(wait=wait)
        _web_scheduler = None
