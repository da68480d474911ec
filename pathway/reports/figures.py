"""Redress figures for one employer and period, computed once from the stage history.

``compute_figures`` runs a fixed number of SQL aggregations (``queries``) for the period and
for the period before it, and returns raw counts per programme in a plain ``RawFigures``.
Raw counts must go through disclosure control (``pathway.reports.report.build_report``)
before anyone sees them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from pathway.auth.models import Organisation
from pathway.placements.vocabulary import EventKind, RetentionAnswer
from pathway.reports import queries
from pathway.reports.counts import Counts
from pathway.reports.definitions import FULL_TIME_HOURS, RETENTION_MONTHS
from pathway.reports.periods import Period, add_months, previous_period


@dataclass(frozen=True)
class ProgrammeInfo:
    id: int
    name: str
    stages: tuple[str, ...]  # stages before the interview, in order: the funnel's steps
    sites: int
    regions: tuple[str, ...]


@dataclass(frozen=True)
class RawFigures:
    """Raw counts for an employer's programmes over ``period`` and the ``previous`` one."""

    employer_id: int
    employer_name: str
    period: Period
    previous: Period
    as_of: date
    programmes: tuple[ProgrammeInfo, ...]
    current: Mapping[int, Counts]  # by programme id
    earlier: Mapping[int, Counts]
    partners: tuple[str, ...]
    earlier_partners: tuple[str, ...]
    partner_ids: tuple[int, ...]
    left_out: int
    earlier_left_out: int
    sites: int
    regions: tuple[str, ...]

    def total(self, current: bool = True) -> Counts:
        by_programme = self.current if current else self.earlier
        return Counts.combine(by_programme[p.id] for p in self.programmes)

    def stage_order(self) -> tuple[str, ...]:
        """Every programme's stages, in order of position (then name)."""
        position: dict[str, int] = {}
        for programme in self.programmes:
            for index, name in enumerate(programme.stages):
                position[name] = min(index, position.get(name, index))
        return tuple(sorted(position, key=lambda name: (position[name], name)))


def compute_figures(employer: Organisation, period: Period, as_of: date) -> RawFigures:
    """Count what happened on ``employer``'s programmes in ``period`` and the one before."""
    previous = previous_period(period)
    positions: dict[int, dict[str, int]] = defaultdict(dict)
    current = _counts_by_programme(employer.id, period, as_of, positions)
    earlier = _counts_by_programme(employer.id, previous, as_of, positions)
    sites = queries.taking_part_sites(employer.id)
    programmes = _programmes(employer.id, current, earlier, positions, sites)
    partners = queries.partners(employer.id, period)
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
        partners=tuple(name for _, name in partners),
        earlier_partners=tuple(name for _, name in queries.partners(employer.id, previous)),
        partner_ids=tuple(organisation_id for organisation_id, _ in partners),
        left_out=queries.left_out(employer.id, period),
        earlier_left_out=queries.left_out(employer.id, previous),
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
    for programme_id, position, name in queries.defined_stages(employer_id):
        known = positions[programme_id].get(name, position)
        positions[programme_id][name] = min(known, position)
    sites: dict[int, set[int]] = defaultdict(set)
    regions: dict[int, set[str]] = defaultdict(set)
    for programme_id, site_id, region in site_rows:
        sites[programme_id].add(site_id)
        regions[programme_id].add(region)
    chosen = []
    for programme_id, name, active in queries.programmes(employer_id):
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
    """A programme's counts as they are gathered from the queries."""

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
    for programme, nominated, accepted in queries.nomination_counts(employer_id, period):
        tallies[programme].values.update(nominated=nominated, accepted=accepted)
    for programme, reason, count in queries.declined_counts(employer_id, period):
        tallies[programme].values["declined"][_value(reason)] += count
    for programme, started, interviewed in queries.milestone_counts(employer_id, period):
        tallies[programme].values.update(started=started, interviewed=interviewed)
    for programme, position, name, count in queries.stage_passes(employer_id, period):
        tallies[programme].values["completed"][name] += count
        known = stage_positions[programme].get(name, position)
        stage_positions[programme][name] = min(known, position)
    for programme, contract, hours, count in queries.hire_counts(employer_id, period):
        tallies[programme].values["hired"][(_value(contract), _hours_group(hours))] += count
    for programme, kind, ended_by, reason, count in queries.leaving_counts(employer_id, period):
        if kind is EventKind.NOT_HIRED:
            tallies[programme].values["not_hired"][_value(reason)] += count
        else:
            tallies[programme].values["ended"][(_value(ended_by), _value(reason))] += count
    for programme, name, unit, amount, count in queries.attendance_counts(employer_id, period):
        minutes = amount * queries.MINUTES[unit]
        tallies[programme].values["attendance"][(name, minutes)] += count
    for programme, kind, nominated_at, occurred_at in queries.waits(employer_id, period):
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
    for placement, kind, scheduled_on, occurred_at in queries.interview_events(employer_id, period):
        if placement in held_on:
            continue
        if kind is EventKind.ATTENDED:
            held_on[placement] = booked.get(placement) or occurred_at.date()
        else:
            booked[placement] = scheduled_on
    seen: set[int] = set()
    for placement, programme, passed_at, promised_days, deadline in queries.interviews_due(
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
    for placement, programme, start, months, due_on, answer in queries.jobs_started(
        employer_id, period
    ):
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
