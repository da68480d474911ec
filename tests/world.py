"""A small, complete programme world shared by view tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pathway.auth.models import Organisation, Role, User
from pathway.employers.models import Programme, Site


@dataclass
class World:
    employer: Organisation
    provider: Organisation
    site: Site
    other_site: Site
    programme: Programme
    lead: User
    manager: User
    other_manager: User
    coach: User
    other_coach: User
    cr: User
    admin: User


@pytest.fixture
def world(make) -> World:
    employer = make.employer("Harrow Stores")
    provider = make.provider("Harbour Light")
    site = make.site(employer, "Leeds Central")
    other_site = make.site(employer, "York Road")
    programme = make.programme(employer, [site, other_site])
    return World(
        employer=employer,
        provider=provider,
        site=site,
        other_site=other_site,
        programme=programme,
        lead=make.user(Role.PARTNERSHIP_LEAD, employer),
        manager=make.user(Role.SITE_MANAGER, employer, sites=[site]),
        other_manager=make.user(Role.SITE_MANAGER, employer, sites=[other_site]),
        coach=make.user(Role.COACH, provider),
        other_coach=make.user(Role.COACH, make.provider("Elsewhere Trust")),
        cr=make.user(Role.CR_OFFICER, employer),
        admin=make.user(Role.ADMIN, provider),
    )
