"""Words shared by every feature: enums whose members carry the words people read, and
choices for a select field from one."""

from __future__ import annotations

import enum

from wtforms import SelectChoice


class Labelled(enum.StrEnum):
    """A string enum whose members say what they are called on a page, in one place:

    ``ATTENDED = "attended", "Attended"`` - the stored value, then ``member.label``.
    """

    label: str

    def __new__(cls, value: str, label: str) -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def choices(enum_cls: type[enum.Enum], placeholder: str | None = None) -> list[SelectChoice]:
    """Options for a select field, optionally led by an empty "Choose..." option."""
    options = [SelectChoice("", placeholder)] if placeholder else []
    return options + [SelectChoice(member.value, member.label) for member in enum_cls]
