"""Reads and writes of assessments and consultant accounts, as functions named for their intent.

The dashboard's lists, its overview and the export read through store_dashboard; clients and
their invitations live in store_clients. Nothing else touches the database's tables.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from maturity.db import immediate

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
RESUME_TOKEN_BYTES = 32


class AssessmentClosed(Exception):
    """The assessment was already submitted: its answers can no longer change."""


class ConsultantExists(Exception):
    """A consultant account with this e-mail address exists already."""


@dataclass(frozen=True)
class Assessment:
    id: int
    public_id: str
    company: str
    language: str
    questionnaire_version: str
    status: str
    created_at: str
    updated_at: str
    submitted_at: str | None
    overall_score: float | None = None
    level: int | None = None
    recommendation: str | None = None
    invited_by: int | None = None
    client_id: int | None = None
    respondent_role: str | None = None

    @property
    def is_submitted(self) -> bool:
        return self.status == SUBMITTED


@dataclass(frozen=True)
class DerivedResult:
    """What the dashboard filters on and the export shows, derived from the answers at submit."""

    overall_score: float
    level: int
    recommendation: str | None
    dimensions: dict[str, tuple[float, int]] = field(default_factory=dict)  # id: (score, level)

    def as_columns(self) -> dict:
        scores = {
            key: {"score": score, "level": level} for key, (score, level) in self.dimensions.items()
        }
        return {
            "overall_score": self.overall_score,
            "level": self.level,
            "recommendation": self.recommendation,
            "dimension_scores": json.dumps(scores, sort_keys=True),
        }


@dataclass(frozen=True)
class AssessmentFilter:
    """The dashboard's search and filters; empty values mean "any"."""

    search: str = ""
    status: str | None = None
    level: int | None = None
    recommendation: str | None = None


@dataclass(frozen=True)
class Consultant:
    id: int
    email: str
    created_at: str
    password_hash: str = field(repr=False)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_resume_token() -> str:
    return secrets.token_urlsafe(RESUME_TOKEN_BYTES)


# The dataclass's fields by name (not select *), so that a row goes straight into Assessment(*row).
ASSESSMENT_COLUMNS = ", ".join(Assessment.__dataclass_fields__)
FIND_ASSESSMENT = f"select {ASSESSMENT_COLUMNS} from assessments where public_id = ?"  # noqa: S608


def _assessment_from_row(row: dict | None) -> Assessment | None:
    if row is None:
        return None
    fields = Assessment.__dataclass_fields__
    return Assessment(**{name: value for name, value in row.items() if name in fields})


def create_assessment(
    db: Database,
    company: str,
    language: str,
    questionnaire_version: str,
    invited_by: int | None = None,
    client_id: int | None = None,
    respondent_role: str | None = None,
    round_id: int | None = None,
) -> tuple[Assessment, str]:
    """Start an assessment; returns it with its resume token (only the hash is stored)."""
    token = new_resume_token()
    now = utc_now()
    row = {
        # Hex: an id never starts with "-", so an export never has to neutralise it.
        "public_id": secrets.token_hex(16),
        "resume_token_hash": hash_token(token),
        "company": company,
        "language": language,
        "questionnaire_version": questionnaire_version,
        "status": IN_PROGRESS,
        "created_at": now,
        "updated_at": now,
        "submitted_at": None,
        "invited_by": invited_by,
        "client_id": client_id,
        "respondent_role": respondent_role,
        "round_id": round_id,
    }
    with immediate(db):
        row["id"] = db["assessments"].insert(row).last_pk
    return _assessment_from_row(row), token


def find_assessment_by_token(db: Database, token: str) -> Assessment | None:
    rows = db.query("select * from assessments where resume_token_hash = ?", [hash_token(token)])
    return _assessment_from_row(next(rows, None))


def token_opens(db: Database, assessment: Assessment, token: str | None) -> bool:
    """Whether a resume token is the one that opens this assessment now."""
    if not token or len(token) > RESUME_TOKEN_BYTES * 2:
        return False
    found = find_assessment_by_token(db, token)
    return found is not None and found.id == assessment.id


def find_assessment(db: Database, public_id: str) -> Assessment | None:
    row = db.execute(FIND_ASSESSMENT, [public_id]).fetchone()  # on every page of the journey
    return Assessment(*row) if row else None


def load_answers(db: Database, assessment_id: int) -> dict[str, str]:
    rows = db.execute(
        "select question_id, option_id from answers where assessment_id = ?", [assessment_id]
    )
    return dict(rows.fetchall())


def save_step_answers(db: Database, assessment_id: int, answers: dict[str, str]) -> None:
    """Store the answers of one step at once; refuses when the assessment is submitted."""
    now = utc_now()
    with immediate(db):
        _ensure_open(db, assessment_id)
        db["answers"].upsert_all(
            [
                {
                    "assessment_id": assessment_id,
                    "question_id": question_id,
                    "option_id": option_id,
                    "updated_at": now,
                }
                for question_id, option_id in answers.items()
            ],
            pk=("assessment_id", "question_id"),
        )
        db.execute("update assessments set updated_at = ? where id = ?", [now, assessment_id])


def submit_assessment(
    db: Database, assessment_id: int, derived: DerivedResult | None = None
) -> None:
    """Close the assessment for changes, keeping the result derived from its stored answers."""
    now = utc_now()
    columns = {"status": SUBMITTED, "submitted_at": now, "updated_at": now}
    if derived is not None:
        columns.update(derived.as_columns())
    with immediate(db):
        _ensure_open(db, assessment_id)
        db["assessments"].update(assessment_id, columns)


def _ensure_open(db: Database, assessment_id: int) -> None:
    row = next(db.query("select status from assessments where id = ?", [assessment_id]), None)
    if row is None or row["status"] != IN_PROGRESS:
        raise AssessmentClosed(assessment_id)


def purge_drafts(db: Database, older_than_days: int) -> int:
    """Delete assessments never submitted and untouched for that many days; returns how many."""
    cutoff = (datetime.now(UTC) - timedelta(days=older_than_days)).isoformat(timespec="seconds")
    with immediate(db):
        for table in ("answers", "contact_requests"):
            db.execute(
                f"delete from {table} where assessment_id in "  # noqa: S608 (fixed names)
                "(select id from assessments where status = ? and updated_at < ?)",
                [IN_PROGRESS, cutoff],
            )
        cursor = db.execute(
            "delete from assessments where status = ? and updated_at < ?", [IN_PROGRESS, cutoff]
        )
    return cursor.rowcount


# Consultant accounts and login throttling --------------------------------------------


def _consultant_from_row(row: dict | None) -> Consultant | None:
    if row is None:
        return None
    return Consultant(**{name: row[name] for name in Consultant.__dataclass_fields__})


def create_consultant(db: Database, email: str, password_hash: str) -> Consultant:
    """Add a consultant account; raises ConsultantExists when the e-mail address is taken."""
    row = {"email": email, "password_hash": password_hash, "created_at": utc_now()}
    try:
        with immediate(db):
            row["id"] = db["consultants"].insert(row).last_pk
    except sqlite3.IntegrityError:
        raise ConsultantExists(email) from None
    return _consultant_from_row(row)


def find_consultant_by_email(db: Database, email: str) -> Consultant | None:
    rows = db.query("select * from consultants where email = ?", [email])
    return _consultant_from_row(next(rows, None))


def find_consultant(db: Database, consultant_id: int) -> Consultant | None:
    rows = db.query("select * from consultants where id = ?", [consultant_id])
    return _consultant_from_row(next(rows, None))


def start_consultant_session(db: Database, consultant_id: int, max_age: timedelta) -> str:
    """A new login of the consultant; returns its token (only the hash is stored). Logins
    older than max_age, which open nothing any more, are cleared on the way."""
    token = secrets.token_urlsafe(RESUME_TOKEN_BYTES)
    row = {"token_hash": hash_token(token), "consultant_id": consultant_id, "started_at": utc_now()}
    expired = (datetime.now(UTC) - max_age).isoformat(timespec="seconds")
    with immediate(db):
        db.execute("delete from consultant_sessions where started_at < ?", [expired])
        db["consultant_sessions"].insert(row)
    return token


def find_consultant_by_session(db: Database, token: str, max_age: timedelta) -> Consultant | None:
    """The consultant of a login that has not ended and is younger than max_age."""
    since = (datetime.now(UTC) - max_age).isoformat(timespec="seconds")
    rows = db.query(
        "select consultants.* from consultant_sessions join consultants"
        " on consultants.id = consultant_sessions.consultant_id"
        " where token_hash = ? and started_at >= ?",
        [hash_token(token), since],
    )
    return _consultant_from_row(next(rows, None))


def end_consultant_session(db: Database, token: str) -> None:
    """Log out: the login's token no longer opens anything, whoever holds a copy of it."""
    with immediate(db):
        db.execute("delete from consultant_sessions where token_hash = ?", [hash_token(token)])


def change_consultant_password(db: Database, email: str, password_hash: str) -> bool:
    """A new password; every login of the account ends. False when there is no such account."""
    with immediate(db):
        cursor = db.execute(
            "update consultants set password_hash = ? where email = ?", [password_hash, email]
        )
        db.execute(
            "delete from consultant_sessions where consultant_id in"
            " (select id from consultants where email = ?)",
            [email],
        )
    return cursor.rowcount == 1


def record_login_failure(db: Database, email: str, address: str, when: str) -> int:
    """Store one failed (or not yet successful) login attempt; returns its id."""
    row = {"email": email, "address": address, "failed_at": when}
    return db["login_failures"].insert(row).last_pk


def count_recent_login_failures(db: Database, email: str, address: str, since: str) -> int:
    """The larger of the failures for this e-mail and for this address since a moment."""
    row = db.execute(
        "select (select count(*) from login_failures where email = ? and failed_at >= ?),"
        " (select count(*) from login_failures where address = ? and failed_at >= ?)",
        [email, since, address, since],
    ).fetchone()
    return max(row)


def reserve_login_attempt(
    db: Database, email: str, address: str, limit: int, window: timedelta
) -> int | None:
    """Record this attempt as a failure up front, or None when the limit is reached already."""
    # Counting and recording in one write transaction: workers racing on one account never
    # get more than `limit` attempts between them. clear_login_failures() undoes it on success.
    now = datetime.now(UTC)
    since = (now - window).isoformat(timespec="seconds")
    with immediate(db):
        db.execute("delete from login_failures where failed_at < ?", [since])
        if count_recent_login_failures(db, email, address, since) >= limit:
            return None
        return record_login_failure(db, email, address, now.isoformat(timespec="seconds"))


def clear_login_failures(db: Database, email: str) -> None:
    """After a successful login: the account's failures no longer count."""
    with immediate(db):
        db.execute("delete from login_failures where email = ?", [email])


# Deletion (the dashboard's lists and the export read through store_dashboard) -----------


def delete_assessment(db: Database, public_id: str) -> bool:
    """Remove an assessment, its answers and contact requests for good; False if absent."""
    with immediate(db):
        row = next(db.query("select id from assessments where public_id = ?", [public_id]), None)
        if row is None:
            return False
        db.execute("delete from answers where assessment_id = ?", [row["id"]])
        db.execute("delete from contact_requests where assessment_id = ?", [row["id"]])
        db.execute("delete from assessments where id = ?", [row["id"]])
    return True
