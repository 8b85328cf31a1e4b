"""Walks a browser through every page type of the respondent's journey, for page-level checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from playwright.sync_api import Page


def answer_every_question(page: Page, choice: int) -> None:
    """Click the label of the n-th situation (from the end if negative) of every question."""
    for fieldset in page.locator("fieldset").all():
        labels = fieldset.locator(".option:not(.option-special) label")
        labels.nth(choice if choice >= 0 else labels.count() + choice).click()


def submit(page: Page) -> None:
    """Press the form's first submit button (the one that moves forward); wait for the page."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def respondent_pages(page: Page, base: str, lang: str = "nl") -> Iterator[str]:
    """Go to each page type in turn; yield its name while the browser shows it."""
    page.goto(f"{base}/{lang}/")
    yield "landing"
    submit(page)
    yield "landing with errors"
    page.fill("#company", "Drukkerij Vermeulen")
    submit(page)
    yield "first step"
    submit(page)
    yield "step with errors"
    choice = 0
    while "/step/" in page.url:
        answer_every_question(page, choice)
        choice += 1
        submit(page)
    yield "review"
    submit(page)
    yield "result"
    page.goto(f"{base}/{lang}/resume/no-such-token")
    yield "not found"


def visit_all(page: Page, base: str, check: Callable[[str], None], lang: str = "nl") -> list[str]:
    """Run check(name) on every page type; returns the names visited."""
    names = []
    for name in respondent_pages(page, base, lang):
        check(name)
        names.append(name)
    return names
