"""The result printed to A4 PDF in Chromium, in every language: at most three pages, whole."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from maturity.i18n import LANGUAGE_NAMES

MAX_PAGES = 3
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch
# The situations chosen in turn: a business of low maturity gets the longest result (the most
# projects, reasons and improvements), so the page budget is tested where it is tightest.
ANSWER_PATTERN = (0, 1)
RING_VALUES = "20 40 60 80 100"  # the chart's level rings, drawn as text in the PDF
MIN_BODY_PX = 9.5 * 96 / 72 - 0.01  # 9.5 pt
EVIDENCE = {"nl": "Uw antwoord:", "en": "Your answer:", "fr": "Votre réponse :"}
OFFERED_BY = {"nl": "aangeboden door", "en": "offered by", "fr": "proposée par"}


def answer_with_pattern(page: Page) -> None:
    """Pick the situations of ANSWER_PATTERN in turn, question after question."""
    for number, fieldset in enumerate(page.locator("fieldset").all()):
        labels = fieldset.locator(".option:not(.option-special) label")
        labels.nth(ANSWER_PATTERN[number % len(ANSWER_PATTERN)] % labels.count()).click()


def complete_questionnaire(page: Page, base_url: str, lang: str, company: str) -> None:
    """Start, answer every step, submit, and land on the result page."""
    page.goto(f"{base_url}/{lang}/")
    page.locator("input[name=company]").fill(company)
    page.locator("form button[type=submit]").first.click()
    while "/step/" in page.url:
        answer_with_pattern(page)
        page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/review$"))
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/result$"))


def pdf_pages_text(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, whitespace collapsed, ligatures (ﬀ) as plain letters."""
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_result_prints_on_at_most_three_a4_pages(page: Page, live_server, tmp_path, lang):
    company = f"Drukkerij Peeters {lang.upper()}"
    complete_questionnaire(page, live_server, lang, company)
    expect(page.locator("[data-print]")).to_be_visible()  # the script showed the button
    headings = [" ".join(h.split()) for h in page.locator(".dimension-detail h3").all_inner_texts()]
    assert len(headings) == 4

    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.emulate_media(media="print")
    chart = page.locator(".result-chart img")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "chart did not load"
    page.screenshot(path=tmp_path / f"result-print-{lang}.png", full_page=True)
    pdf = page.pdf(format="A4")
    (tmp_path / f"result-{lang}.pdf").write_bytes(pdf)
    pages = pdf_pages_text(pdf)
    text = " ".join(pages)
    look_at = f"see {tmp_path} for the PDF and a PNG of the printed page"

    assert 1 <= len(pages) <= MAX_PAGES, f"{len(pages)} pages; {look_at}"
    assert company in pages[0], look_at
    assert RING_VALUES in pages[0], f"no chart on the first page; {look_at}"
    for heading in headings:
        assert heading in text, f"heading {heading!r} missing from the PDF; {look_at}"
    for name in LANGUAGE_NAMES.values():
        assert name not in text, f"language switch {name!r} printed; {look_at}"
    assert "/resume/" not in text, look_at
    assert EVIDENCE[lang] in text, f"the reasons' evidence is not printed; {look_at}"
    assert OFFERED_BY[lang] in pages[0], f"no partner in the header; {look_at}"
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('main p, main li, main td, main th')]
            .filter(e => e.offsetParent !== null && e.textContent.trim())
            .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= MIN_BODY_PX, f"text at {smallest}px on paper; {look_at}"
    for navigation in (".site-header", ".site-footer", ".resume-box", "[data-print]"):
        expect(page.locator(navigation).first).to_be_hidden()
