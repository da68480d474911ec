"""The SQL behind the figures: ten queries for a period and the one before it together,
whatever the data.

What happened on the placements is read from the figures' summary of the stage history
(``MilestoneTally``, ``PlacementMilestone``, ``PlacementSummary``; see ``summary``): each
figure family in one pass over both periods, returning a row per group, never per person.
Nominations, consent, follow-up answers and interview deadlines are read from their own
tables as they are now. Only candidates whose consent to be counted in anonymous figures is
in force are counted.

Each query takes ``periods`` (this period, then the previous one) and returns rows with the
index of the period they fall in, or a count per period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.orm import aliased

from pathway.auth.models import Organisation
from pathway.candidates.models import (
    Candidate,
    Consent,
    ConsentScope,
    Nomination,
    NominationStatus,
)
from pathway.employers.models import Programme, ProgrammeStage, Site, programme_sites
from pathway.extensions import db
from pathway.placements.models import InterviewBreach, RetentionCheck, StageEvent
from pathway.placements.vocabulary import EventKind
from pathway.reports.figures.definitions import RETENTION_MONTHS
from pathway.reports.figures.periods import Period, add_months
from pathway.reports.figures.summary import counted, days_between
from pathway.reports.models import MilestoneTally, PlacementMilestone, PlacementSummary

Milestone, Summary, Tally = PlacementMilestone, PlacementSummary, MilestoneTally


def without_jit() -> None:
    """On PostgreSQL, no just-in-time compilation for the rest of the transaction: the
    planner's estimates for these queries reach its threshold, and compiling them takes
    longer (about 100 ms each) than running them. SQLite has nothing to switch off."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))


def _programmes_of(employer_id: int) -> Select:
    return select(Programme.id).where(Programme.employer_id == employer_id)


def _during(column, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.since, column < period.until)


def _in_periods(column, periods: Sequence[Period]) -> tuple[ColumnElement, ColumnElement]:
    """(the moments from the first period's start to the last one's end, which period)."""
    within = and_(column >= min(p.since for p in periods), column < max(p.until for p in periods))
    which = case(*((_during(column, p), index) for index, p in enumerate(periods)))
    return within, which


def _on_days_of(column, periods: Sequence[Period]) -> tuple[ColumnElement, ColumnElement]:
    """As ``_in_periods`` for a date column (a period's first and last days included)."""
    within = and_(column >= min(p.start for p in periods), column <= max(p.end for p in periods))
    which = case(
        *((and_(column >= p.start, column <= p.end), index) for index, p in enumerate(periods))
    )
    return within, which


def nominations(employer_id: int, periods: Sequence[Period]) -> list[tuple]:
    """(programme, period, candidates nominated)."""
    within, which = _in_periods(Nomination.created_at, periods)
    query = (
        select(
            Nomination.programme_id,
            which.label("period"),
            func.count(Nomination.candidate_id.distinct()),
        )
        .where(
            Nomination.programme_id.in_(_programmes_of(employer_id)),
            within,
            counted(Nomination.candidate_id),
        )
        .group_by(Nomination.programme_id, "period")
    )
    return db.session.execute(query).all()


def declines(employer_id: int, periods: Sequence[Period]) -> list[tuple]:
    """(programme, period, decline reason, nominations) for nominations declined. (Those
    accepted are counted by their placements' acceptance, recorded at the same moment.)"""
    within, which = _in_periods(Nomination.decided_at, periods)
    query = (
        select(
            Nomination.programme_id, which.label("period"), Nomination.decline_reason, func.count()
        )
        .where(
            Nomination.programme_id.in_(_programmes_of(employer_id)),
            Nomination.status == NominationStatus.DECLINED,
            within,
            counted(Nomination.candidate_id),
        )
        .group_by(Nomination.programme_id, "period", Nomination.decline_reason)
    )
    return db.session.execute(query).all()


def tallies(employer_id: int, periods: Sequence[Period]) -> list[tuple]:
    """(programme, kind, position, stage name, planned minutes, is the interview, contract
    type, hours a week, who ended it, reason, then placements per period) for every
    nomination accepted, stage attended or passed, and outcome."""
    _, which = _on_days_of(Tally.day, periods)
    groups = (
        Tally.programme_id,
        Tally.kind,
        Tally.position,
        Tally.stage_name,
        Tally.minutes,
        Tally.is_interview,
        Tally.contract_type,
        Tally.hours_per_week,
        Tally.ended_by,
        Tally.reason,
    )
    query = select(*groups).where(
        Tally.programme_id.in_(_programmes_of(employer_id)),
        Tally.counted.is_(True),
        or_(*_tally_spans(periods)),
    )
    placements = (
        func.sum(case((which == i, Tally.placements), else_=0)) for i in range(len(periods))
    )
    return db.session.execute(query.add_columns(*placements).group_by(*groups)).all()


def waits(employer_id: int, periods: Sequence[Period]) -> list[tuple]:
    """(programme, period, kind, days from the nomination, how many) for the guaranteed
    interviews attended and the hires."""
    within, which = _in_periods(Milestone.occurred_at, periods)
    query = (
        select(
            Milestone.programme_id,
            which.label("period"),
            Milestone.kind,
            Milestone.waited_days,
            func.count(),
        )
        .where(
            Milestone.programme_id.in_(_programmes_of(employer_id)),
            Milestone.kind.in_((EventKind.ATTENDED, EventKind.HIRED)),
            Milestone.is_interview.is_(True),
            within,
            Milestone.counted.is_(True),
        )
        .group_by(Milestone.programme_id, "period", Milestone.kind, Milestone.waited_days)
    )
    return db.session.execute(query).all()


def _tally_spans(periods: Sequence[Period]) -> list[ColumnElement[bool]]:
    """Which tallies make up the periods: the whole months in each, and the other days."""
    spans = []

    def days(first: date, last: date) -> None:
        if first <= last:
            spans.append(and_(Tally.whole_month.is_(False), Tally.day.between(first, last)))

    for period in periods:
        first = period.start if period.start.day == 1 else add_months(period.start, 1)
        first = first.replace(day=1)
        after = (period.end + timedelta(days=1)).replace(day=1)  # no whole month from here
        if first < after:
            spans.append(and_(Tally.whole_month.is_(True), Tally.day >= first, Tally.day < after))
            days(period.start, first - timedelta(days=1))
            days(after, period.end)
        else:
            days(period.start, period.end)
    return spans


def interviews_due(employer_id: int, periods: Sequence[Period]) -> list[tuple]:
    """(programme, period, "on_time" / "late" / "not_held", placements) for the guaranteed
    interviews that fell due: the stage before the interview passed in the period.

    An interview is held on the day it was booked for (else the day its attendance was
    recorded), and on time when that is no later than the deadline the scheduled job
    recorded, or else the programme's promised number of days after the pass."""
    within, which = _in_periods(Summary.trained_at, periods)
    held = Summary.interview_held_on
    on_time = case(
        (InterviewBreach.deadline.is_not(None), held <= InterviewBreach.deadline),
        else_=days_between(Summary.trained_at, held) <= Programme.interview_within_days,
    )
    outcome = case((held.is_(None), "not_held"), (on_time, "on_time"), else_="late")
    query = (
        select(Summary.programme_id, which.label("period"), outcome.label("outcome"), func.count())
        .join(Programme, Programme.id == Summary.programme_id)
        .outerjoin(InterviewBreach, InterviewBreach.placement_id == Summary.placement_id)
        .where(Programme.employer_id == employer_id, within, Summary.counted.is_(True))
        .group_by(Summary.programme_id, "period", "outcome")
    )
    return db.session.execute(query).all()


def _last_start_already_due(months: int, as_of: date) -> date:
    """The latest start date whose follow-up after ``months`` is due by ``as_of``: a job
    that started later has its check still to come (``add_months`` never goes backwards)."""
    day = add_months(as_of, -months)
    while add_months(day, months) > as_of:
        day = date.fromordinal(day.toordinal() - 1)
    while add_months(date.fromordinal(day.toordinal() + 1), months) <= as_of:
        day = date.fromordinal(day.toordinal() + 1)
    return day


def jobs_started(employer_id: int, periods: Sequence[Period], as_of: date) -> list[tuple]:
    """(programme, period, then for each of RETENTION_MONTHS the check's answer and whether
    it is not yet due on ``as_of``, then how many jobs) for hires whose job started in the
    period, grouped by what their follow-up checks say."""
    within, which = _on_days_of(Milestone.start_date, periods)
    answers, not_due, joins = [], [], []
    for months in RETENTION_MONTHS:
        check = aliased(RetentionCheck, name=f"check_{months}")
        joins.append(
            (check, and_(check.placement_id == Milestone.placement_id, check.months == months))
        )
        answers.append(check.answer.label(f"answer_{months}"))
        later = Milestone.start_date > _last_start_already_due(months, as_of)
        not_due.append(
            case((check.id.is_(None), later), else_=check.due_on > as_of).label(f"due_{months}")
        )
    query = select(Milestone.programme_id, which.label("period"), *answers, *not_due, func.count())
    for check, condition in joins:
        query = query.outerjoin(check, condition)
    query = query.where(
        Milestone.programme_id.in_(_programmes_of(employer_id)),
        Milestone.kind == EventKind.HIRED,
        within,
        Milestone.counted.is_(True),
    ).group_by(
        Milestone.programme_id,
        "period",
        *(f"answer_{months}" for months in RETENTION_MONTHS),
        *(f"due_{months}" for months in RETENTION_MONTHS),
    )
    return db.session.execute(query).all()


def _taking_part(employer_id: int, periods: Sequence[Period]):
    """(period, counted, support provider, candidate) for the candidates nominated, decided
    on, or with anything recorded on a placement in the period. Counted candidates are
    named only by their support provider (all that is asked of them): one row each."""
    programmes = _programmes_of(employer_id)
    accepted = Nomination.status == NominationStatus.ACCEPTED
    parts, nominated = [], []
    for index, period in enumerate(periods):
        # Something recorded on a placement in the period: known from its first and last
        # events, unless they fall either side of the period.
        recorded_in = exists().where(
            StageEvent.placement_id == Summary.placement_id,
            _during(StageEvent.occurred_at, period),
        )
        parts.append(
            _who(
                literal(index), Summary.counted, Summary.organisation_id, Summary.candidate_id
            ).where(
                Summary.programme_id.in_(programmes),
                Summary.last_event_at >= period.since,
                Summary.first_event_at < period.until,
                or_(
                    Summary.first_event_at >= period.since,
                    Summary.last_event_at < period.until,
                    recorded_in,
                ),
            )
        )
        # Nominations. An accepted one's decision is its placement's first event (both are
        # recorded by ``accept_nomination`` at the same moment), so it is counted above
        # whenever it was decided - or made and decided - in the period.
        made = and_(
            _during(Nomination.created_at, period),
            or_(~accepted, Nomination.decided_at >= period.until),
        )
        declined = and_(
            Nomination.status == NominationStatus.DECLINED, _during(Nomination.decided_at, period)
        )
        for which in (made, declined):
            nominated.append(
                select(literal(index).label("period"), Nomination.candidate_id).where(
                    Nomination.programme_id.in_(programmes), which
                )
            )
    # The nominated candidates' providers and consent, looked up once for every period.
    people = union(*nominated).subquery()
    consent = aliased(Consent)  # in force, or none
    is_counted = consent.id.is_not(None)
    parts.append(
        _who(people.c.period, is_counted, Candidate.organisation_id, people.c.candidate_id)
        .select_from(people)
        .join(Candidate, Candidate.id == people.c.candidate_id)
        .outerjoin(
            consent,
            and_(
                consent.candidate_id == people.c.candidate_id,
                consent.scope == ConsentScope.COUNTED_IN_FIGURES,
                consent.withdrawn_on.is_(None),
            ),
        )
    )
    return union(*parts).subquery()


def _who(period, is_counted, organisation_id, candidate_id) -> Select:
    """A ``_taking_part`` row: the candidate is named only when not counted."""
    return select(
        period.label("period"),
        is_counted.label("counted"),
        organisation_id.label("organisation_id"),
        case((is_counted, None), else_=candidate_id).label("candidate_id"),
    )


def involvement(employer_id: int, periods: Sequence[Period]) -> list[tuple]:
    """(period, support provider id, its name, counted, candidates not counted) for the
    candidates who took part in each period, per provider and whether they are counted."""
    taking_part = _taking_part(employer_id, periods)
    groups = (taking_part.c.period, taking_part.c.organisation_id, taking_part.c.counted)
    per_provider = (
        select(*groups, func.count(taking_part.c.candidate_id).label("candidates"))
        .group_by(*groups)
        .subquery()
    )
    query = select(
        per_provider.c.period,
        per_provider.c.organisation_id,
        Organisation.name,
        per_provider.c.counted,
        per_provider.c.candidates,
    ).outerjoin(Organisation, Organisation.id == per_provider.c.organisation_id)
    return db.session.execute(query).all()


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
