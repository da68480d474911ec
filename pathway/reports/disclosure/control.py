"""Disclosure control: which figures may be published, so that no survivor is identified.

Primary suppression hides every count from 1 to ``threshold - 1`` ("fewer than 5"); zero is
shown. Secondary suppression then hides further cells wherever a hidden one could be worked
out exactly by adding and subtracting published ones: a total less its other parts, a funnel
step less a later one, this period against the previous one and their difference. The check
is exact: a hidden cell can be worked out precisely when the linear relations between cells
fix it once the published values are known, which ``_exposed`` decides by Gauss-Jordan
elimination over the fractions.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from fractions import Fraction

Key = Hashable
Relation = Mapping[Key, int]  # the sum of coefficient x value over the cells is zero


@dataclass(frozen=True)
class Policy:
    """The disclosure rules, printed on every report and stored with every snapshot."""

    threshold: int = 5
    min_denominator: int = 10
    rounding: int = 0  # round published counts to a multiple of this (0 or 1: off)
    grain: str = ""  # the periods figures are given for, where fixed (reports/disclosure/grain.py)

    @classmethod
    def from_config(cls, config: Mapping) -> Policy:
        return cls(
            threshold=int(config.get("DISCLOSURE_THRESHOLD", 5)),
            min_denominator=int(config.get("DISCLOSURE_MIN_DENOMINATOR", 10)),
            rounding=int(config.get("DISCLOSURE_ROUNDING", 0)),
        )

    @property
    def small(self) -> str:
        return f"fewer than {self.threshold}"

    def is_small(self, count: int) -> bool:
        return 0 < count < self.threshold

    def shown(self, count: int) -> int:
        """A count as published: rounded to the nearest multiple when rounding is on."""
        if self.rounding > 1 and count:
            return max(self.threshold, round(count / self.rounding) * self.rounding)
        return count

    def sentences(self) -> list[str]:
        said = []
        if self.threshold > 1:
            low = "1" if self.threshold == 2 else f"from 1 to {self.threshold - 1}"
            said.append(
                f"Counts {low} are shown as '{self.small}' and zero as 0, so that no one can "
                "be identified."
            )
            said.append(
                "Where such a count could be worked out by adding or subtracting other "
                "published figures (a total and its parts, one step of the funnel and a "
                "later one, this period against the previous one), further figures are "
                "hidden and shown as 'not shown'."
            )
        else:
            said.append("Every count is shown as it is.")
        said.append(
            f"Percentages and medians are given only where they are worked out over at least "
            f"{self.min_denominator} people."
        )
        if self.rounding > 1:
            said.append(f"Published counts are rounded to the nearest {self.rounding}.")
        if self.grain:
            said.append(self.grain)
        return said

    @property
    def text(self) -> str:
        return " ".join(self.sentences())

    def as_dict(self) -> dict:
        return {
            "threshold": self.threshold,
            "min_denominator": self.min_denominator,
            "rounding": self.rounding if self.rounding > 1 else None,
            "grain": self.grain or None,
            "text": self.text,
        }


class State(enum.StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: a count from 1 to threshold - 1
    HIDDEN = "hidden"  # secondary: hidden so that a small count cannot be worked out


@dataclass(frozen=True)
class Cell:
    """A number a reader could see or work out.

    ``primary`` cells must never be known exactly. A ``virtual`` cell is never published but
    can be worked out from published ones (the difference between two funnel steps); it
    matters only when ``primary``. Where a further cell must be hidden, the lowest ``rank``
    is chosen first, then the smallest value.
    """

    value: int
    primary: bool
    virtual: bool = False
    rank: int = 1


def protect(cells: Mapping[Key, Cell], relations: list[Relation]) -> dict[Key, State]:
    """The published state of every cell that is not virtual."""
    order = {key: index for index, key in enumerate(cells)}
    hidden = {key for key, cell in cells.items() if cell.primary or cell.virtual}
    by_cell: dict[Key, list[Relation]] = {}
    for relation in relations:
        for key in relation:
            by_cell.setdefault(key, []).append(relation)

    def guarded(key: Key) -> bool:
        cell = cells[key]
        return cell.primary or not cell.virtual

    _cover_small_differences(cells, relations, hidden)
    stuck: set[Key] = set()
    while True:
        _hide_lone_cells(cells, relations, hidden, guarded, order)
        exposed = sorted(
            (key for key in _exposed(relations, hidden, order) if guarded(key)),
            key=order.__getitem__,
        )
        exposed = [key for key in exposed if key not in stuck]
        if not exposed:
            break
        key = exposed[0]
        complement = _complement(cells, by_cell.get(key, []), hidden, order)
        if complement is None:  # worked out through a chain: hide a cell further along it
            complement = _complement(cells, _chain(key, by_cell, hidden), hidden, order)
        if complement is None:
            stuck.add(key)  # nothing published is left anywhere it could be worked out from
            continue
        hidden.add(complement)
    return {
        key: (State.SMALL if cell.primary else State.HIDDEN) if key in hidden else State.SHOWN
        for key, cell in cells.items()
        if not cell.virtual
    }


def _cover_small_differences(cells, relations, hidden, largest: int = 14) -> None:
    """Where the difference of two cells is a small count (one funnel step less a later one),
    one of the two must be hidden. Choose, for each group of such pairs, the cheapest set of
    cells that covers every pair - a high rank costs far more than a low one - by trying every
    subset (groups are a handful of funnel steps)."""
    edges = []
    for relation in relations:
        virtual = [k for k in relation if cells[k].virtual]
        real = [k for k in relation if not cells[k].virtual]
        sensitive = len(virtual) == 1 and cells[virtual[0]].primary
        if sensitive and len(real) == 2 and not set(real) & hidden:
            edges.append(tuple(real))
    for group in _components(edges):
        nodes = sorted({key for edge in group for key in edge}, key=repr)
        if len(nodes) > largest:
            continue  # left to the exact check below
        best, best_cost = None, None
        for mask in range(1 << len(nodes)):
            chosen = {nodes[i] for i in range(len(nodes)) if mask >> i & 1}
            if all(a in chosen or b in chosen for a, b in group):
                cost = sum(2 ** cells[key].rank * 1000 + cells[key].value for key in chosen)
                if best_cost is None or cost < best_cost:
                    best, best_cost = chosen, cost
        hidden.update(best or ())


def _chain(key: Key, by_cell, hidden) -> list[Relation]:
    """Every relation linked to ``key`` through hidden cells: those a reader could combine
    to work it out when each relation holding it alone is all hidden already."""
    found, seen, frontier = [], {key}, [key]
    chosen: set[int] = set()
    while frontier:
        for relation in by_cell.get(frontier.pop(), []):
            if id(relation) in chosen:
                continue
            chosen.add(id(relation))
            found.append(relation)
            for other in relation:
                if other in hidden and other not in seen:
                    seen.add(other)
                    frontier.append(other)
    return found


def _components(edges: list[tuple]) -> list[list[tuple]]:
    """The edges grouped by the connected groups of cells they join."""
    parent: dict = {}

    def root(key):
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict = {}
    for edge in edges:
        groups.setdefault(root(edge[0]), []).append(edge)
    return list(groups.values())


def _hide_lone_cells(cells, relations, hidden, guarded, order) -> None:
    """The quick rule: a relation with exactly one hidden cell gives it away."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            inside = [key for key in relation if key in hidden]
            if len(inside) == 1 and guarded(inside[0]):
                complement = _complement(cells, [relation], hidden, order)
                if complement is not None:
                    hidden.add(complement)
                    changed = True


def _complement(cells, relations, hidden, order) -> Key | None:
    """The published cell to hide next: from the relation with fewest hidden cells, the
    lowest rank and smallest value; a zero only when nothing else will do."""
    ranked = sorted(relations, key=lambda relation: sum(key in hidden for key in relation))
    for nonzero in (True, False):
        for relation in ranked:
            candidates = [
                key
                for key in relation
                if key not in hidden
                and not cells[key].virtual
                and (cells[key].value != 0) == nonzero
            ]
            if candidates:
                return min(
                    candidates,
                    key=lambda key: (cells[key].rank, abs(cells[key].value), order[key]),
                )
    return None


def _exposed(relations: list[Relation], hidden: set[Key], order) -> set[Key]:
    """Hidden cells whose value the relations fix once every other cell is known.

    Restricted to the hidden cells, the relations form a matrix; a cell is fixed exactly
    when its unit vector lies in the matrix's row space, that is when the reduced row
    echelon form has a row with that cell alone.
    """
    pivots: dict[Key, dict[Key, Fraction]] = {}
    for relation in relations:
        row = {key: Fraction(c) for key, c in relation.items() if key in hidden and c}
        for key in [key for key in row if key in pivots]:
            factor = row.get(key)
            if factor:
                for other, value in pivots[key].items():
                    row[other] = row.get(other, Fraction(0)) - factor * value
        row = {key: value for key, value in row.items() if value}
        if not row:
            continue
        pivot = min(row, key=order.__getitem__)
        scale = row[pivot]
        row = {key: value / scale for key, value in row.items()}
        for existing in pivots.values():
            factor = existing.get(pivot)
            if factor:
                for key, value in row.items():
                    updated = existing.get(key, Fraction(0)) - factor * value
                    if updated:
                        existing[key] = updated
                    else:
                        existing.pop(key, None)
        pivots[pivot] = row
    return {pivot for pivot, row in pivots.items() if len(row) == 1}
