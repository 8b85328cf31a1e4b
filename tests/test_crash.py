"""A gunicorn worker killed (SIGKILL) while respondents save: nothing half-stored, nothing lost."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from maturity.questionnaire import Questionnaire, load_questionnaire
from tests.conftest import TEST_QUESTIONS
from tests.gunicorn_server import (
    BROKEN_CONNECTION,
    LiveRespondent,
    planned_answers,
    stored_assessments,
)

CLIENTS = 12
KILLS = 3
SAVES_BETWEEN_KILLS = 30
MAX_ASSESSMENTS_PER_CLIENT = 1000  # the loop's bound; the test stops the clients long before
WAIT_SECONDS = 20
REQUEST_SECONDS = 10
SAVED = "saved"  # the POST got its 302
FAILED = "failed"  # the connection broke: its worker died, or the server was away


@dataclass
class Attempt:
    """One respondent's assessment: the answers it meant to give and what came of each step."""

    company: str
    planned: dict[str, dict[str, str]]
    outcomes: dict[str, str] = field(default_factory=dict)


@dataclass
class Clients:
    """What every client thread did, appended to from many threads (list.append is atomic)."""

    attempts: list[Attempt] = field(default_factory=list)
    saves: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def keep_saving(port: int, questionnaire: Questionnaire, client: int, clients: Clients) -> None:
    """Start assessments and save their steps, one after another, until told to stop."""
    for number in range(
        client * MAX_ASSESSMENTS_PER_CLIENT, (client + 1) * MAX_ASSESSMENTS_PER_CLIENT
    ):
        if clients.stop.is_set():
            return
        respondent = LiveRespondent(port, timeout=REQUEST_SECONDS)
        attempt = Attempt(f"Crash {number:05d}", planned_answers(questionnaire, number))
        clients.attempts.append(attempt)
        try:
            walk_steps(respondent, attempt, clients)
        finally:
            clients.statuses.extend(respondent.statuses)


def walk_steps(respondent: LiveRespondent, attempt: Attempt, clients: Clients) -> None:
    """Start, then save each step in order; give the assessment up at the first failure."""
    try:
        reply = respondent.start(attempt.company)
    except BROKEN_CONNECTION as error:
        clients.failures.append(f"{attempt.company} start: {error!r}")
        return
    if reply.status != 302:
        clients.problems.append(f"{attempt.company} start: {reply.status}")
        return
    for step_id, answers in attempt.planned.items():
        try:
            reply = respondent.answer_step(step_id, answers)
        except BROKEN_CONNECTION as error:
            attempt.outcomes[step_id] = FAILED
            clients.failures.append(f"{attempt.company} {step_id}: {error!r}")
            return
        if reply.status != 302:
            clients.problems.append(f"{attempt.company} {step_id}: {reply.status}")
            return
        attempt.outcomes[step_id] = SAVED
        clients.saves.append(step_id)


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT_SECONDS} s for {what}"
        time.sleep(0.05)


def wait_for_more_saves(clients: Clients) -> None:
    goal = len(clients.saves) + SAVES_BETWEEN_KILLS
    wait_until(lambda: len(clients.saves) >= goal, f"{SAVES_BETWEEN_KILLS} more saved steps")


def kill_one_worker(server) -> None:
    """SIGKILL a worker, then wait for gunicorn to boot its replacement."""
    victim = min(server.worker_pids())
    os.kill(victim, signal.SIGKILL)
    wait_until(
        lambda: len(pids := server.worker_pids()) == server.workers and victim not in pids,
        f"gunicorn to replace worker {victim}",
    )


def mismatches(attempt: Attempt, stored: dict[str, str]) -> list[str]:
    """Steps whose stored answers are not what their outcome allows: all, or all or nothing."""
    found = []
    for step_id, planned in attempt.planned.items():
        kept = {q: stored[q] for q in planned if q in stored}
        outcome = attempt.outcomes.get(step_id)
        allowed = {SAVED: [planned], FAILED: [{}, planned]}.get(outcome, [{}])
        if kept not in allowed:
            found.append(f"{attempt.company} {step_id} ({outcome}): {kept} not in {allowed}")
    planned_questions = {q for answers in attempt.planned.values() for q in answers}
    if set(stored) - planned_questions:
        found.append(f"{attempt.company}: unplanned answers {set(stored) - planned_questions}")
    return found


@pytest.mark.slow
def test_killed_worker_leaves_every_saved_step_whole(gunicorn_server):
    questionnaire = load_questionnaire(TEST_QUESTIONS)
    clients = Clients()
    threads = [
        threading.Thread(
            target=keep_saving,
            args=(gunicorn_server.port, questionnaire, client, clients),
            daemon=True,
        )
        for client in range(CLIENTS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        for _ in range(KILLS):
            wait_for_more_saves(clients)
            kill_one_worker(gunicorn_server)
        wait_for_more_saves(clients)  # the replacement workers serve too
    finally:
        clients.stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_SECONDS * 2)
    elapsed = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads)
    gunicorn_server.stop()
    print(
        f"{len(clients.statuses)} responses, {len(clients.saves)} steps saved,"
        f" {len(clients.failures)} requests broken by {KILLS} kills in {elapsed:.1f} s"
    )

    with contextlib.closing(sqlite3.connect(gunicorn_server.database)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = stored_assessments(gunicorn_server.database)
    found = [
        mismatch
        for attempt in clients.attempts
        for mismatch in mismatches(attempt, stored.get(attempt.company, ("", {}))[1])
    ]
    assert found == []
    assert clients.problems == []
    assert len(clients.failures) <= KILLS, clients.failures  # a sync worker holds one request
    assert [status for status in clients.statuses if status >= 500] == []
    assert "database is locked" not in gunicorn_server.logs
