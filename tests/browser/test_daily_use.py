"""Daily use in a real browser: a double click records once; a board button pressed after
signing out in another tab goes to sign-in and says the change was not saved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pathway.clock import add_months, today_london
from tests.browser.test_board_journey import SHADOW_DAY, button, sign_in

pytestmark = pytest.mark.browser

NAME = "Zofiadoubleclick"


def test_a_double_click_on_save_records_one_candidate(page):
    from playwright.sync_api import expect

    today = today_london()
    sign_in(page, "coach@demo.test")
    page.goto("/candidates/new")
    page.locator("input[name=first_name]").fill(NAME)
    page.locator("input[name=date_of_birth]").fill(add_months(today, -12 * 30).isoformat())
    page.locator("select[name=english_level]").select_option("entry_3")
    page.locator("input[name=english_assessed_on]").fill((today - timedelta(days=30)).isoformat())
    page.locator("select[name=right_to_work]").select_option("settled")
    page.locator("select[name=nrm_decision]").select_option("positive_conclusive")
    page.get_by_role("button", name="Save").dblclick()

    expect(page.locator("h1")).to_contain_text("-")  # the new candidate's reference
    page.goto("/candidates/")
    assert page.content().count(NAME) == 1


def test_a_board_button_after_signing_out_elsewhere_goes_to_sign_in(page, browser):
    from playwright.sync_api import expect

    sign_in(page, "manager@demo.test")
    page.goto("/placements/board")
    card = page.locator(f"{SHADOW_DAY} article.card").first
    other_tab = page.context.new_page()  # the same browser, so the same session
    other_tab.goto(page.url)
    other_tab.get_by_role("button", name="Sign out").click()
    other_tab.close()

    card_id = card.get_attribute("id")
    actions = [label for label in ("Attended", "Schedule", "Passed") if button(card, label).count()]
    if actions == ["Schedule"]:
        card.locator("input[name=scheduled_on]").fill(today_london().isoformat())
    button(card, actions[0]).click()

    page.wait_for_url(lambda url: "/login" in url)
    expect(page.locator("main")).to_contain_text("your change was not saved")
    assert page.locator("#board").count() == 0  # the whole page, not a board holding a form
    sign_in(page, "manager@demo.test")
    assert page.url.endswith("/placements/board")
    expect(page.locator(f"#{card_id}")).to_be_visible()
