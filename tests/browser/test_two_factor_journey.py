"""Setting up two-factor sign-in in Chromium: the QR code shows under the Content-Security-
Policy, the code from the secret turns it on, and the next sign-in asks for a code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_board_journey import sign_in
from tests.factories import authenticator_code

pytestmark = pytest.mark.browser


def test_a_partnership_lead_turns_on_two_factor_and_signs_in_with_a_code(page, live_server):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/login")
    expect(page.get_by_text("Two-factor sign-in is off on this server")).to_be_visible()
    sign_in(page, "lead@demo.test")

    page.get_by_role("link", name="Two-factor").click()
    qr_code = page.locator("img.qr-code")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("(img) => img.complete && img.naturalWidth > 0")
    secret = page.locator(".secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(authenticator_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)

    page.get_by_role("button", name="Sign out").click()
    page.locator("input[name=email]").fill("lead@demo.test")
    page.locator("input[name=password]").fill("pathway-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/login/code*")
    expect(
        page.get_by_text("Enter the 6-digit code from your authenticator app, or a recovery code.")
    ).to_be_visible()
    # the step after the one used to turn it on: one step of drift is allowed
    page.get_by_label("Code").fill(authenticator_code(secret, steps=1))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert violations == []
