"""Redress figures for one employer and period, computed once by SQL aggregation.

``compute_figures`` returns raw counts in a plain ``Figures`` object. Raw counts must go
through disclosure control (``pathway.reports.disclosure.publish``) before anyone sees them.
Every figure counts different candidates or placements, never rows, and an event counts
when the UTC date of its ``occurred_at`` falls inside the period (both ends included).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, case, func, select

from pathway.candidates.models import DeclineReason, Nomination, NominationStatus
from pathway.employers.models import Programme, ProgrammeStage
from pathway.extensions import db
from pathway.placements.models import Placement, PlacementStage, StageEvent
from pathway.placements.vocabulary import ContractType, EventKind, LeaveReason


class Group(NamedTuple):
    """One line of a breakdown: what was counted under ``label``."""

    label: str
    count: int


@dataclass(frozen=True)
class FigureRow:
    label: str
    count: int
    definition: str = ""


@dataclass(frozen=True)
class FigureSection:
    """A table of figures; ``definition`` explains rows that have none of their own."""

    title: str
    rows: tuple[FigureRow, ...]
    definition: str = ""


@dataclass(frozen=True)
class Figures:
    """Raw counts for an employer's programmes over ``start``..``end`` (inclusive)."""

    employer_id: int
    start: date
    end: date
    nominated: int
    accepted: int
    declined: int
    declined_by_reason: tuple[Group, ...]
    started: int
    stages_completed: tuple[Group, ...]  # the funnel, in stage order
    interviewed: int
    hired: int
    hired_by_contract: tuple[Group, ...]
    not_hired: int
    ended_early: int
    leaving_reasons: tuple[Group, ...]

    def sections(self) -> tuple[FigureSection, ...]:
        """The figures laid out as published, each with its definition."""
        return (
            FigureSection(
                "Nominations",
                (
                    FigureRow("Candidates nominated", self.nominated, NOMINATED),
                    FigureRow("Nominations accepted", self.accepted, ACCEPTED),
                    FigureRow("Nominations declined", self.declined, DECLINED),
                ),
            ),
            FigureSection(
                "Nominations declined, by reason",
                _rows(self.declined_by_reason),
                DECLINED_BY_REASON,
            ),
            FigureSection(
                "Started and stages completed",
                (
                    FigureRow("Started the programme", self.started, STARTED),
                    *(
                        FigureRow(f"Completed: {name}", count, STAGE_COMPLETED.format(name))
                        for name, count in self.stages_completed
                    ),
                ),
            ),
            FigureSection(
                "Interview and outcome",
                (
                    FigureRow("Interviewed", self.interviewed, INTERVIEWED),
                    FigureRow("Hired", self.hired, HIRED),
                    FigureRow("Not hired", self.not_hired, NOT_HIRED),
                    FigureRow("Ended early", self.ended_early, ENDED_EARLY),
                ),
            ),
            FigureSection("Hired, by contract type", _rows(self.hired_by_contract), BY_CONTRACT),
            FigureSection("Reasons for leaving", _rows(self.leaving_reasons), LEAVING_REASONS),
        )


# One line each: shown beside the figures and kept with any published copy.
NOMINATED = "Different candidates put forward to your programmes, dated by the nomination."
ACCEPTED = "Different candidates whose nomination was accepted, dated by the decision."
DECLINED = "Different candidates whose nomination was declined, dated by the decision."
DECLINED_BY_REASON = (
    "Declined candidates by the reason given; one declined for two reasons counts under each."
)
STARTED = "Placements whose candidate attended the first stage of the programme."
STAGE_COMPLETED = "Placements that passed {}, in any of your programmes with a stage so named."
INTERVIEWED = "Placements whose candidate attended the guaranteed interview."
HIRED = "Placements that ended with the candidate hired."
NOT_HIRED = "Placements that ended at the interview without a job offer."
ENDED_EARLY = "Placements ended before the interview outcome, by the candidate or others."
BY_CONTRACT = "Hired placements by the type of contract offered."
LEAVING_REASONS = "Placements not hired or ended early, by the reason recorded."


def compute_figures(employer_id: int, start: date, end: date) -> Figures:
    """Count what happened on ``employer_id``'s programmes from ``start`` to ``end``."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    since = datetime.combine(start, time.min)
    until = datetime.combine(end + timedelta(days=1), time.min)
    nominated, accepted, declined = _nomination_totals(employer_id, since, until)
    started, interviewed, hired, not_hired, ended_early = _event_totals(employer_id, since, until)
    return Figures(
        employer_id=employer_id,
        start=start,
        end=end,
        nominated=nominated,
        accepted=accepted,
        declined=declined,
        declined_by_reason=_declined_by_reason(employer_id, since, until),
        started=started,
        stages_completed=_stages_completed(employer_id, since, until),
        interviewed=interviewed,
        hired=hired,
        hired_by_contract=_hired_by_contract(employer_id, since, until),
        not_hired=not_hired,
        ended_early=ended_early,
        leaving_reasons=_leaving_reasons(employer_id, since, until),
    )


# --- the queries (a fixed number, whatever the size of the data) ------------------------


def _count_distinct_when(condition: ColumnElement[bool], column) -> ColumnElement[int]:
    """COUNT(DISTINCT CASE WHEN condition THEN column END): NULLs are not counted."""
    return func.count(case((condition, column)).distinct())


def _during(column, since: datetime, until: datetime) -> ColumnElement[bool]:
    return and_(column >= since, column < until)


def _nomination_totals(employer_id: int, since: datetime, until: datetime) -> tuple[int, ...]:
    created = _during(Nomination.created_at, since, until)
    decided = _during(Nomination.decided_at, since, until)
    candidate = Nomination.candidate_id
    query = (
        select(
            _count_distinct_when(created, candidate),
            _count_distinct_when(
                and_(decided, Nomination.status == NominationStatus.ACCEPTED), candidate
            ),
            _count_distinct_when(
                and_(decided, Nomination.status == NominationStatus.DECLINED), candidate
            ),
        )
        .join(Programme, Programme.id == Nomination.programme_id)
        .where(Programme.employer_id == employer_id, created | decided)
    )
    return tuple(db.session.execute(query).one())


def _declined_by_reason(employer_id: int, since: datetime, until: datetime) -> tuple[Group, ...]:
    query = (
        select(Nomination.decline_reason, func.count(Nomination.candidate_id.distinct()))
        .join(Programme, Programme.id == Nomination.programme_id)
        .where(
            Programme.employer_id == employer_id,
            Nomination.status == NominationStatus.DECLINED,
            _during(Nomination.decided_at, since, until),
        )
        .group_by(Nomination.decline_reason)
    )
    return _labelled(db.session.execute(query).all(), DeclineReason, "Reason not recorded")


def _events(employer_id: int, since: datetime, until: datetime, *columns):
    """SELECT ``columns`` FROM the employer's stage events in the period."""
    return (
        select(*columns)
        .select_from(StageEvent)
        .join(Placement, Placement.id == StageEvent.placement_id)
        .join(Programme, Programme.id == Placement.programme_id)
        .where(
            Programme.employer_id == employer_id,
            _during(StageEvent.occurred_at, since, until),
        )
    )


def _event_totals(employer_id: int, since: datetime, until: datetime) -> tuple[int, ...]:
    kind, placement = StageEvent.kind, StageEvent.placement_id
    attended = kind == EventKind.ATTENDED
    query = _events(
        employer_id,
        since,
        until,
        _count_distinct_when(and_(attended, StageEvent.stage_position == 0), placement),
        _count_distinct_when(and_(attended, PlacementStage.is_interview.is_(True)), placement),
        _count_distinct_when(kind == EventKind.HIRED, placement),
        _count_distinct_when(kind == EventKind.NOT_HIRED, placement),
        _count_distinct_when(kind == EventKind.WITHDRAWN, placement),
    ).outerjoin(
        PlacementStage,
        and_(
            PlacementStage.placement_id == StageEvent.placement_id,
            PlacementStage.position == StageEvent.stage_position,
        ),
    )
    return tuple(db.session.execute(query).one())


def _stages_completed(employer_id: int, since: datetime, until: datetime) -> tuple[Group, ...]:
    """Passes per stage name, with every stage of the employer's programmes shown (0 if none)."""
    passed = (
        _events(
            employer_id,
            since,
            until,
            StageEvent.stage_name,
            func.min(StageEvent.stage_position),
            func.count(StageEvent.placement_id.distinct()),
        )
        .where(StageEvent.kind == EventKind.PASSED)
        .group_by(StageEvent.stage_name)
    )
    defined = (
        select(ProgrammeStage.name, func.min(ProgrammeStage.position))
        .join(Programme, Programme.id == ProgrammeStage.programme_id)
        .where(Programme.employer_id == employer_id, ProgrammeStage.is_interview.is_(False))
        .group_by(ProgrammeStage.name)
    )
    position: dict[str, int] = dict(db.session.execute(defined).all())
    counts: dict[str, int] = {}
    for name, first_position, count in db.session.execute(passed):
        position[name] = min(first_position, position.get(name, first_position))
        counts[name] = count
    order = sorted(position, key=lambda name: (position[name], name))
    return tuple(Group(name, counts.get(name, 0)) for name in order)


def _hired_by_contract(employer_id: int, since: datetime, until: datetime) -> tuple[Group, ...]:
    query = (
        _events(
            employer_id,
            since,
            until,
            StageEvent.contract_type,
            func.count(StageEvent.placement_id.distinct()),
        )
        .where(StageEvent.kind == EventKind.HIRED)
        .group_by(StageEvent.contract_type)
    )
    return _labelled(db.session.execute(query).all(), ContractType, "Contract not recorded")


def _leaving_reasons(employer_id: int, since: datetime, until: datetime) -> tuple[Group, ...]:
    query = (
        _events(
            employer_id,
            since,
            until,
            StageEvent.reason,
            func.count(StageEvent.placement_id.distinct()),
        )
        .where(StageEvent.kind.in_([EventKind.NOT_HIRED, EventKind.WITHDRAWN]))
        .group_by(StageEvent.reason)
    )
    return _labelled(db.session.execute(query).all(), LeaveReason, "Reason not recorded")


def _labelled(rows, vocabulary: type[enum.Enum], missing: str) -> tuple[Group, ...]:
    """Grouped counts labelled, in the vocabulary's own order (unrecorded last)."""
    counts = dict(rows)
    groups = [Group(member.label, counts[member]) for member in vocabulary if member in counts]
    if None in counts:
        groups.append(Group(missing, counts[None]))
    return tuple(groups)


def _rows(groups: tuple[Group, ...]) -> tuple[FigureRow, ...]:
    return tuple(FigureRow(label, count) for label, count in groups)
