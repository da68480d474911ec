"""One small form per stage action; each carries the version the user saw."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FloatField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TimeField,
    ValidationError,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)

from pathway.candidates.models import DeclineReason
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason, RetentionAnswer
from pathway.vocabulary import choices

REQUIRED_CHOICE = "Choose one."


def version_seen(value) -> int:
    """The placement version a form was filled in against (-1 if missing or garbled)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class StageActionForm(FlaskForm):
    """Attended, did not attend, passed: nothing more than an optional note."""

    version = HiddenField(validators=[InputRequired()])
    return_to = HiddenField(default="placement")
    note = StringField("Note (optional)", validators=[Optional(), Length(max=300)])

    def optional(self, name: str):
        value = getattr(self, name, None)
        return value.data if value is not None else None

    @property
    def expected_version(self) -> int:
        return version_seen(self.version.data)


class ScheduleForm(StageActionForm):
    scheduled_on = DateField("Date", validators=[InputRequired("Choose the date.")])
    scheduled_time = TimeField(
        "Time (optional)", validators=[Optional()], description="Where a time matters."
    )


class HoursField(FloatField):
    """Hours a week, such as 37.5, with a message a manager understands."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter the hours as a number, such as 37.5.") from None


def stop_if_unreadable(form, field):
    """Don't pile a range error on top of "not a number"."""
    if field.process_errors:
        raise StopValidation()


class HireForm(StageActionForm):
    contract_type = SelectField(
        "Contract type",
        choices=choices(ContractType, "Choose..."),
        validators=[DataRequired(REQUIRED_CHOICE)],
    )
    hours_per_week = HoursField(
        "Hours a week",
        validators=[
            InputRequired("Enter the contracted hours a week."),
            stop_if_unreadable,
            NumberRange(1, 48, "Between 1 and 48 hours a week."),
        ],
    )
    start_date = DateField("Start date", validators=[InputRequired("Choose the start date.")])


class NotHiredForm(StageActionForm):
    reason = SelectField(
        "Reason",
        choices=choices(LeaveReason, "Choose..."),
        validators=[DataRequired(REQUIRED_CHOICE)],
    )


class EndForm(StageActionForm):
    ended_by = SelectField(
        "Who ended it",
        choices=choices(EndedBy, "Choose..."),
        validators=[DataRequired(REQUIRED_CHOICE)],
    )
    reason = SelectField(
        "Reason",
        choices=choices(LeaveReason, "Choose..."),
        validators=[DataRequired(REQUIRED_CHOICE)],
    )


FORM_OF = {
    Action.SCHEDULE: ScheduleForm,
    Action.ATTENDED: StageActionForm,
    Action.DID_NOT_ATTEND: StageActionForm,
    Action.PASS: StageActionForm,
    Action.HIRE: HireForm,
    Action.NOT_HIRE: NotHiredForm,
    Action.END: EndForm,
}


class AcceptForm(FlaskForm):
    site_id = SelectField(
        "Site",
        coerce=lambda value: int(value) if value else None,
        validators=[DataRequired("Choose a site.")],
    )


class TransferForm(FlaskForm):
    version = HiddenField(validators=[InputRequired()])
    site_id = SelectField(
        "Move to",
        coerce=lambda value: int(value) if value else None,
        validators=[DataRequired("Choose a site.")],
    )


class DeclineForm(FlaskForm):
    reason = SelectField(
        "Reason",
        choices=choices(DeclineReason, "Choose..."),
        validators=[DataRequired(REQUIRED_CHOICE)],
    )
    note = StringField(
        "Note for the coach (optional)",
        validators=[Optional(), Length(max=300)],
        description="No personal details: the reason the coach can act on.",
    )


class FollowUpForm(FlaskForm):
    """Is a hired person still in work? Yes; no, with the reason; or not known."""

    answer = RadioField(
        "Is the person still in work?",
        choices=choices(RetentionAnswer),
        validators=[InputRequired(REQUIRED_CHOICE)],
    )
    reason = SelectField(
        "If no longer in work: why",
        choices=choices(LeaveReason, "Choose..."),
        default="",
        description="Only when the person is no longer in work.",
    )

    def validate_reason(self, field):
        if self.answer.data == RetentionAnswer.LEFT.value and not field.data:
            raise ValidationError("Choose why the person is no longer in work.")
