"""Two-factor through the pages: the code after the password, who must set it up first,
the set-up page, recovery codes, turning it off, and an administrator's reset."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from pathway.audit.models import AuditEvent
from pathway.auth.two_factor import pending, services
from pathway.clock import utcnow
from pathway.extensions import db
from tests.factories import PASSWORD, authenticator_code

ASKS_FOR_CODE = "Enter the 6-digit code from your authenticator app, or a recovery code."


def _password(client, user, next_: str | None = None):
    url = "/login" + (f"?next={next_}" if next_ else "")
    return client.post(url, data={"email": user.email, "password": PASSWORD})


def _code(client, code: str, location: str = "/login/code"):
    return client.post(location, data={"code": code})


def _signed_in(client) -> bool:
    return client.get("/account/password").status_code == 200


@pytest.fixture
def sign_in_with_code(app):
    """A new client signed in as ``user`` with their password and a current code."""

    def sign_in(user, enrolled):
        client = app.test_client()
        assert _password(client, user).location.endswith("/login/code")
        response = _code(client, enrolled.code(utcnow()))
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in


# --- the code after the password --------------------------------------------------------


def test_with_two_factor_on_the_password_alone_does_not_sign_in(world, enrol, client):
    enrolled = enrol(world.lead)
    response = _password(client, world.lead, next_="/placements/board")
    assert response.status_code == 302
    assert response.location.endswith("/login/code?next=/placements/board")
    assert not _signed_in(client)
    page = client.get(response.location)
    assert page.status_code == 200 and ASKS_FOR_CODE in page.get_data(as_text=True)

    done = _code(client, enrolled.code(utcnow()), response.location)
    assert done.status_code == 302 and done.location.endswith("/placements/board")
    assert client.get("/placements/board").status_code == 200
    events = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert events[-2:] == ["two_factor_passed", "login"]


def test_an_unsafe_next_is_ignored_after_the_code(world, enrol, client):
    enrolled = enrol(world.lead)
    response = _password(client, world.lead, next_="https://evil.example/")
    assert "evil" not in response.location
    done = _code(client, enrolled.code(utcnow()), "/login/code?next=https://evil.example/")
    assert done.status_code == 302 and "evil" not in done.location


def test_a_wrong_code_is_refused_beside_the_field_and_a_used_one_says_so(world, enrol, client):
    enrolled = enrol(world.lead)
    _password(client, world.lead)
    wrong = _code(client, "000000" if enrolled.code(utcnow()) != "000000" else "111111")
    assert wrong.status_code == 422
    assert "That code is not right." in wrong.get_data(as_text=True)

    code = enrolled.code(utcnow())
    assert _code(client, code).status_code == 302
    client.post("/logout")
    _password(client, world.lead)
    replayed = _code(client, code)
    assert replayed.status_code == 422
    assert "This code has been used; wait for the next one." in replayed.get_data(as_text=True)
    assert not _signed_in(client)


def _age_pending(client, seconds: float) -> None:
    with client.session_transaction() as session:
        session[pending.KEY] = {**session[pending.KEY], "at": time.time() - seconds}


def test_the_step_between_password_and_code_lasts_5_minutes(world, enrol, client):
    enrolled = enrol(world.lead)
    _password(client, world.lead)
    _age_pending(client, 4 * 60)
    assert client.get("/login/code").status_code == 200
    _age_pending(client, 5 * 60 + 1)
    late = _code(client, enrolled.code(utcnow()))
    assert late.status_code == 302 and "/login" in late.location and "code" not in late.location
    assert "Please sign in again" in client.get(late.location).get_data(as_text=True)
    assert not _signed_in(client)
    assert client.get("/login/code").location.endswith("/login")  # and the marker is gone


def test_the_code_step_ends_when_the_users_sessions_are_ended(world, enrol, client):
    enrolled = enrol(world.lead)
    _password(client, world.lead)
    world.lead.end_all_sessions()  # e.g. the password changed meanwhile
    db.session.commit()
    assert _code(client, enrolled.code(utcnow())).status_code == 302
    assert not _signed_in(client)


def test_without_a_password_first_the_code_page_sends_you_to_sign_in(client):
    response = client.get("/login/code")
    assert response.status_code == 302 and response.location.endswith("/login")


def test_six_wrong_codes_lock_the_account_with_the_usual_message(world, enrol, client):
    enrol(world.lead)
    _password(client, world.lead)
    for _ in range(5):
        assert _code(client, "000000").status_code == 422
    locked = _code(client, "000000")
    assert locked.status_code == 429
    assert "Too many attempts to sign in. You can try again after" in locked.get_data(as_text=True)
    # the password does not get round it
    assert _password(client, world.lead).status_code == 429


def test_signing_in_again_with_the_password_does_not_restart_the_count(world, enrol, client):
    enrol(world.lead)
    for _ in range(2):
        assert _password(client, world.lead).status_code == 302
        for _ in range(3):
            response = _code(client, "000000")
    assert response.status_code == 429


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(world, enrol, client):
    enrolled = enrol(world.lead)
    _password(client, world.lead)
    done = _code(client, enrolled.recovery_codes[0])
    assert done.status_code == 302
    assert "9 left" in client.get(done.location, follow_redirects=True).get_data(as_text=True)
    client.post("/logout")
    _password(client, world.lead)
    assert _code(client, enrolled.recovery_codes[0]).status_code == 422


# --- who must set it up -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "coach"])
def test_administrators_and_coaches_must_set_it_up_before_anything_else(
    world, required, client, role
):
    user = getattr(world, role)
    response = _password(client, user, next_="/notifications/")
    assert response.status_code == 302
    assert response.location.endswith("/account/two-factor?next=/notifications/")
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 302 and "/account/two-factor" in home.location
    assert client.get("/notifications/").location.endswith(
        "/account/two-factor?next=/notifications/"
    )
    assert client.post("/account/password", data={}).status_code == 403
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Your role needs two-factor sign-in" in page
    assert "Caseload" not in page and "Organisations and users" not in page  # no other pages
    # signing out still works
    out = client.post("/logout")
    assert out.status_code == 302 and out.location.endswith("/login")
    assert client.get("/account/two-factor").location.startswith("/login")


@pytest.mark.parametrize("role", ["lead", "manager", "cr"])
def test_other_roles_are_not_made_to_set_it_up(world, required, login, role):
    client = login(getattr(world, role))
    assert "/account/two-factor" not in client.get("/").location
    assert client.get(client.get("/").location).status_code == 200
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Two-factor sign-in is optional for your role" in page


def test_with_the_setting_off_nobody_must_set_it_up(world, login):
    client = login(world.coach)
    assert client.get("/candidates/").status_code == 200


def test_a_user_who_set_it_up_reaches_everything(world, required, enrol, sign_in_with_code):
    enrolled = enrol(world.coach)
    client = sign_in_with_code(world.coach, enrolled)
    assert client.get("/candidates/").status_code == 200


def test_the_login_page_says_when_two_factor_is_off(app, client):
    notice = "Two-factor sign-in is off on this server"
    assert notice in client.get("/login").get_data(as_text=True)
    app.config["TWO_FACTOR_REQUIRED"] = True
    assert notice not in client.get("/login").get_data(as_text=True)


# --- the set-up page --------------------------------------------------------------------


def test_setting_it_up_shows_the_qr_code_then_the_recovery_codes_once(world, required, client):
    other_device = _signed_in_client(client.application, world.coach)
    _password(client, world.coach, next_="/candidates/")
    page = client.get("/account/two-factor?next=/candidates/").get_data(as_text=True)
    secret = services.two_factor_of(world.coach).secret
    assert 'src="data:image/svg+xml' in page
    assert services.grouped_secret(secret) in page
    assert secret not in client.get("/login").get_data(as_text=True)

    wrong = client.post("/account/two-factor?next=/candidates/", data={"code": "abc"})
    assert wrong.status_code == 422 and "That code does not match" in wrong.get_data(as_text=True)

    done = client.post(
        "/account/two-factor?next=/candidates/", data={"code": authenticator_code(secret)}
    )
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "They are shown only now." in text
    codes = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", text)
    assert len(codes) == 10
    assert 'href="/candidates/"' in text
    assert client.get("/candidates/").status_code == 200  # this session goes on
    assert not _signed_in(other_device)  # every other session ended
    status = client.get("/account/two-factor").get_data(as_text=True)
    assert "10 unused" in status and codes[0] not in status


def _signed_in_client(app, user):
    other = app.test_client()
    _password(other, user)
    return other


def test_renewing_recovery_codes_and_turning_it_off(world, enrol, sign_in_with_code):
    enrolled = enrol(world.lead)
    client = sign_in_with_code(world.lead, enrolled)
    wrong = client.post("/account/two-factor/recovery-codes", data={"code": "000000"})
    assert wrong.status_code == 422 and "That code is not right." in wrong.get_data(as_text=True)
    renewed = client.post(
        "/account/two-factor/recovery-codes", data={"code": enrolled.recovery_codes[0]}
    )
    fresh = re.findall(r"<li>([a-z2-9-]{14})</li>", renewed.get_data(as_text=True))
    assert renewed.status_code == 200 and len(fresh) == 10
    assert client.post("/account/two-factor/turn-off", data={"code": "000000"}).status_code == 422
    off = client.post("/account/two-factor/turn-off", data={"code": fresh[0]})
    assert off.status_code == 302
    assert not services.is_enrolled(world.lead)
    client.post("/logout")
    assert _password(client, world.lead).location.endswith("/")  # the password is enough now


def test_a_role_that_needs_it_cannot_turn_it_off(world, required, enrol, sign_in_with_code):
    enrolled = enrol(world.coach)
    client = sign_in_with_code(world.coach, enrolled)
    page = client.get("/account/two-factor/turn-off").get_data(as_text=True)
    assert "needs two-factor sign-in, so it stays on" in page and 'name="code"' not in page
    assert "Turn two-factor sign-in off" not in client.get("/account/two-factor").get_data(
        as_text=True
    )
    refused = client.post("/account/two-factor/turn-off", data={"code": enrolled.code(utcnow())})
    assert refused.status_code == 200 and services.is_enrolled(world.coach)


# --- an administrator's reset -----------------------------------------------------------


def test_an_administrator_resets_a_lost_phone_and_the_user_is_signed_out(
    world, required, enrol, sign_in_with_code
):
    coach = enrol(world.coach)
    coach_client = sign_in_with_code(world.coach, coach)
    admin = sign_in_with_code(world.admin, enrol(world.admin))
    edit = admin.get(f"/admin/users/{world.coach.id}/edit").get_data(as_text=True)
    assert "Reset two-factor sign-in" in edit
    response = admin.post(f"/admin/users/{world.coach.id}/two-factor/reset")
    assert response.status_code == 302 and response.location.endswith(
        f"/admin/users/{world.coach.id}/edit"
    )
    assert "is reset" in admin.get(response.location).get_data(as_text=True)
    assert not services.is_enrolled(world.coach)
    assert coach_client.get("/candidates/").status_code == 302  # signed out
    # at the next sign-in the coach sets it up again
    again = _password(coach_client, world.coach)
    assert again.location.endswith("/account/two-factor")
    event = db.session.scalars(select(AuditEvent).filter_by(action="two_factor_reset")).one()
    assert (event.user_id, event.record_id) == (world.admin.id, str(world.coach.id))
