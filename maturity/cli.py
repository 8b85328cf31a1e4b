"""Command-line tools under `flask --app maturity`: small commands on the same store functions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from maturity import accounts, db, export, store, store_dashboard
from maturity.questionnaire import QuestionnaireError, count_summary, load_questionnaire_versions
from maturity.reports import all_questionnaires


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
    mask = os.umask(0o077)  # the copy holds password hashes: readable by its owner only
    try:
        connection.execute("VACUUM INTO ?", [str(target)])
    finally:
        os.umask(mask)
        connection.close()
    target.chmod(0o600)
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


def password_rule(value: str) -> str:
    """click value_proc: ask again when the password breaks the rules."""
    try:
        return accounts.check_password(value)
    except accounts.AccountError as exc:
        raise click.UsageError(str(exc)) from None


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(
        "Password", hide_input=True, confirmation_prompt=True, value_proc=password_rule
    )


@click.command("create-consultant")
@with_appcontext
@click.argument("email")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)
def create_consultant_command(email: str, password_stdin: bool) -> None:
    """Create a consultant (IT partner) account; asks for the password twice."""
    try:
        email = accounts.check_email(email)
        password_hash = accounts.hash_password(read_password(password_stdin))
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    connection = db.connect(current_app.config["DATABASE"])
    try:
        store.create_consultant(connection, email, password_hash)
    except store.ConsultantExists:
        raise click.ClickException(f"An account for {email} exists already.") from None
    finally:
        connection.close()
    click.echo(f"Consultant account created: {email}")


@click.command("set-password")
@with_appcontext
@click.argument("email")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)
def set_password_command(email: str, password_stdin: bool) -> None:
    """Give a consultant account a new password; every open login of it ends."""
    try:
        email = accounts.check_email(email)
        password_hash = accounts.hash_password(read_password(password_stdin))
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    connection = db.connect(current_app.config["DATABASE"])
    try:
        changed = store.change_consultant_password(connection, email, password_hash)
    finally:
        connection.close()
    if not changed:
        raise click.ClickException(f"There is no account for {email}.")
    click.echo(f"Password changed for {email}; its open sessions are ended.")


@click.command("export-csv")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--dialect",
    type=click.Choice(list(export.DIALECTS)),
    default=export.DEFAULT_DIALECT.name,
    show_default=True,
    help="excel-nl-be: BOM, semicolons, decimal comma; standard: commas, decimal point.",
)
def export_csv_command(path: str, dialect: str) -> None:
    """Write every assessment to PATH as CSV (`-` for standard output), as the web export."""
    connection = db.connect(current_app.config["DATABASE"])
    try:
        records = store_dashboard.iter_export_records(connection, store.AssessmentFilter())
        chunks = export.csv_chunks(records, all_questionnaires(), export.dialect_named(dialect))
        with click.open_file(path, "wb") as target:
            for chunk in chunks:
                target.write(chunk)
    finally:
        connection.close()
    if path != "-":
        click.echo(f"Export written to {path}", err=True)


def init_app(app: Flask) -> None:
    for command in (
        init_db_command,
        check_questions_command,
        backup_command,
        purge_command,
        create_consultant_command,
        set_password_command,
        export_csv_command,
    ):
        app.cli.add_command(command)
