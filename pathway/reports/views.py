"""Programme figures for CR officers and partnership leads: the figures of any period as
they would be published, as a page, CSV, JSON or PDF; and the employer's financial year.

Every view computes the figures once and renders the document disclosure control made;
none shows or exports anything about a person.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from pathway.access import REPORT_STAFF, role_required
from pathway.audit.services import record_audit
from pathway.auth.models import Role
from pathway.clock import today_london
from pathway.extensions import db
from pathway.reports.blueprint import bp
from pathway.reports.disclosure.grain import GRAIN, grain_refusal
from pathway.reports.document.period import report_document
from pathway.reports.document.rendering import (
    LIVE,
    ReportPage,
    csv_download,
    current_policy,
    json_download,
    pdf_download,
)
from pathway.reports.document.report import long_date
from pathway.reports.figures.counted_years import counted_on, give_out, recount_year
from pathway.reports.figures.periods import (
    Period,
    financial_year_name,
    last_complete_financial_year,
    previous_period,
)
from pathway.reports.forms import DraftForm, FinancialYearForm, PeriodForm
from pathway.reports.settings import set_financial_year_start
from pathway.saving import save

bp.add_app_template_filter(long_date, "long_date")


@bp.route("/")
@role_required(*REPORT_STAFF)
def figures():
    form = _period_form()
    if not _valid(form):
        return figures_page(form, None, 422)
    return figures_page(form, _live_report(form.period))


def _valid(form: PeriodForm) -> bool:
    """A period the user may be given figures for: figures-only readers get whole financial
    years only (``grain``); the refusal says which periods it can show, beside the dates."""
    if not form.validate():
        return False
    if current_user.role is Role.CR_OFFICER:
        refusal = grain_refusal(current_user.organisation, form.period, today_london())
        if refusal:
            form.start.errors = [*form.start.errors, refusal]
            return False
    return True


@bp.route("/figures.csv")
@role_required(*REPORT_STAFF)
def figures_csv():
    return _export(csv_download)


@bp.route("/figures.json")
@role_required(*REPORT_STAFF)
def figures_json():
    return _export(json_download)


@bp.route("/figures.pdf")
@role_required(*REPORT_STAFF)
def figures_pdf():
    return _export(pdf_download)


@bp.route("/recount", methods=["POST"])
@role_required(Role.PARTNERSHIP_LEAD)  # a figures-only reader recounting could difference
def recount():
    form = DraftForm()
    if form.validate():
        saved = save(lambda: recount_year(current_user.organisation, form.period, today_london()))
        if saved:
            record_audit("recount", "financial_year", form.period.start.isoformat())
            flash(
                f"{form.period.label} is counted again from the history as it is now.",
                "success",
            )
            return redirect(
                url_for(
                    "reports.figures",
                    start=form.period.start.isoformat(),
                    end=form.period.end.isoformat(),
                )
            )
        form.start.errors = [*form.start.errors, saved.refusal]
    period_form = PeriodForm(formdata=None, start=form.start.data, end=form.end.data)
    return figures_page(period_form, None, 422, draft_form=form)


@bp.route("/financial-year", methods=["GET", "POST"])
@role_required(Role.PARTNERSHIP_LEAD)  # a figures-only reader moving it would get other years
def financial_year():
    employer = current_user.organisation
    form = FinancialYearForm(data={"start_month": employer.financial_year_start_month})
    if request.method == "POST":
        form = FinancialYearForm()
        if form.validate():
            saved = save(lambda: set_financial_year_start(employer, form.start_month.data))
            if not saved:
                return render_template(
                    "reports/financial_year.html", form=form, refusal=saved.refusal
                ), 422
            flash("Your financial year is saved.", "success")
            return redirect(url_for("reports.figures"))
        return render_template("reports/financial_year.html", form=form), 422
    return render_template("reports/financial_year.html", form=form)


def figures_page(form, page: ReportPage | None, status: int = 200, draft_form=None):
    """The figures page: the period form, quick periods, and the report if there is one."""
    employer = current_user.organisation
    today = today_london()
    month = employer.financial_year_start_month
    last = last_complete_financial_year(today, month)
    quick = [
        (financial_year_name(period, month), period) for period in (previous_period(last), last)
    ]
    if draft_form is None and page is not None:
        period = _period_of(page.document)
        draft_form = DraftForm(formdata=None, start=period.start, end=period.end)
    return render_template(
        "reports/figures.html",
        form=form,
        page=page,
        quick=quick,
        draft_form=draft_form,
        policy=_page_policy(),
        counted_on=page and counted_on(employer, _period_of(page.document)),
    ), status


def _period_of(document: dict) -> Period:
    period = document["period"]
    return Period(date.fromisoformat(period["start"]), date.fromisoformat(period["end"]))


def _page_policy():
    """The policy as the page states it: a figures-only reader is told the grain too."""
    policy = current_policy()
    return replace(policy, grain=GRAIN) if current_user.role is Role.CR_OFFICER else policy


def _period_form() -> PeriodForm:
    default = last_complete_financial_year(
        today_london(), current_user.organisation.financial_year_start_month
    )
    return PeriodForm(request.args, start=default.start, end=default.end)


def _live_report(period: Period) -> ReportPage:
    employer = current_user.organisation
    raw, document = report_document(employer, period, current_policy(), today_london())
    if current_user.role is Role.CR_OFFICER:
        give_out(employer, [raw.period, raw.previous])
    db.session.commit()  # a complete year counted for the first time is kept
    return ReportPage(document, LIVE)


def _export(respond):
    form = _period_form()
    if not _valid(form):
        return figures_page(form, None, 422)
    return respond(_live_report(form.period))
