"""Security baseline: response headers, cookie flags behind HTTPS, proxy headers, secret key."""

from __future__ import annotations

import copy
import functools
import time

from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature
from werkzeug.middleware.proxy_fix import ProxyFix

from maturity.memo import app_cache

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
SECURITY_HEADER_ITEMS = tuple(SECURITY_HEADERS.items())
SECURITY_HEADER_NAMES = frozenset(name.lower() for name in SECURITY_HEADERS)
HSTS = "max-age=31536000"
FLAT_TYPES = frozenset({str, int, float, bool, type(None)})
CSRF_SIGNED_FOR_SECONDS = 60  # a page's CSRF token is signed once a minute per session
VERIFIED_COOKIES_KEPT = 4096  # session cookies whose signature a worker has checked


class MissingSecretKey(RuntimeError):
    """Production needs a SECRET_KEY from configuration; a generated one would not do."""


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure whenever the request came over HTTPS."""

    _signing = None  # (the keys, their serializer): Flask would build one on every request

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app: Flask, request):
        """The session of the request's cookie; a cookie seen before is not verified again.

        The signature of a cookie is checked once per worker (an HMAC, a decompression and the
        JSON, about a sixth of a step page); its age is checked on every request, as
        itsdangerous would: an expired or future cookie opens an empty session.
        """
        serializer = self.get_signing_serializer(app)
        if serializer is None:  # no secret key: Flask's null session, which refuses changes
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        verified = verified_cookie(serializer, value)
        if verified is None:
            return self.session_class()
        data, signed_at = verified
        age = time.time() - signed_at
        if age < 0 or age > app.permanent_session_lifetime.total_seconds():
            return self.session_class()
        return self.session_class(copy_of(data))

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        signing = self._signing
        if signing is None or signing[0] != keys:
            signing = self._signing = (keys, super().get_signing_serializer(app))
        return signing[1]


def copy_of(data: dict) -> dict:
    """A copy the request may change without changing the kept one."""
    if all(type(value) in FLAT_TYPES for value in data.values()):
        return dict(data)
    return copy.deepcopy(data)


@functools.lru_cache(maxsize=VERIFIED_COOKIES_KEPT)
def verified_cookie(serializer, value: str) -> tuple[dict, float] | None:
    """The data and signing time of a session cookie with a valid signature, else None."""
    try:
        data, signed_at = serializer.loads(value, return_timestamp=True)
    except BadSignature:
        return None
    return data, signed_at.timestamp()


def csrf_token() -> str:
    """Flask-WTF's signed CSRF token for this request, signed once a minute per session.

    A token is the session's raw token signed with the time; one signed less than a minute ago
    is as good, and expires at most a minute sooner (WTF_CSRF_TIME_LIMIT after signing).
    """
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if raw is None or field in g:
        return generate_csrf()
    sign = app_cache("signed_csrf_tokens", VERIFIED_COOKIES_KEPT, signed_csrf_token)
    token = sign(raw, int(time.time() // CSRF_SIGNED_FOR_SECONDS))
    setattr(g, field, token)
    return token


def signed_csrf_token(raw: str, minute: int) -> str:
    # raw and minute are the cache key only: generate_csrf() reads the raw token from the session.
    return generate_csrf()


def check_csrf() -> None:
    """Flask-WTF's own check (exemptions, unknown URLs and WTF_CSRF_ENABLED as it has them),
    asked only for requests that can change something (POST and the like)."""
    config = current_app.config
    if config["WTF_CSRF_ENABLED"] and request.method in config["WTF_CSRF_METHODS"]:
        current_app.extensions["csrf"].protect(apply_exemptions=True)


class SecurityHeaders:
    """WSGI middleware: the security headers on every response the app sends, errors included.

    Added to the plain list of headers on its way to the server: a view that sets one of them
    itself keeps its own; pages are not cached unless the view said otherwise (static files
    say so: Flask marks them no-cache with an ETag).
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        https = environ.get("wsgi.url_scheme") == "https"  # after ProxyFix, when configured

        def start_with_security_headers(status, headers, exc_info=None):
            return start_response(status, with_security_headers(headers, https), exc_info)

        return self.wsgi_app(environ, start_with_security_headers)


def with_security_headers(headers: list[tuple[str, str]], https: bool) -> list[tuple[str, str]]:
    present = {name.lower() for name, _value in headers}
    if present.isdisjoint(SECURITY_HEADER_NAMES):
        headers.extend(SECURITY_HEADER_ITEMS)
    else:
        headers.extend(item for item in SECURITY_HEADER_ITEMS if item[0].lower() not in present)
    if https and "strict-transport-security" not in present:
        headers.append(("Strict-Transport-Security", HSTS))
    if "cache-control" not in present:
        headers.append(("Cache-Control", "no-store"))
    return headers


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.jinja_env.globals["csrf_token"] = csrf_token  # instead of Flask-WTF's generate_csrf
    app.before_request(check_csrf)
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # inside ProxyFix: it sees the real scheme
    proxies = int(app.config.get("PROXY_FIX", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
