"""Recording audit events and checking their chain.

``record_audit`` is the one way to add an event. In a request the event waits on ``g``
and is written after the response is built (``hooks.py``), in its own transaction, so
an audit row never commits half of a view's work and a refused change is still audited.
Outside a request (CLI, jobs) it is written at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from pathway.audit.models import GENESIS_HASH, AuditEvent
from pathway.clock import utcnow
from pathway.extensions import db

WRITE_ATTEMPTS = 5


@dataclass
class PendingEvent:
    action: str
    record_type: str | None = None
    record_id: str | None = None
    user_id: int | None = None
    role: str | None = None
    organisation_id: int | None = None
    endpoint: str | None = None
    candidate_id: int | None = None
    status: int | None = None
    ip_address: str | None = None
    occurred_at: datetime = field(default_factory=utcnow)


def record_audit(
    action: str,
    record_type: str | None = None,
    record_id: int | str | None = None,
    user=None,
    *,
    candidate_id: int | None = None,
    status: int | None = None,
) -> PendingEvent:
    """Audit ``action`` by ``user`` (default: whoever is signed in) on one record."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    pending = PendingEvent(
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        user_id=user.id if user is not None else None,
        role=str(user.role.value) if user is not None else None,
        organisation_id=user.organisation_id if user is not None else None,
        candidate_id=candidate_id
        if candidate_id is not None
        else _candidate_of(record_type, record_id),
        status=status,
    )
    if has_request_context():
        pending.endpoint = request.endpoint
        pending.ip_address = request.remote_addr
        g.setdefault("audit_pending", []).append(pending)
    else:
        write_events([pending])
    return pending


def _candidate_of(record_type: str | None, record_id) -> int | None:
    return int(record_id) if record_type == "candidate" and record_id is not None else None


def event_hash(fields: dict, prev_hash: str) -> str:
    """SHA-256 of the event's fields and the previous event's hash."""
    content = {key: value for key, value in fields.items() if key not in ("id", "hash")}
    content["prev_hash"] = prev_hash
    content["occurred_at"] = content["occurred_at"].isoformat(timespec="microseconds")
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


HASHED_FIELDS = tuple(PendingEvent.__dataclass_fields__)


def _fields_of(event: AuditEvent) -> dict:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def _last_hash() -> str:
    last = db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return last or GENESIS_HASH


def _serialise_writers() -> None:
    """On PostgreSQL one writer at a time extends the chain; elsewhere the unique
    ``prev_hash`` refuses a fork and the write is retried."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(6006)"))


def write_events(events: list[PendingEvent]) -> None:
    """Append ``events`` to the chain and commit them (and nothing else)."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            _serialise_writers()
            prev = _last_hash()
            for pending in events:
                fields = asdict(pending)
                digest = event_hash(fields, prev)
                db.session.add(AuditEvent(**fields, prev_hash=prev, hash=digest))
                prev = digest
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()
            if attempt == WRITE_ATTEMPTS - 1:
                raise


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainCheck:
    """Walk the trail in order; the first event whose link or content does not match."""
    prev = GENESIS_HASH
    checked = 0
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(500):
        if event.prev_hash != prev:
            return ChainCheck(checked, event.id, "it does not follow the event before it")
        if event_hash(_fields_of(event), event.prev_hash) != event.hash:
            return ChainCheck(checked, event.id, "its content does not match its hash")
        prev = event.hash
        checked += 1
    return ChainCheck(checked)
