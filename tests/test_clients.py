"""Clients over time: the list, one client, invitations with a role, new links, linking."""

from __future__ import annotations

import re

import pytest

from maturity import store, store_clients
from maturity.db import connect
from maturity.reports import derived_result
from tests.conftest import ConsultantActions, Respondent, csrf_token
from tests.test_consultant import answers_at, query_all, walk_questionnaire

CLIENT_PAGE = re.compile(r'href="/en/consultant/clients/([0-9a-f]{32})"')
LINK = re.compile(r'<a href="http://localhost(/[a-z]{2}/resume/[^"]+)" id="invitation-link">')


@pytest.fixture
def logged_in(consultant):
    assert consultant.login().status_code == 302
    return consultant


def add_client(consultant, name: str = "Garage Maes", **fields) -> str:
    """Create a client through the form; returns its public id."""
    response = consultant.post_form("/en/consultant/clients/", {"name": name, **fields})
    assert response.status_code == 302, response.text
    return response.location.rsplit("/", 1)[1]


def invite(consultant, client_id: str, role: str = "owner", language: str = "nl"):
    """Post the client page's invitation form (it posts to its own URL)."""
    page = f"/en/consultant/clients/{client_id}"
    return consultant.client.post(
        f"{page}/invite",
        data={
            "csrf_token": csrf_token(consultant.client.get(page).text),
            "role": role,
            "language": language,
        },
    )


def invitation_link(html: str) -> str:
    match = LINK.search(html)
    assert match, "no invitation link on the page"
    return match.group(1)


def seed_client_history(app, client_id: str, positions: list[int]) -> list:
    """Submitted assessments of the client, oldest first, one per answer position."""
    questionnaire = app.extensions["questionnaire"]
    db = connect(app.config["DATABASE"])
    try:
        client = store_clients.find_client(db, client_id)
        made = []
        for position in positions:
            assessment, _token = store.create_assessment(
                db, client.name, "nl", questionnaire.version, client_id=client.id
            )
            answers = answers_at(questionnaire, position)
            store.save_step_answers(db, assessment.id, answers)
            store.submit_assessment(db, assessment.id, derived_result(questionnaire, answers))
            made.append(store.find_assessment(db, assessment.public_id))
        return made
    finally:
        db.close()


def self_started(app) -> None:
    """An owner starts a scan on the landing page and submits it (company Bakkerij Peeters)."""
    owner = app.test_client()
    Respondent(owner).start()
    questionnaire = app.extensions["questionnaire"]
    walk_questionnaire(owner, "nl", questionnaire, answers_at(questionnaire, 1))


# The list and creating a client -----------------------------------------------------------------


def test_clients_need_a_login(client):
    response = client.get("/en/consultant/clients/")
    assert response.status_code == 302
    assert response.location.startswith("/en/consultant/login?next=")


def test_a_client_is_created_from_its_name_alone_and_listed(logged_in):
    client_id = add_client(logged_in, "Garage Maes")
    assert len(client_id) == 32  # a random public id, not a sequential one
    listing = logged_in.client.get("/en/consultant/clients/").text
    assert "Garage Maes" in listing
    assert CLIENT_PAGE.findall(listing) == [client_id]
    page = logged_in.client.get(f"/en/consultant/clients/{client_id}").text
    assert "<h1>Garage Maes</h1>" in page
    assert "New" in page  # the follow-up status of a new client


def test_a_client_keeps_its_contact_details(app, logged_in):
    client_id = add_client(
        logged_in,
        "Apotheek Claes",
        contact_person="An Claes",
        email="an@claes.be",
        phone="+32 3 123 45 67",
    )
    (row,) = query_all(
        app, "select name, contact_person, email, phone, follow_up, public_id from clients"
    )
    assert row == ("Apotheek Claes", "An Claes", "an@claes.be", "+32 3 123 45 67", "new", client_id)
    page = logged_in.client.get(f"/en/consultant/clients/{client_id}").text
    assert 'href="tel:+3231234567"' in page
    assert 'href="mailto:an@claes.be"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "   "}, "Enter the name of the company."),
        ({"name": "x" * 121}, "Use at most 120 characters."),
        ({"name": "Ok", "phone": "1" * 41}, "Use at most 40 characters."),
        ({"name": "Ok\x1b[31m"}, "Use letters, digits, spaces and punctuation only."),
    ],
)
def test_a_client_with_bad_fields_is_refused_with_a_message(app, logged_in, fields, message):
    response = logged_in.post_form("/en/consultant/clients/", fields)
    assert response.status_code == 400
    assert message in response.text
    assert query_all(app, "select count(*) from clients") == [(0,)]


def test_an_unknown_client_is_not_found(logged_in):
    assert logged_in.client.get("/en/consultant/clients/" + "0" * 32).status_code == 404
    assert logged_in.client.get("/en/consultant/clients/1").status_code == 404


def test_follow_up_status_and_notes_are_saved(app, logged_in):
    client_id = add_client(logged_in)
    page = f"/en/consultant/clients/{client_id}"
    response = logged_in.client.post(
        f"{page}/edit",
        data={
            "csrf_token": csrf_token(logged_in.client.get(page).text),
            "name": "Garage Maes BV",
            "follow_up": "proposal_sent",
            "notes": "Call back in March <b>about</b> backups.",
        },
    )
    assert response.status_code == 302
    (row,) = query_all(app, "select name, follow_up, notes from clients")
    assert row == ("Garage Maes BV", "proposal_sent", "Call back in March <b>about</b> backups.")
    shown = logged_in.client.get(page).text
    assert "Proposal sent" in shown
    assert "&lt;b&gt;about&lt;/b&gt;" in shown


def test_an_unknown_follow_up_status_is_refused(app, logged_in):
    client_id = add_client(logged_in)
    page = f"/en/consultant/clients/{client_id}"
    response = logged_in.client.post(
        f"{page}/edit",
        data={
            "csrf_token": csrf_token(logged_in.client.get(page).text),
            "name": "Garage Maes",
            "follow_up": "won",
        },
    )
    assert response.status_code == 400
    assert query_all(app, "select follow_up from clients") == [("new",)]


def test_every_consultant_of_the_partner_sees_every_client(app, client, logged_in):
    client_id = add_client(logged_in, "Drukkerij Wouters")
    logged_in.logout()
    colleague = ConsultantActions(app, client)
    colleague.create_account("colleague@example.be")
    assert colleague.login("colleague@example.be").status_code == 302
    assert "Drukkerij Wouters" in client.get("/en/consultant/clients/").text
    assert client.get(f"/en/consultant/clients/{client_id}").status_code == 200


# Invitations --------------------------------------------------------------------------------


def test_an_invitation_names_the_role_and_shows_the_link_once_with_a_message(app, logged_in):
    client_id = add_client(logged_in, "Bakkerij Peeters")
    response = invite(logged_in, client_id, role="office_manager", language="fr")
    assert response.status_code == 302
    page = logged_in.client.get(response.location).text
    link = invitation_link(page)
    assert 'data-copy="invitation-link"' in page
    message = re.search(r'<textarea[^>]*id="invitation-message"[^>]*>([^<]*)</textarea>', page)
    assert message, "no message to copy"
    assert "Bakkerij Peeters" in message.group(1)
    assert "Bonjour" in message.group(1)  # in the language of the invitation, not the page's
    assert link in message.group(1)
    assert not LINK.search(logged_in.client.get(response.location).text)  # shown only once
    (row,) = query_all(app, "select company, language, respondent_role, client_id from assessments")
    assert row == ("Bakkerij Peeters", "fr", "office_manager", 1)
    assert "Office manager" in logged_in.client.get(response.location).text


def test_an_invitation_with_an_unknown_role_is_refused(app, logged_in):
    client_id = add_client(logged_in)
    response = invite(logged_in, client_id, role="boss")
    assert response.status_code == 400
    assert query_all(app, "select count(*) from assessments") == [(0,)]


def test_the_invited_owner_is_welcomed_before_step_one(app, logged_in):
    client_id = add_client(logged_in, "Schrijnwerkerij Mertens")
    response = invite(logged_in, client_id, language="nl")
    link = invitation_link(logged_in.client.get(response.location).text)
    owner = app.test_client()
    landed = owner.get(link)
    assert landed.location == "/nl/welcome"
    welcome = owner.get("/nl/welcome").text
    assert "Schrijnwerkerij Mertens" in welcome
    assert "Uw IT-partner nodigt u uit" in welcome  # without a partner profile
    app.test_cli_runner().invoke(args=["set-partner", "--name", "Data Vlaanderen BV"])
    assert "Data Vlaanderen BV nodigt u uit" in owner.get("/nl/welcome").text
    assert re.search(r"ongeveer \d+ minuten", welcome)
    assert 'href="/nl/step/context"' in welcome


def test_a_new_link_replaces_a_lost_one(app, logged_in):
    client_id = add_client(logged_in)
    response = invite(logged_in, client_id)
    old_link = invitation_link(logged_in.client.get(response.location).text)
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    page = logged_in.client.get(f"/en/consultant/clients/{client_id}").text
    assert "open for" in page
    renewed = logged_in.client.post(
        f"/en/consultant/assessments/{public_id}/new-link", data={"csrf_token": csrf_token(page)}
    )
    assert renewed.status_code == 302
    new_link = invitation_link(logged_in.client.get(renewed.location).text)
    assert new_link != old_link
    assert app.test_client().get(old_link).status_code == 404
    assert app.test_client().get(new_link).status_code == 302


def test_a_new_link_also_locks_out_a_browser_that_came_in_by_the_old_one(app, logged_in):
    client_id = add_client(logged_in)
    response = invite(logged_in, client_id)
    old_link = invitation_link(logged_in.client.get(response.location).text)
    outsider = app.test_client()
    assert outsider.get(old_link).status_code == 302  # the leaked link, opened
    assert outsider.get("/nl/step/context").status_code == 200
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    page = logged_in.client.get(f"/en/consultant/clients/{client_id}").text
    logged_in.client.post(
        f"/en/consultant/assessments/{public_id}/new-link", data={"csrf_token": csrf_token(page)}
    )
    assert outsider.get("/nl/step/context").location == "/nl/"
    answer = outsider.post(
        "/nl/step/context/answer",
        data={"question": "current-support", "option": "break-fix"},
        headers={"X-CSRFToken": csrf_token(outsider.get("/nl/").text)},
    )
    assert answer.status_code in (302, 400, 404, 409)
    assert query_all(app, "select count(*) from answers") == [(0,)]


def test_a_submitted_assessment_gets_no_new_link(app, logged_in):
    client_id = add_client(logged_in)
    (done,) = seed_client_history(app, client_id, [2])
    before = query_all(app, "select resume_token_hash from assessments")
    page = logged_in.client.get(f"/en/consultant/clients/{client_id}").text
    response = logged_in.client.post(
        f"/en/consultant/assessments/{done.public_id}/new-link",
        data={"csrf_token": csrf_token(page)},
    )
    assert response.location == f"/en/consultant/assessments/{done.public_id}"
    assert query_all(app, "select resume_token_hash from assessments") == before


def test_a_new_link_needs_the_form_token(app, logged_in):
    client_id = add_client(logged_in)
    invite(logged_in, client_id)
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    response = logged_in.client.post(f"/en/consultant/assessments/{public_id}/new-link")
    assert response.status_code == 400


# Linking a self-started assessment ------------------------------------------------------------


def test_a_self_started_assessment_is_linked_to_an_existing_client(app, client, logged_in):
    client_id = add_client(logged_in, "Garage Maes")
    self_started(app)
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    view = f"/en/consultant/assessments/{public_id}"
    page = client.get(view).text
    assert "Link to this client" in page
    response = client.post(
        f"{view}/client",
        data={"csrf_token": csrf_token(page), "client": client_id, "action": "existing"},
    )
    assert response.location == f"/en/consultant/clients/{client_id}"
    assert query_all(app, "select client_id from assessments") == [(1,)]
    assert f'href="/en/consultant/clients/{client_id}"' in client.get(view).text


def test_a_new_client_is_made_from_a_self_started_assessment(app, client, logged_in):
    self_started(app)
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    view = f"/en/consultant/assessments/{public_id}"
    response = client.post(
        f"{view}/client", data={"csrf_token": csrf_token(client.get(view).text), "action": "new"}
    )
    assert response.status_code == 302
    assert query_all(app, "select name from clients") == [("Bakkerij Peeters",)]
    assert query_all(app, "select client_id from assessments") == [(1,)]


# A client over time -----------------------------------------------------------------------


def test_the_client_page_compares_the_last_two_assessments_by_default(app, logged_in):
    client_id = add_client(logged_in)
    seed_client_history(app, client_id, [0, 3, 1])
    page = logged_in.client.get(f"/en/consultant/clients/{client_id}").text
    assert page.count('<a href="/en/consultant/assessments/') == 3
    better = page.find("Got better")
    worse = page.find("Got worse")
    assert worse != -1  # from position 3 down to 1: everything got worse
    assert better == -1
    assert "trend.svg" in page


def test_any_two_assessments_can_be_compared(app, logged_in):
    client_id = add_client(logged_in)
    first, _second, third = seed_client_history(app, client_id, [0, 3, 1])
    page = logged_in.client.get(
        f"/en/consultant/clients/{client_id}?before={third.public_id}&after={first.public_id}"
    ).text
    # Given in either order, the earlier one is "from": position 0 to 1 got better.
    assert "Got better" in page
    assert "Got worse" not in page


def test_the_trend_chart_is_svg_and_the_same_for_the_same_data(app, logged_in):
    client_id = add_client(logged_in)
    seed_client_history(app, client_id, [0, 2, 3])
    url = f"/en/consultant/clients/{client_id}/trend.svg"
    first, second = logged_in.client.get(url), logged_in.client.get(url)
    assert first.status_code == 200
    assert first.mimetype == "image/svg+xml"
    assert first.data == second.data
    assert first.data.startswith(b"<?xml")
    assert logged_in.client.get(url, headers={"If-None-Match": first.headers["ETag"].strip('"')})


def test_a_client_without_submitted_assessments_has_no_trend_chart(logged_in):
    client_id = add_client(logged_in)
    page = logged_in.client.get(f"/en/consultant/clients/{client_id}").text
    assert "trend.svg" not in page
    assert logged_in.client.get(f"/en/consultant/clients/{client_id}/trend.svg").status_code == 404


def test_the_clients_list_shows_the_latest_result(app, logged_in):
    client_id = add_client(logged_in, "Immo Dubois")
    made = seed_client_history(app, client_id, [0, 3])
    listing = logged_in.client.get("/en/consultant/clients/").text
    score = f"{made[-1].overall_score:.1f}"
    assert score in listing


# The consultant's view of an assessment -------------------------------------------------------


def test_the_assessment_view_lists_every_answer_with_its_points(app, client, logged_in):
    questionnaire = app.extensions["questionnaire"]
    self_started(app)
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    page = client.get(f"/en/consultant/assessments/{public_id}").text
    table = page[page.index('class="score-table answers-table"') :]
    for question in questionnaire.questions:
        assert question.text["en"] in table
    scored = [q for s in questionnaire.dimensions for q in s.questions]
    option = scored[0].option(answers_at(questionnaire, 1)[scored[0].id])
    assert f'<td class="num">{option.score}</td>' in table


def test_a_new_link_for_an_unknown_assessment_is_not_found(logged_in):
    page = logged_in.client.get("/en/consultant/clients/").text
    response = logged_in.client.post(
        "/en/consultant/assessments/" + "0" * 32 + "/new-link",
        data={"csrf_token": csrf_token(page)},
    )
    assert response.status_code == 404


def test_linking_needs_a_known_client_unless_a_new_one_is_asked_for(app, client, logged_in):
    self_started(app)
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    view = f"/en/consultant/assessments/{public_id}"
    response = client.post(
        f"{view}/client",
        data={"csrf_token": csrf_token(client.get(view).text), "client": "f" * 32},
    )
    assert response.status_code == 400
    assert query_all(app, "select client_id from assessments") == [(None,)]


def test_the_answer_list_follows_the_questionnaire_order(app, client, logged_in):
    self_started(app)
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    page = client.get(f"/en/consultant/assessments/{public_id}").text
    table = page[page.index('class="score-table answers-table"') :]
    titles = re.findall(r'<th scope="rowgroup" colspan="3">([^<]+)</th>', table)
    assert titles == [step.title["en"] for step in app.extensions["questionnaire"].steps]


def test_the_client_page_shows_the_contact_requests_of_its_assessments(app, client, logged_in):
    owner = app.test_client()
    Respondent(owner).start()
    questionnaire = app.extensions["questionnaire"]
    walk_questionnaire(owner, "nl", questionnaire, answers_at(questionnaire, 1))
    result = owner.get("/nl/result").text
    contact = {
        "csrf_token": csrf_token(result),
        "contact_name": "An Peeters",
        "email": "an@bakkerij.be",
        "message": "Bel me gerust.",
        "consent": "yes",
    }
    assert owner.post("/nl/contact", data=contact).status_code == 302
    (public_id,) = query_all(app, "select public_id from assessments")[0]
    view = f"/en/consultant/assessments/{public_id}"
    client.post(
        f"{view}/client", data={"csrf_token": csrf_token(client.get(view).text), "action": "new"}
    )
    (client_id,) = query_all(app, "select public_id from clients")[0]
    page = client.get(f"/en/consultant/clients/{client_id}").text
    requests = page[page.index('id="contact-requests-title"') :]
    assert "An Peeters" in requests and "an@bakkerij.be" in requests
    assert "Bel me gerust." in requests and f'href="{view}"' in requests
