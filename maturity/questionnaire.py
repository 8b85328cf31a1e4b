"""Load and validate the question bank in questions/ (TOML, three languages inline)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from maturity.advice_reader import read_advice_rules
from maturity.advice_rules import ADVICE_FILE, AdviceRules

LANGUAGES = ("nl", "en", "fr")
DONT_KNOW = "dont-know"
NOT_APPLICABLE = "not-applicable"
SPECIAL_OPTION_IDS = (DONT_KNOW, NOT_APPLICABLE)
MAX_SCORE = 4
LEVEL_NUMBERS = (1, 2, 3, 4, 5)
STEP_KINDS = ("context", "dimension")
QUESTION_KEYS = {
    "id",
    "text",
    "help",
    "weight",
    "improvement",
    "gap",
    "dont_know",
    "not_applicable",
    "options",
}
OPTION_KEYS = {"id", "label", "score"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class QuestionnaireError(ValueError):
    """The question bank is invalid; the message names the file, the id and the fault."""


Text = dict[str, str]


@dataclass(frozen=True)
class Option:
    id: str
    label: Text
    score: int | None = None

    @property
    def is_special(self) -> bool:
        return self.id in SPECIAL_OPTION_IDS


@dataclass(frozen=True)
class Question:
    id: str
    step_id: str
    text: Text
    options: tuple[Option, ...]
    help: Text | None = None
    weight: int = 1
    improvement: Text | None = None
    gap: Text | None = None  # what answers two points or more apart usually mean (optional)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @functools.cached_property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: Text
    intro: Text
    questions: tuple[Question, ...]
    level_meanings: dict[int, Text] = field(default_factory=dict)
    gap: Text | None = None  # the fallback of its questions' gap text (optional)

    @property
    def is_dimension(self) -> bool:
        return self.kind == "dimension"

    def unanswered(self, answers: dict[str, str]) -> list[Question]:
        """The questions of this step without an answer that is one of their options."""
        return [q for q in self.questions if answers.get(q.id) not in q.option_ids]

    def is_complete(self, answers: dict[str, str]) -> bool:
        return not self.unanswered(answers)


@dataclass(frozen=True)
class Level:
    number: int
    name: Text
    summary: Text


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: Text
    intro: Text
    steps: tuple[Step, ...]
    levels: tuple[Level, ...]
    advice_rules: AdviceRules = field(repr=False)
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_id", {q.id: q for s in self.steps for q in s.questions})

    @property
    def dimensions(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.is_dimension)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def step_index(self, step_id: str) -> int:
        return [s.id for s in self.steps].index(step_id)

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.steps for q in s.questions)

    def level(self, number: int) -> Level:
        return self.levels[number - 1]

    def first_incomplete_step(self, answers: dict[str, str]) -> Step | None:
        return next((s for s in self.steps if not s.is_complete(answers)), None)

    def is_complete(self, answers: dict[str, str]) -> bool:
        return self.first_incomplete_step(answers) is None

    def next_step(self, step: Step) -> Step | None:
        index = self.step_index(step.id)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def previous_step(self, step: Step) -> Step | None:
        index = self.step_index(step.id)
        return self.steps[index - 1] if index > 0 else None


class _Reader:
    """Reads one TOML file and raises errors that name that file."""

    def __init__(self, path: Path):
        self.path = path
        try:
            with path.open("rb") as f:
                self.data = tomllib.load(f)
        except FileNotFoundError:
            raise QuestionnaireError(f"{path}: file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise QuestionnaireError(f"{path}: not valid TOML: {exc}") from None

    def fail(self, where: str, message: str) -> QuestionnaireError:
        return QuestionnaireError(f"{self.path.name}: {where}: {message}")

    def text(self, table: dict, key: str, where: str, required: bool = True) -> Text | None:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(where, f"missing text '{key}'")
            return None
        if not isinstance(value, dict):
            raise self.fail(where, f"'{key}' must be a table of languages (nl, en, fr)")
        for lang in LANGUAGES:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                raise self.fail(where, f"'{key}' is missing language '{lang}'")
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            raise self.fail(where, f"'{key}' has unknown language(s) {', '.join(unknown)}")
        return {lang: value[lang].strip() for lang in LANGUAGES}

    def check_keys(self, table: dict, allowed: set[str], where: str) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(unknown)}")

    def check_id(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise self.fail(where, f"id {value!r} is not kebab-case")
        return value


def load_questionnaire(directory: str | Path) -> Questionnaire:
    """Read questionnaire.toml and one file per step from directory, validating everything."""
    directory = Path(directory)
    main = _Reader(directory / "questionnaire.toml")
    version = main.data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise main.fail("version", "missing or not a string")
    step_ids = main.data.get("steps")
    if not isinstance(step_ids, list) or not step_ids:
        raise main.fail("steps", "missing list of step ids")
    special_labels = _read_special_labels(main)
    steps = tuple(_read_step(directory, main, step_id, special_labels) for step_id in step_ids)
    if not any(s.is_dimension for s in steps):
        raise main.fail("steps", "no dimension step")
    _check_unique_question_ids(steps)
    return Questionnaire(
        version=version.strip(),
        title=main.text(main.data, "title", "questionnaire"),
        intro=main.text(main.data, "intro", "questionnaire"),
        steps=steps,
        levels=_read_levels(main),
        advice_rules=read_advice_rules(_Reader(directory / ADVICE_FILE), steps),
    )


def load_questionnaire_versions(
    directory: str | Path,
) -> tuple[Questionnaire, dict[str, Questionnaire]]:
    """The current questionnaire, and it with every archived one under versions/ by version."""
    directory = Path(directory)
    current = load_questionnaire(directory)
    found = {current.version: current}
    versions_dir = directory / "versions"
    if versions_dir.is_dir():
        for sub in sorted(p for p in versions_dir.iterdir() if p.is_dir()):
            old = load_questionnaire(sub)
            if old.version != sub.name:
                raise QuestionnaireError(
                    f"versions/{sub.name}/questionnaire.toml: version {old.version!r} "
                    f"does not match its folder name"
                )
            found.setdefault(old.version, old)
    return current, found


def _read_special_labels(main: _Reader) -> dict[str, Text]:
    table = main.data.get("special_options", {})
    return {
        option_id: main.text(table.get(option_id, {}), "label", f"special_options.{option_id}")
        for option_id in SPECIAL_OPTION_IDS
    }


def _read_levels(main: _Reader) -> tuple[Level, ...]:
    raw = main.data.get("levels")
    if not isinstance(raw, list):
        raise main.fail("levels", "missing [[levels]]")
    numbers = [entry.get("number") for entry in raw]
    if numbers != list(LEVEL_NUMBERS):
        raise main.fail("levels", f"numbers must be 1 to 5 in order, found {numbers}")
    return tuple(
        Level(
            number=entry["number"],
            name=main.text(entry, "name", f"level {entry['number']}"),
            summary=main.text(entry, "summary", f"level {entry['number']}"),
        )
        for entry in raw
    )


def _read_step(
    directory: Path, main: _Reader, step_id: object, special_labels: dict[str, Text]
) -> Step:
    main.check_id(step_id, "steps")
    path = directory / f"{step_id}.toml"
    if not path.exists():
        raise main.fail("steps", f"unknown step '{step_id}': no file {path.name}")
    reader = _Reader(path)
    data = reader.data
    if data.get("id") != step_id:
        raise reader.fail("id", f"must be '{step_id}' (the file name), found {data.get('id')!r}")
    kind = data.get("kind")
    if kind not in STEP_KINDS:
        raise reader.fail(step_id, f"kind must be one of {', '.join(STEP_KINDS)}")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise reader.fail(step_id, "has no [[questions]]")
    is_dimension = kind == "dimension"
    questions = tuple(
        _read_question(reader, step_id, raw, is_dimension, special_labels) for raw in raw_questions
    )
    return Step(
        id=step_id,
        kind=kind,
        title=reader.text(data, "title", step_id),
        intro=reader.text(data, "intro", step_id),
        questions=questions,
        level_meanings=_read_level_meanings(reader, step_id, data) if is_dimension else {},
        gap=reader.text(data, "gap", step_id, required=False) if is_dimension else None,
    )


def _read_level_meanings(reader: _Reader, step_id: str, data: dict) -> dict[int, Text]:
    raw = data.get("levels")
    if not isinstance(raw, dict):
        raise reader.fail(step_id, 'missing [levels."1"] .. [levels."5"]')
    meanings = {}
    for number in LEVEL_NUMBERS:
        meanings[number] = reader.text(raw, str(number), f"{step_id} levels")
    return meanings


def _read_question(
    reader: _Reader, step_id: str, raw: dict, is_dimension: bool, special_labels: dict
) -> Question:
    qid = reader.check_id(raw.get("id"), f"{step_id} question")
    reader.check_keys(raw, QUESTION_KEYS, qid)
    weight = raw.get("weight", 1)
    if is_dimension and (not isinstance(weight, int) or isinstance(weight, bool)):
        raise reader.fail(qid, f"weight {weight!r} is not a whole number")
    if is_dimension and not 1 <= weight <= 3:
        raise reader.fail(qid, f"weight {weight} out of range 1..3")
    options = _read_options(reader, qid, raw.get("options"), is_dimension)
    for flag, option_id in (("dont_know", DONT_KNOW), ("not_applicable", NOT_APPLICABLE)):
        value = raw.get(flag, False)
        if not isinstance(value, bool):
            raise reader.fail(qid, f"'{flag}' must be true or false")
        if value:
            score = 0 if option_id == DONT_KNOW and is_dimension else None
            options.append(Option(option_id, special_labels[option_id], score))
    return Question(
        id=qid,
        step_id=step_id,
        text=reader.text(raw, "text", qid),
        help=reader.text(raw, "help", qid, required=False),
        weight=weight if is_dimension else 1,
        improvement=reader.text(raw, "improvement", qid, required=is_dimension),
        gap=reader.text(raw, "gap", qid, required=False) if is_dimension else None,
        options=tuple(options),
    )


def _read_options(reader: _Reader, qid: str, raw: object, is_dimension: bool) -> list[Option]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise reader.fail(qid, "needs at least two [[questions.options]]")
    options: list[Option] = []
    for entry in raw:
        oid = reader.check_id(entry.get("id"), f"{qid} option")
        where = f"{qid} option {oid}"
        reader.check_keys(entry, OPTION_KEYS, where)
        if oid in SPECIAL_OPTION_IDS:
            raise reader.fail(where, "reserved id: set dont_know/not_applicable instead")
        if any(o.id == oid for o in options):
            raise reader.fail(where, "duplicate option id")
        options.append(
            Option(
                oid,
                reader.text(entry, "label", where),
                _read_score(reader, where, entry, is_dimension),
            )
        )
    if is_dimension:
        scores = [o.score for o in options]
        if scores != sorted(scores):
            raise reader.fail(qid, f"options must go from least to most mature, scores {scores}")
    return options


def _read_score(reader: _Reader, where: str, entry: dict, is_dimension: bool) -> int | None:
    score = entry.get("score")
    if not is_dimension:
        if score is not None:
            raise reader.fail(where, "context options have no score")
        return None
    if not isinstance(score, int) or isinstance(score, bool):
        raise reader.fail(where, f"score {score!r} is missing or not a whole number")
    if not 0 <= score <= MAX_SCORE:
        raise reader.fail(where, f"score {score} out of range 0..{MAX_SCORE}")
    return score


def _check_unique_question_ids(steps: tuple[Step, ...]) -> None:
    seen: dict[str, str] = {}
    for step in steps:
        for question in step.questions:
            if question.id in seen:
                raise QuestionnaireError(
                    f"{step.id}.toml: {question.id}: duplicate question id "
                    f"(also in {seen[question.id]}.toml)"
                )
            seen[question.id] = step.id


def count_summary(questionnaire: Questionnaire) -> str:
    """A short human summary for check-questions."""
    lines = [f"questionnaire version {questionnaire.version}: {len(questionnaire.steps)} steps"]
    for step in questionnaire.steps:
        n_options = sum(len(q.options) for q in step.questions)
        lines.append(
            f"  {step.id} ({step.kind}): {len(step.questions)} questions, {n_options} options"
        )
    lines.append(f"  total: {len(questionnaire.questions)} questions")
    return "\n".join(lines)
