"""Kinds of notice and e-mail preferences, with plain labels."""

from __future__ import annotations

import enum


class EmailPreference(enum.StrEnum):
    """How a user wants notices by e-mail, besides seeing them in Pathway."""

    IMMEDIATE = "immediate"
    DAILY_DIGEST = "daily_digest"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "immediate": "Straight away, one e-mail per notice",
            "daily_digest": "Once a day, in one e-mail",
            "none": "Never: I look in Pathway",
        }[self.value]


class NoticeKind(enum.StrEnum):
    STAGE_REMINDER = "stage_reminder"
    PLACEMENT_QUIET = "placement_quiet"
    PLACEMENT_QUIET_ESCALATED = "placement_quiet_escalated"
    INTERVIEW_DUE = "interview_due"
    INTERVIEW_MISSED = "interview_missed"
    FOLLOW_UP_DUE = "follow_up_due"
    ENGLISH_GOING_STALE = "english_going_stale"
    RIGHT_TO_WORK_EXPIRING = "right_to_work_expiring"
    REVIEW_OVERDUE = "review_overdue"

    @property
    def label(self) -> str:
        """Generic words, safe for an e-mail: they name no one."""
        return {
            "stage_reminder": "A stage is coming up",
            "placement_quiet": "A placement has had no update for a while",
            "placement_quiet_escalated": "A placement has had no update for a long while",
            "interview_due": "A guaranteed interview is due soon",
            "interview_missed": "A guaranteed interview was not held in time",
            "follow_up_due": "A follow-up is due: is someone still in work?",
            "english_going_stale": "An English assessment needs renewing",
            "right_to_work_expiring": "A right-to-work check is due",
            "review_overdue": "A weekly review is overdue",
        }[self.value]
