"""The fuzz world: the shared test world and one record of each kind (tests/world.py), a few
more records so every form is on show, and another organisation's records whose ids are
sent as bait.

It is built once per session, with each role signed in once, and saved (on SQLite a copy of
the database file, on PostgreSQL its rows); each test and each example starts from that,
much quicker than building it again for every endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from pathway.auth.models import Role
from pathway.auth.two_factor import services as two_factor
from pathway.candidates.models import AreaKind, Candidate, Nomination
from pathway.candidates.safety import record_avoid_area
from pathway.clock import today_london, utcnow
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.notifications.services import notify
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements.pausing import pause_placement
from pathway.placements.transitions import Action
from tests.conftest import test_app
from tests.databases import POSTGRES_URL
from tests.factories import PASSWORD, Factory, authenticator_code, through_stage
from tests.fuzz.database import Baseline, empty_tables
from tests.fuzz.forms import read_forms
from tests.world import World, build_records, build_world, users_by_role

DOMAIN = "pathway.test"  # the SERVER_NAME of every test app (tests/conftest.py)


@dataclass(frozen=True)
class FuzzWorld:
    records: dict  # URL arguments (and hints) by name: tests.world's records and a few more
    emails: dict[Role, str]  # one user per role, in the world's scope
    foreign: dict[str, set[int]]  # table -> ids of another organisation's records
    sessions: dict  # role (None: signed out) -> a session cookie, signed in once for the run

    @property
    def foreign_ids(self) -> list[int]:
        return sorted({i for ids in self.foreign.values() for i in ids})


# The fuzz world's sessions last the whole run: session limits are tested in tests/audit.
SETTINGS = {"WTF_CSRF_ENABLED": True, "SESSION_IDLE_MINUTES": 24 * 60, "SESSION_MAX_HOURS": 24}


@pytest.fixture
def app(app):
    """These tests post the CSRF token each page carries, as a browser does."""
    app.config.update(SETTINGS)
    return app


@pytest.fixture
def fuzz_world(app, fuzz_template) -> FuzzWorld:
    """The fuzz world, in this test's own database."""
    world, baseline = fuzz_template
    baseline.restore()
    return world


@pytest.fixture
def baseline(fuzz_world, fuzz_template) -> Baseline:
    return fuzz_template[1]


@pytest.fixture(scope="session")
def fuzz_template(migrated_db, tmp_path_factory) -> tuple[FuzzWorld, Baseline]:
    """The fuzz world, built once on a database of its own, and that database saved."""
    directory = tmp_path_factory.mktemp("fuzz")
    uri = POSTGRES_URL or migrated_db.copy(directory, "world.sqlite3")
    app = test_app(uri, SERVER_NAME=DOMAIN, **SETTINGS)
    with app.app_context():
        make = Factory()
        world = build_world(make)
        fuzz = _build(world, build_records(world, make), make)
        db.session.remove()
    # Outside that context, so each request has its own (its own g and CSRF token).
    for role, email in fuzz.emails.items():
        fuzz.sessions[role] = _session(app, email, fuzz.records["recovery_code"])
    fuzz.sessions[None] = _session(app, None)
    with app.app_context():
        saved = Baseline.save(directory)
        if POSTGRES_URL:
            empty_tables()  # as every test leaves it
        db.session.remove()
        db.engine.dispose()
    return fuzz, saved


def _build(world: World, records: dict, make: Factory) -> FuzzWorld:
    today = today_london()
    # The CR officer signs in with two-factor, so its pages (new codes, turning it off) show.
    enrolling = two_factor.start_enrolment(world.cr)
    code = authenticator_code(enrolling.secret)
    recovery_codes = two_factor.confirm_enrolment(world.cr, code, utcnow())
    candidate = db.session.get(Candidate, records["candidate_id"])
    record_avoid_area(candidate, world.coach, AreaKind.TOWN, "Truro", today)
    people = users_by_role(world)
    notify(people.values(), NoticeKind.STAGE_REMINDER, "fuzz", "Booked", "/", utcnow())
    # A placement waiting for its interview's outcome, so hired / not hired are on show.
    at_interview = make.placement(make.candidate(world.coach), world.programme, world.lead)
    make.advance(
        at_interview,
        world.manager,
        *through_stage(len(world.programme.stages) - 1),
        Action.SCHEDULE,
        Action.ATTENDED,
    )
    # A placement its coach paused, to resume.
    paused = make.placement(make.candidate(world.coach), world.programme, world.lead)
    pause_placement(paused, world.coach)
    db.session.commit()
    more = {
        "interview_placement_id": at_interview.id,
        "paused_placement_id": paused.id,
        "paused_candidate_id": paused.candidate_id,
        "nominated_candidate_id": db.session.get(Nomination, records["nomination_id"]).candidate_id,
        "free_candidate_id": make.candidate(world.coach).id,  # ready, not nominated
        "manager_id": world.manager.id,
        "cr_id": world.cr.id,
        "recovery_code": recovery_codes[0],  # spent signing the CR officer in
        "emails": [user.email for user in people.values()],
    }
    plain = {name: value for name, value in records.items() if isinstance(value, int | str)}
    return FuzzWorld(
        records={**plain, **more},
        emails={role: user.email for role, user in people.items()},
        foreign=_elsewhere(records["outsiders"], make, today),
        sessions={},
    )


def _elsewhere(outsiders: dict, make: Factory, today) -> dict[str, set[int]]:
    """Records of another support provider and another employer."""
    other_coach = outsiders[Role.COACH]
    theirs = make.candidate(other_coach)
    area = record_avoid_area(theirs, other_coach, AreaKind.TOWN, "Hull", today)
    other_site = outsiders[Role.SITE_MANAGER].sites[0]
    other_employer = other_site.employer
    other_programme = make.programme(other_employer, [other_site], name="Elsewhere")
    nomination = make.nomination(theirs, other_programme)
    other_programme.active = False  # so no coach may nominate to it either
    notify(outsiders.values(), NoticeKind.STAGE_REMINDER, "away", "Away", "/", utcnow())
    db.session.commit()
    notices = db.session.scalars(
        select(Notification.id).where(Notification.subject_key == "away")
    ).all()
    return {
        "candidate": {theirs.id},
        "avoid_area": {area.id},
        "site": {other_site.id},
        "programme": {other_programme.id},
        "nomination": {nomination.id},
        "notification": set(notices),
        "organisation": {other_employer.id, other_coach.organisation_id},
        "user": {user.id for user in outsiders.values()},
    }


def client_as(app, fuzz: FuzzWorld, role: Role | None):
    """A client with the fuzz world's session for ``role`` (None: signed out)."""
    client = app.test_client()
    set_session(client, fuzz.sessions[role])
    return client


def set_session(client, cookie: str) -> None:
    client.set_cookie(client.application.config["SESSION_COOKIE_NAME"], cookie, domain=DOMAIN)


def _session(app, email: str | None, recovery_code: str = "") -> str:
    """The session cookie of someone signed in as ``email`` (None: of someone signed out);
    ``recovery_code`` for an account with two-factor."""
    client = sign_in(app, email, code=recovery_code) if email else app.test_client()
    if not email:
        client.get("/login")  # a session, holding the CSRF token its pages carry
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain=DOMAIN).value


def sign_in(app, email: str, password: str = PASSWORD, code: str = ""):
    """A client signed in through the sign-in form (and the code page, for an account
    with two-factor), with its CSRF token."""
    client = app.test_client()
    page = client.get("/login")
    _, token = read_forms(page.get_data(as_text=True), "/login")
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, "sign-in failed"
    if urlsplit(response.location).path == "/login/code":
        response = client.post("/login/code", data={"code": code, "csrf_token": token})
        assert response.status_code == 302, "two-factor sign-in failed"
    return client
