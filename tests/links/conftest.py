"""Fixtures for invitations and password resets: an invited account, the real SMTP server."""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest

from pathway.admin.services import create_user
from pathway.auth.models import Role, User
from pathway.extensions import db
from tests.notifications.conftest import smtp_server  # noqa: F401  (fixture)


@pytest.fixture
def invited(world) -> User:
    """A coach an administrator has just added: no password yet, no link yet."""
    user = create_user(
        name="Sam Taylor",
        email="sam.taylor@example.test",
        organisation=world.provider,
        role=Role.COACH,
        sites=[],
    )
    db.session.commit()
    return user


def text_of(mail: EmailMessage) -> str:
    return mail.get_content().replace("\r\n", "\n")


def link_in(mail: EmailMessage) -> str:
    """The path of the one link to choose a password in an e-mail."""
    body = text_of(mail)
    (url,) = re.findall(r"https://pathway\.example\.test(/password/choose/[\w-]+)", body)
    return url
