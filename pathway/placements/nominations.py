"""A nomination's life: a coach puts a ready, consenting candidate forward to a programme
(``nominate_candidate``, refused with every reason that stands in the way), and the
employer accepts it at a taking-part site - the placement begins - or declines it with a
reason. Functions flush; the request commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import select, union

from pathway.auth.models import User
from pathway.candidates.models import (
    Candidate,
    DeclineReason,
    Nomination,
    NominationStatus,
)
from pathway.candidates.readiness.rules import Verdict, readiness_verdict
from pathway.candidates.safety import SITE_NOT_AVAILABLE, site_is_safe_for, taking_part_sites
from pathway.clock import utcnow
from pathway.employers.models import Programme, Site
from pathway.extensions import db
from pathway.placements.events import stage_event
from pathway.placements.models import Placement, PlacementStage
from pathway.placements.news import tell_accepted, tell_declined, tell_nominated
from pathway.placements.services import state_label
from pathway.placements.vocabulary import EventKind, Outcome, StageStatus
from pathway.refusals import ActionRefused


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
    tell_nominated(nomination, coach)
    return nomination


def accept_nomination(
    nomination: Nomination, site: Site, user: User, at: datetime | None = None
) -> Placement:
    """Accept a nomination at a taking-part site; the programme's stages are copied."""
    at = at or utcnow()
    _require_pending(nomination)
    programme = nomination.programme
    if site not in programme.sites:
        raise ActionRefused(f"{site.name} does not take part in {programme.name}.")
    if not site_is_safe_for(nomination.candidate, site):
        raise ActionRefused(SITE_NOT_AVAILABLE)
    if nomination.candidate.employer_consent is None:
        raise ActionRefused(
            "The candidate's consent to share details with an employer has been withdrawn."
        )
    nomination.status = NominationStatus.ACCEPTED
    nomination.decided_by_id = user.id
    nomination.decided_at = at
    placement = Placement(
        nomination=nomination,
        candidate=nomination.candidate,
        programme=programme,
        site=site,
        current_position=0,
        stage_status=StageStatus.TO_SCHEDULE,
        outcome=Outcome.IN_PROGRESS,
        created_at=at,
        stage_entered_at=at,
        stages=[
            PlacementStage(
                position=stage.position,
                name=stage.name,
                duration_amount=stage.duration_amount,
                duration_unit=stage.duration_unit,
                is_interview=stage.is_interview,
            )
            for stage in programme.stages
        ],
    )
    db.session.add(placement)
    first = placement.stages[0]
    placement.events.append(
        stage_event(
            placement,
            EventKind.ACCEPTED,
            user,
            at,
            stage_position=0,
            stage_name=first.name,
            to_state=state_label(placement),
        )
    )
    db.session.flush()
    tell_accepted(placement, user)
    return placement


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
    tell_declined(nomination, user)


def _require_pending(nomination: Nomination) -> None:
    if nomination.status is not NominationStatus.PENDING:
        raise ActionRefused(
            f"This nomination was already decided ({nomination.status.label.lower()})."
        )
