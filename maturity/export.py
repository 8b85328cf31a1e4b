"""CSV export of assessments for Excel and other tools: pure Python, no Flask, no database.

One row per assessment with stable column names (ids, never question texts). Two dialects:
"Excel (NL/BE)" opens with a double click in a Belgian Excel (UTF-8 with BOM, `;`, decimal
comma) and "standard" (UTF-8, `,`, decimal point). Both end lines with CRLF (RFC 4180).
Any text cell that a spreadsheet could take for a formula is prefixed with `'`; numbers are
written as numbers, so a negative score stays a number.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from maturity.questionnaire import Questionnaire

# Cells starting with these are formulas (or become one) in Excel and LibreOffice (OWASP),
# and so may their full-width, small and mathematical forms, which spreadsheets can fold to
# the plain ones.
FORMULA_TRIGGERS = (
    *("=", "+", "-", "@", "\t", "\r", "\n"),
    *("\uff1d", "\uff0b", "\uff0d", "\uff20"),  # full-width = + - @
    *("\ufe66", "\ufe62", "\ufe63", "\ufe6b", "\u2212"),  # small = + - @, minus sign
)
FORMULA_STARTS = frozenset(FORMULA_TRIGGERS)  # single characters
# Characters that may stand, unseen, before a formula: format characters (zero-width space,
# joiners, BOM, soft hyphen: Unicode category Cf), spaces (Zs) and line separators (Zl, Zp).
INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp"})
# Control characters a cell never keeps (NUL and the like); tab, CR and LF stay in the text.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NEUTRALISER = "'"
LINE_END = "\r\n"
CHUNK_SIZE = 64 * 1024
BOM = "\ufeff"

ASSESSMENT_COLUMNS = (
    "assessment_id",
    "company",
    "language",
    "respondent_role",  # who answered for an invitation from a client's page; empty otherwise
    "questionnaire_version",
    "status",
    "created_at",
    "submitted_at",
    "overall_score",
    "level",
)
RECOMMENDATION_COLUMN = "recommendation"
# A stored assessment as store_dashboard.iter_export_records() reads it: the fixed columns, then the
# dimension scores ({step_id: {"score", "level"}}, JSON) and the answers ({question_id:
# option_id}, JSON).
RECORD_FIELDS = (*ASSESSMENT_COLUMNS, RECOMMENDATION_COLUMN, "dimension_scores", "answers")


class ExportError(ValueError):
    """The export cannot be built as asked (an unknown dialect, clashing column names)."""


@dataclass(frozen=True)
class CsvDialect:
    name: str
    delimiter: str
    decimal_separator: str
    byte_order_mark: bool


EXCEL_NL_BE = CsvDialect("excel-nl-be", delimiter=";", decimal_separator=",", byte_order_mark=True)
STANDARD = CsvDialect("standard", delimiter=",", decimal_separator=".", byte_order_mark=False)
DIALECTS = {dialect.name: dialect for dialect in (EXCEL_NL_BE, STANDARD)}
DEFAULT_DIALECT = EXCEL_NL_BE


def dialect_named(name: str | None) -> CsvDialect:
    """The dialect with this name; the default for no name, ExportError for an unknown one."""
    if not name:
        return DEFAULT_DIALECT
    try:
        return DIALECTS[name]
    except KeyError:
        raise ExportError(f"unknown CSV dialect {name!r}") from None


def score_column(dimension_id: str) -> str:
    return f"score_{dimension_id}"


def level_column(dimension_id: str) -> str:
    return f"level_{dimension_id}"


@dataclass(frozen=True)
class ExportLayout:
    """The export's columns, and how a stored record becomes a line of them."""

    columns: tuple[str, ...]
    dimension_ids: tuple[str, ...]
    question_ids: tuple[str, ...]

    def row(self, record: Sequence) -> list:
        """A line's values in column order, from a record in RECORD_FIELDS order."""
        *fixed, recommendation, dimension_scores, answers_json = record
        dimensions = json.loads(dimension_scores or "{}")
        answers = json.loads(answers_json or "{}")
        values = fixed
        for dimension_id in self.dimension_ids:
            found = dimensions.get(dimension_id) or {}
            values += (found.get("score"), found.get("level"))
        values.append(recommendation)
        values += map(answers.get, self.question_ids)
        return values


def export_layout(questionnaires: Iterable[Questionnaire]) -> ExportLayout:
    """Fixed columns, a score and a level per dimension, the recommendation, every question id."""
    # With several versions (current first), older dimensions and questions come after the
    # current ones, so that every stored answer has a column.
    dimensions: dict[str, None] = {}
    questions: dict[str, None] = {}
    for questionnaire in questionnaires:
        dimensions.update(dict.fromkeys(step.id for step in questionnaire.dimensions))
        questions.update(dict.fromkeys(question.id for question in questionnaire.questions))
    columns = list(ASSESSMENT_COLUMNS)
    for dimension_id in dimensions:
        columns += [score_column(dimension_id), level_column(dimension_id)]
    columns += [RECOMMENDATION_COLUMN, *questions]
    clashes = sorted({c for c in columns if columns.count(c) > 1})
    if clashes:
        raise ExportError(f"question ids clash with export columns: {', '.join(clashes)}")
    return ExportLayout(tuple(columns), tuple(dimensions), tuple(questions))


def export_columns(questionnaires: Iterable[Questionnaire]) -> list[str]:
    """The header of an export of assessments answered on these questionnaires."""
    return list(export_layout(questionnaires).columns)


def format_number(value: float, decimal_separator: str) -> str:
    """Plain notation (never 1e-05), with the dialect's decimal separator."""
    text = repr(value)
    if "e" in text or "n" in text:  # an exponent (1e-05) to write out, or inf or nan
        if not math.isfinite(value):
            return ""
        text = format(Decimal(text), "f")
    return text.replace(".", decimal_separator)


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take the text for a formula: a trigger first, or after
    characters that do not show."""
    for char in text:
        if char in FORMULA_STARTS:
            return True
        if unicodedata.category(char) not in INVISIBLE_CATEGORIES:
            return False
    return False


def neutralise(text: str) -> str:
    """Text without control characters, made inert with a leading quote when a spreadsheet
    would run it as a formula."""
    text = CONTROL_CHARACTERS.sub("", text)
    return NEUTRALISER + text if starts_like_formula(text) else text


def is_plain_text(value: object) -> bool:
    """A text that needs no neutralising: an option id, most company names (the fast path)."""
    return value.__class__ is str and value[:1].isalnum() and value.isprintable()


def format_cell(value: object, dialect: CsvDialect) -> str:
    """A cell's text: empty for None, numbers as numbers, any other value as neutralised text."""
    # Every cell of an export passes here: the exact types first, the general rules after.
    kind = type(value)
    if kind is str:
        return neutralise(value)
    if kind is float:
        return format_number(value, dialect.decimal_separator)
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return format_number(value, dialect.decimal_separator)
    return neutralise(str(value))


def iter_csv(
    rows: Iterable[Sequence], columns: Sequence[str], dialect: CsvDialect = DEFAULT_DIALECT
) -> Iterator[bytes]:
    """The header and one line per row (its values in column order), as UTF-8 chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator=LINE_END)
    if dialect.byte_order_mark:
        buffer.write(BOM)
    writer.writerow(columns)
    for row in rows:
        # Most cells are option ids, safe as they are: only the others go through format_cell.
        writer.writerow(
            [value if is_plain_text(value) else format_cell(value, dialect) for value in row]
        )
        if buffer.tell() >= CHUNK_SIZE:
            yield _drain(buffer)
    yield _drain(buffer)


def csv_chunks(
    records: Iterable[Sequence], questionnaires: Iterable[Questionnaire], dialect: CsvDialect
) -> Iterator[bytes]:
    """The CSV export of stored records (RECORD_FIELDS order) answered on these questionnaires:
    what the consultant downloads and the export-csv command writes."""
    layout = export_layout(questionnaires)
    return iter_csv(map(layout.row, records), layout.columns, dialect)


def _drain(buffer: io.StringIO) -> bytes:
    chunk = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return chunk
