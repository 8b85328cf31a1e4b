"""WCAG 2.2 AA checks in Chromium: axe on every page type, phone and desktop; keyboard only;
no horizontal scrolling at 320 CSS pixels."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.pages import visit_all

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}

axe = Axe()


def blocking_violations(page) -> list[str]:
    results = axe.run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_no_serious_axe_violation_on_any_page(browser, live_server, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
    page = context.new_page()
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        violations = blocking_violations(page)
        if violations:
            found[name] = violations

    try:
        visited = visit_all(page, live_server, check)
    finally:
        context.close()
    assert len(visited) >= 15
    assert found == {}


def test_no_page_scrolls_horizontally_at_320_pixels(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide: dict[str, int] = {}

    def check(name: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width

    try:
        visit_all(page, live_server, check)
    finally:
        context.close()
    assert too_wide == {}


def test_the_whole_questionnaire_with_the_keyboard_only(page, live_server):
    page.goto(live_server + "/en/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "IT maturity scan"
    page.focus("#company")
    page.keyboard.type("Keyboard Ltd")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/step/"))
    while "/step/" in page.url:
        current = page.url
        questions = page.locator("fieldset").count()
        page.locator("fieldset input[type=radio]").first.focus()
        for index in range(questions):
            # In a radio group the arrow key moves and selects; Tab goes to the next group.
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            if index < questions - 1:
                page.keyboard.press("Tab")
        checked = page.locator("input[type=radio]:checked").count()
        assert checked == questions, f"{checked} of {questions} answered on {current}"
        page.keyboard.press("Enter")  # implicit submission: the first submit button
        page.wait_for_url(lambda url, before=current: url != before)
    expect(page).to_have_url(re.compile(r"/en/review$"))
    page.locator("main form button[type=submit]").first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/result$"))
    expect(page.locator("h1")).to_contain_text("level")


def test_error_summary_takes_focus_and_links_to_the_field(page, live_server):
    page.goto(live_server + "/en/")
    page.fill("#company", "Focus BV")
    page.locator("main form button[type=submit]").first.click()
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    first_link = summary.locator("a").first
    target = first_link.get_attribute("href")
    first_link.click()
    expect(page.locator(target)).to_be_focused()
