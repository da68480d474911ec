"""Sessions end after idling, after their longest length, and everywhere at once."""

from __future__ import annotations

import string
import time

from pathway.admin.services import update_user
from pathway.extensions import db


def _age(client, *, idle_seconds: float = 0, age_seconds: float = 0) -> None:
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - idle_seconds
        session["signed_in_at"] = time.time() - age_seconds


def test_a_session_ends_after_30_minutes_idle(world, login):
    client = login(world.coach)
    _age(client, idle_seconds=29 * 60, age_seconds=29 * 60)
    assert client.get("/candidates/").status_code == 200
    _age(client, idle_seconds=31 * 60, age_seconds=31 * 60)
    response = client.get("/candidates/")
    assert response.status_code == 302 and "/login" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "signed out after 30 minutes without activity" in page
    # and it stays ended
    assert client.get("/candidates/").status_code == 302


def test_activity_keeps_a_session_alive_but_not_beyond_12_hours(world, login):
    client = login(world.coach)
    _age(client, idle_seconds=60, age_seconds=11 * 3600)
    assert client.get("/candidates/").status_code == 200
    _age(client, idle_seconds=60, age_seconds=12 * 3600 + 60)
    assert client.get("/candidates/").status_code == 302


def test_the_notice_count_refreshing_is_not_activity(world, login):
    client = login(world.coach)
    _age(client, idle_seconds=29 * 60)
    assert client.get("/notifications/count", headers={"HX-Request": "true"}).status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session["seen_at"] > 28 * 60


def test_the_idle_timer_moves_once_a_minute_and_only_then_is_the_cookie_sent(world, login):
    client = login(world.coach)
    client.get("/candidates/")  # the first page after signing in gives the session its CSRF token
    _age(client, idle_seconds=20, age_seconds=600)
    with client.session_transaction() as session:
        seen = session["seen_at"]
    response = client.get("/candidates/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    with client.session_transaction() as session:
        assert session["seen_at"] == seen
    _age(client, idle_seconds=61, age_seconds=600)
    response = client.get("/candidates/")
    assert response.status_code == 200 and "Set-Cookie" in response.headers
    with client.session_transaction() as session:
        assert time.time() - session["seen_at"] < 5


def test_signing_out_ends_every_session_of_that_user(world, login):
    laptop, phone = login(world.coach), login(world.coach)
    assert phone.get("/candidates/").status_code == 200
    laptop.post("/logout")
    assert phone.get("/candidates/").status_code == 302
    # signing in again works
    assert login(world.coach).get("/candidates/").status_code == 200


def test_disabling_an_account_ends_its_sessions_at_once(world, login):
    client = login(world.coach)
    update_user(world.coach, role=world.coach.role, sites=[], active=False, by=world.admin)
    db.session.commit()
    assert client.get("/candidates/").status_code == 302


def test_a_session_from_before_session_versions_is_not_accepted(world, login):
    client = login(world.coach)
    with client.session_transaction() as session:
        session["_user_id"] = str(world.coach.id)
    assert client.get("/candidates/").status_code == 302


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    from pathway.config import load_config
    from pathway.crypto import new_key

    production = {"PATHWAY_ENV": "production", "SECRET_KEY": "k" * 32, "ENCRYPTION_KEY": new_key()}
    config = load_config(str(tmp_path), production)
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert (config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"]) == (30, 12)


# --- signed session cookies --------------------------------------------------------------


def _cookie(client) -> str:
    return client.get_cookie("session", domain="pathway.test").value


def test_a_cookie_changed_by_one_character_is_refused_after_the_real_one_was_accepted(
    app, world, login
):
    client = login(world.coach)
    assert client.get("/candidates/").status_code == 200
    real = _cookie(client)
    for position in (len(real) // 2, len(real) - 1):
        forged = real[:position] + _other_character(real[position]) + real[position + 1 :]
        other = app.test_client()
        other.set_cookie("session", forged, domain="pathway.test")
        assert other.get("/candidates/").status_code == 302


def _other_character(character: str) -> str:
    """One that decodes to other bits: a base64 character's top bit always carries data, while
    the last character's lowest bits may be padding that decoding ignores."""
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    if character not in alphabet:
        return "A"
    return alphabet[alphabet.index(character) ^ 0b100000]
