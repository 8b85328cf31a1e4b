"""The IT partner's workspace: login, dashboard, invitations, deletion and the CSV export."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from babel import dates as babel_dates
from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from maturity import accounts, downloads, export, partner_store, settings, store
from maturity.db import connect as db_connect
from maturity.db import get_db
from maturity.forms import (
    AssessmentFilterForm,
    ExportForm,
    InviteForm,
    LoginForm,
    SubmitForm,
    any_choice,
)
from maturity.i18n import LANG_PREFIX, LANGUAGE_NAMES, localized
from maturity.questionnaire import LANGUAGES, LEVEL_NUMBERS, Questionnaire, Step
from maturity.reports import (
    all_questionnaires,
    current_questionnaire,
    questionnaire_for,
    rendered_report,
)
from maturity.store import Assessment, AssessmentFilter, Consultant

bp = Blueprint("consultant", __name__, url_prefix=f"{LANG_PREFIX}/consultant")
bp.register_blueprint(settings.bp)  # the partner's profile: this login check and layout apply

SESSION_CONSULTANT = "consultant_login"  # the token of the login, see store.consultant_sessions
SESSION_INVITATION = "invitation"
PUBLIC_ENDPOINTS = {"consultant.login"}
PAGE_NUMBER = re.compile(r"[0-9]{1,7}")
# The dashboard's own query arguments: the only ones a redirect to it carries along.
DASHBOARD_ARGUMENTS = ("q", "status", "level", "recommendation", "page", "dialect")
DATE_CACHE_SIZE = 1024  # distinct (day, language) pairs: a page of 50 rows spans a few days
STATUS_LABELS = {store.IN_PROGRESS: _l("In progress"), store.SUBMITTED: _l("Submitted")}
DIALECT_LABELS = {
    export.EXCEL_NL_BE.name: _l("Excel (NL/BE): semicolons, decimal comma"),
    export.STANDARD.name: _l("Standard CSV: commas, decimal point"),
}


class LoginRefused(Exception):
    """Wrong e-mail address or password: one message for both, so accounts stay secret."""


class LoginThrottled(Exception):
    """Too many failed attempts for this account or from this address, for now."""


# Who is logged in ------------------------------------------------------------------------


def session_lifetime() -> timedelta:
    return timedelta(seconds=int(current_app.config["CONSULTANT_SESSION_SECONDS"]))


def current_consultant() -> Consultant | None:
    """The logged-in consultant, or None (never logged in, logged out, expired, removed)."""
    token = session.get(SESSION_CONSULTANT)
    if not isinstance(token, str):
        return None
    return store.find_consultant_by_session(get_db(), token, session_lifetime())


def log_in(consultant: Consultant) -> None:
    """A new session: nothing from before the login (a form token, a scan) carries over."""
    session.clear()
    session[SESSION_CONSULTANT] = store.start_consultant_session(
        get_db(), consultant.id, session_lifetime()
    )


def log_out() -> None:
    """End the login on the server too: a copy of the cookie opens nothing any more."""
    token = session.get(SESSION_CONSULTANT)
    if isinstance(token, str):
        store.end_consultant_session(get_db(), token)
    session.clear()


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no `//`, backslash or control characters."""
    if not target or not target.startswith("/") or "\\" in target:
        return False
    if not target.isprintable():
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith("//")


def after_login_url() -> str:
    target = request.args.get("next")
    return target if is_safe_next(target) else url_for(".dashboard")


@bp.before_request
def require_login():
    """Every consultant page except the login page needs a logged-in consultant."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    g.consultant = current_consultant()
    if g.consultant is not None:
        return None
    if session.get(SESSION_CONSULTANT) is not None:
        log_out()
        flash(_("Your session has expired. Please log in again."), "info")
    return redirect(
        url_for("consultant.login", next=request.script_root + request.full_path.rstrip("?"))
    )


def authenticate(email: str, password: str, address: str) -> Consultant:
    """The consultant with these credentials; LoginThrottled or LoginRefused otherwise."""
    db = get_db()
    email = accounts.normalize_email(email)
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    if store.reserve_login_attempt(db, email, address, limit, window) is None:
        raise LoginThrottled(email)
    consultant = store.find_consultant_by_email(db, email)
    if not accounts.password_matches(consultant and consultant.password_hash, password):
        raise LoginRefused(email)
    store.clear_login_failures(db, email)
    return consultant


def attempt_login(form: LoginForm) -> tuple[str | None, int]:
    """Log in with the posted credentials; (None, 200) on success, else the message and status."""
    try:
        consultant = authenticate(form.email.data, form.password.data, client_address())
    except LoginThrottled:
        minutes = current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"] // 60
        message = _(
            "Too many failed attempts. For your security, logging in is blocked for "
            "%(minutes)d minutes. Try again later.",
            minutes=minutes,
        )
        return message, 429
    except LoginRefused:
        return _("The e-mail address or the password is not correct."), 200
    log_in(consultant)
    return None, 200


def client_address() -> str:
    """The client's address (behind a proxy, PROXY_FIX makes this the real one)."""
    return request.remote_addr or "unknown"


# Dashboard: filters and pages --------------------------------------------------------------


@functools.lru_cache(maxsize=DATE_CACHE_SIZE)
def format_day(day: str, locale: str) -> str:
    """A day (YYYY-MM-DD) as the language's medium date, formatted once per day and language."""
    return babel_dates.format_date(date.fromisoformat(day), "medium", locale=locale)


@bp.app_template_filter("medium_date")
def medium_date(timestamp: str) -> str:
    """A stored timestamp (ISO 8601, UTC) as a date in the page's language.

    The same text as format_date(parse_iso(timestamp), "medium") with Flask-Babel's default
    time zone (UTC), at a fraction of the cost: the dashboard shows a hundred dates per page.
    """
    return format_day(timestamp[:10], str(get_locale()))


@dataclass(frozen=True)
class Pagination:
    """One page of a list, and what the template needs to link to the others."""

    number: int
    per_page: int
    total: int
    items: list[Assessment]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_item(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_item(self) -> int:
        return min(self.number * self.per_page, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def recommendation_names(questionnaire: Questionnaire) -> dict[str, dict]:
    """Model id -> its name in every language, from the questionnaire's advice rules."""
    return {model: text.name for model, text in questionnaire.advice_rules.models.items()}


def build_filter_form() -> AssessmentFilterForm:
    """The dashboard's filter form, with its choices, read from the query string."""
    questionnaire = current_questionnaire()
    form = AssessmentFilterForm(formdata=request.args)
    form.status.choices = [any_choice()] + [
        SelectChoice(status, label) for status, label in STATUS_LABELS.items()
    ]
    form.level.choices = [any_choice()] + [
        SelectChoice(str(n), f"{n}: {localized(questionnaire.level(n).name)}")
        for n in LEVEL_NUMBERS
    ]
    form.recommendation.choices = [any_choice()] + [
        SelectChoice(model, localized(name))
        for model, name in recommendation_names(questionnaire).items()
    ]
    return form


def read_filters(form: AssessmentFilterForm) -> tuple[AssessmentFilter, list[str]]:
    """The valid filters of the form; a field with a value that makes no sense is ignored."""
    notices = []
    form.validate()
    for field in (form.q, form.status, form.level, form.recommendation):
        if field.errors:
            notices.append(
                _(
                    "The value given for “%(field)s” is not one of the options, so it is ignored.",
                    field=field.label.text,
                )
            )
            field.data, field.errors = "", []
    level = form.level.data
    filters = AssessmentFilter(
        search=form.q.data or "",
        status=form.status.data or None,
        level=int(level) if level else None,
        recommendation=form.recommendation.data or None,
    )
    return filters, notices


def filter_arguments(filters: AssessmentFilter) -> dict[str, str]:
    """The query-string arguments that reproduce these filters (for page and export links)."""
    values = {
        "q": filters.search,
        "status": filters.status,
        "level": filters.level,
        "recommendation": filters.recommendation,
    }
    return {key: str(value) for key, value in values.items() if value not in (None, "")}


def requested_page(notices: list[str]) -> int:
    """The page number asked for; 1, with a notice, when it is not a positive number."""
    raw = request.args.get("page", "1").strip()
    if PAGE_NUMBER.fullmatch(raw) and int(raw) >= 1:
        return int(raw)
    notices.append(_("“%(page)s” is not a page number; showing the first page.", page=raw[:20]))
    return 1


def page_of_assessments(filters: AssessmentFilter, number: int, notices: list[str]) -> Pagination:
    """The page asked for; past the last page, the last page with a notice."""
    db = get_db()
    total = store.count_assessments(db, filters)
    pagination = Pagination(number, store.PAGE_SIZE, total, [])
    if number > pagination.pages:
        notices.append(
            _(
                "There is no page %(number)d; the last page is %(last)d.",
                number=number,
                last=pagination.pages,
            )
        )
        number = pagination.pages
    items = store.list_assessments(db, filters, number, store.PAGE_SIZE)
    return Pagination(number, store.PAGE_SIZE, total, items)


def build_export_form() -> ExportForm:
    form = ExportForm(formdata=request.args, dialect=export.DEFAULT_DIALECT.name)
    form.dialect.choices = [SelectChoice(name, label) for name, label in DIALECT_LABELS.items()]
    return form


# One assessment ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepProgress:
    step: Step
    answered: int
    total: int

    @property
    def is_complete(self) -> bool:
        return self.answered == self.total


def progress_context(assessment: Assessment) -> dict:
    """What the progress page of an assessment in progress shows."""
    questionnaire = questionnaire_for(assessment)
    answers = store.load_answers(get_db(), assessment.id)
    steps = [
        StepProgress(s, len(s.questions) - len(s.unanswered(answers)), len(s.questions))
        for s in questionnaire.steps
    ]
    return {
        "assessment": assessment,
        "questionnaire": questionnaire,
        "answers": answers,
        "steps": steps,
    }


def find_assessment_or_none(public_id: str) -> Assessment | None:
    if len(public_id) > store.RESUME_TOKEN_BYTES * 2:
        return None
    return store.find_assessment(get_db(), public_id)


def not_found():
    """A clear page for an assessment that does not exist (any more)."""
    return render_template("consultant/not_found.html"), 404


def pop_invitation_link(assessment: Assessment) -> str | None:
    """The link of an invitation just created for this assessment: shown once, then gone
    (a HEAD request, such as a link preview, does not use it up)."""
    if request.method != "GET":
        return None
    invitation = session.get(SESSION_INVITATION)
    if not isinstance(invitation, dict) or invitation.get("public_id") != assessment.public_id:
        return None
    session.pop(SESSION_INVITATION)
    return url_for(
        "survey.resume", lang=assessment.language, token=invitation["token"], _external=True
    )


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


# The export ----------------------------------------------------------------------------------


def stream_export(
    database: str,
    questionnaires: list[Questionnaire],
    filters: AssessmentFilter,
    dialect: export.CsvDialect,
) -> Iterator[bytes]:
    """The CSV export of the matching assessments, streamed from a connection of its own,
    which lives as long as the download and is closed when it ends or is broken off."""
    # The request's connection is closed when the view returns, before the body is sent.
    connection = db_connect(database)
    try:
        records = store.iter_export_records(connection, filters)
        yield from export.csv_chunks(records, questionnaires, dialect)
    finally:
        connection.close()


def export_filename(today: date | None = None) -> str:
    return f"it-maturity-scan-{(today or date.today()).isoformat()}.csv"


def csv_response(chunks: Iterator[bytes]) -> Response:
    response = Response(chunks, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def dashboard_url_with_arguments() -> str:
    """The dashboard with the dashboard's own arguments of this request, and no others."""
    arguments = {name: request.args[name] for name in DASHBOARD_ARGUMENTS if name in request.args}
    return url_for(".dashboard", **arguments)


@bp.context_processor
def workspace_context() -> dict:
    """What the workspace's layout shows: who is logged in, and which page is open."""
    return {"signed_in": g.get("consultant"), "current_endpoint": request.endpoint}


# Views ---------------------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_consultant() is not None:
        return redirect(after_login_url())
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        error, status = attempt_login(form)
        if error is None:
            return redirect(after_login_url())
    next_url = request.args.get("next")
    return render_template(
        "consultant/login.html",
        form=form,
        error=error,
        next_url=next_url if is_safe_next(next_url) else None,
    ), status


@bp.route("/logout", methods=["POST"])
def logout():
    log_out()
    flash(_("You are logged out."), "info")
    return redirect(url_for(".login"))


@bp.route("/")
def dashboard():
    form = build_filter_form()
    filters, notices = read_filters(form)
    page = page_of_assessments(filters, requested_page(notices), notices)
    return render_template(
        "consultant/dashboard.html",
        form=form,
        export_form=build_export_form(),
        page=page,
        contact_counts=partner_store.count_contact_requests(get_db(), [a.id for a in page.items]),
        notices=notices,
        filter_args=filter_arguments(filters),
        # Translated once here, not once per row of the page.
        status_labels={status: str(label) for status, label in STATUS_LABELS.items()},
        recommendations=recommendation_names(current_questionnaire()),
        questionnaire=current_questionnaire(),
    )


@bp.route("/export.csv")
def export_csv():
    form = build_filter_form()
    filters, notices = read_filters(form)
    export_form = build_export_form()
    if notices or not export_form.validate():
        # The dashboard explains what is wrong; an export of other rows than asked would not.
        return redirect(dashboard_url_with_arguments())
    dialect = export.dialect_named(export_form.dialect.data)
    database = current_app.config["DATABASE"]
    return csv_response(stream_export(database, all_questionnaires(), filters, dialect))


@bp.route("/export.xlsx")
def export_xlsx():
    filters, notices = read_filters(build_filter_form())
    if notices:  # as export_csv: the dashboard explains what is wrong
        return redirect(dashboard_url_with_arguments())
    return downloads.xlsx_response(get_db(), all_questionnaires(), filters, g.lang)


@bp.route("/export.json")
def export_json():
    filters, notices = read_filters(build_filter_form())
    if notices:
        return redirect(dashboard_url_with_arguments())
    return downloads.json_lines_response(filters)


@bp.route("/invite", methods=["GET", "POST"])
def invite():
    form = InviteForm()
    form.language.choices = language_choices()
    if not form.is_submitted():  # GET or HEAD: the page's language is the likely one
        form.language.data = g.lang
    if form.validate_on_submit():
        assessment, token = store.create_assessment(
            get_db(),
            form.company.data,
            form.language.data,
            current_questionnaire().version,
            invited_by=g.consultant.id,
        )
        session[SESSION_INVITATION] = {"public_id": assessment.public_id, "token": token}
        return redirect(url_for(".assessment", public_id=assessment.public_id))
    return render_template("consultant/invite.html", form=form)


@bp.route("/assessments/<public_id>")
def assessment(public_id: str):
    found = find_assessment_or_none(public_id)
    if found is None:
        return not_found()
    invitation_url = pop_invitation_link(found)
    if found.is_submitted:
        context = {"assessment": found, "report": rendered_report(found, for_consultant=True)}
    else:
        context = progress_context(found)
    return render_template(
        "consultant/assessment.html",
        invitation_url=invitation_url,
        status_labels=STATUS_LABELS,
        contact_requests=partner_store.list_contact_requests(get_db(), found.id),
        **context,
    )


@bp.route("/assessments/<public_id>/delete", methods=["GET", "POST"])
def delete(public_id: str):
    found = find_assessment_or_none(public_id)
    if found is None:
        return not_found()
    form = SubmitForm()
    if form.validate_on_submit():
        store.delete_assessment(get_db(), found.public_id)
        flash(_("The assessment of %(company)s is deleted.", company=found.company), "info")
        return redirect(url_for(".dashboard"))
    return render_template("consultant/delete.html", form=form, assessment=found)


@bp.route("/assessments/<public_id>.pdf")
def assessment_pdf(public_id: str):
    found = find_assessment_or_none(public_id)
    if found is None:
        return not_found()
    page_url = url_for(".assessment", public_id=found.public_id)
    if not found.is_submitted:
        return redirect(page_url)
    html = render_template(
        "consultant/assessment.html",
        assessment=found,
        report=rendered_report(found, for_consultant=True),
        invitation_url=None,
        status_labels=STATUS_LABELS,
    )
    return downloads.result_pdf_response(html, page_url)
