"""The team view in Chromium: at desktop width with its radar, axe clean, and printed to A4 on at
most four pages, for a team that disagrees on nearly every question (the longest gap list)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from maturity import store, store_clients, store_rounds
from maturity.db import connect
from maturity.reports import derived_result
from tests.browser.test_accessibility import blocking_violations
from tests.browser.test_clients import DESKTOP, log_in
from tests.browser.test_print import A4_WIDTH_PX, pdf_pages_text
from tests.test_consultant import answers_at

MAX_PAGES = 4
TEAM = (("owner", 99), ("it_contact", 1), ("employee", 2))  # role, answer position


@pytest.fixture(scope="module")
def team_round(live_app):
    """A client with a round of three submitted respondents; the team page's path."""
    questionnaire = live_app.extensions["questionnaire"]
    db = connect(live_app.config["DATABASE"])
    try:
        client = store_clients.create_client(db, "Boekhoudkantoor Wouters")
        found = store_rounds.start_round(db, client.id)
        for role, position in TEAM:
            made, _token = store.create_assessment(
                db,
                client.name,
                "nl",
                questionnaire.version,
                client_id=client.id,
                respondent_role=role,
                round_id=found.id,
            )
            answers = answers_at(questionnaire, position)
            store.save_step_answers(db, made.id, answers)
            store.submit_assessment(db, made.id, derived_result(questionnaire, answers))
    finally:
        db.close()
    return f"/nl/consultant/clients/{client.public_id}", f"/rounds/{found.number}"


def test_the_team_view_at_desktop_width_passes_axe(browser, live_server, team_round, tmp_path):
    client_path, round_path = team_round
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server)
        for path in (client_path, client_path + round_path):
            page.goto(live_server + path)
            headers = page.locator(".team-table thead th").all_inner_texts()
            assert headers == ["Dimensie", "Zaakvoerder", "IT-aanspreekpunt", "Medewerker"]
            chart = page.locator(".team-chart img")
            expect(chart).to_be_visible()
            assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "no radar"
            assert page.locator(".gap-list > li").count() > 10
            assert "minst mature antwoord" in page.locator(".team-rule").inner_text()
            page.screenshot(path=tmp_path / "team.png", full_page=True)
            assert blocking_violations(page) == [], f"{path}; see {tmp_path}"
        expect(page.locator("[data-print]")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["nl", "fr"])  # French is the longest
def test_the_team_view_prints_on_at_most_four_a4_pages(
    browser, live_server, team_round, tmp_path, lang
):
    client_path, round_path = team_round
    client_path = client_path.replace("/nl/", f"/{lang}/")
    context = browser.new_context(viewport={"width": A4_WIDTH_PX, "height": 1123})
    page = context.new_page()
    try:
        log_in(page, live_server)
        page.goto(live_server + client_path + round_path)
        page.emulate_media(media="print")
        expect(page.locator(".team-chart img")).to_be_visible()
        page.screenshot(path=tmp_path / "team-print.png", full_page=True)
        pdf = page.pdf(format="A4")
        (tmp_path / "team.pdf").write_bytes(pdf)
        pages = pdf_pages_text(pdf)
        look_at = f"see {tmp_path}/team.pdf"
        assert 1 <= len(pages) <= MAX_PAGES, f"{len(pages)} pages; {look_at}"
        assert "Boekhoudkantoor Wouters" in pages[0], look_at
        text = " ".join(pages)
        for heading in page.locator("main h2").all_inner_texts():
            assert " ".join(heading.split()) in text, f"{heading!r} missing; {look_at}"
        nav = page.locator(".workspace-nav a").first.text_content()
        assert nav and nav not in text, f"the workspace navigation printed; {look_at}"
    finally:
        context.close()
