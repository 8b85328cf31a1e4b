"""The pure core of clients over time: what changed between two assessments, the trend chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity import trend
from maturity.questionnaire import load_questionnaire
from tests.conftest import TEST_QUESTIONS, TINY_STEPS

QUESTIONNAIRE = load_questionnaire(TEST_QUESTIONS)
ANSWERS = {key: value for step in TINY_STEPS.values() for key, value in step.items()}


def option_ids(question_id: str) -> list[str]:
    question = QUESTIONNAIRE.question(question_id)
    return [o.id for o in question.options if not o.is_special]


def test_better_and_worse_answers_come_first_most_changed_first():
    owner, backups = option_ids("owner"), option_ids("backups")
    before = {**ANSWERS, "owner": owner[0], "backups": backups[-1]}
    after = {**ANSWERS, "owner": owner[-1], "backups": backups[0]}
    comparison = trend.compare(
        (QUESTIONNAIRE, before, {"people": 20.0, "tools": 80.0}),
        (QUESTIONNAIRE, after, {"people": 70.0, "tools": 30.0}),
    )
    assert [c.question.id for c in comparison.better] == ["owner"]
    assert [c.question.id for c in comparison.worse] == ["backups"]
    assert comparison.better[0].delta > 0 > comparison.worse[0].delta
    assert comparison.unchanged == 2  # backup and updates kept their answers
    assert [(d.step_id, d.delta) for d in comparison.dimensions] == [
        ("people", 50.0),
        ("tools", -50.0),
    ]


def test_context_questions_are_not_compared():
    before = {**ANSWERS, "current-support": "break-fix"}
    after = {**ANSWERS, "current-support": "support-contract"}
    comparison = trend.compare((QUESTIONNAIRE, before, {}), (QUESTIONNAIRE, after, {}))
    assert comparison.better == comparison.worse == comparison.other_changes == ()


def test_an_answer_without_points_is_another_change_not_better_or_worse():
    special = [o.id for o in QUESTIONNAIRE.question("owner").options if o.is_special]
    if not special:
        pytest.skip("the tiny questionnaire has no special option on this question")
    after = {**ANSWERS, "owner": special[-1]}
    comparison = trend.compare((QUESTIONNAIRE, ANSWERS, {}), (QUESTIONNAIRE, after, {}))
    changed = comparison.better + comparison.worse + comparison.other_changes
    assert [c.question.id for c in changed] == ["owner"]


def test_a_missing_score_has_no_change():
    change = trend.DimensionChange("people", None, 40.0)
    assert change.delta is None


ARGS = (("Rollen", "Afspraken"), ("1 jan 2025", "1 jan 2026"), ((20.0, 40.0), (55.5, 45.0)), "Dim")


def test_the_trend_chart_is_byte_identical_for_identical_input():
    first = trend.trend_svg.__wrapped__(*ARGS)
    again = trend.trend_svg.__wrapped__(*ARGS)
    assert first == again
    assert first.startswith(b"<?xml") and b"<svg" in first
    assert b"Rollen" in first and b"1 jan 2026" in first  # real text, searchable
    assert b"Date" not in first.split(b"<svg", 1)[0]


def test_the_trend_chart_allows_a_gap():
    svg = trend.trend_svg.__wrapped__(("Rollen",), ("a", "b", "c"), ((20.0, None, 60.0),), "Dim")
    assert b"<svg" in svg


def test_the_trend_chart_refuses_series_that_do_not_fit():
    with pytest.raises(ValueError):
        trend.trend_svg.__wrapped__(("Rollen", "Afspraken"), ("a", "b"), ((1.0, 2.0),), "Dim")


def test_the_trend_module_imports_no_flask_or_database():
    imports = [line for line in Path(trend.__file__).read_text().splitlines() if "import " in line]
    assert not [line for line in imports if "flask" in line or "sqlite" in line or "db" in line]
