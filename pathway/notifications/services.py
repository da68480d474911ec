"""Adding notices (once per thing per person), reading them, and the e-mail preference."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from pathway.access import candidate_names_for, notifications_for
from pathway.auth.models import User
from pathway.candidates.models import Candidate
from pathway.extensions import db
from pathway.notifications.models import CANDIDATE, Notification
from pathway.notifications.vocabulary import EmailPreference, NoticeKind

LIST_LIMIT = 100


def notify(
    recipients: Iterable[User],
    kind: NoticeKind,
    subject_key: str,
    text: str,
    link: str,
    now: datetime,
    about: Candidate | None = None,
) -> int:
    """Add a notice for each recipient who has none for ``subject_key`` yet; how many were added.

    ``text`` names the candidate the notice is ``about`` only as ``CANDIDATE``: who may see
    which name is decided when the notice is shown.
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
    for user_id in people:
        if user_id in already:
            continue
        db.session.add(
            Notification(
                recipient_id=user_id,
                kind=kind,
                subject_key=subject_key,
                text=text[:300],
                link=link,
                candidate_id=about.id if about is not None else None,
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


@dataclass(frozen=True)
class ShownNotice:
    """A notice as its recipient sees it now: the candidate named as the policy allows."""

    id: int
    kind: NoticeKind
    text: str
    link: str
    created_at: datetime
    read_at: datetime | None

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def notices_for(user: User, limit: int = LIST_LIMIT) -> list[ShownNotice]:
    """The user's notices, newest first."""
    query = (
        notifications_for(user)
        .options(selectinload(Notification.candidate).selectinload(Candidate.consents))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return shown_notices(user, list(db.session.scalars(query)))


def shown_notices(user: User, notices: list[Notification]) -> list[ShownNotice]:
    """``user``'s notices worded for them now: each candidate's name where ``user`` may see
    it today (consent in force, not erased, still in their scope), else "a candidate"."""
    names = candidate_names_for(user, [n.candidate for n in notices if n.candidate is not None])
    return [
        ShownNotice(
            id=notice.id,
            kind=notice.kind,
            text=_sentence(
                notice.text.replace(CANDIDATE, names.get(notice.candidate_id, "a candidate"))
            ),
            link=notice.link,
            created_at=notice.created_at,
            read_at=notice.read_at,
        )
        for notice in notices
    ]


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


def _sentence(text: str) -> str:
    """A notice reads as a sentence even when it starts with "a candidate"."""
    return text[:1].upper() + text[1:]
