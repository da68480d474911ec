"""Session lifetimes: a session ends after a spell without activity (30 minutes) and
after a maximum length (12 hours), whatever happens. Both are settings.

Ending every session of a user at once is the session version (``User.get_id``).

The idle timer moves at most once a minute (``SEEN_EVERY_SECONDS``): an idle limit of 30
minutes does not need to be kept to the second, and the cookie is sent again only when it
changed.

A request that arrives signed out goes to the sign-in page and comes back after it
(``sign_in_again``). A button on a page (htmx) that finds the session over must not swap
the sign-in page into the board: the whole page goes to sign-in (``HX-Redirect``), told
that the change was not saved, and sign-in returns to the page it was on.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user, user_logged_in

from pathway.extensions import htmx, login_manager

# Requests the page makes by itself (the notice count refreshing) are not activity.
BACKGROUND_ENDPOINTS = {"notifications.count"}
SEEN_EVERY_SECONDS = 60


NOT_SAVED = "You were signed out, so your change was not saved. Sign in, then make it again."


def register_session_limits(app: Flask) -> None:
    user_logged_in.connect(_start_session, app)
    app.before_request(_end_expired_session)
    login_manager.unauthorized_handler(sign_in_again)


def sign_in_again() -> Response:
    """Where a request without a signed-in session is sent: sign-in, then back."""
    if htmx:
        # The page the button is on (never the fragment's own address).
        back_to = _path(request.headers.get("HX-Current-URL")) or _path(request.referrer)
        flash(NOT_SAVED if request.method != "GET" else login_manager.login_message, "info")
        response = Response(NOT_SAVED, status=401, mimetype="text/plain")
        response.headers["HX-Redirect"] = url_for("auth.login", next=back_to)
        return response
    if request.method == "GET":
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(url_for("auth.login", next=_path(request.full_path)))
    flash(NOT_SAVED, "info")  # a form sent after the session ended: back to its page
    return redirect(url_for("auth.login", next=_path(request.referrer)))


def _path(url: str | None) -> str | None:
    """The path (and query) of a URL on this site, to come back to after signing in."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


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


def _end_expired_session() -> None:
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
