"""The IT partner's clients: the list, one client over time, invitations and new links."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from maturity import partner_store, store, store_clients, store_rounds, team_view, trend
from maturity.client_forms import ClientDetailsForm, ClientForm, ClientInviteForm, LinkClientForm
from maturity.dashboard import STATUS_LABELS
from maturity.db import get_db
from maturity.forms import SubmitForm
from maturity.i18n import LANG_PREFIX, language_choices, localized
from maturity.reports import current_questionnaire, questionnaire_for
from maturity.store import Assessment, AssessmentClosed
from maturity.store_clients import Client
from maturity.workspace import (
    FOLLOW_UP_LABELS,
    ROLE_LABELS,
    format_day,
    invitation_context,
    remember_invitation,
    require_login,
    shown_invitation,
    workspace_context,
)

bp = Blueprint("clients", __name__, url_prefix=f"{LANG_PREFIX}/consultant")
bp.before_request(require_login)
bp.context_processor(workspace_context)

TREND_LEGEND = _l("Dimension")


@dataclass(frozen=True)
class OpenInvitation:
    assessment: Assessment
    age: str  # how long it has been open, in words of the page's language
    answered: int


# Helpers ------------------------------------------------------------------------------------


def find_client_or_404(client_id: str) -> Client:
    found = None
    if len(client_id) == store_clients.CLIENT_ID_LENGTH:
        found = store_clients.find_client(get_db(), client_id)
    return found or abort(404)


def details_form(client: Client | None = None, formdata=None) -> ClientDetailsForm:
    form = ClientDetailsForm(formdata=formdata, obj=client)
    form.follow_up.choices = [SelectChoice(k, v) for k, v in FOLLOW_UP_LABELS.items()]
    return form


def invite_form(client: Client, formdata=None) -> ClientInviteForm:
    rounds = store_rounds.client_rounds(get_db(), client.id)
    # Without a round in the post, the default: the newest round (or a first one).
    form = ClientInviteForm(formdata=formdata, data={"round": team_view.default_round(rounds)})
    form.role.choices = [SelectChoice(k, v) for k, v in ROLE_LABELS.items()]
    form.round.choices = [SelectChoice(k, v) for k, v in team_view.round_choices(rounds)]
    form.language.choices = language_choices()
    if formdata is None:
        form.language.data = g.lang
    return form


def client_fields(form: ClientForm) -> dict[str, str]:
    names = [name for name in store_clients.CLIENT_FIELDS if name in form]
    return {name: form[name].data or "" for name in names}


def age_of(timestamp: str, now: datetime | None = None) -> str:
    """How long ago a stored moment was, in words ("3 days"), in the page's language."""
    now = now or datetime.now(UTC)
    return format_timedelta(now - datetime.fromisoformat(timestamp), threshold=1.5)


def translated(labels: dict) -> dict[str, str]:
    return {key: str(label) for key, label in labels.items()}


def pick_pair(submitted: list[Assessment]) -> tuple[Assessment | None, Assessment | None]:
    """The two assessments to compare: ?before=&after= (public ids), else the last two."""
    by_id = {a.public_id: a for a in submitted}
    before, after = (
        by_id.get(request.args.get("before", "")),
        by_id.get(request.args.get("after", "")),
    )
    if before is None or after is None or before is after:
        if len(submitted) < 2:
            return None, None
        before, after = submitted[-2], submitted[-1]
    if before.id > after.id:
        before, after = after, before
    return before, after


def comparison_of(
    before: Assessment | None, after: Assessment | None, scores: dict[int, dict[str, float]]
) -> trend.Comparison | None:
    if before is None or after is None:
        return None
    answers = store_clients.load_answers_of(get_db(), [before.id, after.id])
    return trend.compare(
        (questionnaire_for(before), answers[before.id], scores.get(before.id, {})),
        (questionnaire_for(after), answers[after.id], scores.get(after.id, {})),
    )


def client_page(client: Client, edit=None, invite=None, status: int = 200):
    """The client's page: details, invitations, every assessment over time and what changed."""
    db = get_db()
    assessments = store_clients.client_assessments(db, client.id)
    submitted = [a for a in assessments if a.is_submitted]
    scores = store_clients.dimension_scores_of(db, client.id)
    progress = store_clients.answered_counts(db, client.id)
    invitations = [
        OpenInvitation(a, age_of(a.created_at), progress.get(a.id, 0))
        for a in assessments
        if not a.is_submitted
    ]
    before, after = pick_pair(submitted)
    questionnaire = current_questionnaire()
    rounds = store_rounds.client_rounds(db, client.id)
    shown_round = next((r for r in rounds if r.submitted >= team_view.MIN_TEAM), None)
    return render_template(
        "consultant/client.html",
        client=client,
        contact_requests=partner_store.list_client_contact_requests(db, client.id),
        assessments=list(reversed(assessments)),
        submitted=submitted,
        scores=scores,
        invitations=invitations,
        before=before,
        after=after,
        comparison=comparison_of(before, after, scores),
        questionnaire=questionnaire,
        edit_form=edit or details_form(client),
        invite_form=invite or invite_form(client),
        rounds=rounds,
        **team_view.team_context(db, client, shown_round),
        # Translated once here, not once per row.
        follow_up_labels=translated(FOLLOW_UP_LABELS),
        role_labels=translated(ROLE_LABELS),
        status_labels=translated(STATUS_LABELS),
        dimension_titles=[(step.id, localized(step.title)) for step in questionnaire.dimensions],
        level_names={level.number: localized(level.name) for level in questionnaire.levels},
        question_count=len(questionnaire.questions),
        **invitation_context(shown_invitation(assessments)),
    ), status


# Views --------------------------------------------------------------------------------------


@bp.route("/clients/", methods=["GET", "POST"])
def index():
    form = ClientForm()
    if form.validate_on_submit():
        client = store_clients.create_client(get_db(), **client_fields(form))
        flash(_("%(name)s is added to your clients.", name=client.name), "info")
        return redirect(url_for(".client", client_id=client.public_id))
    status = 400 if form.errors else 200
    return render_template(
        "consultant/clients.html",
        form=form,
        clients=store_clients.list_clients(get_db()),
        follow_up_labels=translated(FOLLOW_UP_LABELS),
    ), status


@bp.route("/clients/<client_id>")
def client(client_id: str):
    return client_page(find_client_or_404(client_id))


@bp.route("/clients/<client_id>/edit", methods=["POST"])
def edit(client_id: str):
    found = find_client_or_404(client_id)
    form = details_form(formdata=request.form)
    if not form.validate_on_submit():
        return client_page(found, edit=form, status=400)
    store_clients.update_client(get_db(), found.id, **client_fields(form))
    flash(_("The details of %(name)s are saved.", name=form.name.data), "info")
    return redirect(url_for(".client", client_id=found.public_id))


@bp.route("/clients/<client_id>/invite", methods=["POST"])
def invite(client_id: str):
    found = find_client_or_404(client_id)
    form = invite_form(found, formdata=request.form)
    if not form.validate_on_submit():
        return client_page(found, invite=form, status=400)
    team_round = team_view.round_for_invitation(get_db(), found, form.round.data)
    assessment, token = store.create_assessment(
        get_db(),
        found.name,
        form.language.data,
        current_questionnaire().version,
        invited_by=g.consultant.id,
        client_id=found.id,
        respondent_role=form.role.data,
        round_id=team_round.id,
    )
    remember_invitation(assessment, token)
    return redirect(url_for(".client", client_id=found.public_id, _anchor="invitation-title"))


@bp.route("/assessments/<public_id>/new-link", methods=["POST"])
def new_link(public_id: str):
    """A new link for an invitation in progress; the lost one stops working."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    if len(public_id) > store.RESUME_TOKEN_BYTES * 2 or not store.find_assessment(
        get_db(), public_id
    ):
        abort(404)
    try:
        assessment, token = store_clients.replace_resume_token(get_db(), public_id)
    except AssessmentClosed:
        flash(_("This assessment is submitted already: it needs no new link."), "info")
        return redirect(url_for("consultant.assessment", public_id=public_id))
    remember_invitation(assessment, token)
    client = store_clients.find_client_by_id(get_db(), assessment.client_id)
    if client is None:
        return redirect(url_for("consultant.assessment", public_id=public_id))
    return redirect(url_for(".client", client_id=client.public_id, _anchor="invitation-title"))


@bp.route("/assessments/<public_id>/client", methods=["POST"])
def link(public_id: str):
    """Count an assessment among a client's: a chosen one, or a new client named after it."""
    db = get_db()
    found = None
    if len(public_id) <= store.RESUME_TOKEN_BYTES * 2:
        found = store.find_assessment(db, public_id)
    assessment = found or abort(404)
    form = LinkClientForm()
    form.client.choices = [SelectChoice(pid, name) for pid, name in store_clients.client_names(db)]
    if not form.validate_on_submit():
        abort(400)
    if request.form.get("action") == "new":
        client = store_clients.create_client(db, assessment.company)
    else:
        client = store_clients.find_client(db, form.client.data or "") or abort(400)
    store_clients.link_assessment(db, assessment.id, client.id)
    flash(_("The assessment now counts among those of %(name)s.", name=client.name), "info")
    return redirect(url_for(".client", client_id=client.public_id))


@bp.route("/clients/<client_id>/trend.svg")
def trend_svg(client_id: str):
    """The client's scores per dimension over time, one line per dimension."""
    found = find_client_or_404(client_id)
    db = get_db()
    submitted = [a for a in store_clients.client_assessments(db, found.id) if a.is_submitted]
    if not submitted:
        abort(404)
    scores = store_clients.dimension_scores_of(db, found.id)
    dimensions = current_questionnaire().dimensions
    svg = trend.trend_svg(
        tuple(localized(step.title) for step in dimensions),
        tuple(format_day(a.submitted_at[:10], g.lang) for a in submitted),
        tuple(tuple(scores.get(a.id, {}).get(step.id) for a in submitted) for step in dimensions),
        str(TREND_LEGEND),
    )
    response = current_app.response_class(svg, mimetype="image/svg+xml")
    response.set_etag(hashlib.sha256(svg).hexdigest()[:32])
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)
