"""The one way a view saves: try a service, keep all it did or none of it.

A view says what to do, and what to show when a rule refuses it, and nothing else::

    saved = save(lambda: record_assessment(candidate, current_user, facts, today_london()))
    if saved:
        flash("Readiness assessment recorded.", "success")
        return redirect(...)
    return page_again(refusal=saved.refusal)

Services flush and never commit the caller's session; ``save`` commits once when the service
returns, and rolls back everything it did when it raises ``ActionRefused``. A refusal about
one field of ``form`` (``FieldRefused``) is put beside that field, so ``saved.refusal`` is
then empty and the form shows it.

The form's key is saved with the work (``submissions``): the same form sent twice at once
saves once, and the second copy is refused as ``SentTwice``. Two requests that change the
same rows at the same moment in another way end the same: one is saved, the other is
undone and told so - never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from pathway import submissions
from pathway.extensions import db
from pathway.refusals import ActionRefused, StaleState


class SentTwice(ActionRefused):
    """The same form was sent again while the first was being saved: it is saved once."""


CHANGED_MEANWHILE = (
    "Someone changed this at the same moment, so nothing was saved. Look at it again, then "
    "try once more."
)

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What ``save`` did: the service's result, or the refusal that undid it."""

    value: T | None = None
    refused: ActionRefused | None = None
    beside_field: bool = False

    def __bool__(self) -> bool:
        return self.refused is None

    @property
    def refusal(self) -> str | None:
        """The message for the page (None when saved, or when it is beside its field)."""
        return None if self.refused is None or self.beside_field else str(self.refused)

    @property
    def status(self) -> int:
        """The status to answer a refusal with: 409 if the record changed meanwhile."""
        return 409 if isinstance(self.refused, StaleState | SentTwice) else 422


def save(work: Callable[[], T], form=None) -> Saved[T]:
    """Run ``work`` (a service call) and commit what it did; if a rule refuses it, undo it
    all and say why - beside its field of ``form`` when the refusal names one."""
    key = submissions.sent_key()
    try:
        value = work()
        if key:
            submissions.claim(key)
        db.session.commit()
    except ActionRefused as refused:
        db.session.rollback()
        field = getattr(refused, "field", None)
        if form is not None and field is not None and field in form:
            form[field].errors.append(str(refused))
            return Saved(refused=refused, beside_field=True)
        return Saved(refused=refused)
    except (IntegrityError, StaleDataError) as error:  # another request saved first
        db.session.rollback()
        log.warning("%s: not saved, %s", request.endpoint, type(error).__name__)
        if key and submissions.was_saved(key):
            return Saved(refused=SentTwice(submissions.SENT_AGAIN))
        return Saved(refused=StaleState(CHANGED_MEANWHILE))
    return Saved(value)
