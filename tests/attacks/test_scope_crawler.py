"""The scope crawler: each person, inside and outside the organisations, requests every route
with the id of every record in every state (pages, htmx fragments, downloads, and POSTs that
must be refused before any validation), and reads every answer for the names and references
of the candidates they must not see.

What each person may see is written out below from the rules (DOMAIN.md, "Safety and
privacy"), not read from the access policy: a record out of scope answers 404, exactly as a
missing one; a route a role may not use at all answers 403.
"""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.attacks.conftest import HERE, STATES, AttackWorld

RECORD_IDS = ("candidate_id", "nomination_id", "placement_id", "check_id")
OTHER_ARGS = {"action_name": "end", "filename": "pathway.css"}
PEOPLE = (
    "manager_a",
    "manager_b",
    "lead",
    "cr",
    "coach",
    "admin",
    "other_coach",
    "other_admin",
    "other_lead",
    "other_manager",
    "other_cr",
)
ELSEWHERE = {"accepted_elsewhere", "moved_away"}  # at store B now


def store_of(state: str) -> str | None:
    """Where the record's placement is now (None: never placed)."""
    return "a" if state in HERE else "b" if state in ELSEWHERE else None


def in_scope(person: str, kind: str, state: str) -> bool:
    """May ``person`` reach the record of ``kind`` in ``state`` (where their role may use the
    route at all)?"""
    if person.startswith("other_") or person == "cr":
        return False
    if person == "coach":  # the candidate's own support provider (an erased record's page
        return True  # says only that it was erased)
    if person == "admin":
        return kind == "candidate_id"  # subject access and erasure pages
    if person == "lead":  # the employer's partnership lead: every nomination and placement
        return kind == "nomination_id" or (kind == "placement_id" and store_of(state))
    store = person.removeprefix("manager_")
    if kind == "nomination_id":  # store A is in an area the "pending_unsafe" one must avoid
        return (
            state == "pending"
            or (state == "pending_unsafe" and store == "b")
            or (store_of(state) == store)
        )
    if kind in ("placement_id", "check_id"):
        return store_of(state) == store
    return False


def sees_name(person: str, state: str) -> bool:
    """May ``person`` read the candidate's first name anywhere?"""
    if state == "erased" or person.startswith("other_") or person == "cr":
        return False
    if person in ("coach", "admin"):
        return True
    if state == "consent_withdrawn":
        return False
    return any(in_scope(person, kind, state) for kind in ("nomination_id", "placement_id"))


def text_of(response) -> str:
    if response.mimetype == "application/pdf":
        reader = pypdf.PdfReader(io.BytesIO(response.data))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.get_data(as_text=True)


def routes(app):
    """(endpoint, the record arguments it names, methods) of every route the crawler can
    fill in (a route naming a candidate and their placement gets both of one record)."""
    found = []
    for rule in app.url_map.iter_rules():
        arguments = set(rule.arguments)
        records = tuple(sorted(arguments & set(RECORD_IDS)))
        if arguments - set(records) - set(OTHER_ARGS):
            continue  # names a record of another kind: see NOT_CRAWLED
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        found.append((rule.endpoint, records, methods))
    return sorted(found)


def crawl(app, client, world: AttackWorld, person: str):
    """Every answer ``person`` gets: (what was asked, status, text)."""
    from flask import url_for

    for endpoint, kinds, methods in routes(app):
        if endpoint in ("auth.logout", "static", "vendor.static"):
            continue
        records = world.records.values() if kinds else [None]
        for record in records:
            ids = {kind: getattr(record, kind) for kind in kinds}
            if None in ids.values():
                continue  # a record of that state has no such part (a nomination never placed)
            state = record.state if record else None
            arguments = {**OTHER_ARGS, **ids}
            with app.test_request_context():
                url = url_for(
                    endpoint, **{k: v for k, v in arguments.items() if k in _args(app, endpoint)}
                )
            reachable = all(in_scope(person, kind, state) for kind in kinds)
            for method in methods:
                if method != "GET" and (not kinds or reachable):
                    continue  # a POST is only sent where it must be refused, so nothing changes
                headers = ({}, {"HX-Request": "true"}) if method == "GET" else ({},)
                for header in headers:
                    response = client.open(url, method=method, data={}, headers=header)
                    yield (endpoint, kinds, state, method, bool(header)), response
                    response.close()


def _args(app, endpoint: str) -> set[str]:
    (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    return set(rule.arguments)


@pytest.mark.parametrize("person", PEOPLE)
def test_no_one_reaches_or_reads_a_record_outside_their_scope(
    attack_app, attack_world, login_as, person
):
    hidden_names = {r.name for r in attack_world.records.values() if not sees_name(person, r.state)}
    unreachable = [
        record
        for record in attack_world.records.values()
        if not any(in_scope(person, kind, record.state) for kind in RECORD_IDS)
        and person not in ("coach", "admin")
    ]
    leaks, wrong = [], []
    client = login_as(attack_world.people[person])
    for asked, response in crawl(attack_app, client, attack_world, person):
        endpoint, kinds, state, _method, _fragment = asked
        out_of_scope = not all(in_scope(person, kind, state) for kind in kinds)
        if out_of_scope and response.status_code not in (403, 404):
            wrong.append((asked, response.status_code))
        if response.status_code >= 400 and response.status_code not in (409, 422):
            continue
        text = text_of(response)
        leaks += [(asked, name) for name in hidden_names if name in text]
        leaks += [(asked, r.reference) for r in unreachable if r.reference in text]
    assert wrong == [], f"{person} reached records outside their scope: {wrong[:10]}"
    assert leaks == [], f"{person} read what they must not: {leaks[:10]}"


# Routes naming records of other kinds: the access matrix sends them other organisations'
# ids (tests/test_access_matrix.py, SCOPED); public ones take a token or a reference.
NOT_CRAWLED = {
    "admin.edit_user",
    "admin.new_site",
    "admin.send_invitation",
    "admin.send_password_reset",
    "two_factor.reset",
    "auth.choose_password",
    "candidates.review",
    "confirmations.confirmation",
    "employers.edit_programme",
    "employers.edit_stages",
    "employers.programme",
    "publishing.ask_partners",
    "publishing.draft",
    "publishing.publish",
    "publishing.snapshot",
    "publishing.snapshot_csv",
    "publishing.snapshot_json",
    "publishing.snapshot_pdf",
    "verify.report",
}


def test_the_world_has_every_state_and_the_crawler_reaches_each(attack_app, attack_world):
    """The crawler proves nothing if a state is missing or no route names its records: a
    new route, a new kind of nomination or a new outcome fails here until it is crawled."""
    from pathway.candidates.models import Nomination, NominationStatus
    from pathway.extensions import db
    from pathway.placements.models import Placement
    from pathway.placements.vocabulary import Outcome

    assert set(attack_world.records) == set(STATES)
    crawled = {endpoint for endpoint, _, _ in routes(attack_app)}
    every = {rule.endpoint for rule in attack_app.url_map.iter_rules()}
    assert every - crawled == NOT_CRAWLED, "crawl the new route, or say where it is tried"
    assert set(RECORD_IDS) <= {kind for _, kinds, _ in routes(attack_app) for kind in kinds}
    assert all(attack_world.records[state].placement_id for state in HERE | ELSEWHERE)
    statuses = set(db.session.scalars(db.select(Nomination.status)))
    assert statuses == set(NominationStatus), "a nomination state no record of the world is in"
    placements = db.session.scalars(db.select(Placement)).all()
    assert {p.outcome for p in placements} >= {Outcome.IN_PROGRESS, Outcome.WITHDRAWN}
    assert any(p.is_paused for p in placements)
