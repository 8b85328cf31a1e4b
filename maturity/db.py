"""The SQLite connection of a request, transactions and the schema's migrations.

A request opens its own connection on first use (after the server has forked, never at import)
and closes it when the request ends; the CLI commands open one and close it themselves. Nothing
is left for the garbage collector to close.
"""

from __future__ import annotations

import contextlib
import sqlite3
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


@migrations()
def m003_consultant_sessions(db: Database) -> None:
    """A consultant's logins, so that logging out ends a session on the server too."""
    db["consultant_sessions"].create(
        {"token_hash": str, "consultant_id": int, "started_at": str},
        pk="token_hash",
        foreign_keys=[("consultant_id", "consultants", "id")],
        not_null={"consultant_id", "started_at"},
    )
    db["consultant_sessions"].create_index(["consultant_id"])
    db["consultant_sessions"].create_index(["started_at"])


@migrations()
def m004_partner_and_contact_requests(db: Database) -> None:
    """The IT partner's profile (one row, id 1) and the respondents' requests to be contacted."""
    db["partner"].create(
        {
            "id": int,
            "name": str,
            "email": str,
            "phone": str,
            "website": str,
            "booking_url": str,
            "logo_png": bytes,
            "logo_updated_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"name", "updated_at"},
    )
    db["contact_requests"].create(
        {
            "id": int,
            "assessment_id": int,
            "contact_name": str,
            "email": str,
            "phone": str,
            "message": str,
            "language": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null={"assessment_id", "contact_name", "language", "created_at"},
    )
    db["contact_requests"].create_index(["assessment_id"])


@migrations()
def m005_clients(db: Database) -> None:
    """The companies a partner follows over time, and which client and role an assessment has."""
    db["clients"].create(
        {
            "id": int,
            "public_id": str,
            "name": str,
            "contact_person": str,
            "email": str,
            "phone": str,
            "notes": str,
            "follow_up": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"public_id", "name", "follow_up", "created_at", "updated_at"},
        defaults={"contact_person": "", "email": "", "phone": "", "notes": "", "follow_up": "new"},
    )
    db["clients"].create_index(["public_id"], unique=True)
    db["clients"].create_index(["name"])
    assessments = db["assessments"]
    assessments.add_column("client_id", int, fk="clients", fk_col="id")
    assessments.add_column("respondent_role", str)
    # The dashboard's sort keys, each with the id as tie-breaker (an index holds the rowid).
    assessments.create_index(["client_id"])
    assessments.create_index(["overall_score"])
    for name, expression in {
        "company_nocase": "company collate nocase",
        "date": "coalesce(submitted_at, created_at)",  # when submitted, else when started
    }.items():
        db.execute(f"create index idx_assessments_{name} on assessments ({expression})")
    # A counter that moves whenever a submitted result appears, changes or goes: the key of the
    # dashboard's overview, kept per worker (its averages read every matching row).
    db["results_generation"].create({"id": int, "generation": int}, pk="id")
    db["results_generation"].insert({"id": 1, "generation": 0})
    events = {
        "insert": "new.status = 'submitted'",
        "delete": "old.status = 'submitted'",
        "update": "new.status = 'submitted' or old.status = 'submitted'",
    }
    for event, when in events.items():
        bump = "update results_generation set generation = generation + 1 where id = 1"
        trigger = f"results_changed_on_{event} after {event} on assessments when {when}"
        db.execute(f"create trigger {trigger} begin {bump}; end")


@migrations()
def m006_team_rounds(db: Database) -> None:
    """Team rounds: several people of one client answer, each with their own invitation."""
    db["rounds"].create(
        {"id": int, "client_id": int, "number": int, "created_at": str},
        pk="id",
        not_null={"client_id", "number", "created_at"},
        foreign_keys=[("client_id", "clients", "id")],
    )
    db["rounds"].create_index(["client_id", "number"], unique=True)
    # Plain ALTER TABLE: sqlite-utils' add_column(fk=...) rebuilds the table, losing its triggers.
    db.execute("alter table assessments add column round_id integer references rounds(id)")
    db["assessments"].create_index(["round_id"])


@migrations()
def m007_links_mailed(db: Database) -> None:
    """How often an assessment's personal link was e-mailed: the limit holds on the server."""
    db["assessments"].add_column("links_mailed", int, not_null_default=0)


def connect(path: str | Path) -> Database:
    """Open one connection: a busy timeout, foreign keys on. The caller closes it.

    WAL is a property of the database file, set once by apply_migrations(); the busy timeout
    is sqlite3.connect()'s own.
    """
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return Database(conn, recursive_triggers=False)  # no triggers here: one statement less


def use_wal(db: Database) -> None:
    """Readers never wait for the writer (kept in the file: once is enough)."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")


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
        use_wal(db)
        with immediate(db):
            migrations.apply(db)
    finally:
        db.close()


def get_db() -> Database:
    """The connection of the current request, opened on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """Close the request's connection (an open transaction is rolled back by close())."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
