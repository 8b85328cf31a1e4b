"""The worker's connection (maturity/db.py): per process and thread, clean after each request."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time

import pytest

from maturity import db
from maturity.db import connect, get_db, worker_connection
from tests.conftest import TINY_STEPS, Respondent, csrf_token, make_app


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


def test_requests_of_one_worker_share_its_connection(app_with_test_routes):
    client = app_with_test_routes.test_client()
    first = client.get("/_test/connection").text
    assert client.get("/_test/connection").text == first


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


def test_after_a_database_error_the_next_request_opens_a_new_connection(app_with_test_routes):
    app_with_test_routes.config["PROPAGATE_EXCEPTIONS"] = False
    client = app_with_test_routes.test_client()
    client.get("/_test/connection")
    connections = app_with_test_routes.extensions["db_connections"]
    before = connections.db
    assert client.get("/_test/fail").status_code == 500
    assert client.get("/healthz").json == {"status": "ok"}
    assert connections.db is not before


def test_each_thread_opens_its_own_connection(app):
    found = {}

    def open_in_thread(name):
        with app.app_context():
            connection = worker_connection(app)
            connection.execute("select count(*) from assessments").fetchone()
            found[name] = connection

    threads = [threading.Thread(target=open_in_thread, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert len({id(found["a"]), id(found["b"]), id(worker_connection(app))}) == 3


def test_a_forked_worker_never_uses_its_parents_connection(app, monkeypatch):
    with app.app_context():
        parent = worker_connection(app)
        monkeypatch.setattr(db.os, "getpid", lambda: -1)
        child = worker_connection(app)
        assert child is not parent
        assert child.execute("select 1").fetchone() == (1,)
        assert worker_connection(app) is child


def test_a_connection_is_in_wal_mode_with_a_busy_timeout(app):
    with app.app_context():
        connection = worker_connection(app)
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "insert into answers (assessment_id, question_id, option_id, updated_at)"
                " values (999, 'q', 'o', 'now')"
            )


def test_a_worker_sees_what_another_worker_saved_at_its_next_request(tmp_path):
    # Two apps on one database: two gunicorn workers, each with its kept connection. A read
    # left open by one request would show that worker an old snapshot at its next request.
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


def test_a_real_fork_opens_its_own_connection(app):
    with app.app_context():
        parent = worker_connection(app)
        pid = os.fork()
        if pid == 0:  # the child: report through the exit code, never return into pytest
            code = 1
            try:
                child = worker_connection(app)
                rows = child.execute("select count(*) from assessments").fetchone()[0]
                code = 0 if child is not parent and rows == 0 else 2
            finally:
                os._exit(code)
        assert exit_code_of(pid) == 0
        assert worker_connection(app) is parent  # the parent keeps its own


def exit_code_of(pid: int, seconds: float = 20) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the forked child did not finish")
