"""What the team view of a round shows: read from the store, computed by maturity.team.

Below the blueprints: the client's page shows the latest round's team view, the rounds
blueprint a chosen round's, printable. Only a consultant's pages call it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlite_utils import Database

from maturity import store_clients, store_rounds, team
from maturity.i18n import localized
from maturity.questionnaire import Questionnaire
from maturity.reports import questionnaire_for, recommendation_label
from maturity.store import Assessment
from maturity.store_clients import Client
from maturity.store_rounds import Round
from maturity.workspace import ROLE_LABELS, format_day

NEW_ROUND = "new"
OTHER_RESPONDENT = _l("Respondent")
MIN_TEAM = 2  # respondents before a round has a team view


@dataclass(frozen=True)
class TeamMember:
    label: str  # the role, numbered when it comes twice ("Employee 2")
    assessment: Assessment
    scores: dict[str, float]  # per dimension, as kept at submit


def round_label(found: Round) -> str:
    return _(
        "Team round %(number)d, started %(date)s",
        number=found.number,
        date=format_day(found.created_at[:10], g.lang),
    )


def round_choices(rounds: list[Round]) -> list[tuple[str, str]]:
    """The invitation form's round field: each round, newest first, then a new one."""
    choices = [
        (str(r.number), _("%(round)s: %(count)d invited", round=round_label(r), count=r.invited))
        for r in rounds
    ]
    return [*choices, (NEW_ROUND, _("A new team round"))]


def default_round(rounds: list[Round]) -> str:
    """The newest round, else a new one: invitations made one after another form one team."""
    return str(rounds[0].number) if rounds else NEW_ROUND


def round_for_invitation(db: Database, client: Client, choice: str | None) -> Round:
    """The round an invitation joins: the chosen one, a new one, or (no choice) the default."""
    rounds = store_rounds.client_rounds(db, client.id)
    choice = choice or default_round(rounds)
    chosen = next((r for r in rounds if str(r.number) == choice), None)
    return chosen or store_rounds.start_round(db, client.id)


def team_members(db: Database, client: Client, found: Round) -> list[TeamMember]:
    """The submitted respondents of a round, in the order they submitted, with their labels."""
    assessments = store_rounds.round_assessments(db, found.id)
    scores = store_clients.dimension_scores_of(db, client.id)
    role_labels = {key: str(label) for key, label in ROLE_LABELS.items()}
    labels = team.member_labels(
        [a.respondent_role for a in assessments], role_labels, str(OTHER_RESPONDENT)
    )
    return [
        TeamMember(label, a, scores.get(a.id, {}))
        for label, a in zip(labels, assessments, strict=True)
    ]


def team_context(db: Database, client: Client, found: Round | None) -> dict:
    """The template variables of a round's team view (team is None below two respondents)."""
    if found is None:
        return {"team_round": None, "team": None}
    members = team_members(db, client, found)
    context = {"team_round": found, "team_round_label": round_label(found), "team": None}
    if len(members) < MIN_TEAM:
        return context
    questionnaire = questionnaire_for(members[-1].assessment)  # the newest version answered
    answers = store_clients.load_answers_of(db, [m.assessment.id for m in members])
    core = [team.Member(m.assessment.respondent_role, answers[m.assessment.id]) for m in members]
    combined = team.team_result(questionnaire, core)
    context["team"] = {
        "members": members,
        "questionnaire": questionnaire,
        "dimensions": dimension_titles(questionnaire),
        "gaps": team.find_gaps(questionnaire, core),
        "combined": combined,
        "recommendation": recommendation_label(combined.advice) if combined else None,
        "chart_url": url_for("rounds.team_svg", client_id=client.public_id, number=found.number),
        "threshold": team.GAP_THRESHOLD,
    }
    return context


def dimension_titles(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    return [(step.id, localized(step.title)) for step in questionnaire.dimensions]


def chart_input(members: list[TeamMember]) -> tuple:
    """The team radar's arguments: dimension titles, respondents' labels, their scores."""
    dimensions = dimension_titles(questionnaire_for(members[-1].assessment))
    return (
        tuple(title for _step, title in dimensions),
        tuple(m.label for m in members),
        tuple(tuple(m.scores.get(step, 0.0) for step, _title in dimensions) for m in members),
    )
