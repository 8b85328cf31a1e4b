"""Reads and writes of team rounds: the invitations of one client answered as one team."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from maturity.db import immediate
from maturity.store import Assessment, utc_now
from maturity.store_clients import ASSESSMENT_COLUMNS


@dataclass(frozen=True)
class Round:
    """A team round: numbered per client (1, 2, ...), with how many were invited and answered."""

    id: int
    client_id: int
    number: int
    created_at: str
    invited: int = 0
    submitted: int = 0


ROUND_QUERY = """
select r.id, r.client_id, r.number, r.created_at,
    (select count(*) from assessments where round_id = r.id),
    (select count(*) from assessments where round_id = r.id and submitted_at is not null)
from rounds r where r.client_id = ?
"""


def client_rounds(db: Database, client_id: int) -> list[Round]:
    """Every team round of the client, newest first."""
    rows = db.execute(ROUND_QUERY + " order by r.number desc", [client_id]).fetchall()
    return [Round(*row) for row in rows]


def find_round(db: Database, client_id: int, number: int) -> Round | None:
    row = db.execute(ROUND_QUERY + " and r.number = ?", [client_id, number]).fetchone()
    return Round(*row) if row else None


def start_round(db: Database, client_id: int) -> Round:
    """A new team round for the client, numbered one above its last."""
    now = utc_now()
    with immediate(db):
        last = db.execute(
            "select coalesce(max(number), 0) from rounds where client_id = ?", [client_id]
        ).fetchone()[0]
        row = {"client_id": client_id, "number": last + 1, "created_at": now}
        row["id"] = db["rounds"].insert(row).last_pk
    return Round(**row)


def round_assessments(db: Database, round_id: int) -> list[Assessment]:
    """The submitted assessments of a round, in the order they were submitted."""
    rows = db.execute(
        f"select {ASSESSMENT_COLUMNS} from assessments"  # noqa: S608 (fixed column names)
        " where round_id = ? and submitted_at is not null order by submitted_at, id",
        [round_id],
    ).fetchall()
    return [Assessment(*row) for row in rows]
