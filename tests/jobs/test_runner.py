"""The runner: leases, run records, failures that stop nothing, the CLI and real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pathway.clock import utcnow
from pathway.config import ConfigError, load_config
from pathway.crypto import new_key
from pathway.extensions import db
from pathway.jobs.models import JobLease, JobRun
from pathway.jobs.registry import RegisteredJob, daily, hourly, registered_jobs
from pathway.jobs.runner import run_job, run_jobs
from pathway.notifications.models import Notification
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements.transitions import Action
from tests.jobs.history import at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def booked(history):
    """A stage booked for 25 November: stage_reminders has work on the 24th."""
    placement = history.placement("2026-11-20")
    history.step(placement, Action.SCHEDULE, "2026-11-20", scheduled_on=date(2026, 11, 25))
    return placement


def runs(job: str | None = None) -> list[JobRun]:
    query = select(JobRun).order_by(JobRun.id)
    if job:
        query = query.where(JobRun.job == job)
    return list(db.session.scalars(query))


def finished_runs() -> list[JobRun]:
    return [run for run in runs() if run.finished_at is not None]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_runner_starting_late_catches_up_only_what_it_missed():
    assert daily(7).missed(at("2026-11-24", 7)) and not daily(7).missed(at("2026-11-24", 6))
    assert not daily(7).missed(at("2026-06-24", 5))  # 06:00 BST
    assert hourly(30).missed(at("2026-11-24", 6).replace(minute=30))
    assert not hourly(30).missed(at("2026-11-24", 6).replace(minute=29))


def test_periods_are_uk_days_or_hours():
    assert daily(7).period(at("2026-11-24", 23)) == "2026-11-24"  # GMT in winter
    assert daily(7).period(at("2026-06-24", 23)) == "2026-06-25"  # BST: already the 25th
    assert hourly(30).period(at("2026-06-24", 23)) == "2026-06-25T00"


def test_a_run_is_recorded_with_its_counts(booked):
    job = registered_jobs()["stage_reminders"]
    result = run_job(job, at("2026-11-24", 7), "runner-a")
    assert (result.status, result.period, result.counts["notices"]) == ("done", "2026-11-24", 2)
    (run,) = runs()
    assert (run.job, run.period, run.holder, run.error) == (
        "stage_reminders",
        "2026-11-24",
        "runner-a",
        None,
    )
    assert run.finished_at >= run.started_at
    assert run.counts == {"notices": 2, "emails": 2}  # logged: no MAIL_SERVER in tests


def test_the_same_period_runs_once_even_for_another_runner(booked):
    job = registered_jobs()["stage_reminders"]
    run_job(job, at("2026-11-24", 7), "runner-a")
    second = run_job(job, at("2026-11-24", 9), "runner-b")
    assert second.status == "skipped"
    assert len(runs()) == 1 and count(Notification) == 2
    assert run_job(job, at("2026-11-25", 7), "runner-b").status == "done"  # the next day


def test_a_lease_whose_runner_died_is_taken_over_after_it_expires(booked):
    job = registered_jobs()["stage_reminders"]
    db.session.add(
        JobLease(
            job=job.name,
            period="2026-11-24",
            holder="dead",
            expires_at=utcnow() + timedelta(minutes=5),
        )
    )
    db.session.commit()
    assert run_job(job, at("2026-11-24"), "runner-b").status == "skipped"  # still held

    lease = db.session.scalar(select(JobLease))
    lease.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert run_job(job, at("2026-11-24"), "runner-b").status == "done"
    db.session.refresh(lease)
    assert lease.holder == "runner-b" and lease.expires_at is None  # done: never taken again
    assert run_job(job, at("2026-11-24"), "runner-c").status == "skipped"


def test_a_job_that_raises_is_recorded_and_the_next_still_runs(booked):
    def broken(now):
        db.session.add(
            Notification(
                recipient_id=booked.candidate.coach_id,
                kind=NoticeKind.STAGE_REMINDER,
                subject_key="half-done",
                text="never kept",
                link="/",
            )
        )
        db.session.flush()
        raise RuntimeError("the rule could not be applied")

    jobs = [
        RegisteredJob("broken", broken, daily(6), "fails"),
        registered_jobs()["stage_reminders"],
    ]
    results = run_jobs(jobs, at("2026-11-24"), "runner-a")

    assert [r.status for r in results] == ["failed", "done"]
    failed = runs("broken")[0]
    assert failed.error == "RuntimeError: the rule could not be applied"
    assert failed.finished_at is not None and failed.state == "failed"
    assert (
        db.session.scalar(select(Notification).where(Notification.subject_key == "half-done"))
        is None
    )
    assert runs("stage_reminders")[0].counts["notices"] == 2


def test_a_failed_period_can_be_run_again(app):
    attempts = []

    def flaky(now):
        attempts.append(now)
        if len(attempts) == 1:
            raise RuntimeError("the mail server was down")
        return {"notices": 0}

    job = RegisteredJob("flaky", flaky, daily(6), "fails once")
    assert run_job(job, at("2026-11-24"), "runner-a").status == "failed"
    assert run_job(job, at("2026-11-24"), "runner-a").status == "done"
    assert run_job(job, at("2026-11-24"), "runner-b").status == "skipped"  # done stays done
    assert len(attempts) == 2


def test_database_errors_are_recorded_without_their_values(booked):
    def clash(now):
        for _ in range(2):  # the same notice twice: the unique constraint refuses the second
            db.session.add(
                Notification(
                    recipient_id=booked.candidate.coach_id,
                    kind=NoticeKind.STAGE_REMINDER,
                    subject_key="Secret Name",
                    text="Secret Name",
                    link="/",
                )
            )
        db.session.flush()

    (result,) = run_jobs([RegisteredJob("clash", clash, daily(6), "")], at("2026-11-24"), "r")
    assert result.status == "failed" and result.error.startswith("IntegrityError")
    assert "Secret Name" not in runs("clash")[0].error


def test_every_job_is_idempotent_on_an_empty_database(app):
    for job in registered_jobs().values():
        assert job.function(at("2026-11-24")) is not None
        db.session.commit()
    assert count(Notification) == 0


# --- the command line --------------------------------------------------------------------


def test_cli_run_once_and_list(app, booked):
    cli = app.test_cli_runner()
    listed = cli.invoke(args=["jobs", "list"])
    assert listed.exit_code == 0
    assert "stage_reminders" in listed.output and "never run" in listed.output
    assert "every day at 07:00 (UK time)" in listed.output

    once = cli.invoke(args=["jobs", "run-once", "stage_reminders", "--now", "2026-11-24T07:00"])
    assert once.exit_code == 0, once.output
    assert "stage_reminders 2026-11-24: done" in once.output
    again = cli.invoke(args=["jobs", "run-once", "stage_reminders", "--now", "2026-11-24T08:00"])
    assert "skipped" in again.output

    listed = cli.invoke(args=["jobs", "list"])
    assert "last 2026-11-24: done" in listed.output


def test_cli_refuses_an_unknown_job_or_time(app):
    cli = app.test_cli_runner()
    assert cli.invoke(args=["jobs", "run-once", "no_such_job"]).exit_code == 2
    bad = cli.invoke(args=["jobs", "run-once", "stage_reminders", "--now", "tuesday"])
    assert bad.exit_code == 2 and "not an ISO date" in bad.output


def test_cli_now_with_an_offset_is_converted_to_utc(app):
    from pathway.jobs.cli import parse_now

    assert parse_now("2026-06-25T00:30+01:00") == at("2026-06-24", 23).replace(minute=30)


def test_two_runners_started_together_run_a_period_once(app, booked):
    """Two real processes, the same job, the same period, one SQLite file."""
    env = dict(
        os.environ,
        PATHWAY_ENV="testing",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SQLITE_BUSY_TIMEOUT_MS="20000",
    )
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "run-once"]
    command += ["stage_reminders", "--now", "2026-11-24T07:00:00"]
    db.session.remove()
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    said = sorted(out.strip().split(": ", 1)[1].split(" ")[0] for out, _ in outputs)
    assert said == ["done", "skipped"], outputs
    assert len(runs()) == 1
    assert count(Notification) == 2
    assert count(JobLease) == 1


# --- where the scheduler runs ------------------------------------------------------------


def test_the_scheduler_in_the_web_process_is_a_development_setting(tmp_path):
    def config(**env):
        base = {"SECRET_KEY": "x" * 32, "ENCRYPTION_KEY": new_key()}
        return load_config(str(tmp_path), base | env)

    with pytest.raises(ConfigError, match="flask --app wsgi jobs run"):
        config(PATHWAY_ENV="production", RUN_SCHEDULER_IN_WEB="1")
    assert config(PATHWAY_ENV="development", RUN_SCHEDULER_IN_WEB="1")["RUN_SCHEDULER_IN_WEB"]
    assert config(PATHWAY_ENV="production")["RUN_SCHEDULER_IN_WEB"] is False


def test_the_scheduler_has_every_job_on_its_schedule(app):
    from apscheduler.schedulers.background import BackgroundScheduler

    from pathway.jobs.scheduler import build_scheduler

    scheduler = build_scheduler(app, BackgroundScheduler)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert list(jobs) == list(registered_jobs())
    assert "hour='7', minute='0'" in str(jobs["stage_reminders"].trigger)


def test_with_the_setting_on_the_web_process_starts_the_scheduler_on_its_first_request(app):
    from pathway import create_app
    from pathway.jobs import scheduler as web

    served = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RUN_SCHEDULER_IN_WEB": True,
        }
    )
    assert web._web_scheduler is None
    db.session.remove()
    try:
        served.test_client().get("/login")
        assert web._web_scheduler is not None and web._web_scheduler.running
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(finished_runs()) < len(registered_jobs()):
            time.sleep(0.2)
            db.session.remove()
        assert {run.job for run in runs()} == set(registered_jobs())  # each caught up at start
    finally:
        web.stop_web_scheduler(wait=True)
        with served.app_context():
            db.engine.dispose()
