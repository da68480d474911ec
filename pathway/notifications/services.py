"""Adding notices (once per thing per person), reading them, and the e-mail preference."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import func, select, update

from pathway.auth.models import Role, User
from pathway.auth.policy import notifications_for
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.notifications.vocabulary import EmailPreference, NoticeKind

LIST_LIMIT = 100


def notify(
    recipients: Iterable[User],
    kind: NoticeKind,
    subject_key: str,
    text_for: Callable[[User], str],
    link: str,
    now: datetime,
) -> int:
    """Add a notice for each recipient who has none for ``subject_key`` yet; how many were added.

    ``text_for`` words the notice for one recipient, since what they may see differs.
    """
    people = {user.id: user for user in recipients}
    if not people:
        return 0
    already = set(
        db.session.scalars(
            select(Notification.recipient_id).where(
                Notification.subject_key == subject_key,
                Notification.recipient_id.in_(list(people)),
            )
        )
    )
    added = 0
    for user_id, user in people.items():
        if user_id in already:
            continue
        db.session.add(
            Notification(
                recipient_id=user_id,
                kind=kind,
                subject_key=subject_key,
                text=text_for(user)[:300],
                link=link,
                created_at=now,
            )
        )
        added += 1
    db.session.flush()
    return added


def unread_count(user: User) -> int:
    query = select(func.count(Notification.id)).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def notices_for(user: User, limit: int = LIST_LIMIT) -> list[Notification]:
    """The user's notices, newest first."""
    query = (
        notifications_for(user)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def mark_read(notice: Notification, at: datetime) -> None:
    if notice.read_at is None:
        notice.read_at = at
    db.session.flush()


def mark_all_read(user: User, at: datetime) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        .values(read_at=at)
    )
    db.session.flush()
    return result.rowcount or 0


def set_email_preference(user: User, preference: EmailPreference) -> None:
    user.email_preference = preference
    db.session.flush()


def forget_name_in_employer_notices(first_name: str, links: list[str]) -> int:
    """Take a candidate's first name out of notices already sent to employer staff about
    ``links`` (their placements), once the candidate withdraws consent to share it."""
    if not first_name or not links:
        return 0
    notices = db.session.scalars(
        select(Notification)
        .join(Notification.recipient)
        .where(Notification.link.in_(links), User.role.in_(EMPLOYER_ROLES))
    )
    name = re.compile(rf"\b{re.escape(first_name)}\b")
    changed = 0
    for notice in notices:
        redacted = name.sub("a candidate", notice.text)
        if redacted != notice.text:
            notice.text = redacted
            changed += 1
    db.session.flush()
    return changed


EMPLOYER_ROLES = (Role.PARTNERSHIP_LEAD, Role.SITE_MANAGER, Role.CR_OFFICER)
