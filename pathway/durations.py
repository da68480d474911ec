"""How long a programme's stage lasts: an amount of one unit, and the two ways a length
is read - the calendar days it spans (readiness, reminders) and the working time it
plans (the figures' training hours)."""

from __future__ import annotations

from pathway.vocabulary import Labelled

HOURS_PER_DAY = 7.5  # a working day, for stages planned in days or weeks
DAYS_PER_WEEK = 5  # working days in a week


class DurationUnit(Labelled):
    MINUTES = "minutes", "minutes"
    HOURS = "hours", "hours"
    DAYS = "days", "days"
    WEEKS = "weeks", "weeks"

    def calendar_days(self, amount: int) -> float:
        """The days ``amount`` of this unit spans on the calendar (six weeks: 42)."""
        return amount * _CALENDAR_DAYS[self]

    def working_minutes(self, amount: int) -> int:
        """The working time ``amount`` of this unit plans, in minutes (a day: 7.5 hours)."""
        return round(amount * _WORKING_MINUTES[self])


_CALENDAR_DAYS = {
    DurationUnit.MINUTES: 1 / 1440,
    DurationUnit.HOURS: 1 / 24,
    DurationUnit.DAYS: 1,
    DurationUnit.WEEKS: 7,
}
_WORKING_MINUTES = {
    DurationUnit.MINUTES: 1,
    DurationUnit.HOURS: 60,
    DurationUnit.DAYS: HOURS_PER_DAY * 60,
    DurationUnit.WEEKS: HOURS_PER_DAY * 60 * DAYS_PER_WEEK,
}


def duration_text(amount: int | None, unit: DurationUnit | None) -> str:
    """E.g. "30 minutes", "1 day"; empty when no duration is set."""
    if not amount or not unit:
        return ""
    return f"{amount} {unit.value[:-1] if amount == 1 else unit.value}"
