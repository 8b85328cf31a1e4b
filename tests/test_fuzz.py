"""Fuzzing every POST endpoint with hypothesis: arbitrary bodies never cause a 500, and nothing
from an invalid request is stored (the database changes only through valid saves)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity import create_app
from maturity.db import connect
from maturity.questionnaire import load_questionnaire
from tests.conftest import (
    CONSULTANT_EMAIL,
    CONSULTANT_PASSWORD,
    TEST_QUESTIONS,
    TINY_STEPS,
    ConsultantActions,
    Respondent,
    csrf_token,
)

TINY = load_questionnaire(TEST_QUESTIONS)
KNOWN_FIELDS = ["csrf_token", "company", "action", "language", *(q.id for q in TINY.questions)]
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "back", "next", "language", "fr", "xx", "dont-know", "not-applicable"]),
    st.sampled_from([o.id for q in TINY.questions for o in q.options]),
    st.builds(
        lambda char, size: char * size, st.characters(codec="utf-8"), st.integers(3000, 70_000)
    ),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)
BODIES = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN_FIELDS), st.text(min_size=1, max_size=20)), TEXT, max_size=8
)


def database_state(path) -> tuple:
    """Assessments, answers and accounts (login failures are recorded on purpose, so left out)."""
    db = connect(path)
    try:
        assessments = tuple(
            tuple(row.values())
            for row in db.query("select id, status, company from assessments order by id")
        )
        answers = tuple(
            tuple(row.values())
            for row in db.query(
                "select assessment_id, question_id, option_id from answers order by 1, 2"
            )
        )
    finally:
        db.close()
    return assessments, answers


def every_stored_answer_is_valid(path) -> bool:
    db = connect(path)
    try:
        rows = list(db.query("select question_id, option_id from answers"))
    finally:
        db.close()
    return all(
        TINY.question(r["question_id"])
        and r["option_id"] in TINY.question(r["question_id"]).option_ids
        for r in rows
    )


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "fuzz",
            "DATABASE": str(folder / "fuzz.sqlite"),
            "QUESTIONS_DIR": str(TEST_QUESTIONS),
        }
    )


def post_arbitrary_bodies(client, path, bodies, token, database, examples) -> None:
    """POST hypothesis' bodies, with or without a valid CSRF token, and check the invariants."""

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(body=bodies, with_token=st.booleans())
    def check(body, with_token):
        if with_token:
            body = {**body, "csrf_token": token}
        before = database_state(database)
        response = client.post(path, data=body)
        assert response.status_code < 500, response.text[:500]
        assert "Traceback" not in response.text
        if response.status_code != 302 or not with_token:
            assert database_state(database) == before
        assert every_stored_answer_is_valid(database)

    check()


ENDPOINTS = ["/nl/", "/nl/step/context", "/nl/step/people", "/nl/step/tools", "/fr/review"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_arbitrary_bodies_never_break_or_corrupt(fuzz_app, path):
    client = fuzz_app.test_client()
    respondent = Respondent(client)
    respondent.start("Fuzz BV")
    respondent.answer_step("context", TINY_STEPS["context"])
    token = csrf_token(client.get("/nl/step/people").text)
    post_arbitrary_bodies(client, path, BODIES, token, fuzz_app.config["DATABASE"], 40)


CONSULTANT_FIELDS = ["csrf_token", "email", "password", "company", "language", "next", "confirm"]
CONSULTANT_BODIES = st.dictionaries(
    st.one_of(st.sampled_from(CONSULTANT_FIELDS), st.text(min_size=1, max_size=20)),
    st.one_of(TEXT, st.sampled_from([CONSULTANT_EMAIL, CONSULTANT_PASSWORD, "nl", "en", "fr"])),
    max_size=6,
)


@pytest.mark.parametrize("endpoint", ["login", "invite", "delete", "logout"])
def test_arbitrary_bodies_to_consultant_endpoints(fuzz_app, endpoint):
    actions = ConsultantActions(fuzz_app, fuzz_app.test_client())
    actions.create_account(f"fuzz-{endpoint}@example.be")
    if endpoint != "login":
        actions.login(email=f"fuzz-{endpoint}@example.be")
    client = actions.client
    respondent = Respondent(fuzz_app.test_client())
    respondent.start("Target BV")
    db = connect(fuzz_app.config["DATABASE"])
    target = next(db.query("select public_id from assessments order by id desc"))["public_id"]
    db.close()
    paths = {
        "login": "/en/consultant/login",
        "invite": "/en/consultant/invite",
        "delete": f"/en/consultant/assessments/{target}/delete",
        "logout": "/en/consultant/logout",
    }
    path = paths[endpoint]
    form_page = "/en/consultant/login" if endpoint == "login" else "/en/consultant/invite"
    token = csrf_token(client.get(form_page).text)
    post_arbitrary_bodies(client, path, CONSULTANT_BODIES, token, fuzz_app.config["DATABASE"], 30)
