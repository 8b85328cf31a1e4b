"""Results kept per app, so per worker: rendered pages, charts, signed tokens."""

from __future__ import annotations

import functools

from flask import current_app, g, request

# What url_for() builds URLs from, as the WSGI environment holds it (after ProxyFix, if any):
# the script root (which ProxyFix takes from X-Forwarded-Prefix) and the scheme and host.
URL_ENVIRON = ("wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME")


def app_cache(name: str, size: int, function):
    """function with its results kept for its `size` latest arguments, per app (so per worker)."""
    cached = current_app.extensions.get(name)
    if cached is None:
        cached = current_app.extensions[name] = functools.lru_cache(maxsize=size)(function)
    return cached


def request_key() -> tuple:
    """What a rendering reads from the request besides its arguments: the page's language, the
    blueprint (whose page it is) and what its URLs are made of."""
    environ = request.environ
    return (g.get("lang"), request.blueprint, *(environ.get(name) for name in URL_ENVIRON))


def request_cache(name: str, size: int, function):
    """app_cache for a function that reads the request (templates, url_for): its results are
    kept per arguments and request_key(), so that none is served to a request with other
    values than the one it was made for."""

    def for_request(_key: tuple, *args):
        return function(*args)

    kept = app_cache(name, size, for_request)
    return lambda *args: kept(request_key(), *args)
