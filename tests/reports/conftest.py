"""Fixtures for the reports: a scheme with figures, its CR officer, a published report."""

from __future__ import annotations

import pytest

from pathway.auth.models import Role
from pathway.extensions import db
from pathway.reports.disclosure.control import Policy
from pathway.reports.publishing.snapshots import prepare_draft, publish_draft
from tests.reports.builders import AS_OF, YEAR, Scheme

NAMES = ("Zanzibarina", "Quillonetta", "Marvelousz", "Xylophonia", "Wobblethorpe", "Yarrowena")


@pytest.fixture(autouse=True)
def story_day(travel):
    """These reports tell of 2025/26, as seen on AS_OF: that is today for them."""
    travel(AS_OF)


@pytest.fixture
def coach(make):
    return make.user(Role.COACH, make.provider("Harbour Light Trust"))


@pytest.fixture
def scheme(make, coach):
    return Scheme(make, coach, make.employer("Harrow & Vale Stores"))


@pytest.fixture
def officer(make, scheme):
    return make.user(Role.CR_OFFICER, scheme.employer, name="Catherine Lowe")


@pytest.fixture
def people(scheme):
    """Six candidates hired in the quarter and one not hired, with names that stand out."""
    hired = [scheme.hired(first_name=name) for name in NAMES]
    scheme.not_hired()
    return [placement.candidate for placement in hired]


def draft_of(scheme, officer, period=YEAR):
    draft = prepare_draft(scheme.employer, period, officer, Policy(), AS_OF)
    db.session.commit()
    return draft


def publish(scheme, officer, period=YEAR, **options):
    snapshot = publish_draft(draft_of(scheme, officer, period), officer, **options)
    db.session.commit()
    return snapshot
