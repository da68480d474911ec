"""The identity finder: identities between figures are derived from data, not listed.

On a generated history (several employers, three years), it lays out the figures of every
employer for every month - many different datasets - and finds every linear identity that
holds in all of them: the null space of the matrix whose rows are the datasets and whose
columns are the cells' values. Disclosure control works from the relations the report
declares (``reports/disclosure/tables.py``); each identity found must follow from them, or a reader
could use it to work a hidden figure out from a published one, as "interviews due" once
gave away a hidden "completed training".
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select

from pathway.auth.models import Organisation, OrganisationKind
from pathway.devdata.scale.generate import Scale, generate
from pathway.extensions import db
from pathway.placements.follow_ups import due_dates
from pathway.placements.models import RetentionCheck, StageEvent
from pathway.placements.vocabulary import EventKind, RetentionAnswer
from pathway.reports.disclosure.control import Policy
from pathway.reports.disclosure.tables import CURRENT, TOTAL, lay_out
from pathway.reports.figures.compute import compute_figures
from pathway.reports.figures.periods import Period, add_months
from tests.attacks.algebra import Span

UNTIL = date(2026, 11, 1)
MONTHS = 30


@pytest.fixture(scope="module")
def samples(attack_app) -> tuple[list[dict], list[dict]]:
    """(each dataset's counted cells by key, every relation the layouts declared)."""
    generate(Scale(employers=4, sites=12, candidates=1400, years=3, seed=11, until=UNTIL))
    _answer_follow_ups(random.Random(11))
    employers = db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.EMPLOYER)
    ).all()
    rows, relations = [], {}
    for employer in employers:
        for back in range(1, MONTHS + 1):
            start = add_months(UNTIL, -back)  # a calendar month
            period = Period(start, add_months(start, 1) - timedelta(days=1))
            layout = lay_out(compute_figures(employer, period, UNTIL), Policy())
            rows.append(
                {
                    key: cell.value
                    for key, cell in layout.cells.items()
                    if not cell.virtual and key[1] == TOTAL and key[2] == CURRENT
                }
            )
            for relation in layout.relations:
                relations[frozenset(relation.items())] = relation
    return rows, list(relations.values())


def _answer_follow_ups(rng: random.Random) -> None:
    """The generator writes no follow-ups: answer each hire's that are due, every way."""
    hires = db.session.execute(
        select(StageEvent.placement_id, StageEvent.start_date).where(
            StageEvent.kind == EventKind.HIRED, StageEvent.start_date.is_not(None)
        )
    ).all()
    for placement_id, start in hires:
        for months, due_on in due_dates(start).items():
            if due_on > UNTIL:
                continue
            answer = rng.choice([*RetentionAnswer, None])
            db.session.add(
                RetentionCheck(
                    placement_id=placement_id,
                    months=months,
                    due_on=due_on,
                    answer=answer,
                    answered_at=None if answer is None else datetime.combine(due_on, time(12)),
                )
            )
    db.session.commit()


def null_space(matrix: list[list[int]], width: int) -> list[dict[int, Fraction]]:
    """A basis of {v : matrix v = 0}, exactly (Gauss-Jordan over the rationals)."""
    rows = [[Fraction(value) for value in row] for row in matrix]
    pivots, r = [], 0
    for column in range(width):
        found = next((i for i in range(r, len(rows)) if rows[i][column]), None)
        if found is None:
            continue
        rows[r], rows[found] = rows[found], rows[r]
        scale = rows[r][column]
        rows[r] = [value / scale for value in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][column]:
                factor = rows[i][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(column)
        r += 1
    free = [column for column in range(width) if column not in pivots]
    basis = []
    for column in free:
        vector = {column: Fraction(1)}
        for row, pivot in zip(rows, pivots, strict=False):
            if row[column]:
                vector[pivot] = -row[column]
        basis.append(vector)
    return basis


def test_every_identity_between_the_figures_is_known_to_disclosure_control(samples):
    rows, relations = samples
    keys = sorted({key for row in rows for key in row}, key=repr)
    varying = [key for key in keys if len({row.get(key, 0) for row in rows}) > 1]
    assert len(rows) > 2 * len(varying), "too few datasets to tell identities from chance"
    matrix = [[row.get(key, 0) for key in varying] for row in rows]
    identities = [
        {varying[i]: value for i, value in vector.items()}
        for vector in null_space(matrix, len(varying))
    ]
    every_key = sorted({key for relation in relations for key in relation} | set(keys), key=repr)
    position = {key: i for i, key in enumerate(every_key)}
    known = Span(relations, position.__getitem__)
    unknown = [identity for identity in identities if identity not in known]
    assert unknown == [], "identities disclosure control does not know: " + "; ".join(
        " + ".join(f"{value} x {key[0]}" for key, value in identity.items()) for identity in unknown
    )
