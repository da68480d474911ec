"""SVG charts of a published report: the funnel, and this period against the previous one.

Charts draw only published values: a hidden or small figure has no bar, only its words.
Every bar carries its number as text, and each chart has a title and a description, so the
chart reads the same to a screen reader, in print and in the PDF.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from pathway.reports.disclosure.tables import CURRENT, PREVIOUS, TOTAL
from pathway.reports.document.report import find_row

WIDTH = 640
LABEL_WIDTH = 250
BAR_SPACE = WIDTH - LABEL_WIDTH - 110
ROW = 30
COLOURS = {"bar": "#1f5f8b", "bar earlier": "#9ab8cf"}  # attributes: a PDF reads no SVG CSS
MUTED = "#5b6472"
COMPARED = ("nominated", "started", "interviewed", "hired", "started_work")


def funnel_chart(document: dict) -> Markup:
    """Horizontal bars, one per funnel step, for all programmes in the period."""
    section = next(s for s in document["sections"] if s["key"] == "funnel")
    steps = [(row["label"], row["values"][TOTAL][CURRENT]) for row in section["rows"]]
    biggest = max([value["value"] or 0 for _, value in steps] + [1])
    height = ROW * len(steps) + 10
    parts = [_open("funnel-chart", "From starting to a job", _described(steps), height)]
    for index, (label, value) in enumerate(steps):
        y = 5 + index * ROW
        parts.append(_label(label, y))
        parts.append(_bar(value, biggest, y, "bar"))
    parts.append("</svg>")
    return Markup("".join(parts))


def comparison_chart(document: dict) -> Markup:
    """Pairs of bars: this period above the previous one, for the headline figures."""
    rows = [find_row(document, key) for key in COMPARED]
    rows = [row for row in rows if row is not None]
    pairs = [
        (row["label"], row["values"][TOTAL][CURRENT], row["values"][TOTAL][PREVIOUS])
        for row in rows
    ]
    values = [v["value"] or 0 for _, now, before in pairs for v in (now, before)]
    biggest = max(values + [1])
    height = ROW * 2 * len(pairs) + 40
    described = "; ".join(
        f"{label}: {now['text']} this period, {before['text']} the previous period"
        for label, now, before in pairs
    )
    parts = [_open("comparison-chart", "This period against the previous one", described, height)]
    parts.append(
        f'<rect x="{LABEL_WIDTH}" y="4" width="12" height="12" fill="{COLOURS["bar"]}"/>'
        f'<text x="{LABEL_WIDTH + 18}" y="14">This period</text>'
        f'<rect x="{LABEL_WIDTH + 120}" y="4" width="12" height="12" '
        f'fill="{COLOURS["bar earlier"]}"/>'
        f'<text x="{LABEL_WIDTH + 138}" y="14">Previous period</text>'
    )
    for index, (label, now, before) in enumerate(pairs):
        y = 30 + index * ROW * 2
        parts.append(_label(label, y + ROW // 2))
        parts.append(_bar(now, biggest, y, "bar", thin=True))
        parts.append(_bar(before, biggest, y + ROW - 4, "bar earlier", thin=True))
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(css_id: str, title: str, description: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{css_id}" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{css_id}-title {css_id}-desc">'
        f'<title id="{css_id}-title">{escape(title)}</title>'
        f'<desc id="{css_id}-desc">{escape(description)}</desc>'
    )


def _described(steps) -> str:
    return "; ".join(f"{label}: {value['text']}" for label, value in steps)


def _label(text: str, y: int) -> str:
    short = text if len(text) <= 38 else text[:36] + "..."
    return f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">{escape(short)}</text>'


def _bar(value: dict, biggest: int | float, y: int, css: str, thin: bool = False) -> str:
    height = 12 if thin else 20
    if value["value"] is None:
        return (
            f'<text x="{LABEL_WIDTH}" y="{y + height - 2}" fill="{MUTED}" font-style="italic">'
            f"{escape(value['text'])}</text>"
        )
    width = round(BAR_SPACE * (value["value"] / biggest)) if biggest else 0
    return (
        f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width}" height="{height}" '
        f'fill="{COLOURS[css]}"/>'
        f'<text x="{LABEL_WIDTH + width + 6}" y="{y + height}">{escape(value["text"])}</text>'
    )
