"""The redress figures computed straight from the stage events, as Pathway did before the
figures' summary (``pathway.reports.figures.summary``): one aggregation per figure and period over
``stage_event``. Too slow for a large employer, kept as the reference the fast computation
must agree with (``test_figures_summary``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from pathway.auth.models import Organisation
from pathway.candidates.models import (
    Candidate,
    Consent,
    ConsentScope,
    Nomination,
    NominationStatus,
)
from pathway.durations import DurationUnit
from pathway.employers.models import Programme, ProgrammeStage, Site, programme_sites
from pathway.extensions import db
from pathway.placements.models import (
    InterviewBreach,
    Placement,
    PlacementStage,
    RetentionCheck,
    StageEvent,
)
from pathway.placements.vocabulary import EventKind, RetentionAnswer
from pathway.reports.figures.compute import ProgrammeInfo, RawFigures
from pathway.reports.figures.counts import Counts
from pathway.reports.figures.definitions import FULL_TIME_HOURS, RETENTION_MONTHS
from pathway.reports.figures.periods import Period, add_months, previous_period

MINUTES = {
    DurationUnit.MINUTES: 1,
    DurationUnit.HOURS: 60,
    DurationUnit.DAYS: 450,  # definitions.HOURS_PER_DAY (7.5 hours)
    DurationUnit.WEEKS: 2250,  # five such days
}


def counted_candidates() -> Select:
    """Ids of candidates whose consent to be counted in anonymous figures is in force."""
    return select(Consent.candidate_id).where(
        Consent.scope == ConsentScope.COUNTED_IN_FIGURES, Consent.withdrawn_on.is_(None)
    )


def _during(column, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.since, column < period.until)


def _distinct_when(condition, column) -> ColumnElement[int]:
    return func.count(case((condition, column)).distinct())


def _events(employer_id: int, period: Period, *columns) -> Select:
    """``columns`` from the employer's stage events in ``period`` for counted candidates."""
    return (
        select(*columns)
        .select_from(StageEvent)
        .join(Placement, Placement.id == StageEvent.placement_id)
        .join(Programme, Programme.id == Placement.programme_id)
        .where(
            Programme.employer_id == employer_id,
            _during(StageEvent.occurred_at, period),
            Placement.candidate_id.in_(counted_candidates()),
        )
    )


def _with_stage(query: Select) -> Select:
    """Join the placement's copy of the stage each event belongs to."""
    return query.join(
        PlacementStage,
        and_(
            PlacementStage.placement_id == StageEvent.placement_id,
            PlacementStage.position == StageEvent.stage_position,
        ),
    )


def nomination_counts(employer_id: int, period: Period) -> list[tuple]:
    """(programme, candidates nominated, nominations accepted) per programme."""
    created = _during(Nomination.created_at, period)
    decided = _during(Nomination.decided_at, period)
    query = (
        select(
            Nomination.programme_id,
            _distinct_when(created, Nomination.candidate_id),
            _distinct_when(
                and_(decided, Nomination.status == NominationStatus.ACCEPTED), Nomination.id
            ),
        )
        .join(Programme, Programme.id == Nomination.programme_id)
        .where(
            Programme.employer_id == employer_id,
            or_(created, decided),
            Nomination.candidate_id.in_(counted_candidates()),
        )
        .group_by(Nomination.programme_id)
    )
    return db.session.execute(query).all()


def declined_counts(employer_id: int, period: Period) -> list[tuple]:
    """(programme, decline reason, nominations) for nominations declined in the period."""
    query = (
        select(Nomination.programme_id, Nomination.decline_reason, func.count(Nomination.id))
        .join(Programme, Programme.id == Nomination.programme_id)
        .where(
            Programme.employer_id == employer_id,
            Nomination.status == NominationStatus.DECLINED,
            _during(Nomination.decided_at, period),
            Nomination.candidate_id.in_(counted_candidates()),
        )
        .group_by(Nomination.programme_id, Nomination.decline_reason)
    )
    return db.session.execute(query).all()


def milestone_counts(employer_id: int, period: Period) -> list[tuple]:
    """(programme, started, interviewed) per programme."""
    attended = StageEvent.kind == EventKind.ATTENDED
    placement = StageEvent.placement_id
    query = _with_stage(
        _events(
            employer_id,
            period,
            Placement.programme_id,
            _distinct_when(and_(attended, StageEvent.stage_position == 0), placement),
            _distinct_when(and_(attended, PlacementStage.is_interview.is_(True)), placement),
        ).where(attended)
    ).group_by(Placement.programme_id)
    return db.session.execute(query).all()


def _placements_by(employer_id: int, period: Period, kinds: list[EventKind], *columns):
    """Per programme and ``columns``: how many placements had an event of ``kinds``."""
    query = (
        _events(
            employer_id,
            period,
            Placement.programme_id,
            *columns,
            func.count(StageEvent.placement_id.distinct()),
        )
        .where(StageEvent.kind.in_(kinds))
        .group_by(Placement.programme_id, *columns)
    )
    return db.session.execute(query).all()


def stage_passes(employer_id: int, period: Period) -> list[tuple]:
    """(programme, stage position, stage name, placements that passed it)."""
    return _placements_by(
        employer_id, period, [EventKind.PASSED], StageEvent.stage_position, StageEvent.stage_name
    )


def hire_counts(employer_id: int, period: Period) -> list[tuple]:
    """(programme, contract type, hours a week, hires)."""
    return _placements_by(
        employer_id, period, [EventKind.HIRED], StageEvent.contract_type, StageEvent.hours_per_week
    )


def leaving_counts(employer_id: int, period: Period) -> list[tuple]:
    """(programme, kind, who ended it, reason, placements) for not hired and ended early."""
    return _placements_by(
        employer_id,
        period,
        [EventKind.NOT_HIRED, EventKind.WITHDRAWN],
        StageEvent.kind,
        StageEvent.ended_by,
        StageEvent.reason,
    )


def attendance_counts(employer_id: int, period: Period) -> list[tuple]:
    """(programme, stage name, duration unit, amount, placements that attended the stage)."""
    query = (
        _with_stage(
            _events(
                employer_id,
                period,
                Placement.programme_id,
                PlacementStage.name,
                PlacementStage.duration_unit,
                PlacementStage.duration_amount,
                func.count(StageEvent.placement_id.distinct()),
            )
        )
        .where(
            StageEvent.kind == EventKind.ATTENDED,
            PlacementStage.duration_amount.is_not(None),
            PlacementStage.duration_unit.is_not(None),
        )
        .group_by(
            Placement.programme_id,
            StageEvent.stage_position,
            PlacementStage.name,
            PlacementStage.duration_unit,
            PlacementStage.duration_amount,
        )
    )
    return db.session.execute(query).all()


def waits(employer_id: int, period: Period) -> list[tuple]:
    """(programme, kind, nominated at, event at) for interviews attended and hires."""
    interview = and_(StageEvent.kind == EventKind.ATTENDED, PlacementStage.is_interview.is_(True))
    query = (
        _with_stage(
            _events(
                employer_id,
                period,
                Placement.programme_id,
                StageEvent.kind,
                Nomination.created_at,
                StageEvent.occurred_at,
            )
        )
        .join(Nomination, Nomination.id == Placement.nomination_id)
        .where(or_(interview, StageEvent.kind == EventKind.HIRED))
    )
    return db.session.execute(query).all()


def interviews_due(employer_id: int, period: Period) -> list[tuple]:
    """(placement, programme, training passed at, promised days, recorded deadline) for
    placements that passed the stage before their interview in the period."""
    interview_stage = PlacementStage
    query = (
        _events(
            employer_id,
            period,
            Placement.id,
            Placement.programme_id,
            StageEvent.occurred_at,
            Programme.interview_within_days,
            InterviewBreach.deadline,
        )
        .join(
            interview_stage,
            and_(
                interview_stage.placement_id == StageEvent.placement_id,
                interview_stage.position == StageEvent.stage_position + 1,
                interview_stage.is_interview.is_(True),
            ),
        )
        .outerjoin(InterviewBreach, InterviewBreach.placement_id == Placement.id)
        .where(StageEvent.kind == EventKind.PASSED)
    )
    return db.session.execute(query).all()


def interview_events(employer_id: int, period: Period) -> list[tuple]:
    """(placement, kind, scheduled on, occurred at) of the interviews that fell due in the
    period: every booking and attendance of the interview stage, in order."""
    due = (
        _events(employer_id, period, StageEvent.placement_id)
        .join(
            PlacementStage,
            and_(
                PlacementStage.placement_id == StageEvent.placement_id,
                PlacementStage.position == StageEvent.stage_position + 1,
                PlacementStage.is_interview.is_(True),
            ),
        )
        .where(StageEvent.kind == EventKind.PASSED)
    )
    query = (
        _with_stage(
            select(
                StageEvent.placement_id,
                StageEvent.kind,
                StageEvent.scheduled_on,
                StageEvent.occurred_at,
            ).select_from(StageEvent)
        )
        .where(
            StageEvent.placement_id.in_(due),
            PlacementStage.is_interview.is_(True),
            # Attendance, and every booking (scheduled or moved) of the interview.
            or_(StageEvent.kind == EventKind.ATTENDED, StageEvent.scheduled_on.is_not(None)),
        )
        .order_by(StageEvent.placement_id, StageEvent.occurred_at, StageEvent.id)
    )
    return db.session.execute(query).all()


def jobs_started(employer_id: int, period: Period) -> list[tuple]:
    """(placement, programme, start date, months, due on, answer) for hires whose job started
    in the period, with their follow-up checks (None where no check is recorded yet)."""
    query = (
        select(
            Placement.id,
            Placement.programme_id,
            StageEvent.start_date,
            RetentionCheck.months,
            RetentionCheck.due_on,
            RetentionCheck.answer,
        )
        .select_from(StageEvent)
        .join(Placement, Placement.id == StageEvent.placement_id)
        .join(Programme, Programme.id == Placement.programme_id)
        .outerjoin(RetentionCheck, RetentionCheck.placement_id == Placement.id)
        .where(
            Programme.employer_id == employer_id,
            StageEvent.kind == EventKind.HIRED,
            StageEvent.start_date >= period.start,
            StageEvent.start_date <= period.end,
            Placement.candidate_id.in_(counted_candidates()),
        )
    )
    return db.session.execute(query).all()


def _involved(employer_id: int, period: Period) -> Select:
    """Ids of candidates nominated, decided on or with a stage recorded in the period."""
    nominated = (
        select(Nomination.candidate_id)
        .join(Programme, Programme.id == Nomination.programme_id)
        .where(
            Programme.employer_id == employer_id,
            or_(_during(Nomination.created_at, period), _during(Nomination.decided_at, period)),
        )
    )
    on_stage = (
        select(Placement.candidate_id)
        .join(StageEvent, StageEvent.placement_id == Placement.id)
        .join(Programme, Programme.id == Placement.programme_id)
        .where(Programme.employer_id == employer_id, _during(StageEvent.occurred_at, period))
    )
    return nominated.union(on_stage)


def partners(employer_id: int, period: Period) -> list[tuple[int, str]]:
    """(id, name) of support providers whose counted candidates took part in the period."""
    query = (
        select(Organisation.id, Organisation.name)
        .join(Candidate, Candidate.organisation_id == Organisation.id)
        .where(
            Candidate.id.in_(_involved(employer_id, period)),
            Candidate.id.in_(counted_candidates()),
        )
        .distinct()
        .order_by(Organisation.name)
    )
    return [tuple(row) for row in db.session.execute(query).all()]


def left_out(employer_id: int, period: Period) -> int:
    """Candidates who took part in the period but are not counted, for want of consent."""
    query = select(func.count(Candidate.id)).where(
        Candidate.id.in_(_involved(employer_id, period)),
        Candidate.id.not_in(counted_candidates()),
    )
    return db.session.scalar(query) or 0


def programmes(employer_id: int) -> list[tuple]:
    """(id, name, active) of the employer's programmes, by name."""
    query = (
        select(Programme.id, Programme.name, Programme.active)
        .where(Programme.employer_id == employer_id)
        .order_by(Programme.name, Programme.id)
    )
    return db.session.execute(query).all()


def defined_stages(employer_id: int) -> list[tuple]:
    """(programme, position, name) of the programmes' stages before the interview."""
    query = (
        select(ProgrammeStage.programme_id, ProgrammeStage.position, ProgrammeStage.name)
        .join(Programme, Programme.id == ProgrammeStage.programme_id)
        .where(Programme.employer_id == employer_id, ProgrammeStage.is_interview.is_(False))
    )
    return db.session.execute(query).all()


def taking_part_sites(employer_id: int) -> list[tuple]:
    """(programme, site, region) for every site chosen for the employer's programmes."""
    query = (
        select(programme_sites.c.programme_id, Site.id, Site.region)
        .join(Site, Site.id == programme_sites.c.site_id)
        .join(Programme, Programme.id == programme_sites.c.programme_id)
        .where(Programme.employer_id == employer_id)
    )
    return db.session.execute(query).all()


def day_of(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def group_rows(rows, width: int = 1) -> dict:
    """Rows keyed by their first ``width`` columns (a programme, usually)."""
    grouped: dict = defaultdict(list)
    for row in rows:
        key = row[0] if width == 1 else tuple(row[:width])
        grouped[key].append(tuple(row[width:]))
    return grouped


def figures_from_events(employer: Organisation, period: Period, as_of: date) -> RawFigures:
    """Count what happened on ``employer``'s programmes in ``period`` and the one before."""
    previous = previous_period(period)
    positions: dict[int, dict[str, int]] = defaultdict(dict)
    current = _counts_by_programme(employer.id, period, as_of, positions)
    earlier = _counts_by_programme(employer.id, previous, as_of, positions)
    sites = taking_part_sites(employer.id)
    programmes = _programmes(employer.id, current, earlier, positions, sites)
    found = partners(employer.id, period)
    included = {p.id for p in programmes}
    return RawFigures(
        employer_id=employer.id,
        employer_name=employer.name,
        period=period,
        previous=previous,
        as_of=as_of,
        programmes=programmes,
        current={p.id: current.get(p.id, Counts()) for p in programmes},
        earlier={p.id: earlier.get(p.id, Counts()) for p in programmes},
        partners=tuple(name for _, name in found),
        earlier_partners=tuple(name for _, name in partners(employer.id, previous)),
        partner_ids=tuple(organisation_id for organisation_id, _ in found),
        left_out=left_out(employer.id, period),
        earlier_left_out=left_out(employer.id, previous),
        sites=len({site for programme, site, _ in sites if programme in included}),
        regions=tuple(sorted({region for programme, _, region in sites if programme in included})),
    )


def _programmes(
    employer_id: int,
    current: dict,
    earlier: dict,
    positions: dict[int, dict[str, int]],
    site_rows: list[tuple],
) -> tuple[ProgrammeInfo, ...]:
    """Active programmes, and inactive ones with something to count in either period; each
    with its stages as now defined plus any others passed in either period."""
    for programme_id, position, name in defined_stages(employer_id):
        known = positions[programme_id].get(name, position)
        positions[programme_id][name] = min(known, position)
    sites: dict[int, set[int]] = defaultdict(set)
    regions: dict[int, set[str]] = defaultdict(set)
    for programme_id, site_id, region in site_rows:
        sites[programme_id].add(site_id)
        regions[programme_id].add(region)
    chosen = []
    for programme_id, name, active in programmes(employer_id):
        if not (active or programme_id in current or programme_id in earlier):
            continue
        order = positions[programme_id]
        chosen.append(
            ProgrammeInfo(
                id=programme_id,
                name=name,
                stages=tuple(sorted(order, key=lambda stage: (order[stage], stage))),
                sites=len(sites[programme_id]),
                regions=tuple(sorted(regions[programme_id])),
            )
        )
    return tuple(chosen)


class _Tally:
    """A programme's counts as they are gathered from the"""

    def __init__(self) -> None:
        self.values: dict = {"started_work": 0}
        for name in (
            "declined",
            "completed",
            "hired",
            "not_hired",
            "ended",
            "interviews",
            "retention",
            "attendance",
        ):
            self.values[name] = Counter()
        self.days: dict[str, list[int]] = {"days_to_interview": [], "days_to_hire": []}

    def counts(self) -> Counts:
        values = {k: dict(v) if isinstance(v, Counter) else v for k, v in self.values.items()}
        values.update({name: tuple(sorted(days)) for name, days in self.days.items()})
        counts = Counts(**values)
        counts.check()
        return counts


def _counts_by_programme(
    employer_id: int, period: Period, as_of: date, stage_positions: dict[int, dict[str, int]]
) -> dict[int, Counts]:
    """Each programme's counts; where each passed stage sat is added to ``stage_positions``."""
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for programme, nominated, accepted in nomination_counts(employer_id, period):
        tallies[programme].values.update(nominated=nominated, accepted=accepted)
    for programme, reason, count in declined_counts(employer_id, period):
        tallies[programme].values["declined"][_value(reason)] += count
    for programme, started, interviewed in milestone_counts(employer_id, period):
        tallies[programme].values.update(started=started, interviewed=interviewed)
    for programme, position, name, count in stage_passes(employer_id, period):
        tallies[programme].values["completed"][name] += count
        known = stage_positions[programme].get(name, position)
        stage_positions[programme][name] = min(known, position)
    for programme, contract, hours, count in hire_counts(employer_id, period):
        tallies[programme].values["hired"][(_value(contract), _hours_group(hours))] += count
    for programme, kind, ended_by, reason, count in leaving_counts(employer_id, period):
        if kind is EventKind.NOT_HIRED:
            tallies[programme].values["not_hired"][_value(reason)] += count
        else:
            tallies[programme].values["ended"][(_value(ended_by), _value(reason))] += count
    for programme, name, unit, amount, count in attendance_counts(employer_id, period):
        minutes = amount * MINUTES[unit]
        tallies[programme].values["attendance"][(name, minutes)] += count
    for programme, kind, nominated_at, occurred_at in waits(employer_id, period):
        days = (occurred_at.date() - nominated_at.date()).days
        name = "days_to_hire" if kind is EventKind.HIRED else "days_to_interview"
        tallies[programme].days[name].append(days)
    _tally_interviews(tallies, employer_id, period)
    _tally_retention(tallies, employer_id, period, as_of)
    return {programme: tally.counts() for programme, tally in tallies.items()}


def _tally_interviews(tallies, employer_id: int, period: Period) -> None:
    """Interviews due in the period: held on time, held late, or not held."""
    held_on: dict[int, date] = {}
    booked: dict[int, date | None] = {}
    for placement, kind, scheduled_on, occurred_at in interview_events(employer_id, period):
        if placement in held_on:
            continue
        if kind is EventKind.ATTENDED:
            held_on[placement] = booked.get(placement) or occurred_at.date()
        else:
            booked[placement] = scheduled_on
    seen: set[int] = set()
    for placement, programme, passed_at, promised_days, deadline in interviews_due(
        employer_id, period
    ):
        if placement in seen:
            continue
        seen.add(placement)
        deadline = deadline or passed_at.date() + timedelta(days=promised_days)
        held = held_on.get(placement)
        group = "not_held" if held is None else "on_time" if held <= deadline else "late"
        tallies[programme].values["interviews"][group] += 1


def _tally_retention(tallies, employer_id: int, period: Period, as_of: date) -> None:
    """For each job started in the period, the answer of each follow-up check (see
    definitions: 'no longer in work' carries forward; unanswered checks are not known or
    not yet due)."""
    jobs: dict[int, tuple[int, date]] = {}
    checks: dict[int, dict[int, tuple[date, RetentionAnswer | None]]] = defaultdict(dict)
    for placement, programme, start, months, due_on, answer in jobs_started(employer_id, period):
        jobs[placement] = (programme, start)
        if months is not None:
            checks[placement][months] = (due_on, answer)
    for placement, (programme, start) in jobs.items():
        tally = tallies[programme]
        tally.values["started_work"] += 1
        left = False
        for months in RETENTION_MONTHS:
            due_on, answer = checks[placement].get(months, (add_months(start, months), None))
            if answer is not None:
                group = ANSWER_GROUPS[answer]
            elif left:
                group = "left"
            elif due_on > as_of:
                group = "not_due"
            else:
                group = "unknown"
            left = left or group == "left"
            tally.values["retention"][(months, group)] += 1


ANSWER_GROUPS = {
    RetentionAnswer.STILL_IN_WORK: "in_work",
    RetentionAnswer.LEFT: "left",
    RetentionAnswer.UNKNOWN: "unknown",
}


def _value(member) -> str:
    return member.value if member is not None else ""


def _hours_group(hours: int | None) -> str:
    if hours is None:
        return ""
    return "full_time" if hours >= FULL_TIME_HOURS else "part_time"
