"""The differencing attacker: a figures-only reader (a CR officer) asks for every period the
app will answer over three years of a generated history - every financial year, every run
of one, three and twelve months from every month - adds what every published report says,
and solves exactly for each figure it was not shown.

Counts add up over periods that do not overlap (a quarter's nominations are its months'),
and the report's own definitions hold in every month, so the attacker works with the months
as unknowns: a shown figure of a period is the sum of its months'; a hidden one is found
when that sum lies in the span of what was shown (rational arithmetic, exactly). Before the
fixed grain, months and overlapping ranges were answered and this recovered hidden counts.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from pathway.auth.models import Organisation, OrganisationKind, Role
from pathway.clock import today_london
from pathway.devdata.scale.generate import Scale, generate
from pathway.extensions import db
from pathway.reports.disclosure.control import Policy
from pathway.reports.disclosure.tables import CURRENT, lay_out
from pathway.reports.figures.compute import compute_figures
from pathway.reports.figures.periods import Period, add_months, financial_year_containing
from pathway.reports.publishing.snapshots import prepare_draft, publish_draft
from tests.attacks.algebra import Span
from tests.factories import Factory

MONTHS = 36
COUNTED = ("count", "hours")


@pytest.fixture(scope="module")
def employer(attack_app) -> Organisation:
    today = today_london()
    generate(Scale(employers=1, sites=8, candidates=700, years=3, seed=5, until=today))
    return db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.EMPLOYER)
    ).one()


def months_of(period: Period) -> list[date] | None:
    """The calendar months a period is made of (None: it is not whole months)."""
    if period.start.day != 1 or (period.end + timedelta(days=1)).day != 1:
        return None
    months, month = [], period.start
    while month <= period.end:
        months.append(month)
        month = add_months(month, 1)
    return months


def asked_periods(employer: Organisation) -> list[Period]:
    first = add_months(today_london().replace(day=1), -MONTHS)
    periods = []
    for back in range(MONTHS + 1):
        start = add_months(first, back)
        for length in (1, 3, 12):
            periods.append(Period(start, add_months(start, length) - timedelta(days=1)))
    year = financial_year_containing(first, employer.financial_year_start_month)
    while year.start <= today_london():
        periods.append(year)
        year = Period(add_months(year.start, 12), add_months(year.end, 12))
    return periods


def published(employer: Organisation, officer) -> list[dict]:
    """Every complete financial year, published as a report: its frozen document."""
    documents = []
    year = financial_year_containing(
        add_months(today_london(), -MONTHS), employer.financial_year_start_month
    )
    while year.end < today_london():
        draft = prepare_draft(employer, year, officer, Policy(), today_london())
        documents.append(json.loads(publish_draft(draft, officer).content))
        year = Period(add_months(year.start, 12), add_months(year.end, 12))
    db.session.commit()
    return documents


def definitions(employer: Organisation) -> list[dict]:
    """The report's relations between its rows, which hold in every period and so in every
    month: by row label, column and period (the attacker reads them off the definitions)."""
    year = financial_year_containing(today_london(), employer.financial_year_start_month)
    layout = lay_out(compute_figures(employer, year, today_london()), Policy())
    label = {row.key: row.label for section in layout.sections for row in section.rows}
    relations = []
    for relation in layout.relations:
        if all(key[0] in label and key[-1] == CURRENT for key in relation):
            relations.append({(label[key[0]], key[1]): value for key, value in relation.items()})
    return relations


def what_is_known(documents: list[dict], relations: list[dict]):
    """(the span of what the answers tell, the months-sums of every figure not shown)."""
    months: set[date] = set()
    shown, hidden = [], []
    for document in documents:
        for period_name, period_key in (("period", CURRENT), ("previous_period", "previous")):
            period = document[period_name]
            span = months_of(
                Period(date.fromisoformat(period["start"]), date.fromisoformat(period["end"]))
            )
            if span is None:
                continue
            months.update(span)
            for section in document["sections"]:
                for row in section["rows"]:
                    if row["kind"] not in COUNTED:
                        continue
                    for column, values in row["values"].items():
                        cell = values[period_key]
                        sum_of = {(row["label"], column, month): 1 for month in span}
                        (shown if cell["status"] == "shown" else hidden).append(sum_of)
    equations = list(shown)
    for month in months:
        equations += [{(*key, month): c for key, c in relation.items()} for relation in relations]
    keys = sorted({key for vector in equations + hidden for key in vector}, key=repr)
    position = {key: i for i, key in enumerate(keys)}
    return Span(equations, position.__getitem__), hidden


def test_no_hidden_figure_can_be_worked_out_from_every_answer_and_report(
    attack_app, employer, login_as
):
    officer = Factory().user(Role.CR_OFFICER, employer)
    client = login_as(officer)
    # Moving the financial year would give years that overlap: a month apart, they differ
    # by two months' figures. Only the partnership lead sets it, and never once a report
    # has been prepared.
    for month in range(1, 13):
        moved = client.post("/figures/financial-year", data={"start_month": str(month)})
        assert moved.status_code == 403
    answered, refused = [], 0
    for period in asked_periods(employer):
        query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        response = client.get("/figures/figures.json", query_string=query)
        if response.status_code == 200:
            answered.append(response.get_json()["report"])
        else:
            assert response.status_code == 422, response.status_code
            refused += 1
    documents = answered + published(employer, officer)
    known, hidden = what_is_known(documents, definitions(employer))

    assert hidden, "nothing was hidden: the attack proves nothing on these data"
    recovered = [target for target in hidden if target in known]
    assert recovered == [], f"{len(recovered)} of {len(hidden)} hidden figures worked out"
    assert refused > 0 and len(answered) >= 3
