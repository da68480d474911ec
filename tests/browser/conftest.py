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

from pathway import create_app
from pathway.extensions import db

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


@pytest.fixture
def live_server(tmp_path) -> Iterator[str]:
    """The whole app, CSRF on, on a migrated SQLite file with the demo data loaded."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'pathway.sqlite3'}",
            "WTF_CSRF_ENABLED": True,
            "ALLOW_DEMO_DATA": True,
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(revision="heads")
    result = app.test_cli_runner().invoke(args=["pathway", "demo"])
    assert result.exit_code == 0, result.output

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def browser(chromium_path):
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
        context.close()
