"""The coach's caseload: every client with what needs doing, in a fixed number of queries.

A handful of batched queries read plain columns rather than whole records (candidates with
their readiness facts, programmes, current placements, pending nominations, review
summaries); rows are then sorted and filtered in plain functions that tests call directly.
Readiness is checked once per client and distinct set of programme terms, each worked out
once, and only the state is found: the page shows no reasons.

A row (and its HTML) is a function of what was read about the client, their programmes'
terms and the day alone, so each process keeps it under exactly that as its key
(``_kept_row``): a new review, assessment, consent, nomination or stage, or a programme's
changed criteria, changes the key, and the row is worked out afresh on the next request.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from flask import render_template, request
from markupsafe import Markup
from sqlalchemy import Row, Text, and_, cast, exists, select
from sqlalchemy.orm import joinedload, selectinload

from pathway.access import candidates_for, programmes_for
from pathway.auth.models import User
from pathway.candidates.models import Candidate, Consent, ConsentScope, Nomination, NominationStatus
from pathway.candidates.readiness.rules import (
    ReadinessState,
    checks_going_stale,
    programme_terms,
    state_on_terms,
)
from pathway.candidates.reviews.services import NeedSummary, need_summaries, review_overdue
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.employers.models import Programme
from pathway.extensions import db
from pathway.placements.models import Placement, PlacementStage
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
ROWS_KEPT = 8192  # per process: some 10 MB at most


@dataclass(frozen=True)
class CurrentPlacement:
    """What the caseload shows of a client's open placement, or else their latest one."""

    programme_name: str
    stage_name: str | None
    stage_status: StageStatus
    scheduled_on: date | None
    outcome: Outcome
    paused_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.outcome is Outcome.IN_PROGRESS

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


@dataclass(slots=True)
class Client:
    """A client as the caseload reads them: who, and the current readiness facts."""

    id: int
    reference: str
    first_name: str
    created_at: datetime
    date_of_birth: date
    english_level: EnglishLevel
    english_assessed_on: date
    right_to_work: RightToWork
    right_to_work_checked_on: date | None
    visa_expires_on: date | None
    nrm_decision: NrmDecision
    commit_weeks: int | None
    support_in_place: bool | None
    move_on_plan: bool | None
    custom_answers: dict
    employer_consent: bool  # a consent to share with an employer is in force


@dataclass
class CaseloadRow:
    candidate: Client
    state: ReadinessState
    ready_for: list[str]
    need: NeedSummary | None
    overdue: bool
    stale: list[str]
    placement: CurrentPlacement | None
    pending: Sequence[str] = ()  # programmes nominated to, awaiting a decision
    html: tuple[str, Markup] | None = field(default=None, repr=False)  # see ``row_html``

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


_SHARING = exists().where(
    Consent.candidate_id == Candidate.id,
    Consent.scope == ConsentScope.SHARE_WITH_EMPLOYER,
    Consent.withdrawn_on.is_(None),
)
CASELOAD_COLUMNS = (
    Candidate.id,
    Candidate.reference,
    Candidate.first_name,
    Candidate.created_at,
    Candidate.date_of_birth,
    Candidate.english_level,
    Candidate.english_assessed_on,
    Candidate.right_to_work,
    Candidate.right_to_work_checked_on,
    Candidate.visa_expires_on,
    Candidate.nrm_decision,
    Candidate.commit_weeks,
    Candidate.support_in_place,
    Candidate.move_on_plan,
    cast(Candidate.custom_answers, Text).label("custom_answers"),  # as text: a key can hold it
    _SHARING.label("employer_consent"),  # a consent to share with an employer is in force
)


def _current_placements(candidate_ids: Sequence[int]) -> dict[int, CurrentPlacement]:
    """Each candidate's open placement, or else their latest one."""
    if not candidate_ids:
        return {}
    query = (
        select(
            Placement.candidate_id,
            Programme.name,
            PlacementStage.name,
            Placement.stage_status,
            Placement.scheduled_on,
            Placement.outcome,
            Placement.paused_at,
        )
        .join(Programme, Programme.id == Placement.programme_id)
        .outerjoin(
            PlacementStage,
            and_(
                PlacementStage.placement_id == Placement.id,
                PlacementStage.position == Placement.current_position,
            ),
        )
        .where(Placement.candidate_id.in_(candidate_ids))
        .order_by(Placement.outcome == Outcome.IN_PROGRESS, Placement.created_at, Placement.id)
    )
    # the last one wins: the open placement, or else the latest
    return {row[0]: CurrentPlacement(*row[1:]) for row in db.session.execute(query)}


def _pending_nominations(candidate_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    if not candidate_ids:
        return {}
    query = (
        select(Nomination.candidate_id, Programme.name)
        .join(Programme, Programme.id == Nomination.programme_id)
        .where(
            Nomination.candidate_id.in_(candidate_ids),
            Nomination.status == NominationStatus.PENDING,
        )
        .order_by(Nomination.id)
    )
    found: dict[int, tuple[str, ...]] = {}
    for candidate_id, programme_name in db.session.execute(query):
        found[candidate_id] = (*found.get(candidate_id, ()), programme_name)
    return found


def active_programmes(user: User, with_sites: bool = False) -> list[Programme]:
    """The programmes a coach checks readiness for, with what the checks read. Their sites
    (thousands, for a large employer) only ``with_sites``: matching lists them."""
    options = [
        joinedload(Programme.employer),
        selectinload(Programme.stages),
        selectinload(Programme.custom_criteria),
    ]
    if with_sites:
        options.append(selectinload(Programme.sites))
    return list(db.session.scalars(programmes_for(user).options(*options)))


class Terms:
    """Every programme's terms on a day, worked out once: part of each row's key. Interned,
    so the rows of the next request compare it by identity, and hashed once."""

    def __init__(self, programmes: Sequence[Programme], today: date):
        terms = [programme_terms(p, today) for p in programmes]
        self.today = today
        self.names = tuple(p.name for p in programmes)
        # programmes with the same terms give the same verdict: a client is checked once
        # against each distinct set of terms
        self.distinct = tuple(dict.fromkeys(terms))
        self.which = tuple(self.distinct.index(t) for t in terms)
        self._key = (today, self.names, self.distinct, self.which)
        self._hash = hash(self._key)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return self is other or (isinstance(other, Terms) and self._key == other._key)

    @classmethod
    def of(cls, programmes: Sequence[Programme], today: date) -> Terms:
        terms = cls(programmes, today)
        if len(_INTERNED) > 256:
            _INTERNED.clear()
        return _INTERNED.setdefault(terms, terms)

    def readiness(self, client: Client) -> tuple[ReadinessState, list[str], list[str]]:
        """The client's best state, the programmes they are ready for, what is going stale."""
        checked = [state_on_terms(client, t) for t in self.distinct]
        states = [checked[i] for i in self.which]
        best = min(states, key=_READINESS_ORDER.get, default=ReadinessState.NOT_READY)
        ready = [n for n, s in zip(self.names, states, strict=True) if s is ReadinessState.READY]
        return best, ready, checks_going_stale(client, self.distinct, self.today)


_INTERNED: dict[Terms, Terms] = {}


@lru_cache(maxsize=ROWS_KEPT)
def _kept_row(
    columns: Row,
    placement: CurrentPlacement | None,
    pending: tuple[str, ...],
    need: NeedSummary | None,
    terms: Terms,
) -> CaseloadRow:
    """A client's row from what was read about them (``CASELOAD_COLUMNS``, custom answers as
    text), kept by exactly that."""
    facts = dict(columns._mapping, custom_answers=json.loads(columns.custom_answers or "{}"))
    client = Client(**facts)
    state, ready_for, stale = terms.readiness(client)
    today = terms.today
    row = CaseloadRow(
        candidate=client,
        state=state,
        ready_for=ready_for,
        need=need,
        overdue=review_overdue(
            need.last_reviewed_on if need else None, client.created_at.date(), today
        ),
        stale=stale,
        placement=placement,
        pending=pending,
    )
    if row.hired:  # in work: weekly reviews and readiness checks no longer fall due
        row.overdue, row.stale = False, []
    return row


def load_caseload(user: User, today: date) -> tuple[list[CaseloadRow], list[Programme]]:
    """Every client's row (rows are shared between requests: read them, never change them)."""
    columns = candidates_for(user).with_only_columns(*CASELOAD_COLUMNS)
    found = db.session.execute(columns).all()
    ids = [c.id for c in found]
    programmes = active_programmes(user)
    placements = _current_placements(ids)
    pending = _pending_nominations(ids)
    needs = need_summaries(ids)
    terms = Terms.of(programmes, today)
    rows = [
        _kept_row(c, placements.get(c.id), pending.get(c.id, ()), needs.get(c.id), terms)
        for c in found
    ]
    return rows, programmes


def row_html(row: CaseloadRow) -> Markup:
    """The row's HTML, drawn once and kept with the row (links depend on where the app is
    mounted, so that is kept with it)."""
    root = request.script_root
    if row.html is None or row.html[0] != root:
        row.html = (root, Markup(render_template("candidates/_caseload_row.html", row=row)))
    return row.html[1]


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
