"""A complete year counted once: its raw counts kept as JSON come back exactly as counted."""

import json

from sqlalchemy import func, select

from pathway.extensions import db
from pathway.placements.vocabulary import RetentionAnswer
from pathway.reports.figures.compute import compute_figures
from pathway.reports.figures.counted_years import decode, encode, year_figures
from pathway.reports.models import CountedYear
from tests.reports.builders import AS_OF, YEAR


def test_kept_counts_read_back_exactly_as_they_were_counted(scheme, people):
    scheme.check(scheme.hired(), 6, RetentionAnswer.LEFT)
    scheme.decline()
    scheme.ended_after(2)
    scheme.interviewed()
    raw = compute_figures(scheme.employer, YEAR, AS_OF)
    assert raw.total().hired and raw.total().retention and raw.total().attendance

    kept = json.loads(json.dumps(encode(raw)))  # through JSON, as the column stores it

    assert decode(kept) == raw


def test_a_year_is_counted_once_however_often_it_is_asked_for(scheme, people):
    first = year_figures(scheme.employer, YEAR, AS_OF)
    scheme.hired()
    assert year_figures(scheme.employer, YEAR, AS_OF) == first
    assert db.session.scalar(select(func.count()).select_from(CountedYear)) == 1
