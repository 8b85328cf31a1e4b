"""Forms, generated from the question data through one builder and a registry of field types."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from babel import Locale
from babel.support import Translations
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    PasswordField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from maturity.accounts import EMAIL_PATTERN
from maturity.questionnaire import Question, Step

COMPANY_MAX_LENGTH = 120
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # and line separators


@functools.lru_cache(maxsize=8)
def wtforms_catalogue(locale: Locale) -> Translations:
    """WTForms' own messages in one language, read from disk once per process."""
    return Translations.load(messages_path(), [locale], domain="wtforms")


class WTFormsMessages:
    """What Flask-WTF's i18n does, without reading the catalogue again on every request."""

    def gettext(self, string: str) -> str:
        locale = get_locale()
        return wtforms_catalogue(locale).ugettext(string) if locale else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        locale = get_locale()
        if not locale:
            return singular if n == 1 else plural
        return wtforms_catalogue(locale).ungettext(singular, plural, n)


WTFORMS_MESSAGES = WTFormsMessages()


class AppForm(FlaskForm):
    """The base of every form here: FlaskForm with WTForms' messages translated as above."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return WTFORMS_MESSAGES


class AnswerField(RadioField):
    """A radio group of option ids; a missing answer is left to InputRequired's message."""

    def pre_validate(self, form) -> None:
        if self.data is not None:
            super().pre_validate(form)


def build_choice_field(question: Question, localize: Callable[[dict], str]) -> Field:
    return AnswerField(
        localize(question.text),
        choices=[SelectChoice(o.id, localize(o.label)) for o in question.options],
        validators=[InputRequired(message=_l("Choose an answer to this question."))],
        invalid_choice_message=_l("That answer is not one of the options. Choose one below."),
        description=localize(question.help) if question.help else "",
    )


FIELD_BUILDERS: dict[str, Callable[[Question, Callable[[dict], str]], Field]] = {
    "choice": build_choice_field,
}


def build_step_form(
    step: Step, localize: Callable[[dict], str], answers: dict[str, str], formdata=None
) -> FlaskForm:
    """A form with one field per question of the step, filled with the saved answers."""
    fields = {q.id: FIELD_BUILDERS["choice"](q, localize) for q in step.questions}
    form_class = type(f"{step.id.title()}Form", (AppForm,), fields)
    saved = {q.id: answers[q.id] for q in step.questions if q.id in answers}
    return form_class(formdata=formdata, data=saved)


def valid_answers(form: FlaskForm, step: Step) -> dict[str, str]:
    """The answers in the posted form that are options of their question (for "back")."""
    found = {}
    for question in step.questions:
        value = form[question.id].data
        if value in question.option_ids:
            found[question.id] = value
    return found


def text_only(value):
    """A text field's value as text: a file or a JSON number sent in its place counts as empty."""
    return value if value is None or isinstance(value, str) else ""


def strip_text(value):
    value = text_only(value)
    return value.strip() if isinstance(value, str) else value


def printable_only(_form, field) -> None:
    """No control characters (a NUL byte, an escape, a line break) in a one-line text."""
    if field.data and CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(_l("Use letters, digits, spaces and punctuation only."))


def company_field(label, missing_message) -> StringField:
    """A company name: required, not only spaces, printable, at most COMPANY_MAX_LENGTH long."""

    def not_blank(_form, field) -> None:
        if not field.data:
            raise ValidationError(missing_message)

    return StringField(
        label,
        validators=[
            InputRequired(message=missing_message),
            Length(
                max=COMPANY_MAX_LENGTH,
                message=_l("Use at most %(max)d characters.", max=COMPANY_MAX_LENGTH),
            ),
            not_blank,
            printable_only,
        ],
        filters=[strip_text],
    )


class StartForm(AppForm):
    company = company_field(_l("Name of your company"), _l("Enter the name of your company."))


class SubmitForm(AppForm):
    """An empty form: only its CSRF token, for actions such as submitting the answers."""


# The consultant's forms ------------------------------------------------------------------

EMAIL_MAX_LENGTH = 254
PASSWORD_MAX_LENGTH = 1024
SEARCH_MAX_LENGTH = COMPANY_MAX_LENGTH


class LoginForm(AppForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            InputRequired(message=_l("Enter your e-mail address.")),
            Length(max=EMAIL_MAX_LENGTH, message=_l("This is not an e-mail address we know.")),
        ],
        filters=[strip_text],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(message=_l("Enter your password.")),
            Length(max=PASSWORD_MAX_LENGTH, message=_l("This password is too long.")),
        ],
        filters=[text_only],
    )


class InviteForm(AppForm):
    company = company_field(_l("Company name of your client"), _l("Enter the name of the company."))
    language = SelectField(
        _l("Language of the questionnaire"),
        choices=[],
        validators=[InputRequired(message=_l("Choose a language."))],
        validate_choice=True,
    )


class AssessmentFilterForm(AppForm):
    """The dashboard's search and filters, read from the query string (a GET form)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Company name contains"),
        validators=[Optional(), Length(max=SEARCH_MAX_LENGTH)],
        filters=[strip_text],
    )
    status = SelectField(_l("Status"), choices=[], validators=[Optional()])
    level = SelectField(_l("Level"), choices=[], validators=[Optional()])
    recommendation = SelectField(_l("Recommendation"), choices=[], validators=[Optional()])


class ExportForm(AppForm):
    """The export's file format; the dashboard's filters travel along as hidden fields."""

    class Meta:
        csrf = False

    dialect = SelectField(_l("File format"), choices=[], validators=[Optional()])


def any_choice() -> SelectChoice:
    return SelectChoice("", _l("Any"))


# The partner's profile and the respondent's contact request ------------------------------

NAME_MAX_LENGTH = 120
PHONE_MAX_LENGTH = 40
URL_MAX_LENGTH = 300
MESSAGE_MAX_LENGTH = 2000
PHONE_PATTERN = re.compile(r"\+?[0-9][0-9 ./()-]{5,}")
WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][^\s<>\"']*)?", re.IGNORECASE)


# An address mail can be sent to as it is: ASCII, labels of letters, digits and hyphens.
MAIL_ADDRESS = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,63}"
)


def email_address(_form, field) -> None:
    if field.data and not (EMAIL_PATTERN.match(field.data) and MAIL_ADDRESS.fullmatch(field.data)):
        raise ValidationError(_l("Enter an e-mail address such as name@company.be."))


def phone_number(_form, field) -> None:
    if field.data and not PHONE_PATTERN.fullmatch(field.data):
        raise ValidationError(_l("Enter a phone number such as +32 9 123 45 67."))


def web_address(_form, field) -> None:
    """Only http(s) addresses: a link on every page must never run script (javascript:)."""
    if field.data and not WEB_ADDRESS.fullmatch(field.data):
        raise ValidationError(_l("Enter a web address that starts with https://."))


def optional_text(label, max_length: int, *checks, **kwargs) -> StringField:
    """An optional one-line text: printable, at most max_length long, and the given checks."""
    return StringField(
        label,
        validators=[
            Optional(),
            Length(max=max_length, message=_l("Use at most %(max)d characters.", max=max_length)),
            printable_only,
            *checks,
        ],
        filters=[strip_text],
        **kwargs,
    )


class PartnerForm(AppForm):
    """The IT partner's profile, shown to every respondent."""

    name = company_field(_l("Name of your company"), _l("Enter the name of your company."))
    email = optional_text(_l("E-mail address"), EMAIL_MAX_LENGTH, email_address)
    phone = optional_text(_l("Phone"), PHONE_MAX_LENGTH, phone_number)
    website = optional_text(_l("Website"), URL_MAX_LENGTH, web_address)
    booking_url = optional_text(_l("Link to book a meeting"), URL_MAX_LENGTH, web_address)
    logo = FileField(_l("Logo (PNG, JPEG, GIF or WebP, at most 1 MB)"))
    remove_logo = BooleanField(_l("Remove the logo"))


class ContactForm(AppForm):
    """A respondent asks the partner to get in touch about the result."""

    contact_name = company_field(_l("Your name"), _l("Enter your name."))
    email = optional_text(
        _l("E-mail address"), EMAIL_MAX_LENGTH, email_address, render_kw={"type": "email"}
    )
    phone = optional_text(_l("Phone"), PHONE_MAX_LENGTH, phone_number, render_kw={"type": "tel"})
    message = TextAreaField(
        _l("Message (optional)"),
        validators=[
            Optional(),
            Length(
                max=MESSAGE_MAX_LENGTH,
                message=_l("Use at most %(max)d characters.", max=MESSAGE_MAX_LENGTH),
            ),
        ],
        filters=[strip_text],
    )
    consent = BooleanField(
        validators=[InputRequired(message=_l("Tick the box so that we may contact you."))]
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data and not self.email.errors:
            # On the e-mail field, whose hint asks for one of both (Optional() stops a
            # field's own chain on an empty value, so this cannot be an inline validator).
            self.email.errors = [
                *self.email.errors,
                _l("Give an e-mail address or a phone number."),
            ]
            return False
        return valid


def required_email(label, missing_message, too_long_message) -> EmailField:
    """An e-mail address mail can be sent to: required, at most EMAIL_MAX_LENGTH long."""
    return EmailField(
        label,
        validators=[
            InputRequired(message=missing_message),
            Length(max=EMAIL_MAX_LENGTH, message=too_long_message),
            email_address,
        ],
        filters=[strip_text],
    )


class SendLinkForm(AppForm):
    """The respondent's own e-mail address, to receive the personal link."""

    email = required_email(
        _l("Your e-mail address"),
        _l("Enter your e-mail address."),
        _l("This e-mail address is too long."),
    )
