"""Session lifetimes: a session ends after a spell without activity (30 minutes) and
after a maximum length (12 hours), whatever happens. Both are settings.

Ending every session of a user at once is the session version (``User.get_id``).

The idle timer moves at most once a minute (``SEEN_EVERY_SECONDS``): re-signing the cookie on
every request costs more than the rest of a cached page, and an idle limit of 30 minutes
does not need to be kept to the second. The cookie is sent again only when it changed.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, session
from flask_login import current_user, logout_user, user_logged_in

# Requests the page makes by itself (the notice count refreshing) are not activity.
BACKGROUND_ENDPOINTS = {"notifications.count"}
SEEN_EVERY_SECONDS = 60


def register_session_limits(app: Flask) -> None:
    user_logged_in.connect(_start_session, app)
    app.before_request(_end_expired_session)


def _start_session(_app, user=None, **_extra) -> None:
    now = time.time()
    session.permanent = True  # the cookie lasts no longer than the longest session
    session["signed_in_at"] = now
    session["seen_at"] = now


def expired(signed_in_at: float | None, seen_at: float | None, now: float) -> str | None:
    """Why a session has ended, or None while it is still good."""
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    longest = current_app.config["SESSION_MAX_HOURS"] * 3600
    if signed_in_at is None or seen_at is None:
        return "Please sign in again."
    if now - signed_in_at > longest:
        hours = current_app.config["SESSION_MAX_HOURS"]
        return (
            f"You were signed in for {hours} hours, the longest a session lasts. "
            "Please sign in again."
        )
    if now - seen_at > idle:
        minutes = current_app.config["SESSION_IDLE_MINUTES"]
        return (
            f"You were signed out after {minutes} minutes without activity. Please sign in again."
        )
    return None


def good_as_it_stands() -> bool:
    """The session is signed in, within both limits, from where it began (Flask-Login's
    session protection), and needs nothing written now (its idle timer is under a minute
    old): what serving a kept page without the rest of the request needs to know."""
    from pathway.extensions import login_manager

    signed_in_at, seen_at = session.get("signed_in_at"), session.get("seen_at")
    now = time.time()
    if not session.get("_user_id") or expired(signed_in_at, seen_at, now):
        return False
    if not 0 <= now - seen_at < SEEN_EVERY_SECONDS:
        return False
    protection = current_app.config.get("SESSION_PROTECTION", login_manager.session_protection)
    return not protection or session.get("_id") == login_manager._session_identifier_generator()


def _end_expired_session() -> None:
    from flask import request

    if request.endpoint and request.endpoint.startswith(("static", "vendor")):
        return
    if not current_user.is_authenticated:
        return
    now = time.time()
    reason = expired(session.get("signed_in_at"), session.get("seen_at"), now)
    if reason:
        logout_user()
        for key in ("signed_in_at", "seen_at"):
            session.pop(key, None)
        flash(reason, "info")
        return
    if request.endpoint in BACKGROUND_ENDPOINTS:
        return
    if now - session["seen_at"] >= SEEN_EVERY_SECONDS or now < session["seen_at"]:
        session["seen_at"] = now
