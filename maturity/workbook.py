"""The export as an Excel workbook for people: pure Python (XlsxWriter), no Flask, no database.

The same rows as the CSV export (export.RECORD_FIELDS), written for reading: headers, statuses,
recommendations and answers as text in one language, dates as real dates in Brussels time,
scores as numbers with one decimal. The first sheet has a frozen header row with filters; the
second explains every column and every option in every language, with its points.

Every cell is written with an explicit type (write_string, write_number, write_datetime), never
with write(), so no text ever becomes a formula or a link, whatever it starts with. Rows stream:
XlsxWriter's constant-memory mode keeps one row in memory and the rest in a temporary file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from maturity.export import RECORD_FIELDS, level_column, score_column
from maturity.questionnaire import LANGUAGES, LEVEL_NUMBERS, Questionnaire, Text
from maturity.workbook_texts import (
    CONTEXT_MEANING,
    FIXED_COLUMNS,
    LANGUAGE_NAMES,
    LEGEND_HEADERS,
    LEGEND_WIDTHS,
    LEVEL_MEANING,
    LEVEL_SUFFIX,
    QUESTION_MEANING,
    RECOMMENDATION,
    ROLE_NAMES,
    SCORE_MEANING,
    SCORE_SUFFIX,
    SHEET_NAMES,
    STATUS_NAMES,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
DATE_FORMAT = "yyyy-mm-dd hh:mm"
SCORE_FORMAT = "0.0"
HEADER_HEIGHT = 60  # points: four lines of a wrapped header (a question's text)
LEGEND_HEADER_HEIGHT = 30
FIELD = {name: index for index, name in enumerate(RECORD_FIELDS)}


@dataclass(frozen=True)
class Value:
    """One value a column can hold: its id, its label in every language and its points."""

    id: str
    label: Text
    points: int | None = None


@dataclass(frozen=True)
class Column:
    """A column of the first sheet: its id, header and meaning per language, and its values."""

    id: str
    header: Text
    meaning: Text
    width: float
    values: tuple[Value, ...] = ()
    is_question: bool = False


def first_found(questionnaires: Sequence[Questionnaire], find: Callable) -> dict:
    """{key: item} over all questionnaires, the first (current) one winning for a key."""
    found: dict = {}
    for questionnaire in questionnaires:
        for key, item in find(questionnaire):
            found.setdefault(key, item)
    return found


def workbook_columns(questionnaires: Sequence[Questionnaire]) -> list[Column]:
    """The first sheet's columns for assessments answered on these questionnaires (current first).

    As in the CSV export: with several versions, older dimensions and questions come after the
    current ones, so that every stored answer has a column.
    """
    columns = fixed_columns(questionnaires[0])
    dimensions = first_found(questionnaires, lambda q: ((d.id, d) for d in q.dimensions))
    for step in dimensions.values():
        columns.append(
            Column(score_column(step.id), suffixed(step.title, SCORE_SUFFIX), SCORE_MEANING, 12)
        )
        columns.append(
            Column(level_column(step.id), suffixed(step.title, LEVEL_SUFFIX), LEVEL_MEANING, 10)
        )
    models = first_found(questionnaires, lambda q: q.advice_rules.models.items())
    columns.append(
        Column(
            "recommendation",
            RECOMMENDATION.header,
            RECOMMENDATION.meaning,
            RECOMMENDATION.width,
            tuple(Value(model, text.name) for model, text in models.items()),
        )
    )
    steps = first_found(questionnaires, lambda q: ((s.id, s) for s in q.steps))
    questions = first_found(questionnaires, lambda q: ((x.id, x) for x in q.questions))
    for question in questions.values():
        step = steps[question.step_id]
        meaning = QUESTION_MEANING if step.is_dimension else CONTEXT_MEANING
        columns.append(
            Column(
                question.id,
                question.text,
                {
                    lang: meaning[lang].format(step=step.title[lang], weight=question.weight)
                    for lang in LANGUAGES
                },
                28,
                tuple(Value(o.id, o.label, o.score) for o in question.options),
                is_question=True,
            )
        )
    return columns


def fixed_columns(current: Questionnaire) -> list[Column]:
    """The columns before the dimensions', with the values of those that hold ids."""
    values = {
        "language": tuple(
            Value(code, dict.fromkeys(LANGUAGES, LANGUAGE_NAMES[code])) for code in LANGUAGES
        ),
        "respondent_role": tuple(Value(role, names) for role, names in ROLE_NAMES.items()),
        "status": tuple(Value(status, names) for status, names in STATUS_NAMES.items()),
        "level": tuple(Value(str(n), current.level(n).name) for n in LEVEL_NUMBERS),
    }
    return [
        Column(key, text.header, text.meaning, text.width, values.get(key, ()))
        for key, text in FIXED_COLUMNS.items()
    ]


def suffixed(title: Text, suffix: Text) -> Text:
    return {lang: title[lang] + suffix[lang] for lang in LANGUAGES}


def brussels_time(timestamp: str | None) -> datetime | None:
    """A stored timestamp (ISO 8601 with its offset) as a Brussels wall-clock time, no zone."""
    if not timestamp:
        return None
    return datetime.fromisoformat(timestamp).astimezone(BRUSSELS).replace(tzinfo=None)


def one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


class SheetWriter:
    """Writes one record per row on the first sheet, every cell with its explicit type."""

    def __init__(self, book, sheet, columns: list[Column], language: str):
        self.sheet = sheet
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.score = book.add_format({"num_format": SCORE_FORMAT})
        self.labels = {
            column.id: {value.id: value.label[language] for value in column.values}
            for column in columns
        }
        self.index = {column.id: n for n, column in enumerate(columns)}
        self.dimension_ids = [
            c.id.removeprefix("score_") for c in columns if c.id.startswith("score_")
        ]
        self.question_columns = [
            (n, column.id, self.labels[column.id])
            for n, column in enumerate(columns)
            if column.is_question
        ]

    def text(self, row: int, column_id: str, value: str | None) -> None:
        if value is not None:
            self.sheet.write_string(row, self.index[column_id], value)

    def number(self, row: int, column_id: str, value: float | None, cell_format=None) -> None:
        if value is not None:
            self.sheet.write_number(row, self.index[column_id], value, cell_format)

    def when(self, row: int, column_id: str, timestamp: str | None) -> None:
        moment = brussels_time(timestamp)
        if moment is not None:
            self.sheet.write_datetime(row, self.index[column_id], moment, self.date)

    def label(self, column_id: str, value: str | None) -> str | None:
        """The value's label in the sheet's language; an unknown id as it is."""
        if value is None:
            return None
        return self.labels[column_id].get(str(value), str(value))

    def write(self, row: int, record: Sequence) -> None:
        """One record (export.RECORD_FIELDS order) as row number `row`."""
        self.text(row, "assessment_id", record[FIELD["assessment_id"]])
        self.text(row, "company", record[FIELD["company"]])
        self.text(row, "language", self.label("language", record[FIELD["language"]]))
        role = record[FIELD["respondent_role"]]
        self.text(row, "respondent_role", self.label("respondent_role", role))
        self.text(row, "questionnaire_version", record[FIELD["questionnaire_version"]])
        self.text(row, "status", self.label("status", record[FIELD["status"]]))
        self.when(row, "created_at", record[FIELD["created_at"]])
        self.when(row, "submitted_at", record[FIELD["submitted_at"]])
        self.number(row, "overall_score", one_decimal(record[FIELD["overall_score"]]), self.score)
        level = record[FIELD["level"]]
        self.number(row, "level", level)
        self.text(row, "level_name", self.label("level", level))
        dimensions = json.loads(record[FIELD["dimension_scores"]] or "{}")
        for dimension_id in self.dimension_ids:
            found = dimensions.get(dimension_id) or {}
            self.number(
                row, score_column(dimension_id), one_decimal(found.get("score")), self.score
            )
            self.number(row, level_column(dimension_id), found.get("level"))
        recommendation = record[FIELD["recommendation"]]
        self.text(row, "recommendation", self.label("recommendation", recommendation))
        answers = json.loads(record[FIELD["answers"]] or "{}")
        for index, question_id, labels in self.question_columns:
            option_id = answers.get(question_id)
            if option_id is not None:
                self.sheet.write_string(row, index, labels.get(option_id, option_id))


def write_workbook(
    target: BinaryIO | str,
    records: Iterable[Sequence],
    questionnaires: Sequence[Questionnaire],
    language: str,
) -> int:
    """Write the workbook of these records to target (a path or a binary file); the row count.

    questionnaires: the current one first, then every archived version (as the CSV export).
    """
    columns = workbook_columns(questionnaires)
    data_name, legend_name = SHEET_NAMES[language]
    book = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    try:
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        sheet = book.add_worksheet(data_name)
        legend = book.add_worksheet(legend_name)
        sheet.set_row(0, HEADER_HEIGHT, header)  # before the row: constant memory writes in order
        for n, column in enumerate(columns):
            sheet.set_column(n, n, column.width)
            sheet.write_string(0, n, column.header[language], header)
        writer = SheetWriter(book, sheet, columns, language)
        count = 0
        for count, record in enumerate(records, start=1):
            writer.write(count, record)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        write_legend(legend, header, columns, language)
    finally:
        book.close()
    return count


def write_legend(sheet, header, columns: list[Column], language: str) -> None:
    """The second sheet: every column of the first, then each value it can hold."""
    sheet.set_row(0, LEGEND_HEADER_HEIGHT, header)
    for n, (key, width) in enumerate(zip(LEGEND_HEADERS, LEGEND_WIDTHS, strict=True)):
        sheet.set_column(n, n, width)
        sheet.write_string(0, n, LEGEND_HEADERS[key][language], header)
    row = 0
    for n, column in enumerate(columns):
        row += 1
        sheet.write_string(row, 0, xl_col_to_name(n))
        sheet.write_string(row, 1, column.header[language])
        sheet.write_string(row, 2, column.id)
        for offset, lang in enumerate(LANGUAGES, start=4):
            sheet.write_string(row, offset, column.header[lang])
        sheet.write_string(row, 8, column.meaning[language])
        for value in column.values:
            row += 1
            sheet.write_string(row, 2, column.id)
            sheet.write_string(row, 3, value.id)
            for offset, lang in enumerate(LANGUAGES, start=4):
                sheet.write_string(row, offset, value.label[lang])
            if value.points is not None:
                sheet.write_number(row, 7, value.points)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row, 1), len(LEGEND_HEADERS) - 1)
