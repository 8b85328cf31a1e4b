"""Scoring: tables of cases on the tiny questionnaire, and properties with hypothesis."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturity.questionnaire import DONT_KNOW, NOT_APPLICABLE, load_questionnaire
from maturity.scoring import (
    MAX_IMPROVEMENTS,
    IncompleteAnswers,
    improvements_by_dimension,
    level_for_score,
    points_lost,
    score_assessment,
    top_improvements,
)
from tests.conftest import REAL_QUESTIONS, TEST_QUESTIONS

TINY = load_questionnaire(TEST_QUESTIONS)
BANKS = {"tiny": TEST_QUESTIONS, "real": REAL_QUESTIONS}


def answers(owner, backup, backups, updates):
    return {"owner": owner, "backup": backup, "backups": backups, "updates": updates}


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, 1),
        (19.9, 1),
        (20, 2),
        (39.9, 2),
        (40, 3),
        (59.9, 3),
        (60, 4),
        (79.9, 4),
        (80, 5),
        (100, 5),
    ],
)
def test_levels_are_bands_of_twenty(score, level):
    assert level_for_score(score) == level


@pytest.mark.parametrize(
    ("given_answers", "people", "tools", "overall", "level", "weakest"),
    [
        # owner weight 2 (0/2/4), backup weight 1 (0/1/3/4)
        (
            answers("owner-full", "backup-full", "backups-full", "updates-full"),
            100,
            100,
            100,
            5,
            "people",
        ),
        (
            answers("owner-none", "backup-none", "backups-none", "updates-none"),
            0,
            0,
            0,
            1,
            "people",
        ),
        # people: (2*2 + 3) / (2*4 + 4) = 7/12 = 58.33 -> 58.3; tools: (2*4 + 1) / 12 = 75
        (
            answers("owner-some", "backup-good", "backups-full", "updates-half"),
            58.3,
            75,
            66.7,
            4,
            "people",
        ),
        # not applicable drops out of both sums: people = 2*4 / (2*4) = 100
        (
            answers("owner-full", NOT_APPLICABLE, "backups-some", NOT_APPLICABLE),
            100,
            50,
            75,
            4,
            "tools",
        ),
        # don't know scores 0: people = (0 + 4) / 12 = 33.3
        (
            answers(DONT_KNOW, "backup-full", "backups-full", "updates-full"),
            33.3,
            100,
            66.7,
            3,
            "people",
        ),
    ],
)
def test_scores_table(given_answers, people, tools, overall, level, weakest):
    result = score_assessment(TINY, given_answers)
    assert result.dimension("people").score == people
    assert result.dimension("tools").score == tools
    assert result.overall_score == overall
    assert result.level == level
    assert result.weakest == weakest


def test_weakest_link_caps_the_overall_level():
    # people 100 (level 5), tools: (0 + 1) / 12 = 8.3 (level 1); mean 54.2 would be level 3
    result = score_assessment(
        TINY, answers("owner-full", "backup-full", "backups-none", "updates-half")
    )
    assert result.overall_score == 54.2
    assert result.uncapped_level == 3
    assert result.level == 2
    assert result.capped


def test_confidence_counts_dont_know():
    result = score_assessment(TINY, answers(DONT_KNOW, "backup-full", DONT_KNOW, "updates-full"))
    assert result.dimension("people").confidence == 50
    assert result.confidence == 50
    full = score_assessment(
        TINY, answers("owner-none", NOT_APPLICABLE, "backups-none", "updates-none")
    )
    assert full.confidence == 100


def test_all_not_applicable_scores_zero_without_crashing():
    result = score_assessment(
        TINY, answers("owner-full", NOT_APPLICABLE, "backups-full", NOT_APPLICABLE)
    )
    assert result.dimension("people").score == 100


@pytest.mark.parametrize(
    "bad",
    [
        {"owner": "owner-full"},
        answers("owner-full", "backup-full", "backups-full", "no-such-option"),
        answers("owner-full", "backup-full", "backups-full", "owner-full"),
    ],
)
def test_incomplete_or_foreign_answers_are_refused(bad):
    with pytest.raises(IncompleteAnswers):
        score_assessment(TINY, bad)


# Properties -----------------------------------------------------------------------------


def answer_sets(questionnaire):
    """Any complete set of answers to the dimension questions of a questionnaire."""
    return st.fixed_dictionaries(
        {q.id: st.sampled_from(q.option_ids) for d in questionnaire.dimensions for q in d.questions}
    )


def all_scores(result):
    return [result.overall_score, *(d.score for d in result.dimensions)]


@pytest.mark.parametrize("bank", sorted(BANKS))
def test_scores_stay_within_bounds_and_are_deterministic(bank):
    questionnaire = load_questionnaire(BANKS[bank])

    @given(answer_sets(questionnaire))
    def check(given_answers):
        result = score_assessment(questionnaire, given_answers)
        assert all(0 <= s <= 100 for s in all_scores(result))
        assert 1 <= result.level <= 5
        assert 0 <= result.confidence <= 100
        assert score_assessment(questionnaire, dict(given_answers)) == result

    check()


@pytest.mark.parametrize("bank", sorted(BANKS))
def test_raising_one_answer_never_lowers_any_score(bank):
    questionnaire = load_questionnaire(BANKS[bank])

    @given(answer_sets(questionnaire), st.data())
    def check(given_answers, data):
        question = questionnaire.question(data.draw(st.sampled_from(sorted(given_answers))))
        current = question.option(given_answers[question.id])
        if current.id == NOT_APPLICABLE:
            return  # not applicable is off the scale: it cannot be raised
        higher = [o for o in question.options if o.score is not None and o.score > current.score]
        if not higher:
            return
        raised = {**given_answers, question.id: data.draw(st.sampled_from(higher)).id}
        before = score_assessment(questionnaire, given_answers)
        after = score_assessment(questionnaire, raised)
        assert all(a >= b for a, b in zip(all_scores(after), all_scores(before), strict=True))
        assert after.level >= before.level

    check()


# Improvements: the questions that lose the most points ---------------------------------


def improvement_ids(owner, backup):
    """The ids top_improvements picks in the tiny people step (owner weight 2, backup 1)."""
    people = TINY.step("people")
    return [q.id for q in top_improvements(people, {"owner": owner, "backup": backup})]


@pytest.mark.parametrize(
    ("owner", "backup", "expected"),
    [
        # owner loses 2 x (4 - 2) = 4, backup 1 x (4 - 3) = 1
        ("owner-some", "backup-good", ["owner", "backup"]),
        # weight counts: owner 2 x (4 - 2) = 4 beats backup 1 x (4 - 1) = 3
        ("owner-some", "backup-half", ["owner", "backup"]),
        # a tie (4 and 4) keeps the questionnaire's order
        ("owner-some", "backup-none", ["owner", "backup"]),
        # more points lost comes first: backup 4 before owner 0 is left out
        ("owner-full", "backup-none", ["backup"]),
        # don't know counts as 0 points: owner loses 8; not applicable is never an improvement
        (DONT_KNOW, NOT_APPLICABLE, ["owner"]),
        # everything at the top: nothing to improve
        ("owner-full", "backup-full", []),
    ],
)
def test_top_improvements_table(owner, backup, expected):
    assert improvement_ids(owner, backup) == expected


def test_points_lost_is_weight_times_the_distance_to_the_top():
    owner, backup = TINY.step("people").questions
    assert points_lost(owner, "owner-some") == 2 * (4 - 2)
    assert points_lost(backup, "backup-half") == 1 * (4 - 1)
    assert points_lost(owner, DONT_KNOW) == 2 * 4
    assert points_lost(backup, NOT_APPLICABLE) is None


def test_improvements_need_complete_answers():
    with pytest.raises(IncompleteAnswers):
        top_improvements(TINY.step("people"), {"owner": "owner-some"})


def test_improvements_by_dimension_covers_every_dimension():
    given_answers = answers("owner-some", "backup-full", "backups-none", NOT_APPLICABLE)
    found = improvements_by_dimension(TINY, given_answers)
    assert {step_id: [q.id for q in qs] for step_id, qs in found.items()} == {
        "people": ["owner"],
        "tools": ["backups"],
    }


def test_real_bank_gives_three_improvements_when_everything_is_at_the_bottom():
    real = load_questionnaire(REAL_QUESTIONS)
    lowest = {q.id: q.options[0].id for d in real.dimensions for q in d.questions}
    for step in real.dimensions:
        chosen = top_improvements(step, lowest)
        assert len(chosen) == MAX_IMPROVEMENTS
        assert all(q.improvement for q in chosen)
        heaviest = sorted(step.questions, key=lambda q: -q.weight)[:MAX_IMPROVEMENTS]
        assert [q.id for q in chosen] == [q.id for q in heaviest]


@pytest.mark.parametrize("bank", sorted(BANKS))
def test_improvements_are_the_largest_losses_ties_in_questionnaire_order(bank):
    questionnaire = load_questionnaire(BANKS[bank])

    @given(answer_sets(questionnaire))
    def check(given_answers):
        for step in questionnaire.dimensions:
            chosen = top_improvements(step, given_answers)
            lost = {q.id: points_lost(q, given_answers[q.id]) or 0 for q in step.questions}
            order = [q.id for q in step.questions]
            candidates = [q for q in order if lost[q] > 0]
            picked = [q.id for q in chosen]
            assert len(picked) == min(MAX_IMPROVEMENTS, len(candidates))
            assert all(lost[q] > 0 for q in picked)
            for first, second in itertools.pairwise(picked):
                assert lost[first] > lost[second] or (
                    lost[first] == lost[second] and order.index(first) < order.index(second)
                )
            for left_out in set(candidates) - set(picked):
                assert lost[left_out] <= lost[picked[-1]]
                if lost[left_out] == lost[picked[-1]]:
                    assert order.index(left_out) > order.index(picked[-1])

    check()
