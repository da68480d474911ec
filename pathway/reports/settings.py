"""An employer's reporting settings. Functions flush; the request commits."""

from __future__ import annotations

from sqlalchemy import exists, select

from pathway.auth.models import Organisation
from pathway.extensions import db
from pathway.refusals import ActionRefused
from pathway.reports.figures.counted_years import forget_counts
from pathway.reports.models import CountedYear, ReportDraft, ReportSnapshot


def set_financial_year_start(employer: Organisation, month: int) -> None:
    """The month (1-12) on whose first day the employer's financial year starts. Fixed once
    a year's figures have been given out (read by a CR officer, prepared or published):
    years starting in another month would overlap those years, and two overlapping years
    differ by a month's figures (``grain``)."""
    if not employer.is_employer:
        raise ActionRefused("Only an employer has a financial year to report on.")
    if not 1 <= month <= 12:
        raise ActionRefused("Choose a month from January to December.")
    if month == employer.financial_year_start_month:
        return
    given = (
        exists().where(ReportSnapshot.employer_id == employer.id),
        exists().where(ReportDraft.employer_id == employer.id),
        exists().where(CountedYear.employer_id == employer.id, CountedYear.given_out),
    )
    for condition in given:
        if db.session.scalar(select(condition)):
            raise ActionRefused(
                "Your financial year cannot change now that figures have been given for one "
                "of your years: years starting in another month would overlap the years "
                "already given."
            )
    forget_counts(employer)  # seen by partnership leads only: counted again on the new years
    employer.financial_year_start_month = month
    db.session.flush()
