"""The advice rules of one questionnaire version (advice.toml): thresholds and texts, validated.

Pure data and validation. load_questionnaire() reads advice.toml with the same reader as the
rest of the question bank and calls read_advice_rules() once the steps are known, so that every
question and option id used here is checked against them and errors name file, key and fault.
This module imports nothing from maturity at run time (questionnaire.py imports it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maturity.questionnaire import Question, Step, _Reader

ADVICE_FILE = "advice.toml"
SUPPORT_CONTRACT = "support-contract"
MANAGED_SERVICES = "managed-services"
MODELS = (SUPPORT_CONTRACT, MANAGED_SERVICES)
# ready: the areas are structured enough and someone inside owns IT; otherwise the business
# either depends on IT (dependent) or barely does (independent).
READY, DEPENDENT, INDEPENDENT = "ready", "dependent", "independent"
OUTCOME_MODELS = {READY: SUPPORT_CONTRACT, DEPENDENT: MANAGED_SERVICES}
LEVELS = range(1, 6)  # the questionnaire's levels 1..5
ANSWER_SCORES = range(0, 5)  # an option's score 0..4

TOP_KEYS = {
    "readiness",
    "ownership",
    "dependence",
    "current_support",
    "reactive_cost",
    "sla",
    "outcomes",
    "models",
    "projects",
    "contract",
    "partner_questions",
}

Text = dict[str, str]


@dataclass(frozen=True)
class AnswerCondition:
    """Holds when the answer to question_id is one of option_ids."""

    question_id: str
    option_ids: tuple[str, ...]

    def holds(self, answers: dict[str, str]) -> bool:
        return answers.get(self.question_id) in self.option_ids


@dataclass(frozen=True)
class AnswerNote:
    """A text shown when an answer matches; model limits it to one recommendation."""

    condition: AnswerCondition
    text: Text
    model: str | None = None


@dataclass(frozen=True)
class Readiness:
    min_levels: dict[str, int]  # dimension id -> lowest level at which a contract works
    reasons: dict[str, dict[str, Text]]  # dimension id -> {"ready": text, "short": text}
    weak_answer_max_score: int
    weak_answers_shown: int


@dataclass(frozen=True)
class Ownership:
    question_id: str
    option_ids: tuple[str, ...]  # someone inside owns IT
    small_option_ids: tuple[str, ...]  # ... but only in a small business
    size_question_id: str | None
    small_size_ids: tuple[str, ...]
    present: Text
    missing: Text
    present_small: Text | None
    too_busy: Text | None


@dataclass(frozen=True)
class Dependence:
    condition: AnswerCondition  # the business depends on IT
    dependent: Text
    independent: Text


@dataclass(frozen=True)
class CurrentSupport:
    question_id: str
    reactive_ids: tuple[str, ...]  # today's arrangement is reactive (nothing, break/fix)
    notes: tuple[AnswerNote, ...]


@dataclass(frozen=True)
class ReactiveCostRule:
    summary: Text
    notes: tuple[AnswerNote, ...]


@dataclass(frozen=True)
class SlaRule:
    downtime: AnswerCondition  # the business cannot work long without IT
    question_id: str
    problems: dict[str, Text]  # sla option id -> what is wrong with it
    summary: Text
    ask: tuple[Text, ...]


@dataclass(frozen=True)
class Outcome:
    model: str
    summary: Text
    outlook: Text


@dataclass(frozen=True)
class ModelText:
    name: Text
    description: Text


@dataclass(frozen=True)
class ProjectRule:
    id: str
    title: Text
    why: Text
    below_levels: dict[str, int]
    answers: tuple[AnswerCondition, ...]
    min_answers: int
    when_owner_missing: bool


@dataclass(frozen=True)
class PartnerQuestion:
    text: Text
    models: tuple[str, ...]  # empty: for every recommendation


@dataclass(frozen=True)
class AdviceRules:
    readiness: Readiness
    ownership: Ownership
    dependence: Dependence
    current_support: CurrentSupport
    reactive_cost: ReactiveCostRule
    sla: SlaRule
    outcomes: dict[str, Outcome]
    models: dict[str, ModelText]
    projects: tuple[ProjectRule, ...]
    contract_intro: Text
    covers: tuple[Text, ...]
    excludes: tuple[Text, ...]
    partner_questions: tuple[PartnerQuestion, ...]


class _RulesReader:
    """Reads the parts of advice.toml, checking ids against the questionnaire's steps."""

    def __init__(self, reader: _Reader, steps: tuple[Step, ...]):
        self.reader = reader
        self.questions: dict[str, Question] = {q.id: q for s in steps for q in s.questions}
        self.context_ids = {q.id for s in steps if not s.is_dimension for q in s.questions}
        self.dimension_ids = [s.id for s in steps if s.is_dimension]

    def fail(self, where: str, message: str):
        return self.reader.fail(where, message)

    def table(self, parent: dict, key: str, where: str, allowed: set[str]) -> dict:
        value = parent.get(key)
        if not isinstance(value, dict):
            raise self.fail(where, f"missing table [{where}]")
        self.reader.check_keys(value, allowed, where)
        return value

    def tables(self, parent: dict, key: str, where: str, allowed: set[str]) -> list[dict]:
        value = parent.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, f"'{key}' must be a list of tables ([[{where}]])")
        for entry in value:
            self.reader.check_keys(entry, allowed, where)
        return value

    def text(self, table: dict, key: str, where: str, required: bool = True) -> Text | None:
        return self.reader.text(table, key, where, required)

    def texts(self, parent: dict, key: str, where: str) -> tuple[Text, ...]:
        entries = self.tables(parent, key, where, {"text"})
        if not entries:
            raise self.fail(where, f"needs at least one [[{where}]] text")
        return tuple(self.text(entry, "text", where) for entry in entries)

    def question_id(self, table: dict, key: str, where: str, context_only: bool) -> str:
        value = table.get(key)
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", "missing question id")
        if value not in self.questions:
            raise self.fail(f"{where}.{key}", f"unknown question '{value}'")
        if context_only and value not in self.context_ids:
            raise self.fail(f"{where}.{key}", f"'{value}' must be a context question")
        return value

    def option_ids(
        self, table: dict, key: str, question_id: str, where: str, required: bool = True
    ) -> tuple[str, ...]:
        value = table.get(key, [] if not required else None)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}.{key}", "must be a list of option ids")
        if required and not value:
            raise self.fail(f"{where}.{key}", "must name at least one option")
        known = self.questions[question_id].option_ids
        for option_id in value:
            if option_id not in known:
                raise self.fail(
                    f"{where}.{key}", f"unknown option '{option_id}' of question '{question_id}'"
                )
        if len(set(value)) != len(value):
            raise self.fail(f"{where}.{key}", "lists an option twice")
        return tuple(value)

    def condition(
        self,
        table: dict,
        where: str,
        context_only: bool,
        keys: tuple[str, str] = ("question", "options"),
    ) -> AnswerCondition:
        question_key, options_key = keys
        question_id = self.question_id(table, question_key, where, context_only)
        return AnswerCondition(question_id, self.option_ids(table, options_key, question_id, where))

    def integer(self, table: dict, key: str, allowed: range, where: str, default=None) -> int:
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{where}.{key}", f"{value!r} is missing or not a whole number")
        if value not in allowed:
            raise self.fail(
                f"{where}.{key}", f"{value} out of range {allowed.start}..{allowed.stop - 1}"
            )
        return value

    def levels(self, table: dict, key: str, where: str, required: bool) -> dict[str, int]:
        value = table.get(key, None if required else {})
        if not isinstance(value, dict) or (required and not value):
            raise self.fail(f"{where}.{key}", "must be a table of dimension = level")
        for dimension_id in value:
            if dimension_id not in self.dimension_ids:
                raise self.fail(f"{where}.{key}", f"unknown dimension '{dimension_id}'")
        return {d: self.integer(value, d, LEVELS, f"{where}.{key}") for d in value}

    def model(self, table: dict, key: str, where: str) -> str:
        value = table.get(key)
        if value not in MODELS:
            raise self.fail(f"{where}.{key}", f"{value!r} must be one of {', '.join(MODELS)}")
        return value

    def models(self, table: dict, key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{where}.{key}", "must be a list of models")
        return tuple(self.model({key: m}, key, where) for m in value)


def read_advice_rules(reader: _Reader, steps: tuple[Step, ...]) -> AdviceRules:
    """Validate advice.toml (already parsed by reader) against the questionnaire's steps."""
    rules = _RulesReader(reader, steps)
    data = reader.data
    reader.check_keys(data, TOP_KEYS, "advice")
    ownership = _read_ownership(rules, data)
    contract = rules.table(data, "contract", "contract", {"intro", "covers", "excludes"})
    return AdviceRules(
        readiness=_read_readiness(rules, data),
        ownership=ownership,
        dependence=_read_dependence(rules, data),
        current_support=_read_current_support(rules, data),
        reactive_cost=_read_reactive_cost(rules, data),
        sla=_read_sla(rules, data),
        outcomes=_read_outcomes(rules, data),
        models=_read_models(rules, data),
        projects=_read_projects(rules, data),
        contract_intro=rules.text(contract, "intro", "contract"),
        covers=rules.texts(contract, "covers", "contract.covers"),
        excludes=rules.texts(contract, "excludes", "contract.excludes"),
        partner_questions=_read_partner_questions(rules, data),
    )


def _read_readiness(rules: _RulesReader, data: dict) -> Readiness:
    keys = {"min_levels", "weak_answer_max_score", "weak_answers_shown", "reasons"}
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
    )


def _read_ownership(rules: _RulesReader, data: dict) -> Ownership:
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


def _read_dependence(rules: _RulesReader, data: dict) -> Dependence:
    keys = {"question", "options", "dependent", "independent"}
    table = rules.table(data, "dependence", "dependence", keys)
    return Dependence(
        condition=rules.condition(table, "dependence", context_only=True),
        dependent=rules.text(table, "dependent", "dependence"),
        independent=rules.text(table, "independent", "dependence"),
    )


def _read_current_support(rules: _RulesReader, data: dict) -> CurrentSupport:
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


def _read_reactive_cost(rules: _RulesReader, data: dict) -> ReactiveCostRule:
    table = rules.table(data, "reactive_cost", "reactive_cost", {"summary", "notes"})
    where = "reactive_cost.notes"
    notes = tuple(
        AnswerNote(
            rules.condition(entry, where, context_only=True), rules.text(entry, "text", where)
        )
        for entry in rules.tables(table, "notes", where, {"question", "options", "text"})
    )
    return ReactiveCostRule(summary=rules.text(table, "summary", "reactive_cost"), notes=notes)


def _read_sla(rules: _RulesReader, data: dict) -> SlaRule:
    keys = {"downtime_question", "downtime_options", "question", "problems"}
    table = rules.table(data, "sla", "sla", keys | {"summary", "ask"})
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
    )


def _read_outcomes(rules: _RulesReader, data: dict) -> dict[str, Outcome]:
    table = rules.table(data, "outcomes", "outcomes", {READY, DEPENDENT, INDEPENDENT})
    outcomes = {}
    for name in (READY, DEPENDENT, INDEPENDENT):
        where = f"outcomes.{name}"
        fixed = OUTCOME_MODELS.get(name)
        allowed = {"summary", "outlook"} if fixed else {"summary", "outlook", "model"}
        entry = rules.table(table, name, where, allowed)
        model = fixed if fixed else rules.model(entry, "model", where)
        outcomes[name] = Outcome(
            model=model,
            summary=rules.text(entry, "summary", where),
            outlook=rules.text(entry, "outlook", where),
        )
    return outcomes


def _read_models(rules: _RulesReader, data: dict) -> dict[str, ModelText]:
    table = rules.table(data, "models", "models", set(MODELS))
    models = {}
    for model in MODELS:
        where = f"models.{model}"
        entry = rules.table(table, model, where, {"name", "description"})
        models[model] = ModelText(
            name=rules.text(entry, "name", where),
            description=rules.text(entry, "description", where),
        )
    return models


def _read_projects(rules: _RulesReader, data: dict) -> tuple[ProjectRule, ...]:
    keys = {"id", "title", "why", "below_levels", "answers", "min_answers", "when_owner_missing"}
    projects: list[ProjectRule] = []
    for entry in rules.tables(data, "projects", "projects", keys):
        project_id = rules.reader.check_id(entry.get("id"), "projects")
        where = f"projects.{project_id}"
        if any(p.id == project_id for p in projects):
            raise rules.fail(where, "duplicate project id")
        projects.append(_read_project(rules, entry, project_id, where))
    return tuple(projects)


def _read_project(rules: _RulesReader, entry: dict, project_id: str, where: str) -> ProjectRule:
    answers = tuple(
        rules.condition(raw, f"{where}.answers", context_only=False)
        for raw in rules.tables(entry, "answers", f"{where}.answers", {"question", "options"})
    )
    when_owner_missing = entry.get("when_owner_missing", False)
    if not isinstance(when_owner_missing, bool):
        raise rules.fail(f"{where}.when_owner_missing", "must be true or false")
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


def _read_partner_questions(rules: _RulesReader, data: dict) -> tuple[PartnerQuestion, ...]:
    where = "partner_questions"
    entries = rules.tables(data, "partner_questions", where, {"text", "models"})
    if not entries:
        raise rules.fail(where, "needs at least one [[partner_questions]]")
    return tuple(
        PartnerQuestion(rules.text(e, "text", where), rules.models(e, "models", where))
        for e in entries
    )
