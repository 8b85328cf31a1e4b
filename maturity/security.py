"""Security baseline: response headers, cookie flags behind HTTPS, proxy headers, secret key."""

from __future__ import annotations

from flask import Flask, request
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


class MissingSecretKey(RuntimeError):
    """Production needs a SECRET_KEY from configuration; a generated one would not do."""


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure whenever the request came over HTTPS."""

    _signing = None  # (the keys, their serializer): Flask would build one on every request

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        signing = self._signing
        if signing is None or signing[0] != keys:
            signing = self._signing = (keys, super().get_signing_serializer(app))
        return signing[1]


def add_security_headers(response):
    """Headers on every response; pages are not cached unless a view chose otherwise."""
    # One pass over the headers a view set itself (setdefault() would search them per name).
    present = {name.lower() for name, _value in response.headers}
    response.headers.extend(
        (name, value) for name, value in SECURITY_HEADERS.items() if name.lower() not in present
    )
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if "Cache-Control" not in response.headers and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.after_request(add_security_headers)
    proxies = int(app.config.get("PROXY_FIX", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
