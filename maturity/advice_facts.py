"""What the advice rules read from a scored assessment: areas in place, knock-outs, ownership.

Pure Python. maturity/advice.py builds the recommendation from these facts and
maturity/advice_changes.py searches the answers that would change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturity.advice_rules import AdviceRules, Knockout
from maturity.questionnaire import DONT_KNOW, Questionnaire, Step
from maturity.scoring import LEVEL_BAND, Result, score_dimension


@dataclass(frozen=True)
class DimensionFact:
    """An area's level, next to the level the rule asks for (and the score, with a margin)."""

    step_id: str
    level: int
    required: int
    score: float | None = None
    required_score: float | None = None  # set when the rules ask for a margin above the band


@dataclass(frozen=True)
class AnswerFact:
    """The option the respondent chose for a question."""

    question_id: str
    option_id: str


def required_score(rules: AdviceRules, level: int) -> int:
    """The lowest score at which an area counts as being at level (the band plus the margin)."""
    return (level - 1) * LEVEL_BAND + rules.readiness.margin


def dimension_fact(rules: AdviceRules, result: Result, step_id: str, level: int) -> DimensionFact:
    scored = result.dimension(step_id)
    if not rules.readiness.margin:
        return DimensionFact(step_id, scored.level, level)
    return DimensionFact(step_id, scored.level, level, scored.score, required_score(rules, level))


def in_place(rules: AdviceRules, score: float, level: int) -> bool:
    """Whether an area with this score is at level, clear of the band's edge by the margin."""
    return score >= required_score(rules, level)


def short_of(rules: AdviceRules, result: Result, levels: dict[str, int]) -> list[DimensionFact]:
    """The areas of levels (id -> level) that are not in place, in the order given."""
    return [
        dimension_fact(rules, result, step_id, level)
        for step_id, level in levels.items()
        if not in_place(rules, result.dimension(step_id).score, level)
    ]


def short_dimensions(rules: AdviceRules, result: Result) -> list[DimensionFact]:
    """The readiness areas below their level, in the order of the rules."""
    return short_of(rules, result, rules.readiness.min_levels)


def owns_it(rules: AdviceRules, answers: dict[str, str]) -> bool:
    """Whether someone inside owns IT; some answers count only in a small business."""
    ownership = rules.ownership
    answer = answers.get(ownership.question_id)
    if answer in ownership.option_ids:
        return True
    return answer in ownership.small_option_ids and is_small(rules, answers)


def is_small(rules: AdviceRules, answers: dict[str, str]) -> bool:
    """Whether the company size answer is one of the small sizes of the ownership rule."""
    ownership = rules.ownership
    return answers.get(ownership.size_question_id or "") in ownership.small_size_ids


def answer_fact(answers: dict[str, str], question_id: str | None) -> tuple[AnswerFact, ...]:
    """The respondent's answer to question_id as a fact, or nothing when unanswered."""
    option_id = answers.get(question_id or "")
    return (AnswerFact(question_id, option_id),) if question_id and option_id else ()


def applies_to_size(rules: AdviceRules, skip_sizes: tuple[str, ...], answers) -> bool:
    """Whether a rule with these skip_sizes applies to the company's size."""
    return not skip_sizes or rules.size(answers) not in skip_sizes


def active_knockouts(rules: AdviceRules, answers: dict[str, str]) -> list[Knockout]:
    """The knock-outs whose answer holds, for the company's size."""
    return [
        k
        for k in rules.knockouts
        if k.condition.holds(answers) and applies_to_size(rules, k.skip_sizes, answers)
    ]


def undecided_dimensions(
    questionnaire: Questionnaire, rules: AdviceRules, result: Result, answers: dict[str, str]
) -> list[DimensionFact]:
    """Readiness areas of low confidence whose "don't know" answers decide if they are in place.

    Decide: with every unknown answered at its best the area would be in place, with every
    unknown at its worst it would not. Only with a [confidence] rule.
    """
    if rules.confidence is None:
        return []
    undecided = []
    for step_id, level in rules.readiness.min_levels.items():
        scored = result.dimension(step_id)
        if scored.confidence >= rules.confidence.min_percent:
            continue
        best = score_dimension(
            questionnaire.step(step_id), unknowns_at_best(questionnaire.step(step_id), answers)
        )
        if in_place(rules, best.score, level) and not in_place(rules, scored.score, level):
            undecided.append(dimension_fact(rules, result, step_id, level))
    return undecided


def unknowns_at_best(step: Step, answers: dict[str, str]) -> dict[str, str]:
    """The answers with every "don't know" of step replaced by the question's best option."""
    improved = dict(answers)
    for question in step.questions:
        if answers.get(question.id) == DONT_KNOW:
            improved[question.id] = [o for o in question.options if not o.is_special][-1].id
    return improved


def unknown_answers(step: Step, answers: dict[str, str]) -> tuple[AnswerFact, ...]:
    """The step's "don't know" answers, in question order."""
    return tuple(
        AnswerFact(q.id, DONT_KNOW) for q in step.questions if answers.get(q.id) == DONT_KNOW
    )
