"""The advice rules of one questionnaire version (advice.toml): thresholds and texts, as data.

maturity/advice_reader.py reads and validates them; maturity/advice.py applies them. Every rule
added after version 2026.1 is optional and, when absent, leaves the advice as 2026.1 gave it, so
that archived versions keep their results. This module imports nothing from maturity.
"""

from __future__ import annotations

from dataclasses import dataclass

ADVICE_FILE = "advice.toml"
SUPPORT_CONTRACT = "support-contract"
MANAGED_SERVICES = "managed-services"
INTAKE = "intake"  # find out first: an intake or inventory with the partner
MODELS = (SUPPORT_CONTRACT, MANAGED_SERVICES, INTAKE)
REQUIRED_MODELS = (SUPPORT_CONTRACT, MANAGED_SERVICES)
# ready: the areas are structured enough and someone inside owns IT; otherwise the business
# either depends on IT (dependent) or barely does (independent). Optional outcomes, in the order
# they are tried: find-out (unknown answers decide a readiness area), managed-weak (managed
# services today, yet an area is short), basics-first (only security basics stand in the way).
READY, DEPENDENT, INDEPENDENT = "ready", "dependent", "independent"
FIND_OUT, MANAGED_WEAK, BASICS_FIRST = "find-out", "managed-weak", "basics-first"
REQUIRED_OUTCOMES = (READY, DEPENDENT, INDEPENDENT)
OPTIONAL_OUTCOMES = (FIND_OUT, MANAGED_WEAK, BASICS_FIRST)
OUTCOME_MODELS = {
    READY: SUPPORT_CONTRACT,
    DEPENDENT: MANAGED_SERVICES,
    FIND_OUT: INTAKE,
    MANAGED_WEAK: MANAGED_SERVICES,
    BASICS_FIRST: SUPPORT_CONTRACT,
}
LEVELS = range(1, 6)  # the questionnaire's levels 1..5
ANSWER_SCORES = range(0, 5)  # an option's score 0..4

TOP_KEYS = {
    "readiness",
    "knockouts",
    "confidence",
    "size",
    "contradictions",
    "changes",
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
    margin: int = 0  # points above the level's lower bound before an area counts as in place
    cite_unknown: bool = True  # whether "don't know" answers are listed among the weak ones


@dataclass(frozen=True)
class Knockout:
    """An answer that rules out a support contract for now, whatever the scores say."""

    condition: AnswerCondition
    text: Text
    skip_sizes: tuple[str, ...] = ()  # company sizes in which it does not apply


@dataclass(frozen=True)
class Confidence:
    """Below min_percent in a readiness area whose unknown answers decide it: find out first."""

    min_percent: int
    text: Text


@dataclass(frozen=True)
class Contradiction:
    """Answers that cannot all be true at once; named on the result when all hold."""

    conditions: tuple[AnswerCondition, ...]
    text: Text


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
    also: tuple[AnswerCondition, ...] = ()  # further answers that make it depend on IT

    def holds(self, answers: dict[str, str]) -> AnswerCondition | None:
        """The first condition that makes the business depend on IT, or None."""
        conditions = (self.condition, *self.also)
        return next((c for c in conditions if c.holds(answers)), None)


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
    calm_dependent: Text | None = None  # no warning: the business depends on IT, times known
    calm_independent: Text | None = None  # no warning: it can do without IT a while


@dataclass(frozen=True)
class Outcome:
    model: str
    summary: Text
    outlook: Text
    options: tuple[str, ...] = ()  # managed-weak: today's arrangements it applies to
    dimensions: tuple[str, ...] = ()  # basics-first: the areas a basics project lifts


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
    skip_sizes: tuple[str, ...] = ()  # company sizes for which the project does not apply


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
    knockouts: tuple[Knockout, ...] = ()
    confidence: Confidence | None = None
    size_question_id: str | None = None  # the company size, for skip_sizes
    contradictions: tuple[Contradiction, ...] = ()
    one_step_changes: bool = False  # "what would change it" moves answers one option at a time

    def size(self, answers: dict[str, str]) -> str | None:
        """The company size answer, when the rules know the size question."""
        return answers.get(self.size_question_id) if self.size_question_id else None
