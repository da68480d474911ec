"""The coach's side of a placement's history: details withheld or shared again, paused,
resumed. Each is a stage event, so the employer's timeline shows what happened and when -
never why (the candidate's reasons stay with their coach)."""

from __future__ import annotations

from datetime import datetime

from pathway.auth.models import User
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.placements.events import stage_event
from pathway.placements.models import Placement, StageEvent
from pathway.placements.news import tell_event
from pathway.placements.services import state_label
from pathway.placements.vocabulary import EventKind
from pathway.refusals import ActionRefused

NOTES = {
    EventKind.CONSENT_WITHDRAWN: "The candidate's details are withheld from now on.",
    EventKind.CONSENT_GIVEN: "The candidate agreed again to share their details.",
    EventKind.PAUSED: "Paused by the candidate's coach.",
    EventKind.RESUMED: "Resumed by the candidate's coach.",
}


def _record(
    placement: Placement, kind: EventKind, user: User, at: datetime, before: str
) -> StageEvent:
    event = stage_event(
        placement,
        kind,
        user,
        at,
        from_state=before,
        to_state=state_label(placement),
        note=NOTES[kind],
    )
    placement.events.append(event)
    return event


def _require_open(placement: Placement) -> None:
    if not placement.is_open:
        raise ActionRefused(
            f"This placement has ended ({placement.outcome.label.lower()}); nothing more can "
            "be recorded."
        )


def record_consent_change(
    placement: Placement, kind: EventKind, user: User, at: datetime | None = None
) -> None:
    """Note in an open placement's history that details are now withheld or shared again."""
    if kind not in (EventKind.CONSENT_WITHDRAWN, EventKind.CONSENT_GIVEN):
        raise ValueError(kind)
    _require_open(placement)
    before = state_label(placement)
    _record(placement, kind, user, at or utcnow(), before)
    db.session.flush()


def pause_placement(placement: Placement, user: User, at: datetime | None = None) -> None:
    """Stop the placement where it is: no stage can be recorded until it is resumed."""
    _require_open(placement)
    if placement.is_paused:
        raise ActionRefused("This placement is already paused.")
    at = at or utcnow()
    before = state_label(placement)
    placement.paused_at = at
    event = _record(placement, EventKind.PAUSED, user, at, before)
    db.session.flush()
    tell_event(placement, event, user)


def resume_placement(placement: Placement, user: User, at: datetime | None = None) -> None:
    _require_open(placement)
    if not placement.is_paused:
        raise ActionRefused("This placement is not paused.")
    at = at or utcnow()
    before = state_label(placement)
    placement.paused_at = None
    event = _record(placement, EventKind.RESUMED, user, at, before)
    db.session.flush()
    tell_event(placement, event, user)
