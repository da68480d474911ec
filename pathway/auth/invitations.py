"""Sending the links of links.py: invitations, password resets an administrator sends,
and "forgot your password" requests.

A request answers the same whether or not an account exists; it sends at most
``RESET_EMAILS_PER_HOUR`` resets per account per hour, and one address may ask
``RESET_IP_REQUESTS`` times in ``RESET_IP_WINDOW_MINUTES``. E-mails greet by first name
and hold the link, nothing else. The link is never logged, except in development when
no mail server is set, so the link can still be followed there.
"""

from __future__ import annotations

import enum
import logging
import smtplib
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import delete, func, select

from pathway.audit.services import record_audit
from pathway.auth.links import issue_link, lifetime, resets_sent_since
from pathway.auth.models import LinkPurpose, PasswordResetRequest, User
from pathway.extensions import db
from pathway.notifications.emails import first_name
from pathway.notifications.mail import send_email
from pathway.refusals import ActionRefused

log = logging.getLogger(__name__)

KEEP_REQUESTS = timedelta(days=1)


class Delivery(enum.StrEnum):
    SENT = "sent"
    FAILED = "failed"  # the mail server did not take it
    NOT_CONFIGURED = "not_configured"  # no MAIL_SERVER: only logged


SUBJECTS = {
    LinkPurpose.INVITATION: "Pathway: your invitation",
    LinkPurpose.PASSWORD_RESET: "Pathway: choose a new password",
}


def send_invitation(user: User, now: datetime) -> Delivery:
    """E-mail a new invitation (older invitations stop working). Commits first: the link
    must be stored before it is sent."""
    if not user.active:
        raise ActionRefused(f"{user.name}'s account is deactivated: activate it first.")
    if not user.invitation_pending:
        raise ActionRefused(f"{user.name} has already accepted the invitation.")
    record_audit("invitation_sent", "user", user.id)
    return _send_link(user, LinkPurpose.INVITATION, now)


def send_password_reset(user: User, now: datetime) -> Delivery:
    """An administrator sends ``user`` a reset link (older resets stop working). Commits
    first: the link must be stored before it is sent."""
    if not user.active:
        raise ActionRefused(f"{user.name}'s account is deactivated: activate it first.")
    record_audit("password_reset_sent", "user", user.id)
    return _send_link(user, LinkPurpose.PASSWORD_RESET, now)


def request_password_reset(email: str, ip_address: str, now: datetime) -> datetime | None:
    """Someone forgot their password: e-mail a reset link if ``email`` is an active
    account's and its hourly allowance is not spent. Returns when this address may ask
    again if it has asked too often (nothing else tells whether the account exists).
    Commits on its own: the request counts towards the address's limit whatever follows."""
    held_until = _address_held_until(ip_address, now)
    if held_until is not None:
        return held_until
    db.session.execute(
        delete(PasswordResetRequest).where(PasswordResetRequest.occurred_at < now - KEEP_REQUESTS)
    )
    db.session.add(PasswordResetRequest(ip_address=ip_address, occurred_at=now))
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    record_audit("reset_requested", "user" if user else None, user.id if user else None)
    allowance = current_app.config["RESET_EMAILS_PER_HOUR"]
    if (
        user is None
        or not user.active
        or resets_sent_since(user, now - timedelta(hours=1)) >= allowance
    ):
        db.session.commit()
        return None
    _send_link(user, LinkPurpose.PASSWORD_RESET, now)
    return None


def _address_held_until(ip_address: str, now: datetime) -> datetime | None:
    limit = current_app.config["RESET_IP_REQUESTS"]
    window = timedelta(minutes=current_app.config["RESET_IP_WINDOW_MINUTES"])
    times = db.session.scalars(
        select(PasswordResetRequest.occurred_at)
        .where(
            PasswordResetRequest.ip_address == ip_address,
            PasswordResetRequest.occurred_at > now - window,
        )
        .order_by(PasswordResetRequest.occurred_at)
    ).all()
    if len(times) < limit:
        return None
    return times[len(times) - limit] + window


def _send_link(user: User, purpose: LinkPurpose, now: datetime) -> Delivery:
    token = issue_link(user, purpose, now)
    db.session.commit()
    link = current_app.config["BASE_URL"] + url_for(
        "auth.choose_password", token=token, _external=False
    )
    try:
        send_email(user, SUBJECTS[purpose], link_body(user, purpose, link))
    except (smtplib.SMTPException, OSError) as error:
        log.warning("Link e-mail to user #%s failed (%s)", user.id, type(error).__name__)
        return Delivery.FAILED
    config = current_app.config
    if config["MAIL_SERVER"]:
        return Delivery.SENT
    if config["PATHWAY_ENV"] == "development":
        # Development only, so the link can be followed without a mail server.
        log.warning("Development, no MAIL_SERVER: %s link for user #%s: %s", purpose, user.id, link)
    return Delivery.NOT_CONFIGURED


def link_body(user: User, purpose: LinkPurpose, link: str) -> str:
    """The e-mail's words: a first name, the link, how long it lasts. Nothing else."""
    duration = lifetime_in_words(purpose)
    if purpose is LinkPurpose.INVITATION:
        return (
            f"Hello {first_name(user)},\n\n"
            "An administrator has set up a Pathway account for you. Choose your password "
            f"here:\n{link}\n\n"
            f"The link works once, for {duration}. If it has expired, ask your administrator "
            "to send a new one.\n\n"
            "If you did not expect this e-mail, you can ignore it.\n"
        )
    return (
        f"Hello {first_name(user)},\n\n"
        "Someone asked to reset your Pathway password. If it was you, choose a new "
        f"password here:\n{link}\n\n"
        f"The link works once, for {duration}. If you did not ask, ignore this e-mail: "
        "your password stays as it is.\n"
    )


def lifetime_in_words(purpose: LinkPurpose) -> str:
    """How long a link lasts: "7 days", "60 minutes"."""
    span = lifetime(purpose)
    if span.days and not span.seconds:
        return f"{span.days} day{'s' if span.days != 1 else ''}"
    minutes = int(span.total_seconds() // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
