"""The team view's core: gaps between respondents and the answers taken together."""

from __future__ import annotations

import re

import pytest

from maturity import team_chart
from maturity.advice import advise
from maturity.chart import ChartInputError
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
    assert team.disagreements == 4
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


# The team radar -------------------------------------------------------------------------------

CHART_LABELS = ("Rollen", "Afspraken", "Afstemming", "Structuur")
CHART_NAMES = ("Zaakvoerder", "IT-aanspreekpunt", "Medewerker")
CHART_SCORES = ((90.0, 85.0, 70.0, 95.0), (50.0, 40.5, 55.0, 30.0), (60.0, 70.0, 20.0, 45.0))


def test_the_team_radar_is_the_same_svg_for_the_same_team():
    first = team_chart.team_radar_svg(CHART_LABELS, CHART_NAMES, CHART_SCORES)
    team_chart.team_radar_svg.cache_clear()
    assert team_chart.team_radar_svg(CHART_LABELS, CHART_NAMES, CHART_SCORES) == first
    assert first.startswith(b"<?xml") and b"<svg" in first
    other = team_chart.team_radar_svg(CHART_LABELS, CHART_NAMES, CHART_SCORES[::-1])
    assert other != first


def test_each_respondent_has_a_labelled_line_that_reads_in_grey():
    svg = team_chart.team_radar_svg(CHART_LABELS, CHART_NAMES, CHART_SCORES).decode()
    for name in CHART_NAMES:
        assert name in svg  # the legend, as real text
    # Solid, dashed and dotted: three line styles, not only three colours.
    assert len(set(re.findall(r"stroke-dasharray: ([0-9.,]+)", svg))) >= 2
    assert len(set(re.findall(r'<path id="(m[0-9a-f]+)"', svg))) >= 3  # three marker shapes


@pytest.mark.parametrize(
    ("labels", "names", "scores"),
    [
        (CHART_LABELS[:1], CHART_NAMES[:1], ((50.0,),)),  # one dimension is no radar
        (CHART_LABELS, CHART_NAMES, CHART_SCORES[:2]),  # a respondent without scores
        (CHART_LABELS, CHART_NAMES[:1], ((50.0, 60.0, 70.0),)),  # a dimension without a score
        (CHART_LABELS, CHART_NAMES[:1], ((50.0, 60.0, 70.0, 101.0),)),  # off the scale
    ],
)
def test_the_team_radar_refuses_input_that_does_not_fit(labels, names, scores):
    with pytest.raises(ChartInputError):
        team_chart.team_radar_svg(labels, names, scores)
