"""The figures' summary of the stage history, kept in step with it.

Reading a year of a large employer's stage events takes seconds, so the figures read three
tables derived from them instead (``models``): ``PlacementMilestone`` - the first event of each
kind the figures count (the acceptance, each stage attended and passed, the outcome), per
placement; ``MilestoneTally`` - those milestones counted per programme and day, and per
programme and month; ``PlacementSummary`` - one row per placement. Each row follows from the
stage events, the placement's stage copies, its nomination's date, its candidate's support
provider and whether their consent to be counted is in force, and from nothing else:
follow-up answers, interview deadlines and nominations are read when the figures are
computed.

- After every flush that adds, changes or removes a stage event, or changes a consent, a
  nomination's date or a candidate's support provider, the placements concerned are
  recomputed in the same transaction (``recompute``, called by ``in_step``), and so are the
  tallies of the days and months whose milestones changed. On PostgreSQL the candidates' and
  then the programmes' rows are locked first, so two transactions never recompute the same
  rows from different views.
- ``rebuild`` recomputes everything: the migration that made the tables, the data generator
  (which writes events in bulk), and ``flask reports rebuild-summary``.

Counting milestones rather than events is exact because the stage rules allow each at most
once per placement: a placement is accepted once, a stage is attended once (attending needs
a booking, and an attended stage takes no new one) and passed once, and one outcome ends
the placement.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from pathway.candidates.models import Candidate, Consent, ConsentScope, Nomination
from pathway.durations import DurationUnit
from pathway.employers.models import Programme
from pathway.placements.models import Placement, PlacementStage, StageEvent
from pathway.placements.vocabulary import EventKind
from pathway.reports.models import MilestoneTally, PlacementMilestone, PlacementSummary

MILESTONE_KINDS = (
    EventKind.ACCEPTED,
    EventKind.ATTENDED,
    EventKind.PASSED,
    EventKind.HIRED,
    EventKind.NOT_HIRED,
    EventKind.WITHDRAWN,
)
# A stage's planned working minutes per unit (a day is 7.5 hours, a week five such days).
MINUTES = {unit: unit.working_minutes(1) for unit in DurationUnit}
Milestone = PlacementMilestone
Tally = MilestoneTally


class days_between(FunctionElement):
    """Whole days from the day of ``earlier`` to the day of ``later`` (dates or datetimes)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw):
    earlier, later = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    earlier, later = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(julianday(date({later})) - julianday(date({earlier})) AS INTEGER)"


class month_of(FunctionElement):
    """The first day of the month of a date or datetime."""

    type = Date()
    inherit_cache = True


@compiles(month_of)
def _month_of(element, compiler, **kw):
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


def counted(candidate_id) -> exists:
    """The candidate's consent to be counted in anonymous figures is in force."""
    return exists().where(
        Consent.candidate_id == candidate_id,
        Consent.scope == ConsentScope.COUNTED_IN_FIGURES,
        Consent.withdrawn_on.is_(None),
    )


def _before(other, this=StageEvent):
    """``other`` was recorded before ``this`` (by time, then by id)."""
    return tuple_(other.occurred_at, other.id) < tuple_(this.occurred_at, this.id)


# --- the three tables as queries over the stage history --------------------------------------

MILESTONE_COLUMNS = (
    "placement_id",
    "kind",
    "position",
    "programme_id",
    "candidate_id",
    "counted",
    "occurred_at",
    "stage_name",
    "minutes",
    "is_interview",
    "before_interview",
    "booked_on",
    "waited_days",
    "contract_type",
    "hours_per_week",
    "start_date",
    "ended_by",
    "reason",
)


def _milestones(*where) -> Select:
    """``PlacementMilestone`` rows of the placements matching ``where``."""
    stage = aliased(PlacementStage, name="stage")
    following = aliased(PlacementStage, name="following")
    attended = StageEvent.kind == EventKind.ATTENDED
    planned = and_(stage.duration_amount.is_not(None), stage.duration_unit.is_not(None))
    waited = or_(and_(attended, stage.is_interview.is_(True)), StageEvent.kind == EventKind.HIRED)
    return (
        select(
            StageEvent.placement_id,
            StageEvent.kind,
            StageEvent.stage_position,
            Placement.programme_id,
            Placement.candidate_id,
            counted(Placement.candidate_id),
            StageEvent.occurred_at,
            case((attended, stage.name), else_=StageEvent.stage_name),
            case(
                (
                    and_(attended, planned),
                    stage.duration_amount * case(MINUTES, value=stage.duration_unit),
                )
            ),
            stage.is_interview,
            func.coalesce(following.is_interview, false()),
            case((attended, _booked_on())),
            case((waited, days_between(Nomination.created_at, StageEvent.occurred_at))),
            StageEvent.contract_type,
            StageEvent.hours_per_week,
            StageEvent.start_date,
            StageEvent.ended_by,
            StageEvent.reason,
        )
        .join(Placement, Placement.id == StageEvent.placement_id)
        .join(Nomination, Nomination.id == Placement.nomination_id)
        .join(
            stage,
            and_(
                stage.placement_id == StageEvent.placement_id,
                stage.position == StageEvent.stage_position,
            ),
        )
        .outerjoin(
            following,
            and_(
                following.placement_id == StageEvent.placement_id,
                following.position == StageEvent.stage_position + 1,
            ),
        )
        .where(
            StageEvent.kind.in_(MILESTONE_KINDS),
            _first_of_its_kind(),
            *where,
        )
    )


def _booked_on():
    """The day the event's stage was last booked for before the event (a scalar subquery)."""
    booking = aliased(StageEvent, name="booking")
    return (
        select(booking.scheduled_on)
        .where(
            booking.placement_id == StageEvent.placement_id,
            booking.stage_position == StageEvent.stage_position,
            booking.scheduled_on.is_not(None),
            _before(booking),
        )
        .order_by(booking.occurred_at.desc(), booking.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _first_of_its_kind():
    """No event of the same kind at the same stage of the placement was recorded earlier:
    only the first counts as a milestone."""
    earlier = aliased(StageEvent, name="earlier")
    return ~exists().where(
        earlier.placement_id == StageEvent.placement_id,
        earlier.kind == StageEvent.kind,
        earlier.stage_position == StageEvent.stage_position,
        _before(earlier),
    )


SUMMARY_COLUMNS = (
    "placement_id",
    "programme_id",
    "candidate_id",
    "organisation_id",
    "counted",
    "first_event_at",
    "last_event_at",
    "trained_at",
    "interview_held_on",
)


def _summaries(*where) -> Select:
    """``PlacementSummary`` rows of the placements matching ``where`` (their milestones
    written first)."""
    trained = aliased(Milestone, name="trained")
    interview = aliased(Milestone, name="interview")
    return (
        select(
            Placement.id,
            Placement.programme_id,
            Placement.candidate_id,
            Candidate.organisation_id,
            counted(Placement.candidate_id),
            func.min(StageEvent.occurred_at),
            func.max(StageEvent.occurred_at),
            trained.occurred_at,
            func.coalesce(interview.booked_on, func.date(interview.occurred_at)),
        )
        .join(Candidate, Candidate.id == Placement.candidate_id)
        .join(StageEvent, StageEvent.placement_id == Placement.id)
        .outerjoin(
            trained,
            and_(
                trained.placement_id == Placement.id,
                trained.kind == EventKind.PASSED,
                trained.before_interview.is_(True),
            ),
        )
        .outerjoin(
            interview,
            and_(
                interview.placement_id == Placement.id,
                interview.kind == EventKind.ATTENDED,
                interview.is_interview.is_(True),
            ),
        )
        .where(*where)
        .group_by(
            Placement.id,
            Placement.programme_id,
            Placement.candidate_id,
            Candidate.organisation_id,
            trained.occurred_at,
            interview.booked_on,
            interview.occurred_at,
        )
    )


TALLY_GROUPS = (
    "programme_id",
    "counted",
    "kind",
    "position",
    "stage_name",
    "minutes",
    "is_interview",
    "contract_type",
    "hours_per_week",
    "ended_by",
    "reason",
)


TALLY_COLUMNS = (*TALLY_GROUPS, "day", "whole_month", "placements")


def _daily_tallies(*where) -> Select:
    """``MilestoneTally`` rows, one per day, of the milestones matching ``where``."""
    groups = [getattr(Milestone, name) for name in TALLY_GROUPS]
    day = func.date(Milestone.occurred_at).label("day")
    return select(*groups, day, literal(False), func.count()).where(*where).group_by(*groups, day)


def _monthly_tallies(*where) -> Select:
    """``MilestoneTally`` rows, one per month, summing the daily tallies matching ``where``."""
    groups = [getattr(Tally, name) for name in TALLY_GROUPS]
    month = month_of(Tally.day).label("month")
    return (
        select(*groups, month, literal(True), func.sum(Tally.placements))
        .where(Tally.whole_month.is_(False), *where)
        .group_by(*groups, month)
    )


# --- keeping them in step ----------------------------------------------------------------------


# What the summary is made from, and the summary itself.
SOURCES = ("stage_event", "placement", "placement_stage", "nomination", "consent", "candidate")
SUMMARY = ("placement_milestone", "placement_summary", "milestone_tally")


def rebuild(connection: Connection) -> dict[str, int]:
    """Recompute the whole summary from the stage history; returns the rows it holds."""
    _analyse(connection, SOURCES)  # PostgreSQL plans these joins well only with statistics
    for model in (Tally, PlacementSummary, Milestone):
        connection.execute(delete(model))
    connection.execute(insert(Milestone).from_select(MILESTONE_COLUMNS, _milestones()))
    connection.execute(insert(PlacementSummary).from_select(SUMMARY_COLUMNS, _summaries()))
    connection.execute(insert(Tally).from_select(TALLY_COLUMNS, _daily_tallies()))
    connection.execute(insert(Tally).from_select(TALLY_COLUMNS, _monthly_tallies()))
    _analyse(connection, SUMMARY)
    return {
        "placements": connection.scalar(select(func.count()).select_from(PlacementSummary)),
        "milestones": connection.scalar(select(func.count()).select_from(Milestone)),
    }


def _analyse(connection: Connection, tables: tuple[str, ...]) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"ANALYZE {', '.join(tables)}"))


# Built once: a stage update recomputes a placement or two, and building these statements
# took longer than running them. Ids and days are bound when they run.
_IDS = bindparam("placement_ids", expanding=True)
_MILESTONE_ROWS = select(*Milestone.__table__.columns).where(Milestone.placement_id.in_(_IDS))
_CLEAR = [
    delete(model).where(model.placement_id.in_(_IDS)) for model in (PlacementSummary, Milestone)
]
_WRITE = [
    insert(Milestone).from_select(MILESTONE_COLUMNS, _milestones(Placement.id.in_(_IDS))),
    insert(PlacementSummary).from_select(SUMMARY_COLUMNS, _summaries(Placement.id.in_(_IDS))),
]
_PROGRAMME, _DAY = bindparam("programme_id"), bindparam("day", type_=Date())
_START, _END = bindparam("start", type_=Date()), bindparam("end", type_=Date())
_RECOUNT_DAY = (
    delete(Tally).where(
        Tally.whole_month.is_(False), Tally.programme_id == _PROGRAMME, Tally.day == _DAY
    ),
    insert(Tally).from_select(
        TALLY_COLUMNS,
        _daily_tallies(
            Milestone.programme_id == _PROGRAMME,
            Milestone.occurred_at >= bindparam("from", type_=DateTime()),
            Milestone.occurred_at < bindparam("until", type_=DateTime()),
        ),
    ),
)
_RECOUNT_MONTH = (
    delete(Tally).where(
        Tally.whole_month.is_(True), Tally.programme_id == _PROGRAMME, Tally.day == _DAY
    ),
    insert(Tally).from_select(
        TALLY_COLUMNS,
        _monthly_tallies(Tally.programme_id == _PROGRAMME, Tally.day >= _START, Tally.day < _END),
    ),
)


def _locking(rows: Select) -> Select:
    """``rows`` in id order, locked FOR NO KEY UPDATE: rows that refer to them can still be
    written meanwhile (foreign key checks take a KEY SHARE lock)."""
    return rows.order_by(*rows.selected_columns).with_for_update(key_share=True)


_LOCK_CANDIDATES = _locking(
    select(Candidate.id).where(
        Candidate.id.in_(select(Placement.candidate_id).where(Placement.id.in_(_IDS)))
    )
)
_LOCK_PROGRAMMES = _locking(
    select(Programme.id).where(Programme.id.in_(bindparam("programme_ids", expanding=True)))
)


def recompute(connection: Connection, placement_ids: set[int]) -> None:
    """Recompute these placements' summary and milestones from their history, then the
    tallies of every day whose milestones changed."""
    ids = {"placement_ids": sorted(placement_ids)}
    _lock(connection, _LOCK_CANDIDATES, ids)
    before = set(connection.execute(_MILESTONE_ROWS, ids).all())
    for statement in (*_CLEAR, *_WRITE):
        connection.execute(statement, ids)
    changed = before ^ set(connection.execute(_MILESTONE_ROWS, ids).all())
    days = {(row.programme_id, _day_of(row.occurred_at)) for row in changed}
    if days:
        _recount(connection, days)


def _day_of(moment: datetime | str) -> date:
    return moment.date() if isinstance(moment, datetime) else date.fromisoformat(moment[:10])


def _recount(connection: Connection, days: set[tuple[int, date]]) -> None:
    """Recount the tallies of these (programme, day)s from their milestones, then those of
    their months from their days."""
    programmes = sorted({programme for programme, _ in days})
    _lock(connection, _LOCK_PROGRAMMES, {"programme_ids": programmes})
    for programme, day in sorted(days):
        clear, count = _RECOUNT_DAY
        connection.execute(clear, {"programme_id": programme, "day": day})
        span = {"from": _midnight(day), "until": _midnight(day + timedelta(days=1))}
        connection.execute(count, {"programme_id": programme, **span})
    for programme, month in sorted({(programme, day.replace(day=1)) for programme, day in days}):
        clear, count = _RECOUNT_MONTH
        connection.execute(clear, {"programme_id": programme, "day": month})
        span = {"start": month, "end": _next_month(month)}
        connection.execute(count, {"programme_id": programme, **span})


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _lock(connection: Connection, locking: Select, parameters: dict) -> None:
    """Take these row locks until the transaction ends, candidates' before programmes', so
    two transactions never recompute the same rows from different views. SQLite has one
    writer at a time already, so only PostgreSQL is asked."""
    if connection.dialect.name == "postgresql":
        connection.execute(locking, parameters)
