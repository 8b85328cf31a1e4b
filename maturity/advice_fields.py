"""The field reader behind maturity/advice_reader.py: typed values of advice.toml, checked.

Each method reads one kind of value (a table, a question id, option ids, a level, a boolean) and
raises a QuestionnaireError that names advice.toml, the key and the fault.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from maturity.advice_rules import LEVELS, MODELS, AnswerCondition, Text

if TYPE_CHECKING:
    from maturity.questionnaire import Question, Step, _Reader


class RulesReader:
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

    def boolean(self, table: dict, key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key}", "must be true or false")
        return value

    def sizes(self, table: dict, where: str, size_question_id: str | None) -> tuple[str, ...]:
        """skip_sizes: company size options, which need a [size] question."""
        if "skip_sizes" not in table:
            return ()
        if size_question_id is None:
            raise self.fail(f"{where}.skip_sizes", "needs [size] question")
        return self.option_ids(table, "skip_sizes", size_question_id, where)

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
