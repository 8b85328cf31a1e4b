"""What both blueprints and the CLI need of a questionnaire and a result, below all of them.

The questionnaires are loaded once by create_app(). A result is computed from a questionnaire
version and the raw answers, and kept per app by exactly that key: the same answers on the same
version give the same result, whoever asks.
"""

from __future__ import annotations

import functools
import hmac
from dataclasses import dataclass

from flask import Flask, current_app, g, url_for
from itsdangerous import Signer
from markupsafe import Markup

from maturity import chart, store
from maturity.advice import Advice, advise
from maturity.db import get_db
from maturity.questionnaire import Question, Questionnaire
from maturity.scoring import Result, improvements_by_dimension, score_assessment
from maturity.store import Assessment

REPORTS_KEPT = 512  # computed results per worker; a few kB each
RENDERED_REPORTS_KEPT = 128  # rendered reports per worker; about 40 kB each
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
    render = current_app.extensions["rendered_report_cache"]
    return render(
        assessment,
        tuple(sorted(answers.items())),
        g.lang,
        for_consultant,
        chart_url(questionnaire, report.result),
    )


def render_report(
    assessment: Assessment,
    answers: tuple[tuple[str, str], ...],
    lang: str,
    for_consultant: bool,
    chart: str,
) -> Markup:
    """The report of a submitted assessment (which never changes) with these answers, in the
    page's language `lang`, for the respondent or a consultant, with this chart URL: kept per
    worker by exactly these. Rendered from these values alone, without the context processors,
    so that nothing of the request that renders it first can reach it."""
    questionnaire = questionnaire_for(assessment)
    report = report_of(questionnaire.version, dict(answers))
    html = current_app.jinja_env.get_template("survey/_result.html").render(
        assessment=assessment,
        questionnaire=questionnaire,
        answers=dict(answers),
        result=report.result,
        advice=report.advice,
        improvements=report.improvements,
        chart_url=chart,
        for_consultant=for_consultant,
        lang=lang,
    )
    return Markup(html)  # noqa: S704 (Jinja's output, autoescaped already)


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
        render_report
    )
