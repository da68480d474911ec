"""The stage history is append-only: a recorded event never changes and is never deleted,
but for erasure blanking its note."""

from datetime import timedelta

import pytest

from pathway.extensions import db
from pathway.placements.events import StageEventImmutable
from pathway.placements.transitions import Action


@pytest.fixture
def event(world, make):
    placement = make.placement(make.candidate(world.coach), world.programme, world.lead)
    make.advance(placement, world.manager, Action.SCHEDULE, note="Bring your ID")
    return placement.events[-1]


@pytest.mark.parametrize(
    "change",
    [
        lambda e: setattr(e, "kind", "hired"),
        lambda e: setattr(e, "occurred_at", e.occurred_at - timedelta(days=400)),
        lambda e: setattr(e, "note", "Rewritten later"),
    ],
)
def test_a_recorded_event_cannot_be_changed(event, change):
    change(event)
    with pytest.raises(StageEventImmutable, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()


def test_a_recorded_event_cannot_be_deleted(event):
    db.session.delete(event)
    with pytest.raises(StageEventImmutable, match="cannot be deleted"):
        db.session.flush()
    db.session.rollback()


def test_erasure_may_blank_a_note_and_nothing_else(event):
    event.note = ""
    db.session.commit()
    db.session.refresh(event)
    assert event.note == ""
