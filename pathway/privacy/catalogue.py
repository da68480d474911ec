"""Everything Pathway holds about a candidate, table by table: each column, its label in the
readable export, and what erasure does to it.

One list serves the subject access export and erasure, so they cannot disagree; a test
fails when a table gains a column (or a new table refers to a candidate) that is not named
here, so nothing new escapes either of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.audit.models import AuditEvent
from pathway.candidates.models import (
    AvoidArea,
    Candidate,
    Consent,
    Nomination,
    ReadinessAssessment,
    ReviewScore,
    WeeklyReview,
)
from pathway.notifications.models import Notification
from pathway.placements.models import (
    InterviewBreach,
    Placement,
    PlacementStage,
    RetentionCheck,
    StageEvent,
)

# What erasure does to a column.
KEEP = "keep"  # anonymous once the person is: figures and published reports read it
BLANK = "blank"  # free text or a name: emptied
CLEAR = "clear"  # a personal fact: set to None
EMPTY = "empty"  # answers kept as JSON: emptied to {}

# What a column's value refers to, for the readable export (looked up in its "names").
PERSON, ORGANISATION, PROGRAMME, SITE, CRITERIA = (
    "people",
    "organisations",
    "programmes",
    "sites",
    "criteria",
)


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    on_erasure: str = KEEP
    refers_to: str | None = None


@dataclass(frozen=True)
class Section:
    key: str  # the export's key
    title: str
    model: type
    columns: tuple[Column, ...]
    delete_on_erasure: bool = False  # every row of the section goes
    # Columns that are not the candidate's data, with why (audit events only).
    not_exported: tuple[str, ...] = ()
    why_kept: str = ""


def _by(name: str, label: str) -> Column:
    return Column(name, label, refers_to=PERSON)


CANDIDATE = Section(
    "candidate",
    "The record",
    Candidate,
    (
        Column("id", "Record number"),
        Column("reference", "Reference"),
        Column("organisation_id", "Support provider", refers_to=ORGANISATION),
        Column("coach_id", "Coach", CLEAR, PERSON),
        Column("first_name", "First name", BLANK),
        Column("date_of_birth", "Date of birth", CLEAR),
        Column("english_level", "English level", CLEAR),
        Column("english_assessed_on", "English assessed on", CLEAR),
        Column("right_to_work", "Right to work", CLEAR),
        Column("visa_expires_on", "Visa expires on", CLEAR),
        Column("nrm_decision", "NRM decision", CLEAR),
        Column("availability", "Availability", BLANK),
        Column("adjustments", "Agreed adjustments", BLANK),
        Column("created_at", "Recorded at"),
        Column("region", "Region", BLANK),
        Column("right_to_work_checked_on", "Right to work checked on", CLEAR),
        Column("visa_issued_on", "Visa issued on", CLEAR),
        Column("commit_weeks", "Can commit for (weeks)", CLEAR),
        Column("support_in_place", "Professional support in place", CLEAR),
        Column("move_on_plan", "Move-on plan", CLEAR),
        Column("custom_answers", "Answers to programmes' own criteria", EMPTY, CRITERIA),
        Column("erased_at", "Personal data erased at"),
        Column("erasure_reason", "Why it was erased"),
    ),
    why_kept="The row stays, anonymous - its reference, support provider and when it was "
    "recorded - so what follows still counts in figures.",
)

CONSENTS = Section(
    "consents",
    "Consent",
    Consent,
    (
        Column("id", "Number"),
        Column("candidate_id", "Record number"),
        Column("scope", "Consent to"),
        Column("given_on", "Given on"),
        Column("method", "How"),
        _by("recorded_by_id", "Recorded by"),
        Column("share_first_name", "Employer may see the first name"),
        Column("share_availability", "Employer may see availability"),
        Column("share_adjustments", "Employer may see adjustments"),
        Column("withdrawn_on", "Withdrawn on"),
        Column("witness", "Witness", BLANK),
        _by("withdrawn_by_id", "Withdrawn by"),
        Column("withdrawal_method", "How it was withdrawn"),
    ),
    why_kept="Kept without the witness: only candidates who consented are counted in figures.",
)

ASSESSMENTS = Section(
    "readiness_assessments",
    "Readiness assessments",
    ReadinessAssessment,
    (
        Column("id", "Number"),
        Column("candidate_id", "Record number"),
        Column("assessed_on", "Assessed on"),
        _by("assessed_by_id", "Assessed by"),
        Column("recorded_at", "Recorded at"),
        Column("english_level", "English level"),
        Column("english_assessed_on", "English assessed on"),
        Column("right_to_work", "Right to work"),
        Column("right_to_work_checked_on", "Right to work checked on"),
        Column("visa_issued_on", "Visa issued on"),
        Column("visa_expires_on", "Visa expires on"),
        Column("nrm_decision", "NRM decision"),
        Column("commit_weeks", "Can commit for (weeks)"),
        Column("support_in_place", "Professional support in place"),
        Column("move_on_plan", "Move-on plan"),
        Column("custom_answers", "Answers to programmes' own criteria", refers_to=CRITERIA),
    ),
    delete_on_erasure=True,
)

AVOID_AREAS = Section(
    "areas_to_avoid",
    "Areas to avoid",
    AvoidArea,
    (
        Column("id", "Number"),
        Column("candidate_id", "Record number"),
        Column("kind", "Kind"),
        Column("name", "Area"),
        Column("recorded_on", "Recorded on"),
        _by("recorded_by_id", "Recorded by"),
        Column("removed_on", "Removed on"),
        _by("removed_by_id", "Removed by"),
    ),
    delete_on_erasure=True,
)

REVIEWS = Section(
    "weekly_reviews",
    "Weekly reviews",
    WeeklyReview,
    (
        Column("id", "Number"),
        Column("candidate_id", "Record number"),
        Column("reviewed_on", "Reviewed on"),
        _by("recorded_by_id", "Recorded by"),
        Column("recorded_at", "Recorded at"),
        Column("signed_by_client", "Signed by the client"),
        Column("signed_by_coach", "Signed by the coach"),
    ),
    why_kept="Dates and signatures only.",
)

SCORES = Section(
    "review_scores",
    "Weekly review scores",
    ReviewScore,
    (
        Column("id", "Number"),
        Column("review_id", "Review number"),
        Column("position", "Position"),
        Column("area", "Area"),
        Column("score", "Need score (1 low - 5 high)"),
        Column("note", "Note", BLANK),
    ),
    why_kept="The scores stay, anonymous; every note goes.",
)

NOMINATIONS = Section(
    "nominations",
    "Nominations",
    Nomination,
    (
        Column("id", "Number"),
        Column("candidate_id", "Record number"),
        Column("programme_id", "Programme", refers_to=PROGRAMME),
        _by("nominated_by_id", "Nominated by"),
        Column("status", "Status"),
        Column("created_at", "Nominated at"),
        Column("decided_at", "Decided at"),
        _by("decided_by_id", "Decided by"),
        Column("decline_reason", "Reason for declining"),
        Column("decline_note", "Note on declining", BLANK),
    ),
    why_kept="Kept without notes: figures count nominations, acceptances and reasons.",
)

PLACEMENTS = Section(
    "placements",
    "Placements",
    Placement,
    (
        Column("id", "Number"),
        Column("nomination_id", "Nomination number"),
        Column("candidate_id", "Record number"),
        Column("programme_id", "Programme", refers_to=PROGRAMME),
        Column("site_id", "Site", refers_to=SITE),
        Column("current_position", "Current stage (position)"),
        Column("stage_status", "Stage status"),
        Column("scheduled_on", "Booked for"),
        Column("scheduled_time", "Booked at"),
        Column("stage_entered_at", "Stage entered at"),
        Column("outcome", "Outcome"),
        Column("created_at", "Started at"),
        Column("version", "Version"),
        Column("paused_at", "Paused at"),
    ),
    why_kept="Placements, their stages and stage events are what figures and published "
    "reports count.",
)

STAGES = Section(
    "placement_stages",
    "Placement stages",
    PlacementStage,
    (
        Column("id", "Number"),
        Column("placement_id", "Placement number"),
        Column("position", "Position"),
        Column("name", "Stage"),
        Column("duration_amount", "Length"),
        Column("duration_unit", "Unit"),
        Column("is_interview", "Guaranteed interview"),
    ),
)

EVENTS = Section(
    "stage_events",
    "Stage history",
    StageEvent,
    (
        Column("id", "Number"),
        Column("placement_id", "Placement number"),
        Column("kind", "What happened"),
        Column("stage_position", "Stage (position)"),
        Column("stage_name", "Stage"),
        Column("from_state", "From"),
        Column("to_state", "To"),
        Column("occurred_at", "Recorded at"),
        _by("actor_id", "Recorded by"),
        Column("scheduled_on", "Booked for"),
        Column("scheduled_time", "Booked at"),
        Column("contract_type", "Contract"),
        Column("hours_per_week", "Hours a week"),
        Column("start_date", "Start date"),
        Column("ended_by", "Ended by"),
        Column("reason", "Reason"),
        Column("note", "Note", BLANK),
    ),
    why_kept="Kept without notes: kind, stage, dates and outcome feed the figures.",
)

FOLLOW_UPS = Section(
    "follow_ups",
    "Follow-ups after a hire",
    RetentionCheck,
    (
        Column("id", "Number"),
        Column("placement_id", "Placement number"),
        Column("months", "Months after starting"),
        Column("due_on", "Due on"),
        Column("answer", "Answer"),
        Column("reason", "Reason"),
        _by("answered_by_id", "Answered by"),
        Column("answered_at", "Answered at"),
    ),
    why_kept="Figures count who was still in work 3, 6 and 12 months on.",
)

BREACHES = Section(
    "interview_breaches",
    "Missed interview guarantees",
    InterviewBreach,
    (
        Column("id", "Number"),
        Column("placement_id", "Placement number"),
        Column("training_completed_on", "Training completed on"),
        Column("deadline", "Interview due by"),
        Column("recorded_at", "Recorded at"),
    ),
    why_kept="Figures count missed guarantees.",
)

NOTIFICATIONS = Section(
    "notifications",
    "Notices to staff about this record",
    Notification,
    (
        Column("id", "Number"),
        _by("recipient_id", "Sent to"),
        Column("kind", "Kind"),
        Column("subject_key", "About"),
        Column("text", "Text"),
        Column("link", "Link"),
        Column("candidate_id", "About candidate number"),
        Column("created_at", "Sent at"),
        Column("read_at", "Read at"),
        Column("emailed_at", "E-mailed at"),
    ),
    delete_on_erasure=True,
)

AUDIT_EVENTS = Section(
    "audit_events",
    "Who looked at, changed or downloaded this record",
    AuditEvent,
    (
        Column("id", "Number"),
        Column("occurred_at", "When"),
        _by("user_id", "Who"),
        Column("role", "Role"),
        Column("organisation_id", "Organisation", refers_to=ORGANISATION),
        Column("action", "What"),
        Column("endpoint", "Page"),
        Column("record_type", "Record"),
        Column("record_id", "Record number"),
        Column("candidate_id", "Candidate record number"),
        Column("status", "Answer"),
    ),
    # The staff member's network address and the chain's hashes say nothing about the person.
    not_exported=("ip_address", "prev_hash", "hash"),
    why_kept="The audit trail holds record numbers only, never a name or a note, and can "
    "never be changed.",
)

SECTIONS: tuple[Section, ...] = (
    CANDIDATE,
    CONSENTS,
    ASSESSMENTS,
    AVOID_AREAS,
    REVIEWS,
    SCORES,
    NOMINATIONS,
    PLACEMENTS,
    STAGES,
    EVENTS,
    FOLLOW_UPS,
    BREACHES,
    NOTIFICATIONS,
    AUDIT_EVENTS,
)

# Tables that refer to candidates but hold only what follows from the sections above: the
# figures' summaries of the stage history (``pathway.reports.figures.summary``). They show
# nothing the
# stage events do not, and hold nothing erasure removes, so they are neither exported nor
# changed (a test checks they copy no column that erasure empties).
DERIVED_TABLES = {
    "placement_summary": "when each placement was first and last active",
    "placement_milestone": "the first stage event of each kind the figures count",
}
