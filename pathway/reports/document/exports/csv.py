"""CSV: one row per published figure, with its definition, the period and the report's
reference and hash (a draft says it is not for citation)."""

from __future__ import annotations

import csv
import io
from typing import NamedTuple

from pathway.reports.disclosure.tables import CURRENT, PREVIOUS

COLUMNS = (
    "report",
    "sha256",
    "section",
    "figure_key",
    "figure",
    "programme",
    "period",
    "period_start",
    "period_end",
    "value",
    "status",
    "definition",
)
DRAFT = "DRAFT - not for citation"
PERIOD_NAMES = {CURRENT: "this period", PREVIOUS: "previous period"}


class Figure(NamedTuple):
    """One row of the CSV before its report, dates and definition are filled in."""

    section: str
    key: str
    label: str
    programme: str
    period: str
    value: object
    status: str
    definition: str  # its key in the document's definitions


def report_csv(document: dict, sha256: str | None = None) -> str:
    """The figures, then the context they were counted in, one row each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    report = document.get("reference") or DRAFT
    for figure in (*_section_figures(document), *_context_figures(document)):
        writer.writerow(_safe(_row(document, report, sha256, figure)))
    return out.getvalue()


def _section_figures(document: dict) -> list[Figure]:
    """Every section's figures, per programme, this period then the previous one."""
    columns = _programme_names(document)
    return [
        Figure(
            section["title"],
            row["key"],
            row["label"],
            columns[column],
            period,
            values[period]["text"],
            values[period]["status"],
            row["definition"],
        )
        for section in document["sections"]
        for row in section["rows"]
        for column, values in row["values"].items()
        for period in (CURRENT, PREVIOUS)
    ]


def _context_figures(document: dict) -> list[Figure]:
    """The sites, partners and regions counted, and those left out for want of consent."""
    columns = _programme_names(document)
    context = document["context"]
    total = columns["total"]
    sites = [
        _context("sites", "Taking-part sites", columns[column], "as at", count)
        for column, count in context["sites"].items()
    ]
    partners = [
        _context("partners", "Partner support providers", total, period, "; ".join(context[key]))
        for period, key in ((CURRENT, "partners"), (PREVIOUS, "previous_partners"))
    ]
    regions = _context("regions", "Regions", total, "as at", "; ".join(context["regions"]))
    left_out = [
        _context(
            "left_out",
            "Left out: no consent to be counted",
            total,
            period,
            document["left_out"][period]["text"],
            document["left_out"][period]["status"],
        )
        for period in (CURRENT, PREVIOUS)
    ]
    return [*sites, *partners, regions, *left_out]


def _context(
    key: str, label: str, programme: str, period: str, value: object, status: str = "shown"
) -> Figure:
    """A row of the report's context; each is defined under its own key."""
    return Figure("Context", key, label, programme, period, value, status, key)


def _programme_names(document: dict) -> dict[str, str]:
    return {column["key"]: column["label"] for column in document["columns"]}


def _row(document: dict, report: str, sha256: str | None, figure: Figure) -> tuple:
    """The figure's cells in ``COLUMNS`` order, with its period's dates and its definition."""
    definition = document["definitions"][figure.definition]
    periods = {CURRENT: document["period"], PREVIOUS: document["previous_period"]}
    dates = periods.get(figure.period, {"start": document["as_of"], "end": document["as_of"]})
    return (
        report,
        sha256 or "",
        figure.section,
        figure.key,
        figure.label,
        figure.programme,
        PERIOD_NAMES.get(figure.period, figure.period),
        dates["start"],
        dates["end"],
        figure.value,
        figure.status,
        f"{definition['counts']} Dated by {definition['dated_by']}.",
    )


def _safe(cells: tuple) -> tuple[str, ...]:
    """Stop a spreadsheet reading a cell (a stage or programme name) as a formula."""
    texts = tuple(str(cell) for cell in cells)
    return tuple("'" + t if t[:1] in ("=", "+", "-", "@", "\t", "\r") else t for t in texts)
