"""Security baseline in the style of GOV.UK Notify's header tests: exact headers per page type,
cookie flags, CSRF, no way from one assessment to another, debug off, secret key required."""

from __future__ import annotations

import pytest

from maturity import create_app
from maturity.security import CONTENT_SECURITY_POLICY, MissingSecretKey
from tests.conftest import TEST_QUESTIONS, TINY_STEPS, Respondent, csrf_token, make_app

EXPECTED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def test_content_security_policy_forbids_inline_code_and_framing():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


@pytest.fixture
def submitted(client):
    respondent = Respondent(client)
    respondent.start()
    respondent.answer_all()
    respondent.submit()
    return client


@pytest.mark.parametrize(
    ("path", "status", "cache"),
    [
        ("/nl/", 200, "no-store"),
        ("/nl/result", 200, "no-store"),
        ("/nl/step/context", 302, "no-store"),
        ("/nl/resume/unknown-token", 404, "no-store"),
        ("/healthz", 200, "no-store"),
        ("/nowhere", 404, "no-store"),
        ("/", 302, "no-store"),
    ],
)
def test_headers_per_page_type(submitted, path, status, cache):
    response = submitted.get(path)
    assert response.status_code == status
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name
    assert response.headers["Cache-Control"] == cache
    assert "Strict-Transport-Security" not in response.headers


def test_a_header_a_view_sets_itself_is_kept_and_none_is_doubled(app, client):
    @app.route("/_test/framed")
    def framed():
        return "framed", {"X-Frame-Options": "SAMEORIGIN"}

    response = client.get("/_test/framed", base_url="https://scan.example")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert all(len(response.headers.getlist(name)) == 1 for name in EXPECTED_HEADERS)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert response.headers["Cache-Control"] == "no-store"


def test_an_error_handler_that_fails_still_sends_the_security_headers(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.errorhandler(ZeroDivisionError)  # an error handler that fails in turn
    def broken_handler(_error):
        raise RuntimeError("the handler broke")

    @app.route("/_test/divide")
    def divide():
        return str(1 / 0)

    response = client.get("/_test/divide")
    assert response.status_code == 500
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name


def test_static_files_have_the_security_headers_but_may_be_cached(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_pages_have_no_inline_script_or_style(submitted):
    for path in ("/nl/", "/nl/result", "/nl/nowhere"):
        page = submitted.get(path).text
        assert "<script>" not in page and "style=" not in page and "<style" not in page
        assert " on" + "click=" not in page


def test_https_gets_hsts_and_a_secure_session_cookie(client):
    response = client.get("/nl/", base_url="https://scan.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    respondent_page = client.get("/nl/", base_url="https://scan.example")
    response = client.post(
        "/nl/",
        data={"csrf_token": csrf_token(respondent_page.text), "company": "Secure BV"},
        base_url="https://scan.example",
        headers={"Referer": "https://scan.example/nl/"},
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_over_http_is_httponly_and_lax(client):
    response = Respondent(client).start()
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_every_post_needs_a_csrf_token(client):
    Respondent(client).start()
    for path, data in [
        ("/nl/", {"company": "No token BV"}),
        ("/nl/step/context", TINY_STEPS["context"]),
        ("/nl/review", {}),
    ]:
        response = client.post(path, data=data)
        assert response.status_code == 400, path
        assert "Traceback" not in response.text


def test_one_respondent_cannot_reach_another_assessment(app):
    first, second = app.test_client(), app.test_client()
    Respondent(first).start("First BV")
    Respondent(second).start("Second BV")
    Respondent(first).answer_step("context", TINY_STEPS["context"])
    assert "First BV" not in second.get("/nl/").text
    # A session cookie forged with another assessment's id is refused by its signature.
    second.set_cookie("session", first.get_cookie("session").value + "x")
    assert second.get("/nl/step/people").location == "/nl/"


def test_urls_a_respondent_sees_hold_no_sequential_ids(client):
    respondent = Respondent(client)
    start = respondent.start()
    assert start.location == "/nl/step/context"
    for step in TINY_STEPS:
        response = respondent.answer_step(step, TINY_STEPS[step])
        assert not any(ch.isdigit() for ch in response.location), response.location


def test_debug_is_off_and_errors_show_no_traceback(app):
    assert not app.debug

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "secret detail" not in response.text and "Traceback" not in response.text


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    with pytest.raises(MissingSecretKey):
        create_app(
            {
                "PRODUCTION": True,
                "DATABASE": str(tmp_path / "x.sqlite"),
                "QUESTIONS_DIR": str(TEST_QUESTIONS),
            }
        )


def test_production_never_runs_in_debug_mode(tmp_path):
    app = create_app(
        {
            "PRODUCTION": True,
            "DEBUG": True,
            "SECRET_KEY": "a-real-secret-from-configuration",
            "DATABASE": str(tmp_path / "x.sqlite"),
            "QUESTIONS_DIR": str(TEST_QUESTIONS),
        }
    )
    assert not app.debug


def test_development_secret_is_written_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    from maturity import load_or_create_dev_secret

    first = load_or_create_dev_secret(tmp_path / "instance")
    second = load_or_create_dev_secret(tmp_path / "instance")
    assert first == second and len(first) == 64
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600


def client_on_a_step(client):
    Respondent(client).start()
    assert client.get("/nl/step/context").status_code == 200


def test_a_csrf_token_of_another_session_is_refused(app):
    first, second = app.test_client(), app.test_client()
    client_on_a_step(first)
    client_on_a_step(second)
    token = csrf_token(first.get("/nl/step/context").text)
    response = second.post("/nl/step/context", data={"csrf_token": token, **TINY_STEPS["context"]})
    assert response.status_code == 400


def test_a_post_to_an_unknown_or_get_only_url_is_a_404_or_405_not_a_csrf_refusal(client):
    assert client.post("/nl/no-such-page").status_code == 404
    response = client.post("/nl/chart/test-1/58.3-75.0/signature.svg")
    assert response.status_code == 405
    assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]


def test_csrf_can_be_switched_off_as_flask_wtf_allows(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False)
    response = app.test_client().post("/nl/", data={"company": "Zonder token BV"})
    assert response.status_code == 302


# Defects found by testing: each of these failed before its fix. ------------------------------

URL_FOR_KEYWORDS = ("endpoint", "_method", "_external", "_anchor", "_scheme", "values")


@pytest.mark.parametrize("name", URL_FOR_KEYWORDS)
@pytest.mark.parametrize(
    "path",
    ["/nl/", "/nl/step/context", "/nl/review", "/nl/result", "/en/consultant/login", "/nl/nowhere"],
)
def test_url_for_keywords_in_the_query_string_are_plain_arguments(submitted, path, name):
    response = submitted.get(path, query_string={name: "x", "from": "review"})
    assert response.status_code in (200, 302, 404), response.status_code
    for header, value in EXPECTED_HEADERS.items():
        assert response.headers[header] == value, header
    if response.status_code == 200:
        assert f"{name}=x" not in response.text  # not carried into the language links


def test_url_for_keywords_on_the_consultant_pages(app, client, consultant):
    consultant.login()
    for path in ("/en/consultant/", "/en/consultant/export.csv", "/en/consultant/invite"):
        response = client.get(path, query_string={"endpoint": "x", "_external": "1", "level": "9"})
        assert response.status_code in (200, 302), path
        assert "endpoint" not in response.headers.get("Location", "")


def test_the_language_links_keep_the_place_and_only_known_arguments(client):
    Respondent(client).start()
    page = client.get("/nl/step/context?from=review&endpoint=x&page=%0d%0a").text
    assert 'href="/fr/step/context?from=review&amp;page=%0D%0A"' in page


def test_an_error_page_that_cannot_render_is_plain_text_with_headers(app, client, monkeypatch):
    import maturity.errors

    def broken(*_args, **_kwargs):
        raise RuntimeError("templates are gone")

    monkeypatch.setattr(maturity.errors, "render_template", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/nl/nowhere")
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_language_cookie_is_secure_over_https(client):
    response = client.get("/fr/", base_url="https://scan.example")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang="))
    assert "Secure" in cookie and "HttpOnly" in cookie
    plain = client.get("/en/")
    cookie = next(c for c in plain.headers.getlist("Set-Cookie") if c.startswith("lang="))
    assert "Secure" not in cookie


@pytest.mark.parametrize("prefix", ["//evil.example", "/\\evil.example", "https://evil.example"])
def test_a_forwarded_prefix_cannot_send_redirects_elsewhere(tmp_path, prefix):
    app = make_app(tmp_path, PROXY_FIX=1)
    response = app.test_client().get("/", headers={"X-Forwarded-Prefix": prefix})
    assert response.status_code == 302
    assert response.location == "/nl/"


def test_a_plain_forwarded_prefix_is_still_honoured(tmp_path):
    app = make_app(tmp_path, PROXY_FIX=1)
    response = app.test_client().get("/", headers={"X-Forwarded-Prefix": "/scan"})
    assert response.location == "/scan/nl/"


def test_head_of_a_step_page_is_its_get_and_changes_nothing(client):
    Respondent(client).start()
    get = client.get("/nl/step/context")
    head = client.head("/nl/step/context", data={"action": "back", **TINY_STEPS["context"]})
    assert head.status_code == 200 and head.data == b""
    assert client.get("/nl/step/context").text.count("<input checked ") == 0
    assert get.status_code == 200


@pytest.mark.parametrize(
    ("path", "field"),
    [("/nl/", "company"), ("/en/consultant/login", "email"), ("/en/consultant/login", "password")],
)
def test_a_file_or_json_in_place_of_a_text_field_gets_the_form_again(client, path, field):
    import io

    page = client.get(path)
    data = {"csrf_token": csrf_token(page.text), "company": "A BV", "email": "a@b.be"}
    data["password"] = "long enough password"
    data[field] = (io.BytesIO(b"x"), "a.txt")
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.status_code
    as_json = client.post(
        path,
        json={**{k: v for k, v in data.items() if k != field}, field: 12},
        headers={"X-CSRFToken": csrf_token(page.text)},
    )
    assert as_json.status_code == 200, as_json.status_code


def test_with_trusted_hosts_a_foreign_host_header_is_refused(tmp_path):
    # Links in e-mails are built from the request's host: production names its own.
    app = make_app(tmp_path, TRUSTED_HOSTS=["scan.example.be"])
    client = app.test_client()
    assert client.get("/nl/", base_url="http://scan.example.be").status_code == 200
    refused = client.get("/nl/", base_url="http://evil.example")
    assert refused.status_code == 400
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
