"""WSGI middleware: responses that any cache may keep are kept per worker and served again.

A GET answered 200 with `Cache-Control: public`, an ETag, a Content-Length and no Vary (today:
the radar charts, whose URL fixes their content) is kept by its URL. The next request for that
URL is answered from here without entering Flask (routing, contexts, session), with a 304 when
the client has it already. Everything else passes through untouched, streamed bodies included.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

from werkzeug.http import parse_etags, unquote_etag

KEPT_RESPONSES = 256
MAX_BODY_BYTES = 256 * 1024
FOR_A_304 = frozenset({"cache-control", "etag", "expires", "last-modified"})
KEY_ENVIRON = ("wsgi.url_scheme", "HTTP_HOST", "SCRIPT_NAME", "PATH_INFO")  # a response's URL


class KeptResponse(NamedTuple):
    headers: list[tuple[str, str]]
    etag: str  # unquoted
    body: bytes


class PublicResponseCache:
    """The middleware; `kept` holds the latest `size` responses, the least recently used go."""

    def __init__(self, wsgi_app, size: int = KEPT_RESPONSES):
        self.wsgi_app = wsgi_app
        self.size = size
        self.kept: OrderedDict[tuple, KeptResponse] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        key = tuple(environ.get(name, "") for name in KEY_ENVIRON)
        if environ.get("QUERY_STRING"):
            return self.wsgi_app(environ, start_response)
        with self.lock:
            kept = self.kept.get(key)
            if kept is not None:
                self.kept.move_to_end(key)
        if kept is not None:
            return serve(kept, environ, start_response)
        if method != "GET":
            return self.wsgi_app(environ, start_response)
        return self.pass_and_keep(key, environ, start_response)

    def pass_and_keep(self, key: tuple, environ, start_response):
        answer = {}

        def start(status, headers, exc_info=None):
            if status.startswith("200 ") and says_public(headers):  # copied as the app sent them
                answer["headers"] = list(headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, start)
        etag = keepable_etag(answer["headers"]) if "headers" in answer else None
        if etag is None:
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        with self.lock:
            self.kept[key] = KeptResponse(answer["headers"], etag, data)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)
        return [data]


def says_public(headers) -> bool:
    """A first look, made for every response: does its Cache-Control say public?"""
    return any(name.lower() == "cache-control" and "public" in value for name, value in headers)


def keepable_etag(headers) -> str | None:
    """The unquoted ETag of a 200 response any cache may keep, or None for any other."""
    found = {name.lower(): value for name, value in headers}
    cache_control = {part.strip() for part in found.get("cache-control", "").split(",")}
    length = found.get("content-length", "")
    if "public" not in cache_control or "vary" in found or "set-cookie" in found:
        return None
    if "etag" not in found or not length.isdigit() or int(length) > MAX_BODY_BYTES:
        return None
    return unquote_etag(found["etag"])[0]


def serve(kept: KeptResponse, environ, start_response):
    """The kept response, or a 304 when the client's If-None-Match names it."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match and parse_etags(if_none_match).contains_weak(kept.etag):
        start_response("304 NOT MODIFIED", [h for h in kept.headers if h[0].lower() in FOR_A_304])
        return []
    start_response("200 OK", list(kept.headers))  # a copy: the server may add to it
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [kept.body]
