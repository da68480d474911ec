"""Column types shared by the feature models, and the range of their record ids.

The shapes every model repeats are named once (``Mapped[RecordId]`` and so on)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

from sqlalchemy import Boolean, DateTime, Enum
from sqlalchemy.orm import mapped_column
from werkzeug.routing import IntegerConverter

from pathway.clock import utcnow

RecordId = Annotated[int, mapped_column(primary_key=True)]
UtcMoment = Annotated[datetime, mapped_column(DateTime, default=utcnow)]  # now, unless given
Flag = Annotated[bool, mapped_column(Boolean, default=False)]


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value as a plain string (no native enum, same on both databases)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


# The largest id an INTEGER column holds (PostgreSQL's is 32-bit). A larger number in a URL
# or a form names no record; sent to the database it would overflow the driver (a 500).
MAX_RECORD_ID = 2**31 - 1


def is_record_id(value) -> bool:
    """A whole number some record could have as its id."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_RECORD_ID


class RecordIdConverter(IntegerConverter):
    """``<int:...>`` in a route: only numbers a record id can be; others do not match (404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_RECORD_ID)
        super().__init__(map, *args, **kwargs)
