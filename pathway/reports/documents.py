"""The report document of an employer's period, as every page, export and draft shows it."""

from __future__ import annotations

from datetime import date

from pathway.auth.models import Organisation
from pathway.reports.counted_years import year_figures
from pathway.reports.disclosure import Policy
from pathway.reports.figures import RawFigures, compute_figures
from pathway.reports.grain import is_financial_year
from pathway.reports.periods import Period
from pathway.reports.report import build_report


def report_document(
    employer: Organisation, period: Period, policy: Policy, today: date
) -> tuple[RawFigures, dict]:
    """The period's figures and their document. A financial year is protected from its own
    figures, the year before shown as its own report shows it (``grain``), and a complete
    one is counted once (``counted_years``); any other range (a partnership lead's) is
    counted now and protected on its own."""
    if not is_financial_year(employer, period):
        raw = compute_figures(employer, period, today)
        return raw, build_report(raw, policy, employer.financial_year_start_month)
    raw = _year(employer, period, today)
    earlier = _year(employer, raw.previous, today)
    return raw, build_report(raw, policy, employer.financial_year_start_month, earlier)


def _year(employer: Organisation, year: Period, today: date) -> RawFigures:
    if year.end < today:
        return year_figures(employer, year, today)
    return compute_figures(employer, year, today)  # not over: a partnership lead's look
