"""Benchmark: the Excel workbook of 10,000 assessments and the result as PDF, in-process.

Run from the project's root:

    .venv/bin/python -m tests.benchmarks.exports

It fills a scratch database with submitted assessments on the real `questions/` (as run.py
does), logs a consultant in through the app's test client, and requests, as a browser would:

- one assessment's PDF (`/nl/consultant/assessments/<id>.pdf`): the first in the process (cold:
  WeasyPrint is imported and its fonts found) and then others (warm), each a new assessment;
- the workbook of every assessment (`/nl/consultant/export.xlsx`), read to its end without
  keeping it, twice, with the process's peak memory growth (RSS, sampled every 5 ms, and the
  kernel's own peak where it can be reset) over what it used right before;
- the JSON Lines export of every assessment, for comparison.

It prints the figures with each target marked MET or NOT MET.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from maturity import create_app, db, store
from maturity.questionnaire import load_questionnaire
from tests.benchmarks.fill import fill_database
from tests.benchmarks.run import MB, MemoryWatch, machine, verdict
from tests.conftest import (
    CONSULTANT_EMAIL,
    CONSULTANT_PASSWORD,
    consultant_password_hash,
    csrf_token,
)
from tests.gunicorn_server import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "questions"
LANG = "nl"
WARM_PDFS = 5
XLSX_TARGET_SECONDS = 15
XLSX_TARGET_MB = 100
PDF_TARGET_SECONDS = 2


def prepare(path: Path, count: int) -> None:
    """Fill the database with count submitted assessments and one consultant account."""
    fill_database(path, load_questionnaire(QUESTIONS), QUESTIONS, count)
    connection = db.connect(path)
    try:
        store.create_consultant(connection, CONSULTANT_EMAIL, consultant_password_hash())
    finally:
        connection.close()


def logged_in_client(app):
    client = app.test_client()
    path = f"/{LANG}/consultant/login"
    token = csrf_token(client.get(path).text)
    data = {"csrf_token": token, "email": CONSULTANT_EMAIL, "password": CONSULTANT_PASSWORD}
    response = client.post(path, data=data)
    if response.status_code != 302:
        raise SystemExit(f"login failed: {response.status_code}")
    return client


def timed_download(client, path: str) -> tuple[int, float]:
    """GET path and read the body to its end without keeping it: (bytes, seconds)."""
    started = time.perf_counter()
    response = client.get(path, buffered=False)
    try:
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        size = sum(len(chunk) for chunk in response.iter_encoded())
    finally:
        response.close()
    return size, time.perf_counter() - started


def public_ids(path: Path, count: int) -> list[str]:
    connection = db.connect(path)
    try:
        rows = connection.execute(
            "select public_id from assessments order by id desc limit ?", [count]
        )
        return [row[0] for row in rows]
    finally:
        connection.close()


def benchmark(database: Path, count: int) -> dict:
    app = create_app(
        {"DATABASE": str(database), "SECRET_KEY": "benchmark", "QUESTIONS_DIR": str(QUESTIONS)}
    )
    client = logged_in_client(app)
    ids = public_ids(database, WARM_PDFS + 1)
    pdf_seconds = []
    for public_id in ids:
        _size, seconds = timed_download(client, f"/{LANG}/consultant/assessments/{public_id}.pdf")
        pdf_seconds.append(seconds)
    xlsx_path = f"/{LANG}/consultant/export.xlsx?status={store.SUBMITTED}"
    timed_download(client, f"/{LANG}/consultant/export.xlsx?q=no-such-company")  # imports
    xlsx = []
    for _run in range(2):
        gc.collect()
        with MemoryWatch({os.getpid()}) as memory:
            size, seconds = timed_download(client, xlsx_path)
        xlsx.append((size, seconds, memory.growth))
    json_size, json_seconds = timed_download(client, f"/{LANG}/consultant/export.json")
    return {
        "pdf_cold": pdf_seconds[0],
        "pdf_warm": pdf_seconds[1:],
        "xlsx": xlsx,
        "json": (json_size, json_seconds),
        "count": count,
    }


def report(figures: dict) -> bool:
    print()
    print(f"Exports benchmark: {figures['count']} submitted assessments, in-process")
    for key, value in machine().items():
        print(f"  {key}: {value}")
    print()
    warm = statistics.median(figures["pdf_warm"])
    print(
        f"PDF of one assessment: cold {figures['pdf_cold']:.2f} s (imports WeasyPrint),"
        f" warm median {warm:.2f} s"
        f" ({' / '.join(f'{s:.2f}' for s in figures['pdf_warm'])} s)"
    )
    for size, seconds, growth in figures["xlsx"]:
        print(
            f"XLSX of {figures['count']} assessments: {seconds:.2f} s, {size / MB:.1f} MB,"
            f" peak memory growth {growth / MB:.1f} MB"
        )
    json_size, json_seconds = figures["json"]
    print(
        f"JSON Lines of {figures['count']} assessments:"
        f" {json_seconds:.2f} s, {json_size / MB:.1f} MB"
    )
    best = min(figures["xlsx"], key=lambda run: run[1])
    worst_growth = max(growth for _size, _seconds, growth in figures["xlsx"])
    checks = [
        ("XLSX under 15 s", best[1] < XLSX_TARGET_SECONDS, f"{best[1]:.2f} s"),
        (
            "XLSX memory growth under 100 MB",
            worst_growth < XLSX_TARGET_MB * MB,
            f"{worst_growth / MB:.1f} MB",
        ),
        (
            "PDF cold under 2 s",
            figures["pdf_cold"] < PDF_TARGET_SECONDS,
            f"{figures['pdf_cold']:.2f} s",
        ),
        ("PDF warm under 2 s", warm < PDF_TARGET_SECONDS, f"{warm:.2f} s"),
    ]
    print()
    for label, met, figure in checks:
        print(f"{verdict(met):<8} {label}: {figure}")
    return all(met for _label, met, _figure in checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assessments", type=int, default=10_000, help="submitted assessments")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="maturity-exports-") as workdir:
        database = Path(workdir) / "exports.sqlite"
        print(f"... filling {database} with {args.assessments} assessments", file=sys.stderr)
        prepare(database, args.assessments)
        with contextlib.redirect_stdout(sys.stderr):
            figures = benchmark(database, args.assessments)
    return 0 if report(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
