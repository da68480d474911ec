"""Raw counts: what one programme (or all of them) achieved in one period, before disclosure.

Every grouped count is a mapping from a group to its count, so the groups add up to their
total exactly; the all-programmes counts are the sum of the programmes' (``combine``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields

from pathway.reports.figures.definitions import RETENTION_MONTHS

INTERVIEW_GROUPS = ("on_time", "late", "not_held")
RETENTION_GROUPS = ("in_work", "left", "unknown", "not_due")


@dataclass(frozen=True)
class Counts:
    """Raw counts for one programme, or all, in one period. Keys of the mappings:

    ``declined``: decline reason value ("" when not recorded); ``completed``: stage name;
    ``hired``: (contract type value, "full_time" / "part_time" / ""); ``not_hired``: leave
    reason value; ``ended``: (who ended it, leave reason value); ``interviews``: one of
    ``INTERVIEW_GROUPS``; ``retention``: (months, one of ``RETENTION_GROUPS``);
    ``attendance``: (stage name, planned minutes each).
    """

    nominated: int = 0
    accepted: int = 0
    declined: Mapping[str, int] = field(default_factory=dict)
    started: int = 0
    completed: Mapping[str, int] = field(default_factory=dict)
    interviewed: int = 0
    hired: Mapping[tuple[str, str], int] = field(default_factory=dict)
    not_hired: Mapping[str, int] = field(default_factory=dict)
    ended: Mapping[tuple[str, str], int] = field(default_factory=dict)
    interviews: Mapping[str, int] = field(default_factory=dict)
    started_work: int = 0
    retention: Mapping[tuple[int, str], int] = field(default_factory=dict)
    attendance: Mapping[tuple[str, int], int] = field(default_factory=dict)
    days_to_interview: tuple[int, ...] = ()
    days_to_hire: tuple[int, ...] = ()

    @property
    def declined_total(self) -> int:
        return sum(self.declined.values())

    @property
    def hired_total(self) -> int:
        return sum(self.hired.values())

    @property
    def not_hired_total(self) -> int:
        return sum(self.not_hired.values())

    @property
    def ended_total(self) -> int:
        return sum(self.ended.values())

    @property
    def interviews_due(self) -> int:
        return sum(self.interviews.values())

    @property
    def training_minutes(self) -> int:
        return sum(minutes * count for (_, minutes), count in self.attendance.items())

    def by_contract(self) -> dict[str, int]:
        return _sum_by(self.hired, 0)

    def by_hours(self) -> dict[str, int]:
        return _sum_by(self.hired, 1)

    def by_leave_reason(self) -> dict[str, int]:
        reasons = Counter(self.not_hired)
        reasons.update(_sum_by(self.ended, 1))
        return dict(reasons)

    def by_ended_by(self) -> dict[str, int]:
        return _sum_by(self.ended, 0)

    def retention_at(self, months: int) -> dict[str, int]:
        return {group: self.retention.get((months, group), 0) for group in RETENTION_GROUPS}

    def check(self) -> None:
        """Raise if the groups that must add up do not (a bug, never a figure)."""
        for months in RETENTION_MONTHS:
            if self.started_work and sum(self.retention_at(months).values()) != self.started_work:
                raise ValueError(f"Retention at {months} months does not add up.")

    @classmethod
    def combine(cls, parts: Iterable[Counts]) -> Counts:
        """The sum of ``parts``: every count added, every list of days joined."""
        parts = list(parts)
        values = {}
        for f in fields(cls):
            items = [getattr(part, f.name) for part in parts]
            if f.type == "int":
                values[f.name] = sum(items)
            elif f.name.startswith("days_"):
                values[f.name] = tuple(sorted(day for item in items for day in item))
            else:
                total: Counter = Counter()
                for item in items:
                    total.update(item)
                values[f.name] = {key: count for key, count in total.items() if count}
        return cls(**values)


def _sum_by(mapping: Mapping[tuple, int], position: int) -> dict[str, int]:
    total: Counter = Counter()
    for key, count in mapping.items():
        total[key[position]] += count
    return dict(total)


def median(values: tuple[int, ...]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
