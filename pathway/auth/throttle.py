"""Lockout and rate limiting of sign-in, held in the database so every worker shares it.

- per account: 6 failures within 15 minutes lock it for 30 minutes;
- per IP address: 30 failures within 15 minutes refuse that address until they age out.

An account is known by a keyed hash of the e-mail typed, so an e-mail with no account
locks exactly like one with an account, and the message never says which it was.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from pathway.audit.models import LoginAttempt
from pathway.extensions import db

KEEP_ATTEMPTS = timedelta(days=1)


def account_key(email: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def _setting(name: str) -> int:
    return int(current_app.config[name])


def _failures(where, since: datetime) -> list[datetime]:
    query = (
        select(LoginAttempt.occurred_at, LoginAttempt.succeeded)
        .where(where, LoginAttempt.occurred_at >= since)
        .order_by(LoginAttempt.occurred_at, LoginAttempt.id)
    )
    times: list[datetime] = []
    for occurred_at, succeeded in db.session.execute(query):
        if succeeded:
            times = []  # a successful sign-in starts the count again
        else:
            times.append(occurred_at)
    return times


def locked_until(key: str, now: datetime) -> datetime | None:
    """When the account may be tried again, if it is locked now."""
    limit = _setting("LOGIN_ACCOUNT_FAILURES")
    window = timedelta(minutes=_setting("LOGIN_ACCOUNT_WINDOW_MINUTES"))
    lock = timedelta(minutes=_setting("LOGIN_LOCK_MINUTES"))
    failures = _failures(LoginAttempt.account_key == key, now - window - lock)
    until = None
    for first, last in zip(failures, failures[limit - 1 :], strict=False):
        if last - first <= window:
            until = max(until or last, last + lock)
    return until if until and until > now else None


def ip_blocked_until(ip_address: str, now: datetime) -> datetime | None:
    """When this address may try again, if it has failed too often lately."""
    limit = _setting("LOGIN_IP_FAILURES")
    window = timedelta(minutes=_setting("LOGIN_IP_WINDOW_MINUTES"))
    failures = _failures(LoginAttempt.ip_address == ip_address, now - window)
    if len(failures) < limit:
        return None
    return failures[len(failures) - limit] + window


def try_again_at(key: str, ip_address: str, now: datetime) -> datetime | None:
    """The later of the account's lock and the address's limit, or None: go ahead."""
    times = [t for t in (locked_until(key, now), ip_blocked_until(ip_address, now)) if t]
    return max(times) if times else None


def record_attempt(key: str, ip_address: str, succeeded: bool, now: datetime) -> None:
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.occurred_at < now - KEEP_ATTEMPTS))
    db.session.add(
        LoginAttempt(account_key=key, ip_address=ip_address, succeeded=succeeded, occurred_at=now)
    )
