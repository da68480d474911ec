"""States, events and outcome words of a placement."""

from __future__ import annotations

import enum


class StageStatus(enum.StrEnum):
    TO_SCHEDULE = "to_schedule"
    SCHEDULED = "scheduled"
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"

    @property
    def label(self) -> str:
        return {
            "to_schedule": "to schedule",
            "scheduled": "scheduled",
            "attended": "attended",
            "did_not_attend": "did not attend",
        }[self.value]


class Outcome(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    HIRED = "hired"
    NOT_HIRED = "not_hired"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "in_progress": "In progress",
            "hired": "Hired",
            "not_hired": "Not hired",
            "withdrawn": "Ended early",
        }[self.value]


class EventKind(enum.StrEnum):
    ACCEPTED = "accepted"
    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"
    PASSED = "passed"
    HIRED = "hired"
    NOT_HIRED = "not_hired"
    WITHDRAWN = "withdrawn"
    # The coach's side, not a stage: consent to share withdrawn or given again, pausing.
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CONSENT_GIVEN = "consent_given"
    PAUSED = "paused"
    RESUMED = "resumed"
    TRANSFERRED = "transferred"

    @property
    def label(self) -> str:
        return {
            "accepted": "Nomination accepted",
            "scheduled": "Scheduled",
            "rescheduled": "Rescheduled",
            "attended": "Attended",
            "did_not_attend": "Did not attend",
            "passed": "Passed",
            "hired": "Hired",
            "not_hired": "Not hired",
            "withdrawn": "Placement ended",
            "consent_withdrawn": "Candidate details withheld",
            "consent_given": "Candidate details shared again",
            "paused": "Paused",
            "resumed": "Resumed",
            "transferred": "Moved to another site",
        }[self.value]


class EndedBy(enum.StrEnum):
    CANDIDATE = "candidate"
    EMPLOYER = "employer"
    COACH = "coach"

    @property
    def label(self) -> str:
        return {
            "candidate": "The candidate withdrew",
            "employer": "The employer ended it",
            "coach": "The coach withdrew the candidate",
        }[self.value]


class LeaveReason(enum.StrEnum):
    ENGLISH_LEVEL = "english_level"
    CUSTOMER_SERVICE = "customer_service"
    ROLE_NOT_SUITABLE = "role_not_suitable"
    ATTENDANCE = "attendance"
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"
    HEALTH = "health"
    OTHER_WORK = "other_work"
    MOVED_AWAY = "moved_away"
    NO_VACANCY = "no_vacancy"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "english_level": "English level",
            "customer_service": "Customer-service skills",
            "role_not_suitable": "Role not suitable",
            "attendance": "Attendance",
            "personal_circumstances": "Personal circumstances",
            "health": "Health",
            "other_work": "Found other work",
            "moved_away": "Moved away",
            "no_vacancy": "No vacancy at the end of the programme",
            "other": "Other",
        }[self.value]


class RetentionAnswer(enum.StrEnum):
    STILL_IN_WORK = "still_in_work"
    LEFT = "left"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            "still_in_work": "Still in work",
            "left": "No longer in work",
            "unknown": "Not known",
        }[self.value]


class ContractType(enum.StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    ZERO_HOURS = "zero_hours"
    SEASONAL = "seasonal"
    APPRENTICESHIP = "apprenticeship"

    @property
    def label(self) -> str:
        return {
            "permanent": "Permanent",
            "fixed_term": "Fixed-term",
            "zero_hours": "Zero-hours",
            "seasonal": "Seasonal or temporary",
            "apprenticeship": "Apprenticeship",
        }[self.value]
