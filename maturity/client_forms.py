"""The forms of the partner's workspace for clients and invitations, from the same builders as
every other form (maturity/forms.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from maturity.forms import (
    COMPANY_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    AppForm,
    company_field,
    optional_text,
    printable_only,
    required_email,
    strip_text,
    text_only,
)

NOTES_MAX_LENGTH = 4000


class ClientForm(AppForm):
    """A client's name and contact details; its follow-up status and notes on its own page."""

    name = company_field(_l("Company name"), _l("Enter the name of the company."))
    contact_person = optional_text(_l("Contact person"), COMPANY_MAX_LENGTH)
    email = EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            Length(max=EMAIL_MAX_LENGTH, message=_l("This is not an e-mail address we know.")),
            printable_only,
        ],
        filters=[strip_text],
    )
    phone = optional_text(_l("Phone"), PHONE_MAX_LENGTH)


class ClientDetailsForm(ClientForm):
    follow_up = SelectField(_l("Follow-up"), choices=[], validate_choice=True)
    notes = TextAreaField(
        _l("Notes"),
        validators=[
            Optional(),
            Length(
                max=NOTES_MAX_LENGTH,
                message=_l("Use at most %(max)d characters.", max=NOTES_MAX_LENGTH),
            ),
        ],
        filters=[strip_text],
    )


class ClientInviteForm(AppForm):
    """An invitation for one respondent of a client: their role, team round and language."""

    role = SelectField(
        _l("Who answers"),
        choices=[],
        validators=[InputRequired(message=_l("Choose who answers."))],
        validate_choice=True,
    )
    round = SelectField(_l("Team round"), choices=[], validators=[Optional()], validate_choice=True)
    language = SelectField(
        _l("Language of the questionnaire"),
        choices=[],
        validators=[InputRequired(message=_l("Choose a language."))],
        validate_choice=True,
    )


class LinkClientForm(AppForm):
    """Count an assessment among a client's: an existing one, or a new one made from it."""

    client = SelectField(_l("Client"), choices=[], validators=[Optional()])


class SendInvitationForm(AppForm):
    """Send an invitation link just made to the respondent by e-mail (with mail configured)."""

    email = required_email(
        _l("Their e-mail address"),
        _l("Enter the e-mail address to send the invitation to."),
        _l("This is not an e-mail address we know."),
    )
    token = HiddenField(validators=[InputRequired(), Length(max=64)], filters=[text_only])
