"""Fill a database with submitted assessments on the real question bank, fast and as the app would.

Every row holds what the app stores for an assessment that a respondent walked through and
submitted: the columns of store.create_assessment(), one answer row per question as
store.save_step_answers() writes it, and the derived columns of store.submit_assessment()
computed by the app's own survey.derived_result(). Only the writing is different: one bulk
transaction instead of seven per assessment, so that 100,000 take seconds, not minutes.

Scoring and advice cost milliseconds per answer set, so the answers come from a pool of random
respondent profiles (each scored once, on all cores), drawn at random for every assessment.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import random
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from maturity import db, store, store_clients
from maturity.questionnaire import Question, Questionnaire
from maturity.reports import derived_result

BATCH = 5_000
CACHE_KIB = 512 * 1024
SPAN_DAYS = 730  # the assessments were started over the last two years
DONT_KNOW_SHARE = 0.06
NOT_APPLICABLE_SHARE = 0.03
LANGUAGE_WEIGHTS = {"nl": 60, "fr": 30, "en": 10}
TRADES = (
    "Bakkerij",
    "Garage",
    "Brouwerij",
    "Boekhoudkantoor",
    "Transport",
    "Apotheek",
    "Drukkerij",
    "Schrijnwerkerij",
    "Architectenbureau",
    "Tandartspraktijk",
    "Immo",
    "Dakwerken",
    "Kapsalon",
    "Boulangerie",
    "Fiduciaire",
    "Menuiserie",
)
NAMES = (
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Leclercq",
    "Vermeulen",
)
FORMS = ("", " BV", " NV", " & Zonen", " SRL", " bvba")


@dataclass(frozen=True)
class Profile:
    """One respondent's answers per step, and the columns the app derives from them on submit."""

    steps: tuple[dict[str, str], ...]
    derived: dict


def pick_option(question: Question, maturity: float, rng: random.Random) -> str:
    """An answer near the respondent's maturity (options go from least to most mature)."""
    ids = question.option_ids
    special = [o.id for o in question.options if o.is_special]
    if special and rng.random() < DONT_KNOW_SHARE + NOT_APPLICABLE_SHARE:
        return rng.choice(special)
    ordinary = [option_id for option_id in ids if option_id not in special]
    position = min(max(rng.gauss(maturity, 0.22), 0.0), 0.999)
    return ordinary[int(position * len(ordinary))]


def random_profile(questionnaire: Questionnaire, seed: int) -> Profile:
    """A respondent of random maturity, answering the way such a business would."""
    rng = random.Random(seed)
    maturity = rng.betavariate(2.2, 2.2)
    steps = tuple(
        {q.id: pick_option(q, maturity, rng) for q in step.questions}
        for step in questionnaire.steps
    )
    answers = {key: value for step in steps for key, value in step.items()}
    return Profile(steps, derived_result(questionnaire, answers).as_columns())


def _profiles_worker(args: tuple[str, list[int]]) -> list[Profile]:
    from maturity.questionnaire import load_questionnaire

    directory, seeds = args
    questionnaire = load_questionnaire(directory)
    return [random_profile(questionnaire, seed) for seed in seeds]


def build_profiles(questions_dir: Path, count: int, seed: int) -> list[Profile]:
    """count distinct random profiles, scored and advised on every core."""
    seeds = [seed * 1_000_003 + n for n in range(count)]
    processes = os.cpu_count() or 1
    chunks = [(str(questions_dir), seeds[n::processes]) for n in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return [profile for part in pool.map(_profiles_worker, chunks) for profile in part]


def company_name(rng: random.Random) -> str:
    return f"{rng.choice(TRADES)} {rng.choice(NAMES)}{rng.choice(FORMS)}"


def timestamp(epoch: int) -> str:
    """The format of store.utc_now(), from seconds since 1970."""
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def assessment_rows(
    questionnaire: Questionnaire, profiles: int, count: int, first_id: int, seed: int
) -> Iterator[tuple[tuple, list[tuple]]]:
    """(assessment row, its steps as (id, profile, step number, saved at)), oldest first.

    Ids grow with time as in the app; each step is saved a few minutes after the previous one.
    """
    rng = random.Random(seed)
    languages, weights = zip(*LANGUAGE_WEIGHTS.items(), strict=True)
    start = int(datetime.now(UTC).timestamp()) - SPAN_DAYS * 86_400
    spacing = SPAN_DAYS * 86_400 / count
    step_numbers = range(len(questionnaire.steps))
    for number in range(count):
        assessment_id, profile = first_id + number, rng.randrange(profiles)
        created = moment = start + int(number * spacing)
        steps = []
        for step_number in step_numbers:
            moment += rng.randint(30, 300)
            steps.append((assessment_id, profile, step_number, moment))
        submitted = timestamp(moment + rng.randint(10, 120))
        row = (
            assessment_id,
            secrets.token_hex(16),
            store.hash_token(secrets.token_urlsafe(store.RESUME_TOKEN_BYTES)),
            company_name(rng),
            rng.choices(languages, weights)[0],
            questionnaire.version,
            store.SUBMITTED,
            timestamp(created),
            submitted,
            submitted,
            profile,
        )
        yield row, steps


SCHEMA = """
create temp table fill_profiles (
    profile integer, step_number integer, question_id text, option_id text,
    overall_score real, level integer, recommendation text, dimension_scores text
);
create temp table fill_assessments (
    id integer primary key, public_id text, resume_token_hash text, company text,
    language text, questionnaire_version text, status text, created_at text,
    updated_at text, submitted_at text, profile integer
);
create temp table fill_steps (
    assessment_id integer, profile integer, step_number integer, saved_at integer
);
"""

COPY_ASSESSMENTS = """
insert into assessments (id, public_id, resume_token_hash, company, language,
    questionnaire_version, status, created_at, updated_at, submitted_at,
    overall_score, level, recommendation, dimension_scores, invited_by)
select a.id, a.public_id, a.resume_token_hash, a.company, a.language,
    a.questionnaire_version, a.status, a.created_at, a.updated_at, a.submitted_at,
    p.overall_score, p.level, p.recommendation, p.dimension_scores, null
from fill_assessments a cross join fill_profiles p
    on p.profile = a.profile and p.step_number = 0 and p.question_id is null
order by a.id
"""

# One answer row per question, saved when its step was: as store.save_step_answers() writes.
COPY_ANSWERS = """
insert into answers (assessment_id, question_id, option_id, updated_at)
select s.assessment_id, p.question_id, p.option_id,
    strftime('%Y-%m-%dT%H:%M:%S+00:00', s.saved_at, 'unixepoch')
from fill_steps s cross join fill_profiles p
    on p.profile = s.profile and p.step_number = s.step_number and p.question_id is not null
"""


def profile_rows(pool: list[Profile]) -> Iterator[tuple]:
    """The pool as rows: its derived columns once, then one row per answer."""
    for number, profile in enumerate(pool):
        derived = profile.derived
        yield (
            number,
            0,
            None,
            None,
            derived["overall_score"],
            derived["level"],
            derived["recommendation"],
            derived["dimension_scores"],
        )
        for step_number, answers in enumerate(profile.steps):
            for question_id, option_id in answers.items():
                yield (number, step_number, question_id, option_id, None, None, None, None)


def fill_database(
    path: Path,
    questionnaire: Questionnaire,
    questions_dir: Path,
    count: int,
    profiles: int = 1_000,
    seed: int = 9,
) -> None:
    """Create the schema with the app's migrations, then add count submitted assessments.

    Python makes one row per assessment and per step; SQLite joins them with the profiles'
    answers, so that the millions of answer rows never pass through Python.
    """
    db.apply_migrations(path)
    pool = build_profiles(questions_dir, min(profiles, count), seed)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # A scratch database, rebuilt on a crash: no journal, no syncs, pages kept in memory.
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.executescript(SCHEMA)
        conn.execute("create index temp.fill_profiles_key on fill_profiles (profile, step_number)")
        conn.executemany(
            f"insert into fill_profiles values ({', '.join('?' * 8)})", profile_rows(pool)
        )
        first_id = (conn.execute("select max(id) from assessments").fetchone()[0] or 0) + 1
        rows = assessment_rows(questionnaire, len(pool), count, first_id, seed)
        conn.execute("begin")
        while batch := list(itertools.islice(rows, BATCH)):
            conn.executemany(
                f"insert into fill_assessments values ({', '.join('?' * 11)})",
                [row for row, _steps in batch],
            )
            conn.executemany(
                "insert into fill_steps values (?, ?, ?, ?)",
                [step for _row, steps in batch for step in steps],
            )
        conn.execute(COPY_ASSESSMENTS)
        conn.execute(COPY_ANSWERS)
        conn.execute("commit")
        conn.execute("PRAGMA journal_mode = WAL")  # as db.connect() leaves it
    finally:
        conn.close()


CLIENT_NAME = "Brouwerij Vermeulen"


def add_client_with_history(path: Path, count: int = 50) -> str:
    """A client whose history holds count of the submitted assessments, spread over the two
    years as a yearly (or more frequent) review would be; returns the client's public id."""
    conn = db.connect(path)
    try:
        client = store_clients.create_client(conn, CLIENT_NAME, contact_person="Jan Vermeulen")
        ids = [
            row[0]
            for row in conn.execute(
                "select id from assessments where status = ? order by id", [store.SUBMITTED]
            )
        ]
        chosen = ids[:: max(1, len(ids) // count)][-count:]
        marks = ", ".join("?" * len(chosen))
        with db.immediate(conn):
            conn.execute(
                f"update assessments set client_id = ?, company = ? where id in ({marks})",
                [client.id, CLIENT_NAME, *chosen],
            )
        return client.public_id
    finally:
        conn.close()


def client_with_history(path: Path) -> str | None:
    """The public id of the client that add_client_with_history() made, if there is one."""
    with sqlite3.connect(path) as conn:
        row = conn.execute("select public_id from clients where name = ?", [CLIENT_NAME]).fetchone()
    return row[0] if row else None
