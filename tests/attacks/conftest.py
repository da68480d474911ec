"""The attackers' world: records in every state a survivor's record can be in, built once
per module on a database of its own, and the people who will go looking for them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pathway.auth.models import Role, User
from pathway.candidates.consent import PlacementChoice, withdraw_consent
from pathway.candidates.models import (
    AreaKind,
    Candidate,
    ConsentMethod,
    ConsentScope,
    DeclineReason,
    Nomination,
)
from pathway.candidates.safety import record_avoid_area
from pathway.clock import today_london, utcnow
from pathway.extensions import db
from pathway.notifications.models import CANDIDATE
from pathway.notifications.services import notify
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements.models import RetentionCheck
from pathway.placements.nominations import accept_nomination, decline_nomination
from pathway.placements.pausing import pause_placement
from pathway.placements.services import transfer_placement
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import EndedBy, LeaveReason
from pathway.privacy.erasure import erase_candidate
from pathway.privacy.vocabulary import ErasureReason
from tests.conftest import IsolatedClient, test_app
from tests.databases import POSTGRES_URL, create_postgres, drop_postgres
from tests.factories import PASSWORD, Factory

# Each record's state, as the site manager of store A meets it. "here": at store A now.
STATES = (
    "pending",  # nominated to a programme store A takes part in, not yet decided
    "pending_unsafe",  # pending, but store A is in an area the candidate must avoid
    "declined",
    "accepted_here",
    "accepted_elsewhere",  # placed at store B
    "moved_away",  # placed at store A, then moved to store B
    "moved_here",  # placed at store B, then moved to store A
    "paused",  # at store A, paused by the coach
    "consent_withdrawn",  # at store A, the candidate no longer shares details with employers
    "erased",  # was at store A, ended, and the candidate's personal data erased
)
HERE = {"accepted_here", "moved_here", "paused", "consent_withdrawn", "erased"}


@dataclass
class Record:
    state: str
    name: str  # the candidate's first name: unique, so a page that shows it is caught
    reference: str
    candidate_id: int
    nomination_id: int
    placement_id: int | None
    check_id: int | None


@dataclass
class AttackWorld:
    records: dict[str, Record]
    people: dict[str, User]  # who goes looking, by a name saying who they are


@pytest.fixture(scope="module")
def attack_app(migrated_db, tmp_path_factory):
    uri = (
        create_postgres("attack", template="schema")
        if POSTGRES_URL
        else migrated_db.copy(tmp_path_factory.mktemp("attack"))
    )
    app = test_app(uri, WTF_CSRF_ENABLED=False, SERVER_NAME="pathway.test")
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if POSTGRES_URL:
        drop_postgres("attack")


@pytest.fixture
def login_as(attack_app):
    """``login_as(user)``: a test client of the attack app, signed in as ``user``."""

    def sign_in(user):
        client = attack_app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, "sign-in failed"
        return client

    return sign_in


@pytest.fixture(scope="module")
def attack_world(attack_app) -> AttackWorld:
    return build(Factory())


def build(make: Factory) -> AttackWorld:
    employer, provider = make.employer("Harrow Stores"), make.provider("Harbour Light")
    store_a = make.site(employer, "Store A", town="Leeds")
    store_b = make.site(employer, "Store B", town="York")
    programme = make.programme(employer, [store_a, store_b])
    people = {
        "manager_a": make.user(Role.SITE_MANAGER, employer, sites=[store_a]),
        "manager_b": make.user(Role.SITE_MANAGER, employer, sites=[store_b]),
        "lead": make.user(Role.PARTNERSHIP_LEAD, employer),
        "cr": make.user(Role.CR_OFFICER, employer),
        "coach": make.user(Role.COACH, provider),
        "admin": make.user(Role.ADMIN, provider),
    }
    other_employer, other_provider = make.employer("Elsewhere Ltd"), make.provider("Far Trust")
    people |= {
        "other_coach": make.user(Role.COACH, other_provider),
        "other_admin": make.user(Role.ADMIN, other_provider),
        "other_lead": make.user(Role.PARTNERSHIP_LEAD, other_employer),
        "other_manager": make.user(
            Role.SITE_MANAGER, other_employer, sites=[make.site(other_employer)]
        ),
        "other_cr": make.user(Role.CR_OFFICER, other_employer),
    }
    coach, lead = people["coach"], people["lead"]
    records, placements = {}, {}
    for number, state in enumerate(STATES):
        candidate = make.candidate(coach, first_name=f"Zubeida{chr(65 + number)}x")
        if state == "pending_unsafe":
            record_avoid_area(candidate, coach, AreaKind.TOWN, "Leeds", today_london())
            db.session.commit()
        nomination = make.nomination(candidate, programme)
        if state not in ("pending", "pending_unsafe", "declined"):
            first = store_b if state in ("accepted_elsewhere", "moved_here") else store_a
            placements[state] = accept_nomination(nomination, first, lead)
        db.session.commit()
        placement = placements.get(state)
        records[state] = Record(
            state,
            candidate.first_name,
            candidate.reference,
            candidate.id,
            nomination.id,
            placement.id if placement is not None else None,
            _follow_up(placement) if placement is not None else None,
        )
    _notices(records, people)  # before what follows: it must reach notices already sent
    for state, record in records.items():
        if state == "declined":
            nomination = db.session.get(Nomination, record.nomination_id)
            decline_nomination(nomination, lead, DeclineReason.NO_VACANCY, "")
        elif state in placements:
            _put_in_state(state, placements[state], people, store_a, store_b)
        db.session.commit()
    return AttackWorld(records, people)


def _put_in_state(state, placement, people, store_a, store_b) -> None:
    coach, lead = people["coach"], people["lead"]
    if state == "moved_away":
        transfer_placement(placement, store_b, lead, placement.version)
    elif state == "moved_here":
        transfer_placement(placement, store_a, lead, placement.version)
    elif state == "paused":
        pause_placement(placement, coach)
    elif state == "consent_withdrawn":
        withdraw_consent(
            placement.candidate,
            ConsentScope.SHARE_WITH_EMPLOYER,
            coach,
            today_london(),
            ConsentMethod.SIGNED_FORM,
            PlacementChoice.WITHHOLD,
        )
    elif state == "erased":
        Factory().advance(
            placement, lead, Action.END, ended_by=EndedBy.EMPLOYER, reason=LeaveReason.NO_VACANCY
        )
        erase_candidate(placement.candidate, coach, ErasureReason.REQUESTED)


def _follow_up(placement) -> int:
    check = RetentionCheck(placement_id=placement.id, months=3, due_on=today_london())
    db.session.add(check)
    db.session.commit()
    return check.id


def _notices(records: dict[str, Record], people: dict[str, User]) -> None:
    """A notice of every kind about every candidate, to everyone in the world, written as
    the jobs write them (the name only as the slot)."""
    for record in records.values():
        candidate = db.session.get(Candidate, record.candidate_id)
        link = (
            f"/placements/{record.placement_id}"
            if record.placement_id
            else f"/candidates/{record.candidate_id}"
        )
        for kind in NoticeKind:
            notify(
                people.values(),
                kind,
                f"attack:{kind.value}:{record.candidate_id}",
                f"{kind.label}: {CANDIDATE}.",
                link,
                utcnow(),
                about=candidate,
            )
    db.session.commit()
