"""Property tests over random datasets: no small count is published, and no hidden count can
be worked out exactly by adding or subtracting published figures."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathway.reports.disclosure.control import Policy
from pathway.reports.disclosure.tables import CHANGE, TOTAL, lay_out
from pathway.reports.document.report import build_report
from pathway.reports.figures.compute import ProgrammeInfo, RawFigures
from pathway.reports.figures.counts import INTERVIEW_GROUPS, RETENTION_GROUPS, Counts
from pathway.reports.figures.periods import Period, previous_period

STAGES = ("Meet and greet", "Induction", "Shadow day", "Training")
PERIOD = Period(date(2025, 4, 1), date(2026, 3, 31))
counts_of = st.integers(0, 13)


@st.composite
def parts_of(draw, total: int, size: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=size - 1, max_size=size - 1)))
    bounds = [0, *cuts, total]
    return [high - low for low, high in zip(bounds, bounds[1:], strict=False)]


def groups(keys) -> st.SearchStrategy[dict]:
    return st.dictionaries(st.sampled_from(keys), st.integers(1, 13), max_size=3)


@st.composite
def programme_counts(draw, stages: tuple[str, ...]) -> Counts:
    started_work = draw(counts_of)
    retention = {}
    for months in (3, 6, 12):
        for group, count in zip(
            RETENTION_GROUPS, draw(parts_of(started_work, len(RETENTION_GROUPS))), strict=True
        ):
            if count:
                retention[(months, group)] = count
    days = st.lists(st.integers(0, 120), max_size=14).map(tuple)
    completed = {name: draw(counts_of) for name in stages}
    # Passing the last stage before the interview is what makes an interview due.
    due = completed[stages[-1]] if stages else 0
    interviews = dict(
        zip(INTERVIEW_GROUPS, draw(parts_of(due, len(INTERVIEW_GROUPS))), strict=True)
    )
    return Counts(
        nominated=draw(counts_of),
        accepted=draw(counts_of),
        declined=draw(groups(["no_vacancy", "location", "english_level", ""])),
        started=draw(counts_of),
        completed=completed,
        interviewed=draw(counts_of),
        hired=draw(
            groups([(c, h) for c in ("permanent", "fixed_term", "") for h in ("full_time", "")])
        ),
        not_hired=draw(groups(["english_level", "customer_service"])),
        ended=draw(groups([("candidate", "health"), ("employer", "attendance"), ("", "")])),
        interviews=interviews,
        started_work=started_work,
        retention=retention,
        attendance={
            (name, draw(st.sampled_from([30, 450, 2250]))): draw(counts_of) for name in stages
        },
        days_to_interview=draw(days),
        days_to_hire=draw(days),
    )


@st.composite
def datasets(draw) -> RawFigures:
    how_many = draw(st.integers(1, 3))
    programmes = []
    for number in range(1, how_many + 1):
        stages = tuple(draw(st.lists(st.sampled_from(STAGES), min_size=1, max_size=3, unique=True)))
        programmes.append(ProgrammeInfo(number, f"Programme {number}", stages, 2, ("Yorkshire",)))
    return RawFigures(
        employer_id=1,
        employer_name="Employer",
        period=PERIOD,
        previous=previous_period(PERIOD),
        as_of=date(2026, 4, 20),
        programmes=tuple(programmes),
        current={p.id: draw(programme_counts(p.stages)) for p in programmes},
        earlier={p.id: draw(programme_counts(p.stages)) for p in programmes},
        partners=("Harbour Light",),
        earlier_partners=(),
        partner_ids=(1,),
        left_out=draw(counts_of),
        earlier_left_out=draw(counts_of),
        sites=2,
        regions=("Yorkshire",),
    )


def published_states(document: dict) -> dict:
    """(row, column, period) -> status, read back from the published document."""
    states = {}
    for section in document["sections"]:
        for row in section["rows"]:
            if row["kind"] not in ("count", "hours"):
                continue
            for column, values in row["values"].items():
                for period, value in values.items():
                    states[(row["key"], column, period)] = value["status"]
    return states


def determined(relations, unknown: list) -> set:
    """Unknown cells fixed by the relations, worked out independently of the code under test:
    Gauss-Jordan elimination over the fractions that pivots on the *last* unknown first; a
    cell is fixed when it is a pivot whose reduced row holds no other unknown."""
    rank = {key: -i for i, key in enumerate(unknown)}
    rows = [
        {key: Fraction(c) for key, c in relation.items() if key in rank and c}
        for relation in relations
    ]
    rows = [row for row in rows if row]
    reduced: dict = {}
    for column in sorted(rank, key=rank.__getitem__):
        found = next((row for row in rows if row.get(column)), None)
        if found is None:
            continue
        rows.remove(found)
        pivot = {key: value / found[column] for key, value in found.items()}
        for other in [*rows, *reduced.values()]:
            factor = other.get(column)
            if factor:
                for key, value in pivot.items():
                    other[key] = other.get(key, Fraction(0)) - factor * value
                    if not other[key]:
                        del other[key]
        reduced[column] = pivot
    return {column for column, row in reduced.items() if len(row) == 1}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=datasets(), threshold=st.sampled_from([3, 5, 10]))
def test_no_small_count_is_published_and_no_hidden_count_can_be_worked_out(raw, threshold):
    policy = Policy(threshold=threshold)
    layout = lay_out(raw, policy)
    document = build_report(raw, policy)
    states = published_states(document)

    # Every relation the layout declares really holds: a reader could use each of them.
    for relation in layout.relations:
        assert sum(layout.cells[key].value * c for key, c in relation.items()) == 0

    # No published count from 1 to threshold - 1, anywhere (the change column is a difference).
    for section in document["sections"]:
        for row in section["rows"]:
            if row["kind"] != "count":
                continue
            for column, values in row["values"].items():
                for period, value in values.items():
                    if value["status"] == "shown" and period != CHANGE:
                        assert value["value"] == 0 or value["value"] >= threshold, row["key"]
                    if 0 < layout.cells[(row["key"], column, period)].value < threshold:
                        assert period == CHANGE or value["status"] == "small"
    for value in document["left_out"].values():
        assert value["status"] != "shown" or value["value"] == 0 or value["value"] >= threshold

    # What a reader does not know: hidden cells, and the differences between funnel steps.
    unknown = [key for key in layout.cells if states.get(key, "shown") != "shown"]
    unknown += [key for key, cell in layout.cells.items() if cell.virtual]
    guarded = [
        key
        for key in unknown
        if not layout.cells[key].virtual or 0 < layout.cells[key].value < threshold
    ]
    assert not set(guarded) & determined(layout.relations, unknown)


def test_the_independent_check_finds_a_lone_hidden_part():
    relations = [{"total": 1, "a": -1, "b": -1}]
    assert determined(relations, ["a"]) == {"a"}
    assert determined(relations, ["a", "b"]) == set()
    assert determined(relations + [{"b": 1, "c": -1}], ["a", "b", "c"]) == set()
    # Two sums that share a cell give it away even though each has two hidden cells.
    bridge = [{"a": 1, "b": 1}, {"b": 1, "c": 1}, {"a": 1, "c": 1}]
    assert determined(bridge, ["a", "b", "c"]) == {"a", "b", "c"}


def test_without_secondary_suppression_a_hidden_total_part_would_be_exposed():
    """The property above can fail: primary suppression alone lets a part be worked out."""
    raw = RawFigures(
        employer_id=1,
        employer_name="Employer",
        period=PERIOD,
        previous=previous_period(PERIOD),
        as_of=date(2026, 4, 20),
        programmes=(ProgrammeInfo(1, "One", ("Training",), 1, ()),),
        current={1: Counts(declined={"no_vacancy": 2, "location": 9})},
        earlier={1: Counts()},
        partners=(),
        earlier_partners=(),
        partner_ids=(),
        left_out=0,
        earlier_left_out=0,
        sites=1,
        regions=(),
    )
    layout = lay_out(raw, Policy())
    primary_only = [key for key, cell in layout.cells.items() if cell.primary and not cell.virtual]
    assert ("declined.reason.no_vacancy", TOTAL, "current") in primary_only
    assert ("declined.reason.no_vacancy", TOTAL, "current") in determined(
        layout.relations, primary_only
    )
