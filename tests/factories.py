"""Factories that build valid records through the real services, committed to the test DB."""

from __future__ import annotations

import itertools
from datetime import UTC, timedelta

import pyotp

from pathway.auth.models import Organisation, OrganisationKind, Role, User
from pathway.candidates import services as candidate_services
from pathway.candidates.models import (
    Candidate,
    Consent,
    ConsentMethod,
    ConsentScope,
    Nomination,
)
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.clock import add_months, today_london, utcnow
from pathway.employers.models import Programme, Site
from pathway.employers.services import create_programme
from pathway.extensions import db
from pathway.placements import nominations
from pathway.placements.models import Placement
from pathway.placements.nominations import accept_nomination
from pathway.placements.services import StageUpdate, record_stage_update
from pathway.placements.transitions import Action

PASSWORD = "correct horse battery"
# The suite runs on any day: dates are relative to the day it runs (tests/conftest.py).
# The factories read the clock as they go, so a test that moves it (``travel``) moves them.
TODAY = today_london()
_numbers = itertools.count(1)


def _prefix(n: int) -> str:
    """A distinct two-letter reference prefix per support provider (AA, AB, ...)."""
    return chr(65 + n // 26 % 26) + chr(65 + n % 26)


def authenticator_code(secret: str, steps: int = 0) -> str:
    """The code an authenticator app shows now by the app's clock (``steps`` later)."""
    return pyotp.TOTP(secret).at(utcnow().replace(tzinfo=UTC), counter_offset=steps)


class Factory:
    def organisation(self, kind=OrganisationKind.SUPPORT_PROVIDER, name=None) -> Organisation:
        n = next(_numbers)
        org = Organisation(
            name=name or f"{kind.label} {n}",
            kind=kind,
            reference_prefix=_prefix(n) if kind is OrganisationKind.SUPPORT_PROVIDER else None,
        )
        db.session.add(org)
        db.session.commit()
        return org

    def employer(self, name=None) -> Organisation:
        return self.organisation(OrganisationKind.EMPLOYER, name)

    def provider(self, name=None) -> Organisation:
        return self.organisation(OrganisationKind.SUPPORT_PROVIDER, name)

    def user(self, role: Role, organisation: Organisation | None = None, sites=(), **kw) -> User:
        n = next(_numbers)
        if organisation is None:
            organisation = self.provider() if role in (Role.COACH, Role.ADMIN) else self.employer()
        user = User(
            email=kw.pop("email", f"{role.value}{n}@example.test"),
            name=kw.pop("name", f"{role.label} {n}"),
            role=role,
            organisation=organisation,
            sites=list(sites),
            **kw,
        )
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    def site(self, employer: Organisation, name=None, town="Leeds", region="Yorkshire") -> Site:
        site = Site(
            employer=employer, name=name or f"Store {next(_numbers)}", town=town, region=region
        )
        db.session.add(site)
        db.session.commit()
        return site

    def programme(self, employer: Organisation, sites=None, **criteria) -> Programme:
        if sites is None:
            sites = [self.site(employer)]
        programme = create_programme(
            employer, criteria.pop("name", "Fresh Start"), sites, **criteria
        )
        db.session.commit()
        return programme

    def candidate(self, coach: User, consent=True, counted=True, **fields) -> Candidate:
        """``consent``: to share with an employer; ``counted``: to be counted in figures."""
        today = today_london()
        values = dict(
            first_name="Amina",
            date_of_birth=add_months(today, -31 * 12),  # 31 years old
            english_level=EnglishLevel.ENTRY_3,
            right_to_work=RightToWork.SETTLED,
            visa_expires_on=None,
            nrm_decision=NrmDecision.POSITIVE_CONCLUSIVE,
            availability="Weekday mornings",
            adjustments="Quiet room for breaks",
            # Assessed recently, whatever the date the suite runs on, so the checks are fresh.
            assessed_on=today_london(),
            english_assessed_on=today_london() - timedelta(days=60),
            right_to_work_checked_on=today_london() - timedelta(days=60),
            commit_weeks=26,
            support_in_place=True,
            move_on_plan=True,
        )
        values.update(fields)
        candidate = candidate_services.record_candidate(coach, today, **values)
        if consent:
            candidate_services.record_employer_consent(
                candidate,
                coach,
                today - timedelta(days=30),
                ConsentMethod.SIGNED_FORM,
                True,
                True,
                True,
            )
        if counted:
            db.session.add(
                Consent(
                    candidate=candidate,
                    scope=ConsentScope.COUNTED_IN_FIGURES,
                    given_on=today - timedelta(days=30),
                    method=ConsentMethod.SIGNED_FORM,
                    recorded_by_id=coach.id,
                )
            )
        db.session.commit()
        return candidate

    def nomination(self, candidate: Candidate, programme: Programme) -> Nomination:
        nomination = nominations.nominate_candidate(
            candidate, programme, candidate.coach, today_london()
        )
        db.session.commit()
        return nomination

    def placement(
        self, candidate: Candidate, programme: Programme, by: User, site: Site | None = None
    ) -> Placement:
        nomination = self.nomination(candidate, programme)
        placement = accept_nomination(nomination, site or programme.sites[0], by)
        db.session.commit()
        return placement

    def advance(self, placement: Placement, by: User, *actions: Action, **fields) -> Placement:
        """Record ``actions`` in turn (scheduling for today unless a date is given)."""
        for action in actions:
            update = StageUpdate(
                action=action,
                scheduled_on=fields.get("scheduled_on", today_london()),
                **{k: v for k, v in fields.items() if k != "scheduled_on"},
            )
            record_stage_update(placement, update, by, placement.version)
            db.session.commit()
        return placement


def through_stage(n: int) -> list[Action]:
    """The actions that carry a placement through its first ``n`` stages."""
    return [Action.SCHEDULE, Action.ATTENDED, Action.PASS] * n
