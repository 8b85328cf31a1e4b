"""Many respondents at once on gunicorn's four workers: every assessment and answer arrives."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor, wait
from functools import partial

import pytest

from maturity.questionnaire import Questionnaire, load_questionnaire
from maturity.store import SUBMITTED
from tests.conftest import TEST_QUESTIONS
from tests.gunicorn_server import (
    BROKEN_CONNECTION,
    LiveRespondent,
    planned_answers,
    stored_assessments,
)

CLIENTS = 50
ASSESSMENTS = 200
TIME_LIMIT_SECONDS = 60  # about 10 s on two idle cores; the bound stops a hang, not a slow run


def complete_assessment(
    port: int, questionnaire: Questionnaire, number: int
) -> tuple[str | None, list[int]]:
    """One respondent from landing page to submit; returns what went wrong and every status."""
    respondent = LiveRespondent(port)
    steps = planned_answers(questionnaire, number)
    following = [*(f"/nl/step/{step_id}" for step_id in list(steps)[1:]), "/nl/review"]
    actions = [("start", partial(respondent.start, company(number)), "/nl/step/context")]
    for (step_id, answers), location in zip(steps.items(), following, strict=True):
        actions.append((step_id, partial(respondent.answer_step, step_id, answers), location))
    actions.append(("submit", respondent.submit, "/nl/result"))
    for what, action, location in actions:
        try:
            reply = action()
        except BROKEN_CONNECTION as error:
            return f"{company(number)} {what}: {error!r}", respondent.statuses
        if (reply.status, reply.location) != (302, location):
            return f"{company(number)} {what}: {reply.status} {reply.location}", respondent.statuses
    return None, respondent.statuses


def company(number: int) -> str:
    return f"Concurrent {number:03d}"


@pytest.mark.slow
def test_fifty_clients_complete_two_hundred_assessments(gunicorn_server):
    questionnaire = load_questionnaire(TEST_QUESTIONS)
    started = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=CLIENTS)
    try:
        futures = [
            pool.submit(complete_assessment, gunicorn_server.port, questionnaire, number)
            for number in range(ASSESSMENTS)
        ]
        _, late = wait(futures, timeout=TIME_LIMIT_SECONDS)
    finally:
        # Past the limit, fail now: stopping the server ends the requests still waiting.
        pool.shutdown(wait=False, cancel_futures=True)
    elapsed = time.monotonic() - started
    assert not late, f"{len(late)} assessments not done in {TIME_LIMIT_SECONDS} s"
    outcomes = [future.result() for future in futures]
    problems = [problem for problem, _ in outcomes if problem]
    statuses = [status for _, replies in outcomes for status in replies]
    print(f"{len(statuses)} requests by {CLIENTS} clients in {elapsed:.1f} s")

    assert problems == [], f"{len(problems)} failed, first: {problems[:5]}"
    assert [status for status in statuses if status >= 500] == []
    assert len(statuses) == ASSESSMENTS * (len(questionnaire.steps) + 3)
    stored = stored_assessments(gunicorn_server.database)
    assert stored == {
        company(number): (
            SUBMITTED,
            {
                q: o
                for step in planned_answers(questionnaire, number).values()
                for q, o in step.items()
            },
        )
        for number in range(ASSESSMENTS)
    }
    assert sum(len(answers) for _, answers in stored.values()) == ASSESSMENTS * len(
        questionnaire.questions
    )
    assert "database is locked" not in gunicorn_server.logs
