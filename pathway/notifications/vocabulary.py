"""Kinds of notice and e-mail preferences, with plain labels."""

from __future__ import annotations

from pathway.vocabulary import Labelled


class EmailPreference(Labelled):
    """How a user wants notices by e-mail, besides seeing them in Pathway."""

    IMMEDIATE = "immediate", "Straight away, one e-mail per notice"
    DAILY_DIGEST = "daily_digest", "Once a day, in one e-mail"
    NONE = "none", "Never: I look in Pathway"


class NoticeKind(Labelled):
    """Kinds of notice; their labels are generic words, safe for an e-mail: they name no one."""

    STAGE_REMINDER = "stage_reminder", "A stage is coming up"
    PLACEMENT_QUIET = "placement_quiet", "A placement has had no update for a while"
    PLACEMENT_QUIET_ESCALATED = (
        "placement_quiet_escalated",
        "A placement has had no update for a long while",
    )
    INTERVIEW_DUE = "interview_due", "A guaranteed interview is due soon"
    INTERVIEW_MISSED = "interview_missed", "A guaranteed interview was not held in time"
    FOLLOW_UP_DUE = "follow_up_due", "A follow-up is due: is someone still in work?"
    ENGLISH_GOING_STALE = "english_going_stale", "An English assessment needs renewing"
    RIGHT_TO_WORK_EXPIRING = "right_to_work_expiring", "A right-to-work check is due"
    REVIEW_OVERDUE = "review_overdue", "A weekly review is overdue"
    NOMINATED = "nominated", "A candidate is nominated to your programme"
    NOMINATION_DECIDED = "nomination_decided", "A nomination was decided"
    NEW_PLACEMENT = "new_placement", "A placement starts at your site"
    OUTCOME = "outcome", "A placement has an outcome"
    PAUSED = "paused", "A placement was paused or goes on again"
    MOVED = "moved", "A placement moved to another site"
