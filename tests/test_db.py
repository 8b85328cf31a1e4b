"""The request's connection (maturity/db.py): opened on first use, closed when the request ends."""

from __future__ import annotations

import sqlite3

import pytest

from maturity.db import connect, get_db
from tests.conftest import TINY_STEPS, ConsultantActions, Respondent, csrf_token, make_app


@pytest.fixture
def opened_connections(monkeypatch):
    """Every sqlite3 connection opened while the test runs, kept to check that it was closed."""
    opened = []
    real_connect = sqlite3.connect

    def recording_connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    return opened


def is_closed(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("select 1")
    except sqlite3.ProgrammingError:
        return True
    return False


@pytest.fixture
def app_with_test_routes(app):
    @app.route("/_test/leave-a-transaction-open")
    def leave_a_transaction_open():
        get_db().execute("BEGIN IMMEDIATE")
        get_db().execute(
            "insert into login_failures (email, address, failed_at) values ('a', 'b', 'c')"
        )
        return "begun"

    @app.route("/_test/fail")
    def fail():
        get_db().execute("select * from no_such_table")
        return "not reached"

    @app.route("/_test/connection")
    def connection():
        return str(id(get_db()))

    return app


def test_no_connection_is_left_for_the_garbage_collector(tmp_path, opened_connections):
    # A respondent's whole journey, a consultant's dashboard, export and CLI: each connection
    # opened on the way is closed by the code that opened it, none by the garbage collector.
    app = make_app(tmp_path)
    client = app.test_client()
    respondent = Respondent(client)
    respondent.start()
    respondent.answer_all()
    respondent.submit()
    client.get("/nl/result")
    consultant = ConsultantActions(app, app.test_client())
    consultant.create_account()
    consultant.login()
    consultant.client.get("/en/consultant/")
    with consultant.client.get("/en/consultant/export.csv") as export:
        assert export.status_code == 200
        next(export.response)  # a download broken off after its first chunk
    app.test_cli_runner().invoke(args=["export-csv", str(tmp_path / "out.csv")])
    app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite")])
    assert len(opened_connections) > 10
    assert [c for c in opened_connections if not is_closed(c)] == []


def test_a_failed_request_closes_its_connection(app_with_test_routes, opened_connections):
    app_with_test_routes.config["PROPAGATE_EXCEPTIONS"] = False
    client = app_with_test_routes.test_client()
    assert client.get("/_test/fail").status_code == 500
    assert opened_connections
    assert all(is_closed(c) for c in opened_connections)


def test_each_request_has_its_own_connection(app_with_test_routes, opened_connections):
    client = app_with_test_routes.test_client()
    client.get("/_test/connection")
    client.get("/_test/connection")
    assert len(opened_connections) == 2


def test_a_request_never_leaves_a_transaction_or_a_lock_behind(app_with_test_routes):
    client = app_with_test_routes.test_client()
    assert client.get("/_test/leave-a-transaction-open").text == "begun"
    other = connect(app_with_test_routes.config["DATABASE"])
    try:
        other.conn.execute("PRAGMA busy_timeout = 0")  # a lock left behind fails at once
        other.execute("BEGIN IMMEDIATE")
        other.execute("rollback")
        assert other.execute("select count(*) from login_failures").fetchone()[0] == 0
    finally:
        other.close()


def test_no_connection_is_opened_by_create_app_after_migrations(tmp_path, opened_connections):
    make_app(tmp_path)
    assert opened_connections  # the migrations ...
    assert all(is_closed(c) for c in opened_connections)  # ... closed theirs


def test_a_connection_is_in_wal_mode_with_a_busy_timeout(app):
    with app.app_context():
        connection = get_db()
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "insert into answers (assessment_id, question_id, option_id, updated_at)"
                " values (999, 'q', 'o', 'now')"
            )


def test_a_worker_sees_what_another_worker_saved_at_its_next_request(tmp_path):
    # Two apps on one database, as two gunicorn workers.
    first, second = make_app(tmp_path), make_app(tmp_path)
    client = first.test_client()
    respondent = Respondent(client)
    respondent.start()
    assert client.get("/nl/step/context").status_code == 200  # the first worker reads
    with second.test_client() as other:
        other.set_cookie("session", client.get_cookie("session").value)
        page = other.get("/nl/step/context")
        response = other.post(
            "/nl/step/context", data={"csrf_token": csrf_token(page.text), **TINY_STEPS["context"]}
        )
        assert response.status_code == 302
    page = client.get("/nl/step/context").text
    assert page.count("<input checked ") == len(TINY_STEPS["context"])
    assert client.get("/nl/step/people").status_code == 200  # not sent back to the first step
