"""Redress figures for one employer and period, computed once from the stage history.

``compute_figures`` runs a fixed number of SQL aggregations (``queries``), each over the
period and the period before it together, and returns raw counts per programme in a plain
``RawFigures``.
Raw counts must go through disclosure control (``pathway.reports.document.report.build_report``)
before anyone sees them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pathway.auth.models import Organisation
from pathway.placements.vocabulary import EventKind, RetentionAnswer
from pathway.reports.figures import queries
from pathway.reports.figures.counts import Counts
from pathway.reports.figures.definitions import FULL_TIME_HOURS, RETENTION_MONTHS
from pathway.reports.figures.periods import Period, previous_period


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
    queries.without_jit()
    previous = previous_period(period)
    positions: dict[int, dict[str, int]] = defaultdict(dict)
    current, earlier = _counts_by_programme(employer.id, (period, previous), as_of, positions)
    sites = queries.taking_part_sites(employer.id)
    programmes = _programmes(employer.id, current, earlier, positions, sites)
    partners, left_out = _involvement(employer.id, (period, previous))
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
        partners=tuple(name for _, name in partners[0]),
        earlier_partners=tuple(name for _, name in partners[1]),
        partner_ids=tuple(organisation_id for organisation_id, _ in partners[0]),
        left_out=left_out[0],
        earlier_left_out=left_out[1],
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
        self.values: dict = dict.fromkeys(
            ("nominated", "accepted", "started", "interviewed", "started_work"), 0
        )
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
    employer_id: int,
    periods: tuple[Period, Period],
    as_of: date,
    stage_positions: dict[int, dict[str, int]],
) -> tuple[dict[int, Counts], ...]:
    """Each programme's counts in each period (a programme appears when anything counts in
    it); where each passed stage sat is added to ``stage_positions``."""
    tallies: tuple[dict[int, _Tally], ...] = tuple(defaultdict(_Tally) for _ in periods)
    for programme, index, nominated in queries.nominations(employer_id, periods):
        tallies[index][programme].values["nominated"] = nominated
    for programme, index, reason, count in queries.declines(employer_id, periods):
        tallies[index][programme].values["declined"][_value(reason)] += count
    for row in queries.tallies(employer_id, periods):
        programme, milestone, counts = row[0], row[1 : -len(periods)], row[-len(periods) :]
        for index, count in enumerate(counts):
            if count:
                _tally_milestone(tallies[index][programme], milestone, count)
        kind, position, stage = milestone[:3]
        if kind is EventKind.PASSED and any(counts):
            known = stage_positions[programme].get(stage, position)
            stage_positions[programme][stage] = min(known, position)
    for programme, index, kind, days, count in queries.waits(employer_id, periods):
        name = "days_to_hire" if kind is EventKind.HIRED else "days_to_interview"
        tallies[index][programme].days[name].extend([days] * count)
    for programme, index, group, count in queries.interviews_due(employer_id, periods):
        tallies[index][programme].values["interviews"][group] += count
    for programme, index, *checks, count in queries.jobs_started(employer_id, periods, as_of):
        _tally_retention(tallies[index][programme], checks, count)
    return tuple(
        {programme: tally.counts() for programme, tally in by_programme.items()}
        for by_programme in tallies
    )


def _tally_milestone(tally: _Tally, milestone: tuple, count: int) -> None:
    """Add ``count`` placements that reached one milestone (a ``queries.tallies`` group)."""
    kind, position, stage, minutes, interview, contract, hours, ended_by, reason = milestone
    values = tally.values
    if kind is EventKind.ACCEPTED:
        values["accepted"] += count
    elif kind is EventKind.ATTENDED:
        if position == 0:
            values["started"] += count
        if interview:
            values["interviewed"] += count
        if minutes is not None:
            values["attendance"][(stage, minutes)] += count
    elif kind is EventKind.PASSED:
        values["completed"][stage] += count
    elif kind is EventKind.HIRED:
        values["hired"][(_value(contract), _hours_group(hours))] += count
    elif kind is EventKind.NOT_HIRED:
        values["not_hired"][_value(reason)] += count
    else:
        values["ended"][(_value(ended_by), _value(reason))] += count


def _tally_retention(tally: _Tally, checks: list, count: int) -> None:
    """Add ``count`` jobs whose follow-up checks (each answer, then whether each is not yet
    due) are ``checks``. See definitions: "no longer in work" carries forward; unanswered
    checks are not known, or not yet due."""
    answers, not_due = checks[: len(RETENTION_MONTHS)], checks[len(RETENTION_MONTHS) :]
    tally.values["started_work"] += count
    left = False
    for months, answer, later in zip(RETENTION_MONTHS, answers, not_due, strict=True):
        if answer is not None:
            group = ANSWER_GROUPS[answer]
        elif left:
            group = "left"
        elif later:
            group = "not_due"
        else:
            group = "unknown"
        left = left or group == "left"
        tally.values["retention"][(months, group)] += count


def _involvement(employer_id: int, periods: tuple[Period, Period]) -> tuple[list, list]:
    """For each period: the (id, name) of support providers whose counted candidates took
    part, by name; and how many candidates took part but are not counted, for want of
    consent."""
    partners: list[set] = [set() for _ in periods]
    left_out = [0 for _ in periods]
    for index, organisation_id, name, counted, candidates in queries.involvement(
        employer_id, periods
    ):
        if not counted:
            left_out[index] += candidates
        elif organisation_id is not None:
            partners[index].add((organisation_id, name))
    ordered = [sorted(found, key=lambda partner: (partner[1], partner[0])) for found in partners]
    return ordered, left_out


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
