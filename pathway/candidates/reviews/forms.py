"""Forms for weekly reviews (one score and note per area) and a provider's list of areas."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Length, Optional, StopValidation

from pathway.candidates.forms import plausible_day
from pathway.candidates.reviews.services import (
    AREA_NAME_LENGTH,
    MAX_AREAS,
    NOTE_LENGTH,
    SCORE_MESSAGE,
    AreaScore,
    area_problems,
)
from pathway.clock import today_london

SCORES = [SelectChoice(str(n), str(n)) for n in range(1, 6)]


def score_from_1_to_5(form, field) -> None:
    try:
        value = int(field.data)
    except (TypeError, ValueError):
        raise StopValidation(SCORE_MESSAGE) from None
    if not 1 <= value <= 5:
        raise StopValidation(SCORE_MESSAGE)


def not_in_future(form, field) -> None:
    if field.data and field.data > today_london():
        raise StopValidation("A review cannot be dated in the future.")


class ReviewForm(FlaskForm):
    reviewed_on = DateField(
        "Date of the review",
        validators=[InputRequired("Enter the date of the review."), plausible_day, not_in_future],
        default=today_london,
    )
    signed_by_client = BooleanField("Signed by the client")
    signed_by_coach = BooleanField("Signed by the coach")
    areas: tuple[str, ...] = ()

    def rows(self) -> list[tuple[str, object, object]]:
        """(area, score field, note field) for each area, in order."""
        return [(area, self[f"score_{i}"], self[f"note_{i}"]) for i, area in enumerate(self.areas)]

    def scores(self) -> list[AreaScore]:
        return [
            AreaScore(area, int(score.data), (note.data or "").strip())
            for area, score, note in self.rows()
        ]


def review_form(areas: Sequence[str], formdata=None) -> ReviewForm:
    """A review form for an organisation's areas (a score from 1 to 5 and a note for each)."""

    class Form(ReviewForm):
        pass

    Form.areas = tuple(areas)
    for i, area in enumerate(areas):
        setattr(
            Form,
            f"score_{i}",
            RadioField(
                f"{area}: need score",
                choices=SCORES,
                validate_choice=False,
                validators=[score_from_1_to_5],
            ),
        )
        setattr(
            Form,
            f"note_{i}",
            StringField(
                f"{area}: note",
                validators=[
                    Optional(),
                    Length(max=NOTE_LENGTH, message=f"Keep the note to {NOTE_LENGTH} characters."),
                ],
            ),
        )
    return Form() if formdata is not None else Form(formdata=None)


class ReviewAreasForm(FlaskForm):
    """Up to eight areas, one per box; empty boxes are ignored."""

    def names(self) -> list[str]:
        return [self[f"area_{i}"].data or "" for i in range(MAX_AREAS)]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problems = area_problems(self.names())
        if problems:
            self.area_0.errors = [*self.area_0.errors, *problems]
            return False
        return valid


for _i in range(MAX_AREAS):
    setattr(
        ReviewAreasForm,
        f"area_{_i}",
        StringField(
            f"Area {_i + 1}",
            validators=[Optional(), Length(max=AREA_NAME_LENGTH)],
        ),
    )
