"""The team view: several respondents of one client side by side, where they differ, and the
recommendation from their answers taken together. Pure Python on plain data, no Flask.

The rule for the answers taken together: per scored question the least mature answer given
(the weakest view is the safer one to plan for; "don't know" counts 0 points as in the score,
but a real answer with as few points is preferred, since someone in the team does know);
"not applicable" only when every respondent says so. Context questions (size, how support is
arranged today) take the owner's answer, else the first respondent's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from maturity.advice import Advice, advise
from maturity.questionnaire import DONT_KNOW, NOT_APPLICABLE, Question, Questionnaire, Text
from maturity.scoring import IncompleteAnswers, Result, score_assessment

GAP_THRESHOLD = 2  # points apart on one question before the team "sees it differently"
OWNER = "owner"


@dataclass(frozen=True)
class Member:
    """One respondent of a round: their role (an id) and their answers."""

    role: str | None
    answers: dict[str, str]


@dataclass(frozen=True)
class Gap:
    """A question on which the team's answers lie GAP_THRESHOLD points or more apart."""

    question: Question
    step_id: str
    answers: tuple[str | None, ...]  # option id per member, in the members' order
    points: tuple[int | None, ...]  # None: not answered, or not applicable
    spread: int
    meaning: Text | None  # what such a difference usually means: the question's, else its step's


@dataclass(frozen=True)
class TeamResult:
    """The answers taken together, scored and advised as one assessment."""

    answers: dict[str, str]
    result: Result
    advice: Advice
    disagreements: int  # scored questions the respondents answered differently


def points_of(question: Question, option_id: str | None) -> int | None:
    """The points of an answer ("don't know" 0); None when not given, unknown or not applicable."""
    option = question.option(option_id) if option_id else None
    return option.score if option else None


def find_gaps(
    questionnaire: Questionnaire, members: Sequence[Member], threshold: int = GAP_THRESHOLD
) -> tuple[Gap, ...]:
    """The scored questions whose answers differ by threshold points or more, largest first.

    Ties keep the questionnaire's order.
    """
    gaps = []
    for step in questionnaire.dimensions:
        for question in step.questions:
            answers = tuple(member.answers.get(question.id) for member in members)
            points = tuple(points_of(question, answer) for answer in answers)
            scored = [value for value in points if value is not None]
            if len(scored) < 2 or max(scored) - min(scored) < threshold:
                continue
            meaning = question.gap or step.gap
            gaps.append(Gap(question, step.id, answers, points, max(scored) - min(scored), meaning))
    return tuple(sorted(gaps, key=lambda gap: -gap.spread))


def weakest_answer(question: Question, answers: Sequence[str | None]) -> str | None:
    """The least mature of the answers given: fewest points, a real answer before "don't know"."""
    given = [answer for answer in answers if answer and question.option(answer)]
    scored = [answer for answer in given if answer != NOT_APPLICABLE]
    if not scored:
        return NOT_APPLICABLE if given else None
    return min(scored, key=lambda answer: (points_of(question, answer), answer == DONT_KNOW))


def context_answer(question: Question, members: Sequence[Member]) -> str | None:
    """The owner's answer to a context question, else the first respondent's."""
    ordered = sorted(members, key=lambda member: member.role != OWNER)  # stable: owner first
    given = (member.answers.get(question.id) for member in ordered)
    return next((answer for answer in given if answer and question.option(answer)), None)


def combine_answers(questionnaire: Questionnaire, members: Sequence[Member]) -> dict[str, str]:
    """One set of answers for the team, by the rule in the module's docstring."""
    combined = {}
    for step in questionnaire.steps:
        for question in step.questions:
            if step.is_dimension:
                answer = weakest_answer(question, [m.answers.get(question.id) for m in members])
            else:
                answer = context_answer(question, members)
            if answer is not None:
                combined[question.id] = answer
    return combined


def team_result(questionnaire: Questionnaire, members: Sequence[Member]) -> TeamResult | None:
    """The combined answers scored and advised; None when some question has no answer at all."""
    answers = combine_answers(questionnaire, members)
    try:
        result = score_assessment(questionnaire, answers)
    except IncompleteAnswers:
        return None
    disagreements = sum(
        1
        for question in (q for step in questionnaire.dimensions for q in step.questions)
        if len({m.answers.get(question.id) for m in members} - {None}) > 1
    )
    return TeamResult(answers, result, advise(questionnaire, result, answers), disagreements)


def member_labels(roles: Sequence[str | None], role_labels: dict[str, str], other: str) -> tuple:
    """A label per respondent: the role's, numbered when a role comes more than once."""
    names = [role_labels.get(role or "", other) for role in roles]
    seen: dict[str, int] = {}
    labels = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        labels.append(f"{name} {seen[name]}" if names.count(name) > 1 else name)
    return tuple(labels)
