"""Changes to candidates, consent and nominations. Functions flush; the request commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from pathway.auth.models import Organisation, User
from pathway.candidates.models import (
    Candidate,
    Consent,
    ConsentMethod,
    ConsentScope,
    DeclineReason,
    Nomination,
    NominationStatus,
    ReferenceCounter,
)
from pathway.candidates.readiness import readiness_verdict
from pathway.clock import utcnow
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.vocabulary import Outcome
from pathway.refusals import ActionRefused

CANDIDATE_FIELDS = (
    "first_name",
    "date_of_birth",
    "english_level",
    "english_assessed_on",
    "right_to_work",
    "visa_expires_on",
    "nrm_decision",
    "availability",
    "adjustments",
)


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
    candidate = Candidate(
        reference=next_reference(coach.organisation, today.year),
        organisation_id=coach.organisation_id,
        coach_id=coach.id,
        **{name: fields[name] for name in CANDIDATE_FIELDS},
    )
    db.session.add(candidate)
    db.session.flush()
    return candidate


def update_candidate(candidate: Candidate, **fields) -> None:
    for name in CANDIDATE_FIELDS:
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
) -> Consent:
    """Record consent to share with an employer; it replaces any consent in force."""
    for consent in candidate.consents:
        if consent.scope is ConsentScope.SHARE_WITH_EMPLOYER and consent.in_force:
            consent.withdrawn_on = given_on
    consent = Consent(
        candidate=candidate,
        scope=ConsentScope.SHARE_WITH_EMPLOYER,
        given_on=given_on,
        method=method,
        recorded_by_id=recorded_by.id,
        share_first_name=share_first_name,
        share_availability=share_availability,
        share_adjustments=share_adjustments,
    )
    db.session.add(consent)
    db.session.flush()
    return consent


def withdraw_employer_consent(candidate: Candidate, on: date) -> None:
    consent = candidate.employer_consent
    if consent is None:
        raise ActionRefused("There is no consent to share with an employer to withdraw.")
    consent.withdrawn_on = on
    db.session.flush()


def nomination_blockers(candidate: Candidate, programme: Programme, today: date) -> list[str]:
    """Everything that stops ``candidate`` being nominated to ``programme`` now."""
    blockers = list(readiness_verdict(candidate, programme, today).unmet)
    if candidate.employer_consent is None:
        blockers.append("Consent: no consent to share details with an employer is recorded")
    if not programme.active:
        blockers.append("This programme is not taking nominations")
    if not programme.sites:
        blockers.append("No site takes part in this programme yet")
    if _has_open_nomination(candidate, programme):
        blockers.append("Already nominated to this programme, or on it now")
    return blockers


def _has_open_nomination(candidate: Candidate, programme: Programme) -> bool:
    pending = select(Nomination.id).where(
        Nomination.candidate_id == candidate.id,
        Nomination.programme_id == programme.id,
        Nomination.status == NominationStatus.PENDING,
    )
    open_placement = select(Placement.id).where(
        Placement.candidate_id == candidate.id,
        Placement.programme_id == programme.id,
        Placement.outcome == Outcome.IN_PROGRESS,
    )
    return bool(db.session.scalar(pending.limit(1)) or db.session.scalar(open_placement.limit(1)))


def nominate_candidate(
    candidate: Candidate, programme: Programme, coach: User, today: date
) -> Nomination:
    """Put a ready, consenting candidate forward; refused with every reason otherwise."""
    blockers = nomination_blockers(candidate, programme, today)
    if blockers:
        raise ActionRefused(
            f"{candidate.reference} cannot be nominated yet: " + "; ".join(blockers) + "."
        )
    nomination = Nomination(candidate=candidate, programme=programme, nominated_by_id=coach.id)
    db.session.add(nomination)
    db.session.flush()
    return nomination


def decline_nomination(
    nomination: Nomination, user: User, reason: DeclineReason, note: str
) -> None:
    _require_pending(nomination)
    nomination.status = NominationStatus.DECLINED
    nomination.decided_by_id = user.id
    nomination.decided_at = utcnow()
    nomination.decline_reason = reason
    nomination.decline_note = note
    db.session.flush()


def _require_pending(nomination: Nomination) -> None:
    if nomination.status is not NominationStatus.PENDING:
        raise ActionRefused(
            f"This nomination was already decided ({nomination.status.label.lower()})."
        )
