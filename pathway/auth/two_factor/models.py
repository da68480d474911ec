"""A user's authenticator (TOTP) secret and their single-use recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pathway.crypto import EncryptedText
from pathway.db_types import RecordId, UtcMoment
from pathway.extensions import db


class TwoFactor(db.Model):
    """One per user: the shared secret, stored encrypted. Until ``confirmed_at`` is set the
    user is still enrolling and the secret does not protect the account yet."""

    __tablename__ = "two_factor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[UtcMoment]
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The 30-second time step of the last code accepted: that code and older ones are refused.
    last_used_step: Mapped[int | None] = mapped_column(Integer)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(db.Model):
    """A code for when the authenticator is lost: kept only as a hash, used once."""

    __tablename__ = "recovery_code"

    id: Mapped[RecordId]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[UtcMoment]
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
