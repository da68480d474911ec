"""The report document of an employer's period, as every page, export and draft shows it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pathway.auth.models import Organisation
from pathway.reports.disclosure.control import Policy
from pathway.reports.disclosure.grain import is_financial_year
from pathway.reports.document.report import build_report
from pathway.reports.figures.compute import RawFigures, compute_figures
from pathway.reports.figures.counted_years import year_figures
from pathway.reports.figures.counts import Counts
from pathway.reports.figures.periods import Period


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
    raw = _beside(raw, earlier)
    return raw, build_report(raw, policy, employer.financial_year_start_month, earlier)


def _year(employer: Organisation, year: Period, today: date) -> RawFigures:
    if year.end < today:
        return year_figures(employer, year, today)
    return compute_figures(employer, year, today)  # not over: a partnership lead's look


def _beside(raw: RawFigures, earlier: RawFigures) -> RawFigures:
    """``raw`` with the year before exactly as that year's own figures have it (counted on
    its own day, not again on this year's): counts, medians, partners and those left out,
    over both years' programmes. This year's stages lead the rows (they include every stage
    passed in either year, as this year was counted)."""
    ours = {programme.id for programme in raw.programmes}
    programmes = raw.programmes + tuple(p for p in earlier.programmes if p.id not in ours)
    return replace(
        raw,
        programmes=tuple(programmes),
        current={p.id: raw.current.get(p.id, Counts()) for p in programmes},
        earlier={p.id: earlier.current.get(p.id, Counts()) for p in programmes},
        earlier_partners=earlier.partners,
        earlier_left_out=earlier.left_out,
    )
