"""The consultant's workspace: login, throttling, dashboard, invitations, deletion, export."""

from __future__ import annotations

import csv
import html as html_module
import io
import re
from datetime import date, datetime

import pytest
from flask_babel import format_date

from maturity import create_app, store, store_dashboard
from maturity.consultant import medium_date
from maturity.db import connect
from maturity.reports import derived_result
from maturity.store import AssessmentFilter
from tests.conftest import (
    CONSULTANT_EMAIL,
    CONSULTANT_PASSWORD,
    ConsultantActions,
    Respondent,
    csrf_token,
    make_app,
)

BAD_LOGIN = "The e-mail address or the password is not correct."
THROTTLED = "Too many failed attempts."
ROW_LINK = re.compile(r'<th scope="row"><a href="/en/consultant/assessments/([^"]+)">([^<]+)</a>')


# Helpers ------------------------------------------------------------------------------------


def answers_at(questionnaire, position: int) -> dict[str, str]:
    """An answer to every question: its real option at this position (or its last one)."""
    answers = {}
    for question in questionnaire.questions:
        real = [option for option in question.options if not option.is_special]
        answers[question.id] = real[min(position, len(real) - 1)].id
    return answers


def seed(app, companies: list[str], positions: list[int | None] | None = None) -> list:
    """Assessments straight into the database; position None leaves one in progress."""
    questionnaire = app.extensions["questionnaire"]
    positions = positions or [None] * len(companies)
    db = connect(app.config["DATABASE"])
    made = []
    try:
        for company, position in zip(companies, positions, strict=True):
            assessment, _token = store.create_assessment(db, company, "nl", questionnaire.version)
            if position is not None:
                answers = answers_at(questionnaire, position)
                store.save_step_answers(db, assessment.id, answers)
                store.submit_assessment(db, assessment.id, derived_result(questionnaire, answers))
            made.append(store.find_assessment(db, assessment.public_id))
    finally:
        db.close()
    return made


def query_all(app, sql: str, params=()) -> list[tuple]:
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def listed(html: str) -> list[str]:
    """The company names in the dashboard's table, in order."""
    return [html_module.unescape(name) for _public_id, name in ROW_LINK.findall(html)]


def walk_questionnaire(client, lang: str, questionnaire, answers: dict[str, str]):
    """Answer every step and submit, like a browser with this client."""
    respondent = Respondent(client, lang)
    for step in questionnaire.steps:
        step_answers = {q.id: answers[q.id] for q in step.questions}
        response = respondent.answer_step(step.id, step_answers)
        assert response.status_code == 302, response.text
    return respondent.submit()


@pytest.fixture
def logged_in(consultant):
    response = consultant.login()
    assert response.status_code == 302
    return consultant


# Login, logout, throttling --------------------------------------------------------------------


def test_login_page_is_a_plain_post_form(client):
    page = client.get("/en/consultant/login")
    assert page.status_code == 200
    assert 'method="post"' in page.text and 'name="csrf_token"' in page.text
    assert '<label class="field-label" for="email">' in page.text
    assert 'autocomplete="current-password"' in page.text


def test_footer_links_to_the_consultant_login(client):
    assert 'href="/nl/consultant/login"' in client.get("/nl/").text


def test_login_and_logout(client, consultant):
    response = consultant.login()
    assert response.status_code == 302
    assert response.location == "/en/consultant/"
    dashboard = client.get("/en/consultant/")
    assert dashboard.status_code == 200
    assert CONSULTANT_EMAIL in dashboard.text
    response = consultant.logout()
    assert response.location == "/en/consultant/login"
    assert client.get("/en/consultant/").status_code == 302


def test_email_is_matched_without_regard_to_case(consultant):
    assert consultant.login(email="  Partner@Example.BE ").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [
        (CONSULTANT_EMAIL, "not the right password"),
        ("nobody@example.be", CONSULTANT_PASSWORD),
        ("nobody@example.be", "not the right password"),
    ],
)
def test_wrong_password_and_unknown_account_get_the_same_message(
    client, consultant, email, password
):
    response = consultant.login(email=email, password=password)
    assert response.status_code == 200
    assert BAD_LOGIN in response.text
    assert "error-summary" in response.text
    assert client.get("/en/consultant/").status_code == 302


def test_empty_fields_get_the_form_again(consultant):
    response = consultant.login(email="", password="")
    assert response.status_code == 200
    assert "Enter your e-mail address." in response.text
    assert "Enter your password." in response.text


def test_throttling_holds_across_two_app_instances(app, consultant):
    other_app = create_app(dict(app.config))
    other = ConsultantActions(other_app, other_app.test_client())
    for actions in (consultant, other, consultant, other, consultant):
        assert BAD_LOGIN in actions.login(password="wrong password!").text
    # The sixth attempt, even with the right password and on the other instance, is refused.
    response = other.login()
    assert response.status_code == 429
    assert THROTTLED in response.text
    assert other.client.get("/en/consultant/").status_code == 302


def test_throttling_is_per_address_too(app, consultant):
    for number in range(5):
        consultant.login(email=f"guess{number}@example.be", password="wrong password!")
    assert consultant.login().status_code == 429
    elsewhere = ConsultantActions(app, app.test_client())
    response = elsewhere.login(environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 302


def test_throttling_looks_the_same_for_unknown_accounts(consultant):
    for _attempt in range(5):
        consultant.login(email="nobody@example.be", password="wrong password!")
    response = consultant.login(email="nobody@example.be", password="wrong password!")
    assert response.status_code == 429
    assert THROTTLED in response.text


def test_old_failures_stop_counting(app, consultant):
    for _attempt in range(5):
        consultant.login(password="wrong password!")
    db = connect(app.config["DATABASE"])
    db.execute("update login_failures set failed_at = '2000-01-01T00:00:00+00:00'")
    db.commit()
    db.close()
    assert consultant.login().status_code == 302
    assert query_all(app, "select count(*) from login_failures") == [(0,)]


def test_a_successful_login_clears_the_account_failures(app, consultant):
    for _attempt in range(4):
        consultant.login(password="wrong password!")
    assert consultant.login().status_code == 302
    assert query_all(app, "select count(*) from login_failures") == [(0,)]


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/en/consultant/invite", "/en/consultant/invite"),
        ("/en/consultant/?status=submitted&page=2", "/en/consultant/?status=submitted&page=2"),
        ("https://evil.example/", "/en/consultant/"),
        ("//evil.example/", "/en/consultant/"),
        ("/\\evil.example/", "/en/consultant/"),
        ("javascript:alert(1)", "/en/consultant/"),
        ("", "/en/consultant/"),
    ],
)
def test_only_same_site_next_urls_are_followed(client, consultant, next_url, expected):
    path = "/en/consultant/login"
    page = client.get(path)
    response = client.post(
        path,
        query_string={"next": next_url},
        data={
            "csrf_token": csrf_token(page.text),
            "email": CONSULTANT_EMAIL,
            "password": CONSULTANT_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.location == expected


def test_login_behind_a_path_prefix_returns_inside_the_app(tmp_path):
    app = make_app(tmp_path, PROXY_FIX=1)
    client = app.test_client()
    ConsultantActions(app, client).create_account()
    prefix = {"X-Forwarded-Prefix": "/scan"}
    response = client.get("/en/consultant/?q=x", headers=prefix)
    assert response.location == "/scan/en/consultant/login?next=/scan/en/consultant/?q%3Dx"
    page = client.get("/en/consultant/login", headers=prefix)
    login = client.post(
        "/en/consultant/login?next=/scan/en/consultant/?q%3Dx",
        data={
            "csrf_token": csrf_token(page.text),
            "email": CONSULTANT_EMAIL,
            "password": CONSULTANT_PASSWORD,
        },
        headers=prefix,
    )
    assert login.location == "/scan/en/consultant/?q=x"


def test_login_required_redirect_keeps_where_you_were_going(client, consultant):
    response = client.get("/en/consultant/?status=submitted")
    assert response.location == "/en/consultant/login?next=/en/consultant/?status%3Dsubmitted"
    login = consultant.post_form(
        response.location,
        {"email": CONSULTANT_EMAIL, "password": CONSULTANT_PASSWORD},
    )
    assert login.location == "/en/consultant/?status=submitted"


def test_an_expired_consultant_session_asks_to_log_in_again(app, client, logged_in):
    db = connect(app.config["DATABASE"])
    try:
        db.execute("update consultant_sessions set started_at = '2020-01-01T00:00:00+00:00'")
        db.conn.commit()
    finally:
        db.close()
    response = client.get("/en/consultant/")
    assert response.status_code == 302
    assert response.location.startswith("/en/consultant/login")
    assert "Your session has expired" in client.get(response.location).text


def test_the_login_page_sends_a_logged_in_consultant_on(client, logged_in):
    assert client.get("/en/consultant/login").location == "/en/consultant/"


# Every consultant URL needs a login -------------------------------------------------------------

PROTECTED = [
    ("GET", "/en/consultant/"),
    ("GET", "/en/consultant/export.csv"),
    ("GET", "/en/consultant/export.xlsx"),
    ("GET", "/en/consultant/export.json"),
    ("GET", "/en/consultant/invite"),
    ("POST", "/en/consultant/invite"),
    ("GET", "/en/consultant/assessments/PUBLIC_ID"),
    ("GET", "/en/consultant/assessments/PUBLIC_ID.pdf"),
    ("GET", "/en/consultant/assessments/PUBLIC_ID/delete"),
    ("POST", "/en/consultant/assessments/PUBLIC_ID/delete"),
    ("POST", "/en/consultant/assessments/PUBLIC_ID/send-invitation"),
    ("POST", "/en/consultant/logout"),
    ("GET", "/en/consultant/settings"),
    ("POST", "/en/consultant/settings"),
]


def test_the_protected_list_covers_every_consultant_url(app):
    rules = {
        (method, rule.rule.replace("<lang>", "en").replace("<public_id>", "PUBLIC_ID"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("consultant.") and rule.endpoint != "consultant.login"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    rules = {(m, re.sub(r"<any\([^)]*\):lang>", "en", path)) for m, path in rules}
    assert rules == set(PROTECTED)


def request_as(client, method: str, path: str, public_id: str):
    path = path.replace("PUBLIC_ID", public_id)
    if method == "GET":
        return client.get(path)
    token = csrf_token(client.get("/en/").text)
    return client.post(path, data={"csrf_token": token, "company": "X", "language": "nl"})


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_consultant_url_needs_a_login(app, client, method, path):
    (assessment,) = seed(app, ["Bakkerij Peeters"], [2])
    response = request_as(client, method, path, assessment.public_id)
    assert response.status_code == 302
    assert response.location.startswith("/en/consultant/login?next=")
    assert query_all(app, "select count(*) from assessments") == [(1,)]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_a_respondent_session_never_opens_a_consultant_page(app, client, method, path):
    respondent = Respondent(client, "en")
    respondent.start("Garage Dubois")
    with client.session_transaction() as session:
        assert session.get("assessment")
    (assessment,) = seed(app, ["Bakkerij Peeters"], [2])
    response = request_as(client, method, path, assessment.public_id)
    assert response.status_code == 302
    assert response.location.startswith("/en/consultant/login?next=")


def test_logging_in_starts_a_new_session(client, consultant):
    # Nothing from before the login carries over: not a form token, not a respondent's keys.
    Respondent(client, "en").start("Garage Dubois")
    with client.session_transaction() as session:
        before = dict(session)
    assert before.get("assessment") and before.get("csrf_token")
    consultant.login()
    with client.session_transaction() as session:
        assert set(session) == {"consultant_login"}
    consultant.client.get("/en/consultant/")
    with client.session_transaction() as session:
        assert session["csrf_token"] != before["csrf_token"]


def test_a_cookie_copied_before_logout_opens_nothing_after_it(app, client, consultant):
    consultant.login()
    copied = client.get_cookie("session").value
    assert consultant.logout().status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/en/consultant/")
    assert response.status_code == 302
    assert response.location.startswith("/en/consultant/login")


def test_a_password_change_ends_every_login_of_the_account(app, client, consultant):
    consultant.login()
    other = ConsultantActions(app, app.test_client())
    other.login()
    result = app.test_cli_runner().invoke(
        args=["set-password", CONSULTANT_EMAIL, "--password-stdin"],
        input="a brand new password\n",
    )
    assert result.exit_code == 0, result.output
    for browser in (client, other.client):
        assert browser.get("/en/consultant/").status_code == 302
    assert other.login(password="a brand new password").location == "/en/consultant/"


def test_set_password_refuses_an_unknown_account_and_a_short_password(app, consultant):
    runner = app.test_cli_runner()
    unknown = runner.invoke(
        args=["set-password", "nobody@example.be", "--password-stdin"],
        input="long enough password\n",
    )
    assert unknown.exit_code != 0 and "no account" in unknown.output
    short = runner.invoke(
        args=["set-password", CONSULTANT_EMAIL, "--password-stdin"], input="short\n"
    )
    assert short.exit_code != 0 and "at least 12" in short.output


@pytest.mark.parametrize(
    "next_url", ["/en/consultant/\r\nSet-Cookie: x=1", "/en/\x00", "//evil.example/", "/\\evil"]
)
def test_a_next_url_with_control_characters_or_another_host_goes_to_the_dashboard(
    client, consultant, next_url
):
    page = client.get("/en/consultant/login", query_string={"next": next_url})
    assert page.status_code == 200
    response = client.post(
        "/en/consultant/login",
        query_string={"next": next_url},
        data={
            "csrf_token": csrf_token(page.text),
            "email": CONSULTANT_EMAIL,
            "password": CONSULTANT_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.location == "/en/consultant/"


# Dashboard: pages, filters, search --------------------------------------------------------------


def test_dashboard_without_assessments(client, logged_in):
    page = client.get("/en/consultant/")
    assert "There are no assessments yet." in page.text


def test_dashboard_pages_of_fifty_newest_first(app, client, logged_in):
    seed(app, [f"Company {n:03d}" for n in range(120)])
    first = client.get("/en/consultant/")
    assert listed(first.text) == [f"Company {n:03d}" for n in range(119, 69, -1)]
    assert "Assessments 1 to 50 of 120, newest first." in first.text
    assert "Page 1 of 3" in first.text
    assert 'href="/en/consultant/?page=2"' in first.text
    third = client.get("/en/consultant/?page=3")
    assert listed(third.text) == [f"Company {n:03d}" for n in range(19, -1, -1)]
    assert "Assessments 101 to 120 of 120" in third.text
    assert 'rel="next"' not in third.text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "", "99999999999999999999", "²", "٣"])
def test_a_page_number_that_makes_no_sense_shows_the_first_page(app, client, logged_in, page):
    seed(app, ["Bakkerij Peeters"])
    response = client.get("/en/consultant/", query_string={"page": page})
    assert response.status_code == 200
    assert "is not a page number; showing the first page." in response.text
    assert listed(response.text) == ["Bakkerij Peeters"]


def test_a_page_past_the_end_shows_the_last_page(app, client, logged_in):
    seed(app, [f"Company {n:03d}" for n in range(60)])
    response = client.get("/en/consultant/?page=7")
    assert response.status_code == 200
    assert "There is no page 7; the last page is 2." in response.text
    assert len(listed(response.text)) == 10


def test_dashboard_shows_dates_status_level_and_recommendation(app, client, logged_in):
    submitted, _open = seed(app, ["Bakkerij Peeters", "Garage Dubois"], [3, None])
    html = client.get("/en/consultant/").text
    row = html[html.index("Bakkerij Peeters") : html.index("</tr>", html.index("Bakkerij Peeters"))]
    assert "Submitted" in row
    assert f">{submitted.level}</span> Level-" in row
    assert "Support contract" in row or "Managed services" in row
    assert date.today().strftime("%b") in row
    assert "In progress" in html


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_dashboard_dates_read_as_flask_babel_writes_them(app, lang):
    with app.test_request_context(f"/{lang}/consultant/"):
        app.preprocess_request()
        for stamp in ("2024-01-01T00:00:00+00:00", "2026-11-26T23:59:59+00:00"):
            expected = format_date(datetime.fromisoformat(stamp), "medium")
            assert medium_date(stamp) == expected


def filtered(client, **args) -> list[str]:
    response = client.get("/en/consultant/", query_string=args)
    assert response.status_code == 200
    return listed(response.text)


def test_filters_on_status_level_and_recommendation(app, client, logged_in):
    made = seed(app, [f"Company {n}" for n in range(8)], [0, 1, 2, 3, 4, None, 0, 3])
    newest_first = list(reversed(made))

    def names(keep):
        return [a.company for a in newest_first if keep(a)]

    assert filtered(client, status="in_progress") == names(lambda a: not a.is_submitted)
    assert filtered(client, status="submitted") == names(lambda a: a.is_submitted)
    levels = {a.level for a in made if a.level}
    assert len(levels) >= 2
    for level in levels:
        assert filtered(client, level=str(level)) == names(lambda a, n=level: a.level == n)
    models = {a.recommendation for a in made if a.recommendation}
    assert models == {"support-contract", "managed-services"}
    for model in models:
        assert filtered(client, recommendation=model) == names(
            lambda a, m=model: a.recommendation == m
        )
    level = min(levels)
    assert filtered(client, status="submitted", level=str(level)) == names(
        lambda a: a.level == level
    )


def test_search_on_company_escapes_wildcards(app, client, logged_in):
    seed(
        app,
        ["Bakkerij Peeters", "Peeters & Zonen", "50% Korting", "5000 Kortrijk", "A_B bv", "AxB"],
    )
    assert filtered(client, q="peeters") == ["Peeters & Zonen", "Bakkerij Peeters"]
    assert filtered(client, q="50%") == ["50% Korting"]
    assert filtered(client, q="A_B") == ["A_B bv"]
    assert filtered(client, q="%") == ["50% Korting"]
    assert filtered(client, q="nothing like it") == []
    response = client.get("/en/consultant/?q=nothing+like+it")
    assert "No assessments match." in response.text


def test_filters_survive_paging(app, client, logged_in):
    seed(app, [f"Peeters {n:03d}" for n in range(55)] + ["Dubois"])
    first = client.get("/en/consultant/?q=peeters").text
    assert 'href="/en/consultant/?page=2&amp;q=peeters"' in first
    assert len(filtered(client, q="peeters", page="2")) == 5


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"status": "deleted"}, "Status"),
        ({"level": "9"}, "Level"),
        ({"level": "two"}, "Level"),
        ({"recommendation": "break-fix"}, "Recommendation"),
        ({"q": "x" * 500}, "Company name contains"),
    ],
)
def test_a_filter_value_that_makes_no_sense_is_ignored_with_a_notice(
    app, client, logged_in, args, field
):
    seed(app, ["Bakkerij Peeters"], [2])
    response = client.get("/en/consultant/", query_string=args)
    assert response.status_code == 200
    assert f"The value given for “{field}” is not one of the options, so it is ignored." in (
        response.text.replace("&#34;", '"')
    )
    assert listed(response.text) == ["Bakkerij Peeters"]


PLAN_CASES = [
    (AssessmentFilter(), None),
    (AssessmentFilter(status="submitted"), "idx_assessments_status"),
    (AssessmentFilter(level=3), "idx_assessments_level"),
    (AssessmentFilter(recommendation="support-contract"), "idx_assessments_recommendation"),
]


@pytest.mark.parametrize(("filters", "index"), PLAN_CASES)
def test_dashboard_queries_use_indexes_and_never_sort_the_table(app, filters, index):
    seed(app, [f"Company {n}" for n in range(30)], [n % 5 if n % 3 else None for n in range(30)])
    db = connect(app.config["DATABASE"])
    try:
        db.execute("analyze")
        page_sql, page_params = store_dashboard.assessment_page_query(
            filters, 1, store_dashboard.PAGE_SIZE
        )
        count_sql, count_params = store_dashboard.assessment_count_query(filters)
        page_plan = " | ".join(
            row[3] for row in db.execute("explain query plan " + page_sql, page_params)
        )
        count_plan = " | ".join(
            row[3] for row in db.execute("explain query plan " + count_sql, count_params)
        )
    finally:
        db.close()
    assert "TEMP B-TREE" not in page_plan  # the order comes from the rowid or the index
    if index:
        assert page_plan.startswith(f"SEARCH a USING INDEX {index}")
        assert f"USING COVERING INDEX {index}" in count_plan
    else:
        assert page_plan.startswith("SCAN a |")  # in rowid order, stopped by the LIMIT
        assert "USING COVERING INDEX" in count_plan  # counted on a small index, not the table


def test_submit_stores_the_derived_result(app, client):
    questionnaire = app.extensions["questionnaire"]
    respondent = Respondent(client, "en")
    respondent.start("Bakkerij Peeters")
    walk_questionnaire(client, "en", questionnaire, answers_at(questionnaire, 3))
    (row,) = query_all(
        app,
        "select status, overall_score, level, recommendation, dimension_scores from assessments",
    )
    expected = derived_result(questionnaire, answers_at(questionnaire, 3))
    assert row[:4] == ("submitted", expected.overall_score, expected.level, expected.recommendation)
    assert '"people": {"level":' in row[4]


# One assessment: result or progress ------------------------------------------------------------


def test_open_a_submitted_assessment_shows_its_full_result(app, client, logged_in):
    (assessment,) = seed(app, ["Bakkerij Peeters"], [3])
    page = client.get(f"/en/consultant/assessments/{assessment.public_id}")
    assert page.status_code == 200
    assert "Bakkerij Peeters" in page.text
    assert "How we calculated this" in page.text
    assert f"level {assessment.level} of 5" in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_open_an_assessment_in_progress_shows_its_progress(app, client, logged_in):
    (assessment,) = seed(app, ["Garage Dubois"])
    db = connect(app.config["DATABASE"])
    store.save_step_answers(db, assessment.id, {"owner": "owner-full", "backup": "backup-none"})
    db.close()
    page = client.get(f"/en/consultant/assessments/{assessment.public_id}")
    assert page.status_code == 200
    assert "Progress per step" in page.text
    assert "2 of 2" in page.text and "0 of 4" in page.text
    assert "owner full" in page.text.lower() or "Owner" in page.text


def test_an_unknown_assessment_gets_a_clear_404(client, logged_in):
    for public_id in ("does-not-exist", "x" * 500):
        page = client.get(f"/en/consultant/assessments/{public_id}")
        assert page.status_code == 404
        assert "Assessment not found" in page.text
        assert "It may have been deleted" in page.text


# Invitations ------------------------------------------------------------------------------------


def invite(consultant, company: str = "Brouwerij Jacobs", language: str = "fr"):
    return consultant.post_form("/en/consultant/invite", {"company": company, "language": language})


def invitation_link(html: str) -> str:
    match = re.search(
        r'<p class="resume-link"><a href="http://localhost(/[a-z]{2}/resume/[^"]+)"', html
    )
    assert match, "no invitation link on the page"
    return match.group(1)


def test_invitation_link_works_and_answers_show_under_the_name(app, client, logged_in):
    response = invite(logged_in)
    assert response.status_code == 302
    assert client.head(response.location).status_code == 200  # a link preview uses nothing up
    page = client.get(response.location)
    link = invitation_link(page.text)
    assert link.startswith("/fr/resume/")
    assert "shown only this once" in page.text
    assert "resume-link" not in client.get(response.location).text  # shown once only
    (row,) = query_all(
        app, "select company, language, status, invited_by, resume_token_hash from assessments"
    )
    assert row[:4] == ("Brouwerij Jacobs", "fr", "in_progress", 1)
    assert link.rsplit("/", 1)[1] not in row[4]  # only the hash is stored

    browser = app.test_client()
    landed = browser.get(link)
    assert landed.status_code == 302
    assert landed.location == "/fr/welcome"  # first a word of welcome, then step 1
    assert 'href="/fr/step/context"' in browser.get(landed.location).text
    questionnaire = app.extensions["questionnaire"]
    submitted = walk_questionnaire(browser, "fr", questionnaire, answers_at(questionnaire, 2))
    assert submitted.location == "/fr/result"

    dashboard = client.get("/en/consultant/?status=submitted").text
    assert listed(dashboard) == ["Brouwerij Jacobs"]
    assert "invited" in dashboard


def test_invitation_needs_a_company_and_a_known_language(app, logged_in):
    empty = invite(logged_in, company="   ")
    assert empty.status_code == 200 and "Enter the name of the company." in empty.text
    wrong = invite(logged_in, language="de")
    assert wrong.status_code == 200 and "error-summary" in wrong.text
    assert query_all(app, "select count(*) from assessments") == [(0,)]


# Deletion ---------------------------------------------------------------------------------------


def test_delete_asks_first_then_removes_everything(app, client, logged_in):
    doomed, kept = seed(app, ["Garage Dubois", "Bakkerij Peeters"], [1, 2])
    path = f"/en/consultant/assessments/{doomed.public_id}/delete"
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "Delete the assessment of Garage Dubois?" in confirm.text
    assert query_all(app, "select count(*) from assessments") == [(2,)]

    response = logged_in.post_form(path, {})
    assert response.status_code == 302
    assert response.location == "/en/consultant/"
    assert "The assessment of Garage Dubois is deleted." in client.get("/en/consultant/").text
    assert query_all(app, "select company from assessments") == [("Bakkerij Peeters",)]
    assert query_all(app, "select count(*) from answers where assessment_id = ?", [doomed.id]) == [
        (0,)
    ]
    export = client.get("/en/consultant/export.csv?dialect=standard").data.decode()
    assert "Garage Dubois" not in export and doomed.public_id not in export
    assert kept.public_id in export
    for url in (f"/en/consultant/assessments/{doomed.public_id}", path):
        gone = client.get(url)
        assert gone.status_code == 404 and "Assessment not found" in gone.text


# Export through the web and the command line ----------------------------------------------------


def test_web_export_headers_and_rows(app, client, logged_in):
    made = seed(app, ["Bakkerij Peeters", '=HYPERLINK("x")', "Garage Dubois"], [3, None, 0])
    response = client.get("/en/consultant/export.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    today = date.today().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="it-maturity-scan-{today}.csv"'
    )
    body = response.data
    assert body.startswith(b"\xef\xbb\xbfassessment_id;company;language;")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert [r["assessment_id"] for r in rows] == [a.public_id for a in reversed(made)]
    assert rows[1]["company"] == '\'=HYPERLINK("x")'
    first = rows[2]
    assert first["status"] == "submitted"
    assert first["overall_score"] == str(made[0].overall_score).replace(".", ",")
    assert first["level"] == str(made[0].level)
    assert first["recommendation"] == made[0].recommendation
    assert first["owner"] == answers_at(app.extensions["questionnaire"], 3)["owner"]
    assert rows[1]["overall_score"] == "" and rows[1]["score_people"] == ""


def test_web_export_follows_the_dashboard_filter(app, client, logged_in):
    seed(app, ["Bakkerij Peeters", "Garage Dubois", "Peeters & Zonen"], [3, 3, None])
    body = client.get("/en/consultant/export.csv?dialect=standard&q=peeters&status=submitted")
    rows = list(csv.DictReader(io.StringIO(body.data.decode())))
    assert [r["company"] for r in rows] == ["Bakkerij Peeters"]


def test_the_dashboard_offers_the_export_with_its_filter(app, client, logged_in):
    page = client.get("/en/consultant/?q=peeters&status=submitted").text
    form = page[page.index('action="/en/consultant/export.csv"') :]
    assert '<input type="hidden" name="q" value="peeters">' in form
    assert '<input type="hidden" name="status" value="submitted">' in form
    assert '<option selected value="excel-nl-be">Excel (NL/BE)' in form
    assert '<option value="standard">Standard CSV' in form


@pytest.mark.parametrize(
    ("args", "kept"),
    [
        ("dialect=lotus-123", "dialect=lotus-123"),
        ("level=9", "level=9"),
        ("level=9&endpoint=x&_external=1&_anchor=a&_scheme=ftp&_method=PUT", "level=9"),
    ],
)
def test_a_bad_export_request_goes_back_to_the_dashboard(client, logged_in, args, kept):
    response = client.get(f"/en/consultant/export.csv?{args}")
    assert response.status_code == 302
    assert response.location == f"/en/consultant/?{kept}"


@pytest.mark.parametrize("dialect", ["excel-nl-be", "standard"])
def test_export_csv_command_writes_the_same_rows_as_the_web(
    app, client, logged_in, runner, tmp_path, dialect
):
    seed(app, ["Bakkerij Peeters", "Garage Dubois", "Café Zoë"], [3, None, 1])
    target = tmp_path / "export.csv"
    result = runner.invoke(args=["export-csv", str(target), "--dialect", dialect])
    assert result.exit_code == 0, result.output
    web = client.get(f"/en/consultant/export.csv?dialect={dialect}").data
    assert target.read_bytes() == web
    assert "Café Zoë".encode() in web


def test_export_csv_command_defaults_to_excel_and_writes_to_stdout(app, runner):
    seed(app, ["Bakkerij Peeters"], [2])
    result = runner.invoke(args=["export-csv", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfassessment_id;")


# Creating accounts on the command line ----------------------------------------------------------


def test_create_consultant_with_password_stdin_then_log_in(app, runner, client):
    result = runner.invoke(
        args=["create-consultant", "Jan@Partner.be", "--password-stdin"],
        input="a long enough secret\n",
    )
    assert result.exit_code == 0, result.output
    assert "Consultant account created: jan@partner.be" in result.output
    (stored,) = query_all(app, "select email, password_hash from consultants")
    assert stored[0] == "jan@partner.be"
    assert stored[1].startswith("scrypt:") and "a long enough secret" not in stored[1]
    actions = ConsultantActions(app, client)
    assert actions.login(email="jan@partner.be", password="a long enough secret").status_code == 302


def test_create_consultant_asks_twice_for_the_password(app, runner):
    result = runner.invoke(
        args=["create-consultant", "jan@partner.be"],
        input="too short\nlong enough password\nsomething else entirely\n"
        "long enough password\nlong enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output
    assert "do not match" in result.output.lower()
    assert query_all(app, "select email from consultants") == [("jan@partner.be",)]


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("jan@partner.be", "short", "at least 12 characters"),
        ("not-an-address", "long enough password", "is not an e-mail address"),
    ],
)
def test_create_consultant_refuses_bad_input(app, runner, email, password, message):
    result = runner.invoke(
        args=["create-consultant", email, "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code == 1
    assert message in result.output
    assert query_all(app, "select count(*) from consultants") == [(0,)]


def test_create_consultant_refuses_an_existing_account(runner, consultant):
    result = runner.invoke(
        args=["create-consultant", CONSULTANT_EMAIL.upper(), "--password-stdin"],
        input="another long password\n",
    )
    assert result.exit_code == 1
    assert "exists already" in result.output
