"""The periods figures are given for: whole financial years.

Figures that anyone may ask for over any dates could be taken apart by subtraction: two
ranges a day apart differ by that day's events. So the figures-only role (CR officers),
every report prepared or published and the public ``/verify`` page use one fixed grain -
the employer's complete financial years, which never overlap (and the first month of the
year is fixed once a report is prepared) - and each year's figures, and what is
hidden in them, are decided from that year alone (``report.build_report`` with the year
before as its own report). Whatever years a reader combines, no figure of one year can be
worked out from another's. Partnership leads, who see the people anyway, may also look at
any range of dates on the figures page; nothing of that is published.
"""

from __future__ import annotations

from datetime import date

from pathway.auth.models import Organisation
from pathway.reports.figures.periods import Period, financial_year_containing, financial_year_name

GRAIN = (
    "Figures are given for whole, complete financial years only. Each year's figures, and "
    "which of them are hidden, are worked out from that year alone, so that no figure can be "
    "found by comparing one period with another."
)


def is_financial_year(employer: Organisation, period: Period) -> bool:
    return financial_year_name(period, employer.financial_year_start_month) is not None


def grain_refusal(employer: Organisation, period: Period, today: date) -> str | None:
    """Why figures cannot be given for ``period`` at the fixed grain (None: they can)."""
    year = financial_year_containing(period.start, employer.financial_year_start_month)
    if not is_financial_year(employer, period):
        return (
            f"Figures are given for whole financial years, such as {year.label}. "
            "Choose one of your financial years."
        )
    if period.start > today:
        return f"The financial year {period.label} has not started yet: there is nothing to show."
    if period.end >= today:
        return (
            f"The financial year {period.label} is not over yet: figures are given for "
            "complete years, so that a day's figures cannot be found by asking again the "
            "next day."
        )
    return None
