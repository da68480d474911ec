"""For administrators: each scheduled job, its last run, and recent runs and failures."""

from __future__ import annotations

from flask import render_template

from pathway.access import role_required
from pathway.auth.models import Role
from pathway.jobs.blueprint import bp
from pathway.jobs.registry import registered_jobs
from pathway.jobs.runner import last_runs, recent_runs


@bp.route("/")
@role_required(Role.ADMIN)
def runs():
    return render_template(
        "jobs/runs.html",
        jobs=registered_jobs().values(),
        latest=last_runs(),
        runs=recent_runs(50),
        failures=recent_runs(20, failed_only=True),
    )
