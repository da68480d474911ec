"""Scheduled e-mail work: the daily digest, and retrying immediate e-mails."""

from __future__ import annotations

from datetime import datetime

from pathway.notifications.emails import send_daily_digests, send_immediate_emails


def email_digest(now: datetime) -> dict:
    return send_daily_digests(now)


def immediate_emails(now: datetime) -> dict:
    return {"emails": send_immediate_emails(now)}
