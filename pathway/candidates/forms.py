"""The coach's forms: candidate details, readiness assessments, consent, areas to avoid.

Impossible or contradictory facts are found by ``assessment_problems`` (the same rules the
service enforces) and shown beside the field they concern.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from pathway.candidates.consent import GIVING_METHODS, PlacementChoice
from pathway.candidates.models import AreaKind, ConsentMethod, ConsentScope
from pathway.candidates.places import region_choices
from pathway.candidates.readiness.assessments import (
    FACT_FIELDS,
    MAX_COMMIT_WEEKS,
    AssessmentFacts,
    assessment_problems,
)
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.clock import EARLIEST_DAY, LATEST_DAY, today_london
from pathway.forms import WholeNumberField
from pathway.vocabulary import choices

WEEKS_MESSAGE = f"Give a number of weeks from 0 to {MAX_COMMIT_WEEKS}."
YES_NO_UNKNOWN = [
    SelectChoice("yes", "Yes"),
    SelectChoice("no", "No"),
    SelectChoice("", "Not assessed yet"),
]


def plausible_day(form, field):
    """Not a slip such as the year 1 or 9999: no such date is a fact about a candidate."""
    if field.data and not EARLIEST_DAY <= field.data <= LATEST_DAY:
        raise StopValidation(f"Enter a date from {EARLIEST_DAY.year} to {LATEST_DAY.year}.")


def not_in_future(form, field):
    if field.data and field.data > today_london():
        raise ValidationError("This date cannot be in the future.")


def tri_state(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def tri_value(answer: bool | None) -> str:
    return {True: "yes", False: "no"}.get(answer, "")


class DetailsFields(FlaskForm):
    first_name = StringField(
        "First name",
        validators=[DataRequired("Enter a first name."), Length(max=60)],
        description="Only the first name: employers see it only if the candidate agrees.",
    )
    date_of_birth = DateField(
        "Date of birth",
        validators=[InputRequired("Enter the date of birth."), plausible_day, not_in_future],
    )
    region = SelectField(
        "Region they live in",
        choices=region_choices(),
        default="",
        description="Used to suggest taking-part sites in or near it.",
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

    def details(self) -> dict:
        return {
            "first_name": self.first_name.data.strip(),
            "date_of_birth": self.date_of_birth.data,
            "region": self.region.data or "",
            "availability": (self.availability.data or "").strip(),
            "adjustments": (self.adjustments.data or "").strip(),
        }


class FactsFields(FlaskForm):
    """The readiness facts a coach assesses."""

    english_level = SelectField(
        "English level (ESOL)",
        choices=choices(EnglishLevel, "Choose..."),
        validators=[DataRequired("Choose the assessed English level.")],
    )
    english_assessed_on = DateField(
        "English assessed on",
        validators=[InputRequired("Enter the date of the English assessment."), plausible_day],
    )
    right_to_work = SelectField(
        "Right to work",
        choices=choices(RightToWork, "Choose..."),
        validators=[DataRequired("Choose the right-to-work status.")],
    )
    right_to_work_checked_on = DateField(
        "Right to work last checked on",
        validators=[Optional(), plausible_day],
        description="The date the documents were last checked as an employer would.",
    )
    visa_issued_on = DateField(
        "Visa issued on", validators=[Optional(), plausible_day], description="Visa only."
    )
    visa_expires_on = DateField(
        "Visa expires on", validators=[Optional(), plausible_day], description="Visa only."
    )
    nrm_decision = SelectField(
        "NRM decision",
        choices=choices(NrmDecision, "Choose..."),
        validators=[DataRequired("Choose the NRM status.")],
    )
    commit_weeks = WholeNumberField(
        "Weeks they can commit to a programme",
        validators=[Optional(), NumberRange(0, MAX_COMMIT_WEEKS, WEEKS_MESSAGE)],
        description="Leave empty if not asked yet.",
    )
    support_in_place = RadioField(
        "Professional support in place (a caseworker or coach)",
        choices=YES_NO_UNKNOWN,
        default="",
    )
    move_on_plan = RadioField("A move-on plan agreed", choices=YES_NO_UNKNOWN, default="")

    def facts(self, assessed_on: date, custom_answers: dict | None = None) -> AssessmentFacts:
        """The facts as typed: visa dates for another status are refused, never dropped."""
        return AssessmentFacts(
            assessed_on=assessed_on,
            english_level=EnglishLevel(self.english_level.data),
            english_assessed_on=self.english_assessed_on.data,
            right_to_work=RightToWork(self.right_to_work.data),
            right_to_work_checked_on=self.right_to_work_checked_on.data,
            visa_issued_on=self.visa_issued_on.data,
            visa_expires_on=self.visa_expires_on.data,
            nrm_decision=NrmDecision(self.nrm_decision.data),
            commit_weeks=self.commit_weeks.data,
            support_in_place=tri_state(self.support_in_place.data),
            move_on_plan=tri_state(self.move_on_plan.data),
            custom_answers=custom_answers or {},
        )

    def check_facts(self, assessed_on: date | None) -> bool:
        """Place impossible or contradictory facts beside their fields; True when none.
        Runs whenever the facts themselves could be read, whatever else is wrong."""
        needed = ("english_level", "english_assessed_on", "right_to_work", "nrm_decision")
        if assessed_on is None or any(self[name].errors for name in needed):
            return False
        facts = self.facts(assessed_on)
        unreadable = {
            name: None for name in FACT_FIELDS if name in self._fields and self[name].errors
        }
        problems = assessment_problems(replace(facts, **unreadable), today_london())
        for name, message in problems.items():
            if name in self._fields:
                self[name].errors = [*self[name].errors, message]
        return not problems

    def fill_from(self, candidate) -> None:
        """Start from the candidate's current facts (for a GET)."""
        for name in FACT_FIELDS:
            field = self._fields.get(name)
            if field is None:
                continue
            value = getattr(candidate, name)
            if name in ("support_in_place", "move_on_plan"):
                field.data = tri_value(value)
            elif hasattr(value, "value"):
                field.data = value.value
            else:
                field.data = value


class CandidateForm(DetailsFields, FactsFields):
    """A new candidate: their details and their first readiness assessment."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self.check_facts(today_london()) and valid

    def values(self) -> dict:
        facts = self.facts(today_london())
        return {**self.details(), **{name: getattr(facts, name) for name in FACT_FIELDS}}


class CandidateDetailsForm(DetailsFields):
    """Editing a candidate's own details; readiness facts change by an assessment."""


class AssessmentForm(FactsFields):
    assessed_on = DateField(
        "Date of this assessment",
        validators=[InputRequired("Enter the date of the assessment."), plausible_day],
        default=today_london,
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        assessed_on = None if self.assessed_on.errors else self.assessed_on.data
        return self.check_facts(assessed_on) and valid

    def custom_answers(self, criterion_ids: list[int]) -> dict[str, bool]:
        answers = {}
        for criterion_id in criterion_ids:
            answer = tri_state(getattr(self, f"custom_{criterion_id}").data)
            if answer is not None:
                answers[str(criterion_id)] = answer
        return answers


def assessment_form(criteria: list, candidate=None, formdata=None) -> AssessmentForm:
    """An assessment form with a yes/no question for each programme's own criteria."""

    class Form(AssessmentForm):
        pass

    for criterion in criteria:
        setattr(
            Form,
            f"custom_{criterion.id}",
            RadioField(criterion.text, choices=YES_NO_UNKNOWN, default=""),
        )
    if formdata is not None:
        return Form()
    form = Form(formdata=None)
    if candidate is not None:
        form.fill_from(candidate)
        for criterion in criteria:
            answer = (candidate.custom_answers or {}).get(str(criterion.id))
            getattr(form, f"custom_{criterion.id}").data = tri_value(answer)
    return form


class ConsentForm(FlaskForm):
    scope = SelectField(
        "Consent to",
        choices=choices(ConsentScope),
        default=ConsentScope.SHARE_WITH_EMPLOYER.value,
    )
    given_on = DateField(
        "Consent given on",
        validators=[InputRequired("Enter the date."), plausible_day, not_in_future],
    )
    method = SelectField(
        "How it was given",
        choices=[SelectChoice("", "Choose...")]
        + [SelectChoice(m.value, m.label) for m in GIVING_METHODS],
        validators=[DataRequired("Choose how consent was given.")],
    )
    witness = StringField(
        "Witness",
        validators=[Optional(), Length(max=120)],
        description="For verbal consent: who witnessed it.",
    )
    share_first_name = BooleanField("Their first name", default=True)
    share_availability = BooleanField("Their availability", default=True)
    share_adjustments = BooleanField("Their agreed adjustments", default=True)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        verbal = self.method.data == ConsentMethod.VERBAL_WITNESSED.value
        if verbal and not (self.witness.data or "").strip():
            self.witness.errors = [*self.witness.errors, "Give the name of the witness."]
            return False
        return valid


class WithdrawConsentForm(FlaskForm):
    scope = SelectField(
        "Consent to withdraw",
        choices=choices(ConsentScope),
        default=ConsentScope.SHARE_WITH_EMPLOYER.value,
    )
    withdrawn_on = DateField(
        "Withdrawn on",
        validators=[DataRequired("Enter the date."), plausible_day, not_in_future],
        default=today_london,
    )
    method = SelectField(
        "How they told you",
        choices=choices(ConsentMethod, "Choose..."),
        validators=[DataRequired("Choose how the candidate withdrew their consent.")],
    )
    placement_choice = RadioField(
        "Their placement under way",
        choices=[SelectChoice(c.value, c.label) for c in PlacementChoice],
        validators=[Optional()],
    )


class AvoidAreaForm(FlaskForm):
    town = StringField(
        "Town or city",
        validators=[Optional(), Length(max=80)],
        description="E.g. a town where they were exploited.",
    )
    region = SelectField("Region", choices=region_choices("None"), default="")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not (self.town.data or "").strip() and not self.region.data:
            self.town.errors = [*self.town.errors, "Give a town or choose a region."]
            return False
        return valid

    def areas(self) -> list[tuple[AreaKind, str]]:
        found = []
        if (self.town.data or "").strip():
            found.append((AreaKind.TOWN, self.town.data))
        if self.region.data:
            found.append((AreaKind.REGION, self.region.data))
        return found


class RemoveAreaForm(FlaskForm):
    area_id = IntegerField(validators=[InputRequired("Choose an area to remove.")])


class NominateForm(FlaskForm):
    programme_id = IntegerField(validators=[InputRequired()])


class ResumeForm(FlaskForm):
    confirm = HiddenField(default="yes")
