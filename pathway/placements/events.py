"""The stage history: how every stage event is made, and the guard that keeps it append-only.

Accepting a nomination, moving a placement, every stage action, pausing and resuming all
make their event with ``stage_event``. Once written, an event never changes and is never
deleted - the board, the timelines, the audit and the redress figures all read them - with
one exception, erasure, which may only blank an event's free-text note
(``privacy/catalogue.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event, inspect

from pathway.auth.models import User
from pathway.placements.models import Placement, StageEvent
from pathway.placements.vocabulary import EventKind

ERASABLE = frozenset({"note"})  # erasure blanks it; nothing else of an event ever changes


class StageEventImmutable(RuntimeError):
    """Raised when code tries to change or delete a recorded stage event."""


def stage_event(
    placement: Placement, kind: EventKind, user: User, at: datetime, **facts
) -> StageEvent:
    """A new event of ``placement``'s current stage (``facts`` may name another), not yet
    added: the caller appends it once the placement's new state is known."""
    stage = placement.current_stage
    values = {"stage_position": stage.position, "stage_name": stage.name, **facts}
    return StageEvent(kind=kind, occurred_at=at, actor_id=user.id, **values)


@event.listens_for(StageEvent, "before_update")
def _refuse_update(_mapper, _connection, target: StageEvent) -> None:
    changed = {attr.key for attr in inspect(target).attrs if attr.history.has_changes()}
    if changed - ERASABLE or (changed and target.note):
        raise StageEventImmutable(f"Stage event {target.id} cannot be changed.")


@event.listens_for(StageEvent, "before_delete")
def _refuse_delete(_mapper, _connection, target: StageEvent) -> None:
    raise StageEventImmutable(f"Stage event {target.id} cannot be deleted.")
