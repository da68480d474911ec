"""The period a CR officer asks figures for, read from the query string."""

from __future__ import annotations

from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import DataRequired, ValidationError

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
A_REAL_DATE = "Enter a real date, for example {example}."


def _within_supported_years(form, field) -> None:
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(f"Enter a date from {EARLIEST.year} to {LATEST.year}.")


class PeriodForm(FlaskForm):
    """A GET form (no CSRF: it changes nothing); both days are included in the period."""

    class Meta:
        csrf = False

    start = DateField(
        "From",
        validators=[
            DataRequired(A_REAL_DATE.format(example="2026-04-01")),
            _within_supported_years,
        ],
    )
    end = DateField(
        "To (included)",
        validators=[
            DataRequired(A_REAL_DATE.format(example="2027-03-31")),
            _within_supported_years,
        ],
    )

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError("The last day must be on or after the first day.")


def last_twelve_months(today: date) -> tuple[date, date]:
    """The default period: the twelve months up to and including ``today``."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today
