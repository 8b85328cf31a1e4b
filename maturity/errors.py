"""Friendly error pages in the user's language: never a traceback, never a bare 400."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from maturity import db
from maturity.i18n import preferred_language
from maturity.questionnaire import LANGUAGES


def language_of_path() -> str:
    """The language of the URL's first segment when it is one, else the preferred one."""
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES else preferred_language()


def render_error(status: int, template: str = "errors/error.html"):
    if not g.get("lang"):
        g.lang = language_of_path()
    return render_template(template, status=status, retry_url=request.full_path), status


def handle_csrf_error(_error: CSRFError):
    """An expired or missing form token: explain, and offer the same page again."""
    return render_error(400, "errors/csrf.html")


def handle_http_error(error: HTTPException):
    return render_error(error.code or 500)


def handle_unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s", request.path)
    db.discard_failed_connection(error)
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
