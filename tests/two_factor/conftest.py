"""Two-factor fixtures: setting it up for a user, and codes computed from their secret."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
import pytest

from pathway.auth.two_factor import services
from pathway.clock import utcnow
from pathway.extensions import db


@dataclass
class Enrolled:
    totp: pyotp.TOTP
    recovery_codes: list[str]

    def code(self, at: datetime, steps: int = 0) -> str:
        """The app's code at ``at`` (naive UTC), ``steps`` of 30 seconds later or earlier."""
        return self.totp.at(at.replace(tzinfo=UTC), counter_offset=steps)


@pytest.fixture
def enrol(app):
    """Turn two-factor on for ``user`` as the enrolment page does, with a code made at
    ``at`` (default: one step before now, so codes of now are still fresh)."""

    def enrol_user(user, at: datetime | None = None) -> Enrolled:
        at = at or utcnow()
        totp = pyotp.TOTP(services.start_enrolment(user).secret)
        codes = services.confirm_enrolment(
            user, totp.at(at.replace(tzinfo=UTC), counter_offset=-1), at
        )
        db.session.commit()
        return Enrolled(totp, codes)

    return enrol_user


@pytest.fixture
def required(app):
    """TWO_FACTOR_REQUIRED on, as in production."""
    app.config["TWO_FACTOR_REQUIRED"] = True
    return app
