"""CSV: one row per published figure, with its definition, the period and the report's
reference and hash (a draft says it is not for citation)."""

from __future__ import annotations

import csv
import io

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


def report_csv(document: dict, sha256: str | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    report = document.get("reference") or DRAFT
    columns = {column["key"]: column["label"] for column in document["columns"]}
    periods = {CURRENT: document["period"], PREVIOUS: document["previous_period"]}

    def write(section, key, label, programme, period, value, status, definition_key):
        definition = document["definitions"][definition_key]
        dates = periods.get(period, {"start": document["as_of"], "end": document["as_of"]})
        writer.writerow(
            _safe(
                (
                    report,
                    sha256 or "",
                    section,
                    key,
                    label,
                    programme,
                    PERIOD_NAMES.get(period, period),
                    dates["start"],
                    dates["end"],
                    value,
                    status,
                    f"{definition['counts']} Dated by {definition['dated_by']}.",
                )
            )
        )

    for section in document["sections"]:
        for row in section["rows"]:
            for column, values in row["values"].items():
                for period in (CURRENT, PREVIOUS):
                    value = values[period]
                    write(
                        section["title"],
                        row["key"],
                        row["label"],
                        columns[column],
                        period,
                        value["text"],
                        value["status"],
                        row["definition"],
                    )
    context = document["context"]
    for column, sites in context["sites"].items():
        write(
            "Context",
            "sites",
            "Taking-part sites",
            columns[column],
            "as at",
            sites,
            "shown",
            "sites",
        )
    for period, key in ((CURRENT, "partners"), (PREVIOUS, "previous_partners")):
        names = "; ".join(context[key])
        write(
            "Context",
            "partners",
            "Partner support providers",
            columns["total"],
            period,
            names,
            "shown",
            "partners",
        )
    write(
        "Context",
        "regions",
        "Regions",
        columns["total"],
        "as at",
        "; ".join(context["regions"]),
        "shown",
        "regions",
    )
    for period in (CURRENT, PREVIOUS):
        value = document["left_out"][period]
        write(
            "Context",
            "left_out",
            "Left out: no consent to be counted",
            columns["total"],
            period,
            value["text"],
            value["status"],
            "left_out",
        )
    return out.getvalue()


def _safe(cells: tuple) -> tuple[str, ...]:
    """Stop a spreadsheet reading a cell (a stage or programme name) as a formula."""
    texts = tuple(str(cell) for cell in cells)
    return tuple("'" + t if t[:1] in ("=", "+", "-", "@", "\t", "\r") else t for t in texts)
