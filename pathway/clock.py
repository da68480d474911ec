"""Time: stored in UTC, shown in Europe/London (DESIGN.md principle 7)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# The days a person can mean: a date typed as the year 1 or 9999 is a slip, never a fact.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def utcnow() -> datetime:
    """The current time in UTC, naive, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_london(moment: datetime) -> datetime:
    """A stored (naive UTC) datetime as local UK time."""
    return moment.replace(tzinfo=UTC).astimezone(LONDON)


def today_london() -> date:
    return datetime.now(LONDON).date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Aug + 6 months: 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
