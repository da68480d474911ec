"""One way to show a report document, whatever asks for it: a page, a PDF, CSV or JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from flask import Response, current_app, render_template, url_for
from markupsafe import Markup

from pathway.clock import to_london
from pathway.reports.disclosure.control import Policy
from pathway.reports.document.charts import comparison_chart, funnel_chart
from pathway.reports.document.exports.csv import report_csv
from pathway.reports.document.exports.json import SCHEMA_PATH, report_json
from pathway.reports.document.exports.pdf import report_pdf
from pathway.reports.document.statement import Statement, statement_text
from pathway.reports.publishing.snapshots import PartnerStatus

LIVE, DRAFT, PUBLISHED = "live", "draft", "published"


def current_policy() -> Policy:
    return Policy.from_config(current_app.config)


def verify_url(reference: str) -> str:
    return url_for("verify.report", reference=reference, _external=True)


@dataclass
class ReportPage:
    """A report document with what a page around it needs."""

    document: dict
    status: str  # LIVE (computed now), DRAFT (frozen for checking) or PUBLISHED
    sha256: str | None = None
    intact: bool = True
    partners: list[PartnerStatus] = field(default_factory=list)
    newer: str | None = None  # the reference of the version that replaces this one

    @property
    def reference(self) -> str | None:
        return self.document.get("reference")

    @property
    def verify_url(self) -> str | None:
        return verify_url(self.reference) if self.reference else None

    @property
    def funnel_svg(self) -> Markup:
        return funnel_chart(self.document)

    @property
    def comparison_svg(self) -> Markup:
        return comparison_chart(self.document)

    @property
    def published_at(self) -> str:
        stamp = self.document.get("published_at")
        if not stamp:
            return ""
        moment = datetime.fromisoformat(stamp.removesuffix("Z"))
        return to_london(moment).strftime("%d %B %Y, %H:%M")

    @property
    def statement(self) -> Statement | None:
        return statement_text(self.document, self.verify_url) if self.reference else None

    @property
    def definitions(self) -> list[tuple[str, dict]]:
        """The definitions the report's rows use, in the order the rows first use them."""
        seen: dict[str, dict] = {}
        for section in self.document["sections"]:
            for row in section["rows"]:
                key = row["definition"]
                seen.setdefault(key, self.document["definitions"][key])
        for key in ("sites", "regions", "partners", "left_out"):
            seen.setdefault(key, self.document["definitions"][key])
        return list(seen.items())

    def column_label(self, key: str) -> str:
        return next(c["label"] for c in self.document["columns"] if c["key"] == key)


def filename(document: dict, extension: str) -> str:
    """E.g. ``PW-2026-0007.pdf``, or ``pathway-figures-DRAFT-2025-04-01-2026-03-31.csv``."""
    if document.get("reference"):
        name = document["reference"]
    else:
        period = document["period"]
        name = f"pathway-figures-DRAFT-{period['start']}-{period['end']}"
    return re.sub(r"[^A-Za-z0-9._-]", "", name) + "." + extension


def download(body: str | bytes, mimetype: str, name: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def csv_download(page: ReportPage) -> Response:
    body = report_csv(page.document, page.sha256)
    return download(body, "text/csv", filename(page.document, "csv"))


def json_download(page: ReportPage) -> Response:
    schema = url_for("static", filename=SCHEMA_PATH, _external=True)
    body = report_json(page.document, page.sha256, schema)
    return download(body, "application/json", filename(page.document, "json"))


def pdf_download(page: ReportPage) -> Response:
    html = render_template("reports/document.html", page=page, css=_stylesheet())
    return download(report_pdf(html), "application/pdf", filename(page.document, "pdf"))


def _stylesheet() -> Markup:
    with current_app.open_resource("static/reports.css") as css:
        return Markup(css.read().decode("utf-8"))
