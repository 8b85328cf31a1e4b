"""The export as JSON Lines for other tools: pure Python, no Flask, no database.

One JSON object per assessment and per line (UTF-8, "\\n"), in the shape that README.md
documents under "JSON Lines export". The shape is versioned by its "schema" field: a change that
could break a reader (a field removed, renamed or retyped) gets a new schema; new fields may be
added within one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from maturity.export import RECORD_FIELDS

SCHEMA = "it-maturity-scan/assessment/1"
CHUNK_SIZE = 64 * 1024
FIELD = {name: index for index, name in enumerate(RECORD_FIELDS)}
PLAIN_FIELDS = (
    "assessment_id",
    "company",
    "language",
    "respondent_role",
    "questionnaire_version",
    "status",
    "created_at",
    "submitted_at",
    "overall_score",
    "level",
    "recommendation",
)


def assessment_object(record: Sequence) -> dict:
    """One stored assessment (a record in export.RECORD_FIELDS order) in the documented shape."""
    found = {"schema": SCHEMA}
    found.update((name, record[FIELD[name]]) for name in PLAIN_FIELDS)
    found["dimensions"] = json.loads(record[FIELD["dimension_scores"]] or "{}")
    found["answers"] = json.loads(record[FIELD["answers"]] or "{}")
    return found


def json_line(record: Sequence) -> str:
    return json.dumps(assessment_object(record), ensure_ascii=False, separators=(",", ":")) + "\n"


def iter_json_lines(records: Iterable[Sequence]) -> Iterator[bytes]:
    """One line per record, as UTF-8 chunks of about CHUNK_SIZE (nothing for no records)."""
    lines: list[str] = []
    size = 0
    for record in records:
        line = json_line(record)
        lines.append(line)
        size += len(line)
        if size >= CHUNK_SIZE:
            yield "".join(lines).encode("utf-8")
            lines, size = [], 0
    if lines:
        yield "".join(lines).encode("utf-8")
