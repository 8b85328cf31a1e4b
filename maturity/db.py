"""The SQLite connection of a worker, transactions and the schema's migrations.

Each worker process (and each thread, under a threaded server) opens its own connection on its
first request, after the server has forked, and keeps it for the requests that follow: a request
uses that one connection and nothing else, and leaves it without a transaction. Opening a
connection costs more than most pages (the schema is read again and the WAL's shared index mapped:
0.3 to 0.6 ms, see BENCHMARKS.md), so it is not paid on every request. A connection that failed
is closed, and the next request opens a new one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from flask import Flask, current_app, g
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

BUSY_TIMEOUT_SECONDS = 10

migrations = Migrations("maturity")


@migrations()
def m001_assessments(db: Database) -> None:
    db["assessments"].create(
        {
            "id": int,
            "public_id": str,
            "resume_token_hash": str,
            "company": str,
            "language": str,
            "questionnaire_version": str,
            "status": str,
            "created_at": str,
            "updated_at": str,
            "submitted_at": str,
        },
        pk="id",
        not_null={
            "public_id",
            "resume_token_hash",
            "company",
            "language",
            "questionnaire_version",
            "status",
            "created_at",
            "updated_at",
        },
    )
    db["assessments"].create_index(["public_id"], unique=True)
    db["assessments"].create_index(["resume_token_hash"], unique=True)
    db["answers"].create(
        {"assessment_id": int, "question_id": str, "option_id": str, "updated_at": str},
        pk=("assessment_id", "question_id"),
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null={"option_id", "updated_at"},
    )


@migrations()
def m002_consultants_and_results(db: Database) -> None:
    """Consultant accounts, login throttling, and the derived result kept for filters."""
    assessments = db["assessments"]
    # Derived at submit time from the raw answers (which stay the source of truth), so that
    # the dashboard can filter and page in SQL and the export needs no scoring per row.
    assessments.add_column("overall_score", float)
    assessments.add_column("level", int)
    assessments.add_column("recommendation", str)
    assessments.add_column("dimension_scores", str)  # JSON: {step_id: {"score": .., "level": ..}}
    assessments.add_column("invited_by", int)
    for column in ("status", "level", "recommendation"):
        assessments.create_index([column])
    db["consultants"].create(
        {"id": int, "email": str, "password_hash": str, "created_at": str},
        pk="id",
        not_null={"email", "password_hash", "created_at"},
    )
    db["consultants"].create_index(["email"], unique=True)
    db["login_failures"].create(
        {"id": int, "email": str, "address": str, "failed_at": str},
        pk="id",
        not_null={"email", "address", "failed_at"},
    )
    db["login_failures"].create_index(["email", "failed_at"])
    db["login_failures"].create_index(["address", "failed_at"])
    db["login_failures"].create_index(["failed_at"])


def connect(path: str | Path) -> Database:
    """Open one connection: WAL, a busy timeout, foreign keys on."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = NORMAL")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    return db


@contextlib.contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction taken up front (BEGIN IMMEDIATE), so read-modify-write never races."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.commit()


def apply_migrations(path: str | Path) -> None:
    """Bring the schema up to date; safe when several workers start at once."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    try:
        with immediate(db):
            migrations.apply(db)
    finally:
        db.close()


def get_db() -> Database:
    """The connection of the current request: the worker's own, opened on first use."""
    if "db" not in g:
        g.db = worker_connection(current_app)
    return g.db


def worker_connection(app: Flask) -> Database:
    """This process and thread's connection to the app's database, opened on first use."""
    local = app.extensions["db_connections"]
    if getattr(local, "pid", None) != os.getpid():  # never a connection made before a fork
        local.db = connect(app.config["DATABASE"])
        local.pid = os.getpid()
    return local.db


def end_request(_exc: BaseException | None = None) -> None:
    """Leave the connection as the next request expects it: no transaction open."""
    db = g.pop("db", None)
    if db is None or not db.conn.in_transaction:
        return
    try:
        db.conn.rollback()
    except sqlite3.Error:
        forget_worker_connection(current_app)


def discard_failed_connection(error: BaseException) -> None:
    """After a database error the next request opens a new connection, not one in doubt."""
    if isinstance(error, sqlite3.Error) and g.pop("db", None) is not None:
        forget_worker_connection(current_app)


def forget_worker_connection(app: Flask) -> None:
    local = app.extensions["db_connections"]
    db = getattr(local, "db", None)
    local.__dict__.clear()
    if db is not None:
        with contextlib.suppress(sqlite3.Error):
            db.close()


def init_app(app: Flask) -> None:
    app.extensions["db_connections"] = threading.local()
    app.teardown_appcontext(end_request)
