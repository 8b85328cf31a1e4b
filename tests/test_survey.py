"""The respondent's journey through the Flask test client, and every kind of bad input."""

from __future__ import annotations

import html
import re

import pytest

from maturity.db import connect
from tests.conftest import TINY_STEPS, Respondent, csrf_token


def table_counts(app) -> dict[str, int]:
    db = connect(app.config["DATABASE"])
    try:
        return {t: db[t].count for t in ("assessments", "answers")}
    finally:
        db.close()


def stored_answers(app) -> dict[str, str]:
    db = connect(app.config["DATABASE"])
    try:
        return {r["question_id"]: r["option_id"] for r in db.query("select * from answers")}
    finally:
        db.close()


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        (None, None, "/nl/"),
        (None, "fr-BE,fr;q=0.9,en;q=0.5", "/fr/"),
        (None, "en-GB,en;q=0.8", "/en/"),
        (None, "de-DE", "/nl/"),
        ("en", "fr-BE", "/en/"),
        ("xx", "fr-BE", "/fr/"),
    ],
)
def test_root_redirects_to_a_language(client, cookie, accept, expected):
    if cookie:
        client.set_cookie("lang", cookie)
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.location == expected


def test_unknown_language_is_404(client):
    assert client.get("/de/").status_code == 404


def test_landing_page_has_the_start_form(client):
    page = client.get("/nl/")
    assert page.status_code == 200
    assert '<html lang="nl">' in page.text
    assert 'method="post"' in page.text and 'name="company"' in page.text


def test_whole_flow_from_start_to_result(app, client, respondent):
    response = respondent.start("Bakkerij Peeters")
    assert response.status_code == 302
    assert response.location == "/nl/step/context"
    page = client.get("/nl/step/context").text
    assert "Stap 1 van 4" in page
    assert 'name="current-support"' in page and 'value="break-fix"' in page
    for step_id, answers in TINY_STEPS.items():
        response = respondent.answer_step(step_id, answers)
        assert response.status_code == 302
    assert response.location == "/nl/review"
    review = client.get("/nl/review").text
    assert "owner wat" in review and "updates half" in review
    response = respondent.submit()
    assert response.location == "/nl/result"
    result = client.get("/nl/result").text
    # people 58.3, tools 75, overall 66.7 -> level 4 "Niveau-vier"
    assert "66,7" in result and "58,3" in result and "75" in result
    assert "Niveau-vier" in result
    assert "Bakkerij Peeters" in result
    assert stored_answers(app) == {k: v for step in TINY_STEPS.values() for k, v in step.items()}


def test_every_step_is_saved_before_the_next_page(app, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    assert stored_answers(app) == TINY_STEPS["context"]


def test_back_keeps_the_answers(app, client, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    response = respondent.answer_step("people", {"owner": "owner-full", "action": "back"})
    assert response.location == "/nl/step/context"
    assert is_checked(client.get("/nl/step/context").text, "break-fix")
    assert is_checked(client.get("/nl/step/people").text, "owner-full")
    assert stored_answers(app)["owner"] == "owner-full"


def is_checked(html: str, value: str) -> bool:
    """Whether the radio button with this value is checked in the page."""
    inputs = re.findall(r"<input[^>]*>", html)
    return any(f'value="{value}"' in tag and " checked" in tag for tag in inputs)


def resume_path(html: str) -> str:
    return re.search(r'href="https?://[^"/]+(/nl/resume/[^"]+)"', html).group(1)


def test_resume_link_restores_the_assessment_in_a_fresh_client(app, client, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    respondent.answer_step("people", TINY_STEPS["people"])
    resume = resume_path(client.get("/nl/step/tools").text)
    fresh = app.test_client()
    response = fresh.get(resume)
    assert response.status_code == 302
    assert response.location == "/nl/step/tools"
    people = fresh.get("/nl/step/people").text
    assert is_checked(people, "owner-some") and is_checked(people, "backup-good")


def test_resume_token_is_stored_only_as_a_hash(app, client, respondent):
    respondent.start()
    page = client.get("/nl/step/context").text
    token = re.search(r"/nl/resume/([A-Za-z0-9_-]+)", page).group(1)
    assert len(token) >= 43  # 32 random bytes
    db = connect(app.config["DATABASE"])
    row = next(db.query("select * from assessments"))
    db.close()
    assert token not in str(row)


def test_resume_after_submit_shows_the_result(app, respondent, client):
    respondent.start()
    respondent.answer_all()
    resume = resume_path(client.get("/nl/review").text)
    respondent.submit()
    fresh = app.test_client()
    assert fresh.get(resume).location == "/nl/result"
    assert "Niveau-vier" in fresh.get("/nl/result").text


# Bad input ----------------------------------------------------------------------------


def test_missing_answer_shows_the_form_again_and_stores_nothing(app, client, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    response = respondent.answer_step("people", {"owner": "owner-full"})
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert 'href="#backup-0"' in response.text
    assert "owner" not in stored_answers(app)


def test_unknown_option_id_is_refused(app, client, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    response = respondent.answer_step("people", {"owner": "owner-ultra", "backup": "backup-full"})
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert set(stored_answers(app)) == set(TINY_STEPS["context"])


def test_option_of_another_question_is_refused(app, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    response = respondent.answer_step("people", {"owner": "backup-full", "backup": "backup-full"})
    assert response.status_code == 200
    assert set(stored_answers(app)) == set(TINY_STEPS["context"])


def test_oversized_value_is_refused(app, respondent):
    respondent.start()
    response = respondent.answer_step("context", {"current-support": "x" * 5000})
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert stored_answers(app) == {}


def test_oversized_body_gets_a_friendly_page(app, respondent):
    respondent.start()
    response = respondent.answer_step("context", {"current-support": "x" * 200_000})
    assert response.status_code == 413
    assert "<h1>" in response.text and "Traceback" not in response.text
    assert stored_answers(app) == {}


def test_step_out_of_order_is_sent_back_and_nothing_is_stored(app, client, respondent):
    respondent.start()
    page = client.get("/nl/step/context")
    response = client.post(
        "/nl/step/tools",
        data={"csrf_token": csrf_token(page.text), **TINY_STEPS["tools"]},
    )
    assert response.status_code == 302
    assert response.location == "/nl/step/context"
    assert stored_answers(app) == {}


def test_submit_before_complete_is_refused(app, client, respondent):
    respondent.start()
    respondent.answer_step("context", TINY_STEPS["context"])
    response = respondent.submit()
    assert response.status_code == 200
    assert "/nl/step/people" in response.text
    db = connect(app.config["DATABASE"])
    assert next(db.query("select status from assessments"))["status"] == "in_progress"
    db.close()


def test_unknown_step_is_404(respondent, client):
    respondent.start()
    assert client.get("/nl/step/finance").status_code == 404


@pytest.mark.parametrize("token", ["nope", "A" * 43, "x" * 500])
def test_unknown_or_tampered_resume_token_is_404(client, token):
    response = client.get(f"/nl/resume/{token}")
    assert response.status_code == 404
    assert "Traceback" not in response.text


def test_step_without_an_assessment_goes_to_the_landing_page(client):
    response = client.get("/nl/step/context")
    assert response.status_code == 302
    assert response.location == "/nl/"


def test_empty_company_name_is_refused(app, client):
    respondent = Respondent(client)
    response = respondent.start("   ")
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert table_counts(app)["assessments"] == 0


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Use letters, digits, spaces and punctuation only."),
        ("nl", "Gebruik alleen letters, cijfers, spaties en leestekens."),
        ("fr", "Utilisez uniquement des lettres, des chiffres, des espaces et de la ponctuation."),
    ],
)
@pytest.mark.parametrize(
    "company", ["Bakkerij\x00 Peeters", "Garage\x1b[31m", "Twee\nregels", "Twee\u2028regels"]
)
def test_a_company_name_with_control_characters_is_refused(app, client, lang, message, company):
    response = Respondent(client, lang).start(company)
    assert response.status_code == 200
    assert message in html.unescape(response.text)
    assert table_counts(app)["assessments"] == 0


def test_a_company_name_with_a_non_breaking_space_is_fine(app, client):
    assert Respondent(client).start("Café\u00a0Zoë").status_code == 302


def test_post_without_csrf_token_gets_the_friendly_page(app, respondent, client):
    respondent.start()
    response = client.post("/nl/step/context", data=TINY_STEPS["context"])
    assert response.status_code == 400
    assert "<h1>" in response.text
    assert stored_answers(app) == {}


def test_answers_cannot_change_after_submit(app, respondent, client):
    respondent.start()
    respondent.answer_all()
    respondent.submit()
    response = client.get("/nl/step/people")
    assert response.location == "/nl/result"


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
