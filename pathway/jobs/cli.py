"""``flask jobs``: run the scheduler, run one job once, list jobs and their last runs."""

from __future__ import annotations

import logging
import signal
from datetime import UTC, datetime

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import current_app
from flask.cli import AppGroup

from pathway.clock import utcnow
from pathway.jobs.registry import registered_jobs
from pathway.jobs.runner import holder_id, last_runs, run_jobs
from pathway.jobs.scheduler import build_scheduler

jobs_cli = AppGroup("jobs", help="Scheduled jobs: reminders, the interview guarantee, follow-ups.")


@jobs_cli.command("run")
def run_command() -> None:
    """Run the scheduler in this process until stopped (Ctrl+C or SIGTERM)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    scheduler = build_scheduler(current_app._get_current_object(), BlockingScheduler)
    # On SIGTERM (systemd, docker stop) let a running job finish, then stop.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: scheduler.shutdown(wait=True))
    click.echo(f"Scheduler running {len(registered_jobs())} jobs; stop with Ctrl+C.")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        if scheduler.running:
            scheduler.shutdown(wait=True)
    click.echo("Scheduler stopped.")


def parse_now(value: str | None) -> datetime:
    """``--now`` as naive UTC: an ISO time with an offset is converted, one without is UTC."""
    if not value:
        return utcnow()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date and time") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


@jobs_cli.command("run-once")
@click.argument("name")
@click.option("--now", "now_text", help="Run as if it were this time (ISO 8601; default: now).")
def run_once_command(name: str, now_text: str | None) -> None:
    """Run one job once for the period of NOW, unless that period already ran."""
    jobs = registered_jobs()
    if name not in jobs:
        raise click.BadParameter(f"no job {name!r}; jobs: {', '.join(jobs)}", param_hint="NAME")
    (result,) = run_jobs([jobs[name]], parse_now(now_text), holder_id())
    if result.status == "skipped":
        click.echo(f"{name} {result.period}: skipped - another runner has or had this period")
    elif result.status == "failed":
        click.echo(f"{name} {result.period}: failed - {result.error}", err=True)
        raise SystemExit(1)
    else:
        click.echo(f"{name} {result.period}: done {result.counts}")


@jobs_cli.command("list")
def list_command() -> None:
    """Each job, its schedule and its last run."""
    latest = last_runs()
    for name, job in registered_jobs().items():
        run = latest.get(name)
        if run is None:
            last = "never run"
        else:
            last = f"last {run.period}: {run.state}"
            last += f" - {run.error}" if run.error else f" {run.counts}"
        click.echo(f"{name:24} {job.schedule.describe():34} {last}")
