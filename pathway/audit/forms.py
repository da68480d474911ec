"""The administrator's search of the audit trail (a GET form: no CSRF token needed)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp

from pathway.audit.hooks import RECORD_ARGUMENTS
from pathway.audit.queries import ACTION_LABELS
from pathway.forms import options


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False

    user = SelectField("User", validators=[Optional()])
    action = SelectField(
        "What happened",
        choices=options([("", "Anything")] + list(ACTION_LABELS.items())),
        validators=[Optional()],
    )
    record_type = SelectField(
        "Record",
        choices=options(
            [("", "Any record")]
            + [(kind, kind.replace("_", " ").capitalize()) for _, kind in RECORD_ARGUMENTS]
        ),
        validators=[Optional()],
    )
    record_id = StringField(
        "Record number",
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[A-Za-z0-9-]+$", message="Letters, digits and - only."),
        ],
    )
    from_day = DateField("From", validators=[Optional()])
    to_day = DateField("To", validators=[Optional()])

    def validate_to_day(self, field) -> None:
        if field.data and self.from_day.data and field.data < self.from_day.data:
            from wtforms.validators import ValidationError

            raise ValidationError("The end date must not be before the start date.")
