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
    """The session's scan, as long as the session's link still opens it: once a consultant
    makes a new link (a lost or leaked one), a browser that came in by the old one is out."""
    public_id, token = session.get(SESSION_ASSESSMENT), resume_token()
    if not public_id or not token:
        return None
    found = store.find_assessment_by_token(get_db(), token)
    if found is None or found.public_id != public_id:
        forget_assessment()
        return None
    return found


def forget_assessment() -> None:
    session.pop(SESSION_ASSESSMENT, None)
    session.pop(SESSION_TOKEN, None)


def resume_token() -> str | None:
    token = session.get(SESSION_TOKEN)
    return token if isinstance(token, str) else None


def personal_link_url(lang: str) -> str | None:
    """The session's personal link (to resume or reread the scan), absolute, or None."""
    token = resume_token()
    return url_for("survey.resume", lang=lang, token=token, _external=True) if token else None
