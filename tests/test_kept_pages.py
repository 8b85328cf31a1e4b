"""Pages kept per worker (maturity/stencil.py): the same HTML as a full render, never stale."""

from __future__ import annotations

import re

import pytest
from flask import session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity import survey
from maturity.forms import build_step_form
from maturity.i18n import localized
from maturity.questionnaire import LANGUAGES, load_questionnaire
from maturity.security import csrf_token
from maturity.stencil import cut, hole
from tests.conftest import REAL_QUESTIONS, TINY_STEPS, Respondent, make_app
from tests.conftest import csrf_token as csrf_token_of

REAL = load_questionnaire(REAL_QUESTIONS)
LANGUAGE_LINK = re.compile(r'<a href="([^"]+)" lang="(\w+)" hreflang')


@pytest.fixture(scope="module")
def real_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("kept"), REAL_QUESTIONS)


def answers_for(step):
    """Any saved answers for a step: each question unanswered or one of its options."""
    return st.fixed_dictionaries(
        {},
        optional={q.id: st.sampled_from(q.option_ids) for q in step.questions},
    )


def kept_and_full_render(app, lang: str, step_id: str, answers: dict, query: str = ""):
    """A step page from the kept stencil and from a full render, in one request."""
    with app.test_request_context(f"/{lang}/step/{step_id}{query}"):
        app.preprocess_request()  # the language from the URL, as a real request does
        session[survey.SESSION_TOKEN] = "a-personal-token"
        questionnaire = app.extensions["questionnaire"]
        step = questionnaire.step(step_id)
        kept = survey.kept_step_page(questionnaire, step).fill(
            {
                "questions": survey.step_questions(questionnaire, step, answers),
                "csrf_token": csrf_token(),
                **survey.personal_link(),
            }
        )
        form = build_step_form(step, localized, answers)
        full = survey.render_step(questionnaire, step, survey.render_questions(step, form))
        return str(kept), full


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("step", REAL.steps, ids=lambda step: step.id)
def test_a_kept_step_page_is_the_full_render_for_any_saved_answers(real_app, lang, step):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers=answers_for(step), from_review=st.booleans())
    def check(answers, from_review):
        query = "?from=review" if from_review else ""
        kept, full = kept_and_full_render(real_app, lang, step.id, answers, query)
        assert kept == full
        assert kept.count("<input checked ") == len(answers)

    check()


def test_a_page_with_a_waiting_message_shows_it_once(client):
    respondent = Respondent(client)
    respondent.start()
    page = client.get("/nl/step/tools", follow_redirects=True)  # steps go in order
    assert "Beantwoord eerst deze stap" in page.text
    assert "Beantwoord eerst deze stap" not in client.get("/nl/step/context").text


def test_query_arguments_reach_the_language_links_of_that_page_only(client):
    Respondent(client).start()
    odd = client.get("/nl/step/context?campaign=%3Cb%3E")
    assert odd.status_code == 200
    links = {lang: href for href, lang in LANGUAGE_LINK.findall(odd.text)}
    assert links["fr"] == "/fr/step/context?campaign=%3Cb%3E"
    plain = client.get("/nl/step/context")
    assert "campaign" not in plain.text
    assert {lang: href for href, lang in LANGUAGE_LINK.findall(plain.text)} == {
        "en": "/en/step/context",
        "fr": "/fr/step/context",
    }


def test_each_respondent_gets_their_own_link_and_token_on_a_kept_page(app):
    pages = []
    for company in ("Bakkerij Peeters", "Garage Dubois"):
        client = app.test_client()
        Respondent(client).start(company)
        pages.append(client.get("/nl/step/context").text)
    links = [re.search(r'href="(http://localhost/nl/resume/[^"]+)"', p).group(1) for p in pages]
    tokens = [csrf_token_of(page) for page in pages]
    assert links[0] != links[1]
    assert tokens[0] != tokens[1]
    assert all(p.count(link) == 2 for p, link in zip(pages, links, strict=True))


def test_a_kept_result_page_is_the_full_render(app, client):
    respondent = Respondent(client)
    respondent.start()
    respondent.answer_all(TINY_STEPS)
    respondent.submit()
    first, again = client.get("/nl/result").text, client.get("/nl/result").text
    with_query = client.get("/nl/result?print=1").text  # rendered in full, not kept
    assert first == again
    assert with_query.replace("?print=1", "") == first


def test_text_that_looks_like_a_hole_is_only_text(app, client):
    fake = "\x1e0123456789abcdef:resume_url\x1f"
    respondent = Respondent(client)
    respondent.start(company=f"Bakkerij {fake} BV")
    respondent.answer_all(TINY_STEPS)
    respondent.submit()
    page = client.get("/nl/result")
    assert page.status_code == 200
    assert f"Bakkerij {fake} BV" in page.text
    assert cut(page.text).holes == ()


def test_a_stencil_escapes_values_unless_they_are_markup():
    stencil = cut(f"<p>{hole('name')}</p><p>{hole('html')}</p>")
    assert stencil.holes == ("name", "html")
    filled = stencil.fill({"name": "<b>A & B</b>", "html": survey.Markup("<b>ok</b>")})
    assert filled == "<p>&lt;b&gt;A &amp; B&lt;/b&gt;</p><p><b>ok</b></p>"


def test_a_kept_page_never_carries_another_requests_url_prefix(tmp_path):
    # Behind a proxy (FLASK_PROXY_FIX=1) the script root comes from X-Forwarded-Prefix, which a
    # client may send itself: a page kept for such a request must not reach anyone else.
    app = make_app(tmp_path, PROXY_FIX=1)
    evil = {"X-Forwarded-Prefix": "//evil.example"}
    attacker, victim = app.test_client(), app.test_client()
    Respondent(attacker).start()
    Respondent(victim).start()
    poisoned = attacker.get("/nl/step/context", headers=evil).text
    assert 'action="//evil.example/nl/step/context"' in poisoned  # honoured for its sender
    assert "evil.example" not in victim.get("/nl/step/context").text
    assert "evil.example" not in attacker.get("/nl/step/context").text
    submitted = app.test_client()
    respondent = Respondent(submitted)
    respondent.start()
    respondent.answer_all(TINY_STEPS)
    respondent.submit()
    assert "//evil.example/" in submitted.get("/nl/result", headers=evil).text
    assert "evil.example" not in submitted.get("/nl/result").text


def test_head_of_a_step_page_is_its_get_and_changes_nothing(app, client):
    respondent = Respondent(client)
    respondent.start()
    get = client.get("/nl/step/context")
    head = client.head("/nl/step/context")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    sneaky = client.open(
        "/nl/step/context", method="HEAD", data={**TINY_STEPS["context"], "action": "back"}
    )
    assert sneaky.status_code == 200
    assert "<input checked " not in client.get("/nl/step/context").text  # nothing was saved
