"""The pages: forgot your password, choosing a password through a link, and the
administrator's invitations and resets."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from pathway.audit.models import AuditEvent
from pathway.auth import links
from pathway.auth.models import AccountLink, LinkPurpose, Role, User
from pathway.clock import utcnow
from pathway.extensions import db
from tests.factories import PASSWORD
from tests.links.conftest import link_in

GOOD = "harbour kettle violin 42"
SAME_ANSWER = "If an account exists for that address, we have sent a link to it"
NOT_VALID = "This link has expired or has already been used. Ask for a new one."


def issue(user, purpose=LinkPurpose.INVITATION, now=None) -> str:
    token = links.issue_link(user, purpose, now or utcnow())
    db.session.commit()
    return token


def choose(client, token, password=GOOD, confirm=None):
    data = {"password": password, "confirm": confirm if confirm is not None else password}
    return client.post(f"/password/choose/{token}", data=data)


def sign_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


# --- forgot your password ------------------------------------------------------------------


def test_the_login_page_offers_forgot_your_password(client):
    page = client.get("/login")
    assert 'href="/password/forgot">Forgot your password?' in page.text
    assert client.get("/password/forgot").status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_account_exists(world, client, smtp_server):
    answers = []
    for email in (world.coach.email, "nobody@example.test"):
        response = client.post("/password/forgot", data={"email": email})
        page = client.get(response.location).text
        assert SAME_ANSWER in page and "works for 60 minutes" in page
        page = re.sub(r'name="form_key" value="[^"]*"', "KEY", page.split("<main")[-1])
        answers.append((response.status_code, response.location, page))
    known, unknown = answers
    assert known == unknown
    assert known[:2] == (302, "/login")
    (mail,) = smtp_server.messages
    assert mail["To"] == world.coach.email


def test_an_empty_address_is_asked_for_beside_the_field(client):
    response = client.post("/password/forgot", data={"email": ""})
    assert response.status_code == 422
    assert 'id="email-error">Give the email address you sign in with.' in response.text


def test_too_many_requests_from_one_address_are_held_back_whatever_the_account(app, client):
    app.config.update(RESET_IP_REQUESTS=2)
    for n in range(2):
        assert client.post("/password/forgot", data={"email": f"x{n}@example.test"}).status_code
    response = client.post("/password/forgot", data={"email": "x9@example.test"})
    assert response.status_code == 429
    assert "Too many requests from this connection. You can try again after" in response.text
    assert 'value="x9@example.test"' in response.text


def test_a_reset_request_is_audited_without_the_address_typed(world, client):
    client.post("/password/forgot", data={"email": world.coach.email})
    client.post("/password/forgot", data={"email": "nobody@example.test"})
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "reset_requested"))
    assert [(e.record_type, e.record_id) for e in events] == [
        ("user", str(world.coach.id)),
        (None, None),
    ]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "change")) is None


# --- choosing a password -------------------------------------------------------------------


def test_an_invitation_link_shows_choose_a_password(invited, client):
    page = client.get(f"/password/choose/{issue(invited)}")
    assert page.status_code == 200
    assert "Welcome to Pathway" in page.text
    assert 'autocomplete="new-password"' in page.text
    assert invited.email not in page.text and "Taylor" not in page.text


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43, "a" * 300])
def test_an_unknown_or_tampered_link_gets_a_plain_page(client, token):
    page = client.get(f"/password/choose/{token}")
    assert page.status_code == 410
    assert NOT_VALID in page.text
    assert choose(client, token).status_code == 410


def test_an_expired_link_gets_the_same_plain_page(world, client):
    token = issue(world.coach, LinkPurpose.PASSWORD_RESET, utcnow() - timedelta(minutes=61))
    page = client.get(f"/password/choose/{token}")
    assert page.status_code == 410 and NOT_VALID in page.text


def test_a_refused_password_is_explained_beside_its_field(invited, client):
    token = issue(invited)
    common = choose(client, token, "qwerty123456")
    assert common.status_code == 422
    assert 'id="password-error">That password is too common' in common.text
    different = choose(client, token, GOOD, GOOD + "?")
    assert different.status_code == 422
    assert 'id="confirm-error">The two passwords are not the same.' in different.text
    assert GOOD not in different.text  # a password is never sent back
    db.session.refresh(invited)
    assert invited.invitation_pending


def test_accepting_an_invitation_then_signing_in(invited, client):
    token = issue(invited)
    response = choose(client, token)
    assert response.status_code == 302 and response.location == "/login"
    assert "Your password is set. Sign in with it." in client.get("/login").text
    assert sign_in(client, invited.email, GOOD).status_code == 302
    assert client.get("/candidates/").status_code == 200
    assert client.get(f"/password/choose/{token}").status_code == 410  # used
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "invitation_accepted" in actions


def test_a_reset_ends_every_session_and_the_old_password(world, client, login):
    elsewhere = login(world.coach)
    token = issue(world.coach, LinkPurpose.PASSWORD_RESET)
    page = client.get(f"/password/choose/{token}")
    assert "Choose a new password" in page.text
    assert choose(client, token).status_code == 302
    assert elsewhere.get("/candidates/").status_code == 302  # signed out
    assert sign_in(client, world.coach.email, PASSWORD).status_code == 422
    assert sign_in(client, world.coach.email, GOOD).status_code == 302
    assert "password_reset" in db.session.scalars(select(AuditEvent.action)).all()


def test_using_a_link_while_signed_in_signs_this_browser_out_too(world, login):
    client = login(world.coach)
    token = issue(world.coach, LinkPurpose.PASSWORD_RESET)
    assert choose(client, token).status_code == 302
    assert client.get("/candidates/").status_code == 302


def test_an_invited_account_cannot_sign_in_before_choosing_a_password(invited, client):
    for password in ("", "!", invited.password_hash, PASSWORD):
        assert sign_in(client, invited.email, password).status_code == 422


# --- the administrator's side ----------------------------------------------------------------


def new_user_form(organisation, **overrides) -> dict:
    data = {
        "name": "Sam Taylor",
        "email": "Sam.Taylor@Example.test",
        "organisation": str(organisation.id),
        "role": Role.COACH.value,
    }
    data.update(overrides)
    return data


def test_adding_a_user_sends_an_invitation(world, login, smtp_server):
    admin = login(world.admin)
    response = admin.post("/admin/users/new", data=new_user_form(world.provider))
    assert response.status_code == 302
    page = admin.get(response.location).text
    assert "An account for Sam Taylor is set up." in page
    assert "Invitation sent to sam.taylor@example.test." in page
    assert "Invited, not yet accepted" in page
    user = db.session.scalars(select(User).filter_by(email="sam.taylor@example.test")).one()
    assert user.invitation_pending
    (mail,) = smtp_server.messages
    assert mail["To"] == "sam.taylor@example.test"
    assert "invitation_sent" in db.session.scalars(select(AuditEvent.action)).all()


def test_without_a_mail_server_the_administrator_is_told_it_was_not_e_mailed(world, login):
    admin = login(world.admin)
    response = admin.post("/admin/users/new", data=new_user_form(world.provider))
    page = admin.get(response.location).text
    assert "Invitation not e-mailed to sam.taylor@example.test: no mail server is set" in page


def test_the_invitation_can_be_sent_again_and_the_older_link_stops_working(
    world, invited, login, smtp_server
):
    older = issue(invited)
    admin = login(world.admin)
    page = admin.get(f"/admin/users/{invited.id}/edit").text
    assert "Invited, not yet accepted" in page and "Send the invitation again" in page
    assert "Send a password reset link" not in page
    response = admin.post(f"/admin/users/{invited.id}/invitation")
    assert response.status_code == 302
    assert response.location == f"/admin/users/{invited.id}/edit"
    assert "Invitation sent to sam.taylor@example.test." in admin.get(response.location).text
    client = admin.application.test_client()
    assert client.get(f"/password/choose/{older}").status_code == 410
    assert client.get(link_in(smtp_server.messages[-1])).status_code == 200


def test_an_accepted_invitation_is_not_sent_again(world, login):
    admin = login(world.admin)
    response = admin.post(f"/admin/users/{world.coach.id}/invitation")
    assert response.status_code == 302
    assert "has already accepted the invitation" in admin.get(response.location).text
    assert db.session.scalars(select(AccountLink)).all() == []


def test_an_administrator_sends_a_password_reset_to_an_active_user(world, login, smtp_server):
    admin = login(world.admin)
    page = admin.get(f"/admin/users/{world.coach.id}/edit").text
    assert "Send a password reset link" in page and "Send the invitation again" not in page
    response = admin.post(f"/admin/users/{world.coach.id}/password-reset")
    assert "Password reset link sent to" in admin.get(response.location).text
    (mail,) = smtp_server.messages
    assert mail["To"] == world.coach.email
    assert admin.application.test_client().get(link_in(mail)).status_code == 200


def test_a_deactivated_account_gets_no_reset(world, login, smtp_server):
    world.coach.active = False
    db.session.commit()
    admin = login(world.admin)
    assert "Send a password reset link" not in admin.get(f"/admin/users/{world.coach.id}/edit").text
    response = admin.post(f"/admin/users/{world.coach.id}/password-reset")
    assert "account is deactivated: activate it first" in admin.get(response.location).text
    assert smtp_server.messages == []


@pytest.mark.parametrize("action", ["invitation", "password-reset"])
def test_only_administrators_send_links_and_an_unknown_account_is_404(world, login, action):
    assert login(world.coach).post(f"/admin/users/{world.coach.id}/{action}").status_code == 403
    assert login(world.admin).post(f"/admin/users/999999/{action}").status_code == 404
