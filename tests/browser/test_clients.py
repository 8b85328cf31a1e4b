"""The consultant's clients and dashboard in Chromium: full width at 1280 pixels, usable on a
phone, the copy button, and axe on a client page with its changes and trend chart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maturity import store, store_clients
from maturity.db import connect
from maturity.reports import derived_result
from tests.browser.test_accessibility import blocking_violations
from tests.conftest import CONSULTANT_EMAIL, CONSULTANT_PASSWORD
from tests.test_consultant import answers_at

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def client_with_history(live_app):
    """A client with three submitted assessments and an open invitation; its public id."""
    questionnaire = live_app.extensions["questionnaire"]
    db = connect(live_app.config["DATABASE"])
    try:
        client = store_clients.create_client(db, "Brouwerij Goossens", contact_person="Els")
        for position in (0, 2, 1):
            made, _token = store.create_assessment(
                db, client.name, "nl", questionnaire.version, client_id=client.id
            )
            answers = answers_at(questionnaire, position)
            store.save_step_answers(db, made.id, answers)
            store.submit_assessment(db, made.id, derived_result(questionnaire, answers))
        store.create_assessment(
            db, client.name, "fr", questionnaire.version, client_id=client.id, invited_by=1
        )
    finally:
        db.close()
    return client.public_id


def log_in(page, base: str) -> None:
    page.goto(f"{base}/nl/consultant/login")
    page.fill("#email", CONSULTANT_EMAIL)
    page.fill("#password", CONSULTANT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_the_dashboard_uses_the_whole_width_at_1280_pixels(
    browser, live_server, client_with_history
):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server)
        page.goto(f"{live_server}/nl/consultant/?sort=score&order=desc")
        table = page.locator(".assessments-table")
        expect(table).to_be_visible()
        width = table.evaluate("t => t.getBoundingClientRect().width")
        assert width > 1000  # not a 600-pixel column any more
        region = page.locator(".table-scroll")
        assert region.evaluate("r => r.scrollWidth <= r.clientWidth")  # every column visible
        expect(page.locator("th[aria-sort=descending]")).to_contain_text("Score")
        expect(page.locator(".row-more").first).to_be_hidden()
        expect(page.locator(".overview")).to_be_visible()
        assert blocking_violations(page) == []
    finally:
        context.close()


def test_the_dashboard_on_a_phone_keeps_the_key_columns_and_the_rest_one_tap_away(
    browser, live_server, client_with_history
):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    try:
        log_in(page, live_server)
        page.goto(f"{live_server}/nl/consultant/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        headers = page.locator(".assessments-table thead th:visible")
        assert headers.count() == 4  # company, status, score, level
        more = page.locator(".row-more").first
        expect(more).to_be_visible()
        more.locator("summary").click()
        expect(more.locator("dl")).to_be_visible()
        expect(more.locator("dl")).to_contain_text("Gestart")
        assert blocking_violations(page) == []
    finally:
        context.close()


def test_a_client_page_with_changes_and_trend_passes_axe(browser, live_server, client_with_history):
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        try:
            log_in(page, live_server)
            page.goto(f"{live_server}/nl/consultant/clients/{client_with_history}")
            expect(page.locator("h1")).to_have_text("Brouwerij Goossens")
            expect(page.locator("#better-title, #worse-title").first).to_be_visible()
            chart = page.locator(".trend-chart img")
            expect(chart).to_be_visible()
            assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            assert blocking_violations(page) == []
        finally:
            context.close()


def test_the_copy_button_puts_the_link_on_the_clipboard(browser, live_server, client_with_history):
    context = browser.new_context(
        viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    try:
        log_in(page, live_server)
        page.goto(f"{live_server}/nl/consultant/clients/{client_with_history}")
        page.locator("form[action$='/invite'] button[type=submit]").click()
        page.wait_for_load_state()
        link = page.locator("#invitation-link").get_attribute("href")
        assert re.search(r"/nl/resume/", link)
        button = page.locator("button[data-copy=invitation-link]")
        expect(button).to_be_visible()  # shown by app.js; hidden without it
        button.click()
        expect(page.locator("[data-copy-status]")).to_have_text("Gekopieerd.")
        assert page.evaluate("navigator.clipboard.readText()") == link
        page.locator("button[data-copy=invitation-message]").click()
        message = page.evaluate("navigator.clipboard.readText()")
        assert message.startswith("Goeiedag") and link in message
    finally:
        context.close()
