"""Reading the trail: the administrator's search and a candidate's own history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from pathway.audit.models import AuditEvent
from pathway.auth.models import Organisation, User
from pathway.clock import LONDON
from pathway.extensions import db

PAGE_SIZE = 200

ACTION_LABELS = {
    "view": "Looked at",
    "change": "Changed",
    "export": "Downloaded",
    "erase": "Erased personal data",
    "denied": "Was refused",
    "login": "Signed in",
    "login_failed": "Failed to sign in",
    "login_refused": "Sign-in refused (too many attempts)",
    "logout": "Signed out",
    "password_change": "Changed password",
    "two_factor_passed": "Two-factor code accepted",
    "two_factor_failed": "Two-factor code refused",
    "recovery_code_used": "Used a recovery code",
    "two_factor_enrolled": "Turned two-factor on",
    "recovery_codes_renewed": "Renewed recovery codes",
    "two_factor_disabled": "Turned two-factor off",
    "two_factor_reset": "Reset someone's two-factor",
    "recount": "Counted a financial year's figures again",
}


@dataclass(frozen=True)
class Filters:
    user_id: int | None = None
    record_type: str | None = None
    record_id: str | None = None
    candidate_id: int | None = None
    action: str | None = None
    from_day: date | None = None
    to_day: date | None = None


def _utc_start_of(day: date) -> datetime:
    """Midnight UK time on ``day``, as naive UTC."""
    from datetime import UTC

    return datetime.combine(day, time(), LONDON).astimezone(UTC).replace(tzinfo=None)


def search(filters: Filters, limit: int = PAGE_SIZE) -> list[AuditEvent]:
    """The latest events matching every filter given (dates are UK days, inclusive)."""
    query = select(AuditEvent)
    if filters.user_id is not None:
        query = query.where(AuditEvent.user_id == filters.user_id)
    if filters.record_type:
        query = query.where(AuditEvent.record_type == filters.record_type)
    if filters.record_id:
        query = query.where(AuditEvent.record_id == filters.record_id)
    if filters.candidate_id is not None:
        query = query.where(AuditEvent.candidate_id == filters.candidate_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.from_day:
        query = query.where(AuditEvent.occurred_at >= _utc_start_of(filters.from_day))
    if filters.to_day:
        end = _utc_start_of(filters.to_day + timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    query = query.order_by(AuditEvent.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def who_looked_at(candidate_id: int, limit: int = PAGE_SIZE) -> list[AuditEvent]:
    """Everyone who saw, changed, downloaded or was refused this candidate's records."""
    return search(Filters(candidate_id=candidate_id), limit)


def people_in(events: list[AuditEvent]) -> dict[int, User]:
    ids = {event.user_id for event in events if event.user_id is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def organisations_in(events: list[AuditEvent]) -> dict[int, Organisation]:
    ids = {event.organisation_id for event in events if event.organisation_id is not None}
    if not ids:
        return {}
    query = select(Organisation).where(Organisation.id.in_(ids))
    return {organisation.id: organisation for organisation in db.session.scalars(query)}
