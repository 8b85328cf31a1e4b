"""A person completes the real questionnaire in Chromium, then resumes it in a new browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.pages import answer_every_question


def test_complete_the_questionnaire_and_resume_in_a_new_context(page: Page, live_server, browser):
    page.goto(live_server + "/")
    expect(page).to_have_url(re.compile(r"/nl/$"))
    page.get_by_label(re.compile("bedrijf|company", re.I)).fill("Schrijnwerkerij Janssens")
    page.locator("form button[type=submit]").first.click()

    expect(page.locator("#progress")).to_contain_text("1")
    answer_every_question(page, 1)
    page.locator("form button[type=submit]").first.click()
    resume_url = page.locator(".resume-link a").get_attribute("href")
    assert re.search(r"/nl/resume/[A-Za-z0-9_-]{43}$", resume_url)

    # The second step: answered, then left; the new context must find it saved.
    answer_every_question(page, -2)
    page.locator("form button[type=submit]").first.click()
    second_step_url = page.url

    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(resume_url)
        expect(fresh).to_have_url(second_step_url)
        fresh.locator("button[value=back]").click()
        checked = fresh.locator("input[type=radio]:checked")
        expect(checked).to_have_count(fresh.locator("fieldset").count())
    finally:
        other.close()

    # Finish in the first browser: remaining steps, review, submit, result.
    while "/step/" in page.url:
        answer_every_question(page, -1)
        page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/nl/review$"))
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/nl/result$"))
    # Two steps were not answered at the top of the scale, so the overall score is below 100.
    expect(page.locator(".score-table tbody tr")).to_have_count(4)
    expect(page.locator(".score-table tbody tr").last).to_contain_text("100")
