"""Organisations, users and their roles."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from pathway.clock import utcnow
from pathway.db_types import RecordId, UtcMoment, enum_column
from pathway.extensions import db
from pathway.notifications.vocabulary import EmailPreference
from pathway.vocabulary import Labelled

if TYPE_CHECKING:
    from pathway.employers.models import Site

# Never produced by werkzeug (its hashes start with the method): no password matches it.
UNUSABLE_PASSWORD_PREFIX = "!"


class OrganisationKind(Labelled):
    EMPLOYER = "employer", "Employer"
    SUPPORT_PROVIDER = "support_provider", "Support provider"


class Role(Labelled):
    ADMIN = "admin", "Administrator"
    COACH = "coach", "Coach"
    PARTNERSHIP_LEAD = "partnership_lead", "Partnership lead"
    SITE_MANAGER = "site_manager", "Site manager"
    CR_OFFICER = "cr_officer", "Corporate responsibility officer"

    @property
    def organisation_kind(self) -> OrganisationKind | None:
        """The kind of organisation this role belongs to (None: either)."""
        if self is Role.COACH:
            return OrganisationKind.SUPPORT_PROVIDER
        if self in (Role.PARTNERSHIP_LEAD, Role.SITE_MANAGER, Role.CR_OFFICER):
            return OrganisationKind.EMPLOYER
        return None


class Organisation(db.Model):
    id: Mapped[RecordId]
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    # Prefix of the pseudonymous candidate references a support provider issues.
    reference_prefix: Mapped[str | None] = mapped_column(String(4))
    # An employer's financial year starts on the first day of this month (April by default).
    financial_year_start_month: Mapped[int] = mapped_column(Integer, default=4)
    created_at: Mapped[UtcMoment]

    users: Mapped[list[User]] = relationship(back_populates="organisation")
    sites: Mapped[list[Site]] = relationship(
        back_populates="employer", order_by="Site.name", cascade="all, delete-orphan"
    )

    @property
    def is_employer(self) -> bool:
        return self.kind is OrganisationKind.EMPLOYER


user_sites = Table(
    "user_sites",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("site.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, db.Model):
    id: Mapped[RecordId]
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[UtcMoment]
    email_preference: Mapped[EmailPreference] = mapped_column(
        enum_column(EmailPreference),
        default=EmailPreference.IMMEDIATE,
        server_default=EmailPreference.IMMEDIATE.value,
    )

    # Raised to end every session of this user at once (sign-out, password change, disabling).
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    organisation: Mapped[Organisation] = relationship(back_populates="users")
    sites: Mapped[list[Site]] = relationship(secondary=user_sites, order_by="Site.name")

    def get_id(self) -> str:
        """What the session keeps: the id and the session version it was signed in with."""
        return f"{self.id}:{self.session_version}"

    def end_all_sessions(self) -> None:
        self.session_version = (self.session_version or 1) + 1

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def set_unusable_password(self) -> None:
        """No password works until the person chooses one through an invitation link."""
        self.password_hash = UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(16)

    @property
    def invitation_pending(self) -> bool:
        """Invited, not yet accepted: the person has never chosen a password."""
        return self.password_hash.startswith(UNUSABLE_PASSWORD_PREFIX)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def site_ids(self) -> set[int]:
        return {site.id for site in self.sites}


class LinkPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"


class AccountLink(db.Model):
    """A link e-mailed to choose a password: an invitation or a password reset.

    Only the SHA-256 of the link's random token is kept. A link works once, until it
    expires, and only while it is the account's newest: a newer link withdraws it."""

    id: Mapped[RecordId]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[UtcMoment]
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


class PasswordResetRequest(db.Model):
    """A "forgot your password" request, kept a day for the per-address limit.
    The e-mail typed is not stored."""

    id: Mapped[RecordId]
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    ip_address: Mapped[str] = mapped_column(String(45), index=True)
