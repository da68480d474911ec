"""The report's layout: sections of rows, their cells, and the sums that bind the cells.

``lay_out`` turns raw figures into rows (per programme and in total, this period and the
previous one) and declares every exact relation a reader could use to work out one cell
from others: totals across programmes, breakdowns that add up to their figure, the steps
of the funnel, and this period against the previous one with their difference. Disclosure
control (``disclosure.protect``) reads the cells and relations; nothing here decides what
is published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from pathway.candidates.models import DeclineReason
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason
from pathway.reports.disclosure.control import Cell, Key, Policy, Relation
from pathway.reports.figures.compute import RawFigures
from pathway.reports.figures.counts import INTERVIEW_GROUPS, RETENTION_GROUPS, Counts, median
from pathway.reports.figures.definitions import FULL_TIME_HOURS, RETENTION_MONTHS, family

TOTAL = "total"
CURRENT, PREVIOUS, CHANGE = "current", "previous", "change"
PERIODS = (CURRENT, PREVIOUS)

# When a further cell must be hidden, lower ranks go first: a difference, then a breakdown,
# then an ordinary figure, then a headline one; within each, a programme before the total.
# A funnel step less any later one counts people who stopped between them: every such
# difference is guarded, not only the next step's.
CHANGE_RANK, PART, ORDINARY, HEADLINE, FOREMOST = 0, 1, 2, 3, 4
RANKS = {"nominated": HEADLINE, "started": HEADLINE, "started_work": HEADLINE, "hired": FOREMOST}

HOURS_GROUPS = {
    "full_time": f"Full-time ({FULL_TIME_HOURS} hours a week or more)",
    "part_time": f"Part-time (under {FULL_TIME_HOURS} hours a week)",
    "": "Hours not recorded",
}
INTERVIEW_LABELS = {
    "on_time": "Held within the promised time",
    "late": "Held later than promised",
    "not_held": "Not held (yet)",
}
RETENTION_LABELS = {
    "in_work": "Still in work",
    "left": "No longer in work",
    "unknown": "Not known",
    "not_due": "Check not yet due",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Row:
    key: str
    label: str
    kind: str  # "count", "hours", "median" or "share"
    definition: str  # the key of its definition
    columns: tuple[str, ...]  # the columns it applies to
    medians: dict[tuple[str, str], tuple[float | None, int]] = field(default_factory=dict)
    share: tuple[str, tuple[tuple[str, int], ...]] | None = None  # numerator, denominator


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Layout:
    columns: tuple[Column, ...]
    sections: list[Section]
    cells: dict[Key, Cell]
    relations: list[Relation]


def lay_out(raw: RawFigures, policy: Policy) -> Layout:
    return _Builder(raw, policy).build()


class _Builder:
    def __init__(self, raw: RawFigures, policy: Policy):
        self.raw = raw
        self.policy = policy
        programme_columns = (
            [Column(f"p{p.id}", p.name) for p in raw.programmes] if len(raw.programmes) > 1 else []
        )
        self.columns = (Column(TOTAL, "All programmes"), *programme_columns)
        self.programme_keys = tuple(column.key for column in programme_columns)
        self.counts: dict[tuple[str, str], Counts] = {
            (TOTAL, CURRENT): raw.total(True),
            (TOTAL, PREVIOUS): raw.total(False),
        }
        if programme_columns:
            for programme in raw.programmes:
                self.counts[(f"p{programme.id}", CURRENT)] = raw.current[programme.id]
                self.counts[(f"p{programme.id}", PREVIOUS)] = raw.earlier[programme.id]
        self.stages_of = {f"p{p.id}": set(p.stages) for p in raw.programmes}
        self.completed_key: dict[str, str] = {}  # a stage's name -> its funnel row
        self.cells: dict[Key, Cell] = {}
        self.relations: list[Relation] = []
        self.sections: list[Section] = []

    def build(self) -> Layout:
        self._nominations()
        self._funnel()
        self._interviews()
        self._jobs()
        self._retention()
        self._not_progressing()
        self._time()
        return Layout(self.columns, self.sections, self.cells, self.relations)

    # --- rows -----------------------------------------------------------------------------

    def _section(self, key: str, title: str) -> Section:
        section = Section(key, title)
        self.sections.append(section)
        return section

    def _count(
        self,
        section: Section,
        key: str,
        label: str,
        value: Callable[[Counts], int],
        rank: int = ORDINARY,
        applies: Callable[[str], bool] = lambda column: True,
    ) -> Row:
        """A row of counts, with the sum across programmes and the change on last period."""
        columns = tuple(column.key for column in self.columns if applies(column.key))
        row = Row(key, label, "count", family(key), columns)
        section.rows.append(row)
        rank = RANKS.get(key, rank)
        for column in columns:
            for period in PERIODS:
                count = value(self.counts[(column, period)])
                self.cells[(key, column, period)] = Cell(
                    count, self.policy.is_small(count), rank=_rank(rank, column)
                )
        self._sum_across_programmes(key, columns)
        change = self.cells[(key, TOTAL, CURRENT)].value - self.cells[(key, TOTAL, PREVIOUS)].value
        self.cells[(key, TOTAL, CHANGE)] = Cell(change, False, rank=CHANGE_RANK)
        self.relations.append(
            {(key, TOTAL, CURRENT): 1, (key, TOTAL, PREVIOUS): -1, (key, TOTAL, CHANGE): -1}
        )
        return row

    def _sum_across_programmes(self, key: str, columns: Iterable[str]) -> None:
        programmes = [column for column in columns if column != TOTAL]
        if not programmes:
            return
        for period in PERIODS:
            relation = {(key, TOTAL, period): 1}
            relation.update({(key, column, period): -1 for column in programmes})
            self.relations.append(relation)

    def _adds_up(self, totals: list[str], parts: list[str]) -> None:
        """In every column and period, the ``parts`` rows add up to the ``totals`` rows."""
        if not parts:
            return
        for column in (column.key for column in self.columns):
            for period in PERIODS:
                relation = {(key, column, period): 1 for key in totals}
                relation.update({(key, column, period): -1 for key in parts})
                self.relations.append(relation)

    def _breakdown(self, section, prefix, groups, labels, value, totals) -> None:
        """A row per group that occurs in any column or period, adding up to ``totals``."""
        present = {
            group
            for counts in self.counts.values()
            for group, count in value(counts).items()
            if count
        }
        keys = []
        for group in [g for g in groups if g in present]:
            key = f"{prefix}.{group or 'none'}"
            self._count(
                section, key, labels[group], lambda c, g=group: value(c).get(g, 0), rank=PART
            )
            keys.append(key)
        self._adds_up(totals, keys)

    # --- sections -------------------------------------------------------------------------

    def _nominations(self) -> None:
        section = self._section("nominations", "Nominations")
        self._count(section, "nominated", "Candidates nominated", lambda c: c.nominated)
        self._count(section, "accepted", "Nominations accepted", lambda c: c.accepted)
        self._count(section, "declined", "Nominations declined", lambda c: c.declined_total)
        reasons = [member.value for member in DeclineReason] + [""]
        labels = {member.value: member.label for member in DeclineReason}
        labels[""] = "Reason not recorded"
        self._breakdown(
            section,
            "declined.reason",
            reasons,
            {k: f"Declined: {v}" for k, v in labels.items()},
            lambda c: c.declined,
            ["declined"],
        )

    def _funnel(self) -> None:
        section = self._section("funnel", "From starting to a job")
        steps = [self._count(section, "started", "Started the programme", lambda c: c.started)]
        for index, name in enumerate(self.raw.stage_order(), start=1):
            self.completed_key[name] = f"completed.{index}"
            steps.append(
                self._count(
                    section,
                    f"completed.{index}",
                    f"Completed: {name}",
                    lambda c, name=name: c.completed.get(name, 0),
                    applies=lambda column, name=name: (
                        column == TOTAL or name in self.stages_of[column]
                    ),
                )
            )
        steps.append(
            self._count(
                section, "interviewed", "Had the guaranteed interview", lambda c: c.interviewed
            )
        )
        steps.append(
            self._count(section, "hired", "Hired (job offer accepted)", lambda c: c.hired_total)
        )
        everywhere = set(self.programme_keys) | {TOTAL}
        for column in (column.key for column in self.columns):
            # In the total, a stage only some programmes have is not a step of one funnel.
            present = [
                row.key
                for row in steps
                if column in row.columns and (column != TOTAL or everywhere <= set(row.columns))
            ]
            for period in PERIODS:
                for before, after in combinations(present, 2):
                    gap = (
                        self.cells[(before, column, period)].value
                        - self.cells[(after, column, period)].value
                    )
                    key = ("gap", before, after, column, period)
                    self.cells[key] = Cell(gap, self.policy.is_small(gap), virtual=True)
                    self.relations.append(
                        {(before, column, period): 1, (after, column, period): -1, key: -1}
                    )

    def _interviews(self) -> None:
        section = self._section("interviews", "Guaranteed interviews")
        self._count(section, "interviews.due", "Interviews due", lambda c: c.interviews_due)
        keys = []
        for group in INTERVIEW_GROUPS:
            key = f"interviews.{group}"
            self._count(
                section, key, INTERVIEW_LABELS[group], lambda c, g=group: c.interviews.get(g, 0)
            )
            keys.append(key)
        self._adds_up(["interviews.due"], keys)
        # Passing the stage before the interview is what makes the interview due, so in each
        # programme the two are the same people (the total follows from the programmes').
        for programme in self.raw.programmes:
            if not programme.stages:
                continue
            column = f"p{programme.id}" if self.programme_keys else TOTAL
            last_step = self.completed_key[programme.stages[-1]]
            for period in PERIODS:
                self.relations.append(
                    {("interviews.due", column, period): 1, (last_step, column, period): -1}
                )
        self._share(
            section,
            "interviews.on_time_share",
            "Share held within the promised time",
            "interviews.on_time",
            (("interviews.due", 1),),
        )

    def _jobs(self) -> None:
        section = self._section("jobs", "Jobs")
        contracts = [member.value for member in ContractType] + [""]
        labels = {member.value: member.label for member in ContractType}
        labels[""] = "Contract not recorded"
        self._breakdown(
            section,
            "hired.contract",
            contracts,
            {k: f"Hired: {v}" for k, v in labels.items()},
            lambda c: c.by_contract(),
            ["hired"],
        )
        self._breakdown(
            section,
            "hired.hours",
            list(HOURS_GROUPS),
            {k: f"Hired: {v}" for k, v in HOURS_GROUPS.items()},
            lambda c: c.by_hours(),
            ["hired"],
        )

    def _retention(self) -> None:
        section = self._section("retention", "Still in work")
        self._count(section, "started_work", "Started work", lambda c: c.started_work)
        for months in RETENTION_MONTHS:
            keys = []
            for group in RETENTION_GROUPS:
                key = f"retention.{months}.{group}"
                self._count(
                    section,
                    key,
                    f"{RETENTION_LABELS[group]} at {months} months",
                    lambda c, m=months, g=group: c.retention_at(m)[g],
                    rank=ORDINARY if group == "in_work" else PART,
                )
                keys.append(key)
            self._adds_up(["started_work"], keys)
            self._share(
                section,
                f"retention.share.{months}",
                f"Share still in work at {months} months",
                f"retention.{months}.in_work",
                (("started_work", 1), (f"retention.{months}.not_due", -1)),
            )

    def _not_progressing(self) -> None:
        section = self._section("not_progressing", "Not progressing, and why")
        self._count(
            section, "not_hired", "Not hired after the interview", lambda c: c.not_hired_total
        )
        self._count(
            section, "ended_early", "Ended before the interview outcome", lambda c: c.ended_total
        )
        reasons = [member.value for member in LeaveReason] + [""]
        labels = {member.value: member.label for member in LeaveReason}
        labels[""] = "Reason not recorded"
        self._breakdown(
            section,
            "left.reason",
            reasons,
            labels,
            lambda c: c.by_leave_reason(),
            ["not_hired", "ended_early"],
        )
        enders = [member.value for member in EndedBy] + [""]
        labels = {member.value: member.label for member in EndedBy}
        labels[""] = "Not recorded who ended it"
        self._breakdown(
            section, "ended.by", enders, labels, lambda c: c.by_ended_by(), ["ended_early"]
        )

    def _time(self) -> None:
        section = self._section("time", "Training and time")
        columns = tuple(column.key for column in self.columns)
        section.rows.append(
            Row("training_hours", "Training hours delivered", "hours", "training_hours", columns)
        )
        for column in columns:
            for period in PERIODS:
                counts = self.counts[(column, period)]
                revealing = any(self.policy.is_small(n) for n in counts.attendance.values())
                self.cells[("training_hours", column, period)] = Cell(
                    counts.training_minutes, revealing, rank=_rank(ORDINARY, column)
                )
        self._sum_across_programmes("training_hours", columns)
        for key, label, days in (
            ("days_to_interview", "Median days from nomination to interview", "days_to_interview"),
            ("days_to_hire", "Median days from nomination to hire", "days_to_hire"),
        ):
            row = Row(key, label, "median", key, columns)
            for column in columns:
                for period in PERIODS:
                    values = getattr(self.counts[(column, period)], days)
                    row.medians[(column, period)] = (median(values), len(values))
            section.rows.append(row)

    def _share(self, section, key, label, numerator, denominator) -> None:
        columns = tuple(column.key for column in self.columns)
        row = Row(key, label, "share", family(key), columns, share=(numerator, denominator))
        section.rows.append(row)


def _rank(rank: int, column: str) -> int:
    return rank * 2 + (1 if column == TOTAL else 0)
