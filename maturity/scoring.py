"""Score a set of answers against a questionnaire: pure Python, no Flask, no database.

Dimension score = 100 x sum(weight x score) / sum(weight x 4) over its questions. "Not
applicable" drops out of both sums; "don't know" scores 0 and lowers the confidence figure.
The overall score is the mean of the dimension scores; levels are bands of 20 points, and the
overall level is at most one above the level of the weakest dimension.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from maturity.questionnaire import (
    DONT_KNOW,
    LEVEL_NUMBERS,
    MAX_SCORE,
    NOT_APPLICABLE,
    Question,
    Questionnaire,
    Step,
)

LEVEL_BAND = 20
MAX_IMPROVEMENTS = 3


class IncompleteAnswers(ValueError):
    """Some scored question has no valid answer."""


@dataclass(frozen=True)
class DimensionScore:
    step_id: str
    score: float
    level: int
    confidence: float  # percent of questions with a real answer (not "don't know")
    dont_know: int
    not_applicable: int
    questions: int


@dataclass(frozen=True)
class Result:
    dimensions: tuple[DimensionScore, ...]
    overall_score: float
    level: int
    uncapped_level: int
    weakest: str
    confidence: float

    @property
    def capped(self) -> bool:
        return self.level < self.uncapped_level

    def dimension(self, step_id: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.step_id == step_id)


def level_for_score(score: float) -> int:
    """Level 1..5 for a score 0..100 in bands of 20 points (20 is level 2, 100 is level 5)."""
    return min(int(score // LEVEL_BAND) + 1, LEVEL_NUMBERS[-1])


def score_dimension(step: Step, answers: dict[str, str]) -> DimensionScore:
    """Score one dimension; raises IncompleteAnswers when a question lacks a valid answer."""
    earned = possible = Fraction(0)
    dont_know = not_applicable = 0
    for question in step.questions:
        option = question.option(answers.get(question.id, ""))
        if option is None:
            raise IncompleteAnswers(question.id)
        if option.id == NOT_APPLICABLE:
            not_applicable += 1
            continue
        if option.id == DONT_KNOW:
            dont_know += 1
        earned += question.weight * (option.score or 0)
        possible += question.weight * MAX_SCORE
    score = _rounded(100 * earned / possible) if possible else 0.0
    total = len(step.questions)
    return DimensionScore(
        step_id=step.id,
        score=score,
        level=level_for_score(score),
        confidence=_rounded(Fraction(100 * (total - dont_know), total)),
        dont_know=dont_know,
        not_applicable=not_applicable,
        questions=total,
    )


def score_assessment(questionnaire: Questionnaire, answers: dict[str, str]) -> Result:
    """Score every dimension, the overall score and level with the weakest-link cap."""
    dimensions = tuple(score_dimension(step, answers) for step in questionnaire.dimensions)
    overall = _rounded(Fraction(sum(Fraction(str(d.score)) for d in dimensions), len(dimensions)))
    weakest = min(dimensions, key=lambda d: d.score)
    uncapped = level_for_score(overall)
    total = sum(d.questions for d in dimensions)
    unknown = sum(d.dont_know for d in dimensions)
    return Result(
        dimensions=dimensions,
        overall_score=overall,
        level=min(uncapped, weakest.level + 1),
        uncapped_level=uncapped,
        weakest=weakest.step_id,
        confidence=_rounded(Fraction(100 * (total - unknown), total)),
    )


def points_lost(question: Question, option_id: str) -> int | None:
    """Weight x (4 - score) for a scored answer ("don't know" counts 0); None if not applicable."""
    option = question.option(option_id)
    if option is None:
        raise IncompleteAnswers(question.id)
    if option.id == NOT_APPLICABLE:
        return None
    return question.weight * (MAX_SCORE - (option.score or 0))


def top_improvements(
    step: Step, answers: dict[str, str], limit: int = MAX_IMPROVEMENTS
) -> tuple[Question, ...]:
    """The questions of a dimension that lose the most points, most first, ties in order."""
    losses = [
        (question, points_lost(question, answers.get(question.id, "")))
        for question in step.questions
    ]
    ranked = sorted(((q, lost) for q, lost in losses if lost), key=lambda pair: -pair[1])
    return tuple(question for question, _lost in ranked[:limit])


def improvements_by_dimension(
    questionnaire: Questionnaire, answers: dict[str, str]
) -> dict[str, tuple[Question, ...]]:
    """top_improvements for every dimension, by step id."""
    return {step.id: top_improvements(step, answers) for step in questionnaire.dimensions}


def _rounded(value: Fraction) -> float:
    """One decimal, half up, so that a displayed score and its level always agree."""
    return math.floor(value * 10 + Fraction(1, 2)) / 10
