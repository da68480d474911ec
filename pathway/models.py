"""Imports every feature's models so the metadata is complete (migrations, tests)."""

from pathway.auth.models import Organisation, Role, User  # noqa: F401
from pathway.candidates.models import Candidate, Consent, Nomination  # noqa: F401
from pathway.employers.models import Programme, ProgrammeStage, Site  # noqa: F401
from pathway.placements.models import (  # noqa: F401
    InterviewBreach,
    Placement,
    PlacementStage,
    RetentionCheck,
    StageEvent,
)
