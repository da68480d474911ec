"""Keeps the figures' summary (``summary``) in step with the history it is made from: after
every flush, whichever service wrote it (installed by ``register_figures_upkeep``, a named
step of ``create_app``); and ``flask reports rebuild-summary``."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import bindparam, event, inspect, or_, select
from sqlalchemy.orm import Session

from pathway.candidates.models import Candidate, Consent, Nomination
from pathway.extensions import db
from pathway.placements.models import Placement, StageEvent
from pathway.reports.figures.summary import rebuild, recompute

# A change to any of these in a recorded event (Pathway never makes one) means its placement
# is recomputed; others (the note, which erasure clears) change nothing in the summary.
SUMMARISED = (
    "placement_id",
    "kind",
    "stage_position",
    "stage_name",
    "occurred_at",
    "scheduled_on",
    "contract_type",
    "hours_per_week",
    "start_date",
    "ended_by",
    "reason",
)


def register_figures_upkeep(app=None) -> None:
    """After every flush of any session, recompute what the flush changed (once per
    process: the listener is on the Session class, whichever app made the session)."""
    if not event.contains(Session, "after_flush", _keep_in_step):
        event.listen(Session, "after_flush", _keep_in_step)


def _keep_in_step(session: Session, _flush_context) -> None:
    """After a flush: recompute the placements whose history, nomination date, or
    candidate's consent or support provider changed."""
    placements: set[int] = set()
    candidates: set[int] = set()
    nominations: set[int] = set()
    for obj in session.new | session.deleted:
        if isinstance(obj, StageEvent):
            placements.add(obj.placement_id)
        elif isinstance(obj, Consent):
            candidates.add(obj.candidate_id)
    for obj in session.dirty:
        if isinstance(obj, StageEvent) and _changed(obj, SUMMARISED):
            placements.add(obj.placement_id)
        elif isinstance(obj, Consent) and _changed(obj, ("scope", "withdrawn_on", "candidate_id")):
            candidates.add(obj.candidate_id)
        elif isinstance(obj, Candidate) and _changed(obj, ("organisation_id",)):
            candidates.add(obj.id)
        elif isinstance(obj, Nomination) and _changed(obj, ("created_at",)):
            nominations.add(obj.id)
    if not (placements or candidates or nominations):
        return
    connection = session.connection()
    if candidates or nominations:
        found = {"candidate_ids": sorted(candidates), "nomination_ids": sorted(nominations)}
        placements.update(connection.scalars(_PLACEMENTS_OF, found))
    if placements:
        recompute(connection, placements)


_PLACEMENTS_OF = select(Placement.id).where(
    or_(
        Placement.candidate_id.in_(bindparam("candidate_ids", expanding=True)),
        Placement.nomination_id.in_(bindparam("nomination_ids", expanding=True)),
    )
)


def _changed(obj, names) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


reports_cli = AppGroup("reports", help="The redress figures.")


@reports_cli.command("rebuild-summary")
def rebuild_summary_command() -> None:
    """Recompute the figures' summary from every stage event (after changing events by hand,
    or to check: the figures do not change)."""
    with db.engine.begin() as connection:
        written = rebuild(connection)
    click.echo(
        f"Rebuilt the figures' summary: {written['placements']:,} placements, "
        f"{written['milestones']:,} milestones."
    )
