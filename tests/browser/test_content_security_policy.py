"""Each demo role's main pages load in Chromium under the Content-Security-Policy
without a single violation: no inline script or style anywhere, htmx included."""

from __future__ import annotations

import pytest

from pathway.auth.models import Role
from pathway.navigation import NAV
from tests.browser.test_board_journey import sign_in

pytestmark = pytest.mark.browser

ACCOUNTS = {
    Role.ADMIN: "admin@demo.test",
    Role.COACH: "coach@demo.test",
    Role.PARTNERSHIP_LEAD: "lead@demo.test",
    Role.SITE_MANAGER: "manager@demo.test",
    Role.CR_OFFICER: "cr@demo.test",
}
# Record pages reached by following the first link to one from a list page.
RECORD_LINKS = {
    Role.COACH: ("/candidates/", "table a[href^='/candidates/']"),
    Role.PARTNERSHIP_LEAD: ("/placements/", "a[href^='/placements/']"),
    Role.SITE_MANAGER: ("/placements/board", "a[href^='/placements/']"),
}


def _paths(endpoints) -> list[str]:
    from pathway import create_app

    adapter = create_app().url_map.bind("pathway.test")
    return [adapter.build(endpoint) for endpoint in endpoints]


@pytest.mark.parametrize("role", list(ACCOUNTS), ids=lambda role: role.value)
def test_main_pages_load_without_a_policy_violation(role, page, live_server):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"{page.url}: {error}"))

    sign_in(page, ACCOUNTS[role])
    visited = [page.url]
    for path in _paths(endpoint for endpoint, _label in NAV[role]):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        visited.append(page.url)
    if role in RECORD_LINKS:
        start, selector = RECORD_LINKS[role]
        page.goto(start)
        links = [
            href
            for href in page.locator(selector).evaluate_all(
                "(a) => a.map(e => e.getAttribute('href'))"
            )
            if href.rstrip("/").split("/")[-1].isdigit()
        ]
        assert links, f"no record to open from {start}"
        page.goto(links[0])
        page.wait_for_load_state("networkidle")
        visited.append(page.url)
        if role is Role.COACH:
            for more in ("/reviews", "/audit"):
                page.goto(links[0] + more)
                page.wait_for_load_state("networkidle")
                visited.append(page.url)
    assert len(visited) >= 2
    assert violations == []
