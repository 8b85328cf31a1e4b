"""Security baseline: response headers, cookie flags behind HTTPS, proxy headers, secret key.

Sessions are Flask's signed cookie and CSRF protection is Flask-WTF's, used as they come.
"""

from __future__ import annotations

import re

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self'",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000"
# A path prefix as a proxy may announce it (X-Forwarded-Prefix): segments of plain characters.
SAFE_PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)*/?")


class MissingSecretKey(RuntimeError):
    """Production needs a SECRET_KEY from configuration; a generated one would not do."""


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def save_session(self, app: Flask, session, response: Response) -> None:
        """As Flask does, but never a cookie on a response that any cache may keep (a chart)."""
        if response.cache_control.public:
            return
        super().save_session(app, session, response)


def add_security_headers(response: Response) -> Response:
    """after_request: the security headers on every response, error pages included.

    A header a view set itself is kept. Pages are not cached unless the view said otherwise
    (static files and charts do).
    """
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


class DropUnsafePrefix:
    """WSGI middleware before ProxyFix: an X-Forwarded-Prefix that is not a plain path (such as
    `//evil.example`, which would make every redirect leave the site) is ignored."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        prefix = environ.get("HTTP_X_FORWARDED_PREFIX")
        if prefix is not None and not all(
            SAFE_PREFIX.fullmatch(part.strip()) for part in prefix.split(",")
        ):
            del environ["HTTP_X_FORWARDED_PREFIX"]
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.after_request(add_security_headers)
    proxies = int(app.config.get("PROXY_FIX", 0) or 0)
    if proxies:
        app.wsgi_app = DropUnsafePrefix(
            ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
        )
