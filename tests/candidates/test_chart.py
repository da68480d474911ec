"""The trend chart's geometry: lower need lower down, time left to right, the change told."""

from datetime import date

from pathway.candidates.reviews.chart import (
    AVERAGE,
    LEFT,
    PLOT_HEIGHT,
    PLOT_TOP,
    RIGHT,
    WIDTH,
    ReviewPoint,
    score_text,
    trend_chart,
)


def point(day: int, finance: int, community: int) -> ReviewPoint:
    return ReviewPoint(date(2026, 11, day), (("Finance", finance), ("Community", community)))


def series(chart, name):
    return next(s for s in chart.series if s.name == name)


def test_no_reviews_no_chart():
    assert trend_chart([]) is None


def test_score_5_is_at_the_top_and_1_at_the_bottom_and_time_runs_left_to_right():
    chart = trend_chart([point(15, 1, 3), point(1, 5, 3), point(8, 3, 3)])
    finance = series(chart, "Finance")
    assert [p.day.day for p in finance.points] == [1, 8, 15]  # sorted by date
    assert [p.y for p in finance.points] == [
        PLOT_TOP,
        PLOT_TOP + PLOT_HEIGHT / 2,
        PLOT_TOP + PLOT_HEIGHT,
    ]
    assert [p.x for p in finance.points] == [LEFT, LEFT + (WIDTH - LEFT - RIGHT) / 2, WIDTH - RIGHT]
    assert finance.polyline.startswith(f"{LEFT:.1f},{PLOT_TOP:.1f} ")


def test_the_average_is_drawn_and_the_change_since_the_first_review_told():
    chart = trend_chart([point(1, 5, 4), point(8, 2, 3)])
    average = series(chart, AVERAGE)
    assert [p.value for p in average.points] == [4.5, 2.5]
    changes = {c.name: c.words for c in chart.changes}
    assert changes == {
        "Finance": "down 3 (less need)",
        "Community": "down 1 (less need)",
        AVERAGE: "down 2 (less need)",
    }
    assert (
        chart.summary
        == "Average need 4.5 at the first review, 2.5 at the latest: down 2 (less need)."
    )


def test_the_table_has_a_row_per_review_and_a_column_per_area():
    chart = trend_chart([point(1, 5, 4), point(8, 2, 3)])
    assert chart.areas == ("Finance", "Community")
    assert chart.rows == ((date(2026, 11, 1), (5, 4), 4.5), (date(2026, 11, 8), (2, 3), 2.5))


def test_areas_added_later_have_gaps_not_invented_scores():
    later = ReviewPoint(date(2026, 11, 8), (("Finance", 2), ("Housing", 4)))
    chart = trend_chart([point(1, 3, 3), later])
    assert chart.areas == ("Finance", "Community", "Housing")
    assert chart.rows[0][1] == (3, 3, None)
    assert len(series(chart, "Housing").points) == 1


def test_a_single_review_sits_in_the_middle_and_rising_need_is_said_plainly():
    (only,) = series(trend_chart([point(1, 2, 2)]), "Finance").points
    assert only.x == LEFT + (WIDTH - LEFT - RIGHT) / 2
    chart = trend_chart([point(1, 2, 2), point(8, 4, 2)])
    assert series(chart, "Finance") and chart.changes[0].words == "up 2 (more need)"
    assert chart.changes[1].words == "no change"
    assert score_text(2.75) == "2.8"
    assert score_text(3.0) == "3"
