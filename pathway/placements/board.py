"""The board: open placements in a user's scope, by stage, in a fixed number of queries.

One query reads, for every open placement in the user's scope, exactly what its card shows
(the stage and its booking, the site's name, the candidate as the access policy lets this
user see them); one more reads the stage names for the columns. A card's HTML is a function
of that row and the day alone, so each process keeps it (``card_html``) under exactly that
as its key: a stage update, a booking, a withdrawn consent or a renamed site changes the row,
so the changed card is drawn afresh on the very next request, by every process. The CSRF
token, the one thing that differs between users, goes in when the board is drawn
(``with_csrf_token``). The page itself is drawn for every request, after sign-in, the
session limits and the access policy, like every other page.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache

from flask import render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from pathway.access import candidate_details_for, placements_for
from pathway.auth.models import User
from pathway.candidates.models import Candidate, Consent, ConsentScope
from pathway.employers.models import Site
from pathway.extensions import db
from pathway.placements.models import Placement, PlacementStage
from pathway.placements.transitions import Action, PlacementState, allowed_actions
from pathway.placements.vocabulary import Outcome, StageStatus
from pathway.submissions import form_key

CARDS_KEPT = 8192  # per process: some 16 MB at most (a partnership lead may see thousands)
# Stand for the CSRF token and a form's own key in a kept card; random per process, so no
# data can spell them.
TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"
KEY_SLOT = f"key-slot-{secrets.token_hex(16)}"


def with_csrf_token(page: str) -> str:
    """The board with this session's CSRF token in every kept card's forms, and a new key
    in each form (``submissions``: a form sent twice is saved once)."""
    page = page.replace(TOKEN_SLOT, generate_csrf())
    return re.sub(KEY_SLOT, lambda _slot: form_key(), page)


@dataclass(frozen=True)
class CardFacts:
    """Everything a card shows, as read from the database: also its cache key."""

    placement_id: int
    version: int
    site_name: str
    stage_status: StageStatus
    stage_name: str
    is_interview: bool
    next_stage_name: str | None
    scheduled_on: date | None
    scheduled_time: time | None
    stage_entered_at: datetime
    paused: bool
    display_name: str  # as the access policy names the candidate to this user

    def state(self, today: date) -> PlacementState:
        """The placement's state as the transition rules see it (cf. ``services.state_of``)."""
        return PlacementState(
            outcome=Outcome.IN_PROGRESS,
            stage_status=self.stage_status,
            stage_name=self.stage_name,
            is_interview=self.is_interview,
            next_stage_name=self.next_stage_name,
            paused=self.paused,
            scheduled_on=self.scheduled_on,
            today=today,
        )


@dataclass
class Card:
    facts: CardFacts
    days_in_stage: int
    actions: list[Action]

    @property
    def next_date(self) -> date | None:
        """The date the current stage is booked for, while it is still to happen."""
        if self.facts.stage_status is StageStatus.SCHEDULED:
            return self.facts.scheduled_on
        return None


def card_of(facts: CardFacts, today: date) -> Card:
    return Card(
        facts=facts,
        days_in_stage=(today - facts.stage_entered_at.date()).days,
        actions=allowed_actions(facts.state(today)),
    )


@dataclass
class Column:
    stage_name: str
    position: int
    cards: list[CardFacts] = field(default_factory=list)


@dataclass
class Board:
    columns: list[Column]
    today: date

    @property
    def is_empty(self) -> bool:
        return not any(column.cards for column in self.columns)


# --- reading the board -------------------------------------------------------------------


@dataclass(frozen=True)
class _SharedConsent:
    share_first_name: bool
    share_availability: bool
    share_adjustments: bool


@dataclass(frozen=True)
class _Named:
    """A candidate as the access policy reads one (``access.CandidateRecord``), from the
    board's query. A card shows nothing but the name, so availability and adjustments are
    not selected."""

    organisation_id: int
    first_name: str
    erased_at: datetime | None
    employer_consent: _SharedConsent | None
    availability: str | None = None
    adjustments: str | None = None


_CURRENT = aliased(PlacementStage, name="current_stage")
_NEXT = aliased(PlacementStage, name="next_stage")
_LATEST = aliased(Consent, name="latest_consent")
_IN_FORCE = (  # the consent to share with an employer now in force (the latest one)
    select(func.max(_LATEST.id))
    .where(
        _LATEST.candidate_id == Candidate.id,
        _LATEST.scope == ConsentScope.SHARE_WITH_EMPLOYER,
        _LATEST.withdrawn_on.is_(None),
    )
    .correlate(Candidate)
    .scalar_subquery()
)
# Built once (building a statement costs more than running this one): each request adds
# only its scope.
_CARDS = (
    select(
        Placement.id.label("placement_id"),
        Placement.version,
        Site.name.label("site_name"),
        Placement.stage_status,
        _CURRENT.name.label("stage_name"),
        _CURRENT.is_interview,
        _NEXT.name.label("next_stage_name"),
        Placement.scheduled_on,
        Placement.scheduled_time,
        Placement.stage_entered_at,
        Placement.paused_at,
        Candidate.organisation_id,
        Candidate.first_name,
        Candidate.erased_at,
        Consent.id.label("consent_id"),
        Consent.share_first_name,
        Consent.share_availability,
        Consent.share_adjustments,
    )
    .join(Site, Site.id == Placement.site_id)
    .join(Candidate, Candidate.id == Placement.candidate_id)
    .join(
        _CURRENT,
        and_(
            _CURRENT.placement_id == Placement.id, _CURRENT.position == Placement.current_position
        ),
    )
    .outerjoin(
        _NEXT,
        and_(_NEXT.placement_id == Placement.id, _NEXT.position == Placement.current_position + 1),
    )
    .outerjoin(Consent, Consent.id == _IN_FORCE)
    .order_by(Placement.stage_entered_at, Placement.id)
)


def _card_rows(user: User):
    return db.session.execute(_CARDS.where(Placement.id.in_(_open_in_scope(user))))


def _open_in_scope(user: User):
    """The ids of the open placements ``user`` may see (the access policy's query)."""
    return (
        placements_for(user)
        .where(Placement.outcome == Outcome.IN_PROGRESS)
        .with_only_columns(Placement.id)
    )


def board_cards(user: User) -> list[CardFacts]:
    """What every card on ``user``'s board shows, in one query."""
    cards = []
    for row in _card_rows(user):
        consent = None
        if row.consent_id is not None:
            consent = _SharedConsent(
                row.share_first_name, row.share_availability, row.share_adjustments
            )
        named = _Named(row.organisation_id, row.first_name, row.erased_at, consent)
        cards.append(
            CardFacts(
                placement_id=row.placement_id,
                version=row.version,
                site_name=row.site_name,
                stage_status=row.stage_status,
                stage_name=row.stage_name,
                is_interview=row.is_interview,
                next_stage_name=row.next_stage_name,
                scheduled_on=row.scheduled_on,
                scheduled_time=row.scheduled_time,
                stage_entered_at=row.stage_entered_at,
                paused=row.paused_at is not None,
                display_name=candidate_details_for(user, named).display_name,
            )
        )
    return cards


def board_columns(user: User) -> list[tuple[str, int]]:
    """(stage name, its first position) for every stage any open placement has."""
    query = (
        select(PlacementStage.name, func.min(PlacementStage.position))
        .where(PlacementStage.placement_id.in_(_open_in_scope(user)))
        .group_by(PlacementStage.name)
    )
    return [(name, position) for name, position in db.session.execute(query)]


def load_board(user: User, today: date) -> Board:
    """Columns for every stage that any open placement has, in stage order."""
    columns = {name: Column(name, position) for name, position in board_columns(user)}
    for card in board_cards(user):
        columns.setdefault(card.stage_name, Column(card.stage_name, 0)).cards.append(card)
    ordered = sorted(columns.values(), key=lambda c: (c.position, c.stage_name))
    return Board(ordered, today)


# --- drawing it --------------------------------------------------------------------------


def card_html(facts: CardFacts, today: date, problem: dict | None = None) -> Markup:
    """A card's HTML, with ``TOKEN_SLOT`` for the CSRF token; kept unless it shows a problem."""
    if problem and problem.get("placement_id") == facts.placement_id:
        return _draw(facts, today, problem)
    return _kept(facts, today, request.script_root)


@lru_cache(maxsize=CARDS_KEPT)
def _kept(facts: CardFacts, today: date, script_root: str) -> Markup:
    # script_root: the links depend on where the app is mounted, so it is part of the key
    return _draw(facts, today, None)


def _draw(facts: CardFacts, today: date, problem: dict | None) -> Markup:
    page = render_template(
        "placements/_card.html",
        card=card_of(facts, today),
        problem=problem,
        token=TOKEN_SLOT,
        key_slot=KEY_SLOT,
    )
    return Markup(page)
