"""Every read and write of the application's data, as functions named for their intent."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from maturity.db import immediate

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
RESUME_TOKEN_BYTES = 32


class AssessmentClosed(Exception):
    """The assessment was already submitted: its answers can no longer change."""


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

    @property
    def is_submitted(self) -> bool:
        return self.status == SUBMITTED


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _assessment_from_row(row: dict | None) -> Assessment | None:
    if row is None:
        return None
    return Assessment(**{name: row[name] for name in Assessment.__dataclass_fields__})


def create_assessment(
    db: Database, company: str, language: str, questionnaire_version: str
) -> tuple[Assessment, str]:
    """Start an assessment; returns it with its resume token (only the hash is stored)."""
    token = secrets.token_urlsafe(RESUME_TOKEN_BYTES)
    now = utc_now()
    row = {
        "public_id": secrets.token_urlsafe(16),
        "resume_token_hash": hash_token(token),
        "company": company,
        "language": language,
        "questionnaire_version": questionnaire_version,
        "status": IN_PROGRESS,
        "created_at": now,
        "updated_at": now,
        "submitted_at": None,
    }
    with immediate(db):
        row["id"] = db["assessments"].insert(row).last_pk
    return _assessment_from_row(row), token


def find_assessment_by_token(db: Database, token: str) -> Assessment | None:
    rows = db.query("select * from assessments where resume_token_hash = ?", [hash_token(token)])
    return _assessment_from_row(next(rows, None))


def find_assessment(db: Database, public_id: str) -> Assessment | None:
    rows = db.query("select * from assessments where public_id = ?", [public_id])
    return _assessment_from_row(next(rows, None))


def load_answers(db: Database, assessment_id: int) -> dict[str, str]:
    rows = db.query(
        "select question_id, option_id from answers where assessment_id = ?", [assessment_id]
    )
    return {row["question_id"]: row["option_id"] for row in rows}


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


def submit_assessment(db: Database, assessment_id: int) -> None:
    """Close the assessment for changes; its result is derived from the stored answers."""
    now = utc_now()
    with immediate(db):
        _ensure_open(db, assessment_id)
        db.execute(
            "update assessments set status = ?, submitted_at = ?, updated_at = ? where id = ?",
            [SUBMITTED, now, now, assessment_id],
        )


def _ensure_open(db: Database, assessment_id: int) -> None:
    row = next(db.query("select status from assessments where id = ?", [assessment_id]), None)
    if row is None or row["status"] != IN_PROGRESS:
        raise AssessmentClosed(assessment_id)


def purge_drafts(db: Database, older_than_days: int) -> int:
    """Delete assessments never submitted and untouched for that many days; returns how many."""
    cutoff = (datetime.now(UTC) - timedelta(days=older_than_days)).isoformat(timespec="seconds")
    with immediate(db):
        db.execute(
            "delete from answers where assessment_id in "
            "(select id from assessments where status = ? and updated_at < ?)",
            [IN_PROGRESS, cutoff],
        )
        cursor = db.execute(
            "delete from assessments where status = ? and updated_at < ?", [IN_PROGRESS, cutoff]
        )
    return cursor.rowcount
