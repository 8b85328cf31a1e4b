"""What both blueprints and the CLI need of a questionnaire and a result, below all of them.

The questionnaires are loaded once by create_app(). A result is computed from a questionnaire
version and the raw answers, and kept per app by exactly that key: the same answers on the same
version give the same result, whoever asks.
"""

from __future__ import annotations

import functools
import hmac
from dataclasses import dataclass

from flask import Flask, current_app, g, render_template, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import Signer
from markupsafe import Markup

from maturity import chart, partner_store, store
from maturity.advice import Advice, advise
from maturity.db import get_db
from maturity.forms import ContactForm, SendLinkForm
from maturity.mail import mail_enabled
from maturity.partner import current_partner, partner_name
from maturity.partner_store import Partner
from maturity.questionnaire import Question, Questionnaire, Step
from maturity.scoring import Result, improvements_by_dimension, score_assessment
from maturity.store import Assessment

REPORTS_KEPT = 512  # computed results per worker; a few kB each
RENDERED_REPORTS_KEPT = 256  # rendered halves of reports per worker; about 20 kB each
REPORT_PARTS = ("survey/_result_lead.html", "survey/_result_details.html")
CHART_SIGNATURE_SALT = "radar-chart"
KEY_ACTIONS = 3  # what the result page leads with
# The service models in the page's language; the English term, which the trade uses, beside it.
MODEL_TERMS = {
    "support-contract": ("support contract", _l("IT support contract")),
    "managed-services": ("managed services", _l("managed IT services")),
}


@dataclass(frozen=True)
class Report:
    """A scored assessment: its result, the advice and the improvements per dimension."""

    result: Result
    advice: Advice
    improvements: dict[str, tuple[Question, ...]]


def current_questionnaire() -> Questionnaire:
    return current_app.extensions["questionnaire"]


def questionnaire_for(assessment: Assessment) -> Questionnaire:
    """The questionnaire version the assessment was answered on."""
    return current_app.extensions["questionnaires"][assessment.questionnaire_version]


def all_questionnaires() -> list[Questionnaire]:
    """The current questionnaire first, then every archived version."""
    current = current_questionnaire()
    versions = current_app.extensions["questionnaires"]
    return [current, *(q for v, q in versions.items() if v != current.version)]


def build_report(questionnaire: Questionnaire, answers: dict[str, str]) -> Report:
    result = score_assessment(questionnaire, answers)
    return Report(
        result=result,
        advice=advise(questionnaire, result, answers),
        improvements=improvements_by_dimension(questionnaire, answers),
    )


def report_of(version: str, answers: dict[str, str]) -> Report:
    """The report of these answers on this questionnaire version, computed once per worker."""
    return current_app.extensions["report_cache"](version, tuple(sorted(answers.items())))


def derived_result(questionnaire: Questionnaire, answers: dict[str, str]) -> store.DerivedResult:
    """The values the consultant's dashboard filters on, as the result page computes them."""
    report = build_report(questionnaire, answers)
    return store.DerivedResult(
        overall_score=report.result.overall_score,
        level=report.result.level,
        recommendation=report.advice.model,
        dimensions={d.step_id: (d.score, d.level) for d in report.result.dimensions},
    )


def recommendation_label(advice: Advice) -> str:
    """The recommended model as the question bank names it in the page's language, with the
    English term beside it; where that name is the English term itself, our translation."""
    lang = g.get("lang") or "nl"
    name = advice.model_name.get(lang) or advice.model
    terms = MODEL_TERMS.get(advice.model)
    if terms is None or lang == "en":
        return name
    english, translated = terms
    if f"({english})" in name.lower():
        return name
    if english in name.lower():
        name = str(translated)
    return f"{name} ({english})"


@dataclass(frozen=True)
class KeyAction:
    text: dict  # in every language, as the question bank has it
    anchor: str  # where the result page explains it


def key_actions(questionnaire: Questionnaire, report: Report) -> tuple[KeyAction, ...]:
    """The actions the result leads with: the projects that come first, in the advice's order,
    then the first improvement of each area, weakest area first."""
    actions = [KeyAction(p.title, f"project-{p.id}") for p in report.advice.projects]
    weakest_first = sorted(report.result.dimensions, key=lambda d: d.score)
    for rank in range(max((len(v) for v in report.improvements.values()), default=0)):
        for dimension in weakest_first:
            improvements = report.improvements.get(dimension.step_id, ())
            if rank < len(improvements):
                question = improvements[rank]
                actions.append(KeyAction(question.improvement, f"dimension-{dimension.step_id}"))
    return tuple(actions[:KEY_ACTIONS])


def weakest_area(result: Result) -> str | None:
    """The weakest area's step id, or None when every area has the same score."""
    scores = {d.score for d in result.dimensions}
    return result.weakest if len(scores) > 1 else None


def rendered_report(assessment: Assessment, for_consultant: bool, **extra) -> Markup:
    """The report of a submitted assessment in the page's language: what it leads with, the
    respondent's next step (rendered for this request: its forms, `extra`, hold the visitor's
    form token), then the details."""
    questionnaire = questionnaire_for(assessment)
    answers = store.load_answers(get_db(), assessment.id)
    report = report_of(questionnaire.version, answers)
    partner = current_partner()
    render = current_app.extensions["rendered_report_cache"]
    key = (assessment, tuple(sorted(answers.items())), g.lang, for_consultant, partner)
    urls = (chart_url(questionnaire, report.result), pdf_url(assessment, for_consultant))
    lead, details = (render(part, *key, *urls) for part in REPORT_PARTS)
    if for_consultant:
        return Markup(lead + details)  # noqa: S704 (Jinja's output, autoescaped already)
    next_step = render_template("survey/_next_step.html", assessment=assessment, **extra)
    return lead + Markup(next_step) + details  # noqa: S704 (Jinja's output, autoescaped)


def pdf_url(assessment: Assessment, for_consultant: bool) -> str:
    """Where the viewer downloads this report as PDF."""
    if for_consultant:
        return url_for("consultant.assessment_pdf", public_id=assessment.public_id)
    return url_for("survey.result_pdf")


def render_report_part(
    template: str,
    assessment: Assessment,
    answers: tuple[tuple[str, str], ...],
    lang: str,
    for_consultant: bool,
    partner: Partner | None,
    chart: str,
    pdf: str,
) -> Markup:
    """One part of the report of a submitted assessment (which never changes) with these
    answers, in the page's language `lang`, for the respondent or a consultant, offered by this
    partner, with these chart and PDF URLs: kept per worker by exactly these. Rendered from
    these values alone, without the context processors, so that nothing else of the request
    that renders it first can reach it."""
    questionnaire = questionnaire_for(assessment)
    report = report_of(questionnaire.version, dict(answers))
    html = current_app.jinja_env.get_template(template).render(
        assessment=assessment,
        questionnaire=questionnaire,
        answers=dict(answers),
        result=report.result,
        advice=report.advice,
        improvements=report.improvements,
        recommendation=recommendation_label(report.advice),
        key_actions=key_actions(questionnaire, report),
        weakest=weakest_area(report.result),
        chart_url=chart,
        pdf_url=pdf,
        for_consultant=for_consultant,
        partner=partner,
        partner_name=partner_name(partner),
        lang=lang,
    )
    return Markup(html)  # noqa: S704 (Jinja's output, autoescaped already)


def respondent_result_page(
    assessment: Assessment,
    contact_form: ContactForm | None = None,
    link_form: SendLinkForm | None = None,
) -> str:
    """The respondent's result page, with the next step's forms (as posted, when they are)."""
    requests = partner_store.list_contact_requests(get_db(), assessment.id)
    report = rendered_report(
        assessment,
        for_consultant=False,
        contact_form=contact_form or ContactForm(formdata=None),
        link_form=link_form or SendLinkForm(formdata=None),
        mail_on=mail_enabled(),
        last_request=requests[-1] if requests else None,
    )
    return render_template("survey/result.html", report=report)


# The radar chart's URL: signed, so that the app draws only the charts it linked to. ---------


def chart_signer(key=None) -> Signer:
    """Signs with the secret key (or the given one, such as a retired fallback key)."""
    return Signer(key or current_app.secret_key, salt=CHART_SIGNATURE_SALT)


def chart_signature(version: str, scores: str, key=None) -> str:
    return chart_signer(key).get_signature(f"{version}/{scores}").decode()


def chart_url(questionnaire: Questionnaire, result: Result) -> str:
    """The chart's URL: the version and scores it shows and their signature, no assessment id."""
    scores = chart.format_scores([d.score for d in result.dimensions])
    signature = chart_signature(questionnaire.version, scores)
    return url_for(
        "survey.chart_svg", version=questionnaire.version, scores=scores, signature=signature
    )


def is_signed_chart(version: str, scores: str, signature: str) -> bool:
    """Whether the signature is exactly one this app gives (with its key or a retired one):
    one spelling per chart, so that a cache keeps one copy."""
    keys = [current_app.secret_key, *(current_app.config.get("SECRET_KEY_FALLBACKS") or ())]
    return any(
        hmac.compare_digest(signature, chart_signature(version, scores, key)) for key in keys
    )


def init_app(app: Flask) -> None:
    versions = app.extensions["questionnaires"]

    @functools.lru_cache(maxsize=REPORTS_KEPT)
    def cached_report(version: str, answers: tuple[tuple[str, str], ...]) -> Report:
        return build_report(versions[version], dict(answers))

    app.extensions["report_cache"] = cached_report
    app.extensions["rendered_report_cache"] = functools.lru_cache(maxsize=RENDERED_REPORTS_KEPT)(
        render_report_part
    )


# What the consultant's view lists, and what an invitation promises. -----------------------

SECONDS_PER_QUESTION = 20  # reading, thinking, clicking: 39 questions make "about 15 minutes"


@dataclass(frozen=True)
class AnswerLine:
    """One line of the plain list of answers: the question, the answer and its points."""

    question: Question
    option_label: dict | None
    option_id: str | None
    points: int | None


def answer_list(
    questionnaire: Questionnaire, answers: dict[str, str]
) -> list[tuple[Step, list[AnswerLine]]]:
    """Every step in order with each of its questions, the answer given and its points."""
    return [
        (step, [answer_line(step, q, answers.get(q.id)) for q in step.questions])
        for step in questionnaire.steps
    ]


def answer_line(step: Step, question: Question, option_id: str | None) -> AnswerLine:
    option = question.option(option_id) if option_id else None
    return AnswerLine(
        question,
        option.label if option else None,
        option_id,
        option.score if option and step.is_dimension else None,
    )


def estimated_minutes(questionnaire: Questionnaire) -> int:
    """How long the questionnaire takes, rounded up to five minutes."""
    seconds = len(questionnaire.questions) * SECONDS_PER_QUESTION
    return max(5, -(-seconds // 300) * 5)
