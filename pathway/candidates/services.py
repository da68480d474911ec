"""Changes to candidates and their consent. Functions flush; the request commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from pathway.auth.models import Organisation, User
from pathway.candidates.consent import PlacementChoice, record_consent, withdraw_consent
from pathway.candidates.models import (
    Candidate,
    Consent,
    ConsentMethod,
    ConsentScope,
    ReferenceCounter,
)
from pathway.candidates.readiness.assessments import (
    AssessmentFacts,
    assessment_problems,
    record_assessment,
)
from pathway.extensions import db
from pathway.refusals import ActionRefused

# The candidate's own details; readiness facts change only through a dated assessment.
CANDIDATE_FIELDS = ("first_name", "date_of_birth", "availability", "adjustments", "region")


def next_reference(organisation: Organisation, year: int) -> str:
    """The next pseudonymous reference, e.g. ``HL-2026-0042``; atomic under concurrency."""
    counter = db.session.get(ReferenceCounter, (organisation.id, year))
    if counter is None:
        db.session.add(ReferenceCounter(organisation_id=organisation.id, year=year, last=0))
        db.session.flush()
    db.session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.organisation_id == organisation.id, ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
    )
    number = db.session.scalar(
        select(ReferenceCounter.last).where(
            ReferenceCounter.organisation_id == organisation.id, ReferenceCounter.year == year
        )
    )
    prefix = organisation.reference_prefix or "PW"
    return f"{prefix}-{year}-{number:04d}"


def record_candidate(coach: User, today: date, **fields) -> Candidate:
    """A new candidate with their details and first readiness assessment (dated ``today``
    unless ``assessed_on`` is given)."""
    facts = AssessmentFacts.from_fields(fields, fields.get("assessed_on") or today)
    problems = assessment_problems(facts, max(today, facts.assessed_on))
    if problems:
        raise ActionRefused("The candidate was not recorded: " + " ".join(problems.values()))
    candidate = Candidate(
        reference=next_reference(coach.organisation, today.year),
        organisation_id=coach.organisation_id,
        coach_id=coach.id,
        **{name: fields[name] for name in CANDIDATE_FIELDS if name in fields},
    )
    db.session.add(candidate)
    record_assessment(candidate, coach, facts, max(today, facts.assessed_on))
    return candidate


def update_candidate(candidate: Candidate, **fields) -> None:
    """Change the candidate's own details (readiness facts change by an assessment)."""
    for name in CANDIDATE_FIELDS:
        if name in fields:
            setattr(candidate, name, fields[name])
    db.session.flush()


def record_employer_consent(
    candidate: Candidate,
    recorded_by: User,
    given_on: date,
    method: ConsentMethod,
    share_first_name: bool,
    share_availability: bool,
    share_adjustments: bool,
    witness: str = "",
) -> Consent:
    """Record consent to share with an employer; it replaces any consent in force."""
    return record_consent(
        candidate,
        ConsentScope.SHARE_WITH_EMPLOYER,
        recorded_by,
        given_on,
        method,
        witness=witness,
        share_first_name=share_first_name,
        share_availability=share_availability,
        share_adjustments=share_adjustments,
    )


def withdraw_employer_consent(
    candidate: Candidate,
    on: date,
    by: User | None = None,
    method: ConsentMethod = ConsentMethod.TOLD_COACH,
    placement_choice: PlacementChoice | None = PlacementChoice.WITHHOLD,
) -> None:
    withdraw_consent(
        candidate,
        ConsentScope.SHARE_WITH_EMPLOYER,
        by or candidate.coach,
        on,
        method,
        placement_choice=placement_choice,
    )
