"""Links e-mailed to choose a password: invitations (7 days) and password resets (1 hour).

A link carries a random token; only its SHA-256 is stored, so the table cannot be used
to sign in. A link works once, until it expires, and only while it is the account's
newest of its kind: a new invitation withdraws older invitations, a new reset older
resets (so a stranger asking for resets cannot spoil an invitation), and using any link
ends all the others.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from pathway.audit.services import record_audit
from pathway.auth.models import AccountLink, LinkPurpose, User
from pathway.auth.passwords import password_problem
from pathway.extensions import db
from pathway.refusals import ActionRefused, FieldRefused


class LinkNotValid(ActionRefused):
    """The link is unknown, tampered with, expired, used or replaced: all look the same."""

    def __init__(self) -> None:
        super().__init__("This link has expired or has already been used. Ask for a new one.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime(purpose: LinkPurpose) -> timedelta:
    config = current_app.config
    if purpose is LinkPurpose.INVITATION:
        return timedelta(days=config["INVITATION_LINK_DAYS"])
    return timedelta(minutes=config["RESET_LINK_MINUTES"])


def issue_link(user: User, purpose: LinkPurpose, now: datetime) -> str:
    """A new link for ``user``; the token to put in the e-mail (it is not stored)."""
    _withdraw_open_links(user, now, purpose)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountLink(
            user=user,
            purpose=purpose,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + lifetime(purpose),
        )
    )
    db.session.flush()
    return token


def open_link(token: str, now: datetime) -> AccountLink:
    """The link ``token`` opens, if it may still be used; else LinkNotValid."""
    if not token or len(token) > 100:
        raise LinkNotValid()
    link = db.session.scalar(select(AccountLink).where(AccountLink.token_hash == token_hash(token)))
    if (
        link is None
        or link.used_at is not None
        or link.withdrawn_at is not None
        or link.expires_at <= now
        or not link.user.active
    ):
        raise LinkNotValid()
    return link


def choose_password(token: str, password: str, confirm: str, now: datetime) -> User:
    """Set the password through a link, once: the link is spent, every other link and
    every session of the user end. Refuses with the field to show the reason beside."""
    link = open_link(token, now)
    user = link.user
    problem = password_problem(password, user.email)
    if problem:
        raise FieldRefused(problem, "password")
    if password != confirm:
        raise FieldRefused("The two passwords are not the same.", "confirm")
    # Claimed with a conditional update: of two requests racing with one link, one wins.
    claimed = db.session.execute(
        update(AccountLink)
        .where(
            AccountLink.id == link.id,
            AccountLink.used_at.is_(None),
            AccountLink.withdrawn_at.is_(None),
        )
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise LinkNotValid()
    accepted = user.invitation_pending
    user.set_password(password)
    user.end_all_sessions()
    _withdraw_open_links(user, now)
    db.session.flush()
    action = "invitation_accepted" if accepted else "password_reset"
    record_audit(action, "user", user.id, user=user)
    return user


def _withdraw_open_links(user: User, now: datetime, purpose: LinkPurpose | None = None) -> None:
    """End the user's links still open: those of ``purpose``, or all."""
    query = update(AccountLink).where(
        AccountLink.user_id == user.id,
        AccountLink.used_at.is_(None),
        AccountLink.withdrawn_at.is_(None),
    )
    if purpose is not None:
        query = query.where(AccountLink.purpose == purpose)
    db.session.execute(query.values(withdrawn_at=now))


def resets_sent_since(user: User, since: datetime) -> int:
    return len(
        db.session.scalars(
            select(AccountLink.id).where(
                AccountLink.user_id == user.id,
                AccountLink.purpose == LinkPurpose.PASSWORD_RESET,
                AccountLink.created_at > since,
            )
        ).all()
    )
