"""Reads and writes of the IT partner's profile and the respondents' contact requests.

Beside store.py (which keeps the assessments, answers and accounts) so that neither module
grows past a screenful of concerns; the same rules hold: bound parameters, writes in
BEGIN IMMEDIATE, intent-named functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from maturity.db import immediate
from maturity.store import utc_now

PARTNER_ID = 1  # one installation belongs to one IT partner
PROFILE_FIELDS = ("name", "email", "phone", "website", "booking_url")


@dataclass(frozen=True)
class Partner:
    """The IT partner who offers the scan, as the respondent sees it."""

    name: str
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    booking_url: str | None = None
    logo_updated_at: str | None = None
    updated_at: str | None = None

    @property
    def has_logo(self) -> bool:
        return self.logo_updated_at is not None


@dataclass(frozen=True)
class ContactRequest:
    id: int
    assessment_id: int
    contact_name: str
    email: str | None
    phone: str | None
    message: str | None
    language: str
    created_at: str


PARTNER_COLUMNS = ", ".join(Partner.__dataclass_fields__)
CONTACT_COLUMNS = ", ".join(ContactRequest.__dataclass_fields__)


def find_partner(db: Database) -> Partner | None:
    """The partner's profile, or None when no profile was set up yet."""
    row = db.execute(
        f"select {PARTNER_COLUMNS} from partner where id = ?",  # noqa: S608 (fixed columns)
        [PARTNER_ID],
    ).fetchone()
    return Partner(*row) if row else None


def save_partner_profile(db: Database, **profile: str | None) -> Partner:
    """Create or change the profile; empty texts are stored as NULL. The logo stays as it is."""
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not a profile field: {sorted(unknown)}")
    values = {name: (profile.get(name) or None) for name in PROFILE_FIELDS}
    values["updated_at"] = utc_now()
    with immediate(db):
        if db.execute("select 1 from partner where id = ?", [PARTNER_ID]).fetchone():
            db["partner"].update(PARTNER_ID, values)
        else:
            db["partner"].insert({"id": PARTNER_ID, **values})
    return find_partner(db)


def save_partner_logo(db: Database, png: bytes | None) -> bool:
    """Replace (or with None remove) the logo; False when there is no profile to attach it to."""
    now = utc_now()
    with immediate(db):
        cursor = db.execute(
            "update partner set logo_png = ?, logo_updated_at = ?, updated_at = ? where id = ?",
            [png, now if png else None, now, PARTNER_ID],
        )
    return cursor.rowcount == 1


def load_partner_logo(db: Database) -> bytes | None:
    row = db.execute("select logo_png from partner where id = ?", [PARTNER_ID]).fetchone()
    return row[0] if row else None


def add_contact_request(
    db: Database,
    assessment_id: int,
    *,
    contact_name: str,
    email: str | None,
    phone: str | None,
    message: str | None,
    language: str,
) -> ContactRequest:
    """Keep a respondent's request to be contacted about their (submitted) assessment."""
    row = {
        "assessment_id": assessment_id,
        "contact_name": contact_name,
        "email": email or None,
        "phone": phone or None,
        "message": message or None,
        "language": language,
        "created_at": utc_now(),
    }
    with immediate(db):
        row["id"] = db["contact_requests"].insert(row).last_pk
    return ContactRequest(**row)


def list_contact_requests(db: Database, assessment_id: int) -> list[ContactRequest]:
    """The contact requests of one assessment, oldest first."""
    rows = db.execute(
        f"select {CONTACT_COLUMNS} from contact_requests"  # noqa: S608 (fixed columns)
        " where assessment_id = ? order by id",
        [assessment_id],
    )
    return [ContactRequest(*row) for row in rows.fetchall()]


def list_client_contact_requests(db: Database, client_id: int) -> list[tuple[ContactRequest, str]]:
    """The contact requests of a client's assessments, newest first, each with the public id
    of its assessment."""
    columns = ", ".join(f"c.{name}" for name in ContactRequest.__dataclass_fields__)
    rows = db.execute(
        f"select {columns}, a.public_id from contact_requests c"  # noqa: S608 (fixed columns)
        " join assessments a on a.id = c.assessment_id"
        " where a.client_id = ? order by c.id desc",
        [client_id],
    )
    return [(ContactRequest(*row[:-1]), row[-1]) for row in rows.fetchall()]


def count_contact_requests(db: Database, assessment_ids: list[int]) -> dict[int, int]:
    """How many contact requests each of these assessments has (absent: none)."""
    if not assessment_ids:
        return {}
    marks = ", ".join("?" for _ in assessment_ids)
    rows = db.execute(
        "select assessment_id, count(*) from contact_requests"  # noqa: S608 (only ? marks)
        f" where assessment_id in ({marks}) group by assessment_id",
        assessment_ids,
    )
    return dict(rows.fetchall())


def reserve_link_mail(db: Database, assessment_id: int, limit: int) -> bool:
    """Count one more e-mail of the assessment's personal link; False once `limit` were sent."""
    with immediate(db):
        cursor = db.execute(
            "update assessments set links_mailed = links_mailed + 1"
            " where id = ? and links_mailed < ?",
            [assessment_id, limit],
        )
    return cursor.rowcount == 1
