"""Team rounds: invitations into a round, the team view on the client's page and its own."""

from __future__ import annotations

import io
import json
import re

import openpyxl

from maturity import store
from maturity.db import connect
from maturity.reports import derived_result
from maturity.workbook_texts import ROLE_NAMES
from maturity.workspace import ROLE_LABELS
from tests.conftest import csrf_token
from tests.test_clients import add_client, invitation_link, invite, logged_in  # noqa: F401
from tests.test_consultant import query_all
from tests.test_workbook import rows_of

OWNER = {  # an optimistic owner: everything in order
    "current-support": "support-contract",
    "internal-it-owner": "owner-self",
    "downtime-tolerance": "several-days",
    "sla-times": "response-and-resolution",
    "owner": "owner-full",
    "backup": "backup-full",
    "backups": "backups-full",
    "updates": "updates-full",
}
IT_CONTACT = {  # who knows the backups were never set up
    **OWNER,
    "downtime-tolerance": "under-an-hour",
    "owner": "owner-some",
    "backup": "backup-good",
    "backups": "backups-none",
}


def answer_invitations(app, answers: list[dict]) -> None:
    """Submit the open invitations, oldest first, each with its answers."""
    questionnaire = app.extensions["questionnaire"]
    db = connect(app.config["DATABASE"])
    try:
        ids = [
            row[0]
            for row in db.execute(
                "select id from assessments where status = ? order by id", [store.IN_PROGRESS]
            )
        ]
        for assessment_id, given in zip(ids, answers, strict=False):
            store.save_step_answers(db, assessment_id, given)
            store.submit_assessment(db, assessment_id, derived_result(questionnaire, given))
    finally:
        db.close()


def team_of(app, consultant, answers: list[dict], roles: list[str]) -> str:
    client_id = add_client(consultant, "Drukkerij Claes")
    for role in roles:
        assert invite(consultant, client_id, role=role).status_code == 302
    answer_invitations(app, answers)
    return client_id


def test_invitations_one_after_another_form_one_round_until_a_new_one(app, logged_in):  # noqa: F811
    client_id = add_client(logged_in)
    invite(logged_in, client_id, role="owner")
    invite(logged_in, client_id, role="it_contact")
    page = f"/en/consultant/clients/{client_id}"
    response = logged_in.client.post(
        f"{page}/invite",
        data={
            "csrf_token": csrf_token(logged_in.client.get(page).text),
            "role": "owner",
            "language": "fr",
            "round": "new",
        },
    )
    assert response.status_code == 302
    rows = query_all(
        app,
        "select a.respondent_role, r.number from assessments a"
        " join rounds r on r.id = a.round_id order by a.id",
    )
    assert rows == [("owner", 1), ("it_contact", 1), ("owner", 2)]
    text = logged_in.client.get(page).text
    assert "Team view: round 2" in text and "Team view: round 1" in text
    assert '<option selected value="2">' in text  # the next invitation joins the newest round


def test_an_unknown_round_is_refused(app, logged_in):  # noqa: F811
    client_id = add_client(logged_in)
    page = f"/en/consultant/clients/{client_id}"
    response = logged_in.client.post(
        f"{page}/invite",
        data={
            "csrf_token": csrf_token(logged_in.client.get(page).text),
            "role": "owner",
            "language": "nl",
            "round": "7",
        },
    )
    assert response.status_code == 400
    assert query_all(app, "select count(*) from assessments") == [(0,)]


def test_a_team_that_agrees_shows_no_gap_list(app, logged_in):  # noqa: F811
    client_id = team_of(
        app, logged_in, [OWNER, {**OWNER, "backup": "backup-good"}], ["owner", "office_manager"]
    )
    text = logged_in.client.get(f"/en/consultant/clients/{client_id}/rounds/1").text
    assert "The team agrees: no answers lie 2 points or more apart." in text
    assert 'class="gap-list"' not in text
    assert (
        '<th scope="col" class="num">Owner</th><th scope="col" class="num">Office manager</th>'
        in text
    )


def test_an_optimistic_owner_against_a_realistic_it_contact(app, logged_in):  # noqa: F811
    client_id = team_of(app, logged_in, [OWNER, IT_CONTACT], ["owner", "it_contact"])
    for path in (
        f"/en/consultant/clients/{client_id}",
        f"/en/consultant/clients/{client_id}/rounds/1",
    ):
        text = logged_in.client.get(path).text
        gaps = re.findall(
            r'<p class="gap-question"><strong>([^<]+)</strong>'
            r' <span class="gap-spread">(\d) points apart',
            text,
        )
        assert gaps == [("Question backups?", "4"), ("Question owner?", "2")]
        assert '<span class="gap-who">IT contact:</span> backups none (0)' in text
        assert '<span class="gap-who">Owner:</span> backups full (4)' in text
        assert "the least mature answer any respondent gave" in text  # the rule, stated
    assert 'src="/en/consultant/clients/' + client_id + '/rounds/1/team.svg"' in text


def test_three_respondents_with_one_outlier(app, logged_in):  # noqa: F811
    outlier = {**OWNER, "updates": "updates-none"}
    client_id = team_of(app, logged_in, [OWNER, OWNER, outlier], ["owner", "employee", "employee"])
    text = logged_in.client.get(f"/en/consultant/clients/{client_id}/rounds/1").text
    assert re.findall(r'<p class="gap-question"><strong>([^<]+)</strong>', text) == [
        "Question updates?"
    ]
    answers = re.findall(r'<span class="gap-who">([^<]+):</span> ([^<(]+)', text)
    assert answers == [
        ("Owner", "updates full "),
        ("Employee 1", "updates full "),
        ("Employee 2", "updates none "),
    ]


def test_the_team_chart_is_svg_the_same_for_the_same_round(app, logged_in):  # noqa: F811
    client_id = team_of(app, logged_in, [OWNER, IT_CONTACT], ["owner", "it_contact"])
    url = f"/en/consultant/clients/{client_id}/rounds/1/team.svg"
    first, second = logged_in.client.get(url), logged_in.client.get(url)
    assert first.mimetype == "image/svg+xml"
    assert first.data == second.data
    assert b"IT contact" in first.data and b"Owner" in first.data
    assert (
        logged_in.client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )


def test_one_answer_is_no_team_view_yet(app, logged_in):  # noqa: F811
    client_id = team_of(app, logged_in, [OWNER], ["owner", "it_contact"])
    text = logged_in.client.get(f"/en/consultant/clients/{client_id}/rounds/1").text
    assert (
        "The team view appears once two people of this round have submitted their answers." in text
    )
    assert (
        logged_in.client.get(f"/en/consultant/clients/{client_id}/rounds/1/team.svg").status_code
        == 404
    )


def test_the_team_view_is_for_consultants_only(app, client, logged_in):  # noqa: F811
    client_id = team_of(app, logged_in, [OWNER, IT_CONTACT], ["owner", "it_contact"])
    stranger = app.test_client()
    for path in ("", "/team.svg"):
        response = stranger.get(f"/en/consultant/clients/{client_id}/rounds/1{path}")
        assert response.status_code == 302
        assert "/consultant/login" in response.location
    assert logged_in.client.get(f"/en/consultant/clients/{client_id}/rounds/9").status_code == 404
    assert logged_in.client.get("/en/consultant/clients/nope/rounds/1").status_code == 404


def test_the_exports_name_the_respondent_role(app, logged_in):  # noqa: F811
    team_of(app, logged_in, [OWNER, IT_CONTACT], ["owner", "it_contact"])
    consultant = logged_in.client
    csv_lines = consultant.get("/en/consultant/export.csv?dialect=standard").text.split("\r\n")
    assert csv_lines[0].startswith(
        "assessment_id,company,language,respondent_role,questionnaire_version,"
    )
    assert [line.split(",")[3] for line in csv_lines[1:3]] == [
        "it_contact",
        "owner",
    ]  # newest first
    lines = [
        json.loads(line) for line in consultant.get("/en/consultant/export.json").text.splitlines()
    ]
    assert [line["respondent_role"] for line in lines] == ["it_contact", "owner"]
    with consultant.get("/fr/consultant/export.xlsx") as response:
        book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = rows_of(book.worksheets[0])
    assert [row["Qui a répondu"].value for row in rows] == ["Référent informatique", "Gérant"]


def test_the_workbook_names_every_role_the_app_has():
    assert set(ROLE_NAMES) == set(ROLE_LABELS)


def test_respondents_are_told_colleagues_never_see_their_answers(app, client, logged_in):  # noqa: F811
    privacy = client.get("/en/privacy").text
    assert "Your colleagues, the owner included, never see your answers" in privacy
    client_id = add_client(logged_in, "Drukkerij Claes")
    page = logged_in.client.get(invite(logged_in, client_id, language="fr").location).text
    assert "collègues qui répondent aussi ne les voient pas" in page  # the message to send
    welcome = app.test_client()
    welcome.get(invitation_link(page))
    text = welcome.get("/fr/welcome").text
    assert "pas avec vos collègues\u00a0: si d'autres personnes de Drukkerij Claes" in text


def test_a_round_number_past_any_real_count_is_not_found(app, logged_in):  # noqa: F811
    client_id = team_of(app, logged_in, [OWNER, IT_CONTACT], ["owner", "it_contact"])
    for suffix in ("", "/team.svg"):
        path = f"/en/consultant/clients/{client_id}/rounds/{'9' * 25}{suffix}"
        assert logged_in.client.get(path).status_code == 404


def test_an_assessment_moved_to_another_client_leaves_its_old_round(app, logged_in):  # noqa: F811
    client_id = team_of(app, logged_in, [OWNER, IT_CONTACT], ["owner", "it_contact"])
    other = add_client(logged_in, "Garage Maes")
    (public_id,) = query_all(app, "select public_id from assessments order by id desc")[0]
    view = f"/en/consultant/assessments/{public_id}"
    store_db = connect(app.config["DATABASE"])
    try:
        store_db.execute("update assessments set client_id = null where public_id = ?", [public_id])
        store_db.conn.commit()
    finally:
        store_db.close()
    logged_in.client.post(
        f"{view}/client",
        data={
            "csrf_token": csrf_token(logged_in.client.get(view).text),
            "client": other,
            "action": "existing",
        },
    )
    assert query_all(app, f"select round_id from assessments where public_id = '{public_id}'") == [
        (None,)
    ]
    team = logged_in.client.get(f"/en/consultant/clients/{client_id}/rounds/1").text
    assert "appears once two people of this round have submitted" in team  # one is left
