"""Time: stored in UTC, shown in Europe/London (DESIGN.md principle 7)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    """The current time in UTC, naive, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_london(moment: datetime) -> datetime:
    """A stored (naive UTC) datetime as local UK time."""
    return moment.replace(tzinfo=UTC).astimezone(LONDON)


def today_london() -> date:
    return datetime.now(LONDON).date()
