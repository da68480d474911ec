"""A report as it may be published: the figures after disclosure control, with their
definitions and the policy, as one plain JSON-able document.

Every page, export, chart, statement and snapshot is rendered from this document; none of
them sees a raw count. ``build_report`` makes the draft; publishing adds the reference,
author, confirmations and hash (``snapshots``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

from pathway.reports.disclosure.control import Cell, Policy, State, protect
from pathway.reports.disclosure.grain import GRAIN
from pathway.reports.disclosure.tables import (
    CHANGE,
    CURRENT,
    PERIODS,
    PREVIOUS,
    TOTAL,
    Layout,
    Row,
    lay_out,
)
from pathway.reports.figures.compute import RawFigures
from pathway.reports.figures.definitions import DEFINITIONS, GENERAL, VERSION
from pathway.reports.figures.periods import financial_year_name

FORMAT = "pathway-redress-report"
FORMAT_VERSION = 1
HEADLINE = ("nominated", "started", "interviewed", "hired", "started_work", "retention.6.in_work")
NOT_SHOWN = "not shown"
NOT_GIVEN = "not given"


def build_report(
    raw: RawFigures,
    policy: Policy,
    financial_year_start_month: int = 4,
    earlier: RawFigures | None = None,
) -> dict:
    """The draft report document for ``raw``, with disclosure control applied.

    With ``earlier`` - the previous period's own figures - each period is protected from its
    own figures alone, and the previous one is published exactly as its own report
    publishes it (``grain``): no combination of such reports can take one apart. Without it,
    the two periods are protected together (a partnership lead's range of dates)."""
    layout = lay_out(raw, policy)
    if earlier is None:
        states = protect(layout.cells, layout.relations)
    else:
        states = _year_by_year(layout, lay_out(earlier, policy))
        policy = replace(policy, grain=GRAIN)
    published = _Publisher(layout.cells, states, policy)
    sections = [
        {
            "key": section.key,
            "title": section.title,
            "rows": [published.row(row) for row in section.rows],
        }
        for section in layout.sections
    ]
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "employer": raw.employer_name,
        "period": raw.period.as_dict(),
        "previous_period": raw.previous.as_dict(),
        "financial_year": financial_year_name(raw.period, financial_year_start_month),
        "as_of": raw.as_of.isoformat(),
        "policy": policy.as_dict(),
        "definitions_version": VERSION,
        "general": GENERAL,
        "columns": [{"key": c.key, "label": c.label} for c in layout.columns],
        "sections": sections,
        "context": _context(raw),
        "left_out": {
            CURRENT: published.standalone(raw.left_out),
            PREVIOUS: published.standalone(raw.earlier_left_out),
        },
        "definitions": {key: value.as_dict() for key, value in DEFINITIONS.items()},
    }
    document["headline"] = headline(document)
    return document


def _own_states(layout: Layout) -> dict:
    """What the period's own figures allow to publish, from them alone."""
    cells = {key: cell for key, cell in layout.cells.items() if key[-1] == CURRENT}
    relations = [r for r in layout.relations if all(key[-1] == CURRENT for key in r)]
    return protect(cells, relations)


def _year_by_year(layout: Layout, earlier: Layout) -> dict:
    """States for ``layout``: this period's from its own figures, the previous period's as
    its own report has them (hidden where it has no such figure), the change shown only
    where both are."""
    states = _own_states(layout)
    theirs = _own_states(earlier)
    row_of = {row.label: row.key for section in earlier.sections for row in section.rows}
    labels = {row.key: row.label for section in layout.sections for row in section.rows}
    for key, cell in layout.cells.items():
        if cell.virtual or key[-1] != PREVIOUS:
            continue
        row, column, _ = key
        own = (row_of.get(labels[row]), column, CURRENT)
        if own in theirs and earlier.cells[own].value == cell.value:
            states[key] = theirs[own]
        else:  # a row or programme its own report has not: none there, so zero here too
            states[key] = State.SHOWN if cell.value == 0 else State.HIDDEN
    for key in [key for key in layout.cells if key[-1] == CHANGE]:
        both = all(states[(key[0], TOTAL, period)] is State.SHOWN for period in PERIODS)
        states[key] = State.SHOWN if both else State.HIDDEN
    return states


class _Publisher:
    """Turns cells and their states into published values: text, and a number if shown."""

    def __init__(self, cells: dict, states: dict, policy: Policy):
        self.cells = cells
        self.states = states
        self.policy = policy

    def row(self, row: Row) -> dict:
        values = {}
        for column in row.columns:
            if row.kind == "median":
                values[column] = {p: self._median(*row.medians[(column, p)]) for p in PERIODS}
            elif row.kind == "share":
                values[column] = {p: self._share(row.share, column, p) for p in PERIODS}
            else:
                values[column] = {p: self._cell((row.key, column, p), row.kind) for p in PERIODS}
        if row.kind == "count":
            values[TOTAL][CHANGE] = self._change(row.key)
        return {
            "key": row.key,
            "label": row.label,
            "kind": row.kind,
            "definition": row.definition,
            "values": values,
        }

    def _shown(self, key) -> int | None:
        if self.states.get(key) is not State.SHOWN:
            return None
        return self.policy.shown(self.cells[key].value)

    def _cell(self, key, kind: str) -> dict:
        state = self.states[key]
        if state is State.SHOWN:
            value = self.cells[key].value
            if kind == "hours":
                hours = _number(round(value / 60, 1))
                return _value(hours, f"{hours:,}")
            shown = self.policy.shown(value)
            return _value(shown, f"{shown:,}")
        if state is State.SMALL and kind == "count":
            return {"value": None, "text": self.policy.small, "status": "small"}
        return {"value": None, "text": NOT_SHOWN, "status": "hidden"}

    def _change(self, row_key: str) -> dict:
        now, before = (
            self._shown((row_key, TOTAL, CURRENT)),
            self._shown((row_key, TOTAL, PREVIOUS)),
        )
        if self.states[(row_key, TOTAL, CHANGE)] is not State.SHOWN or None in (now, before):
            return {"value": None, "text": NOT_SHOWN, "status": "hidden"}
        change = now - before
        return _value(change, f"{change:+,}" if change else "0")

    def _share(self, share, column: str, period: str) -> dict:
        numerator_key, denominator = share
        numerator = self._shown((numerator_key, column, period))
        parts = [(self._shown((key, column, period)), sign) for key, sign in denominator]
        if numerator is None or any(value is None for value, _ in parts):
            return {"value": None, "text": NOT_GIVEN, "status": "not_given"}
        total = sum(value * sign for value, sign in parts)
        if total < max(1, self.policy.min_denominator):
            return {"value": None, "text": NOT_GIVEN, "status": "not_given"}
        percent = int(Fraction(numerator * 100, total) + Fraction(1, 2))
        return _value(percent, f"{percent}%")

    def _median(self, middle: float | None, people: int) -> dict:
        if people == 0:
            return {"value": None, "text": "none", "status": "none"}
        if people < self.policy.min_denominator or middle is None:
            return {"value": None, "text": NOT_GIVEN, "status": "not_given"}
        middle = _number(middle)
        return _value(middle, f"{middle} days")

    def standalone(self, count: int) -> dict:
        """A count related to no other: only the threshold applies."""
        state = State.SMALL if self.policy.is_small(count) else State.SHOWN
        key = ("standalone",)
        self.cells[key], self.states[key] = Cell(count, state is State.SMALL), state
        return self._cell(key, "count")


def _number(value: float) -> int | float:
    """Whole numbers as integers, so the canonical JSON reads the same in any language."""
    return int(value) if float(value).is_integer() else value


def _value(value, text: str) -> dict:
    return {"value": value, "text": text, "status": "shown"}


def _context(raw: RawFigures) -> dict:
    return {
        "sites": {
            TOTAL: raw.sites,
            **({f"p{p.id}": p.sites for p in raw.programmes} if len(raw.programmes) > 1 else {}),
        },
        "regions": list(raw.regions),
        "partners": list(raw.partners),
        "previous_partners": list(raw.earlier_partners),
        "programmes": [p.name for p in raw.programmes],
    }


def headline(document: dict) -> list[dict]:
    """The figures a verify page and a statement lead with (all programmes, this period)."""
    rows = {row["key"]: row for section in document["sections"] for row in section["rows"]}
    return [
        {"key": key, "label": rows[key]["label"], **rows[key]["values"][TOTAL][CURRENT]}
        for key in HEADLINE
        if key in rows
    ]


def long_date(iso: str | None) -> str:
    """An ISO date as words: "2026-04-07" -> "7 April 2026"."""
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def find_row(document: dict, key: str) -> dict | None:
    for section in document["sections"]:
        for row in section["rows"]:
            if row["key"] == key:
                return row
    return None


def text_of(document: dict, key: str, column: str = TOTAL, period: str = CURRENT) -> str:
    """The published text of one figure, e.g. "12" or "fewer than 5"."""
    row = find_row(document, key)
    if row is None or column not in row["values"]:
        return "-"
    return row["values"][column][period]["text"]
