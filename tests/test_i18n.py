"""Languages: the URL prefix, the switch that keeps the place, formats, and the catalogues."""

from __future__ import annotations

import re

import pytest

from tests.conftest import TINY_STEPS, Respondent

STEP_TEXTS = {
    "nl": ("Stap 2 van 4", "Vraag owner?", "Bewaren en verder"),
    "en": ("Step 2 of 4", "Question owner?", "Save and continue"),
    "fr": ("Étape 2 sur 4", "Question owner ?", "Enregistrer et continuer"),
}


@pytest.mark.parametrize("lang", sorted(STEP_TEXTS))
def test_the_same_step_in_each_language(client, lang):
    respondent = Respondent(client, lang)
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    page = client.get(f"/{lang}/step/people").text
    assert f'<html lang="{lang}">' in page
    for text in STEP_TEXTS[lang]:
        assert text in page
    others = [t for other, texts in STEP_TEXTS.items() if other != lang for t in texts]
    assert not [t for t in others if t in page]


def test_language_links_keep_the_place(client, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    page = client.get("/nl/step/people?from=review").text
    links = dict(re.findall(r'<a href="([^"]+)" lang="(\w\w)"', page))
    assert set(links.values()) == {"en", "fr"}
    assert sorted(links) == ["/en/step/people?from=review", "/fr/step/people?from=review"]


def test_switching_language_mid_step_saves_the_answers_and_keeps_the_step(client, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    response = respondent.answer_step(
        "people", {"owner": "owner-full", "action": "language", "language": "fr"}
    )
    assert response.status_code == 302
    assert response.location == "/fr/step/people"
    page = client.get("/fr/step/people").text
    assert "Étape 2 sur 4" in page
    assert re.search(r'<input[^>]*checked[^>]*value="owner-full"', page)
    assert re.search(
        r'<input[^>]*checked[^>]*value="break-fix"', client.get("/fr/step/context").text
    )


def test_unknown_language_in_the_switch_stays_in_the_current_language(client, respondent):
    respondent.start()
    response = respondent.answer_step("context", {"action": "language", "language": "xx"})
    assert response.location == "/nl/step/context"


def test_chosen_language_is_remembered_for_the_root(client):
    client.get("/fr/")
    assert client.get("/", headers={"Accept-Language": "nl"}).location == "/fr/"


@pytest.mark.parametrize(
    ("lang", "overall", "dimension"),
    [("nl", "66,7", "58,3"), ("fr", "66,7", "58,3"), ("en", "66.7", "58.3")],
)
def test_numbers_are_formatted_for_the_language(client, lang, overall, dimension):
    respondent = Respondent(client, lang)
    respondent.start()
    respondent.answer_all()
    respondent.submit()
    page = client.get(f"/{lang}/result").text
    assert overall in page and dimension in page


def test_error_pages_speak_the_language_of_the_url(client):
    assert "Page introuvable" in client.get("/fr/nowhere").text
    assert "Page not found" in client.get("/en/step/x/y").text
    assert "Pagina niet gevonden" in client.get("/nl/resume/unknown").text
