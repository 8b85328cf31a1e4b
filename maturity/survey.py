"""The respondent's journey: start, one page per step, review, submit, result, resume."""

from __future__ import annotations

import contextlib
import functools

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from maturity import chart, downloads, store
from maturity.db import get_db
from maturity.forms import StartForm, SubmitForm, build_step_form, valid_answers
from maturity.i18n import LANG_PREFIX, localized, switch_language_url
from maturity.questionnaire import Questionnaire, Step
from maturity.reports import (
    current_questionnaire,
    derived_result,
    estimated_minutes,
    is_signed_chart,
    questionnaire_for,
    respondent_result_page,
)
from maturity.respondent import (
    current_assessment,
    personal_link_url,
    remember_assessment,
    resume_token,
)
from maturity.store import Assessment, AssessmentClosed

bp = Blueprint("survey", __name__, url_prefix=LANG_PREFIX)

MAX_TOKEN_LENGTH = 64
FROM_REVIEW = "review"
CHART_MAX_AGE = 24 * 3600  # a chart's URL fixes its content; a day lets a restyle show up
QUESTION_STATES_KEPT = 4096  # rendered questions per worker: every answer of every question


def require_assessment() -> Assessment:
    """The session's assessment, or back to the landing page with an explanation."""
    assessment = current_assessment()
    if assessment is None:
        flash(_("Start a new scan, or open your personal link to continue one."), "info")
        abort(redirect(url_for(".landing")))
    return assessment


def require_open_assessment() -> Assessment:
    assessment = require_assessment()
    if assessment.is_submitted:
        abort(redirect(url_for(".result")))
    return assessment


def where_to_continue(assessment: Assessment, answers: dict[str, str]) -> str:
    if assessment.is_submitted:
        return url_for(".result")
    step = questionnaire_for(assessment).first_incomplete_step(answers)
    return url_for(".step", step_id=step.id) if step else url_for(".review")


def step_numbers(questionnaire: Questionnaire, step_id: str | None) -> tuple[int, int]:
    """("Step n of total"): every step of the questionnaire, then the review page."""
    total = len(questionnaire.steps) + 1
    return (questionnaire.step_index(step_id) + 1 if step_id else total), total


def save_answers(assessment: Assessment, answers: dict[str, str]) -> None:
    try:
        store.save_step_answers(get_db(), assessment.id, answers)
    except AssessmentClosed:
        abort(redirect(url_for(".result")))


def after_step_url(questionnaire: Questionnaire, step: Step, answers: dict[str, str]) -> str:
    """Next step; back to the review page when the user came from there and all is complete."""
    following = questionnaire.next_step(step)
    if is_from_review() or following is None:
        if questionnaire.is_complete(answers):
            return url_for(".review")
        following = questionnaire.first_incomplete_step(answers)
    return url_for(".step", step_id=following.id)


def is_from_review() -> bool:
    """The step was opened from the review page's change links (?from=review)."""
    return request.args.get("from") == FROM_REVIEW


def blocking_step(questionnaire: Questionnaire, step: Step, answers: dict) -> Step | None:
    """An earlier step that is not complete yet: steps are answered in order."""
    earlier = questionnaire.steps[: questionnaire.step_index(step.id)]
    return next((s for s in earlier if not s.is_complete(answers)), None)


@bp.route("/", methods=["GET", "POST"])
def landing():
    form = StartForm()
    if form.validate_on_submit():
        questionnaire = current_questionnaire()
        assessment, token = store.create_assessment(
            get_db(), form.company.data, g.lang, questionnaire.version
        )
        remember_assessment(assessment, token)
        return redirect(url_for(".step", step_id=questionnaire.steps[0].id))
    ongoing = current_assessment()
    return render_template(
        "survey/landing.html",
        form=form,
        questionnaire=current_questionnaire(),
        ongoing=ongoing,
        continue_url=ongoing and continue_url(ongoing),
    )


def continue_url(assessment: Assessment) -> str:
    """Where the landing page sends a respondent back to their scan."""
    if assessment.is_submitted:
        return url_for(".result")
    token = resume_token()
    return url_for(".resume", token=token) if token else url_for(".review")


@bp.route("/step/<step_id>", methods=["GET", "POST"])
def step(step_id: str):
    assessment = require_open_assessment()
    questionnaire = questionnaire_for(assessment)
    step = questionnaire.step(step_id) or abort(404)
    answers = store.load_answers(get_db(), assessment.id)
    earlier = blocking_step(questionnaire, step, answers)
    if earlier:
        flash(_("Please answer this step first: the steps go in order."), "warning")
        return redirect(url_for(".step", step_id=earlier.id))
    if not is_post():  # GET, and HEAD (which Flask routes here too)
        return render_step(questionnaire, step, saved_questions(questionnaire, step, answers))
    form = build_step_form(step, localized, answers, request.form)
    action = request.form.get("action")
    if action == "back":
        save_answers(assessment, valid_answers(form, step))
        previous = questionnaire.previous_step(step)
        return redirect(url_for(".step", step_id=previous.id) if previous else url_for(".landing"))
    if action == "language":
        save_answers(assessment, valid_answers(form, step))
        return redirect(switch_language_url(request.form.get("language", "")))
    if form.validate():
        save_answers(assessment, valid_answers(form, step))
        answers.update(valid_answers(form, step))
        return redirect(after_step_url(questionnaire, step, answers))
    return render_step(questionnaire, step, posted_questions(step, form), form)


@bp.route("/step/<step_id>/answer", methods=["POST"])
def save_answer(step_id: str):
    """One answer, saved as it is given (static/app.js); checked like every form value."""
    assessment = current_assessment()
    if assessment is None or assessment.is_submitted:
        return {"saved": False}, 409
    questionnaire = questionnaire_for(assessment)
    step = questionnaire.step(step_id) or abort(404)
    question_id, option_id = request.form.get("question", ""), request.form.get("option", "")
    question = next((q for q in step.questions if q.id == question_id), None)
    if question is None or option_id not in question.option_ids:
        return {"saved": False}, 400
    if blocking_step(questionnaire, step, store.load_answers(get_db(), assessment.id)):
        return {"saved": False}, 409  # steps go in order: no answer saved ahead of a gap
    try:
        store.save_step_answers(get_db(), assessment.id, {question.id: option_id})
    except AssessmentClosed:
        return {"saved": False}, 409
    return {"saved": True}


def is_post() -> bool:
    return request.method == "POST"


def render_step(questionnaire: Questionnaire, step: Step, questions: list, form=None) -> str:
    """The page of one step; `form` only when it comes back with errors after a POST."""
    number, total = step_numbers(questionnaire, step.id)
    return render_template(
        "survey/step.html",
        form=form,
        questions=questions,
        step=step,
        number=number,
        total=total,
        has_previous=questionnaire.previous_step(step) is not None,
        from_review=is_from_review(),
    )


def posted_questions(step: Step, form) -> list[Markup]:
    """The step's questions as posted, with their errors."""
    radio_group = get_template_attribute("_macros.html", "radio_group")
    return [Markup(radio_group(form[q.id], n)) for n, q in enumerate(step.questions, 1)]  # noqa: S704


def saved_questions(questionnaire: Questionnaire, step: Step, answers: dict) -> list[Markup]:
    """The step's questions with the saved answers checked, each kept once rendered."""
    render = current_app.extensions["rendered_questions"]
    version, lang = questionnaire.version, g.lang
    return [render(version, lang, step.id, q.id, answers.get(q.id)) for q in step.questions]


def render_saved_question(
    version: str, lang: str, step_id: str, question_id: str, checked: str | None
) -> Markup:
    """One question of a step in the page's language `lang`, with `checked` chosen (or none):
    the same HTML for everyone who gave that answer, so it is kept per worker by these keys."""
    step = current_app.extensions["questionnaires"][version].step(step_id)
    form = build_step_form(step, localized, {question_id: checked} if checked else {})
    number = next(n for n, q in enumerate(step.questions, 1) if q.id == question_id)
    radio_group = get_template_attribute("_macros.html", "radio_group")
    return Markup(radio_group(form[question_id], number))  # noqa: S704 (Jinja's output)


@bp.record_once
def keep_rendered_questions(state) -> None:
    cache = functools.lru_cache(maxsize=QUESTION_STATES_KEPT)(render_saved_question)
    state.app.extensions["rendered_questions"] = cache


@bp.route("/review", methods=["GET", "POST"])
def review():
    assessment = require_open_assessment()
    questionnaire = questionnaire_for(assessment)
    answers = store.load_answers(get_db(), assessment.id)
    form = SubmitForm()
    missing = [s for s in questionnaire.steps if not s.is_complete(answers)]
    if form.validate_on_submit() and not missing:
        # Submitted twice (a double click): the result is there either way.
        with contextlib.suppress(AssessmentClosed):
            store.submit_assessment(get_db(), assessment.id, derived_result(questionnaire, answers))
        return redirect(url_for(".result"))
    if request.method == "POST" and missing:
        flash(_("Some questions are not answered yet. Complete them before you submit."), "error")
    number, total = step_numbers(questionnaire, None)
    return render_template(
        "survey/review.html",
        form=form,
        questionnaire=questionnaire,
        assessment=assessment,
        answers=answers,
        missing=missing,
        number=number,
        total=total,
    )


@bp.route("/result")
def result():
    assessment = require_assessment()
    if not assessment.is_submitted:
        return redirect(url_for(".review"))
    return respondent_result_page(assessment)


@bp.route("/result.pdf")
def result_pdf():
    assessment = require_assessment()
    if not assessment.is_submitted:
        return redirect(url_for(".review"))
    return downloads.result_pdf_response(respondent_result_page(assessment), url_for(".result"))


@bp.route("/chart/<version>/<scores>/<signature>.svg")
def chart_svg(version: str, scores: str, signature: str):
    """The radar chart of a chart URL that this app made, with labels in the URL's language."""
    questionnaire = current_app.extensions["questionnaires"].get(version)
    if questionnaire is None or not is_signed_chart(version, scores, signature):
        abort(404)
    values = chart.parse_scores(scores, len(questionnaire.dimensions)) or abort(404)
    svg, etag = chart.radar_svg_with_etag(
        tuple(localized(step.title) for step in questionnaire.dimensions),
        values,
        tuple(format_decimal(value, format="#,##0.#") for value in values),
    )
    response = current_app.response_class(svg, mimetype="image/svg+xml")
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = CHART_MAX_AGE
    return response.make_conditional(request)


@bp.route("/resume/<token>")
def resume(token: str):
    assessment = None
    if len(token) <= MAX_TOKEN_LENGTH:
        assessment = store.find_assessment_by_token(get_db(), token)
    if assessment is None:
        abort(404)
    remember_assessment(assessment, token)
    answers = store.load_answers(get_db(), assessment.id)
    if assessment.invited_by is not None and not answers and not assessment.is_submitted:
        return redirect(url_for(".welcome"))
    return redirect(where_to_continue(assessment, answers))


@bp.route("/welcome")
def welcome():
    """The first page of an invited respondent: who invites them, for what, how long it takes."""
    assessment = require_open_assessment()
    questionnaire = questionnaire_for(assessment)
    return render_template(
        "survey/welcome.html",
        company=assessment.company,
        minutes=estimated_minutes(questionnaire),
        steps=len(questionnaire.steps) + 1,
        start_url=url_for(".step", step_id=questionnaire.steps[0].id),
    )


@bp.app_context_processor
def personal_link() -> dict:
    """The personal link of the session's assessment, shown on every page of the journey."""
    lang = g.get("lang")
    return {"resume_url": personal_link_url(lang) if lang else None}
