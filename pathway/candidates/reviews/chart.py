"""The weekly-review trend as an SVG chart: geometry worked out here, drawn by a template.

Each area's need score (1 low - 5 high) and the average, over time; lower is better, so the
hoped-for line slopes down. No chart library: a few lines of arithmetic, tested directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

WIDTH = 640
PLOT_TOP, PLOT_HEIGHT = 16, 200
LEFT, RIGHT = 48, 24
LEGEND_ROW = 20
# Okabe-Ito colours (told apart with colour-blindness), each area also with its own dash.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7f5f00")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4")
AVERAGE = "Average"


@dataclass(frozen=True)
class ReviewPoint:
    """One review as the chart needs it: its date and each area's score, in area order."""

    reviewed_on: date
    scores: tuple[tuple[str, int], ...]

    @property
    def average(self) -> float:
        return sum(score for _, score in self.scores) / len(self.scores)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: date
    value: float


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    dash: str
    width: float
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Change:
    name: str
    first: float
    latest: float

    @property
    def delta(self) -> float:
        return float(one_decimal(self.latest - self.first))

    @property
    def words(self) -> str:
        if self.delta < 0:
            return f"down {score_text(-self.delta)} (less need)"
        if self.delta > 0:
            return f"up {score_text(self.delta)} (more need)"
        return "no change"


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    series: tuple[Series, ...]
    y_ticks: tuple[tuple[float, int], ...]
    x_ticks: tuple[tuple[float, date], ...]
    legend_top: int
    areas: tuple[str, ...]
    rows: tuple[tuple[date, tuple[int | None, ...], float], ...]
    changes: tuple[Change, ...]

    @property
    def plot_left(self) -> int:
        return LEFT

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT

    @property
    def plot_bottom(self) -> int:
        return PLOT_TOP + PLOT_HEIGHT

    @property
    def summary(self) -> str:
        average = next(c for c in self.changes if c.name == AVERAGE)
        return (
            f"Average need {score_text(average.first)} at the first review, "
            f"{score_text(average.latest)} at the latest: {average.words}."
        )


def one_decimal(value: float) -> Decimal:
    """Rounded to one decimal place, halves away from zero (4.25 -> 4.3), as people expect."""
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score_text(value: float) -> str:
    """1.0 -> "1", 4.25 -> "4.3" (one decimal, none when whole)."""
    rounded = one_decimal(value)
    return f"{rounded:.0f}" if rounded == rounded.to_integral_value() else f"{rounded:.1f}"


def _y(score: float) -> float:
    return PLOT_TOP + (5 - score) / 4 * PLOT_HEIGHT


def _x_positions(days: Sequence[date]) -> list[float]:
    span = WIDTH - LEFT - RIGHT
    first, last = days[0], days[-1]
    if first == last:
        return [LEFT + span / 2 for _ in days]
    total = (last - first).days
    return [LEFT + span * (day - first).days / total for day in days]


def _x_ticks(xs: list[float], days: list[date], most: int = 6) -> tuple:
    if len(days) <= most:
        chosen = range(len(days))
    else:
        step = (len(days) - 1) / (most - 1)
        chosen = sorted({round(i * step) for i in range(most)})
    return tuple((xs[i], days[i]) for i in chosen)


def trend_chart(reviews: Sequence[ReviewPoint]) -> TrendChart | None:
    """The chart for ``reviews`` (any order); None when there is no review to draw."""
    reviews = sorted((r for r in reviews if r.scores), key=lambda r: r.reviewed_on)
    if not reviews:
        return None
    areas: list[str] = []
    for review in reviews:
        areas += [area for area, _ in review.scores if area not in areas]
    days = [r.reviewed_on for r in reviews]
    xs = _x_positions(days)

    series = []
    for i, area in enumerate(areas):
        points = tuple(
            Point(x, _y(score), review.reviewed_on, score)
            for x, review in zip(xs, reviews, strict=True)
            for name, score in review.scores
            if name == area
        )
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        series.append(Series(area, colour, dash, 2, points))
    average = tuple(
        Point(x, _y(r.average), r.reviewed_on, r.average) for x, r in zip(xs, reviews, strict=True)
    )
    series.append(Series(AVERAGE, "#1b1b1b", "", 4, average))

    rows = tuple(
        (
            r.reviewed_on,
            tuple(dict(r.scores).get(area) for area in areas),
            r.average,
        )
        for r in reviews
    )
    changes = tuple(
        Change(s.name, s.points[0].value, s.points[-1].value) for s in series if s.points
    )
    legend_top = PLOT_TOP + PLOT_HEIGHT + 40
    return TrendChart(
        width=WIDTH,
        height=legend_top + LEGEND_ROW * len(series) + 4,
        series=tuple(series),
        y_ticks=tuple((_y(score), score) for score in range(1, 6)),
        x_ticks=_x_ticks(xs, days),
        legend_top=legend_top,
        areas=tuple(areas),
        rows=rows,
        changes=changes,
    )
