"""Shared fixtures: an app on a temporary database and the tiny questionnaire in tests/data."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from maturity import create_app, store
from maturity.db import connect
from tests.gunicorn_server import GunicornServer

TEST_QUESTIONS = Path(__file__).parent / "data" / "questions"
REAL_QUESTIONS = Path(__file__).parent.parent / "questions"

# Answers to the tiny questionnaire: the steps in order, each a dict of question -> option.
TINY_STEPS = {
    "context": {
        "current-support": "break-fix",
        "internal-it-owner": "designated-employee",
        "downtime-tolerance": "under-an-hour",
        "sla-times": "no-agreement",
    },
    "people": {"owner": "owner-some", "backup": "backup-good"},
    "tools": {"backups": "backups-full", "updates": "updates-half"},
}


def make_app(tmp_path, questions: Path = TEST_QUESTIONS, **config):
    """An app in testing mode on a new database under tmp_path and the given question bank.

    Further configuration (PROXY_FIX=1, WTF_CSRF_ENABLED=False, ...) comes as keywords.
    """
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE": str(tmp_path / "test.sqlite"),
            "QUESTIONS_DIR": str(questions),
            **config,
        }
    )


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class Respondent:
    """Walks the questionnaire like a browser: GET a page, POST its form with the CSRF token."""

    def __init__(self, client, lang: str = "nl"):
        self.client = client
        self.lang = lang

    def post_form(self, path: str, data: dict, **kwargs):
        page = self.client.get(path)
        return self.client.post(path, data={"csrf_token": csrf_token(page.text), **data}, **kwargs)

    def start(self, company: str = "Bakkerij Peeters"):
        return self.post_form(f"/{self.lang}/", {"company": company})

    def answer_step(self, step_id: str, answers: dict, **kwargs):
        return self.post_form(f"/{self.lang}/step/{step_id}", answers, **kwargs)

    def answer_all(self, steps: dict = TINY_STEPS):
        for step_id, answers in steps.items():
            response = self.answer_step(step_id, answers)
            assert response.status_code == 302, response.text
        return response

    def submit(self):
        return self.post_form(f"/{self.lang}/review", {})


@pytest.fixture
def respondent(client):
    return Respondent(client)


@pytest.fixture
def gunicorn_server(request, tmp_path):
    """The app under gunicorn (four sync workers) on loopback, on a temporary database."""
    server = GunicornServer(
        database=tmp_path / "live.sqlite", questions=TEST_QUESTIONS, log=tmp_path / "gunicorn.log"
    )
    request.addfinalizer(server.stop)
    server.start()
    return server


CONSULTANT_EMAIL = "partner@example.be"
CONSULTANT_PASSWORD = "correct horse battery"


@functools.cache
def consultant_password_hash(password: str = CONSULTANT_PASSWORD) -> str:
    """A scrypt hash with a small work factor: the same check, without the deliberate delay."""
    return generate_password_hash(password, method="scrypt:1024:8:1")


class ConsultantActions:
    """Logs a consultant in and out like a browser (flaskr's AuthActions)."""

    def __init__(self, app, client, lang: str = "en"):
        self.app = app
        self.client = client
        self.lang = lang

    def create_account(self, email: str = CONSULTANT_EMAIL) -> None:
        db = connect(self.app.config["DATABASE"])
        try:
            store.create_consultant(db, email, consultant_password_hash())
        finally:
            db.close()

    def post_form(self, path: str, data: dict, **kwargs):
        page = self.client.get(path, **kwargs)
        return self.client.post(path, data={"csrf_token": csrf_token(page.text), **data}, **kwargs)

    def login(self, email: str = CONSULTANT_EMAIL, password: str = CONSULTANT_PASSWORD, **kwargs):
        path = f"/{self.lang}/consultant/login"
        return self.post_form(path, {"email": email, "password": password}, **kwargs)

    def logout(self):
        page = self.client.get(f"/{self.lang}/consultant/")
        return self.client.post(
            f"/{self.lang}/consultant/logout", data={"csrf_token": csrf_token(page.text)}
        )


@pytest.fixture
def consultant(app, client):
    """A consultant account that exists (not logged in yet) and its actions."""
    actions = ConsultantActions(app, client)
    actions.create_account()
    return actions
