"""Reads and writes of clients, the companies a partner follows over time, and their invitations."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from sqlite_utils import Database

from maturity.db import immediate
from maturity.store import (
    FIND_ASSESSMENT,
    IN_PROGRESS,
    Assessment,
    AssessmentClosed,
    hash_token,
    new_resume_token,
    utc_now,
)

CLIENT_ID_LENGTH = 32  # hex characters of a client's public id
CLIENT_FIELDS = ("name", "contact_person", "email", "phone", "notes", "follow_up")


@dataclass(frozen=True)
class Client:
    id: int
    public_id: str
    name: str
    contact_person: str
    email: str
    phone: str
    notes: str
    follow_up: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ClientSummary:
    """A row of the clients' list: the client and what its assessments say at a glance."""

    client: Client
    assessments: int
    open_invitations: int
    last_submitted_at: str | None
    last_level: int | None
    last_score: float | None


CLIENT_COLUMNS = ", ".join(f"c.{name}" for name in Client.__dataclass_fields__)
ASSESSMENT_COLUMNS = ", ".join(Assessment.__dataclass_fields__)


def create_client(db: Database, name: str, **details: str) -> Client:
    """Add a client; details are any of contact_person, email, phone, notes, follow_up."""
    now = utc_now()
    row = {"public_id": secrets.token_hex(CLIENT_ID_LENGTH // 2), "name": name}
    row.update({"contact_person": "", "email": "", "phone": "", "notes": "", "follow_up": "new"})
    row.update({key: value for key, value in details.items() if key in CLIENT_FIELDS})
    row.update({"created_at": now, "updated_at": now})
    with immediate(db):
        row["id"] = db["clients"].insert(row).last_pk
    return Client(**{name: row[name] for name in Client.__dataclass_fields__})


def update_client(db: Database, client_id: int, **details: str) -> None:
    """Change a client's name, contact details, notes or follow-up status."""
    columns = {key: value for key, value in details.items() if key in CLIENT_FIELDS}
    with immediate(db):
        db["clients"].update(client_id, {**columns, "updated_at": utc_now()})


def find_client(db: Database, public_id: str) -> Client | None:
    row = db.execute(
        f"select {CLIENT_COLUMNS} from clients c where c.public_id = ?",  # noqa: S608
        [public_id],
    ).fetchone()
    return Client(*row) if row else None


def find_client_by_id(db: Database, client_id: int | None) -> Client | None:
    if client_id is None:
        return None
    row = db.execute(
        f"select {CLIENT_COLUMNS} from clients c where c.id = ?",  # noqa: S608
        [client_id],
    ).fetchone()
    return Client(*row) if row else None


CLIENT_LIST_QUERY = f"""
select {CLIENT_COLUMNS},
    (select count(*) from assessments where client_id = c.id),
    (select count(*) from assessments where client_id = c.id and status = '{IN_PROGRESS}'),
    last.submitted_at, last.level, last.overall_score
from clients c left join assessments last on last.id = (
    select id from assessments where client_id = c.id and submitted_at is not null
    order by submitted_at desc, id desc limit 1)
order by c.name collate nocase, c.id
"""  # noqa: S608 (fixed fragments)


def list_clients(db: Database) -> list[ClientSummary]:
    """Every client by name, each with its latest submitted result and open invitations."""
    width = len(Client.__dataclass_fields__)
    return [
        ClientSummary(Client(*row[:width]), *row[width:])
        for row in db.execute(CLIENT_LIST_QUERY).fetchall()
    ]


def client_names(db: Database) -> list[tuple[str, str]]:
    """(public id, name) of every client by name: the choices of a select."""
    sql = "select public_id, name from clients order by name collate nocase, id"
    return db.execute(sql).fetchall()


def client_assessments(db: Database, client_id: int) -> list[Assessment]:
    """Every assessment of the client, oldest first."""
    rows = db.execute(
        f"select {ASSESSMENT_COLUMNS} from assessments where client_id = ? order by id",  # noqa: S608
        [client_id],
    ).fetchall()
    return [Assessment(*row) for row in rows]


def load_answers_of(db: Database, assessment_ids: list[int]) -> dict[int, dict[str, str]]:
    """The answers of several assessments at once: assessment id -> question -> option."""
    found: dict[int, dict[str, str]] = {assessment_id: {} for assessment_id in assessment_ids}
    if not assessment_ids:
        return found
    marks = ", ".join("?" * len(assessment_ids))
    where = f"where assessment_id in ({marks})"  # placeholders only
    sql = f"select assessment_id, question_id, option_id from answers {where}"  # noqa: S608
    rows = db.execute(sql, assessment_ids)
    for assessment_id, question_id, option_id in rows:
        found[assessment_id][question_id] = option_id
    return found


def link_assessment(db: Database, assessment_id: int, client_id: int) -> None:
    """Count an assessment (a self-started one, say) among the client's; moved from another
    client, it leaves that client's team round."""
    with immediate(db):
        db.execute(
            "update assessments set round_id = case when client_id is ? then round_id end,"
            " client_id = ? where id = ?",
            [client_id, client_id, assessment_id],
        )


def replace_resume_token(db: Database, public_id: str) -> tuple[Assessment, str]:
    """A new resume link for an assessment in progress: the old link stops working at once."""
    token = new_resume_token()
    with immediate(db):
        row = db.execute(FIND_ASSESSMENT, [public_id]).fetchone()
        if row is None or Assessment(*row).status != IN_PROGRESS:
            raise AssessmentClosed(public_id)
        db.execute(
            "update assessments set resume_token_hash = ? where public_id = ?",
            [hash_token(token), public_id],
        )
    return Assessment(*row), token


def dimension_scores_of(db: Database, client_id: int) -> dict[int, dict[str, float]]:
    """Each submitted assessment's score per dimension, as kept at submit: id -> step -> score."""
    rows = db.execute(
        "select id, dimension_scores from assessments"
        " where client_id = ? and dimension_scores is not null",
        [client_id],
    )
    return {
        assessment_id: {step: value["score"] for step, value in json.loads(text).items()}
        for assessment_id, text in rows
    }


def answered_counts(db: Database, client_id: int) -> dict[int, int]:
    """How many questions each of the client's assessments in progress has answered."""
    rows = db.execute(
        "select a.id, count(answers.question_id) from assessments a"
        " left join answers on answers.assessment_id = a.id"
        " where a.client_id = ? and a.status = ? group by a.id",
        [client_id, IN_PROGRESS],
    )
    return dict(rows.fetchall())
