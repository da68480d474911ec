"""Small-number suppression: what a published figure may say, so no survivor is identified.

A count from 1 to ``threshold - 1`` is published as "fewer than <threshold>"; 0 and counts
at or above the threshold are published as they are. ``publish`` applies this to a whole
``Figures`` object, so raw counts never reach a page or an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pathway.reports.figures import Figures


@dataclass(frozen=True)
class PublishedRow:
    label: str
    text: str
    definition: str = ""


@dataclass(frozen=True)
class PublishedSection:
    title: str
    rows: tuple[PublishedRow, ...]
    definition: str = ""


@dataclass(frozen=True)
class PublishedFigures:
    """Figures as they may be shown and exported: text only, small counts suppressed."""

    start: date
    end: date
    threshold: int
    policy: str
    sections: tuple[PublishedSection, ...]


def published_count(count: int, threshold: int) -> str:
    """The text a raw ``count`` may be published as."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    if 0 < count < threshold:
        return f"fewer than {threshold}"
    return str(count)


def disclosure_policy(threshold: int) -> str:
    """The sentence that tells readers how small counts are shown."""
    if threshold <= 1:
        return "Every count is shown as it is."
    if threshold == 2:
        return "A count of 1 is shown as 'fewer than 2' so that no one can be identified."
    return (
        f"Counts from 1 to {threshold - 1} are shown as 'fewer than {threshold}' "
        "so that no one can be identified."
    )


def publish(figures: Figures, threshold: int) -> PublishedFigures:
    """``figures`` with every count replaced by its published text."""
    return PublishedFigures(
        start=figures.start,
        end=figures.end,
        threshold=threshold,
        policy=disclosure_policy(threshold),
        sections=tuple(
            PublishedSection(
                title=section.title,
                rows=tuple(
                    PublishedRow(row.label, published_count(row.count, threshold), row.definition)
                    for row in section.rows
                ),
                definition=section.definition,
            )
            for section in figures.sections()
        ),
    )
