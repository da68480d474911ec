"""Forms for programmes: details, readiness criteria and the ordered stages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)

from pathway.candidates.vocabulary import DEFAULT_QUALIFYING_NRM, EnglishLevel, NrmDecision
from pathway.durations import DurationUnit
from pathway.employers.models import FollowUpBy, Programme
from pathway.employers.services import (
    TEMPLATES,
    StageSpec,
    custom_criteria_lines,
    custom_criteria_problems,
)
from pathway.forms import AtLeastOne, MultiCheckboxField, WholeNumberField, options, strip
from pathway.vocabulary import choices

MAX_STAGES = 20


def _days_field(label: str, default: int, why: str = "") -> WholeNumberField:
    """A programme timing in days, 1 to 90; left empty it keeps ``default``."""
    return WholeNumberField(
        label,
        default=default,
        validators=[Optional(), NumberRange(1, 90, "Give a number of days from 1 to 90.")],
        description=f"{why} Empty: {default} days.".strip(),
    )


class ProgrammeDetailsForm(FlaskForm):
    """What a partnership lead sets on every programme: name, sites and readiness criteria."""

    name = StringField(
        "Programme name",
        filters=[strip],
        validators=[DataRequired("Give the programme a name."), Length(max=120)],
    )
    sites = MultiCheckboxField(
        "Taking-part sites",
        coerce=int,
        validators=[AtLeastOne("Choose at least one taking-part site.")],
        invalid_choice_message="Choose from your own organisation's sites.",
    )
    min_english_level = SelectField(
        "Minimum English level",
        choices=choices(EnglishLevel),
        default=EnglishLevel.ENTRY_3.value,
        description="ESOL level, with its rough CEFR equivalent.",
    )
    right_to_work_required = BooleanField("The right to work in the UK is required", default=True)
    min_age = WholeNumberField(
        "Minimum age",
        default=18,
        validators=[
            InputRequired("Give the minimum age."),
            NumberRange(16, 99, "The minimum age must be between 16 and 99."),
        ],
    )
    qualifying_nrm = MultiCheckboxField(
        "NRM decisions accepted",
        choices=choices(NrmDecision),
        default=[decision.value for decision in DEFAULT_QUALIFYING_NRM],
        validators=[AtLeastOne("Choose at least one NRM decision this programme accepts.")],
    )
    english_fresh_months = WholeNumberField(
        "English assessed within the last (months)",
        default=6,
        validators=[Optional(), NumberRange(1, 36, "Give a number of months from 1 to 36.")],
        description="An older English assessment needs a re-check. Empty: 6 months.",
    )
    right_to_work_fresh_months = WholeNumberField(
        "Time-limited right to work re-checked within (months)",
        default=12,
        validators=[Optional(), NumberRange(1, 36, "Give a number of months from 1 to 36.")],
        description="For pre-settled status or a visa. Empty: 12 months.",
    )
    commitment_required = BooleanField(
        "Candidates must be able to commit to the whole programme", default=True
    )
    support_required = BooleanField(
        "Professional support (a caseworker or coach) must be in place", default=True
    )
    move_on_plan_required = BooleanField("A move-on plan must be agreed", default=True)
    custom_criteria = TextAreaField(
        "The programme's own yes/no criteria, one per line",
        filters=[strip],
        description='E.g. "Can stand for a four-hour shift". Coaches answer each one.',
    )
    places_per_site = WholeNumberField(
        "Places at each site at a time",
        validators=[Optional(), NumberRange(1, 999, "Give a whole number from 1 to 999.")],
        description="Leave empty for no set limit. Coaches see which sites have a place.",
    )

    interview_within_days = _days_field(
        "Guaranteed interview within (days of completing training)",
        14,
        "The promise the evidence figures check.",
    )
    stale_after_days = _days_field("Alert the site manager when nothing is recorded for (days)", 14)
    escalate_after_days = _days_field("Then alert the partnership lead after a further (days)", 7)
    follow_up_by = SelectField(
        "Who records whether a hired person is still in work (3, 6 and 12 months)",
        choices=choices(FollowUpBy),
        default=FollowUpBy.COACH.value,
        validators=[Optional()],
    )

    def validate_custom_criteria(self, field) -> None:
        problems = custom_criteria_problems(custom_criteria_lines(field.data))
        if problems:
            raise StopValidation(" ".join(problems))

    def criteria(self) -> dict:
        """The readiness criteria as keyword arguments for the programme."""
        return dict(
            min_english_level=EnglishLevel(self.min_english_level.data),
            right_to_work_required=self.right_to_work_required.data,
            min_age=self.min_age.data,
            qualifying_nrm=list(self.qualifying_nrm.data),
            english_fresh_months=self.english_fresh_months.data or 6,
            right_to_work_fresh_months=self.right_to_work_fresh_months.data or 12,
            commitment_required=self.commitment_required.data,
            support_required=self.support_required.data,
            move_on_plan_required=self.move_on_plan_required.data,
            custom_criteria=custom_criteria_lines(self.custom_criteria.data),
            places_per_site=self.places_per_site.data,
            interview_within_days=self.interview_within_days.data or 14,
            stale_after_days=self.stale_after_days.data or 14,
            escalate_after_days=self.escalate_after_days.data or 7,
            follow_up_by=FollowUpBy(self.follow_up_by.data or FollowUpBy.COACH.value),
        )


class NewProgrammeForm(ProgrammeDetailsForm):
    template = SelectField(
        "Start from",
        choices=options((key, label) for key, (label, _) in TEMPLATES.items()),
        description="The stages come from this template; you can change them afterwards.",
    )


class EditProgrammeForm(ProgrammeDetailsForm):
    active = BooleanField("Taking nominations")

    @classmethod
    def for_programme(cls, programme: Programme) -> EditProgrammeForm:
        return cls(
            data=dict(
                name=programme.name,
                sites=[site.id for site in programme.sites],
                min_english_level=programme.min_english_level.value,
                right_to_work_required=programme.right_to_work_required,
                min_age=programme.min_age,
                qualifying_nrm=list(programme.qualifying_nrm),
                english_fresh_months=programme.english_fresh_months,
                right_to_work_fresh_months=programme.right_to_work_fresh_months,
                commitment_required=programme.commitment_required,
                support_required=programme.support_required,
                move_on_plan_required=programme.move_on_plan_required,
                custom_criteria="\n".join(c.text for c in programme.custom_criteria),
                places_per_site=programme.places_per_site,
                interview_within_days=programme.interview_within_days,
                stale_after_days=programme.stale_after_days,
                escalate_after_days=programme.escalate_after_days,
                follow_up_by=programme.follow_up_by.value,
                active=programme.active,
            )
        )


class StageFields(Form):
    """One stage: a name and an expected duration, which may be left empty."""

    name = StringField("Stage name", filters=[strip], validators=[Length(max=80)])
    duration_amount = WholeNumberField(
        "Expected duration",
        validators=[Optional(), NumberRange(1, 999, "Give a whole number from 1 to 999.")],
    )
    duration_unit = SelectField(
        "Unit", choices=choices(DurationUnit, "No set duration"), default=""
    )

    def validate(self, extra_validators=None) -> bool:
        if self.is_skipped():
            return True  # a removed or blank row is left out, whatever it holds
        valid = super().validate(extra_validators)
        if not self.name.data:
            self.name.errors.append("Give the stage a name.")
            valid = False
        amount_typed = bool(self.duration_amount.raw_data and self.duration_amount.raw_data[0])
        if amount_typed and not self.duration_unit.data:
            self.duration_unit.errors.append("Choose a unit for the duration.")
            valid = False
        if self.duration_unit.data and not amount_typed:
            self.duration_amount.errors.append("Give the duration, or choose No set duration.")
            valid = False
        return valid

    def is_skipped(self) -> bool:
        return False

    def spec(self, is_interview: bool = False) -> StageSpec:
        unit = self.duration_unit.data
        return StageSpec(
            name=self.name.data,
            duration_amount=self.duration_amount.data if unit else None,
            duration_unit=DurationUnit(unit) if unit else None,
            is_interview=is_interview,
        )


class StageRowForm(StageFields):
    """A stage before the interview: it can be removed, and a blank new row is ignored."""

    remove = BooleanField("Remove this stage")

    def is_skipped(self) -> bool:
        return self.remove.data or self.is_blank()

    def is_blank(self) -> bool:
        amount = self.duration_amount.raw_data
        return not self.name.data and not (amount and amount[0]) and not self.duration_unit.data


class StagesForm(FlaskForm):
    stages = FieldList(FormField(StageRowForm), min_entries=1, max_entries=MAX_STAGES)
    interview = FormField(StageFields, label="Guaranteed interview")
    save = SubmitField("Save stages")
    add_stage = SubmitField("Add a stage")

    @classmethod
    def for_programme(cls, programme: Programme) -> StagesForm:
        rows = [_stage_data(stage) for stage in programme.stages if not stage.is_interview]
        interview = next((s for s in programme.stages if s.is_interview), None)
        return cls(
            data=dict(
                stages=rows,
                interview=_stage_data(interview) if interview else {"name": "Guaranteed interview"},
            )
        )

    def can_add_stage(self) -> bool:
        return len(self.stages.entries) < MAX_STAGES

    def stage_specs(self) -> list[StageSpec]:
        """The stages to keep, in order, ending with the guaranteed interview."""
        kept = [row.form.spec() for row in self.stages if not row.form.is_skipped()]
        return [*kept, self.interview.form.spec(is_interview=True)]


def _stage_data(stage) -> dict:
    return dict(
        name=stage.name,
        duration_amount=stage.duration_amount,
        duration_unit=stage.duration_unit.value if stage.duration_unit else "",
    )
