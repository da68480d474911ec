"""E-mails through a real local SMTP server: content, preferences, failures, no personal data."""

from __future__ import annotations

import logging
import ssl
import subprocess
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from pathway.extensions import db
from pathway.jobs.registry import registered_jobs
from pathway.jobs.runner import run_job
from pathway.notifications.models import Notification
from pathway.notifications.vocabulary import EmailPreference
from pathway.placements.transitions import Action
from tests.jobs.history import at
from tests.notifications.conftest import Mailbox, free_port


@pytest.fixture
def booked(world, history):
    world.manager.name = "Priya Shah"
    world.coach.name = "Tomasz Nowak"
    db.session.commit()
    placement = history.placement("2026-11-20", first_name="Blerta")
    history.step(placement, Action.SCHEDULE, "2026-11-20", scheduled_on=date(2026, 11, 25))
    return placement


def text_of(mail) -> str:
    return mail.get_content().replace("\r\n", "\n")


def run(name: str, day: str, hour: int = 7):
    return run_job(registered_jobs()[name], at(day, hour), "test-runner")


def test_immediate_emails_carry_a_first_name_and_a_link_and_nothing_personal(
    world, booked, smtp_server
):
    result = run("stage_reminders", "2026-11-24")
    assert result.counts == {"notices": 2, "emails": 2}

    mails = {mail["To"]: mail for mail in smtp_server.messages}
    assert set(mails) == {world.manager.email, world.coach.email}
    mail = mails[world.manager.email]
    assert mail["From"] == "Pathway <pathway@example.test>"
    assert mail["Subject"] == "Pathway: A stage is coming up"
    body = text_of(mail)
    assert body.startswith("Hello Priya,\n")
    assert f"https://pathway.example.test/placements/{booked.id}" in body
    assert text_of(mails[world.coach.email]).startswith("Hello Tomasz,\n")

    candidate = booked.candidate
    for mail in smtp_server.messages:
        whole = mail.as_string()
        for personal in (
            candidate.first_name,
            candidate.reference,
            world.employer.name,
            world.site.name,
            world.programme.name,
            "Shah",
            "Nowak",
            "Meet and greet",
            "25 Nov",
        ):
            assert personal not in whole, personal


def test_a_rerun_sends_no_e_mail_twice(booked, smtp_server):
    run("stage_reminders", "2026-11-24")
    run("stage_reminders", "2026-11-25")  # the next period: the same stage is not reminded again
    run("immediate_emails", "2026-11-25")
    assert len(smtp_server.messages) == 2


def test_digest_users_get_one_e_mail_a_day_and_none_users_none(world, booked, smtp_server):
    world.coach.email_preference = EmailPreference.DAILY_DIGEST
    world.manager.email_preference = EmailPreference.NONE
    db.session.commit()

    assert run("stage_reminders", "2026-11-24").counts == {"notices": 2, "emails": 0}
    assert smtp_server.messages == []

    assert run("email_digest", "2026-11-24", 8).counts == {"digests": 1, "failed": 0}
    (mail,) = smtp_server.messages
    assert mail["To"] == world.coach.email and mail["Subject"] == "Pathway: 1 new notice"
    body = text_of(mail)
    assert "- A stage is coming up: https://pathway.example.test/placements/" in body
    assert "Blerta" not in body

    run("email_digest", "2026-11-25", 8)
    assert len(smtp_server.messages) == 1


def test_when_the_server_is_down_the_notice_waits_for_the_next_attempt(
    app, world, booked, smtp_server
):
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    result = run("stage_reminders", "2026-11-24")
    assert result.status == "done" and result.counts["emails"] == 0
    assert smtp_server.messages == []
    pending = db.session.scalars(select(Notification).where(Notification.emailed_at.is_(None)))
    assert len(pending.all()) == 2

    app.config["MAIL_PORT"] = port
    assert run("immediate_emails", "2026-11-24", 9).counts == {"emails": 2}
    assert len(smtp_server.messages) == 2


def test_without_a_mail_server_e_mails_are_logged_without_personal_data(
    world, booked, caplog, monkeypatch
):
    logger = logging.getLogger("pathway.notifications.mail")
    # Alembic's logging set-up (migrations/env.py) disables loggers that exist when it runs.
    monkeypatch.setattr(logger, "disabled", False)
    caplog.set_level(logging.INFO, logger=logger.name)
    run("stage_reminders", "2026-11-24")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"user #{world.manager.id}, 'Pathway: A stage is coming up'" in logged
    assert world.manager.email not in logged and "Blerta" not in logged


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1, made with openssl."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_starttls_is_used_and_the_server_certificate_checked(
    app, world, booked, certificate, monkeypatch
):
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    mailbox, port = Mailbox(), free_port()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True
    )
    controller.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust this test's certificate only
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=True)
    try:
        assert run("stage_reminders", "2026-11-24").counts["emails"] == 2
    finally:
        controller.stop()
    assert len(mailbox.messages) == 2
