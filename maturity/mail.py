"""Optional e-mail (Flask-Mail): on when MAIL_SERVER is configured, silent otherwise."""

from __future__ import annotations

import smtplib

from flask import Flask, current_app
from flask_mail import Mail, Message

mail = Mail()


def init_app(app: Flask) -> None:
    if app.config.get("MAIL_SERVER"):
        mail.init_app(app)


def mail_sender() -> str | None:
    config = current_app.config
    return config.get("MAIL_DEFAULT_SENDER") or config.get("MAIL_USERNAME")


def mail_enabled() -> bool:
    """A mail server and a sender address are configured."""
    return "mail" in current_app.extensions and bool(mail_sender())


def send_mail(subject: str, recipients: list[str], body: str, reply_to: str | None = None) -> bool:
    """Send a plain-text message; False (and a log line) when mail is off or the server fails."""
    if not mail_enabled() or not recipients:
        return False
    message = Message(
        subject, recipients=recipients, body=body, sender=mail_sender(), reply_to=reply_to
    )
    try:
        mail.send(message)
    except (smtplib.SMTPException, OSError, ValueError):  # UnicodeError is a ValueError
        current_app.logger.exception("Sending mail %r failed", subject)
        return False
    return True
