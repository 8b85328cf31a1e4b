"""The IT partner's profile, the contact request from the result, the privacy page, mail."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from maturity import partner_store, store
from maturity.db import connect
from maturity.logo import LogoError, normalize_logo
from tests.conftest import csrf_token


def submitted(respondent):
    respondent.start()
    respondent.answer_all()
    respondent.submit()


def contact_data(**overrides):
    data = {
        "contact_name": "An Peeters",
        "email": "an@bakkerij.be",
        "phone": "",
        "message": "Bel me gerust.",
        "consent": "yes",
    }
    return {**data, **overrides}


def png_bytes(size=(800, 400), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format=fmt)
    return out.getvalue()


def test_without_a_profile_the_pages_speak_of_your_it_partner(client):
    page = client.get("/nl/").text
    assert "aangeboden door uw IT-partner" in page
    assert "alleen gedeeld met de IT-partner die u uitnodigde" not in page
    assert 'href="/nl/privacy"' in page


def test_set_partner_puts_the_name_on_every_public_page(app, runner, client, respondent):
    result = runner.invoke(
        args=["set-partner", "--name", "Data Vlaanderen BV", "--phone", "+32 9 123 45 67"]
    )
    assert result.exit_code == 0, result.output
    assert "aangeboden door Data Vlaanderen BV" in client.get("/nl/").text
    assert "proposée par Data Vlaanderen BV" in client.get("/fr/privacy").text
    submitted(respondent)
    page = client.get("/nl/result").text
    assert "Volgende stap: bespreek het met Data Vlaanderen BV" in page
    assert 'href="tel:+3291234567"' in page


@pytest.mark.parametrize(
    "args", [["--name", "X", "--website", "javascript:alert(1)"], ["--name", "X", "--email", "no"]]
)
def test_set_partner_refuses_bad_values(runner, args):
    result = runner.invoke(args=["set-partner", *args])
    assert result.exit_code != 0


def test_result_leads_with_level_advice_actions_and_next_step(client, respondent):
    submitted(respondent)
    page = client.get("/nl/result").text
    order = [
        page.index("<h1"),
        page.index('id="lead-advice-title"'),
        page.index('class="key-actions"'),
        page.index('id="next-step"'),
        page.index('id="details-title"'),
        page.index('id="scores-title"'),
    ]
    assert order == sorted(order)
    assert "Ons advies: Supportcontract (support contract)" in page
    assert len(re.findall(r"<li>", page[order[2] : order[3]])) == 3
    assert 'action="/nl/contact"' in page
    assert re.search(
        r'<input type="checkbox" id="consent" name="consent" value="yes" required', page
    )


def test_a_contact_request_is_kept_shown_to_the_consultant_and_deleted_with_it(
    app, client, respondent, consultant
):
    submitted(respondent)
    page = client.get("/nl/result").text
    response = client.post("/nl/contact", data={"csrf_token": csrf_token(page), **contact_data()})
    assert response.status_code == 302 and response.location.endswith("/nl/result#next-step")
    assert "U vroeg op" in client.get("/nl/result").text

    consultant.login()
    dashboard = client.get("/en/consultant/").text
    assert "requested" in dashboard
    link = re.search(r'href="(/en/consultant/assessments/[0-9a-f]+)"', dashboard).group(1)
    view = client.get(link).text
    assert "An Peeters" in view and "an@bakkerij.be" in view and "Bel me gerust." in view

    db = connect(app.config["DATABASE"])
    try:
        public_id = link.rsplit("/", 1)[1]
        assessment = store.find_assessment(db, public_id)
        assert store.delete_assessment(db, public_id)
        assert partner_store.list_contact_requests(db, assessment.id) == []
    finally:
        db.close()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": ""}, "Vink het vakje aan"),
        ({"email": "", "phone": ""}, "Geef een e-mailadres of een telefoonnummer."),
        ({"email": "geen-adres"}, "Geef een e-mailadres, bijvoorbeeld"),
    ],
)
def test_a_bad_contact_request_is_refused_with_a_message(
    app, client, respondent, overrides, message
):
    submitted(respondent)
    page = client.get("/nl/result").text
    data = {"csrf_token": csrf_token(page), **contact_data(**overrides)}
    data = {key: value for key, value in data.items() if value != "" or key != "consent"}
    response = client.post("/nl/contact", data=data)
    assert response.status_code == 200
    assert message in response.text
    db = connect(app.config["DATABASE"])
    try:
        assert db.execute("select count(*) from contact_requests").fetchone()[0] == 0
    finally:
        db.close()


def test_contact_needs_a_submitted_scan_of_ones_own(client, respondent):
    respondent.start()
    page = client.get("/nl/step/context").text
    response = client.post("/nl/contact", data={"csrf_token": csrf_token(page), **contact_data()})
    assert response.status_code == 302 and response.location == "/nl/"


def test_purging_drafts_deletes_their_contact_requests_too(app):
    db = connect(app.config["DATABASE"])
    try:
        assessment, _token = store.create_assessment(db, "Oud BV", "nl", "test-1")
        partner_store.add_contact_request(
            db,
            assessment.id,
            contact_name="X",
            email=None,
            phone="0471",
            message=None,
            language="nl",
        )
        db.execute("update assessments set updated_at = '2000-01-01T00:00:00+00:00'")
        db.commit()
        assert store.purge_drafts(db, 90) == 1
        assert db.execute("select count(*) from contact_requests").fetchone()[0] == 0
    finally:
        db.close()


def test_privacy_page_names_the_partner_the_retention_and_deletion(client, runner):
    runner.invoke(args=["set-partner", "--name", "Info PME SRL", "--email", "info@pme.be"])
    page = client.get("/fr/privacy").text
    assert "Info PME SRL" in page and "info@pme.be" in page
    assert "90 jours" in page
    assert "Comment tout faire effacer" in page


def test_the_logo_is_reencoded_as_a_small_png():
    png = normalize_logo(png_bytes(fmt="JPEG"))
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width <= 480 and image.height <= 160


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"<svg onload=alert(1)>", "not-an-image"), (b"x" * (1024 * 1024 + 1), "too-large")],
)
def test_a_bad_logo_is_refused(data, reason):
    with pytest.raises(LogoError) as caught:
        normalize_logo(data)
    assert caught.value.reason == reason


def test_the_settings_page_saves_the_profile_and_a_logo_larger_than_the_form_limit(
    client, consultant
):
    consultant.login()
    page = client.get("/en/consultant/settings").text
    big = png_bytes(size=(1500, 1500))
    big += b"\0" * max(0, 70 * 1024 - len(big))  # above MAX_CONTENT_LENGTH (64 kB)
    response = client.post(
        "/en/consultant/settings",
        data={
            "csrf_token": csrf_token(page),
            "name": "Data Vlaanderen BV",
            "email": "hallo@datavlaanderen.be",
            "phone": "",
            "website": "https://datavlaanderen.be",
            "booking_url": "",
            "logo": (io.BytesIO(big), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text
    home = client.get("/nl/").text
    logo_url = re.search(r'src="(/partner/logo-[0-9]+\.png)"', home).group(1)
    logo = client.get(logo_url)
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    assert client.get("/partner/logo-1.png").status_code == 404


def test_other_forms_keep_the_small_body_limit(client):
    page = client.get("/nl/").text
    response = client.post(
        "/nl/", data={"csrf_token": csrf_token(page), "company": "x" * (70 * 1024)}
    )
    assert response.status_code == 413


# Answers saved as they are given (static/app.js posts each changed radio) -----------------


def autosave(client, step_id, question, option, token):
    return client.post(
        f"/nl/step/{step_id}/answer",
        data={"question": question, "option": option},
        headers={"X-CSRFToken": token},
    )


def test_a_half_answered_step_is_found_checked_but_lets_nobody_skip_ahead(client, respondent):
    respondent.start()
    token = csrf_token(client.get("/nl/step/context").text)
    assert autosave(client, "context", "current-support", "break-fix", token).json == {
        "saved": True
    }
    page = client.get("/nl/step/context").text
    assert re.search(r'<input checked[^>]*value="break-fix"', page)
    # the rest of the step is missing: the next step and the review send back to it
    assert autosave(client, "people", "owner", "owner-full", token).status_code == 409
    assert client.get("/nl/step/people").location == "/nl/step/context"
    review = respondent.submit()
    assert review.status_code == 200 and "nog niet" in review.text.lower()
    assert client.get("/nl/result").location == "/nl/review"


@pytest.mark.parametrize(
    ("question", "option", "status"),
    [("current-support", "no-such-option", 400), ("owner", "owner-full", 400), ("", "", 400)],
)
def test_autosave_checks_the_value_against_the_step(client, respondent, question, option, status):
    respondent.start()
    token = csrf_token(client.get("/nl/step/context").text)
    assert autosave(client, "context", question, option, token).status_code == status


def test_autosave_needs_the_csrf_token(client, respondent):
    respondent.start()
    assert autosave(client, "context", "current-support", "break-fix", "wrong").status_code == 400


# Smaller things on the result and the step pages ------------------------------------------

PERFECT = {
    "context": {
        "current-support": "support-contract",
        "internal-it-owner": "designated-employee",
        "downtime-tolerance": "several-days",
        "sla-times": "response-and-resolution",
    },
    "people": {"owner": "owner-full", "backup": "backup-full"},
    "tools": {"backups": "backups-full", "updates": "updates-full"},
}


def test_a_perfect_company_is_not_told_of_a_weakest_area(client, respondent):
    respondent.start()
    respondent.answer_all(PERFECT)
    respondent.submit()
    page = client.get("/en/result").text
    assert "Weakest area" not in page and "Every area has the same score" in page
    assert not re.search(r"(>|\s)100[.,]0\b", page)  # "100", not "100.0" (the chart URL aside)
    assert "Real answers" in page and "Confidence" not in page
    assert 'id="projects-title"' not in page  # no projects, no projects heading


def test_the_weakest_area_is_named_when_the_areas_differ(client, respondent):
    respondent.start()
    respondent.answer_all()
    respondent.submit()
    page = client.get("/en/result").text
    assert "Weakest area" in page


def test_the_error_summary_lists_short_messages_not_the_questions_again(client, respondent):
    respondent.start()
    page = respondent.answer_step("context", {}).text
    start = page.index('class="error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert "Vraag 1:" in summary and "Kies een antwoord op deze vraag." in summary
    assert "Vraag current-support?" not in summary
