"""The form kit every feature's forms use: fields and helpers with Pathway's plain messages."""

from __future__ import annotations

from wtforms import IntegerField, SelectChoice, SelectMultipleField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs, such as (site id, site name)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def strip(value):
    return value.strip() if isinstance(value, str) else value


class AtLeastOne:
    """At least one box ticked (without marking every box ``required`` in the HTML)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if not field.data:
            raise StopValidation(self.message)


class WholeNumberField(IntegerField):
    """A number field that answers a typo with one plain error, not two."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None  # left empty: the validators decide whether that is allowed
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Give a whole number, such as 6.") from error

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes (the shared ``field`` macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
