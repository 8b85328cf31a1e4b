"""Benchmark: the app under gunicorn over 100,000 assessments, against references in the same run.

Run from the project's root (needs Debian's wrk and sqlite3: `apt-get install -y wrk sqlite3`):

    .venv/bin/python -m tests.benchmarks.run

It fills a scratch SQLite database, serves the app and a "hello world" Flask app with the same
gunicorn settings (2 sync workers, loopback, free ports), loads each page with wrk from a
separate process, times the CSV export against the sqlite3 tool, renders the chart in-process,
and prints a table with every target marked MET or NOT MET.

Throughput is compared with the reference's, measured right before and after each page, so that
other work on the machine weighs on both alike. Server time comes from a pass with one client at
a time: gunicorn's own request time (%(D)s in its access log) and the workers' CPU time per
request (from /proc). The targets take the smaller of the two: on a busy machine the first
also counts the time a worker waits for a core.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import gunicorn

from maturity import chart, store, store_dashboard
from maturity.questionnaire import Questionnaire, load_questionnaire
from maturity.reports import derived_result
from tests.benchmarks.fill import add_client_with_history, client_with_history, fill_database
from tests.gunicorn_server import (
    BROKEN_CONNECTION,
    CSRF_PATTERN,
    HOST,
    PROJECT_ROOT,
    GunicornServer,
    LiveRespondent,
    WebClient,
    planned_answers,
)

HERE = Path(__file__).resolve().parent
QUESTIONS = PROJECT_ROOT / "questions"
LOAD_SCRIPT = HERE / "load.lua"
APP_TARGET = "maturity:create_app()"
REFERENCE_TARGET = "tests.benchmarks.hello:app"
WORKERS = 2
CONNECTIONS = 20
LOAD_SECONDS = 6
WARMUP_SECONDS = 1
SERVER_TIME_SECONDS = 2  # one client, one request at a time: the server's own time per request
EXPORT_TIMEOUT = 300
QUIESCE_SECONDS = 60  # at most, for the requests a run left queued (cold charts: a few s)
IDLE_TICKS = 1  # CPU ticks (10 ms) two idle sync workers may use in 0.3 s (heartbeats)
LANG = "nl"
CONSULTANT_EMAIL = "benchmark@example.be"
CONSULTANT_PASSWORD = "benchmark-password-1234"  # a scratch account
FLASK_COMMAND = (sys.executable, "-m", "flask", "--app", "maturity")
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"  # method, path, status, microseconds
CHART_IMG = re.compile(r'<img src="([^"]+\.svg)"')
MEMORY_SAMPLE_SECONDS = 0.005
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
REFERENCE_SECONDS = 3  # the reference runs between two pages
MB = 1024 * 1024

# Targets (issue 9, the shares lowered by issue 13: no page stencils, no request-keyed caches)
STEP_SHARE, RESULT_SHARE = 0.30, 0.30
P99_MS = 50
CHART_COLD_MS, CHART_WARM_MS = 80, 1
DASHBOARD_MS = 20
CLIENT_PAGE_MS = 20  # issue 16: a client's page with 50 assessments
CLIENT_ASSESSMENTS = 50
EXPORT_RATIO, EXPORT_GROWTH_MB = 3, 50


class BenchmarkError(RuntimeError):
    """A page did not answer as a respondent's or consultant's browser would expect."""


# Servers -----------------------------------------------------------------------------------


class BenchServer(GunicornServer):
    """GunicornServer with an access log of request times, serving any WSGI target."""

    def __init__(self, target: str, workdir: Path, name: str, database: Path):
        super().__init__(
            database=database, questions=QUESTIONS, log=workdir / f"{name}.log", workers=WORKERS
        )
        self.target = target
        self.access_log = workdir / f"{name}-access.log"
        self.started_at: float | None = None
        self.healthy_after: float | None = None

    def command(self) -> list[str]:
        base = super().command()
        if base[-1] != APP_TARGET:
            raise BenchmarkError(f"unexpected gunicorn command line: {base}")
        access = ["--access-logfile", str(self.access_log)]
        return [*base[:-1], *access, "--access-logformat", ACCESS_LOG_FORMAT, self.target]

    def start(self) -> None:
        self.started_at = time.monotonic()
        super().start()

    def is_healthy(self) -> bool:
        healthy = super().is_healthy() if self.target == APP_TARGET else self.answers_root()
        if healthy and self.healthy_after is None:
            self.healthy_after = time.monotonic() - self.started_at
        return healthy

    def answers_root(self) -> bool:
        with contextlib.suppress(*BROKEN_CONNECTION):
            return WebClient(self.port, timeout=1).get("/").status == 200
        return False

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def cpu_ticks(self) -> int:
        """CPU time (clock ticks) the workers have used so far, from /proc/<pid>/stat."""
        total = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    def wait_until_idle(self, interval: float = 0.3, limit: float = QUIESCE_SECONDS) -> None:
        """Until the workers stop using CPU: the requests a finished run left queued are done."""
        deadline = time.monotonic() + limit
        before = self.cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(interval)
            after = self.cpu_ticks()
            if after - before <= IDLE_TICKS:
                return
            before = after

    def request_times_ms(self, since: int) -> list[float]:
        """gunicorn's time of every request logged after byte `since`, in milliseconds."""
        with self.access_log.open("rb") as log:
            log.seek(since)
            lines = log.read().decode(errors="replace").splitlines()
        return [int(line.split()[-1]) / 1000 for line in lines if line.strip()]


@contextlib.contextmanager
def running(server: BenchServer) -> Iterator[BenchServer]:
    """Start the server; stop its whole process group however the block ends."""
    try:
        server.start()
        yield server
    finally:
        server.stop()


# Load --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    method: str = "GET"
    cookie: str = ""
    body: str = ""
    expect: int = 200
    chart_prefix: str = ""  # a new random chart on every request ...
    chart_suffix: str = ".svg"  # ... its URL ends so


@dataclass
class LoadResult:
    scenario: Scenario
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    failures: int  # connection errors, timeouts and responses with another status than expected
    server_ms: float  # median of gunicorn's own request time, one client at a time
    cpu_ms: float  # the workers' CPU time per request in that same pass
    server_samples: int
    reference_rps: float | None = None  # the reference's, measured just before and after

    @property
    def share(self) -> float | None:
        return self.requests_per_second / self.reference_rps if self.reference_rps else None

    @property
    def server_cost_ms(self) -> float:
        """The server-time figure the targets are judged on (see the module docstring)."""
        return min(self.server_ms, self.cpu_ms)


def run_wrk(server: BenchServer, scenario: Scenario, connections: int, seconds: float) -> dict:
    """One bounded wrk run from its own process; the counts and percentiles of load.lua."""
    env = {
        **os.environ,
        "BENCH_METHOD": scenario.method,
        "BENCH_PATH": scenario.path,
        "BENCH_BODY": scenario.body,
        "BENCH_COOKIE": scenario.cookie,
        "BENCH_CHART_PREFIX": scenario.chart_prefix,
        "BENCH_CHART_SUFFIX": scenario.chart_suffix,
        "BENCH_EXPECT": str(scenario.expect),
    }
    command = [
        "wrk",
        "--threads",
        "1",  # wrk shares the 2 cores with the workers: one thread outruns both of them
        "--connections",
        str(connections),
        "--duration",
        f"{int(seconds)}s",
        "--timeout",
        "10s",
        "--script",
        str(LOAD_SCRIPT),
        server.url + scenario.path,
    ]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line.removeprefix("BENCH-JSON "))
    raise BenchmarkError(f"wrk gave no figures for {scenario.name}:\n{done.stdout}{done.stderr}")


def measure(server: BenchServer, scenario: Scenario, seconds: float) -> LoadResult:
    """Warm up, load with CONNECTIONS clients, then time the server with a single client."""
    run_wrk(server, scenario, CONNECTIONS, WARMUP_SECONDS)
    server.wait_until_idle()
    figures = run_wrk(server, scenario, CONNECTIONS, seconds)
    server.wait_until_idle()
    offset, ticks = server.log_offset(), server.cpu_ticks()
    run_wrk(server, scenario, 1, SERVER_TIME_SECONDS)
    server.wait_until_idle()
    cpu_seconds = (server.cpu_ticks() - ticks) / CLOCK_TICKS
    times = server.request_times_ms(offset)
    failures = figures["errors"] + figures["timeouts"] + figures["unexpected"]
    return LoadResult(
        scenario=scenario,
        requests_per_second=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        failures=failures,
        server_ms=statistics.median(times) if times else float("nan"),
        cpu_ms=cpu_seconds * 1000 / len(times) if times else float("nan"),
        server_samples=len(times),
    )


# Sessions: a respondent on a step, a respondent with a result, a consultant -----------------


def cookie_header(client: WebClient) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def expect_status(reply, status: int, what: str) -> None:
    if reply.status != status:
        raise BenchmarkError(f"{what}: expected {status}, got {reply.status}\n{reply.text[:2000]}")


def respondent_on_step(port: int, questionnaire: Questionnaire) -> tuple[LiveRespondent, str, str]:
    """A respondent past the first step: the second step's path and a valid POST body for it."""
    respondent = LiveRespondent(port, LANG)
    answers = planned_answers(questionnaire, 1)
    first, second = questionnaire.steps[0], questionnaire.steps[1]
    expect_status(respondent.start("Benchmark stap BV"), 302, "start an assessment")
    expect_status(respondent.answer_step(first.id, answers[first.id]), 302, "answer a step")
    path = f"/{LANG}/step/{second.id}"
    expect_status(respondent.get(path), 200, "step page")
    form = {"csrf_token": respondent.token, **answers[second.id], "action": "next"}
    reply = respondent.post(path, form)
    expect_status(reply, 302, "post a step")
    if not reply.location or second.id in reply.location:
        raise BenchmarkError(f"a valid step was not accepted: redirected to {reply.location}")
    return respondent, path, urlencode(form)


def respondent_with_result(port: int, questionnaire: Questionnaire) -> tuple[LiveRespondent, str]:
    """A respondent who submitted; the chart URL of the result page."""
    respondent = LiveRespondent(port, LANG)
    expect_status(respondent.start("Benchmark resultaat NV"), 302, "start an assessment")
    for step_id, answers in planned_answers(questionnaire, 2).items():
        expect_status(respondent.answer_step(step_id, answers), 302, f"answer step {step_id}")
    expect_status(respondent.submit(), 302, "submit")
    page = respondent.get(f"/{LANG}/result")
    expect_status(page, 200, "result page")
    match = CHART_IMG.search(page.text)
    if not match:
        raise BenchmarkError("no chart <img> on the result page")
    return respondent, match.group(1).replace("&amp;", "&")


def create_consultant(database: Path) -> None:
    """With the operator's command, as README says: `flask --app maturity create-consultant`."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("FLASK_")}
    env.update(FLASK_DATABASE=str(database), FLASK_QUESTIONS_DIR=str(QUESTIONS))
    env["FLASK_SECRET_KEY"] = "benchmark-cli-key"  # the command signs nothing
    subprocess.run(
        [*FLASK_COMMAND, "create-consultant", CONSULTANT_EMAIL, "--password-stdin"],
        input=CONSULTANT_PASSWORD + "\n",
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )


def logged_in_consultant(port: int) -> WebClient:
    client = WebClient(port)
    path = f"/{LANG}/consultant/login"
    page = client.get(path)
    expect_status(page, 200, "login page")
    token = CSRF_PATTERN.search(page.text).group(1)
    form = {"csrf_token": token, "email": CONSULTANT_EMAIL, "password": CONSULTANT_PASSWORD}
    expect_status(client.post(path, form), 302, "log in")
    expect_status(client.get(f"/{LANG}/consultant/"), 200, "dashboard")
    return client


# The chart, in-process -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartTimes:
    first_ms: float  # the first render in a process: matplotlib's import included
    cold_ms: float  # median of renders of new scores
    warm_ms: float  # median of radar_svg_with_etag() for scores drawn before


def chart_inputs(questionnaire: Questionnaire, number: int) -> tuple:
    labels = tuple(step.title[LANG] for step in questionnaire.dimensions)
    scores = tuple(float((number * 37 + 11 * axis) % 1000) / 10 for axis in range(len(labels)))
    return labels, scores, tuple(f"{score:.1f}".replace(".", ",") for score in scores)


def time_chart(questionnaire: Questionnaire, renders: int = 15) -> ChartTimes:
    """Render as a worker does: the first render, then new inputs, then cached ones."""
    started = time.perf_counter()
    chart.render_radar_svg(*chart_inputs(questionnaire, 0))
    first = time.perf_counter() - started
    cold = []
    for number in range(1, renders + 1):
        started = time.perf_counter()
        chart.radar_svg_with_etag(*chart_inputs(questionnaire, number))
        cold.append(time.perf_counter() - started)
    warm = []
    for number in range(1, renders + 1):
        started = time.perf_counter()
        chart.radar_svg_with_etag(*chart_inputs(questionnaire, number))
        warm.append(time.perf_counter() - started)
    return ChartTimes(first * 1000, statistics.median(cold) * 1000, statistics.median(warm) * 1000)


# The export --------------------------------------------------------------------------------


def rss_bytes(pid: int, field_name: str = "VmRSS") -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) * 1024
    return 0


class MemoryWatch:
    """The largest RSS growth of any of the given processes while the block runs."""

    def __init__(self, pids: set[int]):
        self.pids = pids
        self.baseline = {pid: rss_bytes(pid) for pid in pids}
        self.peak = dict(self.baseline)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while not self.stop.wait(MEMORY_SAMPLE_SECONDS):
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_bytes(pid))

    def __enter__(self) -> MemoryWatch:
        for pid in self.pids:  # reset the kernel's peak (VmHWM) too, when we may
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        for pid in self.pids:
            hwm = rss_bytes(pid, "VmHWM")
            if hwm and hwm >= self.baseline[pid]:  # VmHWM was reset: it is the exact peak
                self.peak[pid] = max(self.peak[pid], hwm)

    @property
    def growth(self) -> int:
        return max(self.peak[pid] - self.baseline[pid] for pid in self.pids)


@dataclass(frozen=True)
class ExportTimes:
    rows: int
    megabytes: float
    app_seconds: list[float]
    server_seconds: float
    growth_mb: float
    sqlite_rows: int
    sqlite_seconds: list[float] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return min(self.app_seconds)

    @property
    def ratio(self) -> float:
        """The faster of the app's two exports over the faster of the tool's two."""
        return self.seconds / min(self.sqlite_seconds)


def download(port: int, path: str, cookie: str) -> tuple[int, int, float]:
    """GET path and read it to the end: (bytes, CRLF-terminated lines, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=EXPORT_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        if response.status != 200:
            raise BenchmarkError(f"export answered {response.status}")
        size = lines = 0
        tail = b""
        while chunk := response.read(1 << 20):
            size += len(chunk)
            lines += (tail + chunk[:1]).count(b"\r\n") + chunk.count(b"\r\n")
            tail = chunk[-1:]
    finally:
        connection.close()
    return size, lines, time.perf_counter() - started


def sqlite_tool_export(database: Path) -> tuple[int, float]:
    """The same rows with the sqlite3 tool's -csv output: (rows, seconds)."""
    query = store_dashboard.EXPORT_QUERY.format(where=f" where a.status = '{store.SUBMITTED}'")
    started = time.perf_counter()
    with subprocess.Popen(
        ["sqlite3", "-readonly", "-csv", "-header", str(database), query],
        stdout=subprocess.PIPE,
    ) as tool:
        try:
            lines = sum(
                chunk.count(b"\n") for chunk in iter(lambda: tool.stdout.read(1 << 20), b"")
            )
            tool.wait(timeout=EXPORT_TIMEOUT)
        finally:
            if tool.poll() is None:
                tool.kill()
    if tool.returncode != 0:
        raise BenchmarkError(f"sqlite3 exited with {tool.returncode}")
    return lines - 1, time.perf_counter() - started


def time_export(server: BenchServer, database: Path, cookie: str) -> ExportTimes:
    """The web export of every submitted assessment and the sqlite3 tool's, alternated, twice.

    Each side's faster run counts (a busy moment on the machine weighs on one run, not both).
    """
    path = f"/{LANG}/consultant/export.csv?" + urlencode({"status": store.SUBMITTED})
    sqlite_rows, first = sqlite_tool_export(database)
    offset = server.log_offset()
    with MemoryWatch(server.worker_pids()) as memory:
        size, lines, seconds = download(server.port, path, cookie)
    _rows, second = sqlite_tool_export(database)
    server.wait_until_idle()
    server_times = server.request_times_ms(offset)
    _size, _lines, again = download(server.port, path, cookie)
    return ExportTimes(
        rows=lines - 1,
        megabytes=size / MB,
        app_seconds=[seconds, again],
        server_seconds=max(server_times) / 1000 if server_times else float("nan"),
        growth_mb=memory.growth / MB,
        sqlite_rows=sqlite_rows,
        sqlite_seconds=[first, second],
    )


# The filled database against what the app stores ---------------------------------------------

HEX = re.compile(r"[0-9a-f]+")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
APP_SUBMITTED = "Benchmark resultaat NV"  # the respondent_with_result() walked through the app


def value_shape(value: object) -> str:
    if isinstance(value, str) and TIMESTAMP.fullmatch(value):
        return "timestamp"
    if isinstance(value, str) and HEX.fullmatch(value):
        return f"hex{len(value)}"
    return type(value).__name__


def stored_assessment(conn: sqlite3.Connection, where: str, params: list) -> tuple[dict, dict]:
    """One assessment's columns and its answers, as stored."""
    cursor = conn.execute(f"select * from assessments where {where} limit 1", params)
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    answers = conn.execute(
        "select question_id, option_id, updated_at from answers where assessment_id = ?",
        [row["id"]],
    ).fetchall()
    return row, {question: (option, saved) for question, option, saved in answers}


def check_fill(database: Path, questionnaire: Questionnaire) -> str:
    """A filled row has the shape of a row the app stored, and its derived columns follow."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        app_row, app_answers = stored_assessment(conn, "company = ?", [APP_SUBMITTED])
        # A filled row as the app stores a self-started one (fill.py links 50 to a client).
        bulk_row, bulk_answers = stored_assessment(
            conn, "client_id is null and company != ?", [APP_SUBMITTED]
        )
    problems = []
    for name in app_row:
        if name not in ("company", "id") and (
            value_shape(app_row[name]) != value_shape(bulk_row[name])
        ):
            problems.append(f"{name}: app {app_row[name]!r}, filled {bulk_row[name]!r}")
    for row, answers in ((app_row, app_answers), (bulk_row, bulk_answers)):
        options = {question: option for question, (option, _saved) in answers.items()}
        derived = derived_result(questionnaire, options).as_columns()
        if {key: row[key] for key in derived} != derived:
            problems.append(f"assessment {row['id']}: stored result differs from its answers")
        if {value_shape(saved) for _option, saved in answers.values()} != {"timestamp"}:
            problems.append(f"assessment {row['id']}: answers saved at odd times")
    if set(app_answers) != set(bulk_answers):
        problems.append("the filled assessment answers other questions than the app's")
    if problems:
        raise BenchmarkError("the filled database differs from the app's:\n" + "\n".join(problems))
    shape = f"{len(app_row)} columns, {len(app_answers)} answers"
    return f"a filled assessment has the shape of one submitted through the app ({shape})"


SCORE_SORT = store_dashboard.Sort("score", descending=True)


def dashboard_query_plans(database: Path) -> list[str]:
    """EXPLAIN QUERY PLAN of the queries behind the dashboard's first page: count, then rows."""
    plans = []
    with contextlib.closing(sqlite3.connect(database)) as conn:
        for sql, params in (
            store_dashboard.assessment_count_query(store.AssessmentFilter()),
            store_dashboard.assessment_page_query(
                store.AssessmentFilter(), 1, store_dashboard.PAGE_SIZE
            ),
            store_dashboard.assessment_page_query(
                store.AssessmentFilter(), 1, store_dashboard.PAGE_SIZE, SCORE_SORT
            ),
        ):
            steps = conn.execute(f"explain query plan {sql}", params).fetchall()
            plans.append(f"{' '.join(sql.split())[:60]}: {'; '.join(row[-1] for row in steps)}")
    return plans


# The report --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    tool = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True, check=False)
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlite3 tool": tool.stdout.split()[0] if tool.stdout else "?",
        "gunicorn": gunicorn.__version__,
        "load average": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


def print_table(results: list[LoadResult]) -> None:
    header = f"{'page':<30} {'req/s':>7} {'ref/s':>7} {'of ref':>7} {'p50 ms':>8} {'p99 ms':>8}"
    print(header + f" {'server ms':>10} {'cpu ms':>7} {'failed':>7}")
    for r in results:
        share = f"{r.share:.0%}" if r.share is not None else "-"
        reference = f"{r.reference_rps:7.0f}" if r.reference_rps else "      -"
        print(
            f"{r.scenario.name:<30} {r.requests_per_second:7.0f} {reference} {share:>7}"
            f" {r.p50_ms:8.1f} {r.p99_ms:8.1f} {r.server_ms:10.2f} {r.cpu_ms:7.2f}"
            f" {r.failures:7d}"
        )


def targets(
    results: dict[str, LoadResult], chart_times: ChartTimes, export: ExportTimes
) -> list[tuple[str, bool, str]]:
    step, result = results["step"], results["result"]
    warm, dashboard = results["chart-warm"], results["dashboard"]
    return [
        (
            f"step GET >= {STEP_SHARE:.0%} of reference throughput",
            step.share >= STEP_SHARE,
            f"{step.share:.0%}",
        ),
        (
            f"result page (warm chart) >= {RESULT_SHARE:.0%} of reference",
            result.share >= RESULT_SHARE,
            f"{result.share:.0%}",
        ),
        (f"step GET p99 < {P99_MS} ms at {CONNECTIONS} clients", step.p99_ms < P99_MS, ms(step)),
        (f"result p99 < {P99_MS} ms at {CONNECTIONS} clients", result.p99_ms < P99_MS, ms(result)),
        (
            f"chart cold render < {CHART_COLD_MS} ms (in-process)",
            chart_times.cold_ms < CHART_COLD_MS,
            f"{chart_times.cold_ms:.1f} ms",
        ),
        (
            f"chart warm < {CHART_WARM_MS} ms server time",
            warm.server_cost_ms < CHART_WARM_MS,
            f"{warm.server_cost_ms:.2f} ms",
        ),
        (
            f"dashboard first page < {DASHBOARD_MS} ms server time",
            dashboard.server_cost_ms < DASHBOARD_MS,
            f"{dashboard.server_cost_ms:.1f} ms",
        ),
        (
            f"dashboard sorted by score < {DASHBOARD_MS} ms server time",
            results["dashboard-score"].server_cost_ms < DASHBOARD_MS,
            f"{results['dashboard-score'].server_cost_ms:.1f} ms",
        ),
        (
            f"client page with {CLIENT_ASSESSMENTS} assessments < {CLIENT_PAGE_MS} ms server time",
            results["client"].server_cost_ms < CLIENT_PAGE_MS,
            f"{results['client'].server_cost_ms:.1f} ms",
        ),
        (
            f"export <= {EXPORT_RATIO}x the sqlite3 tool",
            export.ratio <= EXPORT_RATIO and export.rows == export.sqlite_rows,
            f"{export.ratio:.2f}x ({export.rows} rows)",
        ),
        (
            f"export memory growth < {EXPORT_GROWTH_MB} MB",
            export.growth_mb < EXPORT_GROWTH_MB,
            f"{export.growth_mb:.1f} MB",
        ),
    ]


def ms(result: LoadResult) -> str:
    return f"{result.p99_ms:.1f} ms"


# The run -----------------------------------------------------------------------------------


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assessments", type=int, default=100_000, help="submitted assessments")
    parser.add_argument("--seconds", type=int, default=LOAD_SECONDS, help="per load run")
    parser.add_argument(
        "--database",
        type=Path,
        help="keep the filled database here and reuse it next time (default: a temporary one)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return parser.parse_args(argv)


def check_tools() -> None:
    missing = [tool for tool in ("wrk", "sqlite3") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"Needs {' and '.join(missing)}: apt-get install -y {' '.join(missing)}")


def note(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def prepare_database(path: Path, questionnaire: Questionnaire, count: int) -> float:
    """Fill the database unless it holds the assessments already; seconds spent filling."""
    if path.exists():
        with contextlib.closing(sqlite3.connect(path)) as conn:
            found = conn.execute(
                "select count(*) from assessments where status = ?", [store.SUBMITTED]
            ).fetchone()[0]
        if found >= count:
            if client_with_history(path) is None:
                add_client_with_history(path, CLIENT_ASSESSMENTS)
            return 0.0
        path.unlink()
    started = time.perf_counter()
    fill_database(path, questionnaire, QUESTIONS, count)
    add_client_with_history(path, CLIENT_ASSESSMENTS)
    create_consultant(path)
    return time.perf_counter() - started


def scenarios(app: BenchServer, questionnaire: Questionnaire, client_id: str) -> list[Scenario]:
    """Every page under load, in an order that leaves the chart warm for the result page."""
    on_step, step_path, step_body = respondent_on_step(app.port, questionnaire)
    with_result, chart_path = respondent_with_result(app.port, questionnaire)
    consultant = logged_in_consultant(app.port)
    # /<lang>/chart/<version>/<scores>/<signature>.svg: random scores under a made-up signature
    chart_prefix = chart_path.rsplit("/", 2)[0] + "/"
    return [
        Scenario("landing page", f"/{LANG}/"),
        Scenario("step GET", step_path, cookie=cookie_header(on_step)),
        Scenario(
            "step POST (valid)",
            step_path,
            method="POST",
            cookie=cookie_header(on_step),
            body=step_body,
            expect=302,
        ),
        Scenario(
            "chart flood (unsigned: 404)",
            chart_prefix,
            expect=404,
            chart_prefix=chart_prefix,
            chart_suffix="/made-up-signature.svg",
        ),
        Scenario("chart, warm", chart_path),
        Scenario("result page (warm chart)", f"/{LANG}/result", cookie=cookie_header(with_result)),
        Scenario(
            f"dashboard page 1 ({LANG})", f"/{LANG}/consultant/", cookie=cookie_header(consultant)
        ),
        Scenario(
            "dashboard by score",
            f"/{LANG}/consultant/?sort=score&order=desc",
            cookie=cookie_header(consultant),
        ),
        Scenario(
            f"client page ({CLIENT_ASSESSMENTS} scans)",
            f"/{LANG}/consultant/clients/{client_id}",
            cookie=cookie_header(consultant),
        ),
    ]


SCENARIO_KEYS = (
    *("landing", "step", "step-post", "chart-flood", "chart-warm", "result", "dashboard"),
    *("dashboard-score", "client"),
)


def benchmark(args: argparse.Namespace, workdir: Path) -> dict:
    questionnaire = load_questionnaire(QUESTIONS)
    database = args.database or workdir / "benchmark.sqlite"
    note(f"filling {database} with {args.assessments} submitted assessments")
    fill_seconds = prepare_database(database, questionnaire, args.assessments)
    note("rendering the chart in-process")
    chart_times = time_chart(questionnaire)
    reference = BenchServer(REFERENCE_TARGET, workdir, "reference", database)
    app = BenchServer(APP_TARGET, workdir, "app", database)
    with running(reference), running(app):
        ref_scenario = Scenario("reference: hello world", "/")
        note("loading the reference")
        ref_before = measure(reference, ref_scenario, args.seconds)
        # Each page against the reference right before and after it: the machine's other work
        # changes over minutes, and hits both the same within seconds.
        around = [ref_before.requests_per_second]
        results = {}
        client_id = client_with_history(database)
        pages = scenarios(app, questionnaire, client_id)
        for key, scenario in zip(SCENARIO_KEYS, pages, strict=True):
            note(f"loading {scenario.name}")
            results[key] = measure(app, scenario, args.seconds)
            after = run_wrk(reference, ref_scenario, CONNECTIONS, REFERENCE_SECONDS)
            around.append(after["requests"] / (after["duration_us"] / 1e6))
            results[key].reference_rps = statistics.mean(around[-2:])
        note("loading the reference again")
        ref_after = measure(reference, ref_scenario, args.seconds)
        note("exporting")
        consultant = logged_in_consultant(app.port)
        export = time_export(app, database, cookie_header(consultant))
    return {
        "machine": machine(),
        "fill_seconds": fill_seconds,
        "startup": {"app": app.healthy_after, "reference": reference.healthy_after},
        "reference": [ref_before, ref_after],
        "results": results,
        "chart": chart_times,
        "export": export,
        "plans": dashboard_query_plans(database),
        "fill_check": check_fill(database, questionnaire),
    }


def report(figures: dict, args: argparse.Namespace) -> bool:
    results, export, chart_times = figures["results"], figures["export"], figures["chart"]
    print()
    print(
        f"IT maturity scan benchmark: {args.assessments} submitted assessments, gunicorn"
        f" {WORKERS} sync workers, {CONNECTIONS} clients (wrk), {args.seconds:g} s per page"
    )
    for key, value in figures["machine"].items():
        print(f"  {key}: {value}")
    print()
    print_table([figures["reference"][0], *results.values(), figures["reference"][1]])
    print()
    print(
        f"start-up until /healthz answers: {figures['startup']['app']:.2f} s (reference app"
        f" {figures['startup']['reference']:.2f} s)"
    )
    print(
        f"chart in-process: first render {chart_times.first_ms:.0f} ms (imports matplotlib),"
        f" cold {chart_times.cold_ms:.1f} ms, warm {chart_times.warm_ms * 1000:.1f} µs"
    )
    print(
        f"export of {export.rows} assessments ({export.megabytes:.1f} MB):"
        f" {' / '.join(f'{s:.2f}' for s in export.app_seconds)} s"
        f" (server {export.server_seconds:.2f} s, the first);"
        f" sqlite3 -csv of {export.sqlite_rows} rows:"
        f" {' / '.join(f'{s:.2f}' for s in export.sqlite_seconds)} s;"
        f" ratio {export.ratio:.2f}; worker memory growth {export.growth_mb:.1f} MB"
    )
    if figures["fill_seconds"]:
        print(f"database filled in {figures['fill_seconds']:.1f} s")
    for plan in figures["plans"]:
        print(f"query plan: {plan}")
    print(f"database: {figures['fill_check']}")
    print()
    checks = targets(results, chart_times, export)
    for label, met, figure in checks:
        print(f"{verdict(met):<8} {label}: {figure}")
    return all(met for _label, met, _figure in checks)


def as_json(value):
    if isinstance(value, Scenario):
        return value.name
    if isinstance(value, LoadResult):
        fields = {name: as_json(getattr(value, name)) for name in value.__dataclass_fields__}
        return {**fields, "share": value.share, "server_cost_ms": value.server_cost_ms}
    if hasattr(value, "__dataclass_fields__"):
        return {name: as_json(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def stop_on_sigterm(_signum, _frame) -> None:
    raise SystemExit("stopped")  # unwinds the with-blocks, so the servers are stopped


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    check_tools()
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    with tempfile.TemporaryDirectory(prefix="maturity-bench-") as workdir:
        figures = benchmark(args, Path(workdir))
    all_met = report(figures, args)
    if args.json:
        args.json.write_text(json.dumps(as_json(figures), indent=2) + "\n")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
