"""The team view's core: gaps between respondents and the answers taken together."""

from __future__ import annotations

import pytest

from maturity.advice import advise
from maturity.questionnaire import DONT_KNOW, NOT_APPLICABLE, load_questionnaire
from maturity.scoring import score_assessment
from maturity.team import (
    Member,
    combine_answers,
    find_gaps,
    member_labels,
    team_result,
    weakest_answer,
)
from tests.test_consultant import answers_at

QUESTIONS = load_questionnaire("questions")
BEST = answers_at(QUESTIONS, 99)  # every question at its most mature real answer


def member(role: str, **changed: str) -> Member:
    """A respondent who answers BEST except where changed (question id with _ for -)."""
    return Member(role, {**BEST, **{k.replace("_", "-"): v for k, v in changed.items()}})


OWNER = member("owner")
# The IT contact sees what the owner does not: untested backups, MFA on a few accounts,
# alerts nobody follows, documentation not quite current.
IT_CONTACT = member(
    "it_contact",
    backups_tested="automatic-untested",
    mfa="some-people",
    monitoring="alerts-ignored",
    documentation="complete",
)


def test_a_team_that_agrees_has_no_gaps():
    # One point apart at most (documentation 4 against 3) is no gap.
    team = [OWNER, member("office_manager", documentation="complete"), member("employee")]
    assert find_gaps(QUESTIONS, team) == ()


def test_an_optimistic_owner_against_a_realistic_it_contact():
    gaps = find_gaps(QUESTIONS, [OWNER, IT_CONTACT])
    assert [(g.question.id, g.spread) for g in gaps] == [
        ("mfa", 3),  # three points apart; on a tie the questionnaire's order
        ("monitoring", 3),
        ("backups-tested", 2),
    ]
    backups = gaps[2]
    assert backups.answers == ("automatic-tested-regularly", "automatic-untested")
    assert backups.points == (4, 2)
    assert "test-terugzetting" in backups.meaning["nl"]  # the question's own gap text
    monitoring = gaps[1]
    assert monitoring.meaning == QUESTIONS.step("structure").gap  # the dimension's, as fallback


def test_three_respondents_with_one_outlier():
    employee = member("employee", passwords=answers_at(QUESTIONS, 0)["passwords"], mfa=DONT_KNOW)
    team = [OWNER, member("office_manager"), employee]
    gaps = find_gaps(QUESTIONS, team)
    assert [g.question.id for g in gaps] == ["passwords", "mfa"]
    assert gaps[0].answers == (BEST["passwords"], BEST["passwords"], employee.answers["passwords"])
    assert gaps[1].points == (4, 4, 0)  # "don't know" counts 0, as in the score


def test_not_applicable_is_no_gap_and_no_answer_leaves_a_hole():
    question = QUESTIONS.question("mfa")
    assert weakest_answer(question, ["enforced-everywhere", DONT_KNOW, "nowhere"]) == "nowhere"
    assert weakest_answer(question, [DONT_KNOW, "some-people"]) == DONT_KNOW
    assert weakest_answer(question, [None, None]) is None
    na = next(q for q in QUESTIONS.questions if q.option(NOT_APPLICABLE))
    best = [option for option in na.options if not option.is_special][-1].id
    assert weakest_answer(na, [NOT_APPLICABLE, NOT_APPLICABLE]) == NOT_APPLICABLE
    assert weakest_answer(na, [NOT_APPLICABLE, best]) == best


def test_the_team_answers_are_the_least_mature_and_the_context_is_the_owners():
    office = member("office_manager", company_size="one-person")
    combined = combine_answers(QUESTIONS, [IT_CONTACT, OWNER, office])
    assert combined["backups-tested"] == "automatic-untested"
    assert combined["mfa"] == "some-people"
    assert combined["patching"] == BEST["patching"]
    for question in QUESTIONS.steps[0].questions:  # context: the owner's, wherever they stand
        assert combined[question.id] == OWNER.answers[question.id]


def test_the_team_recommendation_is_scored_and_advised_on_the_combined_answers():
    alone = advise(QUESTIONS, score_assessment(QUESTIONS, BEST), BEST)
    team = team_result(QUESTIONS, [OWNER, IT_CONTACT])
    expected = combine_answers(QUESTIONS, [OWNER, IT_CONTACT])
    assert team.answers == expected
    assert team.result == score_assessment(QUESTIONS, expected)
    assert team.advice == advise(QUESTIONS, team.result, expected)
    assert team.from_weakest == 4
    # The owner alone would be ready for a support contract; untested backups rule that out.
    assert alone.outcome == "ready"
    assert team.advice.outcome != "ready"
    assert team.result.overall_score < score_assessment(QUESTIONS, BEST).overall_score


def test_no_team_result_while_a_question_has_no_answer():
    partial = {k: v for k, v in BEST.items() if k != "mfa"}
    assert team_result(QUESTIONS, [Member("owner", partial)]) is None


@pytest.mark.parametrize(
    ("roles", "labels"),
    [
        (["owner", "it_contact"], ("Owner", "IT contact")),
        (["owner", "employee", "employee"], ("Owner", "Employee 1", "Employee 2")),
        ([None, "owner"], ("Respondent", "Owner")),
    ],
)
def test_each_respondent_has_a_label(roles, labels):
    names = {"owner": "Owner", "it_contact": "IT contact", "employee": "Employee"}
    assert member_labels(roles, names, "Respondent") == labels
