"""Words shared by every feature: choices for a select field from a labelled enum."""

from __future__ import annotations

import enum

from wtforms import SelectChoice


def choices(enum_cls: type[enum.Enum], placeholder: str | None = None) -> list[SelectChoice]:
    """Options for a select field, optionally led by an empty "Choose..." option."""
    options = [SelectChoice("", placeholder)] if placeholder else []
    return options + [SelectChoice(member.value, member.label) for member in enum_cls]
