"""Reporting periods: an employer's financial year, any date range, and the period before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pathway.clock import add_months


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The period ends before it starts.")

    @property
    def since(self) -> datetime:
        """The first moment of the period, as stored (naive UTC)."""
        return datetime.combine(self.start, time.min)

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min)

    @property
    def label(self) -> str:
        return f"{_long(self.start)} to {_long(self.end)}"

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}

    def whole_months(self) -> int | None:
        """How many whole months the period spans, when it starts and ends on matching days."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        for count in (months - 1, months):
            if count > 0 and add_months(self.start, count) == self.end + timedelta(days=1):
                return count
        return None


def previous_period(period: Period) -> Period:
    """The period just before: the same months earlier for a run of whole months (a financial
    year, a quarter), otherwise the same number of days immediately before."""
    months = period.whole_months()
    if months is not None:
        return Period(add_months(period.start, -months), period.start - timedelta(days=1))
    length = (period.end - period.start).days
    end = period.start - timedelta(days=1)
    return Period(end - timedelta(days=length), end)


def financial_year_containing(day: date, start_month: int) -> Period:
    """The financial year (starting on the 1st of ``start_month``) that ``day`` falls in."""
    year = day.year if day.month >= start_month else day.year - 1
    start = date(year, start_month, 1)
    return Period(start, add_months(start, 12) - timedelta(days=1))


def last_complete_financial_year(today: date, start_month: int) -> Period:
    """The most recent financial year that has ended: the one a statement usually covers."""
    current = financial_year_containing(today, start_month)
    return previous_period(current)


def financial_year_name(period: Period, start_month: int) -> str | None:
    """E.g. "Financial year 2025/26" when ``period`` is exactly one of the employer's years."""
    year = financial_year_containing(period.start, start_month)
    if year != period:
        return None
    if start_month == 1:
        return f"Financial year {period.start.year}"
    return f"Financial year {period.start.year}/{str(period.end.year)[-2:]}"


def _long(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"
