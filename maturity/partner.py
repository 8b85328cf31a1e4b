"""The IT partner who offers the scan, as every page shows it; below the blueprints.

Read once per request (when a page first needs it), never kept across requests: a profile
change shows on the next page.
"""

from __future__ import annotations

import re
import sqlite3

from flask import Flask, abort, current_app, g, url_for
from flask_babel import gettext as _

from maturity import partner_store
from maturity.db import get_db
from maturity.partner_store import Partner

LOGO_MAX_AGE = 365 * 24 * 3600  # a logo's URL carries its version: a new logo, a new URL
STAMP = re.compile(r"[0-9]{8,20}")


def current_partner() -> Partner | None:
    """The partner's profile, or None without one (or when the database cannot be read, so
    that an error page never fails on it)."""
    if "partner" not in g:
        try:
            g.partner = partner_store.find_partner(get_db())
        except sqlite3.Error:
            current_app.logger.exception("Reading the partner's profile failed")
            g.partner = None
    return g.partner


def partner_name(partner: Partner | None) -> str:
    """The partner's name, or "your IT partner" in the page's language."""
    return partner.name if partner else _("your IT partner")


def logo_stamp(partner: Partner) -> str:
    return re.sub(r"[^0-9]", "", partner.logo_updated_at or "")


def logo_url(partner: Partner | None) -> str | None:
    if partner is None or not partner.has_logo:
        return None
    return url_for("partner_logo", stamp=logo_stamp(partner))


def partner_context() -> dict:
    """context_processor: the partner on every page (the header, footer, result, privacy)."""
    partner = current_partner()
    return {
        "partner": partner,
        "partner_name": partner_name(partner),
        "partner_logo_url": logo_url(partner),
    }


def serve_logo(stamp: str):
    """The partner's logo as stored (a PNG the app re-encoded itself)."""
    partner = current_partner()
    if not STAMP.fullmatch(stamp) or partner is None or logo_stamp(partner) != stamp:
        abort(404)
    png = partner_store.load_partner_logo(get_db()) or abort(404)
    response = current_app.response_class(png, mimetype="image/png")
    response.cache_control.public = True
    response.cache_control.max_age = LOGO_MAX_AGE
    return response


def init_app(app: Flask) -> None:
    app.context_processor(partner_context)
    app.add_url_rule("/partner/logo-<stamp>.png", "partner_logo", serve_logo)
