"""The recommendation: support contract, managed services or find out first, with reasons.

Pure Python. Rules (thresholds and texts in the questionnaire's advice.toml, questions/README.md),
tried in this order; the optional ones apply only when advice.toml has them:
- find-out: unknown answers decide whether a readiness area is in place -> an intake first;
- ready: every readiness area is in place (clear of its band's edge by the margin), no knock-out
  holds and someone inside owns IT -> an IT support contract;
- managed-weak: managed services today, yet an area is short or a knock-out holds -> stay, and
  ask the partner for its reports and improvement plan;
- basics-first: someone owns IT and only the basics areas or knock-outs stand in the way -> a
  support contract after a security basics project;
- dependent: the business depends on IT -> managed services; otherwise independent.
Break/fix is never recommended; where it (or nothing) is today's arrangement the advice says
what staying reactive costs. Projects, the SLA check and the contract texts come on top.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturity.advice_changes import Change, apply_changes, changes_to_readiness
from maturity.advice_facts import (
    AnswerFact,
    DimensionFact,
    active_knockouts,
    answer_fact,
    applies_to_size,
    dimension_fact,
    is_small,
    owns_it,
    short_dimensions,
    short_of,
    undecided_dimensions,
    unknown_answers,
)
from maturity.advice_rules import (
    BASICS_FIRST,
    DEPENDENT,
    FIND_OUT,
    INDEPENDENT,
    MANAGED_WEAK,
    READY,
    AdviceRules,
    AnswerCondition,
    AnswerNote,
    ProjectRule,
    Text,
)
from maturity.questionnaire import DONT_KNOW, MAX_SCORE, Questionnaire, Step
from maturity.scoring import Result

__all__ = ["Advice", "AnswerFact", "Change", "DimensionFact", "advise", "apply_changes"]


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
class Advice:
    model: str  # "support-contract", "managed-services" or "intake"
    outcome: str  # "ready", "dependent", "independent", "find-out", "managed-weak", ...
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
    contradictions: tuple[Reason, ...] = ()  # answers that cannot all be true at once
    sla_calm: Text | None = None  # why there is no SLA warning, when the rules say it


def advise(questionnaire: Questionnaire, result: Result, answers: dict[str, str]) -> Advice:
    """The recommendation for a scored assessment, from its result and its raw answers."""
    rules = questionnaire.advice_rules
    outcome_name = choose_outcome(questionnaire, result, answers)
    outcome = rules.outcomes[outcome_name]
    ready_model = rules.outcomes[READY].model
    show_changes = outcome.model != ready_model and outcome_name != FIND_OUT
    return Advice(
        model=outcome.model,
        outcome=outcome_name,
        model_name=rules.models[outcome.model].name,
        model_description=rules.models[outcome.model].description,
        summary=outcome.summary,
        reasons=model_reasons(questionnaire, result, answers, outcome_name),
        reactive_cost=reactive_cost(rules, answers),
        projects=needed_projects(questionnaire, result, answers),
        sla_warning=sla_warning(rules, answers),
        outlook=outcome.outlook,
        what_would_change=(
            changes_to_readiness(questionnaire, result, answers) if show_changes else ()
        ),
        contract_intro=rules.contract_intro,
        covers=rules.covers,
        excludes=rules.excludes,
        partner_questions=tuple(
            q.text for q in rules.partner_questions if not q.models or outcome.model in q.models
        ),
        contradictions=contradictions(rules, answers),
        sla_calm=sla_calm(rules, answers),
    )


def choose_outcome(questionnaire: Questionnaire, result: Result, answers: dict[str, str]) -> str:
    """The outcome's name, trying the rules in the order of the module docstring."""
    rules = questionnaire.advice_rules
    outcomes = rules.outcomes
    if FIND_OUT in outcomes and undecided_dimensions(questionnaire, rules, result, answers):
        return FIND_OUT
    short = short_dimensions(rules, result)
    knocked = active_knockouts(rules, answers)
    owner = owns_it(rules, answers)
    if not short and not knocked and owner:
        return READY
    current = answers.get(rules.current_support.question_id)
    managed = MANAGED_WEAK in outcomes and current in outcomes[MANAGED_WEAK].options
    if managed and (short or knocked):
        return MANAGED_WEAK
    if BASICS_FIRST in outcomes and owner:
        basics = outcomes[BASICS_FIRST].dimensions
        if all(fact.step_id in basics for fact in short):
            return BASICS_FIRST
    return DEPENDENT if rules.dependence.holds(answers) else INDEPENDENT


def model_reasons(
    questionnaire: Questionnaire, result: Result, answers: dict[str, str], outcome: str
) -> tuple[Reason, ...]:
    """What led to the outcome: the areas, knock-outs, who owns IT, dependence, today."""
    rules = questionnaire.advice_rules
    if outcome == READY:
        reasons = [ready_dimension_reason(rules, result, d) for d in rules.readiness.min_levels]
        reasons.append(ownership_reason(rules, answers))
    elif outcome == FIND_OUT:
        reasons = [
            Reason(
                f"{fact.step_id}-unknown",
                rules.confidence.text,
                (fact,),
                unknown_answers(questionnaire.step(fact.step_id), answers),
            )
            for fact in undecided_dimensions(questionnaire, rules, result, answers)
        ]
    else:
        reasons = [
            short_dimension_reason(questionnaire, rules, answers, fact)
            for fact in short_dimensions(rules, result)
        ]
        reasons.extend(
            Reason("knockout", k.text, answers=answer_fact(answers, k.condition.question_id))
            for k in active_knockouts(rules, answers)
        )
        if not owns_it(rules, answers):
            reasons.append(ownership_reason(rules, answers))
        if outcome in (DEPENDENT, INDEPENDENT):
            reasons.append(dependence_reason(rules, answers, outcome))
    model = rules.outcomes[outcome].model
    reasons.extend(current_support_reasons(rules, answers, model))
    return tuple(reasons)


def ready_dimension_reason(rules: AdviceRules, result: Result, step_id: str) -> Reason:
    """An area at or above its level, as a reason for a support contract."""
    fact = dimension_fact(rules, result, step_id, rules.readiness.min_levels[step_id])
    return Reason(f"{step_id}-ready", rules.readiness.reasons[step_id]["ready"], (fact,))


def short_dimension_reason(
    questionnaire: Questionnaire, rules: AdviceRules, answers: dict[str, str], fact: DimensionFact
) -> Reason:
    step = questionnaire.step(fact.step_id)
    readiness = rules.readiness
    weak = weakest_answers(step, answers, readiness.weak_answer_max_score, readiness.cite_unknown)
    return Reason(
        f"{fact.step_id}-short",
        readiness.reasons[fact.step_id]["short"],
        (fact,),
        tuple(weak[: readiness.weak_answers_shown]),
    )


def weakest_answers(
    step: Step, answers: dict[str, str], max_score: int, cite_unknown: bool = True
) -> list[AnswerFact]:
    """The step's answers scoring at most max_score, those that cost the most points first.

    Without cite_unknown, "don't know" answers are left out: not knowing is no evidence of a gap.
    """
    weak = []
    for index, question in enumerate(step.questions):
        option = question.option(answers.get(question.id, ""))
        if option is None or option.score is None or option.score > max_score:
            continue
        if option.id == DONT_KNOW and not cite_unknown:
            continue
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
    """How long the business can work without IT (or what else makes it depend on IT)."""
    dependence = rules.dependence
    holding = dependence.holds(answers)
    question_id = holding.question_id if holding else dependence.condition.question_id
    facts = answer_fact(answers, question_id)
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
    questionnaire: Questionnaire, result: Result, answers: dict[str, str]
) -> tuple[Project, ...]:
    """The projects whose triggers hold, in the priority order of the rules.

    An area whose level rests on "don't know" answers (find out first) triggers no project.
    """
    rules = questionnaire.advice_rules
    unsure = {f.step_id for f in undecided_dimensions(questionnaire, rules, result, answers)}
    projects = (
        project_for(rules, rule, result, answers, unsure)
        for rule in rules.projects
        if applies_to_size(rules, rule.skip_sizes, answers)
    )
    return tuple(p for p in projects if p is not None)


def project_for(
    rules: AdviceRules,
    rule: ProjectRule,
    result: Result,
    answers: dict[str, str],
    unsure: set[str] = frozenset(),
) -> Project | None:
    """The project with what triggered it, or None when nothing does."""
    levels = {k: v for k, v in rule.below_levels.items() if k not in unsure}
    dimensions = tuple(short_of(rules, result, levels))
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


def sla_calm(rules: AdviceRules, answers: dict[str, str]) -> Text | None:
    """Why there is no SLA warning, in the terms of the dependence reason (if the rules say)."""
    if sla_warning(rules, answers) is not None:
        return None
    if rules.dependence.holds(answers):
        return rules.sla.calm_dependent
    return rules.sla.calm_independent


def contradictions(rules: AdviceRules, answers: dict[str, str]) -> tuple[Reason, ...]:
    """The sets of answers that cannot all be true, with those answers."""
    found = []
    for contradiction in rules.contradictions:
        if all(c.holds(answers) for c in contradiction.conditions):
            facts = tuple(
                AnswerFact(c.question_id, answers[c.question_id]) for c in contradiction.conditions
            )
            found.append(Reason("contradiction", contradiction.text, answers=facts))
    return tuple(found)
