"""The respondent's journey: start, one page per step, review, submit, result, resume."""

from __future__ import annotations

import contextlib
import hashlib

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.http import quote_etag

from maturity import chart, downloads, store
from maturity.advice import advise
from maturity.db import get_db
from maturity.forms import StartForm, SubmitForm, build_step_form, valid_answers
from maturity.i18n import LANG_PREFIX, localized, switch_language_url
from maturity.memo import request_cache
from maturity.questionnaire import Questionnaire, Step
from maturity.scoring import Result, improvements_by_dimension, score_assessment
from maturity.security import csrf_token
from maturity.stencil import Stencil, cut, hole
from maturity.store import Assessment, AssessmentClosed

bp = Blueprint("survey", __name__, url_prefix=LANG_PREFIX)

SESSION_ASSESSMENT = "assessment"
SESSION_TOKEN = "resume_token"  # noqa: S105 (a session key, not a secret)
MAX_TOKEN_LENGTH = 64
FROM_REVIEW = "review"
CHART_MAX_AGE = 24 * 3600  # a chart's URL fixes its content; a day lets a restyle show up
CHART_CACHE_CONTROL = f"public, max-age={CHART_MAX_AGE}"
REPORT_CACHE_SIZE = 128  # rendered reports kept per worker, about 40 kB each
CHART_CACHE_SIZE = 256  # chart responses kept per worker, as many as chart.CACHE_SIZE
PERSONAL_LINKS_KEPT = 1024
STEP_CACHE_SIZE = 64  # rendered steps kept per worker: every step of two versions, 3 languages
OPTION_INPUT = '<input class="option-input"'  # how templates/_macros.html starts an option
CHECKED_INPUT = '<input checked class="option-input"'  # the same, checked


def current_questionnaire() -> Questionnaire:
    return current_app.extensions["questionnaire"]


def questionnaire_for(assessment: Assessment) -> Questionnaire:
    """The questionnaire version the assessment was answered on."""
    return current_app.extensions["questionnaires"][assessment.questionnaire_version]


def remember_assessment(assessment: Assessment, token: str) -> None:
    session.permanent = True
    session[SESSION_ASSESSMENT] = assessment.public_id
    session[SESSION_TOKEN] = token


def current_assessment() -> Assessment | None:
    public_id = session.get(SESSION_ASSESSMENT)
    return store.find_assessment(get_db(), public_id) if public_id else None


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


def derived_result(questionnaire: Questionnaire, answers: dict[str, str]) -> store.DerivedResult:
    """The values the consultant's dashboard filters on, as the result page computes them."""
    result = score_assessment(questionnaire, answers)
    return store.DerivedResult(
        overall_score=result.overall_score,
        level=result.level,
        recommendation=advise(questionnaire, result, answers).model,
        dimensions={d.step_id: (d.score, d.level) for d in result.dimensions},
    )


def result_context(assessment: Assessment) -> dict:
    """Everything templates/survey/_result.html shows for a submitted assessment."""
    questionnaire = questionnaire_for(assessment)
    answers = store.load_answers(get_db(), assessment.id)
    result = score_assessment(questionnaire, answers)
    return {
        "assessment": assessment,
        "questionnaire": questionnaire,
        "answers": answers,
        "result": result,
        "advice": advise(questionnaire, result, answers),
        "improvements": improvements_by_dimension(questionnaire, answers),
        "chart_url": chart_url(questionnaire, result),
    }


def rendered_report(assessment: Assessment) -> Markup:
    """templates/survey/_result.html for a submitted assessment in the page's language.

    Rendered once per language: a submitted assessment never changes (its answers are closed
    and its result follows from them and its questionnaire version), so its report is the same
    HTML on every reload and print. The viewer (the respondent, or the consultant's blueprint)
    is part of the key, as request_cache() keeps it: the heading addresses the owner ("Your IT
    maturity") or names the company.
    """
    return request_cache("rendered_reports", REPORT_CACHE_SIZE, _render_report)(assessment)


def _render_report(assessment: Assessment) -> Markup:
    html = render_template("survey/_result.html", **result_context(assessment))
    return Markup(html)  # noqa: S704 (Jinja's output, autoescaped already)


def chart_url(questionnaire: Questionnaire, result: Result) -> str:
    """The radar chart's URL: it holds everything the chart shows, and no assessment id."""
    scores = chart.format_scores([d.score for d in result.dimensions])
    return url_for("survey.chart_svg", version=questionnaire.version, scores=scores)


def svg_response(svg: bytes, etag: str):
    """An SVG that any cache may keep, with an ETag so that a revisit costs a 304.

    The ETag is all there is to check (make_conditional() would look for ranges and dates too).
    """
    headers = {"Cache-Control": CHART_CACHE_CONTROL, "ETag": quote_etag(etag)}
    if request.if_none_match.contains_weak(etag):
        return current_app.response_class(status=304, headers=headers)
    return current_app.response_class(svg, mimetype="image/svg+xml", headers=headers)


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
    return render_template(
        "survey/landing.html",
        form=form,
        questionnaire=current_questionnaire(),
        ongoing=current_assessment(),
    )


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
    if request.method != "POST":  # GET, and HEAD (which Flask routes here too)
        questions = step_questions(questionnaire, step, answers)
        if page_is_plain(allowed_args={"from": FROM_REVIEW}):
            return kept_step_page(questionnaire, step).fill(
                {"questions": questions, "csrf_token": csrf_token(), **personal_link()}
            )
        return render_step(questionnaire, step, questions)
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
    return render_step(questionnaire, step, render_questions(step, form), form)


def render_step(
    questionnaire: Questionnaire, step: Step, questions: Markup, form=None, **context
) -> str:
    """The page of one step; `form` only when it comes back with errors."""
    number, total = step_numbers(questionnaire, step.id)
    return render_template(
        "survey/step.html",
        form=form,
        step=step,
        questions=questions,
        number=number,
        total=total,
        has_previous=questionnaire.previous_step(step) is not None,
        **context,
    )


def kept_step_page(questionnaire: Questionnaire, step: Step) -> Stencil:
    """The step's page as everyone gets it in this language, with holes for what is personal."""
    keep = request_cache("step_pages", STEP_CACHE_SIZE, render_step_stencil)
    from_review = bool(request.environ.get("QUERY_STRING")) and is_from_review()
    return keep(questionnaire.version, step.id, from_review, has_personal_link())


def render_step_stencil(version: str, step_id: str, from_review: bool, link: bool) -> Stencil:
    # from_review is part of the cache key only: the template reads it from the request.
    questionnaire = current_app.extensions["questionnaires"][version]
    page = render_step(
        questionnaire,
        questionnaire.step(step_id),
        hole("questions"),
        csrf_token=lambda: hole("csrf_token"),
        **personal_link_hole(link),
    )
    return cut(page)


def render_questions(step: Step, form) -> Markup:
    html = render_template("survey/_step_questions.html", step=step, form=form)
    return Markup(html)  # noqa: S704 (Jinja's output, autoescaped already)


def step_questions(questionnaire: Questionnaire, step: Step, answers: dict[str, str]) -> Markup:
    """The step's questions with the saved answers checked, as render_questions() writes them.

    A step's questions are the same HTML for everyone in a language but for which option is
    checked, so each question is rendered once per language in every state it can be in
    (unanswered, or one of its options checked) and the page puts the states together.
    """
    first, questions = request_cache("step_questions", STEP_CACHE_SIZE, questions_in_every_state)(
        questionnaire.version, step.id
    )
    pieces = [first]
    pieces.extend(states.get(answers.get(qid), states[None]) for qid, states in questions)
    return Markup("".join(pieces))  # noqa: S704 (Jinja's output, autoescaped already)


def questions_in_every_state(version: str, step_id: str):
    """What comes before the first option, then per question: its HTML per answer (None: none).

    The questions are rendered with nothing checked and cut at each option's <input; a
    question's HTML runs from its first option's input to its last option's label and the rest
    of its block, up to the next question's first option.
    """
    step = current_app.extensions["questionnaires"][version].step(step_id)
    html = render_questions(step, build_step_form(step, localized, {}))
    parts = str(html).split(OPTION_INPUT)  # plain text: Markup would escape what is added
    if len(parts) != sum(len(q.options) for q in step.questions) + 1:
        raise RuntimeError("the radio_group macro and survey.OPTION_INPUT disagree")
    questions, start = [], 1
    for question in step.questions:
        own = parts[start : start + len(question.options)]
        states = {None: "".join(OPTION_INPUT + part for part in own)}
        for index, option in enumerate(question.options):
            states[option.id] = "".join(
                (CHECKED_INPUT if i == index else OPTION_INPUT) + part for i, part in enumerate(own)
            )
        questions.append((question.id, states))
        start += len(question.options)
    return parts[0], tuple(questions)


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
    if page_is_plain():
        keep = request_cache("result_pages", REPORT_CACHE_SIZE, render_result_stencil)
        return keep(assessment, has_personal_link()).fill(personal_link())
    return render_template("survey/result.html", report=rendered_report(assessment))


def render_result_stencil(assessment: Assessment, link: bool) -> Stencil:
    report = rendered_report(assessment)
    return cut(render_template("survey/result.html", report=report, **personal_link_hole(link)))


@bp.route("/result.pdf")
def result_pdf():
    assessment = require_assessment()
    if not assessment.is_submitted:
        return redirect(url_for(".review"))
    html = render_template("survey/result.html", report=rendered_report(assessment))
    return downloads.result_pdf_response(html, url_for(".result"))


@bp.route("/chart/<version>/<scores>.svg")
def chart_svg(version: str, scores: str):
    """The radar chart of the scores in the URL, with labels in the URL's language."""
    svg, etag = request_cache("chart_responses", CHART_CACHE_SIZE, chart_with_etag)(version, scores)
    return svg_response(svg, etag)


def chart_with_etag(version: str, scores: str) -> tuple[bytes, str]:
    """The chart of a chart URL and its ETag; 404 (never kept) for a URL that names no chart."""
    questionnaire = current_app.extensions["questionnaires"].get(version) or abort(404)
    dimensions = questionnaire.dimensions
    values = chart.parse_scores(scores, len(dimensions)) or abort(404)
    svg = chart.cached_radar_svg(
        tuple(localized(step.title) for step in dimensions),
        values,
        tuple(format_decimal(value, format="#,##0.0") for value in values),
    )
    return svg, hashlib.sha256(svg).hexdigest()[:32]


@bp.route("/resume/<token>")
def resume(token: str):
    assessment = None
    if len(token) <= MAX_TOKEN_LENGTH:
        assessment = store.find_assessment_by_token(get_db(), token)
    if assessment is None:
        abort(404)
    remember_assessment(assessment, token)
    return redirect(where_to_continue(assessment, store.load_answers(get_db(), assessment.id)))


@bp.app_context_processor
def personal_link() -> dict:
    """The personal link of the session's assessment, shown on every page of the journey."""
    if not has_personal_link():
        return {"resume_url": None}
    link = request_cache("personal_links", PERSONAL_LINKS_KEPT, personal_link_url)
    return {"resume_url": link(session[SESSION_TOKEN])}


def personal_link_url(token: str) -> str:
    return url_for("survey.resume", token=token, _external=True)


def has_personal_link() -> bool:
    return bool(session.get(SESSION_TOKEN) and g.get("lang"))


def personal_link_hole(link: bool) -> dict:
    """The template context of a kept page: a hole for the personal link, if there is one."""
    return {"resume_url": hole("resume_url") if link else None}


def page_is_plain(allowed_args: dict[str, str] | None = None) -> bool:
    """Whether the page is as everyone gets it, so that a kept one will do.

    Not when a message waits to be shown, nor with query arguments other than the allowed ones
    (the language links carry them along).
    """
    if "_flashes" in session:
        return False
    if not request.environ.get("QUERY_STRING"):
        return True
    allowed = allowed_args or {}
    return all(allowed.get(name) == value for name, value in request.args.items(multi=True))
