from datetime import date

import pytest

from pathway.reports.figures.periods import (
    Period,
    add_months,
    financial_year_containing,
    financial_year_name,
    last_complete_financial_year,
    previous_period,
)


@pytest.mark.parametrize(
    ("today", "month", "start", "end"),
    [
        (date(2026, 11, 23), 4, date(2026, 4, 1), date(2027, 3, 31)),
        (date(2026, 3, 31), 4, date(2025, 4, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), 4, date(2026, 4, 1), date(2027, 3, 31)),
        (date(2026, 11, 23), 1, date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 1, 5), 9, date(2025, 9, 1), date(2026, 8, 31)),
    ],
)
def test_the_financial_year_a_day_falls_in(today, month, start, end):
    assert financial_year_containing(today, month) == Period(start, end)


def test_the_last_complete_financial_year_is_the_one_before_this():
    assert last_complete_financial_year(date(2026, 11, 23), 4) == Period(
        date(2025, 4, 1), date(2026, 3, 31)
    )


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        # A year, leap day and all, is compared with the year before.
        (Period(date(2024, 4, 1), date(2025, 3, 31)), Period(date(2023, 4, 1), date(2024, 3, 31))),
        # A quarter with the quarter before.
        (
            Period(date(2026, 1, 1), date(2026, 3, 31)),
            Period(date(2025, 10, 1), date(2025, 12, 31)),
        ),
        # Months that start mid-month.
        (
            Period(date(2026, 1, 15), date(2026, 3, 14)),
            Period(date(2025, 11, 15), date(2026, 1, 14)),
        ),
        # Anything else: the same number of days just before.
        (
            Period(date(2026, 1, 10), date(2026, 1, 19)),
            Period(date(2025, 12, 31), date(2026, 1, 9)),
        ),
    ],
)
def test_the_previous_period(period, previous):
    assert previous_period(period) == previous


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        Period(date(2026, 2, 1), date(2026, 1, 31))


def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -3) == date(2025, 10, 15)


def test_a_financial_year_has_a_name_only_when_the_period_is_one():
    assert financial_year_name(Period(date(2025, 4, 1), date(2026, 3, 31)), 4) == (
        "Financial year 2025/26"
    )
    assert financial_year_name(Period(date(2026, 1, 1), date(2026, 12, 31)), 1) == (
        "Financial year 2026"
    )
    assert financial_year_name(Period(date(2025, 4, 1), date(2026, 3, 30)), 4) is None
