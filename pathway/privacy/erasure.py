"""Erasure: a candidate's personal data removed everywhere, the anonymous history kept.

What each column gets is the catalogue's (``pathway.privacy.catalogue``): names, notes and
personal facts go; the placement, its stages and stage events (kind, stage, dates, outcome),
consent scopes and dates, nominations and follow-up answers stay, so every figure and every
published report reads the same afterwards. The candidate's row stays too, marked erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context
from sqlalchemy import select

from pathway.audit.services import record_audit
from pathway.auth.models import User
from pathway.candidates.models import Candidate, NominationStatus
from pathway.clock import to_london, utcnow
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.vocabulary import Outcome
from pathway.privacy.catalogue import BLANK, CLEAR, EMPTY, KEEP, SECTIONS
from pathway.privacy.holdings import holdings
from pathway.privacy.vocabulary import ErasureReason
from pathway.refusals import ActionRefused

ERASED_VALUE = {BLANK: "", CLEAR: None}


def erasure_blockers(candidate: Candidate) -> list[str]:
    """Why the candidate's data cannot be erased yet (empty: it can)."""
    if candidate.erased_at is not None:
        erased_on = to_london(candidate.erased_at)
        return [f"The personal data of {candidate.reference} was erased on {erased_on:%d %b %Y}."]
    blockers = []
    open_placements = select(Placement).where(
        Placement.candidate_id == candidate.id, Placement.outcome == Outcome.IN_PROGRESS
    )
    for placement in db.session.scalars(open_placements.order_by(Placement.id)):
        blockers.append(
            f"A placement is under way ({placement.programme.name} at {placement.site.name}): "
            "end it first on the placement's page, then erase."
        )
    for nomination in candidate.nominations:
        if nomination.status is NominationStatus.PENDING:
            blockers.append(
                f"A nomination to {nomination.programme.name} awaits the employer's decision: "
                "ask them to decide it first, then erase."
            )
    return blockers


def erase_candidate(
    candidate: Candidate,
    by: User | None,
    reason: ErasureReason,
    now: datetime | None = None,
) -> None:
    """Erase ``candidate``'s personal data (``by`` None: the retention job) and audit it.

    Refused while a placement is under way or a nomination awaits a decision: the employer
    would be left acting for a person nobody can name. In a request the request commits;
    outside one (the retention job) it commits on its own, before its audit event."""
    blockers = erasure_blockers(candidate)
    if blockers:
        raise ActionRefused(" ".join(blockers))
    held = holdings(candidate)
    for section in SECTIONS:
        for row in held[section.key]:
            if section.delete_on_erasure:
                db.session.delete(row)
                continue
            for column in section.columns:
                if column.on_erasure == KEEP:
                    continue
                value = {} if column.on_erasure == EMPTY else ERASED_VALUE[column.on_erasure]
                setattr(row, column.name, value)
    candidate.erased_at = now or utcnow()
    candidate.erasure_reason = reason
    db.session.flush()
    db.session.expire(candidate)  # its collections held rows now deleted
    if not has_request_context():
        # Outside a request the audit event is written and committed at once: the erasure
        # is committed first, so an event never stands for an erasure that was rolled back.
        db.session.commit()
    record_audit("erase", "candidate", candidate.id, user=by, candidate_id=candidate.id)


@dataclass(frozen=True)
class SectionFate:
    """What erasure does to one section, in words for the confirmation page."""

    title: str
    deleted: bool
    removed: list[str]
    why_kept: str


def what_erasure_does() -> list[SectionFate]:
    return [
        SectionFate(
            title=section.title,
            deleted=section.delete_on_erasure,
            removed=[c.label for c in section.columns if c.on_erasure != KEEP],
            why_kept=section.why_kept,
        )
        for section in SECTIONS
    ]
