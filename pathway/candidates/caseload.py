"""The coach's caseload: every client with what needs doing, in a fixed number of queries.

Rows are built once from a handful of batched queries (candidates, programmes, placements,
review summaries), then sorted and filtered in plain functions that tests call directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pathway.auth.models import User
from pathway.auth.policy import candidates_for, programmes_for
from pathway.candidates.models import Candidate, Nomination, NominationStatus
from pathway.candidates.readiness import ReadinessState, checks_going_stale, readiness_verdict
from pathway.candidates.reviews import NeedSummary, need_summaries, review_overdue
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.vocabulary import Outcome, StageStatus

SORTS = {
    "name": "First name",
    "reference": "Reference",
    "readiness": "Readiness",
    "need": "Average need",
    "review": "Last review",
    "next": "Next date",
}
SHOWS = {
    "": "Everyone",
    "ready": "Ready for a programme",
    "recheck": "Needs re-check",
    "not_ready": "Not ready",
    "overdue": "Review overdue",
    "stale": "Checks going stale",
    "on_programme": "On a programme now",
}
_READINESS_ORDER = {
    ReadinessState.READY: 0,
    ReadinessState.NEEDS_RECHECK: 1,
    ReadinessState.NOT_READY: 2,
}


@dataclass
class CaseloadRow:
    candidate: Candidate
    state: ReadinessState
    ready_for: list[str]
    need: NeedSummary | None
    overdue: bool
    stale: list[str]
    placement: Placement | None  # the open placement, or else the latest one, if any
    pending: list[Nomination] = field(default_factory=list)

    @property
    def on_programme(self) -> bool:
        return self.placement is not None and self.placement.is_open

    @property
    def hired(self) -> bool:
        return self.placement is not None and self.placement.outcome is Outcome.HIRED

    @property
    def next_date(self) -> date | None:
        p = self.placement
        if self.on_programme and p.stage_status is StageStatus.SCHEDULED and not p.is_paused:
            return p.scheduled_on
        return None


def _current_placements(candidate_ids: list[int]) -> dict[int, Placement]:
    """Each candidate's open placement, or else their latest one."""
    if not candidate_ids:
        return {}
    query = (
        select(Placement)
        .where(Placement.candidate_id.in_(candidate_ids))
        .options(selectinload(Placement.stages), selectinload(Placement.programme))
        .order_by(Placement.outcome == Outcome.IN_PROGRESS, Placement.created_at)
    )
    return {p.candidate_id: p for p in db.session.scalars(query)}  # the last one wins


def active_programmes(user: User) -> list[Programme]:
    query = programmes_for(user).options(
        selectinload(Programme.sites),
        selectinload(Programme.employer),
        selectinload(Programme.stages),
        selectinload(Programme.custom_criteria),
    )
    return list(db.session.scalars(query))


def load_caseload(user: User, today: date) -> tuple[list[CaseloadRow], list[Programme]]:
    candidates = db.session.scalars(
        candidates_for(user).options(
            selectinload(Candidate.consents),
            selectinload(Candidate.nominations).selectinload(Nomination.programme),
        )
    ).all()
    programmes = active_programmes(user)
    ids = [c.id for c in candidates]
    placements = _current_placements(ids)
    needs = need_summaries(ids)
    rows = []
    for candidate in candidates:
        verdicts = [(p, readiness_verdict(candidate, p, today)) for p in programmes]
        states = {v.state for _, v in verdicts}
        need = needs.get(candidate.id)
        row = CaseloadRow(
            candidate=candidate,
            state=min(states, key=_READINESS_ORDER.get, default=ReadinessState.NOT_READY),
            ready_for=[p.name for p, v in verdicts if v.ready],
            need=need,
            overdue=review_overdue(
                need.last_reviewed_on if need else None, candidate.created_at.date(), today
            ),
            stale=checks_going_stale(candidate, programmes, today),
            placement=placements.get(candidate.id),
            pending=[n for n in candidate.nominations if n.status is NominationStatus.PENDING],
        )
        if row.hired:  # in work: weekly reviews and readiness checks no longer fall due
            row.overdue, row.stale = False, []
        rows.append(row)
    return rows, programmes


def filter_rows(rows: Sequence[CaseloadRow], show: str) -> list[CaseloadRow]:
    keep = {
        "ready": lambda r: r.state is ReadinessState.READY,
        "recheck": lambda r: r.state is ReadinessState.NEEDS_RECHECK,
        "not_ready": lambda r: r.state is ReadinessState.NOT_READY,
        "overdue": lambda r: r.overdue,
        "stale": lambda r: bool(r.stale),
        "on_programme": lambda r: r.on_programme,
    }.get(show)
    return [row for row in rows if keep is None or keep(row)]


def sort_rows(
    rows: Sequence[CaseloadRow], sort: str, descending: bool = False
) -> list[CaseloadRow]:
    """Sorted by ``sort``; rows without a value (no review, no date) always go last."""

    def name(row: CaseloadRow):
        return (row.candidate.first_name.lower(), row.candidate.reference)

    keys = {
        "reference": lambda r: r.candidate.reference,
        "readiness": lambda r: _READINESS_ORDER[r.state],
        "need": lambda r: r.need.latest if r.need else None,
        "review": lambda r: r.need.last_reviewed_on if r.need else None,
        "next": lambda r: r.next_date,
    }
    key = keys.get(sort)
    ordered = sorted(rows, key=name)
    if key is None:
        return list(reversed(ordered)) if descending else ordered
    present = [r for r in ordered if key(r) is not None]
    missing = [r for r in ordered if key(r) is None]
    return sorted(present, key=key, reverse=descending) + missing
