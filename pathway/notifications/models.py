"""In-app notices: one per thing per person, with a link to the thing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway.auth.models import User
from pathway.candidates.models import Candidate
from pathway.db_types import RecordId, UtcMoment, enum_column
from pathway.extensions import db
from pathway.notifications.vocabulary import NoticeKind

# Where a notice's text names its candidate. The name itself is never stored: it is put in
# when the notice is shown, as the access policy allows then (services.shown_notices).
CANDIDATE = "{candidate}"


class Notification(db.Model):
    """A notice for one user. ``subject_key`` names the thing, so a re-run adds nothing.

    The text holds no personal data: the candidate it is about is ``candidate_id``, named
    in the text by ``CANDIDATE``. E-mails carry neither the text nor a name.
    """

    __table_args__ = (
        UniqueConstraint("recipient_id", "subject_key"),
        Index("ix_notification_recipient_read", "recipient_id", "read_at"),
    )

    id: Mapped[RecordId]
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind))
    subject_key: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(200))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidate.id"), index=True)
    created_at: Mapped[UtcMoment]
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)

    recipient: Mapped[User] = relationship()
    candidate: Mapped[Candidate | None] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
