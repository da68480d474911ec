"""Between the password and the code: a short-lived marker in the session, not a sign-in.

It names the user and the session version the password was checked against, and when:
it lasts five minutes, and dies with any change that ends the user's sessions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import session

from pathway.auth.models import User
from pathway.extensions import db

KEY = "two_factor_pending"
LASTS_SECONDS = 5 * 60


@dataclass(frozen=True)
class Pending:
    user: User | None = None
    expired: bool = False  # there was a marker, but it no longer holds


def begin(user: User) -> None:
    session[KEY] = {"user": user.id, "version": user.session_version, "at": time.time()}


def clear() -> None:
    session.pop(KEY, None)


def current(now: float) -> Pending:
    """The user half-way through signing in, if the marker is still good."""
    marker = session.get(KEY)
    if not isinstance(marker, dict):
        return Pending()
    user_id = marker.get("user")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    fresh = 0 <= now - float(marker.get("at", 0)) <= LASTS_SECONDS
    if (
        not fresh
        or user is None
        or not user.active
        or user.session_version != marker.get("version")
    ):
        clear()
        return Pending(expired=True)
    return Pending(user=user)
