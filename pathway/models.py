"""Imports every feature's models so the metadata is complete (migrations, tests)."""

from pathway.audit.models import AuditEvent, LoginAttempt  # noqa: F401
from pathway.auth.models import (  # noqa: F401
    AccountLink,
    Organisation,
    PasswordResetRequest,
    Role,
    User,
)
from pathway.auth.two_factor.models import RecoveryCode, TwoFactor  # noqa: F401
from pathway.candidates.models import (  # noqa: F401
    AvoidArea,
    Candidate,
    Consent,
    Nomination,
    ReadinessAssessment,
    ReviewArea,
    ReviewScore,
    WeeklyReview,
)
from pathway.employers.models import (  # noqa: F401
    Programme,
    ProgrammeCriterion,
    ProgrammeStage,
    Site,
)
from pathway.jobs.models import JobLease, JobRun  # noqa: F401
from pathway.notifications.models import Notification  # noqa: F401
from pathway.placements.models import (  # noqa: F401
    InterviewBreach,
    Placement,
    PlacementStage,
    RetentionCheck,
    StageEvent,
)
from pathway.reports.models import (  # noqa: F401
    PlacementMilestone,
    PlacementSummary,
    ReportConfirmation,
    ReportDraft,
    ReportReferenceCounter,
    ReportSnapshot,
)
from pathway.submissions import SentForm  # noqa: F401
