"""Version 2026.1 keeps its advice: archived results show exactly what they showed when answered.

tests/data/advice_v1_golden.json holds 150 seeded answer sets on the archived bank (one digit per
question: the index of the chosen option) with a digest of the score and the advice as the code
of that version computed them. The digest covers only what version 2026.1 shows, so new fields
of later versions do not disturb it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from maturity.advice import advise
from maturity.questionnaire import load_questionnaire
from maturity.scoring import score_assessment
from tests.conftest import REAL_QUESTIONS

V1 = load_questionnaire(Path(REAL_QUESTIONS) / "versions" / "2026.1")
GOLDEN = json.loads((Path(__file__).parent / "data" / "advice_v1_golden.json").read_text())


def facts(item) -> list:
    dimensions = [(d.step_id, d.level, d.required) for d in getattr(item, "dimensions", ())]
    return [dimensions, [(a.question_id, a.option_id) for a in item.answers]]


def shown_in_v1(advice) -> list:
    """The advice as version 2026.1's result page shows it."""
    reactive = advice.reactive_cost
    warning = advice.sla_warning
    return [
        advice.model,
        advice.outcome,
        advice.model_name,
        advice.model_description,
        advice.summary,
        [(r.key, r.text, facts(r)) for r in advice.reasons],
        reactive and [reactive.summary, [(p.key, p.text, facts(p)) for p in reactive.points]],
        [(p.id, p.title, p.why, facts(p)) for p in advice.projects],
        warning and [warning.summary, warning.problem, facts(warning), warning.ask],
        advice.outlook,
        [(c.question_id, c.step_id, c.option_id, c.needed_id) for c in advice.what_would_change],
        advice.contract_intro,
        advice.covers,
        advice.excludes,
        advice.partner_questions,
    ]


def digest(questionnaire, answers: dict[str, str]) -> str:
    result = score_assessment(questionnaire, answers)
    shown = repr(result) + repr(shown_in_v1(advise(questionnaire, result, answers)))
    return hashlib.sha256(shown.encode()).hexdigest()


def decoded(indices: str) -> dict[str, str]:
    return {q.id: q.option_ids[int(i)] for q, i in zip(V1.questions, indices, strict=True)}


def test_the_archive_is_version_2026_1():
    assert V1.version == "2026.1"
    assert len(V1.questions) == 39


@pytest.mark.parametrize("case", GOLDEN, ids=[str(i) for i in range(len(GOLDEN))])
def test_version_1_advice_is_unchanged(case):
    answers = decoded(case["answers"])
    assert digest(V1, answers) == case["sha256"]
