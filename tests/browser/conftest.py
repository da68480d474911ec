"""Real-browser fixtures: the app served on a free local port, and the system Chromium.

Playwright's own browser download cannot work here, so the browser is Debian's
``chromium``. Where it is missing these tests are skipped, unless
``PATHWAY_REQUIRE_BROWSER=1`` (set by CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from pathway.extensions import db
from tests.conftest import test_app

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _find_chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _find_chromium()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium) - browser tests need it"
        if os.environ.get("PATHWAY_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; PATHWAY_REQUIRE_BROWSER=1 forbids skipping them")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def served(demo_database, tmp_path_factory) -> Iterator[tuple]:
    """One live server for the run: the whole app, CSRF on, on a copy of the demo data, on
    the database the suite runs on (SQLite or PostgreSQL), on a free local port."""
    template, _ = demo_database
    uri = template.copy(tmp_path_factory.mktemp("live"))
    app = test_app(uri, WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield app, uri, f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()
        template.discard()


@pytest.fixture
def live_server(served, demo_database) -> Iterator[str]:
    """The live server's address; its data goes back to the demo data after each test."""
    app, uri, address = served
    try:
        yield address
    finally:
        with app.app_context():
            db.engine.dispose()
        demo_database[0].restore(uri)


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One Chromium for the run; each test has a fresh context (cookies, storage) of it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page on the live server, with modest timeouts."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 1400, "height": 900},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        # Let the last requests finish first: a response cut off by closing the browser
        # would leave its file open in the (shared) server.
        page.wait_for_load_state("networkidle")
        context.close()
