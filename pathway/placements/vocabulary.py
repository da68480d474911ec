"""States, events and outcome words of a placement."""

from __future__ import annotations

from pathway.vocabulary import Labelled


class StageStatus(Labelled):
    TO_SCHEDULE = "to_schedule", "to schedule"
    SCHEDULED = "scheduled", "scheduled"
    ATTENDED = "attended", "attended"
    DID_NOT_ATTEND = "did_not_attend", "did not attend"


class Outcome(Labelled):
    IN_PROGRESS = "in_progress", "In progress"
    HIRED = "hired", "Hired"
    NOT_HIRED = "not_hired", "Not hired"
    WITHDRAWN = "withdrawn", "Ended early"


class EventKind(Labelled):
    ACCEPTED = "accepted", "Nomination accepted"
    SCHEDULED = "scheduled", "Scheduled"
    RESCHEDULED = "rescheduled", "Rescheduled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    PASSED = "passed", "Passed"
    HIRED = "hired", "Hired"
    NOT_HIRED = "not_hired", "Not hired"
    WITHDRAWN = "withdrawn", "Placement ended"
    # The coach's side, not a stage: consent to share withdrawn or given again, pausing.
    CONSENT_WITHDRAWN = "consent_withdrawn", "Candidate details withheld"
    CONSENT_GIVEN = "consent_given", "Candidate details shared again"
    PAUSED = "paused", "Paused"
    RESUMED = "resumed", "Resumed"
    TRANSFERRED = "transferred", "Moved to another site"


class EndedBy(Labelled):
    CANDIDATE = "candidate", "The candidate withdrew"
    EMPLOYER = "employer", "The employer ended it"
    COACH = "coach", "The coach withdrew the candidate"


class LeaveReason(Labelled):
    ENGLISH_LEVEL = "english_level", "English level"
    CUSTOMER_SERVICE = "customer_service", "Customer-service skills"
    ROLE_NOT_SUITABLE = "role_not_suitable", "Role not suitable"
    ATTENDANCE = "attendance", "Attendance"
    PERSONAL_CIRCUMSTANCES = "personal_circumstances", "Personal circumstances"
    HEALTH = "health", "Health"
    OTHER_WORK = "other_work", "Found other work"
    MOVED_AWAY = "moved_away", "Moved away"
    NO_VACANCY = "no_vacancy", "No vacancy at the end of the programme"
    OTHER = "other", "Other"


class RetentionAnswer(Labelled):
    STILL_IN_WORK = "still_in_work", "Still in work"
    LEFT = "left", "No longer in work"
    UNKNOWN = "unknown", "Not known"


class ContractType(Labelled):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed-term"
    ZERO_HOURS = "zero_hours", "Zero-hours"
    SEASONAL = "seasonal", "Seasonal or temporary"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
