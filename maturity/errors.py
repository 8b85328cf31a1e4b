"""Friendly error pages in the user's language: never a traceback, never a bare 400."""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, current_app, g, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from maturity.i18n import preferred_language, switch_language_url
from maturity.questionnaire import LANGUAGES

# Headers of an HTTP error that its page keeps (a 405's Allow, a 429's Retry-After, ...).
KEPT_ERROR_HEADERS = frozenset({"allow", "retry-after", "www-authenticate"})


def language_of_path() -> str:
    """The language of the URL's first segment when it is one, else the preferred one."""
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES else preferred_language()


def render_error(status: int, template: str = "errors/error.html", headers=()):
    """The error page; a plain text when even that cannot be made (an error page must never
    depend on anything that can fail)."""
    try:
        if not g.get("lang"):
            g.lang = language_of_path()
        retry_url = switch_language_url(g.lang)  # this page again, built from its path
        response = make_response(
            render_template(template, status=status, retry_url=retry_url), status
        )
    except Exception:
        current_app.logger.exception("The error page for %s failed", request.path)
        text = f"{status} {HTTPStatus(status).phrase}"
        response = make_response(text, status, {"Content-Type": "text/plain; charset=utf-8"})
    response.headers.extend(headers)
    return response


def handle_csrf_error(_error: CSRFError):
    """An expired or missing form token: explain, and offer the same page again."""
    return render_error(400, "errors/csrf.html")


def handle_http_error(error: HTTPException):
    kept = [(k, v) for k, v in error.get_headers() if k.lower() in KEPT_ERROR_HEADERS]
    return render_error(error.code or 500, headers=kept)


def handle_unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s", request.path)
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
