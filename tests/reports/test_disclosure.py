from dataclasses import fields
from datetime import date

import pytest

from pathway.reports.disclosure import disclosure_policy, publish, published_count
from pathway.reports.figures import Figures, Group


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0"),
        (1, "fewer than 5"),
        (2, "fewer than 5"),
        (4, "fewer than 5"),
        (5, "5"),
        (117, "117"),
    ],
)
def test_small_counts_are_shown_as_fewer_than_the_threshold(count, text):
    assert published_count(count, 5) == text


def test_the_threshold_sets_both_the_cut_off_and_the_words():
    assert published_count(9, 10) == "fewer than 10"
    assert published_count(10, 10) == "10"
    assert disclosure_policy(10) == (
        "Counts from 1 to 9 are shown as 'fewer than 10' so that no one can be identified."
    )


def test_a_negative_count_is_a_bug_not_a_figure():
    with pytest.raises(ValueError):
        published_count(-1, 5)


def every_count(value: int) -> Figures:
    """Figures in which every count, grouped or not, is ``value``."""
    values = {}
    for field in fields(Figures):
        if field.type == "int":
            values[field.name] = value
        elif field.type.startswith("tuple"):
            values[field.name] = (Group(f"{field.name} group", value),)
    values.update(employer_id=1, start=date(2026, 1, 1), end=date(2026, 3, 31))
    return Figures(**values)


def test_publishing_suppresses_every_small_count_in_every_section():
    published = publish(every_count(3), threshold=5)

    texts = [row.text for section in published.sections for row in section.rows]
    assert len(texts) == 12
    assert set(texts) == {"fewer than 5"}
    assert published.policy.startswith("Counts from 1 to 4 are shown as 'fewer than 5'")


def test_publishing_keeps_zero_and_counts_at_the_threshold():
    assert {row.text for s in publish(every_count(0), 5).sections for row in s.rows} == {"0"}
    assert {row.text for s in publish(every_count(5), 5).sections for row in s.rows} == {"5"}
