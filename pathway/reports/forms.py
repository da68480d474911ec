"""Forms of the reports: the period, the financial year, publishing, partners' answers."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from pathway.reports.figures.periods import Period
from pathway.reports.models import ConfirmationAnswer
from pathway.vocabulary import choices

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
A_REAL_DATE = "Enter a real date, for example {example}."


def _within_supported_years(form, field) -> None:
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(f"Enter a date from {EARLIEST.year} to {LATEST.year}.")


class _PeriodFields(FlaskForm):
    """Both days are included in the period."""

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

    @property
    def period(self) -> Period:
        return Period(self.start.data, self.end.data)


class PeriodForm(_PeriodFields):
    """The period to show, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False


class DraftForm(_PeriodFields):
    """Prepare the period's report for publication."""


class FinancialYearForm(FlaskForm):
    start_month = SelectField(
        "Your financial year starts on the first day of",
        choices=[SelectChoice(str(m), calendar.month_name[m]) for m in range(1, 13)],
        coerce=int,
        validators=[InputRequired("Choose the month your financial year starts in.")],
    )


class PublishForm(FlaskForm):
    supersedes = SelectField("This report", choices=[], validate_choice=True)
    reason = TextAreaField(
        "Why it replaces the earlier version",
        validators=[Length(max=300, message="Keep the reason to 300 characters.")],
        description="Required when the report replaces one already published.",
    )
    understood = BooleanField(
        "I have checked these figures. Once published they cannot be changed, only replaced "
        "by a correction that says why.",
        validators=[DataRequired("Tick to confirm you have checked the figures.")],
    )

    def offer(self, replaceable: list[tuple[str, str]]) -> None:
        """``replaceable``: (reference, description) of reports a correction may replace."""
        self.supersedes.choices = [SelectChoice("", "Is a new report (it replaces none)")] + [
            SelectChoice(reference, f"Replaces {description}")
            for reference, description in replaceable
        ]

    def validate_reason(self, field) -> None:
        if self.supersedes.data and not (field.data or "").strip():
            raise ValidationError("Say why this report replaces the earlier one.")


class ConfirmationForm(FlaskForm):
    answer = RadioField(
        "Your answer",
        choices=choices(ConfirmationAnswer),
        validators=[InputRequired("Choose whether you confirm these figures.")],
    )
    note = TextAreaField(
        "What does not match your records?",
        validators=[Length(max=300, message="Keep the note to 300 characters.")],
        description="Needed if you cannot confirm. Do not name or describe anyone.",
    )

    def validate_note(self, field) -> None:
        not_confirmed = self.answer.data == ConfirmationAnswer.NOT_CONFIRMED.value
        if not_confirmed and not (field.data or "").strip():
            raise ValidationError("Say what does not match your records.")


def last_twelve_months(today: date) -> tuple[date, date]:
    """The twelve months up to and including ``today``."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today
