"""A form sent twice - a double click, or the same form again while the first is saving - is
saved once and never answers 500, on both databases. Each test sends the very same form
(its own key included, as a browser sends what the page drew) from two or three clients
of one signed-in session at the same moment, then again afterwards."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

from flask import session
from flask_login import login_user
from sqlalchemy import func, select

from pathway.candidates.models import (
    Candidate,
    Consent,
    ConsentScope,
    Nomination,
    WeeklyReview,
)
from pathway.clock import add_months, today_london
from pathway.extensions import db
from pathway.placements.models import Placement, StageEvent
from pathway.submissions import SENT_AGAIN, SentForm, form_key
from tests.world import url_for_rule, users_by_role

KEY = re.compile(r'name="form_key" value="([^"]+)"')
SAVED = (302, 303)  # saved; or sent again after the first was answered: led where it led


def key_on(client, page: str) -> str:
    """The key of the first form a page draws, as the browser would send it."""
    found = KEY.search(client.get(page).get_data(as_text=True))
    assert found, f"{page} draws no form key"
    return found.group(1)


def at_once(client, copies: int, path: str, data: dict, headers=None) -> list[tuple[int, str]]:
    """POST ``data`` to ``path`` from ``copies`` clients of ``client``'s session at once."""
    cookie = client.get_cookie("session", domain="pathway.test")
    clients = []
    for _ in range(copies):
        twin = client.application.test_client()
        twin.set_cookie("session", cookie.value, domain="pathway.test")
        clients.append(twin)
    start, statuses = threading.Barrier(copies), []

    def send(twin) -> None:
        with twin.application.app_context():  # a thread of its own, as a server's worker
            start.wait(timeout=30)
            response = twin.post(path, data=data, headers=headers or {})
            statuses.append((response.status_code, response.get_data(as_text=True)))
            db.session.remove()

    threads = [threading.Thread(target=send, args=(twin,)) for twin in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def assert_saved_once(answers: list[tuple[int, str]]) -> None:
    """One copy saved; every other led where it led, or was told it was sent twice."""
    statuses = [status for status, _ in answers]
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(302) == 1, statuses
    for status, page in answers:
        assert status in SAVED or SENT_AGAIN in page, (status, page[:500])


def test_recording_a_candidate_three_times_at_once_records_one(world, login):
    client = login(world.coach)
    today = today_london()
    data = {
        "first_name": "Blerta",
        "date_of_birth": add_months(today, -12 * 32).isoformat(),
        "english_level": "entry_3",
        "english_assessed_on": (today - timedelta(days=90)).isoformat(),
        "right_to_work": "settled",
        "nrm_decision": "positive_conclusive",
        "availability": "Weekday mornings",
        "form_key": key_on(client, "/candidates/new"),
    }

    assert_saved_once(at_once(client, 3, "/candidates/new", data))
    assert count(Candidate) == 1

    again = client.post("/candidates/new", data=data)  # the back button, then send
    candidate = db.session.scalars(select(Candidate)).one()
    assert again.status_code == 303
    assert again.location == f"/candidates/{candidate.id}"  # where the first one led
    assert SENT_AGAIN in client.get(again.location).get_data(as_text=True)
    assert count(Candidate) == 1


def test_consent_sent_three_times_at_once_is_one_consent(world, make, login):
    candidate = make.candidate(world.coach, consent=False)
    client = login(world.coach)
    path = f"/candidates/{candidate.id}/consent"
    data = {
        "scope": "share_with_employer",
        "given_on": today_london().isoformat(),
        "method": "signed_form",
        "share_first_name": "y",
        "form_key": key_on(client, path),
    }
    assert_saved_once(at_once(client, 3, path, data))
    shared = Consent.scope == ConsentScope.SHARE_WITH_EMPLOYER
    assert count(Consent, Consent.candidate_id == candidate.id, shared) == 1


def test_a_weekly_review_sent_twice_at_once_is_one_review(world, make, login):
    candidate = make.candidate(world.coach)
    client = login(world.coach)
    path = f"/candidates/{candidate.id}/reviews/new"
    data = {"reviewed_on": today_london().isoformat(), "form_key": key_on(client, path)}
    data.update({f"score_{i}": "3" for i in range(4)})

    assert_saved_once(at_once(client, 2, path, data))
    assert count(WeeklyReview, WeeklyReview.candidate_id == candidate.id) == 1


def test_a_nomination_accepted_twice_at_once_is_one_placement(world, make, login):
    nomination = make.nomination(make.candidate(world.coach), world.programme)
    client = login(world.manager)
    path = f"/placements/nominations/{nomination.id}"
    data = {"site_id": str(world.site.id), "form_key": key_on(client, path)}

    assert_saved_once(at_once(client, 2, f"{path}/accept", data))
    assert count(Placement, Placement.nomination_id == nomination.id) == 1
    assert db.session.get(Nomination, nomination.id).status.value == "accepted"


def test_a_board_button_clicked_twice_is_one_stage_event(world, make, login):
    placement = make.placement(make.candidate(world.coach), world.programme, world.lead)
    client = login(world.manager)
    board = client.get("/placements/board").get_data(as_text=True)
    form = re.search(rf'action="/placements/{placement.id}/schedule".*?</form>', board, re.S).group(
        0
    )
    data = {
        "version": str(placement.version),
        "scheduled_on": (today_london() + timedelta(days=3)).isoformat(),
        "return_to": "board",
        "form_key": KEY.search(form).group(1),
    }
    events = count(StageEvent, StageEvent.placement_id == placement.id)
    answers = at_once(
        client, 2, f"/placements/{placement.id}/schedule", data, {"HX-Request": "true"}
    )
    statuses = [status for status, _ in answers]
    assert all(status < 500 for status in statuses) and 200 in statuses, statuses
    assert all(status == 200 or SENT_AGAIN in page for status, page in answers)
    assert count(StageEvent, StageEvent.placement_id == placement.id) == events + 1


def test_without_a_key_a_form_sent_twice_at_once_never_answers_500(world, make, login):
    """A client that sends no key (a script) still never gets a 500: the rules and the
    database's own constraints answer the second copy."""
    nomination = make.nomination(make.candidate(world.coach), world.programme)
    client = login(world.manager)
    answers = at_once(
        client, 2, f"/placements/nominations/{nomination.id}/accept", {"site_id": world.site.id}
    )
    assert sorted(status for status, _ in answers)[0] == 302
    assert all(status < 500 for status, _ in answers), answers
    assert count(Placement, Placement.nomination_id == nomination.id) == 1


def test_every_form_that_posts_carries_its_own_key(app, world, records, login):
    """Every page of every role: each form that posts has a key, and no two are alike."""
    seen: set[str] = set()
    for role, user in users_by_role(world).items():
        client = login(user)
        for rule in app.url_map.iter_rules():
            roles = getattr(app.view_functions[rule.endpoint], "allowed_roles", ())
            if (
                "GET" not in rule.methods
                or role not in roles
                or rule.endpoint.endswith(("_csv", "_json", "_pdf", ".count"))
            ):
                continue
            url, _ = url_for_rule(app, rule.endpoint, records)
            page = client.get(url).get_data(as_text=True)
            for form in re.findall(r'<form[^>]*method="post".*?</form>', page, re.S):
                keys = KEY.findall(form)
                assert len(keys) == 1, f"{role} {url}: a form without its key\n{form[:300]}"
                assert keys[0] not in seen, f"{url}: a key drawn twice"
                seen.add(keys[0])
    assert len(seen) > 40


def test_a_key_saved_by_one_user_leads_another_nowhere(world, login):
    """Keys are per user: another user sending one (were it ever seen) is not sent where
    the first user's form led, and gets no 500."""
    client = login(world.coach)
    path = "/candidates/review-areas"
    key = key_on(client, path)
    data = {f"area_{i}": name for i, name in enumerate(["Work", "Home", "Health", "Money"])}
    assert client.post(path, data={**data, "form_key": key}).status_code == 302
    other = login(world.other_coach)
    response = other.post(path, data={**data, "form_key": key})
    assert response.status_code in (302, 422)


def test_a_copy_refused_by_what_the_first_copy_saved_is_told_it_was_sent_twice(app, world):
    """The race's other ending, made certain: the second copy passes the check before the
    view while the first is still saving; the first is saved; then a rule refuses the
    second because of it (a nomination no longer waiting: 403, 404, 409 or 422). It is
    answered as a copy sent after the first, led where the first led."""
    for refused in (403, 404, 409, 422):
        key = form_key()
        with app.test_request_context("/any", method="POST", data={"form_key": key}):
            login_user(world.coach)
            assert app.preprocess_request() is None  # not saved yet: on to the view
            db.session.add(SentForm(key=key, user_id=world.coach.id, answer="/candidates/7"))
            db.session.commit()  # the first copy, saved meanwhile
            answer = app.process_response(app.make_response(("Not any more.", refused)))
            assert (answer.status_code, answer.location) == (303, "/candidates/7"), refused
            assert SENT_AGAIN in [message for _, message in session["_flashes"]]


def test_a_refusal_of_a_form_never_saved_is_its_own(app, world):
    with app.test_request_context("/any", method="POST", data={"form_key": form_key()}):
        login_user(world.coach)
        assert app.preprocess_request() is None
        answer = app.process_response(app.make_response(("Not today.", 422)))
    assert answer.status_code == 422 and answer.get_data(as_text=True) == "Not today."
