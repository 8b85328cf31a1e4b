"""Command-line tools under `flask --app maturity`: small commands on the same store functions."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from maturity import db, store
from maturity.questionnaire import QuestionnaireError, count_summary, load_questionnaire_versions


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or bring its schema up to date (apply migrations)."""
    db.apply_migrations(current_app.config["DATABASE"])
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


@click.command("check-questions")
@with_appcontext
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder to check (default: the configured QUESTIONS_DIR).",
)
def check_questions_command(directory: str | None) -> None:
    """Validate the question bank in questions/ and print its counts."""
    try:
        current, versions = load_questionnaire_versions(
            directory or current_app.config["QUESTIONS_DIR"]
        )
    except QuestionnaireError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(count_summary(current))
    older = sorted(set(versions) - {current.version})
    if older:
        click.echo(f"archived versions: {', '.join(older)}")
    click.echo("OK")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path: str) -> None:
    """Write a consistent copy of the database to PATH (safe while the app runs)."""
    target = Path(path)
    if target.exists():
        raise click.ClickException(f"{target} exists already; choose a new file name.")
    connection = db.connect(current_app.config["DATABASE"])
    try:
        connection.execute("VACUUM INTO ?", [str(target)])
    finally:
        connection.close()
    click.echo(f"Backup written to {target}")


@click.command("purge")
@with_appcontext
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Age in days (default: the PURGE_DRAFTS_AFTER_DAYS setting).",
)
def purge_command(days: int | None) -> None:
    """Delete drafts (assessments never submitted) untouched for a number of days."""
    days = days or current_app.config["PURGE_DRAFTS_AFTER_DAYS"]
    connection = db.connect(current_app.config["DATABASE"])
    try:
        removed = store.purge_drafts(connection, days)
    finally:
        connection.close()
    click.echo(f"Deleted {removed} draft(s) untouched for {days} days or more.")


def init_app(app: Flask) -> None:
    for command in (init_db_command, check_questions_command, backup_command, purge_command):
        app.cli.add_command(command)
