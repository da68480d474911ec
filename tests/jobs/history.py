"""Placements whose stage history happened at chosen times, for frozen-clock job tests."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import delete

from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.notifications.services import shown_notices
from pathway.placements.news import EVENT_KINDS
from pathway.placements.nominations import accept_nomination
from pathway.placements.services import StageUpdate, record_stage_update
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import ContractType


def shown(notice) -> str:
    """A notice's text as its recipient is shown it now."""
    return shown_notices(notice.recipient, [notice])[0].text


def at(day: str, hour: int = 10) -> datetime:
    """A naive UTC moment on an ISO day (10:00 UTC is 10:00 or 11:00 in the UK)."""
    return datetime.combine(date.fromisoformat(day), time(hour))


def forget_what_was_told() -> None:
    """The story's own events were told as they happened (tests/placements/test_news.py);
    a job test looks only at what its job adds."""
    db.session.execute(delete(Notification).where(Notification.kind.in_(EVENT_KINDS)))
    db.session.commit()


class History:
    """Builds placements and records their stages at given moments, through the services."""

    def __init__(self, make, world):
        self.make, self.world = make, world

    def placement(self, accepted: str, site=None, **candidate_fields):
        candidate = self.make.candidate(self.world.coach, **candidate_fields)
        nomination = self.make.nomination(candidate, self.world.programme)
        placement = accept_nomination(
            nomination, site or self.world.site, self.world.lead, at=at(accepted)
        )
        db.session.commit()
        forget_what_was_told()
        return placement

    def step(self, placement, action: Action, day: str, **fields):
        update = StageUpdate(action=action, **fields)
        record_stage_update(placement, update, self.world.manager, placement.version, at=at(day))
        db.session.commit()
        forget_what_was_told()
        return placement

    def complete_stage(self, placement, day: str):
        """Schedule, attend and pass the current stage, all on ``day``."""
        for action in (Action.SCHEDULE, Action.ATTENDED, Action.PASS):
            extra = {"scheduled_on": date.fromisoformat(day)} if action is Action.SCHEDULE else {}
            self.step(placement, action, day, **extra)
        return placement

    def trained(self, accepted: str, training_passed: str, **candidate_fields):
        """Through meet and greet, shadow day and training; now at the guaranteed interview."""
        placement = self.placement(accepted, **candidate_fields)
        self.complete_stage(placement, accepted)
        self.complete_stage(placement, accepted)
        self.complete_stage(placement, training_passed)
        return placement

    def hired(self, accepted: str, start_date: str, **candidate_fields):
        placement = self.trained(accepted, accepted, **candidate_fields)
        self.step(placement, Action.SCHEDULE, accepted, scheduled_on=date.fromisoformat(accepted))
        self.step(placement, Action.ATTENDED, accepted)
        self.step(
            placement,
            Action.HIRE,
            accepted,
            contract_type=ContractType.PERMANENT,
            hours_per_week=30,
            start_date=date.fromisoformat(start_date),
        )
        return placement


@pytest.fixture
def history(make, world) -> History:
    return History(make, world)
