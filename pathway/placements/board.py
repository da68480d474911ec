"""The board: open placements in a user's scope, by stage, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import joinedload, selectinload

from pathway.auth.models import User
from pathway.auth.policy import SharedDetails, candidate_details_for, placements_for
from pathway.candidates.models import Candidate
from pathway.extensions import db
from pathway.placements.models import Placement
from pathway.placements.services import state_of
from pathway.placements.transitions import Action, allowed_actions
from pathway.placements.vocabulary import Outcome, StageStatus


@dataclass
class Card:
    placement: Placement
    details: SharedDetails
    days_in_stage: int
    actions: list[Action]

    @property
    def next_date(self) -> date | None:
        """The date the current stage is booked for, while it is still to happen."""
        if self.placement.stage_status is StageStatus.SCHEDULED:
            return self.placement.scheduled_on
        return None


@dataclass
class Column:
    stage_name: str
    position: int
    cards: list[Card] = field(default_factory=list)


@dataclass
class Board:
    columns: list[Column]

    @property
    def is_empty(self) -> bool:
        return not any(column.cards for column in self.columns)


def open_placements(user: User) -> list[Placement]:
    query = (
        placements_for(user)
        .where(Placement.outcome == Outcome.IN_PROGRESS)
        .options(
            selectinload(Placement.stages),
            joinedload(Placement.site),
            joinedload(Placement.candidate).selectinload(Candidate.consents),
        )
        .order_by(Placement.stage_entered_at, Placement.id)
    )
    return list(db.session.scalars(query).unique())


def load_board(user: User, today: date) -> Board:
    """Columns for every stage that any open placement has, in stage order."""
    columns: dict[str, Column] = {}
    for placement in open_placements(user):
        for stage in placement.stages:
            column = columns.setdefault(stage.name, Column(stage.name, stage.position))
            column.position = min(column.position, stage.position)
        columns[placement.current_stage.name].cards.append(
            Card(
                placement=placement,
                details=candidate_details_for(user, placement.candidate),
                days_in_stage=(today - placement.stage_entered_at.date()).days,
                actions=allowed_actions(state_of(placement, today)),
            )
        )
    return Board(sorted(columns.values(), key=lambda c: (c.position, c.stage_name)))
