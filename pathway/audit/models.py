"""Audit events (append-only, hash-chained) and sign-in attempts (lockout, rate limits)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from pathway.clock import utcnow
from pathway.db_types import Flag, RecordId
from pathway.extensions import db

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    """One thing someone did. Ids and codes only: no names, no notes, no typed e-mail."""

    id: Mapped[RecordId]
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # Who: plain ids (not foreign keys) so the trail outlives any change to accounts.
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    role: Mapped[str | None] = mapped_column(String(32))
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    endpoint: Mapped[str | None] = mapped_column(String(80))
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(40))
    # The candidate the event is about, when there is one (a coach sees who looked).
    candidate_id: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[int | None] = mapped_column(Integer)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)  # no fork in the chain
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditEventImmutable(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper, _connection, target):
    raise AuditEventImmutable(f"Audit event {target.id} cannot be changed.")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper, _connection, target):
    raise AuditEventImmutable(f"Audit event {target.id} cannot be deleted.")


class LoginAttempt(db.Model):
    """A sign-in attempt, kept for lockout and rate limiting: shared by every worker.

    ``account_key`` is a keyed hash of the e-mail typed, so an account that does not
    exist locks exactly like one that does, and the e-mail itself is not stored."""

    id: Mapped[RecordId]
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    ip_address: Mapped[str] = mapped_column(String(45), index=True)
    succeeded: Mapped[Flag]
