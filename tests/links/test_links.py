"""Links to choose a password and the requests that send them, called without HTTP.

Time is passed in, so expiry and limits are tested at chosen moments.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from pathway.audit.models import AuditEvent
from pathway.auth import invitations, links
from pathway.auth.invitations import Delivery
from pathway.auth.links import LinkNotValid
from pathway.auth.models import AccountLink, LinkPurpose
from pathway.extensions import db
from pathway.refusals import FieldRefused
from tests.factories import PASSWORD
from tests.links.conftest import link_in, text_of

NOW = datetime(2026, 11, 24, 9, 0)
GOOD = "harbour kettle violin 42"
INVITATION, RESET = LinkPurpose.INVITATION, LinkPurpose.PASSWORD_RESET


def issue(user, purpose=INVITATION, now=NOW) -> str:
    token = links.issue_link(user, purpose, now)
    db.session.commit()
    return token


def test_only_a_hash_of_the_token_is_stored(invited):
    token = issue(invited)
    (link,) = db.session.scalars(select(AccountLink)).all()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.token_hash
    assert len(token) >= 40  # 32 random bytes


def test_a_new_account_has_no_password_that_works(invited):
    assert invited.invitation_pending
    for attempt in ("", "!", invited.password_hash, invited.password_hash[1:], PASSWORD):
        assert not invited.check_password(attempt)


@pytest.mark.parametrize(
    ("purpose", "lasts"), [(INVITATION, timedelta(days=7)), (RESET, timedelta(hours=1))]
)
def test_a_link_works_until_it_expires(invited, purpose, lasts):
    token = issue(invited, purpose)
    assert links.open_link(token, NOW + lasts - timedelta(seconds=1)).user_id == invited.id
    with pytest.raises(LinkNotValid):
        links.open_link(token, NOW + lasts)


def test_expiry_follows_the_settings(app, invited):
    app.config.update(INVITATION_LINK_DAYS=2, RESET_LINK_MINUTES=15)
    invitation, reset = issue(invited, INVITATION), issue(invited, RESET)
    with pytest.raises(LinkNotValid):
        links.open_link(invitation, NOW + timedelta(days=2))
    with pytest.raises(LinkNotValid):
        links.open_link(reset, NOW + timedelta(minutes=15))
    assert links.open_link(invitation, NOW + timedelta(days=1)).purpose is INVITATION


def test_choosing_a_password_through_an_invitation(invited):
    version = invited.session_version
    token = issue(invited)
    user = links.choose_password(token, GOOD, GOOD, NOW + timedelta(days=1))
    db.session.commit()
    assert user.id == invited.id
    assert user.check_password(GOOD) and not user.invitation_pending
    assert user.session_version == version + 1
    link = db.session.scalars(select(AccountLink)).one()
    assert link.used_at == NOW + timedelta(days=1)
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.record_type, event.record_id) == (
        "invitation_accepted",
        "user",
        str(invited.id),
    )


def test_a_link_works_only_once(invited):
    token = issue(invited)
    links.choose_password(token, GOOD, GOOD, NOW)
    db.session.commit()
    with pytest.raises(LinkNotValid):
        links.choose_password(token, "another long passphrase", "another long passphrase", NOW)
    db.session.rollback()
    assert invited.check_password(GOOD)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.upper(),
        lambda token: token + "x",
        lambda token: "",
        lambda token: "x" * 500,
        lambda token: hashlib.sha256(token.encode()).hexdigest(),  # the stored hash itself
    ],
)
def test_a_tampered_token_opens_nothing(invited, tamper):
    token = issue(invited)
    with pytest.raises(LinkNotValid) as refused:
        links.open_link(tamper(token), NOW)
    assert str(refused.value) == (
        "This link has expired or has already been used. Ask for a new one."
    )


def test_a_new_invitation_stops_the_older_ones(invited):
    first = issue(invited, now=NOW)
    second = issue(invited, now=NOW + timedelta(minutes=5))
    with pytest.raises(LinkNotValid):
        links.open_link(first, NOW + timedelta(minutes=6))
    assert links.open_link(second, NOW + timedelta(minutes=6))


def test_a_reset_request_does_not_spoil_an_invitation_but_using_either_ends_both(invited):
    invitation = issue(invited, INVITATION)
    reset = issue(invited, RESET)
    assert links.open_link(invitation, NOW)
    links.choose_password(reset, GOOD, GOOD, NOW)
    db.session.commit()
    with pytest.raises(LinkNotValid):
        links.open_link(invitation, NOW)


def test_a_deactivated_account_s_link_does_not_work(invited):
    token = issue(invited)
    invited.active = False
    db.session.commit()
    with pytest.raises(LinkNotValid):
        links.open_link(token, NOW)


@pytest.mark.parametrize(
    ("password", "confirm", "field", "words"),
    [
        ("elevenchars", "elevenchars", "password", "at least 12 characters"),
        ("qwerty123456", "qwerty123456", "password", "too common"),
        ("sam.taylor@example.test", "sam.taylor@example.test", "password", "email address"),
        (GOOD, GOOD + "!", "confirm", "not the same"),
    ],
)
def test_the_password_rules_apply_and_the_link_still_works(
    invited, password, confirm, field, words
):
    token = issue(invited)
    with pytest.raises(FieldRefused) as refused:
        links.choose_password(token, password, confirm, NOW)
    assert refused.value.field == field and words in str(refused.value)
    db.session.rollback()
    assert invited.invitation_pending
    assert links.open_link(token, NOW)


# --- sending: against the real local SMTP server -------------------------------------------


def test_an_invitation_is_e_mailed_with_a_first_name_and_the_link(invited, smtp_server):
    assert invitations.send_invitation(invited, NOW) is Delivery.SENT
    (mail,) = smtp_server.messages
    assert mail["To"] == "sam.taylor@example.test"
    assert mail["Subject"] == "Pathway: your invitation"
    body = text_of(mail)
    assert body.startswith("Hello Sam,\n")
    assert "Taylor" not in body and invited.organisation.name not in body
    assert "works once, for 7 days" in body
    token = link_in(mail).rsplit("/", 1)[1]
    assert links.open_link(token, NOW).user_id == invited.id


def test_an_accepted_or_deactivated_account_is_not_invited_again(world, invited):
    with pytest.raises(invitations.ActionRefused, match="already accepted"):
        invitations.send_invitation(world.coach, NOW)
    invited.active = False
    with pytest.raises(invitations.ActionRefused, match="deactivated"):
        invitations.send_invitation(invited, NOW)
    with pytest.raises(invitations.ActionRefused, match="deactivated"):
        invitations.send_password_reset(invited, NOW)


def test_a_reset_for_an_unknown_address_sends_nothing_and_answers_the_same(world, smtp_server):
    assert invitations.request_password_reset("nobody@example.test", "10.0.0.1", NOW) is None
    assert smtp_server.messages == []
    assert db.session.scalars(select(AccountLink)).all() == []
    assert invitations.request_password_reset(world.coach.email, "10.0.0.1", NOW) is None
    (mail,) = smtp_server.messages
    assert mail["To"] == world.coach.email
    assert mail["Subject"] == "Pathway: choose a new password"
    assert "works once, for 60 minutes" in text_of(mail)


def test_a_reset_is_matched_without_case_and_only_for_active_accounts(world, smtp_server):
    invitations.request_password_reset(f"  {world.coach.email.upper()} ", "10.0.0.1", NOW)
    assert len(smtp_server.messages) == 1
    world.coach.active = False
    db.session.commit()
    invitations.request_password_reset(world.coach.email, "10.0.0.1", NOW)
    assert len(smtp_server.messages) == 1


def test_at_most_three_reset_e_mails_per_account_per_hour(world, smtp_server):
    for minute in range(5):
        answer = invitations.request_password_reset(
            world.coach.email, f"10.0.0.{minute}", NOW + timedelta(minutes=minute)
        )
        assert answer is None  # the same answer, sent or not
    assert len(smtp_server.messages) == 3
    invitations.request_password_reset(world.coach.email, "10.0.0.9", NOW + timedelta(hours=1))
    assert len(smtp_server.messages) == 4
    # only the newest reset link works
    newest = link_in(smtp_server.messages[-1]).rsplit("/", 1)[1]
    older = link_in(smtp_server.messages[-2]).rsplit("/", 1)[1]
    later = NOW + timedelta(hours=1, minutes=1)
    assert links.open_link(newest, later)
    with pytest.raises(LinkNotValid):
        links.open_link(older, later)


def test_one_address_asking_too_often_is_held_back(app, world, smtp_server):
    app.config.update(RESET_IP_REQUESTS=3, RESET_IP_WINDOW_MINUTES=15)
    for minute in range(3):
        at = NOW + timedelta(minutes=minute)
        assert invitations.request_password_reset(f"x{minute}@example.test", "10.0.0.1", at) is None
    held = invitations.request_password_reset(
        world.coach.email, "10.0.0.1", NOW + timedelta(minutes=3)
    )
    assert held == NOW + timedelta(minutes=15)
    assert smtp_server.messages == []
    # another address is not held back; this one is again after the window
    assert invitations.request_password_reset("y@example.test", "10.0.0.2", NOW) is None
    later = NOW + timedelta(minutes=15, seconds=1)
    assert invitations.request_password_reset(world.coach.email, "10.0.0.1", later) is None
    assert len(smtp_server.messages) == 1


def test_a_mail_server_that_does_not_answer_is_reported_not_raised(app, invited):
    from tests.notifications.conftest import free_port

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    assert invitations.send_invitation(invited, NOW) is Delivery.FAILED
    assert db.session.scalars(select(AccountLink)).one().user_id == invited.id


def test_without_a_mail_server_the_link_is_never_logged_outside_development(app, invited, caplog):
    caplog.set_level(logging.DEBUG)
    for environment in ("production", "testing"):
        app.config["PATHWAY_ENV"] = environment
        assert invitations.send_invitation(invited, NOW) is Delivery.NOT_CONFIGURED
    token_hashes = set(db.session.scalars(select(AccountLink.token_hash)))
    assert len(token_hashes) == 2
    logged = caplog.text
    assert "/password/choose/" not in logged
    assert "user #" in logged  # the e-mail's subject and account number are logged


def test_in_development_without_a_mail_server_the_link_is_logged(app, invited, caplog):
    caplog.set_level(logging.INFO)
    app.config["PATHWAY_ENV"] = "development"
    assert invitations.send_invitation(invited, NOW) is Delivery.NOT_CONFIGURED
    (record,) = [r for r in caplog.records if "/password/choose/" in r.getMessage()]
    token = record.getMessage().rsplit("/", 1)[1]
    assert links.open_link(token, NOW).user_id == invited.id
    assert invited.email not in caplog.text
