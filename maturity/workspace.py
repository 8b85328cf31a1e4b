"""Who is logged in to the IT partner's workspace: below every blueprint under /consultant/."""

from __future__ import annotations

import functools
from datetime import date, timedelta

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from maturity import store
from maturity.client_forms import SendInvitationForm
from maturity.db import get_db
from maturity.mail import mail_enabled
from maturity.reports import estimated_minutes, questionnaire_for
from maturity.store import Assessment, Consultant

DATE_CACHE_SIZE = 1024  # distinct (day, language) pairs: a page of 50 rows spans a few days
SCORE_CACHE_SIZE = 4096  # scores 0.0 to 100.0 in three languages, and some averages
# The follow-up statuses a partner sets on a client, and who answers an invitation: the keys
# are what the database stores (clients.follow_up, assessments.respondent_role).
FOLLOW_UP_LABELS = {
    "new": _l("New"),
    "contacted": _l("Contacted"),
    "proposal_sent": _l("Proposal sent"),
    "client": _l("Client"),
    "not_interested": _l("Not interested"),
}
ROLE_LABELS = {
    "owner": _l("Owner"),
    "office_manager": _l("Office manager"),
    "it_contact": _l("IT contact"),
    "employee": _l("Employee"),
    "other": _l("Other"),
}
SESSION_CONSULTANT = "consultant_login"  # the token of the login, see store.consultant_sessions
PUBLIC_ENDPOINTS = {"consultant.login"}


@functools.lru_cache(maxsize=DATE_CACHE_SIZE)
def format_day(day: str, locale: str) -> str:
    """A day (YYYY-MM-DD) as the language's medium date, formatted once per day and language."""
    return babel_dates.format_date(date.fromisoformat(day), "medium", locale=locale)


@functools.lru_cache(maxsize=SCORE_CACHE_SIZE)
def format_score(value: float, locale: str) -> str:
    """A score with one decimal in the language's notation ("37,5"), formatted once per value."""
    return babel_numbers.format_decimal(value, format="#,##0.0", locale=locale)


def session_lifetime() -> timedelta:
    return timedelta(seconds=int(current_app.config["CONSULTANT_SESSION_SECONDS"]))


def current_consultant() -> Consultant | None:
    """The logged-in consultant, or None (never logged in, logged out, expired, removed)."""
    token = session.get(SESSION_CONSULTANT)
    if not isinstance(token, str):
        return None
    return store.find_consultant_by_session(get_db(), token, session_lifetime())


def log_in(consultant: Consultant) -> None:
    """A new session: nothing from before the login (a form token, a scan) carries over."""
    session.clear()
    session[SESSION_CONSULTANT] = store.start_consultant_session(
        get_db(), consultant.id, session_lifetime()
    )


def log_out() -> None:
    """End the login on the server too: a copy of the cookie opens nothing any more."""
    token = session.get(SESSION_CONSULTANT)
    if isinstance(token, str):
        store.end_consultant_session(get_db(), token)
    session.clear()


def require_login():
    """before_request of every workspace blueprint: all pages but the login need a login.

    Every consultant of the installation sees every client and assessment: one partner.
    """
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    g.consultant = current_consultant()
    if g.consultant is not None:
        return None
    if session.get(SESSION_CONSULTANT) is not None:
        log_out()
        flash(_("Your session has expired. Please log in again."), "info")
    return redirect(
        url_for("consultant.login", next=request.script_root + request.full_path.rstrip("?"))
    )


def workspace_context() -> dict:
    """context_processor: who is logged in, and which page is open (for the navigation)."""
    return {"signed_in": g.get("consultant"), "current_endpoint": request.endpoint}


# An invitation's link: shown once, right after it was made (only its hash is stored). --------

SESSION_INVITATION = "invitation"


def remember_invitation(assessment: Assessment, token: str) -> None:
    """Keep a new link in the session until the next page shows it."""
    session[SESSION_INVITATION] = {"public_id": assessment.public_id, "token": token}


def shown_invitation(assessments: list[Assessment]) -> Assessment | None:
    """The one of these assessments whose new link waits in the session to be shown."""
    invitation = session.get(SESSION_INVITATION)
    wanted = invitation.get("public_id") if isinstance(invitation, dict) else None
    return next((a for a in assessments if a.public_id == wanted), None)


def pop_invitation_link(assessment: Assessment) -> str | None:
    """The link of an invitation just created for this assessment: shown once, then gone
    (a HEAD request, such as a link preview, does not use it up)."""
    if request.method != "GET":
        return None
    invitation = session.get(SESSION_INVITATION)
    if not isinstance(invitation, dict) or invitation.get("public_id") != assessment.public_id:
        return None
    session.pop(SESSION_INVITATION)
    return url_for(
        "survey.resume", lang=assessment.language, token=invitation["token"], _external=True
    )


def invitation_message(assessment: Assessment, link: str, minutes: int) -> str:
    """A message to send with the link, in the language of the questionnaire, not the page's."""
    with force_locale(assessment.language):
        return _(
            "Hello,\n\nWe invite you to take the IT maturity scan for %(company)s. It takes "
            "about %(minutes)d minutes; you can stop at any time and continue later with the "
            "same link. Afterwards you get a clear result with advice, and we go through it "
            "together. Your answers are for us, your IT partner: colleagues who answer too do "
            "not see them.\n\nYour personal link:\n%(link)s\n\nKeep this link to yourself: whoever "
            "has it can see and change the answers.\n\nKind regards,\nYour IT partner",
            company=assessment.company,
            minutes=minutes,
            link=link,
        )


def invitation_subject(assessment: Assessment) -> str:
    """The subject of an invitation e-mail, in the language of the questionnaire."""
    with force_locale(assessment.language):
        return _("Invitation: the IT maturity scan for %(company)s", company=assessment.company)


def invitation_context(assessment: Assessment | None) -> dict:
    """What a page shows of an invitation link just made for this assessment, if any."""
    link = pop_invitation_link(assessment) if assessment else None
    if link is None:
        return {"invitation": None}
    minutes = estimated_minutes(questionnaire_for(assessment))
    send_form = None
    if mail_enabled():  # the link's token rides along in the form: the page shows it anyway
        send_form = SendInvitationForm(formdata=None, token=link.rsplit("/", 1)[-1])
    return {
        "invitation": {
            "assessment": assessment,
            "url": link,
            "message": invitation_message(assessment, link, minutes),
            "send_form": send_form,
        }
    }
