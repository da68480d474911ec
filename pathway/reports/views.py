"""Redress figures for corporate responsibility officers: a page and a CSV of the same figures.

Both compute the figures once and publish them through disclosure control; neither shows
or exports anything about a person.
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user

from pathway.auth.models import Role
from pathway.auth.policy import role_required
from pathway.clock import today_london
from pathway.reports.disclosure import PublishedFigures, disclosure_policy, publish
from pathway.reports.figures import compute_figures
from pathway.reports.forms import PeriodForm, last_twelve_months

bp = Blueprint("reports", __name__, url_prefix="/figures")

CSV_COLUMNS = ("section", "figure", "value")


@bp.route("/")
@role_required(Role.CR_OFFICER)
def figures():
    form = _period_form()
    if not form.validate():
        return _form_with_errors(form)
    published = _published_figures(form)
    return render_template(
        "reports/figures.html", form=form, figures=published, policy=published.policy
    )


@bp.route("/figures.csv")
@role_required(Role.CR_OFFICER)
def figures_csv():
    form = _period_form()
    if not form.validate():
        return _form_with_errors(form)
    published = _published_figures(form)
    filename = f"pathway-figures-{published.start.isoformat()}-{published.end.isoformat()}.csv"
    return Response(
        figures_as_csv(published),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _period_form() -> PeriodForm:
    start, end = last_twelve_months(today_london())
    return PeriodForm(request.args, start=start, end=end)


def _published_figures(form: PeriodForm) -> PublishedFigures:
    raw = compute_figures(current_user.organisation_id, form.start.data, form.end.data)
    return publish(raw, current_app.config["DISCLOSURE_THRESHOLD"])


def _form_with_errors(form: PeriodForm):
    policy = disclosure_policy(current_app.config["DISCLOSURE_THRESHOLD"])
    return render_template("reports/figures.html", form=form, figures=None, policy=policy), 422


def figures_as_csv(published: PublishedFigures) -> str:
    """One row per published figure, after the period it covers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerow(("Period", "From", published.start.isoformat()))
    writer.writerow(("Period", "To (included)", published.end.isoformat()))
    for section in published.sections:
        for row in section.rows:
            writer.writerow(_safe_cells((section.title, row.label, row.text)))
    return out.getvalue()


def _safe_cells(cells: tuple[str, ...]) -> tuple[str, ...]:
    """Stop a spreadsheet reading a cell (e.g. a stage name) as a formula."""
    return tuple(
        "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell for cell in cells
    )
