"""The IT partner's workspace: login, dashboard, exports, invitations, one assessment."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from maturity import (
    downloads,
    export,
    partner_store,
    settings,
    store,
    store_clients,
)
from maturity.client_forms import LinkClientForm, SendInvitationForm
from maturity.dashboard import (
    STATUS_LABELS,
    build_filter_form,
    column_sorts,
    filter_arguments,
    overview_of,
    page_of_assessments,
    read_filters,
    read_sort,
    recommendation_names,
    requested_page,
    sort_arguments,
)
from maturity.db import get_db
from maturity.forms import ExportForm, InviteForm, LoginForm, SubmitForm
from maturity.i18n import LANG_PREFIX, language_choices, localized
from maturity.login import after_login_url, attempt_login, is_safe_next
from maturity.mail import mail_enabled, send_mail
from maturity.partner import current_partner
from maturity.questionnaire import Step
from maturity.reports import (
    all_questionnaires,
    answer_list,
    current_questionnaire,
    estimated_minutes,
    questionnaire_for,
    rendered_report,
)
from maturity.store import Assessment
from maturity.workspace import (
    current_consultant,
    format_day,
    format_score,
    invitation_context,
    invitation_message,
    invitation_subject,
    log_out,
    remember_invitation,
    require_login,
    workspace_context,
)

bp = Blueprint("consultant", __name__, url_prefix=f"{LANG_PREFIX}/consultant")
bp.register_blueprint(settings.bp)  # the partner's profile: this login check and layout apply

# The dashboard's own query arguments: the only ones a redirect to it carries along.
DASHBOARD_ARGUMENTS = (
    *("q", "status", "level", "recommendation", "page", "dialect", "sort", "order"),
)
DIALECT_LABELS = {
    export.EXCEL_NL_BE.name: _l("Excel (NL/BE): semicolons, decimal comma"),
    export.STANDARD.name: _l("Standard CSV: commas, decimal point"),
}


bp.before_request(require_login)
bp.context_processor(workspace_context)


# Dashboard: filters and pages --------------------------------------------------------------


@bp.app_template_filter("score")
def score_text(value: float, lang: str) -> str:
    """A score as the page's language writes it (the dashboard shows some 450 per page)."""
    return format_score(value, lang)


@bp.app_template_filter("medium_date")
def medium_date(timestamp: str) -> str:
    """A stored timestamp (ISO 8601, UTC) as a date in the page's language.

    The same text as format_date(parse_iso(timestamp), "medium") with Flask-Babel's default
    time zone (UTC), at a fraction of the cost: the dashboard shows a hundred dates per page.
    """
    return format_day(timestamp[:10], str(get_locale()))


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


def submitted_context(assessment: Assessment) -> dict:
    """The report of a submitted assessment, with the plain list of its answers beside it."""
    answers = store.load_answers(get_db(), assessment.id)
    return {
        "assessment": assessment,
        "report": rendered_report(assessment, for_consultant=True),
        "answer_lines": answer_list(questionnaire_for(assessment), answers),
    }


def client_context(assessment: Assessment) -> dict:
    """The assessment's client, or the form that links it to one."""
    db = get_db()
    client = store_clients.find_client_by_id(db, assessment.client_id)
    if client is not None:
        return {"client": client, "link_form": None}
    form = LinkClientForm()
    form.client.choices = [SelectChoice(pid, name) for pid, name in store_clients.client_names(db)]
    return {"client": None, "link_form": form}


def find_assessment_or_none(public_id: str) -> Assessment | None:
    if len(public_id) > store.RESUME_TOKEN_BYTES * 2:
        return None
    return store.find_assessment(get_db(), public_id)


def not_found():
    """A clear page for an assessment that does not exist (any more)."""
    return render_template("consultant/not_found.html"), 404


def dashboard_url_with_arguments() -> str:
    """The dashboard with the dashboard's own arguments of this request, and no others."""
    arguments = {name: request.args[name] for name in DASHBOARD_ARGUMENTS if name in request.args}
    return url_for(".dashboard", **arguments)


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
    questionnaire = current_questionnaire()
    form = build_filter_form()
    filters, notices = read_filters(form)
    sort = read_sort(questionnaire)
    page = page_of_assessments(filters, requested_page(notices), notices, sort)
    return render_template(
        "consultant/dashboard.html",
        form=form,
        export_form=build_export_form(),
        page=page,
        contact_counts=partner_store.count_contact_requests(
            get_db(), [row.assessment.id for row in page.items]
        ),
        notices=notices,
        filter_args=filter_arguments(filters),
        sort_args=sort_arguments(sort),
        list_args={**filter_arguments(filters), **sort_arguments(sort)},
        columns=column_sorts(sort, questionnaire, filter_arguments(filters)),
        overview=overview_of(filters, questionnaire),
        # Translated once here, not once per row of the page.
        status_labels={status: str(label) for status, label in STATUS_LABELS.items()},
        dimension_titles=[(step.id, localized(step.title)) for step in questionnaire.dimensions],
        level_names={level.number: localized(level.name) for level in questionnaire.levels},
        recommendation_labels={
            model: localized(name) for model, name in recommendation_names(questionnaire).items()
        },
        recommendations=recommendation_names(questionnaire),
        questionnaire=questionnaire,
        question_count=len(questionnaire.questions),
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
    questionnaires = all_questionnaires()
    chunks = downloads.stream_export(
        current_app.config["DATABASE"],
        filters,
        lambda records: export.csv_chunks(records, questionnaires, dialect),
    )
    return downloads.csv_response(chunks)


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
        remember_invitation(assessment, token)
        return redirect(url_for(".assessment", public_id=assessment.public_id))
    return render_template("consultant/invite.html", form=form)


@bp.route("/assessments/<public_id>")
def assessment(public_id: str):
    found = find_assessment_or_none(public_id)
    if found is None:
        return not_found()
    return assessment_page(found, invitation_context(found))


def assessment_page(found: Assessment, invitation: dict) -> str:
    """The consultant's page of one assessment (also what its PDF prints)."""
    context = submitted_context(found) if found.is_submitted else progress_context(found)
    return render_template(
        "consultant/assessment.html",
        status_labels=STATUS_LABELS,
        contact_requests=[
            (r, None) for r in partner_store.list_contact_requests(get_db(), found.id)
        ],
        **invitation,
        **client_context(found),
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
    # Without the one-time invitation link: a download must not use it up.
    html = assessment_page(found, {"invitation": None})
    return downloads.result_pdf_response(html, page_url)


@bp.route("/assessments/<public_id>/send-invitation", methods=["POST"])
def send_invitation(public_id: str):
    """E-mail an invitation link just made (its token comes back from the invitation box)."""
    found = find_assessment_or_none(public_id)
    if found is None or found.is_submitted or not mail_enabled():
        return not_found()
    back = page_of(found)
    form = SendInvitationForm()
    if not form.validate() or not store.token_opens(get_db(), found, form.token.data):
        errors = [message for messages in form.errors.values() for message in messages]
        flash(errors[0] if errors else _("This link no longer opens the scan."), "error")
        return redirect(back)
    link = url_for("survey.resume", lang=found.language, token=form.token.data, _external=True)
    minutes = estimated_minutes(questionnaire_for(found))
    partner = current_partner()
    sent = send_mail(
        invitation_subject(found),
        [form.email.data],
        invitation_message(found, link, minutes),
        reply_to=partner.email if partner else None,
    )
    if sent:
        flash(_("The invitation is sent to %(email)s.", email=form.email.data), "info")
    else:
        flash(_("The invitation could not be sent. Copy the link instead."), "error")
    return redirect(back)


def page_of(assessment: Assessment) -> str:
    """Where an assessment is looked after: its client's page, else its own."""
    client = store_clients.find_client_by_id(get_db(), assessment.client_id)
    if client is not None:
        return url_for("clients.client", client_id=client.public_id)
    return url_for(".assessment", public_id=assessment.public_id)
