"""Disclosure control on hand-built figures: each kind of relation, percentages, medians,
hours, rounding and the printed policy. Pure: no database."""

from dataclasses import replace
from datetime import date

import pytest

from pathway.reports.disclosure.control import Cell, Policy, State, protect
from pathway.reports.document.report import build_report, find_row
from pathway.reports.figures.compute import ProgrammeInfo, RawFigures
from pathway.reports.figures.counts import Counts
from pathway.reports.figures.periods import Period, previous_period

PERIOD = Period(date(2025, 4, 1), date(2026, 3, 31))
STAGES = ("Meet and greet", "Shadow day", "Six-week training")


def raw(current: dict[int, Counts], earlier: dict[int, Counts] | None = None, **extra):
    programmes = tuple(
        ProgrammeInfo(number, f"Programme {number}", STAGES, 1, ("Yorkshire",))
        for number in current
    )
    values = dict(
        employer_id=1,
        employer_name="Employer",
        period=PERIOD,
        previous=previous_period(PERIOD),
        as_of=date(2026, 5, 1),
        programmes=programmes,
        current=current,
        earlier=earlier or {number: Counts() for number in current},
        partners=("Harbour Light",),
        earlier_partners=(),
        partner_ids=(1,),
        left_out=0,
        earlier_left_out=0,
        sites=1,
        regions=("Yorkshire",),
    )
    values.update(extra)
    return RawFigures(**values)


def value(document, key, column="total", period="current"):
    return find_row(document, key)["values"][column][period]


def texts(document, key, column="total"):
    cell = find_row(document, key)["values"][column]
    return tuple(cell[period]["text"] for period in cell)


def test_small_counts_are_shown_as_fewer_than_the_threshold_and_zero_as_zero():
    document = build_report(raw({1: Counts(nominated=4, accepted=5, declined={})}), Policy())

    assert value(document, "nominated") == {
        "value": None,
        "text": "fewer than 5",
        "status": "small",
    }
    assert value(document, "accepted")["text"] == "5"
    assert value(document, "declined")["text"] == "0"


def test_the_threshold_sets_both_the_cut_off_and_the_words():
    policy = Policy(threshold=10)
    document = build_report(raw({1: Counts(nominated=9, accepted=10)}), policy)

    assert value(document, "nominated")["text"] == "fewer than 10"
    assert value(document, "accepted")["text"] == "10"
    assert policy.text.startswith("Counts from 1 to 9 are shown as 'fewer than 10'")


def test_a_part_that_could_be_worked_out_from_its_total_is_hidden_with_another_part():
    counts = Counts(declined={"no_vacancy": 2, "location": 9, "english_level": 7})

    document = build_report(raw({1: counts}), Policy())

    assert value(document, "declined")["text"] == "18"
    assert value(document, "declined.reason.no_vacancy")["status"] == "small"
    # 18 - 9 - 7 would give the 2 away: the smaller other part is hidden too.
    assert value(document, "declined.reason.english_level")["text"] == "not shown"
    assert value(document, "declined.reason.location")["text"] == "9"


def test_a_programme_that_could_be_worked_out_from_the_total_is_hidden_with_another():
    document = build_report(
        raw({1: Counts(nominated=3), 2: Counts(nominated=11), 3: Counts(nominated=8)}),
        Policy(),
    )

    assert value(document, "nominated")["text"] == "22"
    assert value(document, "nominated", "p1")["text"] == "fewer than 5"
    assert value(document, "nominated", "p3")["text"] == "not shown"
    assert value(document, "nominated", "p2")["text"] == "11"


def test_a_funnel_step_that_would_give_away_how_many_stopped_is_hidden():
    counts = Counts(
        started=12,
        completed={"Meet and greet": 12, "Shadow day": 10, "Six-week training": 10},
        interviewed=10,
        hired={("permanent", "full_time"): 10},
    )

    document = build_report(raw({1: counts}), Policy())

    # 12 - 10 = 2 people stopped after meet and greet: one side of that step is hidden,
    # the side that costs least (two steps, not four, and never the hires).
    keys = ("started", "completed.1", "completed.2", "completed.3", "interviewed", "hired")
    assert [value(document, key)["text"] for key in keys] == [
        "not shown",
        "not shown",
        "10",
        "10",
        "10",
        "10",
    ]


def test_a_gap_of_zero_or_of_the_threshold_gives_nothing_away():
    counts = Counts(
        started=15,
        completed={"Meet and greet": 15, "Shadow day": 10, "Six-week training": 10},
        interviewed=10,
        hired={("permanent", "full_time"): 10},
    )

    document = build_report(raw({1: counts}), Policy())

    assert [value(document, k)["text"] for k in ("started", "completed.1", "completed.2")] == [
        "15",
        "15",
        "10",
    ]


def test_this_period_against_the_previous_one_and_their_difference():
    document = build_report(raw({1: Counts(accepted=9)}, {1: Counts(accepted=2)}), Policy())

    assert texts(document, "accepted") == ("9", "fewer than 5", "not shown")
    document = build_report(raw({1: Counts(accepted=9)}, {1: Counts(accepted=6)}), Policy())
    assert texts(document, "accepted") == ("9", "6", "+3")


def test_percentages_need_a_denominator_of_at_least_ten_which_is_a_setting():
    def share(due: int, on_time: int, policy: Policy) -> str:
        interviews = {"on_time": on_time, "late": 0, "not_held": due - on_time}
        document = build_report(raw({1: Counts(interviews=interviews)}), policy)
        return value(document, "interviews.on_time_share")["text"]

    assert share(10, 5, Policy()) == "50%"
    assert share(11, 5, Policy()) == "45%"
    assert share(10, 5, Policy(min_denominator=12)) == "not given"
    assert share(12, 5, Policy(min_denominator=12)) == "42%"


def test_no_percentage_is_given_where_its_parts_are_hidden():
    interviews = {"on_time": 3, "late": 5, "not_held": 5}  # 13 due, 3 on time

    document = build_report(raw({1: Counts(interviews=interviews)}), Policy())

    assert value(document, "interviews.on_time")["text"] == "fewer than 5"
    assert value(document, "interviews.on_time_share")["status"] == "not_given"


def test_medians_need_at_least_ten_people():
    nine = Counts(days_to_hire=tuple(range(10, 19)))
    ten = Counts(days_to_hire=tuple(range(10, 20)))

    assert value(build_report(raw({1: nine}), Policy()), "days_to_hire")["text"] == "not given"
    assert value(build_report(raw({1: ten}), Policy()), "days_to_hire")["text"] == "14.5 days"
    assert value(build_report(raw({1: Counts()}), Policy()), "days_to_hire")["text"] == "none"


def test_training_hours_are_hidden_when_they_would_reveal_a_small_number_attending():
    few = Counts(attendance={("Meet and greet", 30): 12, ("Six-week training", 13500): 3})
    many = replace(few, attendance={("Meet and greet", 30): 12, ("Six-week training", 13500): 6})

    assert value(build_report(raw({1: few}), Policy()), "training_hours")["text"] == "not shown"
    assert value(build_report(raw({1: many}), Policy()), "training_hours")["text"] == "1,356"


def test_rounding_when_enabled_never_shows_a_small_number():
    policy = Policy(rounding=5)
    document = build_report(raw({1: Counts(nominated=7, accepted=13, declined={})}), policy)

    assert value(document, "nominated")["text"] == "5"
    assert value(document, "accepted")["text"] == "15"
    assert "rounded to the nearest 5" in policy.text


def test_the_policy_is_printed_with_the_report_and_comes_from_the_settings():
    policy = Policy.from_config(
        {"DISCLOSURE_THRESHOLD": 3, "DISCLOSURE_MIN_DENOMINATOR": 20, "DISCLOSURE_ROUNDING": 0}
    )

    document = build_report(raw({1: Counts()}), policy)

    assert document["policy"] == {
        "threshold": 3,
        "min_denominator": 20,
        "rounding": None,
        "grain": None,
        "text": policy.text,
    }
    assert "Counts from 1 to 2 are shown as 'fewer than 3'" in policy.text
    assert "at least 20 people" in policy.text


def test_left_out_for_want_of_consent_is_itself_protected():
    document = build_report(raw({1: Counts()}, left_out=2, earlier_left_out=7), Policy())

    assert document["left_out"]["current"]["text"] == "fewer than 5"
    assert document["left_out"]["previous"]["text"] == "7"


@pytest.mark.parametrize("threshold", [1, 2])
def test_a_threshold_of_one_or_two_is_described_plainly(threshold):
    text = Policy(threshold=threshold).text
    assert ("Every count is shown as it is." in text) == (threshold == 1)
    assert ("Counts 1 are shown as 'fewer than 2'" in text) == (threshold == 2)


def test_protect_keeps_zeros_shown_and_hides_the_smallest_lowest_ranked_other_part():
    cells = {
        "total": Cell(20, False, rank=3),
        "a": Cell(2, True),
        "b": Cell(0, False),
        "c": Cell(12, False),
        "d": Cell(6, False),
    }

    states = protect(cells, [{"total": 1, "a": -1, "b": -1, "c": -1, "d": -1}])

    assert states == {
        "total": State.SHOWN,
        "a": State.SMALL,
        "b": State.SHOWN,
        "c": State.SHOWN,
        "d": State.HIDDEN,
    }


def test_protect_sees_a_cell_given_away_by_two_sums_together():
    # a + b = 9 and a + c = 9 and b + c = 8 fix each of them, though each sum has two
    # hidden cells: the exact check finds it and hides more.
    cells = {
        "a": Cell(3, True),
        "b": Cell(4, True),
        "c": Cell(4, True),
        "s1": Cell(7, False),
        "s2": Cell(7, False),
        "s3": Cell(8, False),
    }
    relations = [
        {"s1": 1, "a": -1, "b": -1},
        {"s2": 1, "a": -1, "c": -1},
        {"s3": 1, "b": -1, "c": -1},
    ]

    states = protect(cells, relations)

    assert sum(state is State.HIDDEN for state in states.values()) >= 1


def test_the_share_still_in_work_leaves_out_checks_not_yet_due():
    retention = {(6, "in_work"): 7, (6, "left"): 5, (6, "unknown"): 0, (6, "not_due"): 6}
    counts = Counts(
        started_work=18, retention={**retention, (3, "in_work"): 18, (12, "not_due"): 18}
    )

    document = build_report(raw({1: counts}), Policy())

    assert value(document, "retention.share.6")["text"] == "58%"  # 7 of the 12 due
    assert value(document, "retention.share.12")["status"] == "not_given"  # none due


def test_every_definition_is_used_by_a_report_and_every_row_has_one():
    from pathway.reports.figures.definitions import DEFINITIONS

    counts = Counts(
        declined={"location": 5},
        hired={("permanent", "full_time"): 5},
        not_hired={"english_level": 5},
        ended={("candidate", "health"): 5},
    )
    document = build_report(raw({1: counts}), Policy())

    used = {row["definition"] for s in document["sections"] for row in s["rows"]}
    used |= {"left_out", "sites", "regions", "partners"}  # the context beside the tables
    assert used == set(DEFINITIONS)
    assert set(document["definitions"]) == set(DEFINITIONS)
