"""What would change the recommendation: the nearest answers that make the business "ready".

Two searches, chosen by the rules. Version 2026.1 (the default): per area below its level, the
fewest questions, each raised to the lowest answer that still gets there. With [changes]
one_step: the fewest one-option steps up, over every readiness area, knock-out and the internal
owner, so that a change never jumps from the worst answer to the best where smaller ones do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from maturity.advice_facts import active_knockouts, owns_it, required_score, short_dimensions
from maturity.advice_rules import AdviceRules
from maturity.questionnaire import (
    MAX_SCORE,
    NOT_APPLICABLE,
    Option,
    Question,
    Questionnaire,
    Step,
)
from maturity.scoring import Result, score_dimension


@dataclass(frozen=True)
class Change:
    """An answer that would have to improve: from option_id (None: unanswered) to needed_id."""

    question_id: str
    step_id: str
    option_id: str | None
    needed_id: str


def changes_to_readiness(
    questionnaire: Questionnaire, result: Result, answers: dict[str, str]
) -> tuple[Change, ...]:
    """The nearest improvements that make the business "ready", so that the model flips."""
    rules = questionnaire.advice_rules
    if rules.one_step_changes:
        return one_step_changes(questionnaire, rules, answers)
    changes: list[Change] = []
    for fact in short_dimensions(rules, result):
        step = questionnaire.step(fact.step_id)
        changes.extend(dimension_changes(step, answers, fact.required))
    if not owns_it(rules, answers):
        changes.extend(ownership_change(questionnaire, rules, answers))
    return tuple(changes)


# One step at a time (version 2 and later) ---------------------------------------------------


def one_step_changes(
    questionnaire: Questionnaire, rules: AdviceRules, answers: dict[str, str]
) -> tuple[Change, ...]:
    """The fewest one-option steps up that leave no area short, no knock-out and an owner."""
    knocked = {k.condition.question_id: k for k in active_knockouts(rules, answers)}
    changes: list[Change] = []
    covered: set[str] = set()
    for step_id, level in rules.readiness.min_levels.items():
        step = questionnaire.step(step_id)
        covered.update(q.id for q in step.questions)
        changes.extend(fewest_steps(step, answers, required_score(rules, level), knocked))
    for question_id, knockout in knocked.items():
        if question_id not in covered:
            question = questionnaire.question(question_id)
            target = ladder(question, answers)[forced_steps(question, answers, knockout)]
            changes.append(Change(question_id, question.step_id, answers.get(question_id), target))
    if not owns_it(rules, answers):
        changes.extend(ownership_change(questionnaire, rules, answers))
    return tuple(changes)


def ladder(question: Question, answers: dict[str, str]) -> list[str]:
    """The real options from the current answer up; "don't know" stands on the lowest rung."""
    real = [o.id for o in question.options if not o.is_special]
    current = answers.get(question.id)
    return real[real.index(current) :] if current in real else real


def forced_steps(question: Question, answers: dict[str, str], knockout) -> int:
    """The fewest steps up that leave the knock-out's options (0 without a knock-out)."""
    if knockout is None:
        return 0
    rungs = ladder(question, answers)
    return next((n for n, o in enumerate(rungs) if o not in knockout.condition.option_ids), 0)


def fewest_steps(step: Step, answers: dict[str, str], target: float, knocked: dict) -> list[Change]:
    """The fewest steps up in step that bring its score to target and clear its knock-outs.

    An exact search over the questions (a knapsack on points): the fewest steps first, then the
    fewest points added, so that an area is lifted just past its threshold.
    """
    earned = possible = 0
    for question in step.questions:
        option = question.option(answers.get(question.id, ""))
        if option is None or option.id == NOT_APPLICABLE:
            continue
        earned += question.weight * (option.score or 0)
        possible += question.weight * MAX_SCORE
    need = max(0, math.ceil(Fraction(target) * possible / 100 - earned)) if possible else 0
    best: dict[int, tuple[int, int, tuple]] = {0: (0, 0, ())}
    for question in step.questions:
        if answers.get(question.id) == NOT_APPLICABLE:
            continue
        rungs = ladder(question, answers)
        start = score_of(question, answers.get(question.id))
        first = forced_steps(question, answers, knocked.get(question.id))
        grown: dict[int, tuple[int, int, tuple]] = {}
        for gained, (steps, added, picks) in best.items():
            for n in range(first, len(rungs)):
                gain = question.weight * (score_of(question, rungs[n]) - start)
                key = min(need, gained + gain)
                picked = (*picks, (question, rungs[n])) if n else picks
                value = (steps + n, added + gain, picked)
                if key not in grown or value[:2] < grown[key][:2]:
                    grown[key] = value
        best = grown
    if need not in best:
        return []
    return [Change(q.id, step.id, answers.get(q.id), o) for q, o in best[need][2]]


def score_of(question: Question, option_id: str | None) -> int:
    option = question.option(option_id or "")
    return option.score if option is not None and option.score is not None else 0


# Fewest questions (version 2026.1) -----------------------------------------------------------


def dimension_changes(step: Step, answers: dict[str, str], level: int) -> list[Change]:
    """The nearest answer improvements that lift step to level (none if it cannot be reached).

    Nearest: the fewest questions; among those, the fewest points added, each question raised
    only to the lowest answer that still gets there. "Not applicable" answers stay as they are:
    they describe the business, not its maturity.
    """
    chosen = fewest_questions(step, answers, level)
    if chosen is None:
        return []
    targets = lowest_targets(step, answers, level, {q.id: best_option_id(q) for q in chosen})
    targets = cheaper_by_swapping(step, answers, level, targets)
    return [
        Change(q.id, step.id, answers.get(q.id), targets[q.id])
        for q in step.questions
        if q.id in targets
    ]


def fewest_questions(step: Step, answers: dict[str, str], level: int) -> list[Question] | None:
    """Questions that reach level when raised to their best answer, as few as possible.

    Taking the questions with the most points to gain first gives the fewest of them.
    """
    improved = dict(answers)
    chosen: list[Question] = []
    for question in sorted(improvable(step, answers), key=lambda q: -points_to_gain(q, answers)):
        if reaches(step, improved, level):
            break
        improved[question.id] = best_option_id(question)
        chosen.append(question)
    return chosen if reaches(step, improved, level) else None


def lowest_targets(
    step: Step, answers: dict[str, str], level: int, targets: dict[str, str]
) -> dict[str, str]:
    """Each target lowered, last first, to the lowest better answer that still reaches level."""
    targets = dict(targets)
    for question_id in reversed(list(targets)):
        question = step_question(step, question_id)
        targets[question_id] = next(
            option.id
            for option in better_options(question, answers)
            if reaches(step, {**answers, **targets, question_id: option.id}, level)
        )
    return targets


def cheaper_by_swapping(
    step: Step, answers: dict[str, str], level: int, targets: dict[str, str]
) -> dict[str, str]:
    """Swap a chosen question for another one while that adds fewer points and still reaches."""
    swapped = True
    while swapped:
        swapped = False
        for question_id, other, option in swap_candidates(step, answers, targets):
            trial = {k: v for k, v in targets.items() if k != question_id} | {other: option}
            if added_points(step, answers, trial) < added_points(step, answers, targets) and (
                reaches(step, {**answers, **trial}, level)
            ):
                targets = lowest_targets(step, answers, level, trial)
                swapped = True
                break
    return targets


def swap_candidates(step: Step, answers: dict[str, str], targets: dict[str, str]):
    """(chosen question, other question, one of its better answers), in question order."""
    others = [q for q in improvable(step, answers) if q.id not in targets]
    for question_id in targets:
        for other in others:
            for option in better_options(other, answers):
                yield question_id, other.id, option.id


def added_points(step: Step, answers: dict[str, str], targets: dict[str, str]) -> int:
    """The weighted points the targets add to the current answers."""
    total = 0
    for question_id, option_id in targets.items():
        question = step_question(step, question_id)
        current = question.option(answers.get(question_id, ""))
        before = current.score if current is not None and current.score is not None else 0
        total += question.weight * ((question.option(option_id).score or 0) - before)
    return total


def step_question(step: Step, question_id: str) -> Question:
    """The question of step with this id."""
    return next(q for q in step.questions if q.id == question_id)


def best_option_id(question: Question) -> str:
    """The most mature real answer (options go from least to most mature)."""
    return [o for o in question.options if not o.is_special][-1].id


def improvable(step: Step, answers: dict[str, str]) -> list[Question]:
    """The step's questions, in order, whose answer is applicable and can still go up."""
    return [
        q
        for q in step.questions
        if answers.get(q.id) != NOT_APPLICABLE and better_options(q, answers)
    ]


def better_options(question: Question, answers: dict[str, str]) -> list[Option]:
    """The real options scoring more than the current answer, least mature first."""
    current = question.option(answers.get(question.id, ""))
    floor = current.score if current is not None and current.score is not None else -1
    return [o for o in question.options if not o.is_special and (o.score or 0) > floor]


def points_to_gain(question: Question, answers: dict[str, str]) -> int:
    """Weight x the score the current answer is short of the maximum."""
    current = question.option(answers.get(question.id, ""))
    score = current.score if current is not None and current.score is not None else 0
    return question.weight * (MAX_SCORE - score)


def reaches(step: Step, answers: dict[str, str], level: int) -> bool:
    """Whether the step scores at least level with these answers."""
    return score_dimension(step, answers).level >= level


def ownership_change(
    questionnaire: Questionnaire, rules: AdviceRules, answers: dict[str, str]
) -> list[Change]:
    """The first answer after the current one (least mature first) that counts as owning IT."""
    question = questionnaire.question(rules.ownership.question_id)
    current = answers.get(question.id)
    ids = question.option_ids
    start = ids.index(current) + 1 if current in ids else 0
    for option_id in ids[start:]:
        if owns_it(rules, {**answers, question.id: option_id}):
            return [Change(question.id, question.step_id, current, option_id)]
    return []


def apply_changes(answers: dict[str, str], changes: tuple[Change, ...]) -> dict[str, str]:
    """The answers with every change applied."""
    return {**answers, **{c.question_id: c.needed_id for c in changes}}
