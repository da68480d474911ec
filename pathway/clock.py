"""Time: stored in UTC, shown in Europe/London (DESIGN.md principle 7).

Every "now" and "today" in Pathway comes from here. Tests move the clock with
``travel_to`` (the suite reads ``PATHWAY_TEST_TODAY``), so they pass on any day; nothing
else does.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# The days a person can mean: a date typed as the year 1 or 9999 is a slip, never a fact.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)

# How far the clock is set from the real time: always zero outside the tests.
_shift = timedelta(0)


def utcnow() -> datetime:
    """The current time in UTC, naive, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None) + _shift


def now_london() -> datetime:
    """The current time in the UK, aware."""
    return to_london(utcnow())


def to_london(moment: datetime) -> datetime:
    """A stored (naive UTC) datetime as local UK time."""
    return moment.replace(tzinfo=UTC).astimezone(LONDON)


def today_london() -> date:
    return now_london().date()


def travel_to(day: date | None) -> None:
    """Make ``day`` today in the UK, at the real time of day, and let time run on from
    there (``None`` goes back to the real day). For tests only."""
    global _shift
    _shift = timedelta(0)
    if day is None:
        return
    real = now_london()
    wanted = datetime.combine(day, real.time().replace(tzinfo=None), tzinfo=LONDON)
    _shift = wanted.astimezone(UTC) - real.astimezone(UTC)


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """``travel_to(day)`` for a while, then back to the day it was. For tests only."""
    global _shift
    before = _shift
    travel_to(day)
    try:
        yield
    finally:
        _shift = before


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Aug + 6 months: 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
