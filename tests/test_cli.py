"""Command-line tools: every command has help, and each does what it says."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from maturity.db import connect
from tests.conftest import REAL_QUESTIONS, TEST_QUESTIONS, TINY_STEPS, Respondent


def test_every_command_has_help(app, runner):
    commands = list(app.cli.list_commands(None))
    assert {"init-db", "check-questions", "backup", "purge"} <= set(commands)
    for name in commands:
        command = app.cli.get_command(None, name)
        assert command.help, f"{name} has no help text"
        result = runner.invoke(args=[name, "--help"])
        assert result.exit_code == 0, result.output


def test_check_questions_prints_counts_of_the_real_bank(runner):
    result = runner.invoke(args=["check-questions", "--dir", str(REAL_QUESTIONS)])
    assert result.exit_code == 0, result.output
    assert "roles (dimension): 8 questions" in result.output
    assert result.output.rstrip().endswith("OK")


def test_check_questions_names_the_fault(runner, tmp_path):
    bank = tmp_path / "q"
    shutil.copytree(TEST_QUESTIONS, bank)
    path = bank / "tools.toml"
    path.write_text(path.read_text().replace("score = 4", "score = 7", 1))
    result = runner.invoke(args=["check-questions", "--dir", str(bank)])
    assert result.exit_code == 1
    assert "tools.toml: backups option backups-full: score 7 out of range 0..4" in result.output


def test_init_db_applies_migrations(app, runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    db = connect(app.config["DATABASE"])
    assert {"assessments", "answers"} <= set(db.table_names())
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    db.close()


def test_backup_writes_a_consistent_copy(app, runner, respondent, tmp_path):
    respondent.start("Garage Dubois")
    target = tmp_path / "backup.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_mode & 0o777 == 0o600  # it holds the consultants' password hashes
    copy = sqlite3.connect(target)
    assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert copy.execute("select company from assessments").fetchall() == [("Garage Dubois",)]
    copy.close()
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code == 1 and "exists already" in again.output


def test_purge_deletes_only_old_drafts(app, runner, client):
    for company in ("Old draft", "New draft", "Old but submitted"):
        respondent = Respondent(app.test_client())
        respondent.start(company)
        if company == "Old but submitted":
            respondent.answer_all()
            respondent.submit()
    long_ago = (datetime.now(UTC) - timedelta(days=100)).isoformat(timespec="seconds")
    db = connect(app.config["DATABASE"])
    db.execute(
        "update assessments set updated_at = ? where company in (?, ?)",
        [long_ago, "Old draft", "Old but submitted"],
    )
    result = runner.invoke(args=["purge", "--days", "90"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 draft" in result.output
    remaining = sorted(r["company"] for r in db.query("select company from assessments"))
    assert remaining == ["New draft", "Old but submitted"]
    answered = sum(len(step) for step in TINY_STEPS.values())  # only the submitted one's
    assert db.execute("select count(*) from answers").fetchone()[0] == answered
    db.close()


@pytest.mark.parametrize("bad", ["0", "-3", "soon"])
def test_purge_refuses_nonsense_days(runner, bad):
    assert runner.invoke(args=["purge", "--days", bad]).exit_code == 2
