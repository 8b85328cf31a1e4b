"""Languages: the /<lang>/ prefix, the language cookie and Flask-Babel."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_babel import Babel, format_date, format_decimal, get_translations

from maturity.questionnaire import LANGUAGES

DEFAULT_LANGUAGE = "nl"
# URL prefix of every page in a language: other first segments are not routed at all.
LANG_PREFIX = "/<any({}):lang>".format(", ".join(LANGUAGES))
LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français"}
COOKIE_MAX_AGE = 365 * 24 * 3600

babel = Babel()


def select_locale() -> str:
    return g.get("lang") or preferred_language()


def preferred_language() -> str:
    """The language for a request without one in its URL: cookie, Accept-Language, Dutch."""
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def pull_language(endpoint: str | None, values: dict | None) -> None:
    """url_value_preprocessor: take <lang> out of the URL into g, 404 for unknown languages."""
    if values is None or "lang" not in values:
        return
    lang = values.pop("lang")
    if lang not in LANGUAGES:
        abort(404)
    g.lang = lang


def add_language(endpoint: str, values: dict) -> None:
    """url_defaults: every url_for() keeps the current language unless told otherwise."""
    if "lang" in values or not g.get("lang"):
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = g.lang


def remember_language(response):
    """Keep the chosen language in a cookie so that / sends the user back to it."""
    lang = g.get("lang")
    if not lang or request.cookies.get(LANGUAGE_COOKIE) == lang:
        return response
    if "public" in response.headers.get("Cache-Control", ""):  # a shared cache must never
        return response  # hand out someone's cookie
    response.set_cookie(
        LANGUAGE_COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True
    )
    return response


def switch_language_url(lang: str) -> str:
    """The current page in another language, with the same arguments (place is kept)."""
    if lang not in LANGUAGES:
        lang = g.get("lang") or DEFAULT_LANGUAGE
    if not request.endpoint or request.url_rule is None:
        return url_for("survey.landing", lang=lang)
    if "lang" not in request.url_rule.arguments:
        return url_for("survey.landing", lang=lang)
    args = dict(request.view_args or {})
    args.update(request.args.to_dict())
    args["lang"] = lang
    return url_for(request.endpoint, **args)


def redirect_to_language_home():
    return redirect(url_for("survey.landing", lang=preferred_language()))


def localized(text: dict[str, str] | None) -> str:
    """The current language's version of a question-bank text."""
    if not text:
        return ""
    return text.get(g.get("lang") or DEFAULT_LANGUAGE) or text[DEFAULT_LANGUAGE]


def request_translations():
    """The request's catalogue, looked up once per request (Flask-Babel does it per string)."""
    translations = g.get("translations")
    if translations is None:
        translations = g.translations = get_translations()
    return translations


def install_template_gettext(app: Flask) -> None:
    """The templates' _() and friends as Flask-Babel installs them, on the request's catalogue."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    app.url_value_preprocessor(pull_language)
    app.url_defaults(add_language)
    app.after_request(remember_language)
    app.add_url_rule("/", "root", redirect_to_language_home)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        switch_language_url=switch_language_url,
        format_date=format_date,
        format_decimal=format_decimal,
        parse_iso=datetime.fromisoformat,
    )
    app.jinja_env.filters["localized"] = localized
