"""Changes to candidates, consent and nominations. Functions flush; the request commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select, union, update

from pathway.auth.models import Organisation, User
from pathway.candidates.assessments import (
    AssessmentFacts,
    assessment_problems,
    record_assessment,
)
from pathway.candidates.consent import PlacementChoice, record_consent, withdraw_consent
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
from pathway.candidates.readiness import Verdict, readiness_verdict
from pathway.candidates.safety import taking_part_sites
from pathway.clock import utcnow
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.vocabulary import Outcome
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


def nomination_blockers(candidate: Candidate, programme: Programme, today: date) -> list[str]:
    """Everything that stops ``candidate`` being nominated to ``programme`` now."""
    return nomination_blockers_for(candidate, [programme], today)[programme.id]


def nomination_blockers_for(
    candidate: Candidate,
    programmes: Sequence[Programme],
    today: date,
    verdicts: Mapping[int, Verdict] | None = None,
) -> dict[int, list[str]]:
    """``nomination_blockers`` for each of ``programmes`` (by id), in the same two queries
    however many there are; ``verdicts`` by programme id, if already worked out."""
    ids = [p.id for p in programmes]
    sites = taking_part_sites(candidate, ids)
    taken = _programmes_nominated_or_placed(candidate, ids)
    consenting = candidate.employer_consent is not None
    found = {}
    for programme in programmes:
        verdict = (verdicts or {}).get(programme.id) or readiness_verdict(
            candidate, programme, today
        )
        blockers = list(verdict.blocking)
        if not consenting:
            blockers.append("Consent: no consent to share details with an employer is recorded")
        if not programme.active:
            blockers.append("This programme is not taking nominations")
        total, safe = sites.get(programme.id, (0, 0))
        if not total:
            blockers.append("No site takes part in this programme yet")
        elif not safe:
            blockers.append("Every taking-part site is in an area this candidate must avoid")
        if programme.id in taken:
            blockers.append("Already nominated to this programme, or on it now")
        found[programme.id] = blockers
    return found


def _programmes_nominated_or_placed(candidate: Candidate, programme_ids: Sequence[int]) -> set:
    """Those of ``programme_ids`` with a nomination awaiting a decision or an open placement."""
    if not programme_ids:
        return set()
    pending = select(Nomination.programme_id).where(
        Nomination.candidate_id == candidate.id,
        Nomination.programme_id.in_(programme_ids),
        Nomination.status == NominationStatus.PENDING,
    )
    open_placement = select(Placement.programme_id).where(
        Placement.candidate_id == candidate.id,
        Placement.programme_id.in_(programme_ids),
        Placement.outcome == Outcome.IN_PROGRESS,
    )
    return set(db.session.scalars(union(pending, open_placement)))


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
