"""Read and validate advice.toml against the questionnaire's steps (see questions/README.md).

load_questionnaire() reads advice.toml with the same reader as the rest of the question bank and
calls read_advice_rules() once the steps are known, so that every question and option id used
here is checked against them and errors name file, key and fault. Sections added after version
2026.1 are optional: without them the rules are those of 2026.1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from maturity.advice_fields import RulesReader
from maturity.advice_rules import (
    ANSWER_SCORES,
    MODELS,
    OPTIONAL_OUTCOMES,
    OUTCOME_MODELS,
    REQUIRED_MODELS,
    REQUIRED_OUTCOMES,
    TOP_KEYS,
    AdviceRules,
    AnswerCondition,
    AnswerNote,
    Confidence,
    Contradiction,
    CurrentSupport,
    Dependence,
    Knockout,
    ModelText,
    Outcome,
    Ownership,
    PartnerQuestion,
    ProjectRule,
    ReactiveCostRule,
    Readiness,
    SlaRule,
)

if TYPE_CHECKING:
    from maturity.questionnaire import Step, _Reader


def read_advice_rules(reader: _Reader, steps: tuple[Step, ...]) -> AdviceRules:
    """Validate advice.toml (already parsed by reader) against the questionnaire's steps."""
    rules = RulesReader(reader, steps)
    data = reader.data
    reader.check_keys(data, TOP_KEYS, "advice")
    ownership = _read_ownership(rules, data)
    contract = rules.table(data, "contract", "contract", {"intro", "covers", "excludes"})
    size_question_id = _read_size(rules, data)
    models = _read_models(rules, data)
    return AdviceRules(
        readiness=_read_readiness(rules, data),
        ownership=ownership,
        dependence=_read_dependence(rules, data),
        current_support=_read_current_support(rules, data),
        reactive_cost=_read_reactive_cost(rules, data),
        sla=_read_sla(rules, data),
        outcomes=_read_outcomes(rules, data, models),
        models=models,
        projects=_read_projects(rules, data, size_question_id),
        contract_intro=rules.text(contract, "intro", "contract"),
        covers=rules.texts(contract, "covers", "contract.covers"),
        excludes=rules.texts(contract, "excludes", "contract.excludes"),
        partner_questions=_read_partner_questions(rules, data),
        knockouts=_read_knockouts(rules, data, size_question_id),
        confidence=_read_confidence(rules, data),
        size_question_id=size_question_id,
        contradictions=_read_contradictions(rules, data),
        one_step_changes=_read_changes(rules, data),
    )


def _read_readiness(rules: RulesReader, data: dict) -> Readiness:
    keys = {"min_levels", "weak_answer_max_score", "weak_answers_shown", "reasons"}
    keys |= {"margin", "cite_unknown"}
    table = rules.table(data, "readiness", "readiness", keys)
    min_levels = rules.levels(table, "min_levels", "readiness", required=True)
    raw_reasons = rules.table(table, "reasons", "readiness.reasons", set(min_levels))
    reasons = {}
    for dimension_id in min_levels:
        where = f"readiness.reasons.{dimension_id}"
        texts = rules.table(raw_reasons, dimension_id, where, {"ready", "short"})
        reasons[dimension_id] = {k: rules.text(texts, k, where) for k in ("ready", "short")}
    return Readiness(
        min_levels=min_levels,
        reasons=reasons,
        weak_answer_max_score=rules.integer(
            table, "weak_answer_max_score", ANSWER_SCORES[:-1], "readiness"
        ),
        weak_answers_shown=rules.integer(table, "weak_answers_shown", range(0, 11), "readiness"),
        margin=rules.integer(table, "margin", range(0, 20), "readiness", default=0),
        cite_unknown=rules.boolean(table, "cite_unknown", "readiness", default=True),
    )


def _read_ownership(rules: RulesReader, data: dict) -> Ownership:
    keys = {"question", "options", "small_options", "size_question", "small_sizes"}
    texts = {"present", "missing", "present_small", "too_busy"}
    table = rules.table(data, "ownership", "ownership", keys | texts)
    question_id = rules.question_id(table, "question", "ownership", context_only=True)
    small_options = rules.option_ids(
        table, "small_options", question_id, "ownership", required=False
    )
    size_question_id, small_sizes = None, ()
    if small_options:
        size_question_id = rules.question_id(table, "size_question", "ownership", True)
        small_sizes = rules.option_ids(table, "small_sizes", size_question_id, "ownership")
    return Ownership(
        question_id=question_id,
        option_ids=rules.option_ids(table, "options", question_id, "ownership"),
        small_option_ids=small_options,
        size_question_id=size_question_id,
        small_size_ids=small_sizes,
        present=rules.text(table, "present", "ownership"),
        missing=rules.text(table, "missing", "ownership"),
        present_small=rules.text(table, "present_small", "ownership", required=bool(small_options)),
        too_busy=rules.text(table, "too_busy", "ownership", required=bool(small_options)),
    )


def _read_dependence(rules: RulesReader, data: dict) -> Dependence:
    keys = {"question", "options", "dependent", "independent", "also"}
    table = rules.table(data, "dependence", "dependence", keys)
    where = "dependence.also"
    return Dependence(
        condition=rules.condition(table, "dependence", context_only=True),
        dependent=rules.text(table, "dependent", "dependence"),
        independent=rules.text(table, "independent", "dependence"),
        also=tuple(
            rules.condition(entry, where, context_only=True)
            for entry in rules.tables(table, "also", where, {"question", "options"})
        ),
    )


def _read_current_support(rules: RulesReader, data: dict) -> CurrentSupport:
    table = rules.table(
        data, "current_support", "current_support", {"question", "reactive", "notes"}
    )
    question_id = rules.question_id(table, "question", "current_support", context_only=True)
    notes = []
    for entry in rules.tables(
        table, "notes", "current_support.notes", {"model", "options", "text"}
    ):
        where = "current_support.notes"
        condition = AnswerCondition(
            question_id, rules.option_ids(entry, "options", question_id, where)
        )
        model = rules.model(entry, "model", where)
        notes.append(AnswerNote(condition, rules.text(entry, "text", where), model))
    return CurrentSupport(
        question_id=question_id,
        reactive_ids=rules.option_ids(table, "reactive", question_id, "current_support"),
        notes=tuple(notes),
    )


def _read_reactive_cost(rules: RulesReader, data: dict) -> ReactiveCostRule:
    table = rules.table(data, "reactive_cost", "reactive_cost", {"summary", "notes"})
    where = "reactive_cost.notes"
    notes = tuple(
        AnswerNote(
            rules.condition(entry, where, context_only=True), rules.text(entry, "text", where)
        )
        for entry in rules.tables(table, "notes", where, {"question", "options", "text"})
    )
    return ReactiveCostRule(summary=rules.text(table, "summary", "reactive_cost"), notes=notes)


def _read_sla(rules: RulesReader, data: dict) -> SlaRule:
    keys = {"downtime_question", "downtime_options", "question", "problems"}
    texts = {"summary", "ask", "calm_dependent", "calm_independent"}
    table = rules.table(data, "sla", "sla", keys | texts)
    question_id = rules.question_id(table, "question", "sla", context_only=True)
    raw_problems = table.get("problems")
    if not isinstance(raw_problems, dict) or not raw_problems:
        raise rules.fail("sla.problems", "missing [sla.problems.<option id>] texts")
    problems = {}
    for option_id in raw_problems:
        where = f"sla.problems.{option_id}"
        if option_id not in rules.questions[question_id].option_ids:
            raise rules.fail(where, f"unknown option '{option_id}' of question '{question_id}'")
        entry = rules.table(raw_problems, option_id, where, {"text"})
        problems[option_id] = rules.text(entry, "text", where)
    return SlaRule(
        downtime=rules.condition(
            table, "sla", context_only=True, keys=("downtime_question", "downtime_options")
        ),
        question_id=question_id,
        problems=problems,
        summary=rules.text(table, "summary", "sla"),
        ask=rules.texts(table, "ask", "sla.ask"),
        calm_dependent=rules.text(table, "calm_dependent", "sla", required=False),
        calm_independent=rules.text(table, "calm_independent", "sla", required=False),
    )


def _read_outcomes(
    rules: RulesReader, data: dict, models: dict[str, ModelText]
) -> dict[str, Outcome]:
    table = rules.table(data, "outcomes", "outcomes", {*REQUIRED_OUTCOMES, *OPTIONAL_OUTCOMES})
    outcomes = {}
    for name in (*REQUIRED_OUTCOMES, *(o for o in OPTIONAL_OUTCOMES if o in table)):
        where = f"outcomes.{name}"
        fixed = OUTCOME_MODELS.get(name)
        allowed = {"summary", "outlook"} | ({"model"} if not fixed else set())
        allowed |= {"options"} if name == "managed-weak" else set()
        allowed |= {"dimensions"} if name == "basics-first" else set()
        entry = rules.table(table, name, where, allowed)
        model = fixed if fixed else rules.model(entry, "model", where)
        if model not in models:
            raise rules.fail(where, f"needs [models.{model}]")
        options = ()
        if name == "managed-weak":
            question_id = _current_support_question(rules, data)
            options = rules.option_ids(entry, "options", question_id, where)
        outcomes[name] = Outcome(
            model=model,
            summary=rules.text(entry, "summary", where),
            outlook=rules.text(entry, "outlook", where),
            options=options,
            dimensions=_dimension_list(rules, entry, where),
        )
    return outcomes


def _dimension_list(rules: RulesReader, entry: dict, where: str) -> tuple[str, ...]:
    value = entry.get("dimensions", [])
    if not isinstance(value, list) or any(v not in rules.dimension_ids for v in value):
        raise rules.fail(f"{where}.dimensions", "must be a list of dimension ids")
    return tuple(value)


def _current_support_question(rules: RulesReader, data: dict) -> str:
    return rules.question_id(data["current_support"], "question", "current_support", True)


def _read_models(rules: RulesReader, data: dict) -> dict[str, ModelText]:
    table = rules.table(data, "models", "models", set(MODELS))
    models = {}
    for model in (
        *REQUIRED_MODELS,
        *(m for m in MODELS if m in table and m not in REQUIRED_MODELS),
    ):
        where = f"models.{model}"
        entry = rules.table(table, model, where, {"name", "description"})
        models[model] = ModelText(
            name=rules.text(entry, "name", where),
            description=rules.text(entry, "description", where),
        )
    return models


def _read_projects(
    rules: RulesReader, data: dict, size_question_id: str | None
) -> tuple[ProjectRule, ...]:
    keys = {"id", "title", "why", "below_levels", "answers", "min_answers", "when_owner_missing"}
    keys |= {"skip_sizes"}
    projects: list[ProjectRule] = []
    for entry in rules.tables(data, "projects", "projects", keys):
        project_id = rules.reader.check_id(entry.get("id"), "projects")
        where = f"projects.{project_id}"
        if any(p.id == project_id for p in projects):
            raise rules.fail(where, "duplicate project id")
        project = _read_project(rules, entry, project_id, where)
        skip = rules.sizes(entry, where, size_question_id)
        projects.append(ProjectRule(**{**project.__dict__, "skip_sizes": skip}))
    return tuple(projects)


def _read_project(rules: RulesReader, entry: dict, project_id: str, where: str) -> ProjectRule:
    answers = tuple(
        rules.condition(raw, f"{where}.answers", context_only=False)
        for raw in rules.tables(entry, "answers", f"{where}.answers", {"question", "options"})
    )
    when_owner_missing = rules.boolean(entry, "when_owner_missing", where, default=False)
    below_levels = rules.levels(entry, "below_levels", where, required=False)
    if not (answers or below_levels or when_owner_missing):
        raise rules.fail(where, "needs a trigger: below_levels, [[answers]] or when_owner_missing")
    most = max(len(answers), 1)
    return ProjectRule(
        id=project_id,
        title=rules.text(entry, "title", where),
        why=rules.text(entry, "why", where),
        below_levels=below_levels,
        answers=answers,
        min_answers=rules.integer(entry, "min_answers", range(1, most + 1), where, default=1),
        when_owner_missing=when_owner_missing,
    )


def _read_size(rules: RulesReader, data: dict) -> str | None:
    if "size" not in data:
        return None
    table = rules.table(data, "size", "size", {"question"})
    return rules.question_id(table, "question", "size", context_only=True)


def _read_knockouts(
    rules: RulesReader, data: dict, size_question_id: str | None
) -> tuple[Knockout, ...]:
    where = "knockouts"
    entries = rules.tables(data, "knockouts", where, {"question", "options", "text", "skip_sizes"})
    return tuple(
        Knockout(
            condition=rules.condition(entry, where, context_only=False),
            text=rules.text(entry, "text", where),
            skip_sizes=rules.sizes(entry, where, size_question_id),
        )
        for entry in entries
    )


def _read_confidence(rules: RulesReader, data: dict) -> Confidence | None:
    if "confidence" not in data:
        return None
    table = rules.table(data, "confidence", "confidence", {"min_percent", "text"})
    return Confidence(
        min_percent=rules.integer(table, "min_percent", range(1, 101), "confidence"),
        text=rules.text(table, "text", "confidence"),
    )


def _read_contradictions(rules: RulesReader, data: dict) -> tuple[Contradiction, ...]:
    where = "contradictions"
    contradictions = []
    for entry in rules.tables(data, "contradictions", where, {"answers", "text"}):
        raw = rules.tables(entry, "answers", f"{where}.answers", {"question", "options"})
        if len(raw) < 2:
            raise rules.fail(where, "needs at least two [[contradictions.answers]]")
        conditions = tuple(rules.condition(r, f"{where}.answers", context_only=False) for r in raw)
        contradictions.append(Contradiction(conditions, rules.text(entry, "text", where)))
    return tuple(contradictions)


def _read_changes(rules: RulesReader, data: dict) -> bool:
    if "changes" not in data:
        return False
    table = rules.table(data, "changes", "changes", {"one_step"})
    return rules.boolean(table, "one_step", "changes", default=False)


def _read_partner_questions(rules: RulesReader, data: dict) -> tuple[PartnerQuestion, ...]:
    where = "partner_questions"
    entries = rules.tables(data, "partner_questions", where, {"text", "models"})
    if not entries:
        raise rules.fail(where, "needs at least one [[partner_questions]]")
    return tuple(
        PartnerQuestion(rules.text(e, "text", where), rules.models(e, "models", where))
        for e in entries
    )
