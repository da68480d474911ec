"""The administrator's rules for organisations, sites and accounts."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from pathway.auth.models import Organisation, OrganisationKind, Role, User
from pathway.employers.models import Site
from pathway.extensions import db
from pathway.refusals import ActionRefused, FieldRefused

PREFIX_PATTERN = re.compile(r"[A-Z]{2,4}")


def create_organisation(
    name: str, kind: OrganisationKind, reference_prefix: str | None = None
) -> Organisation:
    """A new employer or support provider; a support provider issues references."""
    name = name.strip()
    prefix = (reference_prefix or "").strip() or None
    taken = _organisation_named(name)
    if taken is not None:
        raise FieldRefused(f"There is already an organisation called {taken.name}.", "name")
    if kind is OrganisationKind.SUPPORT_PROVIDER:
        _check_prefix(prefix)
    elif prefix:
        raise FieldRefused(
            "Only support providers issue candidate references: leave the prefix empty "
            "for an employer.",
            "reference_prefix",
        )
    organisation = Organisation(name=name, kind=kind, reference_prefix=prefix)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def create_site(employer: Organisation, name: str, town: str, region: str) -> Site:
    if not employer.is_employer:
        raise ActionRefused(f"{employer.name} is not an employer: only employers have sites.")
    name = name.strip()
    taken = db.session.scalar(
        select(Site).where(Site.employer_id == employer.id, func.lower(Site.name) == name.lower())
    )
    if taken is not None:
        raise FieldRefused(f"{employer.name} already has a site called {taken.name}.", "name")
    site = Site(employer=employer, name=name, town=town.strip(), region=region.strip())
    db.session.add(site)
    db.session.flush()
    return site


def create_user(
    *,
    name: str,
    email: str,
    organisation: Organisation,
    role: Role,
    sites: list[Site],
) -> User:
    """A new account without a password: the person chooses one through the invitation
    (``pathway/auth/invitations.py``). Its email is stored lowercased and must be unused."""
    email = normalise_email(email)
    if _user_with_email(email) is not None:
        raise FieldRefused(f"{email} already has an account.", "email")
    check_role_fits(role, organisation)
    check_sites(role, organisation, sites)
    user = User(
        name=name.strip(),
        email=email,
        organisation=organisation,
        role=role,
        sites=list(sites) if role is Role.SITE_MANAGER else [],
        active=True,
    )
    user.set_unusable_password()
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: User, *, role: Role, sites: list[Site], active: bool, by: User) -> None:
    """Change an account's role, sites and whether it may sign in."""
    if user.id == by.id and not active:
        raise FieldRefused("You cannot deactivate your own account.", "active")
    if user.id == by.id and role is not Role.ADMIN:
        raise FieldRefused("You cannot take away your own administrator role.", "role")
    check_role_fits(role, user.organisation)
    check_sites(role, user.organisation, sites)
    user.role = role
    user.sites = list(sites) if role is Role.SITE_MANAGER else []
    if user.active and not active:
        user.end_all_sessions()  # a disabled account is signed out everywhere at once
    user.active = active
    db.session.flush()


def check_role_fits(role: Role, organisation: Organisation) -> None:
    """A coach works for a support provider; employer roles for an employer."""
    kind = role.organisation_kind
    if kind is not None and organisation.kind is not kind:
        raise FieldRefused(
            f"A {role.label.lower()} belongs to {_a(kind)}, and {organisation.name} is "
            f"{_a(organisation.kind)}.",
            "role",
        )


def check_sites(role: Role, organisation: Organisation, sites: list[Site]) -> None:
    """Site managers have at least one site of their own employer; nobody else has sites."""
    if role is not Role.SITE_MANAGER:
        if sites:
            raise FieldRefused(
                "Only site managers are linked to sites: untick the sites or choose the "
                "site manager role.",
                "sites",
            )
        return
    if not sites:
        raise FieldRefused("Choose at least one site for a site manager.", "sites")
    foreign = [site.name for site in sites if site.employer_id != organisation.id]
    if foreign:
        raise FieldRefused(f"Not {organisation.name}'s sites: {', '.join(foreign)}.", "sites")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_prefix(prefix: str | None) -> None:
    if not prefix:
        raise FieldRefused(
            "A support provider needs a reference prefix for its candidates' references.",
            "reference_prefix",
        )
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise FieldRefused(
            "The reference prefix is 2 to 4 capital letters, such as CH.", "reference_prefix"
        )
    taken = db.session.scalar(select(Organisation).where(Organisation.reference_prefix == prefix))
    if taken is not None:
        raise FieldRefused(
            f"{taken.name} already uses the prefix {prefix}: references must not collide.",
            "reference_prefix",
        )


def _organisation_named(name: str) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )


def _user_with_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def _a(kind: OrganisationKind) -> str:
    label = kind.label.lower()
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"
