"""The result page: the chart with its table, each area's level and improvements, printing."""

from __future__ import annotations

import re

import pytest

from maturity.db import connect
from tests.conftest import TINY_STEPS, ConsultantActions


@pytest.fixture
def result_page(client, respondent):
    """The Dutch result page of the tiny questionnaire answered with TINY_STEPS."""
    respondent.start()
    respondent.answer_all()
    respondent.submit()
    return client.get("/nl/result").text


def test_chart_is_an_img_with_a_url_of_its_scores_and_a_table_as_text(result_page, client):
    img = re.search(r'<img src="([^"]+)" alt="([^"]+)"', result_page)
    assert img, "no chart image on the result page"
    url, alt = img.groups()
    # people 58.3, tools 75.0 (see test_survey); no assessment id in the URL
    assert re.fullmatch(r"/nl/chart/test-1/58\.3-75\.0/[A-Za-z0-9_-]+\.svg", url), url
    assert "tabel hieronder" in alt  # the Dutch page: "the table below has the same numbers"
    assert client.get(url).mimetype == "image/svg+xml"
    table = result_page[result_page.index('<table class="score-table">') :]
    assert "58,3" in table and "75" in table


def test_each_area_shows_level_meaning_and_improvements(result_page):
    # people: owner (2 x 2 points lost) before backup (1 x 1); tools: backups is at the top
    assert "Mensen twee." not in result_page  # level 3 for 58.3
    assert "Mensen drie." in result_page and "Middelen vier." in result_page
    people = result_page[result_page.index('id="dimension-people"') :]
    assert people.index("Verbeter owner.") < people.index("Verbeter backup.")
    assert "Verbeter updates." in result_page
    assert "Verbeter backups." not in result_page


def test_an_area_with_every_answer_at_the_top_says_so(client, respondent):
    respondent.start()
    respondent.answer_all(
        {
            "context": TINY_STEPS["context"],
            "people": {"owner": "owner-full", "backup": "backup-full"},
            "tools": {"backups": "backups-full", "updates": "not-applicable"},
        }
    )
    respondent.submit()
    page = client.get("/en/result").text
    assert page.count("Every answer in this area is at the top of the scale") == 2
    assert "Improve owner." not in page


def test_print_button_waits_for_the_script_and_nothing_is_inline(result_page):
    button = re.search(r"<button[^>]*data-print[^>]*>", result_page).group(0)
    assert " hidden" in button
    assert re.search(r'<script src="/static/app\.js', result_page)
    assert not re.search(r"<script(?![^>]*\ssrc=)", result_page), "inline script"
    assert "<style" not in result_page and " style=" not in result_page
    assert 'href="/static/print.css" media="print"' in result_page


def test_the_report_is_rendered_per_language(client, result_page):
    assert "Mensen drie." in client.get("/nl/result").text
    english = client.get("/en/result").text
    assert "People three." in english and "Mensen drie." not in english
    assert 'src="/en/chart/test-1/58.3-75.0/' in english


def test_respondent_and_consultant_each_get_their_own_heading(app, client, result_page, consultant):
    db = connect(app.config["DATABASE"])
    public_id = next(db.query("select public_id from assessments"))["public_id"]
    db.close()
    partner = ConsultantActions(app, app.test_client(), lang="nl")
    partner.login()
    consultant_page = partner.client.get(f"/nl/consultant/assessments/{public_id}").text
    assert "Bakkerij Peeters: IT-maturiteit niveau" in consultant_page
    assert "Uw IT-maturiteit" not in consultant_page
    assert 'src="/static/app.js"' in consultant_page  # the print button works there too
    again = client.get("/nl/result").text
    assert "Uw IT-maturiteit" in again and "Bakkerij Peeters: IT-maturiteit" not in again
