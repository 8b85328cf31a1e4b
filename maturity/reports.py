"""What both blueprints and the CLI need of a questionnaire and a result, below all of them.

The questionnaires are loaded once by create_app(). A result is computed from a questionnaire
version and the raw answers, and kept per app by exactly that key: the same answers on the same
version give the same result, whoever asks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import Flask, current_app, render_template, url_for
from itsdangerous import BadSignature, Signer
from markupsafe import Markup

from maturity import chart, store
from maturity.advice import Advice, advise
from maturity.db import get_db
from maturity.questionnaire import Question, Questionnaire, Step
from maturity.scoring import Result, improvements_by_dimension, score_assessment
from maturity.store import Assessment

REPORTS_KEPT = 512  # computed results per worker; a few kB each
CHART_SIGNATURE_SALT = "radar-chart"


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


def rendered_report(assessment: Assessment, for_consultant: bool) -> Markup:
    """templates/survey/_result.html for a submitted assessment, in the page's language."""
    questionnaire = questionnaire_for(assessment)
    answers = store.load_answers(get_db(), assessment.id)
    report = report_of(questionnaire.version, answers)
    html = render_template(
        "survey/_result.html",
        assessment=assessment,
        questionnaire=questionnaire,
        answers=answers,
        result=report.result,
        advice=report.advice,
        improvements=report.improvements,
        chart_url=chart_url(questionnaire, report.result),
        for_consultant=for_consultant,
    )
    return Markup(html)  # noqa: S704 (Jinja's output, autoescaped already)


# The radar chart's URL: signed, so that the app draws only the charts it linked to. ---------


def chart_signer() -> Signer:
    keys = [*(current_app.config.get("SECRET_KEY_FALLBACKS") or ()), current_app.secret_key]
    return Signer(keys, salt=CHART_SIGNATURE_SALT)  # signs with the last key, checks with all


def chart_url(questionnaire: Questionnaire, result: Result) -> str:
    """The chart's URL: the version and scores it shows and their signature, no assessment id."""
    scores = chart.format_scores([d.score for d in result.dimensions])
    signature = chart_signer().get_signature(f"{questionnaire.version}/{scores}").decode()
    return url_for(
        "survey.chart_svg", version=questionnaire.version, scores=scores, signature=signature
    )


def is_signed_chart(version: str, scores: str, signature: str) -> bool:
    try:
        return chart_signer().verify_signature(f"{version}/{scores}", signature)
    except BadSignature:  # itsdangerous raises it for a signature that is not base64
        return False


def init_app(app: Flask) -> None:
    versions = app.extensions["questionnaires"]

    @functools.lru_cache(maxsize=REPORTS_KEPT)
    def cached_report(version: str, answers: tuple[tuple[str, str], ...]) -> Report:
        return build_report(versions[version], dict(answers))

    app.extensions["report_cache"] = cached_report


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
