"""Team rounds of a client: the printable team view of a round and its radar chart."""

from __future__ import annotations

import hashlib

from flask import Blueprint, abort, current_app, render_template, request

from maturity import store_clients, store_rounds, team_chart, team_view
from maturity.db import get_db
from maturity.i18n import LANG_PREFIX
from maturity.store_clients import Client
from maturity.store_rounds import Round
from maturity.workspace import require_login, workspace_context

bp = Blueprint("rounds", __name__, url_prefix=f"{LANG_PREFIX}/consultant/clients")
bp.before_request(require_login)
bp.context_processor(workspace_context)


MAX_ROUND_NUMBER = 10**6  # far beyond any real count, and within SQLite's integers


def find_round_or_404(client_id: str, number: int) -> tuple[Client, Round]:
    client = None
    if len(client_id) == store_clients.CLIENT_ID_LENGTH and number <= MAX_ROUND_NUMBER:
        client = store_clients.find_client(get_db(), client_id)
    found = store_rounds.find_round(get_db(), client.id, number) if client else None
    if found is None:
        abort(404)
    return client, found


@bp.route("/<client_id>/rounds/<int:number>")
def team(client_id: str, number: int):
    """A round's team view on its own page, for print."""
    client, found = find_round_or_404(client_id, number)
    return render_template(
        "consultant/team.html",
        client=client,
        rounds=store_rounds.client_rounds(get_db(), client.id),
        **team_view.team_context(get_db(), client, found),
    )


@bp.route("/<client_id>/rounds/<int:number>/team.svg")
def team_svg(client_id: str, number: int):
    """The round's radar: one line per respondent."""
    client, found = find_round_or_404(client_id, number)
    members = team_view.team_members(get_db(), client, found)
    if len(members) < team_view.MIN_TEAM:
        abort(404)
    svg = team_chart.team_radar_svg(*team_view.chart_input(members))
    response = current_app.response_class(svg, mimetype="image/svg+xml")
    response.set_etag(hashlib.sha256(svg).hexdigest()[:32])
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)
