"""Whole journeys through the real local SMTP server: the link is read from the e-mail."""

from __future__ import annotations

from pathway.auth.models import Role
from tests.links.conftest import link_in, text_of

GOOD = "harbour kettle violin 42"


def test_invited_by_an_administrator_to_signed_in(world, app, login, smtp_server):
    admin = login(world.admin)
    data = {
        "name": "Priya Shah",
        "email": "priya@example.test",
        "organisation": str(world.employer.id),
        "role": Role.SITE_MANAGER.value,
        "sites": [world.site.id],
    }
    assert admin.post("/admin/users/new", data=data).status_code == 302

    (mail,) = smtp_server.messages
    assert mail["To"] == "priya@example.test"
    body = text_of(mail)
    assert body.startswith("Hello Priya,\n")
    for personal in ("Shah", world.employer.name, world.site.name, world.admin.name):
        assert personal not in mail.as_string(), personal

    browser = app.test_client()
    path = link_in(mail)
    assert browser.get(path).status_code == 200
    done = browser.post(path, data={"password": GOOD, "confirm": GOOD})
    assert done.status_code == 302 and done.location == "/login"
    signed_in = browser.post("/login", data={"email": "priya@example.test", "password": GOOD})
    assert signed_in.status_code == 302
    assert browser.get("/placements/board").status_code == 200
    assert browser.get(path).status_code == 410  # the link worked once

    assert "Invited, not yet accepted" not in admin.get("/admin/").text


def test_forgot_password_to_signed_in_with_the_new_one(world, app, smtp_server):
    browser = app.test_client()
    browser.post("/password/forgot", data={"email": world.coach.email})
    (mail,) = smtp_server.messages
    assert mail["Subject"] == "Pathway: choose a new password"
    assert text_of(mail).startswith(f"Hello {world.coach.name.split()[0]},\n")
    path = link_in(mail)
    assert browser.post(path, data={"password": GOOD, "confirm": GOOD}).status_code == 302
    signed_in = browser.post("/login", data={"email": world.coach.email, "password": GOOD})
    assert signed_in.status_code == 302
    assert browser.get(path).status_code == 410
