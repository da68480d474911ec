"""A coach records two weekly reviews in a real browser and sees the trend chart (CSRF on)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pathway.candidates.reviews.services import DEFAULT_AREAS
from pathway.clock import today_london
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_board_journey import sign_in

pytestmark = pytest.mark.browser

CLIENT = "Elira"  # a demo client of coach@demo.test with no weekly review yet


def record_review(page, day, scores: list[int], note: str) -> None:
    page.get_by_role("link", name="Record a weekly review").click()
    page.locator("input[name=reviewed_on]").fill(day.isoformat())
    for area, score in zip(DEFAULT_AREAS, scores, strict=True):
        block = page.locator(f'fieldset[data-area="{area}"]')
        block.locator(f'input[type=radio][value="{score}"]').check()
    page.locator("input[name=note_3]").fill(note)
    page.get_by_label("Signed by the client").check()
    page.get_by_label("Signed by the coach").check()
    page.get_by_role("button", name="Record review").click()
    page.wait_for_url(lambda url: "/reviews/new" not in url)


def test_a_coach_records_two_reviews_and_sees_the_trend(page):
    from playwright.sync_api import expect

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    ARTIFACTS.mkdir(exist_ok=True)
    today = today_london()
    try:
        sign_in(page, "coach@demo.test")
        page.goto("/candidates/?sort=name")
        page.get_by_role("row").filter(has_text=CLIENT).get_by_role("link").first.click()
        expect(page.locator("#trend")).to_contain_text("Weekly reviews")
        expect(page.get_by_text("No weekly reviews recorded yet.")).to_be_visible()

        record_review(page, today - timedelta(days=7), [5, 4, 4, 4], "Worried about a bill")
        expect(page.get_by_role("status")).to_contain_text("Weekly review recorded.")
        record_review(page, today, [3, 3, 2, 2], "Budget plan agreed")

        chart = page.locator("figure.trend svg")
        expect(chart).to_be_visible()
        expect(chart.locator("polyline")).to_have_count(len(DEFAULT_AREAS) + 1)
        expect(page.locator("table.trend-table tbody tr")).to_have_count(2)
        expect(page.locator("dl.trend-change")).to_contain_text("4.3 → 2.5: down 1.8 (less need)")
        page.screenshot(path=str(ARTIFACTS / "weekly-reviews.png"), full_page=True)

        page.get_by_role("link", name="All reviews and notes (2)").click()
        expect(page.get_by_text("Budget plan agreed")).to_be_visible()
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "weekly-reviews-failure.png"), full_page=True)
        raise
    assert not errors, f"JavaScript errors on the page: {errors}"
