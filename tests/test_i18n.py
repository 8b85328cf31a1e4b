"""Languages: the URL prefix, the switch that keeps the place, formats, and the catalogues."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import request
from wtforms.fields.choices import SelectChoice

from maturity.forms import ExportForm
from tests.conftest import TINY_STEPS, Respondent

PROJECT_ROOT = Path(__file__).parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")

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


# The catalogues ------------------------------------------------------------------------

TRANSLATIONS = PROJECT_ROOT / "maturity" / "translations"
METHOD_MAP = [("maturity/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def interface_strings() -> set[str]:
    """Every string the code and templates mark for translation (what pybabel extract finds)."""
    found = extract_from_dir(str(PROJECT_ROOT), METHOD_MAP, keywords=KEYWORDS)
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def read_catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_catalog_translates_every_interface_string(lang):
    catalog = read_catalog(lang)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(interface_strings() - translated)
    assert missing == [], f"{lang}: {len(missing)} untranslated, e.g. {missing[:3]}"
    assert not [m.id for m in catalog if m.id and m.fuzzy]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_translations_keep_their_placeholders(lang):
    for message in read_catalog(lang):
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
                PLACEHOLDER.findall(message.id)
            ), message.id


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_committed_mo_file_matches_its_po_file(lang):
    """The .mo files are committed (no compile step to run the app); they must match the .po."""
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(lang))
    committed = (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert committed == compiled.getvalue(), (
        f"run: .venv/bin/pybabel compile -d maturity/translations ({lang} is stale)"
    )


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("nl", "Ongeldige keuze."),
        ("fr", "N'est pas un choix valide."),
        ("en", "Not a valid choice."),
    ],
)
def test_wtforms_messages_speak_the_language_of_the_url(app, lang, message):
    with app.test_request_context(f"/{lang}/consultant/export.csv?dialect=unknown"):
        app.preprocess_request()
        form = ExportForm(formdata=request.args, meta={"csrf": False})
        form.dialect.choices = [SelectChoice("standard", "Standard")]
        assert not form.validate()
    assert form.dialect.errors == [message]
