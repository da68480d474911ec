"""Checking a sign-in: the lockout first, then the password, each attempt recorded."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from pathway.audit.services import record_audit
from pathway.auth import throttle
from pathway.auth.models import User
from pathway.auth.two_factor.models import TwoFactor
from pathway.clock import to_london
from pathway.extensions import db


@cache
def _unknown_account_hash(method: str) -> str:
    """Checked when no account matches, so a failed login takes as long either way."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def held_back(until: datetime) -> str:
    """The same words whether the account or the address is held back, and whether or not
    an account exists (and for a password or a two-factor code)."""
    when = to_london(until).strftime("%H:%M")
    return f"Too many attempts to sign in. You can try again after {when} (UK time)."


@dataclass(frozen=True)
class SignIn:
    user: User | None = None
    try_again_at: datetime | None = None
    # The password is right but the user has two-factor on: not signed in until the code.
    needs_code: bool = False

    @property
    def refusal(self) -> str:
        if self.try_again_at is None:
            return "That email and password do not match an active account."
        return held_back(self.try_again_at)


def sign_in(email: str, password: str, ip_address: str, now: datetime) -> SignIn:
    """The user if the e-mail and password match an active account and no lock holds.
    Commits on its own: the attempt counts towards the lockout even if the caller goes no
    further (a password step that needs a code commits nothing yet)."""
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    key = throttle.account_key(email)
    held_until = throttle.try_again_at(key, ip_address, now)
    if held_until is not None:
        record_audit("login_refused", "user" if user else None, user.id if user else None)
        return SignIn(try_again_at=held_until)
    if user is None:
        check_password_hash(
            _unknown_account_hash(current_app.config["PASSWORD_HASH_METHOD"]), password
        )
    succeeded = user is not None and user.check_password(password) and user.active
    if succeeded and _has_two_factor(user):
        # Only the code completes the sign-in, so only the code counts as a success (which
        # starts the count of failures again): a known password cannot reset the lockout
        # between guesses of the code.
        return SignIn(user=user, needs_code=True)
    throttle.record_attempt(key, ip_address, succeeded, now)
    db.session.commit()
    if succeeded:
        record_audit("login", "user", user.id, user=user)
        return SignIn(user=user)
    # The account's id only if it exists; never the e-mail typed.
    record_audit("login_failed", "user" if user else None, user.id if user else None)
    held_until = throttle.try_again_at(key, ip_address, now)
    return SignIn(try_again_at=held_until)


def _has_two_factor(user: User) -> bool:
    two_factor = db.session.get(TwoFactor, user.id)
    return two_factor is not None and two_factor.confirmed
