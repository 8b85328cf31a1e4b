"""The respondent's scan as the session knows it: below the blueprints that need it."""

from __future__ import annotations

from flask import session, url_for

from maturity import store
from maturity.db import get_db
from maturity.store import Assessment

SESSION_ASSESSMENT = "assessment"
SESSION_TOKEN = "resume_token"  # noqa: S105 (a session key, not a secret)


def remember_assessment(assessment: Assessment, token: str) -> None:
    session.permanent = True
    session[SESSION_ASSESSMENT] = assessment.public_id
    session[SESSION_TOKEN] = token


def current_assessment() -> Assessment | None:
    public_id = session.get(SESSION_ASSESSMENT)
    return store.find_assessment(get_db(), public_id) if public_id else None


def resume_token() -> str | None:
    token = session.get(SESSION_TOKEN)
    return token if isinstance(token, str) else None


def personal_link_url(lang: str) -> str | None:
    """The session's personal link (to resume or reread the scan), absolute, or None."""
    token = resume_token()
    return url_for("survey.resume", lang=lang, token=token, _external=True) if token else None
