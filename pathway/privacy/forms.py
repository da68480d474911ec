"""Finding a candidate by reference (administrators) and confirming an erasure."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from pathway.forms import strip
from pathway.privacy.vocabulary import CHOSEN_REASONS


class FindCandidateForm(FlaskForm):
    reference = StringField(
        "Candidate reference",
        filters=[strip],
        validators=[
            InputRequired("Enter the candidate's reference."),
            Length(max=20, message="A reference is at most 20 characters."),
            Regexp(r"^[A-Za-z0-9-]+$", message="A reference has only letters, digits and -."),
        ],
        description="As on the candidate's record, e.g. HL-2026-0007.",
    )


class EraseForm(FlaskForm):
    reason = RadioField(
        "Why erase it",
        choices=[SelectChoice(reason.value, reason.label) for reason in CHOSEN_REASONS],
        validators=[InputRequired("Choose why the data is erased.")],
    )
    confirm_reference = StringField(
        "Type the reference to confirm",
        filters=[strip],
        validators=[InputRequired("Type the reference to confirm."), Length(max=40)],
    )

    def __init__(self, reference: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.expected_reference = reference

    def validate_confirm_reference(self, field) -> None:
        if (field.data or "").upper() != self.expected_reference.upper():
            raise ValidationError(f"Type {self.expected_reference} exactly to confirm.")
