"""One app server and one Chromium per test session (Debian's /usr/bin/chromium via Playwright)."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from maturity import create_app, store
from maturity.db import connect
from tests.conftest import CONSULTANT_EMAIL, REAL_QUESTIONS, consultant_password_hash

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on the real question bank, with one consultant account (tests.conftest's)."""
    folder = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret",
            "DATABASE": str(folder / "live.sqlite"),
            "QUESTIONS_DIR": str(REAL_QUESTIONS),
        }
    )
    db = connect(app.config["DATABASE"])
    try:
        store.create_consultant(db, CONSULTANT_EMAIL, consultant_password_hash())
    finally:
        db.close()
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app served on a free loopback port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once (Playwright's own browser download cannot work here)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="nl-BE")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
