"""An employer's reporting settings. Functions flush; the request commits."""

from __future__ import annotations

from pathway.auth.models import Organisation
from pathway.extensions import db
from pathway.refusals import ActionRefused


def set_financial_year_start(employer: Organisation, month: int) -> None:
    """The month (1-12) on whose first day the employer's financial year starts."""
    if not employer.is_employer:
        raise ActionRefused("Only an employer has a financial year to report on.")
    if not 1 <= month <= 12:
        raise ActionRefused("Choose a month from January to December.")
    employer.financial_year_start_month = month
    db.session.flush()
