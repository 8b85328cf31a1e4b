"""Logging a consultant in: credentials, throttling in the database, where to go after.

Below the workspace blueprints; the session side (who is logged in) is in workspace.py.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from flask_babel import gettext as _

from maturity import accounts, store
from maturity.db import get_db
from maturity.forms import LoginForm
from maturity.store import Consultant
from maturity.workspace import log_in


class LoginRefused(Exception):
    """Wrong e-mail address or password: one message for both, so accounts stay secret."""


class LoginThrottled(Exception):
    """Too many failed attempts for this account or from this address, for now."""


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no `//`, backslash or control characters."""
    if not target or not target.startswith("/") or "\\" in target:
        return False
    if not target.isprintable():
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith("//")


def after_login_url() -> str:
    target = request.args.get("next")
    return target if is_safe_next(target) else url_for("consultant.dashboard")


def authenticate(email: str, password: str, address: str) -> Consultant:
    """The consultant with these credentials; LoginThrottled or LoginRefused otherwise."""
    db = get_db()
    email = accounts.normalize_email(email)
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    if store.reserve_login_attempt(db, email, address, limit, window) is None:
        raise LoginThrottled(email)
    consultant = store.find_consultant_by_email(db, email)
    if not accounts.password_matches(consultant and consultant.password_hash, password):
        raise LoginRefused(email)
    store.clear_login_failures(db, email)
    return consultant


def attempt_login(form: LoginForm) -> tuple[str | None, int]:
    """Log in with the posted credentials; (None, 200) on success, else the message and status."""
    try:
        consultant = authenticate(form.email.data, form.password.data, client_address())
    except LoginThrottled:
        minutes = current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"] // 60
        message = _(
            "Too many failed attempts. For your security, logging in is blocked for "
            "%(minutes)d minutes. Try again later.",
            minutes=minutes,
        )
        return message, 429
    except LoginRefused:
        return _("The e-mail address or the password is not correct."), 200
    log_in(consultant)
    return None, 200


def client_address() -> str:
    """The client's address (behind a proxy, PROXY_FIX makes this the real one)."""
    return request.remote_addr or "unknown"
