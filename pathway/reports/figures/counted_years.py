"""A complete financial year is counted once.

Counted again on another day, a year's figures would differ by whatever was recorded in
between - a follow-up answered, an interview recorded late, a consent to be counted
withdrawn - and the two answers side by side would show those few people. So the first
time a complete year's figures are needed (a page, an export, a draft), its raw counts are
kept (``CountedYear``), and every later page, export, draft and report of the year is made
from them, saying on which day they were counted. A partnership lead may recount a year, to
correct it before it is published or for a corrected version; the recount replaces the kept
counts (the year it appears beside, the year after, then shows it so too) and is in the
audit trail.

Functions flush; the request commits. The kept counts are written in a savepoint, so that
two requests counting a year at once keep one; on SQLite that savepoint commits them at once.
The counts hold no one's identity: numbers of people, the names of programmes, partners and
the employer as they were that day, and each counted person's days to interview and to
hire, without anything that links them to a person (the medians are worked out from them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from pathway.auth.models import Organisation
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.refusals import ActionRefused
from pathway.reports.disclosure.grain import grain_refusal
from pathway.reports.figures.compute import ProgrammeInfo, RawFigures, compute_figures
from pathway.reports.figures.counts import Counts
from pathway.reports.figures.periods import Period
from pathway.reports.models import CountedYear


def year_figures(employer: Organisation, year: Period, today: date) -> RawFigures:
    """The complete financial ``year``'s figures: as first counted, or counted now and kept."""
    kept = _kept(employer, year)
    if kept is not None:
        return decode(kept.counts)
    raw = compute_figures(employer, year, today)
    try:
        with db.session.begin_nested():  # another request may be counting it too
            db.session.add(_record(employer, year, raw))
    except IntegrityError:
        return decode(_kept(employer, year).counts)
    return raw


def recount_year(employer: Organisation, year: Period, today: date) -> RawFigures:
    """Count a complete financial year again from the history as it is now, and keep that."""
    refusal = grain_refusal(employer, year, today)
    if refusal:
        raise ActionRefused(refusal)
    kept = _kept(employer, year)
    if kept is None:  # never counted: counted now
        return year_figures(employer, year, today)
    raw = compute_figures(employer, year, today)
    kept.counts, kept.counted_at = encode(raw), utcnow()
    db.session.flush()
    return raw


def counted_on(employer: Organisation, year: Period) -> date | None:
    """The (UK) day the year was counted, if it has been."""
    kept = _kept(employer, year)
    return date.fromisoformat(kept.counts["as_of"]) if kept is not None else None


def give_out(employer: Organisation, years: list[Period]) -> None:
    """Note that a figures-only reader has been given these years: the financial year is
    fixed from then on (``settings``)."""
    db.session.execute(
        update(CountedYear)
        .where(
            CountedYear.employer_id == employer.id,
            CountedYear.period_start.in_([year.start for year in years]),
            CountedYear.given_out.is_(False),
        )
        .values(given_out=True)
    )


def forget_counts(employer: Organisation) -> None:
    """Drop the employer's kept years (none given out): its financial year is moving."""
    db.session.execute(delete(CountedYear).where(CountedYear.employer_id == employer.id))


def _kept(employer: Organisation, year: Period) -> CountedYear | None:
    return db.session.scalar(
        select(CountedYear).where(
            CountedYear.employer_id == employer.id,
            CountedYear.period_start == year.start,
            CountedYear.period_end == year.end,
        )
    )


def _record(employer: Organisation, year: Period, raw: RawFigures) -> CountedYear:
    return CountedYear(
        employer_id=employer.id,
        period_start=year.start,
        period_end=year.end,
        counts=encode(raw),
        counted_at=utcnow(),
    )


# --- raw figures as JSON, and back ----------------------------------------------------------


def encode(raw: RawFigures) -> dict:
    """``raw`` as plain JSON: mappings as [key, value] pairs (their keys may be tuples)."""
    return {
        **{name: _plain(getattr(raw, name)) for name in _SCALARS},
        "period": _period(raw.period),
        "previous": _period(raw.previous),
        "as_of": raw.as_of.isoformat(),
        "programmes": [_plain(vars(programme)) for programme in raw.programmes],
        "current": [[key, _counts(counts)] for key, counts in raw.current.items()],
        "earlier": [[key, _counts(counts)] for key, counts in raw.earlier.items()],
    }


def decode(data: dict) -> RawFigures:
    return RawFigures(
        **{name: _tuple(data[name]) for name in _SCALARS},
        period=_from_period(data["period"]),
        previous=_from_period(data["previous"]),
        as_of=date.fromisoformat(data["as_of"]),
        programmes=tuple(
            ProgrammeInfo(**{key: _tuple(value) for key, value in programme.items()})
            for programme in data["programmes"]
        ),
        current={key: _from_counts(counts) for key, counts in data["current"]},
        earlier={key: _from_counts(counts) for key, counts in data["earlier"]},
    )


_SCALARS = (
    "employer_id",
    "employer_name",
    "partners",
    "earlier_partners",
    "partner_ids",
    "left_out",
    "earlier_left_out",
    "sites",
    "regions",
)


def _counts(counts: Counts) -> dict:
    return {
        item.name: _pairs(value) if isinstance(value, Mapping) else _plain(value)
        for item in fields(Counts)
        for value in [getattr(counts, item.name)]
    }


def _from_counts(data: dict) -> Counts:
    values = {}
    for item in fields(Counts):
        value = data[item.name]
        if item.default_factory is dict:
            values[item.name] = {_tuple(key): count for key, count in value}
        else:
            values[item.name] = _tuple(value)
    return Counts(**values)


def _pairs(mapping: Mapping) -> list:
    return [[_plain(key), count] for key, count in mapping.items()]


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _tuple(value):
    return tuple(_tuple(item) for item in value) if isinstance(value, list) else value


def _period(period: Period) -> dict:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _from_period(data: dict) -> Period:
    return Period(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))
