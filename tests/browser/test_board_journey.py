"""A site manager moves a candidate along the board in a real browser (htmx, CSRF on)."""

from __future__ import annotations

import pytest

from pathway.clock import today_london
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SHADOW_DAY = '#board section.column[data-stage="Shadow day"]'
TRAINING = '#board section.column[data-stage="Six-week training"]'


def sign_in(page, email: str, password: str = "pathway-demo") -> None:
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def button(card, label: str):
    return card.get_by_role("button", name=label, exact=True)


def pick_shadow_day_card(page):
    """A Shadow day card, preferring one still to schedule (the longest journey)."""
    cards = page.locator(f"{SHADOW_DAY} article.card")
    assert cards.count() >= 1, "no card in the Shadow day column"
    for i in range(cards.count()):
        card = cards.nth(i)
        if button(card, "Schedule").count() and not button(card, "Attended").count():
            return card.get_attribute("id")
    return cards.first.get_attribute("id")


def test_a_site_manager_moves_a_candidate_from_shadow_day_to_training(page):
    from playwright.sync_api import expect

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    htmx_posts: list[str] = []
    page.on(
        "request",
        lambda r: (
            htmx_posts.append(r.url)
            if r.method == "POST" and r.headers.get("hx-request") == "true"
            else None
        ),
    )
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        sign_in(page, "manager@demo.test")
        page.goto("/placements/board")
        expect(page.locator(SHADOW_DAY)).to_be_visible()
        expect(page.locator(f"{SHADOW_DAY} h2")).to_contain_text("Shadow day")

        card_id = pick_shadow_day_card(page)
        card = page.locator(f"#{card_id}")
        name = card.locator("h3").inner_text()

        if button(card, "Schedule").count():
            card.locator("input[name=scheduled_on]").fill(today_london().isoformat())
            button(card, "Schedule").click()
            expect(button(card, "Attended")).to_be_visible()
        if button(card, "Attended").count():
            button(card, "Attended").click()
            expect(button(card, "Passed")).to_be_visible()
        button(card, "Passed").click()

        moved = page.locator(f"{TRAINING} #{card_id}")
        expect(moved).to_be_visible()
        expect(moved.locator("h3")).to_have_text(name)
        expect(page.locator(f"{SHADOW_DAY} #{card_id}")).to_have_count(0)
        page.screenshot(path=str(ARTIFACTS / "board.png"), full_page=True)

        page.reload()
        expect(page.locator(f"{TRAINING} #{card_id}")).to_be_visible()
        expect(page.locator(f"{SHADOW_DAY} #{card_id}")).to_have_count(0)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "board-failure.png"), full_page=True)
        raise

    assert htmx_posts, "the stage actions were not sent by htmx"
    # The server really checks CSRF: a post without the token is refused.
    assert page.request.post("/logout").status == 400
    assert not errors, f"JavaScript errors on the page: {errors}"
