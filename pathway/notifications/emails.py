"""Notices by e-mail: straight away or in a daily digest, as each user chose.

An e-mail carries the recipient's first name, the kind of notice in general words and a
link - never a candidate's name, reference or circumstances, nor an employer's name.
Each notice is claimed (``emailed_at`` set and committed) before it is sent, so two
runners never send it twice; a failed send releases the claim for the next attempt.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from pathway.auth.models import User
from pathway.extensions import db
from pathway.notifications.mail import send_email
from pathway.notifications.models import Notification
from pathway.notifications.vocabulary import EmailPreference

log = logging.getLogger(__name__)

# Notices older than this are not e-mailed (e.g. after a user turns e-mails back on).
LOOKBACK = timedelta(days=2)


def send_immediate_emails(now: datetime) -> int:
    """One e-mail per new notice to users who want them straight away; how many were sent."""
    pending = db.session.scalars(
        _pending(now).where(User.email_preference == EmailPreference.IMMEDIATE)
    ).all()
    sent = 0
    for notice_id in pending:
        if not _claim([notice_id], now):
            continue
        notice = db.session.get(Notification, notice_id)
        if not _send(
            notice.recipient, f"Pathway: {notice.kind.label}", immediate_body(notice), [notice_id]
        ):
            break  # the server is not answering: the rest wait for the next attempt
        sent += 1
    return sent


def send_daily_digests(now: datetime) -> dict:
    """One e-mail per digest user listing their notices not yet e-mailed."""
    rows = db.session.execute(
        _pending(now)
        .add_columns(Notification.recipient_id)
        .where(User.email_preference == EmailPreference.DAILY_DIGEST)
    ).all()
    by_user: dict[int, list[int]] = {}
    for notice_id, user_id in rows:
        by_user.setdefault(user_id, []).append(notice_id)
    sent = failed = 0
    for user_id, notice_ids in by_user.items():
        claimed = _claim(notice_ids, now)
        if not claimed:
            continue
        notices = [db.session.get(Notification, notice_id) for notice_id in claimed]
        user = db.session.get(User, user_id)
        count = len(notices)
        subject = f"Pathway: {count} new notice{'s' if count != 1 else ''}"
        if _send(user, subject, digest_body(user, notices), claimed):
            sent += 1
        else:
            failed += 1
    return {"digests": sent, "failed": failed}


def _pending(now: datetime):
    return (
        select(Notification.id)
        .join(Notification.recipient)
        .where(
            Notification.emailed_at.is_(None),
            Notification.created_at >= now - LOOKBACK,
            User.active.is_(True),
        )
        .order_by(Notification.id)
    )


def _claim(notice_ids: list[int], now: datetime) -> list[int]:
    """Mark each notice as e-mailed unless another runner already did; the ones won.
    Commits on its own: the claim must be seen by other runners before anything is sent."""
    won = []
    for notice_id in notice_ids:
        result = db.session.execute(
            update(Notification)
            .where(Notification.id == notice_id, Notification.emailed_at.is_(None))
            .values(emailed_at=now)
        )
        if result.rowcount == 1:
            won.append(notice_id)
    db.session.commit()
    return won


def _send(user: User, subject: str, body: str, claimed: list[int]) -> bool:
    """Send one e-mail; if it fails, give its notices back (committed at once) for a retry."""
    try:
        send_email(user, subject, body)
    except (smtplib.SMTPException, OSError) as error:
        log.warning(
            "E-mail to user #%s failed (%s); it will be tried again", user.id, type(error).__name__
        )
        db.session.execute(
            update(Notification).where(Notification.id.in_(claimed)).values(emailed_at=None)
        )
        db.session.commit()
        return False
    return True


def first_name(user: User) -> str:
    return user.name.split()[0] if user.name.strip() else "there"


def _url(path: str) -> str:
    return current_app.config["BASE_URL"] + path


def _footer(user: User) -> str:
    return (
        f"You receive these e-mails because your Pathway setting is: "
        f"{user.email_preference.label.lower()}.\n"
        f"Change it on your notices page: {_url('/notifications')}\n"
    )


def immediate_body(notice: Notification) -> str:
    user = notice.recipient
    return (
        f"Hello {first_name(user)},\n\n"
        f"{notice.kind.label}. Sign in to Pathway to see it:\n{_url(notice.link)}\n\n"
        + _footer(user)
    )


def digest_body(user: User, notices: list[Notification]) -> str:
    lines = "\n".join(f"- {notice.kind.label}: {_url(notice.link)}" for notice in notices)
    return (
        f"Hello {first_name(user)},\n\n"
        f"There {'is' if len(notices) == 1 else 'are'} {len(notices)} new "
        f"notice{'' if len(notices) == 1 else 's'} for you in Pathway:\n\n{lines}\n\n"
        + _footer(user)
    )
