"""Languages: the /<lang>/ prefix, the language cookie and Flask-Babel."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote, urlencode

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_babel import Babel, format_date, format_datetime, format_decimal, get_translations
from wtforms.fields.choices import SelectChoice

from maturity.questionnaire import LANGUAGES

DEFAULT_LANGUAGE = "nl"
# URL prefix of every page in a language: other first segments are not routed at all.
LANG_PREFIX = "/<any({}):lang>".format(", ".join(LANGUAGES))
LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français"}
COOKIE_MAX_AGE = 365 * 24 * 3600
# The query arguments a page in another language keeps (its place: a page number, the filters,
# where a step was opened from); any other argument is dropped.
KEPT_QUERY_ARGUMENTS = (
    *("from", "next", "page", "q", "status", "level", "recommendation"),
    *("sort", "order", "before", "after"),
)
MAX_KEPT_ARGUMENT_LENGTH = 200

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
    if response.cache_control.public:  # a shared cache must never hand out someone's cookie
        return response
    response.set_cookie(
        LANGUAGE_COOKIE,
        lang,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure),
    )
    return response


def switch_language_url(lang: str) -> str:
    """The current page in another language: the same path, and the arguments that keep the
    place. Built from the path as text, so that no argument can reach url_for()."""
    if lang not in LANGUAGES:
        lang = g.get("lang") or DEFAULT_LANGUAGE
    segments = request.path.split("/")
    if len(segments) < 2 or segments[1] not in LANGUAGES:
        return f"{request.script_root}/{lang}/"
    segments[1] = lang
    kept = [
        (name, value)
        for name, value in request.args.items(multi=True)
        if name in KEPT_QUERY_ARGUMENTS and len(value) <= MAX_KEPT_ARGUMENT_LENGTH
    ]
    query = f"?{urlencode(kept)}" if kept else ""
    return request.script_root + quote("/".join(segments)) + query


def language_links() -> dict:
    """context_processor: the current page's URL in every language, for the language switch."""
    return {"language_links": {code: switch_language_url(code) for code in LANGUAGES}}


def redirect_to_language_home():
    return redirect(url_for("survey.landing", lang=preferred_language()))


def language_choices() -> list[SelectChoice]:
    """The questionnaire's languages, each by its own name, as a select's choices."""
    return [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


def localized(text: dict[str, str] | None) -> str:
    """The current language's version of a question-bank text."""
    if not text:
        return ""
    return text.get(g.get("lang") or DEFAULT_LANGUAGE) or text[DEFAULT_LANGUAGE]


def request_translations():
    """The request's catalogue from Flask-Babel, looked up once per request and kept in g (so
    for that request only): Flask-Babel looks it up again for every string, and a result page
    has seventy."""
    translations = g.get("translations")
    if translations is None:
        translations = g.translations = get_translations()
    return translations


def install_template_gettext(app: Flask) -> None:
    """The templates' _() and friends as Flask-Babel installs them, on request_translations()."""
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
    app.context_processor(language_links)
    app.url_value_preprocessor(pull_language)
    app.url_defaults(add_language)
    app.after_request(remember_language)
    app.add_url_rule("/", "root", redirect_to_language_home)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        parse_iso=datetime.fromisoformat,
    )
    app.jinja_env.filters["localized"] = localized
