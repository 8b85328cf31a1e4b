"""A Walloon owner completes the scan in French: no Dutch or English text shows on any page."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from maturity.questionnaire import load_questionnaire
from tests.browser.pages import respondent_pages
from tests.conftest import REAL_QUESTIONS
from tests.test_questionnaire import all_texts

TRANSLATIONS = Path(__file__).parent.parent.parent / "maturity" / "translations"
MIN_LENGTH = 12  # shorter strings ("Score (0–100)", "Niveau") may be the same in two languages


def foreign_texts() -> set[str]:
    """Interface and question-bank texts in Dutch or English that differ from the French."""
    with (TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        french = {m.id: m.string for m in read_po(f) if m.id}
    with (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        dutch = {m.id: m.string for m in read_po(f) if m.id}
    texts = set()
    for msgid, fr in french.items():
        for other in (msgid, dutch.get(msgid, "")):
            if "%(" not in other and len(other) >= MIN_LENGTH and other != fr:
                texts.add(other)
    for _, text in all_texts(load_questionnaire(REAL_QUESTIONS)):
        texts.update(
            t for t in (text["nl"], text["en"]) if len(t) >= MIN_LENGTH and t != text["fr"]
        )
    return texts


def test_french_journey_shows_no_dutch_or_english(page, live_server):
    foreign = foreign_texts()
    assert len(foreign) > 100
    leaks: dict[str, list[str]] = {}
    for name in respondent_pages(page, live_server, "fr"):
        assert page.locator("html").get_attribute("lang") == "fr"
        body = page.inner_text("main")
        found = sorted(text for text in foreign if text in body)
        if found:
            leaks[name] = found[:5]
    assert leaks == {}
