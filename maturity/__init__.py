"""The IT maturity scan: a Flask application factory."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from maturity import (
    cli,
    clients,
    consultant,
    contact,
    db,
    errors,
    i18n,
    mail,
    partner,
    reports,
    rounds,
    security,
    settings,
    survey,
)
from maturity.questionnaire import load_questionnaire_versions

PROJECT_ROOT = Path(__file__).resolve().parent.parent

csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then FLASK_* environment variables, then test_config."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(default_config(app))
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)
    if app.config["PRODUCTION"]:
        app.config["DEBUG"] = (
            False  # never the debugger in production, whatever the environment says
        )
    if not app.config.get("SECRET_KEY"):
        if app.config["PRODUCTION"]:
            raise security.MissingSecretKey(
                "Set FLASK_SECRET_KEY to a long random string before serving in production."
            )
        app.config["SECRET_KEY"] = load_or_create_dev_secret(Path(app.instance_path))
    keep_matplotlib_cache_in(Path(app.instance_path))

    current, versions = load_questionnaire_versions(app.config["QUESTIONS_DIR"])
    app.extensions["questionnaire"] = current
    app.extensions["questionnaires"] = versions
    db.apply_migrations(app.config["DATABASE"])

    settings.init_app(app)  # before CSRFProtect, which reads the form
    csrf.init_app(app)
    security.init_app(app)
    mail.init_app(app)
    partner.init_app(app)
    reports.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    register_blueprints(app)
    return app


def default_config(app: Flask) -> dict:
    return {
        "DATABASE": str(Path(app.instance_path) / "maturity.sqlite"),
        # Served by gunicorn means production: no generated secret key, no debug mode.
        "PRODUCTION": os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn"),
        "PROXY_FIX": 0,
        "PURGE_DRAFTS_AFTER_DAYS": 90,
        "SESSION_COOKIE_SECURE": False,
        "QUESTIONS_DIR": str(PROJECT_ROOT / "questions"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 90,
        # The cookie is written when the session changes (a scan starts or is resumed, a form
        # token is made, a consultant logs in), not on every page; the resume link outlives it.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "MAX_FORM_MEMORY_SIZE": 16 * 1024,
        "WTF_CSRF_TIME_LIMIT": 60 * 60 * 8,
        "WTF_I18N_ENABLED": True,
        "LOGIN_MAX_FAILURES": 5,  # per consultant account and per client address ...
        "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,  # ... within this window
        "CONSULTANT_SESSION_SECONDS": 60 * 60 * 12,  # a consultant logs in again after this
        "BABEL_DEFAULT_LOCALE": i18n.DEFAULT_LANGUAGE,
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
    }


def load_or_create_dev_secret(instance: Path) -> str:
    """A development key written once into instance/, shared by every process that starts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)  # atomic: the first process to start wins, the others read it
        draft.unlink()
    return path.read_text().strip()


def keep_matplotlib_cache_in(instance: Path) -> None:
    """Matplotlib's font cache in instance/ (built once, not on every start) unless set already."""
    if "MPLCONFIGDIR" in os.environ:
        return
    folder = instance / "matplotlib"
    with contextlib.suppress(OSError):  # not writable: matplotlib picks a temporary folder itself
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["MPLCONFIGDIR"] = str(folder)


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(survey.bp)
    app.register_blueprint(contact.bp)
    app.register_blueprint(consultant.bp)
    app.register_blueprint(clients.bp)
    app.register_blueprint(rounds.bp)
    app.add_url_rule("/healthz", "healthz", healthz)


def healthz():
    """200 when the database can be read, 503 when it cannot."""
    try:
        db.get_db().execute("select count(*) from assessments").fetchone()
    except sqlite3.Error:
        return {"status": "database unavailable"}, 503
    return {"status": "ok"}
