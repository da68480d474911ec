"""Who is told about a placement or a candidate: the people responsible for it."""

from __future__ import annotations

from sqlalchemy import select

from pathway.auth.models import Role, User
from pathway.candidates.models import Candidate
from pathway.employers.models import Site
from pathway.extensions import db


def site_managers_of(site_id: int) -> list[User]:
    query = select(User).where(
        User.role == Role.SITE_MANAGER, User.active.is_(True), User.sites.any(Site.id == site_id)
    )
    return list(db.session.scalars(query.order_by(User.id)))


def partnership_leads_of(employer_id: int) -> list[User]:
    query = select(User).where(
        User.role == Role.PARTNERSHIP_LEAD,
        User.active.is_(True),
        User.organisation_id == employer_id,
    )
    return list(db.session.scalars(query.order_by(User.id)))


def coaches_of(candidate: Candidate) -> list[User]:
    """The candidate's coach; if none is active, every active coach of the support provider."""
    coach = candidate.coach
    if coach is not None and coach.active:
        return [coach]
    query = select(User).where(
        User.role == Role.COACH,
        User.active.is_(True),
        User.organisation_id == candidate.organisation_id,
    )
    return list(db.session.scalars(query.order_by(User.id)))
