"""The recommendation: support contract or managed services, with reasons. Pure Python.

Rules (thresholds and texts in the questionnaire's advice.toml, see questions/README.md):
- "ready": every area of readiness.min_levels is at least at its level and someone inside owns
  IT -> an IT support contract;
- otherwise, when the business depends on IT -> managed services;
- otherwise (it can work several days without IT) -> the model of outcomes.independent.
Break/fix is never recommended; where it (or nothing) is today's arrangement the advice says
what staying reactive costs. Projects, the SLA check and the contract texts come on top.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturity.advice_rules import (
    DEPENDENT,
    INDEPENDENT,
    READY,
    AdviceRules,
    AnswerCondition,
    AnswerNote,
    ProjectRule,
    Text,
)
from maturity.questionnaire import MAX_SCORE, NOT_APPLICABLE, Option, Question, Questionnaire, Step
from maturity.scoring import Result, score_dimension


@dataclass(frozen=True)
class DimensionFact:
    """An area's level, next to the level the rule asks for."""

    step_id: str
    level: int
    required: int


@dataclass(frozen=True)
class AnswerFact:
    """The option the respondent chose for a question."""

    question_id: str
    option_id: str


@dataclass(frozen=True)
class Reason:
    """One explanation, with the areas and answers it rests on."""

    key: str
    text: Text
    dimensions: tuple[DimensionFact, ...] = ()
    answers: tuple[AnswerFact, ...] = ()


@dataclass(frozen=True)
class Project:
    """Work no support contract covers, with the areas and answers that call for it."""

    id: str
    title: Text
    why: Text
    dimensions: tuple[DimensionFact, ...]
    answers: tuple[AnswerFact, ...]


@dataclass(frozen=True)
class ReactiveCost:
    summary: Text
    points: tuple[Reason, ...]


@dataclass(frozen=True)
class SlaWarning:
    summary: Text
    problem: Text
    answers: tuple[AnswerFact, ...]  # how long the business can work without IT; agreed times
    ask: tuple[Text, ...]


@dataclass(frozen=True)
class Change:
    """An answer that would have to improve: from option_id (None: unanswered) to needed_id."""

    question_id: str
    step_id: str
    option_id: str | None
    needed_id: str


@dataclass(frozen=True)
class Advice:
    model: str  # "support-contract" or "managed-services"
    outcome: str  # "ready", "dependent" or "independent"
    model_name: Text
    model_description: Text
    summary: Text
    reasons: tuple[Reason, ...]
    reactive_cost: ReactiveCost | None
    projects: tuple[Project, ...]
    sla_warning: SlaWarning | None
    outlook: Text
    what_would_change: tuple[Change, ...]
    contract_intro: Text
    covers: tuple[Text, ...]
    excludes: tuple[Text, ...]
    partner_questions: tuple[Text, ...]


def advise(questionnaire: Questionnaire, result: Result, answers: dict[str, str]) -> Advice:
    """The recommendation for a scored assessment, from its result and its raw answers."""
    rules = questionnaire.advice_rules
    outcome_name = choose_outcome(rules, result, answers)
    outcome = rules.outcomes[outcome_name]
    ready_model = rules.outcomes[READY].model
    return Advice(
        model=outcome.model,
        outcome=outcome_name,
        model_name=rules.models[outcome.model].name,
        model_description=rules.models[outcome.model].description,
        summary=outcome.summary,
        reasons=model_reasons(questionnaire, rules, result, answers, outcome_name),
        reactive_cost=reactive_cost(rules, answers),
        projects=needed_projects(rules, result, answers),
        sla_warning=sla_warning(rules, answers),
        outlook=outcome.outlook,
        what_would_change=(
            changes_to_readiness(questionnaire, result, answers)
            if outcome.model != ready_model
            else ()
        ),
        contract_intro=rules.contract_intro,
        covers=rules.covers,
        excludes=rules.excludes,
        partner_questions=tuple(
            q.text for q in rules.partner_questions if not q.models or outcome.model in q.models
        ),
    )


def choose_outcome(rules: AdviceRules, result: Result, answers: dict[str, str]) -> str:
    """ready, dependent or independent (see the module docstring)."""
    if not short_dimensions(rules, result) and owns_it(rules, answers):
        return READY
    return DEPENDENT if rules.dependence.condition.holds(answers) else INDEPENDENT


def short_dimensions(rules: AdviceRules, result: Result) -> list[DimensionFact]:
    """The readiness areas below their level, in the order of the rules."""
    facts = [
        DimensionFact(step_id, result.dimension(step_id).level, required)
        for step_id, required in rules.readiness.min_levels.items()
    ]
    return [f for f in facts if f.level < f.required]


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


def model_reasons(
    questionnaire: Questionnaire,
    rules: AdviceRules,
    result: Result,
    answers: dict[str, str],
    outcome: str,
) -> tuple[Reason, ...]:
    """What led to the outcome: the areas, who owns IT, dependence and today's arrangement."""
    if outcome == READY:
        reasons = [ready_dimension_reason(rules, result, d) for d in rules.readiness.min_levels]
        reasons.append(ownership_reason(rules, answers))
    else:
        reasons = [
            short_dimension_reason(questionnaire, rules, answers, fact)
            for fact in short_dimensions(rules, result)
        ]
        if not owns_it(rules, answers):
            reasons.append(ownership_reason(rules, answers))
        reasons.append(dependence_reason(rules, answers, outcome))
    model = rules.outcomes[outcome].model
    reasons.extend(current_support_reasons(rules, answers, model))
    return tuple(reasons)


def ready_dimension_reason(rules: AdviceRules, result: Result, step_id: str) -> Reason:
    """An area at or above its level, as a reason for a support contract."""
    fact = DimensionFact(
        step_id, result.dimension(step_id).level, rules.readiness.min_levels[step_id]
    )
    return Reason(f"{step_id}-ready", rules.readiness.reasons[step_id]["ready"], (fact,))


def short_dimension_reason(
    questionnaire: Questionnaire, rules: AdviceRules, answers: dict[str, str], fact: DimensionFact
) -> Reason:
    step = questionnaire.step(fact.step_id)
    weak = weakest_answers(step, answers, rules.readiness.weak_answer_max_score)
    return Reason(
        f"{fact.step_id}-short",
        rules.readiness.reasons[fact.step_id]["short"],
        (fact,),
        tuple(weak[: rules.readiness.weak_answers_shown]),
    )


def weakest_answers(step: Step, answers: dict[str, str], max_score: int) -> list[AnswerFact]:
    """The step's answers scoring at most max_score, those that cost the most points first."""
    weak = []
    for index, question in enumerate(step.questions):
        option = question.option(answers.get(question.id, ""))
        if option is not None and option.score is not None and option.score <= max_score:
            lost = question.weight * (MAX_SCORE - option.score)
            weak.append((-lost, index, AnswerFact(question.id, option.id)))
    return [fact for *_, fact in sorted(weak)]


def ownership_reason(rules: AdviceRules, answers: dict[str, str]) -> Reason:
    """Who owns IT inside: present, present in a small business, too busy, or missing."""
    ownership = rules.ownership
    answer = answers.get(ownership.question_id)
    facts = answer_fact(answers, ownership.question_id)
    if answer in ownership.option_ids:
        return Reason("owner-present", ownership.present, answers=facts)
    if answer in ownership.small_option_ids:
        facts += answer_fact(answers, ownership.size_question_id)
        if is_small(rules, answers):
            return Reason("owner-present-small", ownership.present_small, answers=facts)
        return Reason("owner-too-busy", ownership.too_busy, answers=facts)
    return Reason("owner-missing", ownership.missing, answers=facts)


def dependence_reason(rules: AdviceRules, answers: dict[str, str], outcome: str) -> Reason:
    """How long the business can work without IT, as a reason for the outcome."""
    dependence = rules.dependence
    facts = answer_fact(answers, dependence.condition.question_id)
    if outcome == DEPENDENT:
        return Reason("dependent", dependence.dependent, answers=facts)
    return Reason("independent", dependence.independent, answers=facts)


def current_support_reasons(
    rules: AdviceRules, answers: dict[str, str], model: str
) -> list[Reason]:
    """Notes on today's arrangement that apply to this recommendation."""
    return [
        note_reason(answers, note, "current-support")
        for note in rules.current_support.notes
        if note.model == model and note.condition.holds(answers)
    ]


def note_reason(answers: dict[str, str], note: AnswerNote, key: str) -> Reason:
    """A note of the rules as a reason, with the answer it rests on."""
    return Reason(key, note.text, answers=answer_fact(answers, note.condition.question_id))


def reactive_cost(rules: AdviceRules, answers: dict[str, str]) -> ReactiveCost | None:
    """What staying reactive costs, only where today's arrangement is nothing or break/fix."""
    current = rules.current_support
    if answers.get(current.question_id) not in current.reactive_ids:
        return None
    points = tuple(
        note_reason(answers, note, "reactive-cost")
        for note in rules.reactive_cost.notes
        if note.condition.holds(answers)
    )
    return ReactiveCost(rules.reactive_cost.summary, points)


def needed_projects(
    rules: AdviceRules, result: Result, answers: dict[str, str]
) -> tuple[Project, ...]:
    """The projects whose triggers hold, in the priority order of the rules."""
    projects = (project_for(rules, rule, result, answers) for rule in rules.projects)
    return tuple(p for p in projects if p is not None)


def project_for(
    rules: AdviceRules, rule: ProjectRule, result: Result, answers: dict[str, str]
) -> Project | None:
    """The project with what triggered it, or None when nothing does."""
    dimensions = tuple(
        DimensionFact(step_id, result.dimension(step_id).level, required)
        for step_id, required in rule.below_levels.items()
        if result.dimension(step_id).level < required
    )
    matching = matching_answers(rule.answers, answers)
    if len(matching) < rule.min_answers:
        matching = ()
    owner_missing = rule.when_owner_missing and not owns_it(rules, answers)
    if not (dimensions or matching or owner_missing):
        return None
    if owner_missing:
        matching = answer_fact(answers, rules.ownership.question_id) + matching
    return Project(rule.id, rule.title, rule.why, dimensions, matching)


def matching_answers(
    conditions: tuple[AnswerCondition, ...], answers: dict[str, str]
) -> tuple[AnswerFact, ...]:
    """The answers that meet their condition, each question once."""
    facts: dict[str, AnswerFact] = {}
    for condition in conditions:
        if condition.holds(answers):
            facts.setdefault(
                condition.question_id,
                AnswerFact(condition.question_id, answers[condition.question_id]),
            )
    return tuple(facts.values())


def sla_warning(rules: AdviceRules, answers: dict[str, str]) -> SlaWarning | None:
    """A warning when the business cannot work long without IT and the agreed times fall short."""
    sla = rules.sla
    problem = sla.problems.get(answers.get(sla.question_id, ""))
    if problem is None or not sla.downtime.holds(answers):
        return None
    facts = answer_fact(answers, sla.downtime.question_id) + answer_fact(answers, sla.question_id)
    return SlaWarning(sla.summary, problem, facts, sla.ask)


# What would change the recommendation ------------------------------------------------------


def changes_to_readiness(
    questionnaire: Questionnaire, result: Result, answers: dict[str, str]
) -> tuple[Change, ...]:
    """The nearest improvements that make the business "ready", so that the model flips.

    Per area below its level: the fewest questions, each raised to the lowest answer that
    still gets there; plus the nearest answer that counts as someone inside owning IT.
    """
    rules = questionnaire.advice_rules
    changes: list[Change] = []
    for fact in short_dimensions(rules, result):
        step = questionnaire.step(fact.step_id)
        changes.extend(dimension_changes(step, answers, fact.required))
    if not owns_it(rules, answers):
        changes.extend(ownership_change(questionnaire, rules, answers))
    return tuple(changes)


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
