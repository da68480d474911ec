"""The rules of two-factor sign-in: who must have it, enrolling, checking a code, recovery
codes, turning it off and an administrator's reset.

A code is a 6-digit TOTP (RFC 6238, 30-second steps) from an authenticator app, accepted one
step either side of now, and only once: the step of the last code accepted is kept, and that
code or an older one is refused. A recovery code (12 characters) works once. Wrong codes
count as failed sign-in attempts in the account's lockout (``auth/throttle.py``).
"""

from __future__ import annotations

import enum
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from pathway.audit.services import record_audit
from pathway.auth import throttle
from pathway.auth.models import Role, User
from pathway.auth.signin import held_back
from pathway.auth.two_factor.models import RecoveryCode, TwoFactor
from pathway.extensions import db
from pathway.refusals import ActionRefused, FieldRefused

ISSUER = "Pathway"
REQUIRED_ROLES = frozenset({Role.ADMIN, Role.COACH})
DRIFT_STEPS = 1  # a code from the step before or after now is accepted too
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_LENGTH = 12  # about 59 bits each


# --- who must have it -------------------------------------------------------------------


def required_for(user: User) -> bool:
    """With TWO_FACTOR_REQUIRED on, administrators and coaches must sign in with a code."""
    return bool(current_app.config["TWO_FACTOR_REQUIRED"]) and user.role in REQUIRED_ROLES


def two_factor_of(user: User) -> TwoFactor | None:
    return db.session.get(TwoFactor, user.id)


def is_enrolled(user: User) -> bool:
    """Whether a code is needed after this user's password."""
    two_factor = two_factor_of(user)
    return two_factor is not None and two_factor.confirmed


def must_enrol(user: User) -> bool:
    """Required for the user's role and not set up yet: they can do nothing else first."""
    return required_for(user) and not is_enrolled(user)


# --- enrolling --------------------------------------------------------------------------


def start_enrolment(user: User) -> TwoFactor:
    """The secret to show while enrolling; the same one until it is confirmed, so a page
    reloaded after scanning still matches the app."""
    two_factor = two_factor_of(user)
    if two_factor is not None and two_factor.confirmed:
        raise ActionRefused("Two-factor sign-in is already on for your account.")
    if two_factor is None:
        two_factor = TwoFactor(user_id=user.id, secret=pyotp.random_base32())
        db.session.add(two_factor)
        db.session.flush()
    return two_factor


def provisioning_uri(user: User, two_factor: TwoFactor) -> str:
    """The otpauth:// address the QR code holds (the app shows Pathway and the e-mail)."""
    return pyotp.TOTP(two_factor.secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_uri(address: str) -> str:
    """The QR code as an SVG data: URI, drawn here: the secret never leaves Pathway."""
    qr = segno.make(address, error="m")
    return qr.svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def grouped_secret(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm_enrolment(user: User, code: str, now: datetime) -> list[str]:
    """Turn two-factor on once the app's code matches; returns the recovery codes to show
    (once). Every other session of the user ends. Refuses beside the ``code`` field."""
    two_factor = two_factor_of(user)
    if two_factor is None or two_factor.confirmed:
        raise ActionRefused("Start again: open the two-factor page to set it up.")
    step = _matching_step(two_factor.secret, _digits(code), now)
    if step is None:
        raise FieldRefused(
            "That code does not match. Check the app shows Pathway with your e-mail, and type "
            "the code it shows now.",
            "code",
        )
    two_factor.confirmed_at = now
    two_factor.last_used_step = step
    codes = _replace_recovery_codes(user, now)
    user.end_all_sessions()
    record_audit("two_factor_enrolled", "user", user.id, user=user)
    return codes


# --- checking a code --------------------------------------------------------------------


class CodeOutcome(enum.StrEnum):
    ACCEPTED = "accepted"  # a current code from the app
    RECOVERY = "recovery"  # an unused recovery code, now used
    REPLAYED = "replayed"  # a code from the app whose step was already used
    WRONG = "wrong"

    @property
    def accepted(self) -> bool:
        return self in (CodeOutcome.ACCEPTED, CodeOutcome.RECOVERY)


def check_code(user: User, code: str, now: datetime) -> CodeOutcome:
    """Check a code from the app or a recovery code, and use it up if it is good."""
    two_factor = two_factor_of(user)
    if two_factor is None or not two_factor.confirmed:
        return CodeOutcome.WRONG
    digits = _digits(code)
    if digits is None:
        return CodeOutcome.RECOVERY if _use_recovery_code(user, code, now) else CodeOutcome.WRONG
    step = _matching_step(two_factor.secret, digits, now)
    if step is None:
        return CodeOutcome.WRONG
    # One statement, so two requests with the same code cannot both get through.
    used = db.session.execute(
        update(TwoFactor)
        .where(
            TwoFactor.user_id == user.id,
            or_(TwoFactor.last_used_step.is_(None), TwoFactor.last_used_step < step),
        )
        .values(last_used_step=step)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(two_factor)
    return CodeOutcome.ACCEPTED if used.rowcount == 1 else CodeOutcome.REPLAYED


@dataclass(frozen=True)
class CodeAttempt:
    outcome: CodeOutcome | None = None
    try_again_at: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome is not None and self.outcome.accepted

    @property
    def refusal(self) -> str:
        if self.try_again_at is not None:
            return held_back(self.try_again_at)
        if self.outcome is CodeOutcome.REPLAYED:
            return "This code has been used; wait for the next one."
        return (
            "That code is not right. Type the code your authenticator app shows now, "
            "or one of your recovery codes."
        )


def attempt_code(user: User, code: str, ip_address: str, now: datetime) -> CodeAttempt:
    """A code typed by ``user``: held back while the account or address is locked; a wrong
    or reused code is a failed sign-in attempt, so codes cannot be guessed one by one."""
    key = throttle.account_key(user.email)
    held_until = throttle.try_again_at(key, ip_address, now)
    if held_until is not None:
        record_audit("login_refused", "user", user.id, user=user)
        return CodeAttempt(try_again_at=held_until)
    outcome = check_code(user, code, now)
    throttle.record_attempt(key, ip_address, outcome.accepted, now)
    db.session.commit()  # the attempt counts even if the caller goes no further
    if not outcome.accepted:
        record_audit("two_factor_failed", "user", user.id, user=user)
        return CodeAttempt(outcome, throttle.try_again_at(key, ip_address, now))
    record_audit("two_factor_passed", "user", user.id, user=user)
    if outcome is CodeOutcome.RECOVERY:
        record_audit("recovery_code_used", "user", user.id, user=user)
    return CodeAttempt(outcome)


def _digits(code: str) -> str | None:
    """A 6-digit code with any spaces taken out, or None if it is not one."""
    compact = "".join((code or "").split())
    return compact if len(compact) == 6 and compact.isascii() and compact.isdigit() else None


def _matching_step(secret: str, digits: str | None, now: datetime) -> int | None:
    """The time step (of now, or one either side) whose code is ``digits``."""
    if digits is None:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now.replace(tzinfo=UTC))
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


# --- recovery codes ---------------------------------------------------------------------


def remaining_recovery_codes(user: User) -> int:
    return len(_unused_recovery_codes(user))


def renew_recovery_codes(user: User, code: str, ip_address: str, now: datetime) -> list[str]:
    """New recovery codes in place of the old ones, for a current code."""
    _require_code(user, code, ip_address, now)
    codes = _replace_recovery_codes(user, now)
    record_audit("recovery_codes_renewed", "user", user.id, user=user)
    return codes


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def _recovery_hash_method() -> str:
    # Each code is random (about 59 bits), so a lighter scrypt than for passwords will do;
    # the test suite lightens it further to stay quick.
    return "scrypt:1024:8:1" if current_app.testing else "scrypt:4096:8:1"


def _replace_recovery_codes(user: User, now: datetime) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    method = _recovery_hash_method()
    for code in codes:
        hashed = generate_password_hash(normalise_recovery_code(code), method=method)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hashed, created_at=now))
    db.session.flush()
    return codes


def _unused_recovery_codes(user: User) -> list[RecoveryCode]:
    query = select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return list(db.session.scalars(query.order_by(RecoveryCode.id)))


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    typed = normalise_recovery_code(code)
    if len(typed) != RECOVERY_LENGTH:
        return False
    for stored in _unused_recovery_codes(user):
        if check_password_hash(stored.code_hash, typed):
            used = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == stored.id, RecoveryCode.used_at.is_(None))
                .values(used_at=now)
                .execution_options(synchronize_session=False)
            )
            db.session.expire(stored)
            return used.rowcount == 1
    return False


# --- turning it off ---------------------------------------------------------------------


def may_turn_off(user: User) -> bool:
    return is_enrolled(user) and not required_for(user)


def turn_off_refusal(user: User) -> str:
    return (
        f"Your role ({user.role.label.lower()}) needs two-factor sign-in, so it stays on. "
        "If you have lost your authenticator app, ask an administrator to reset it; you then "
        "set it up again with your new phone."
    )


def turn_off(user: User, code: str, ip_address: str, now: datetime) -> None:
    """The user turns two-factor off (only where their role does not need it)."""
    if required_for(user):
        raise ActionRefused(turn_off_refusal(user))
    _require_code(user, code, ip_address, now)
    _remove(user)
    record_audit("two_factor_disabled", "user", user.id, user=user)


def reset_by_administrator(user: User, by: User) -> None:
    """For a lost phone: the user's two-factor is removed and every session of theirs ends;
    if their role needs it they set it up again at their next sign-in."""
    if user.id == by.id:
        raise ActionRefused(
            "You cannot reset your own two-factor sign-in: ask another administrator, or "
            "use a recovery code and the Two-factor page."
        )
    if two_factor_of(user) is None:
        raise ActionRefused(f"{user.name} has no two-factor sign-in to reset.")
    _remove(user)
    user.end_all_sessions()
    record_audit("two_factor_reset", "user", user.id, user=by)


def _remove(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))


class CodeRefused(FieldRefused):
    """A code refused on an account page; ``try_again_at`` when the account is locked."""

    def __init__(self, attempt: CodeAttempt) -> None:
        super().__init__(attempt.refusal, "code")
        self.try_again_at = attempt.try_again_at


def _require_code(user: User, code: str, ip_address: str, now: datetime) -> None:
    attempt = attempt_code(user, code, ip_address, now)
    if not attempt.accepted:
        raise CodeRefused(attempt)
