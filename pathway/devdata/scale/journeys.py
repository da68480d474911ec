"""A placement's route through its stages: drawn at random, then recorded by the services.

``plan_steps`` draws a plausible history (bookings, no-shows, passes, early ends, the
interview outcome). ``Journey`` records it with the service's own ``apply_stage_update``
(what ``record_stage_update`` does before it saves and tells people) on a placement held
in memory, so every event, label and state column is exactly what the service writes when
a site manager clicks through the same steps - only the rows are then written in bulk
instead of one flush at a time, and nobody is sent a notice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pathway.durations import DurationUnit
from pathway.placements.models import Placement, StageEvent
from pathway.placements.services import StageUpdate, apply_stage_update, state_label
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import (
    ContractType,
    EndedBy,
    EventKind,
    LeaveReason,
    Outcome,
    StageStatus,
)
from pathway.refusals import ActionRefused


@dataclass(frozen=True, slots=True)
class StageCopy:
    """What a placement keeps of a programme stage (a ``PlacementStage`` row)."""

    position: int
    name: str
    duration_amount: int | None
    duration_unit: DurationUnit | None
    is_interview: bool

    @property
    def days(self) -> int:
        """Whole days the stage lasts once started (0: over the same day)."""
        if not self.duration_amount or self.duration_unit is None:
            return 0
        return int(self.duration_unit.calendar_days(self.duration_amount))


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    update: StageUpdate
    by_coach: bool = False  # a coach withdrew the candidate; otherwise employer staff acted


@dataclass(frozen=True, slots=True)
class Actor:
    id: int  # all that ``apply_stage_update`` reads of its user


class PlacementInMemory:
    """A placement that is never stored: a plain attribute per ``Placement`` column (its
    scalar default, else None) and the model's own properties (``current_stage``,
    ``is_open``, ...), so the services read and change it as they do a stored one."""

    def __init__(self, stages: list[StageCopy], **columns):
        for column in Placement.__table__.columns:
            default = column.default
            scalar = default is not None and default.is_scalar
            setattr(self, column.key, default.arg if scalar else None)
        self.stages = stages
        self.events: list[StageEvent] = []
        for name, value in columns.items():
            setattr(self, name, value)

    def state(self) -> tuple:
        return tuple(getattr(self, key) for key in STATE_COLUMNS)


for _name, _value in vars(Placement).items():
    if isinstance(_value, property):
        setattr(PlacementInMemory, _name, _value)

# What a journey decides; the ids (the placement's and what it links to) are the caller's.
STATE_COLUMNS = tuple(
    column.key
    for column in Placement.__table__.columns
    if column.key
    not in ("id", "nomination_id", "candidate_id", "programme_id", "site_id", "version")
)


class Journey:
    """A placement's history, made by ``apply_stage_update`` on a placement in memory;
    its version counts the UPDATEs the ORM would have issued."""

    def __init__(self, stages: tuple[StageCopy, ...], accepted_at: datetime, actor_id: int):
        self.placement = PlacementInMemory(
            list(stages),
            current_position=0,
            stage_status=StageStatus.TO_SCHEDULE,
            outcome=Outcome.IN_PROGRESS,
            created_at=accepted_at,
            stage_entered_at=accepted_at,
            version=1,  # the ORM's version counter after the INSERT
        )
        self.placement.events.append(  # as ``accept_nomination`` records it
            StageEvent(
                kind=EventKind.ACCEPTED,
                stage_position=0,
                stage_name=stages[0].name,
                to_state=state_label(self.placement),
                occurred_at=accepted_at,
                actor_id=actor_id,
            )
        )
        self.refused = 0

    @property
    def is_open(self) -> bool:
        return self.placement.is_open

    @property
    def last_at(self) -> datetime:
        return self.placement.events[-1].occurred_at

    def record(self, update: StageUpdate, at: datetime, actor_id: int) -> bool:
        """Record one step as a user would; False, with nothing changed, when refused."""
        placement = self.placement
        before = placement.state()
        try:
            apply_stage_update(placement, update, Actor(actor_id), placement.version, at)
        except ActionRefused:
            self.refused += 1
            return False
        if placement.state() != before:  # the ORM issues an UPDATE and bumps the version
            placement.version += 1
        return True

    def placement_row(self) -> dict:
        """The state columns; those still unset are left to the model's defaults."""
        row = {key: getattr(self.placement, key) for key in STATE_COLUMNS}
        row["version"] = self.placement.version
        return {key: value for key, value in row.items() if value is not None}

    def event_rows(self) -> list[dict]:
        """Each event's attributes as the services set them (the rest: model defaults)."""
        return [
            {key: value for key, value in vars(event).items() if not key.startswith("_")}
            for event in self.placement.events
        ]


# --- planning a route ----------------------------------------------------------------------

P_NO_SHOW = 0.08  # did not attend a booked stage
P_END_AFTER_NO_SHOW = 0.3
P_RESCHEDULE = 0.05
P_END_BEFORE = (0.04, 0.04, 0.03, 0.02)  # ended before the stage at this position is booked
P_END_DURING = 0.1  # ended part way through a stage that lasts weeks
P_HIRED = 0.58
SLOTS = (time(9, 30), time(10, 0), time(11, 0), time(14, 0), time(15, 30))
CONTRACTS = (
    (ContractType.PERMANENT, 45),
    (ContractType.FIXED_TERM, 20),
    (ContractType.ZERO_HOURS, 12),
    (ContractType.SEASONAL, 13),
    (ContractType.APPRENTICESHIP, 10),
)
HOURS = (16, 20, 24, 30, 37, 40)
NOT_HIRED_REASONS = (
    (LeaveReason.NO_VACANCY, 25),
    (LeaveReason.ENGLISH_LEVEL, 22),
    (LeaveReason.CUSTOMER_SERVICE, 20),
    (LeaveReason.ROLE_NOT_SUITABLE, 18),
    (LeaveReason.ATTENDANCE, 5),
    (LeaveReason.OTHER, 10),
)
ENDED_REASONS = (
    (LeaveReason.PERSONAL_CIRCUMSTANCES, 28),
    (LeaveReason.HEALTH, 15),
    (LeaveReason.OTHER_WORK, 17),
    (LeaveReason.ROLE_NOT_SUITABLE, 14),
    (LeaveReason.MOVED_AWAY, 9),
    (LeaveReason.ATTENDANCE, 9),
    (LeaveReason.ENGLISH_LEVEL, 4),
    (LeaveReason.OTHER, 4),
)
NOTES = ("", "", "", "", "", "", "Went well.", "Asked good questions.", "Arrived early.")


def pick(rng: random.Random, weighted):
    """One value from ``((value, weight), ...)``."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def later_on(rng: random.Random, day: date, after: datetime) -> datetime:
    """A working-hours moment on ``day`` that is later than ``after``."""
    moment = datetime.combine(day, time(8)) + timedelta(minutes=rng.randint(0, 600))
    if moment <= after:
        moment = after + timedelta(minutes=rng.randint(5, 90))
    return moment


def plan_steps(rng: random.Random, stages: tuple[StageCopy, ...], start: datetime) -> list[Step]:
    """A whole route from acceptance to an outcome, in time order (cut at "now" later)."""
    steps: list[Step] = []
    t = start
    for stage in stages:
        if rng.random() < P_END_BEFORE[min(stage.position, len(P_END_BEFORE) - 1)]:
            steps.append(_ending(rng, t, rng.randint(2, 20)))
            return steps
        while True:  # book the stage until it is attended
            t = later_on(rng, t.date() + timedelta(days=rng.randint(0, 6)), t)
            booked = t.date() + timedelta(days=rng.randint(2, 12))
            slot = rng.choice(SLOTS) if stage.days == 0 else None
            steps.append(
                Step(t, StageUpdate(Action.SCHEDULE, scheduled_on=booked, scheduled_time=slot))
            )
            if rng.random() < P_RESCHEDULE and (booked - t.date()).days > 1:
                t = later_on(rng, t.date() + timedelta(days=1), t)
                booked += timedelta(days=rng.randint(2, 7))
                steps.append(
                    Step(t, StageUpdate(Action.SCHEDULE, scheduled_on=booked, scheduled_time=slot))
                )
            t = later_on(rng, booked, t)
            if rng.random() >= P_NO_SHOW:
                steps.append(Step(t, StageUpdate(Action.ATTENDED, note=rng.choice(NOTES))))
                break
            steps.append(Step(t, StageUpdate(Action.DID_NOT_ATTEND)))
            if rng.random() < P_END_AFTER_NO_SHOW:
                steps.append(_ending(rng, t, rng.randint(1, 10), LeaveReason.ATTENDANCE))
                return steps
        if stage.is_interview:
            t = later_on(rng, t.date() + timedelta(days=rng.randint(0, 4)), t)
            steps.append(Step(t, _outcome(rng, t.date())))
            return steps
        if stage.days >= 7 and rng.random() < P_END_DURING:
            steps.append(_ending(rng, t, rng.randint(3, stage.days)))
            return steps
        t = later_on(rng, t.date() + timedelta(days=stage.days + rng.randint(0, 2)), t)
        steps.append(Step(t, StageUpdate(Action.PASS)))
    return steps


def _ending(rng, after: datetime, days: int, reason: LeaveReason | None = None) -> Step:
    ended_by = pick(rng, ((EndedBy.CANDIDATE, 60), (EndedBy.EMPLOYER, 22), (EndedBy.COACH, 18)))
    update = StageUpdate(Action.END, ended_by=ended_by, reason=reason or pick(rng, ENDED_REASONS))
    at = later_on(rng, after.date() + timedelta(days=days), after)
    return Step(at, update, by_coach=ended_by is EndedBy.COACH)


def _outcome(rng, day: date) -> StageUpdate:
    if rng.random() < P_HIRED:
        return StageUpdate(
            Action.HIRE,
            contract_type=pick(rng, CONTRACTS),
            hours_per_week=rng.choice(HOURS),
            start_date=day + timedelta(days=rng.randint(7, 28)),
        )
    return StageUpdate(Action.NOT_HIRE, reason=pick(rng, NOT_HIRED_REASONS))
