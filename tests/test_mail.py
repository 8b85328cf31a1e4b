"""E-mail against a local SMTP server (aiosmtpd): the personal link, the partner told of a
contact request; and without mail configured, no e-mail form and everything still works."""

from __future__ import annotations

import email
import email.header
import re
import socket

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import TINY_STEPS, Respondent, csrf_token, make_app


class Inbox:
    """aiosmtpd handler: keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def mail_client(tmp_path, inbox):
    _handler, port = inbox
    app = make_app(
        tmp_path,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_DEFAULT_SENDER="scan@datavlaanderen.be",
        MAIL_SUPPRESS_SEND=False,
    )
    app.test_cli_runner().invoke(
        args=["set-partner", "--name", "Data Vlaanderen BV", "--email", "hallo@datavlaanderen.be"]
    )
    return app.test_client()


def submit_scan(client) -> str:
    respondent = Respondent(client)
    respondent.start()
    respondent.answer_all(TINY_STEPS)
    respondent.submit()
    return client.get("/nl/result").text


def test_the_owner_emails_the_personal_link_to_themselves(mail_client, inbox):
    handler, _port = inbox
    page = submit_scan(mail_client)
    assert 'action="/nl/send-link"' in page
    response = mail_client.post(
        "/nl/send-link", data={"csrf_token": csrf_token(page), "email": "an@bakkerij.be"}
    )
    assert response.status_code == 302
    [(recipients, message)] = handler.messages
    assert recipients == ["an@bakkerij.be"]
    assert "/nl/resume/" in message.get_payload(decode=True).decode()


def test_the_personal_link_is_mailed_three_times_per_scan_whatever_the_cookie(mail_client, inbox):
    handler, _port = inbox
    page = submit_scan(mail_client)
    saved_cookie = mail_client.get_cookie("session").value
    for number in range(5):
        mail_client.set_cookie("session", saved_cookie)  # an old cookie, sent again
        mail_client.post(
            "/nl/send-link", data={"csrf_token": csrf_token(page), "email": f"x{number}@a.be"}
        )
    assert len(handler.messages) == 3


@pytest.mark.parametrize("address", ["ü@bakkerij.be", "an@bäkkerij.be", "an@bakkerij..be"])
def test_an_address_mail_cannot_be_sent_to_gets_a_message_not_an_error(mail_client, inbox, address):
    handler, _port = inbox
    page = submit_scan(mail_client)
    response = mail_client.post(
        "/nl/send-link", data={"csrf_token": csrf_token(page), "email": address}
    )
    assert response.status_code == 200
    assert "Geef een e-mailadres" in response.text
    contact = {"csrf_token": csrf_token(page), "contact_name": "An", "email": address}
    response = mail_client.post("/nl/contact", data={**contact, "consent": "yes"})
    assert response.status_code == 200
    assert handler.messages == []


def test_the_partner_is_told_of_each_contact_request(mail_client, inbox):
    handler, _port = inbox
    page = submit_scan(mail_client)
    data = {
        "csrf_token": csrf_token(page),
        "contact_name": "An Peeters",
        "email": "an@bakkerij.be",
        "consent": "yes",
    }
    assert mail_client.post("/nl/contact", data=data).status_code == 302
    [(recipients, message)] = handler.messages
    assert recipients == ["hallo@datavlaanderen.be"]
    assert message["Reply-To"] == "an@bakkerij.be"
    assert "An Peeters" in message.get_payload(decode=True).decode()


def test_without_mail_there_is_no_email_form_and_contact_still_works(client):
    page = submit_scan(client)
    assert "/send-link" not in page
    data = {
        "csrf_token": csrf_token(page),
        "contact_name": "An",
        "phone": "0471 12 34 56",
        "consent": "yes",
    }
    assert client.post("/nl/contact", data=data).status_code == 302
    assert client.post("/nl/send-link", data={"csrf_token": csrf_token(page)}).status_code == 404


def test_an_invitation_is_sent_by_e_mail_in_the_clients_language(mail_client, inbox):
    from tests.conftest import ConsultantActions

    handler, _port = inbox
    consultant = ConsultantActions(mail_client.application, mail_client)
    consultant.create_account()
    consultant.login()
    page = mail_client.get("/en/consultant/clients/").text
    created = mail_client.post(
        "/en/consultant/clients/", data={"csrf_token": csrf_token(page), "name": "Garage Maes"}
    )
    client_page = created.location
    page = mail_client.get(client_page).text
    mail_client.post(
        f"{client_page}/invite",
        data={"csrf_token": csrf_token(page), "role": "owner", "language": "fr"},
    )
    box = mail_client.get(client_page).text
    assert 'class="send-invitation-form"' in box
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', box).group(1)
    action = re.search(r'action="(/en/consultant/assessments/[0-9a-f]+/send-invitation)"', box)
    sent = mail_client.post(
        action.group(1),
        data={"csrf_token": csrf_token(box), "token": token, "email": "jan@garagemaes.be"},
    )
    assert sent.location == client_page
    ((recipients, message),) = handler.messages
    assert recipients == ["jan@garagemaes.be"]
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject == "Invitation\u00a0: l'évaluation de maturité informatique pour Garage Maes"
    assert message["Reply-To"] == "hallo@datavlaanderen.be"
    body = message.get_payload(decode=True).decode()
    assert f"/fr/resume/{token}" in body and "Bonjour" in body
    # A made-up token sends nothing.
    refused = mail_client.post(
        action.group(1),
        data={"csrf_token": csrf_token(box), "token": "x" * 43, "email": "jan@garagemaes.be"},
    )
    assert refused.status_code == 302 and len(handler.messages) == 1
    assert "no longer opens" in mail_client.get(client_page).text


def test_without_mail_the_invitation_box_has_no_send_form(app, client, consultant):
    consultant.login()
    page = client.get("/en/consultant/clients/").text
    created = client.post(
        "/en/consultant/clients/", data={"csrf_token": csrf_token(page), "name": "Garage Maes"}
    )
    page = client.get(created.location).text
    client.post(
        f"{created.location}/invite",
        data={"csrf_token": csrf_token(page), "role": "owner", "language": "nl"},
    )
    box = client.get(created.location).text
    assert 'id="invitation-link"' in box and "send-invitation-form" not in box
