"""The app served by a real gunicorn on loopback, and respondents that talk HTTP to it.

Shared by the concurrency and crash tests (and meant for a benchmark): start, wait for /healthz,
find the workers, stop the whole process group, read the server's log; walk the questionnaire
with cookies and the CSRF token like a browser; read back what the database holds.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import gunicorn

from maturity.questionnaire import Questionnaire

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SECRET_KEY = "gunicorn-test-secret-key"  # one fixed key: every worker must accept every cookie
START_SECONDS = 30
STOP_SECONDS = 10
REQUEST_SECONDS = 15
# gunicorn 25.1+ opens a control socket in $HOME by default, shared by every server started there.
NO_CONTROL_SOCKET = ["--no-control-socket"] if gunicorn.version_info >= (25, 1) else []
# What a request raises when its connection is refused, reset, cut off or timed out.
BROKEN_CONNECTION = (OSError, http.client.HTTPException)
CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class ServerError(RuntimeError):
    """gunicorn did not start, or stopped answering."""


def free_port() -> int:
    """A port the kernel just handed out on loopback (free unless someone takes it right now)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def child_pids(parent: int) -> set[int]:
    """The live processes whose parent is `parent`, read from /proc/<pid>/stat."""
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            # "pid (comm) state ppid ...": comm may hold spaces or brackets, so cut at the last ")"
            state, ppid = stat.rpartition(")")[2].split()[:2]
            if int(ppid) == parent and state not in ("Z", "X"):
                children.add(int(entry.name))
    return children


class GunicornServer:
    """`gunicorn 'maturity:create_app()'` with sync workers on a free loopback port."""

    def __init__(self, database: Path, questions: Path, log: Path, workers: int = 4):
        self.database = Path(database)
        self.questions = Path(questions)
        self.log = Path(log)
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            *NO_CONTROL_SOCKET,
            "maturity:create_app()",
        ]

    def environment(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items() if not name.startswith("FLASK_")}
        env.update(
            FLASK_DATABASE=str(self.database),
            FLASK_SECRET_KEY=SECRET_KEY,
            FLASK_QUESTIONS_DIR=str(self.questions),
            PYTHONUNBUFFERED="1",
        )
        return env

    def start(self) -> None:
        """Start gunicorn in its own process group and wait until /healthz answers 200."""
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=PROJECT_ROOT,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited with {self.process.returncode}:\n{self.logs}")
            if self.is_healthy() and len(self.worker_pids()) == self.workers:
                return
            time.sleep(0.1)
        raise ServerError(f"gunicorn did not answer /healthz in {START_SECONDS} s:\n{self.logs}")

    def is_healthy(self) -> bool:
        with contextlib.suppress(*BROKEN_CONNECTION):
            return WebClient(self.port, timeout=1).get("/healthz").status == 200
        return False

    def worker_pids(self) -> set[int]:
        return child_pids(self.process.pid) if self.process else set()

    def stop(self) -> None:
        """SIGTERM to the whole process group, SIGKILL for whatever is left after a while."""
        if self.process is None or self.process.returncode is not None:
            return
        # The group id is the master's pid; it stays ours while the master is not yet reaped.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_SECONDS)

    @property
    def logs(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass(frozen=True)
class Reply:
    status: int
    location: str | None
    text: str


class WebClient:
    """One browser: its own cookies, a new connection per request (sync workers close them)."""

    def __init__(self, port: int, timeout: float = REQUEST_SECONDS):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.statuses: list[int] = []  # of every response, in order

    def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            self.keep_cookies(response.msg.get_all("Set-Cookie") or [])
            self.statuses.append(response.status)
            return Reply(response.status, response.getheader("Location"), text)
        finally:
            connection.close()

    def keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Reply:
        return self.request("POST", path, form)


class LiveRespondent(WebClient):
    """tests.conftest.Respondent over HTTP: one session, one CSRF token for all its forms."""

    def __init__(self, port: int, lang: str = "nl", timeout: float = REQUEST_SECONDS):
        super().__init__(port, timeout)
        self.lang = lang
        self.token = ""

    def start(self, company: str) -> Reply:
        """GET the landing page for a session and its token, then POST the start form."""
        page = self.get(f"/{self.lang}/")
        match = CSRF_PATTERN.search(page.text)
        if page.status != 200 or not match:
            return page
        self.token = match.group(1)
        return self.post(f"/{self.lang}/", {"csrf_token": self.token, "company": company})

    def answer_step(self, step_id: str, answers: dict[str, str]) -> Reply:
        return self.post(f"/{self.lang}/step/{step_id}", {"csrf_token": self.token, **answers})

    def submit(self) -> Reply:
        return self.post(f"/{self.lang}/review", {"csrf_token": self.token})


def planned_answers(questionnaire: Questionnaire, number: int) -> dict[str, dict[str, str]]:
    """Answers per step for respondent `number`, varied so that a mix-up between sessions shows."""
    return {
        step.id: {
            question.id: question.option_ids[(number + index) % len(question.option_ids)]
            for index, question in enumerate(step.questions)
        }
        for step in questionnaire.steps
    }


def stored_assessments(database: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """company -> (status, {question_id: option_id}), read with plain sqlite3 after the run."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        found = {
            company: (status, {})
            for company, status in conn.execute("select company, status from assessments")
        }
        rows = conn.execute(
            "select a.company, q.question_id, q.option_id"
            " from answers q join assessments a on a.id = q.assessment_id"
        )
        for company, question_id, option_id in rows:
            found[company][1][question_id] = option_id
    return found
