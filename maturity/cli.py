"""Command-line tools under `flask --app maturity`: small commands on the same store functions."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.datastructures import MultiDict

from maturity import (
    accounts,
    db,
    downloads,
    export,
    json_export,
    partner_store,
    store,
    store_dashboard,
    workbook,
)
from maturity.forms import PartnerForm
from maturity.questionnaire import (
    LANGUAGES,
    QuestionnaireError,
    count_summary,
    load_questionnaire_versions,
)
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


password_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)


def email_and_password_hash(email: str, password_stdin: bool) -> tuple[str, str]:
    """The account's normalised address and the hash of the password it is given."""
    try:
        email = accounts.check_email(email)
        return email, accounts.hash_password(read_password(password_stdin))
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("create-consultant")
@with_appcontext
@click.argument("email")
@password_stdin_option
def create_consultant_command(email: str, password_stdin: bool) -> None:
    """Create a consultant (IT partner) account; asks for the password twice."""
    email, password_hash = email_and_password_hash(email, password_stdin)
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
@password_stdin_option
def set_password_command(email: str, password_stdin: bool) -> None:
    """Give a consultant account a new password; every open login of it ends."""
    email, password_hash = email_and_password_hash(email, password_stdin)
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
    questionnaires, csv_dialect = all_questionnaires(), export.dialect_named(dialect)
    write_export(path, lambda records: export.csv_chunks(records, questionnaires, csv_dialect))


@click.command("export-xlsx")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="nl",
    show_default=True,
    help="The language of the headers, labels and explanation sheet.",
)
def export_xlsx_command(path: str, language: str) -> None:
    """Write every assessment to PATH as an Excel workbook, as the web export."""
    connection = db.connect(current_app.config["DATABASE"])
    try:
        records = store_dashboard.iter_export_records(connection, store.AssessmentFilter())
        count = workbook.write_workbook(path, records, all_questionnaires(), language)
    finally:
        connection.close()
    click.echo(f"{count} assessment(s) written to {path}", err=True)


@click.command("export-json")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
def export_json_command(path: str) -> None:
    """Write every assessment to PATH as JSON Lines (`-` for standard output), as the web export."""
    write_export(path, json_export.iter_json_lines)


def write_export(path: str, write) -> None:
    """Every assessment through a writer into PATH (`-`: standard output), as the web export."""
    chunks = downloads.stream_export(
        current_app.config["DATABASE"], store.AssessmentFilter(), write
    )
    with contextlib.closing(chunks), click.open_file(path, "wb") as target:
        for chunk in chunks:  # closing(): a failed write still closes the connection
            target.write(chunk)
    if path != "-":
        click.echo(f"Export written to {path}", err=True)


@click.command("set-partner")
@with_appcontext
@click.option("--name", required=True, help="The IT partner's name, shown on every page.")
@click.option("--email", default=None, help="E-mail address; contact requests are sent there.")
@click.option("--phone", default=None, help="Phone number.")
@click.option("--website", default=None, help="Website (https://...).")
@click.option("--booking-url", default=None, help="Link to book a meeting (https://...).")
def set_partner_command(
    name: str, email: str | None, phone: str | None, website: str | None, booking_url: str | None
) -> None:
    """Set the IT partner's profile; options left out are cleared (the logo is kept: it is
    uploaded in the consultant's settings)."""
    profile = {
        "name": name,
        "email": email,
        "phone": phone,
        "website": website,
        "booking_url": booking_url,
    }
    problems = check_partner_profile(profile)
    if problems:
        raise click.ClickException("; ".join(problems))
    connection = db.connect(current_app.config["DATABASE"])
    try:
        partner_store.save_partner_profile(
            connection, **{k: v and v.strip() for k, v in profile.items()}
        )
    finally:
        connection.close()
    click.echo(f"Partner profile saved: {name.strip()}")


def check_partner_profile(profile: dict) -> list[str]:
    """The profile through the settings page's form checks; its messages, in English."""
    with current_app.test_request_context("/en/consultant/settings", method="POST"):
        form = PartnerForm(formdata=MultiDict(profile), meta={"csrf": False})
        form.validate()
        return [
            f"--{name.replace('_', '-')}: {message}"
            for name, messages in form.errors.items()
            for message in messages
        ]


def init_app(app: Flask) -> None:
    for command in (
        init_db_command,
        check_questions_command,
        backup_command,
        purge_command,
        create_consultant_command,
        set_password_command,
        export_csv_command,
        export_xlsx_command,
        export_json_command,
        set_partner_command,
    ):
        app.cli.add_command(command)
