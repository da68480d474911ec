from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from pathway.candidates.models import ConsentMethod
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork, choices
from pathway.clock import today_london


def not_in_future(form, field):
    if field.data and field.data > today_london():
        raise ValidationError("This date cannot be in the future.")


class CandidateForm(FlaskForm):
    first_name = StringField(
        "First name",
        validators=[DataRequired("Enter a first name."), Length(max=60)],
        description="Only the first name: employers see it only if the candidate agrees.",
    )
    date_of_birth = DateField(
        "Date of birth", validators=[InputRequired("Enter the date of birth."), not_in_future]
    )
    english_level = SelectField(
        "English level (ESOL)",
        choices=choices(EnglishLevel, "Choose..."),
        validators=[DataRequired("Choose the assessed English level.")],
    )
    english_assessed_on = DateField(
        "English assessed on",
        validators=[InputRequired("Enter the date of the assessment."), not_in_future],
    )
    right_to_work = SelectField(
        "Right to work",
        choices=choices(RightToWork, "Choose..."),
        validators=[DataRequired("Choose the right-to-work status.")],
    )
    visa_expires_on = DateField(
        "Visa expires on", validators=[Optional()], description="Only for a visa."
    )
    nrm_decision = SelectField(
        "NRM decision",
        choices=choices(NrmDecision, "Choose..."),
        validators=[DataRequired("Choose the NRM status.")],
    )
    availability = StringField(
        "Availability",
        validators=[Optional(), Length(max=200)],
        description="E.g. weekday mornings; school run until 9:30.",
    )
    adjustments = StringField(
        "Agreed adjustments",
        validators=[Optional(), Length(max=300)],
        description="Practical adjustments only. Never record trafficking history here.",
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        visa = self.right_to_work.data == RightToWork.VISA.value
        if visa and not self.visa_expires_on.data and not self.visa_expires_on.errors:
            self.visa_expires_on.errors = ["Enter the visa's expiry date."]
            return False
        return valid

    def values(self) -> dict:
        return {
            "first_name": self.first_name.data.strip(),
            "date_of_birth": self.date_of_birth.data,
            "english_level": EnglishLevel(self.english_level.data),
            "english_assessed_on": self.english_assessed_on.data,
            "right_to_work": RightToWork(self.right_to_work.data),
            "visa_expires_on": self.visa_expires_on.data
            if self.right_to_work.data == RightToWork.VISA.value
            else None,
            "nrm_decision": NrmDecision(self.nrm_decision.data),
            "availability": (self.availability.data or "").strip(),
            "adjustments": (self.adjustments.data or "").strip(),
        }


class ConsentForm(FlaskForm):
    given_on = DateField(
        "Consent given on", validators=[InputRequired("Enter the date."), not_in_future]
    )
    method = SelectField(
        "How it was given",
        choices=choices(ConsentMethod, "Choose..."),
        validators=[DataRequired("Choose how consent was given.")],
    )
    share_first_name = BooleanField("Their first name", default=True)
    share_availability = BooleanField("Their availability", default=True)
    share_adjustments = BooleanField("Their agreed adjustments", default=True)


class NominateForm(FlaskForm):
    programme_id = IntegerField(validators=[InputRequired()])


class WithdrawConsentForm(FlaskForm):
    confirm = HiddenField(default="yes")
