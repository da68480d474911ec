"""Sign-in lockout per account and rate limit per address, shared through the database."""

from __future__ import annotations

import re
from datetime import timedelta

from pathway.auth import throttle
from pathway.auth.signin import sign_in
from pathway.clock import utcnow
from tests.factories import PASSWORD


def _fail(client, email: str, times: int):
    for _ in range(times):
        response = client.post("/login", data={"email": email, "password": "not-it"})
    return response


def test_six_failures_lock_the_account_and_say_when_to_try_again(world, client):
    assert _fail(client, world.coach.email, 5).status_code == 422
    locked = _fail(client, world.coach.email, 1)
    assert locked.status_code == 429
    assert "You can try again after" in locked.get_data(as_text=True)
    # the right password does not get through while locked
    right = client.post("/login", data={"email": world.coach.email, "password": PASSWORD})
    assert right.status_code == 429
    # another account is not affected
    other = client.post("/login", data={"email": world.lead.email, "password": PASSWORD})
    assert other.status_code == 302


def test_an_account_that_does_not_exist_locks_the_same_way(world, client):
    def answer(email):
        response = _fail(client, email, 6)
        text = response.get_data(as_text=True)
        # the same page; only the time (if a minute turns between the two), the CSRF
        # token's timestamp and the form's own new key may differ
        text = re.sub(r"\d\d:\d\d", "HH:MM", text.replace(email, "EMAIL"))
        text = re.sub(r'name="form_key" value="[^"]*"', "KEY", text)
        return response.status_code, re.sub(r'"X-CSRFToken": "[^"]*"', "TOKEN", text)

    assert answer("nobody@example.test") == answer(world.coach.email)


def test_the_lock_lasts_30_minutes_from_the_sixth_failure(app):
    key, now = throttle.account_key("someone@example.test"), utcnow()
    for minute in range(6):
        throttle.record_attempt(key, "10.0.0.1", False, now + timedelta(minutes=2 * minute))
    sixth = now + timedelta(minutes=10)
    assert throttle.locked_until(key, sixth) == sixth + timedelta(minutes=30)
    assert throttle.locked_until(key, sixth + timedelta(minutes=31)) is None


def test_failures_spread_over_more_than_15_minutes_do_not_lock(app):
    key, now = throttle.account_key("someone@example.test"), utcnow()
    for minute in range(6):
        throttle.record_attempt(key, "10.0.0.1", False, now + timedelta(minutes=4 * minute))
    assert throttle.locked_until(key, now + timedelta(minutes=20)) is None


def test_a_successful_sign_in_starts_the_count_again(world, client):
    _fail(client, world.coach.email, 5)
    assert (
        client.post("/login", data={"email": world.coach.email, "password": PASSWORD}).status_code
        == 302
    )
    client.post("/logout")
    assert _fail(client, world.coach.email, 5).status_code == 422


def test_one_address_trying_many_accounts_is_held_back(world, app):
    now = utcnow()
    for number in range(30):
        sign_in(f"guess{number}@example.test", "x", "10.0.0.9", now)
    refused = sign_in(world.coach.email, PASSWORD, "10.0.0.9", now)
    assert refused.user is None and refused.try_again_at == now + timedelta(minutes=15)
    assert "Too many attempts" in refused.refusal
    # the same account from another address is fine
    assert sign_in(world.coach.email, PASSWORD, "10.0.0.10", now).user == world.coach
