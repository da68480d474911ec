"""Sending one e-mail through SMTP (STARTTLS or SSL, credentials from the environment).

Without ``MAIL_SERVER`` nothing is sent: the e-mail is written to the log instead, naming
the recipient's account number and the subject only (no address, no body).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

from pathway.auth.models import User

log = logging.getLogger(__name__)


def send_email(recipient: User, subject: str, body: str) -> None:
    """Deliver now, or log when no server is configured. SMTP errors reach the caller."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        level = logging.INFO if config["PATHWAY_ENV"] != "production" else logging.WARNING
        log.log(
            level, "E-mail not sent (MAIL_SERVER is not set): user #%s, %r", recipient.id, subject
        )
        return
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = recipient.email
    message["Subject"] = subject
    message.set_content(body)
    with _connect(config) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
    log.info("E-mail sent: user #%s, %r", recipient.id, subject)


def _connect(config) -> smtplib.SMTP:
    server, port, timeout = (
        config["MAIL_SERVER"],
        config["MAIL_PORT"],
        config["MAIL_TIMEOUT_SECONDS"],
    )
    if config["MAIL_USE_SSL"]:
        return smtplib.SMTP_SSL(server, port, timeout=timeout, context=ssl.create_default_context())
    return smtplib.SMTP(server, port, timeout=timeout)
