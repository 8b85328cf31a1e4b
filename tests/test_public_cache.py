"""maturity/public_cache.py: public responses kept per worker, the same bytes as the app's."""

from __future__ import annotations

import pytest
from flask import Flask, Response

from maturity.public_cache import PublicResponseCache
from maturity.security import SECURITY_HEADERS

CHART = "/en/chart/test-1/58.3-75.0.svg"


def test_a_kept_chart_is_the_response_the_app_sent(client):
    first = client.get(CHART)
    kept = client.get(CHART)
    assert (kept.status_code, kept.data) == (first.status_code, first.data)
    assert sorted(kept.headers.items()) == sorted(first.headers.items())
    for name in SECURITY_HEADERS:
        assert kept.headers[name] == first.headers[name]


def test_a_kept_chart_answers_304_head_and_another_etag(client):
    etag = client.get(CHART).headers["ETag"]
    not_modified = client.get(CHART, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    assert not_modified.headers["ETag"] == etag
    assert "public" in not_modified.headers["Cache-Control"]
    other = client.get(CHART, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data.startswith(b"<?xml")
    head = client.head(CHART)
    assert head.status_code == 200 and head.data == b""
    assert int(head.headers["Content-Length"]) == len(other.data)


@pytest.fixture
def counted():
    """A small app whose views count their calls, behind the middleware."""
    app = Flask(__name__)
    calls = []

    def public(body=b"chart", **headers):
        calls.append(body)
        response = Response(body, headers={"Cache-Control": "public, max-age=60", **headers})
        response.set_etag("e1")
        return response

    app.add_url_rule("/public", "public", lambda: public())
    app.add_url_rule("/varies", "varies", lambda: public(b"varies", Vary="Cookie"))
    app.add_url_rule("/private", "private", lambda: calls.append(1) or "page")
    app.add_url_rule("/other/<n>", "other", lambda n: public(n.encode()))

    @app.route("/stream")
    def stream():
        calls.append("stream")
        return Response((b"row\n" for _ in range(3)), headers={"Cache-Control": "public"})

    app.wsgi_app = PublicResponseCache(app.wsgi_app, size=2)
    return app, calls


def test_only_public_responses_with_an_etag_and_no_vary_are_kept(counted):
    app, calls = counted
    client = app.test_client()
    for path in ("/public", "/varies", "/private", "/stream", "/public?x=1"):
        first, second = client.get(path), client.get(path)
        assert first.data == second.data
    assert calls.count(b"chart") == 1 + 2  # /public once; /public?x=1 (a query) twice
    assert calls.count(b"varies") == 2 and calls.count(1) == 2 and calls.count("stream") == 2
    assert client.get("/stream").data == b"row\nrow\nrow\n"


def test_posts_pass_through_and_the_latest_responses_are_kept(counted):
    app, calls = counted
    client = app.test_client()
    client.get("/public")
    assert client.post("/public").status_code == 405  # the app answers, not the cache
    for n in ("1", "2", "1", "3"):  # with room for two: /other/1 stays, /public and /other/2 go
        client.get(f"/other/{n}")
    before = len(calls)
    client.get("/other/1")
    assert len(calls) == before
    client.get("/public")
    client.get("/other/2")
    assert len(calls) == before + 2
