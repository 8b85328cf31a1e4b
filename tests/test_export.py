"""The CSV export: exact bytes per dialect, neutralised formulas, streaming, a real spreadsheet."""

from __future__ import annotations

import csv
import io
import itertools
import os
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal

import pytest

from maturity import export, store_dashboard
from maturity.db import connect
from maturity.export import EXCEL_NL_BE, STANDARD, ExportError
from maturity.questionnaire import load_questionnaire
from tests.conftest import TEST_QUESTIONS
from tests.test_consultant import seed

COLUMNS = ["assessment_id", "company", "overall_score", "level", "score_people", "owner"]
ROWS = [
    {
        "assessment_id": "a1",
        "company": "Café Zoë",
        "overall_score": 66.7,
        "level": 4,
        "score_people": -12.5,
        "owner": "owner-some",
    },
    {"assessment_id": "b2", "company": "=1+1", "overall_score": None, "level": None},
]
PAYLOADS = [
    "=1+1",
    "+1",
    "-x",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\uff1d1+1",  # full-width equals sign, which spreadsheets fold to "="
    "\uff0b1",
    "\uff0dx",
    "\uff20SUM(A1)",
    "\u200b=1+1",  # a formula behind a zero-width space
    "\ufeff\u200d=1+1",
    " =1+1",
    "\u00a0-1",
    "\u2028=1+1",
    "\ufe66SUM(A1)",
    "\u22125",
    "a;b",
    'a"b',
    "café",
    "a=b",
    "\u200bcafé",
]
NEUTRALISED = {
    "=1+1",
    "+1",
    "-x",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0dx",
    "\uff20SUM(A1)",
    "\u200b=1+1",
    "\ufeff\u200d=1+1",
    " =1+1",
    "\u00a0-1",
    "\u2028=1+1",
    "\ufe66SUM(A1)",
    "\u22125",
}


def as_bytes(rows, columns=COLUMNS, dialect=EXCEL_NL_BE) -> bytes:
    """The export of rows given as dicts (a missing key is an empty cell)."""
    values = ([row.get(column) for column in columns] for row in rows)
    return b"".join(export.iter_csv(values, columns, dialect))


def read_back(data: bytes, dialect) -> list[list[str]]:
    text = data.decode("utf-8-sig" if dialect.byte_order_mark else "utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))


def test_excel_nl_be_exact_bytes():
    expected = (
        "\ufeffassessment_id;company;overall_score;level;score_people;owner\r\n"
        "a1;Café Zoë;66,7;4;-12,5;owner-some\r\n"
        "b2;'=1+1;;;;\r\n"
    ).encode()
    assert as_bytes(ROWS, dialect=EXCEL_NL_BE) == expected
    assert expected.startswith(b"\xef\xbb\xbf")


def test_standard_exact_bytes():
    expected = (
        "assessment_id,company,overall_score,level,score_people,owner\r\n"
        "a1,Café Zoë,66.7,4,-12.5,owner-some\r\n"
        "b2,'=1+1,,,,\r\n"
    ).encode()
    assert as_bytes(ROWS, dialect=STANDARD) == expected


def test_separators_and_quotes_are_quoted_per_dialect():
    rows = [{"assessment_id": "a;b", "company": "a,b", "owner": 'a"b'}]
    assert as_bytes(rows, dialect=EXCEL_NL_BE).decode("utf-8-sig").splitlines()[1] == (
        '"a;b";a,b;;;;"a""b"'
    )
    assert as_bytes(rows, dialect=STANDARD).decode().splitlines()[1] == 'a;b,"a,b",,,,"a""b"'


@pytest.mark.parametrize("dialect", [EXCEL_NL_BE, STANDARD], ids=lambda d: d.name)
@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_every_payload_round_trips_as_text(payload, dialect):
    data = as_bytes([{"company": payload}], ["company"], dialect)
    (header, (cell,)) = read_back(data, dialect)
    assert header == ["company"]
    expected = "'" + payload if payload in NEUTRALISED else payload
    assert cell == expected


@pytest.mark.parametrize("dialect", [EXCEL_NL_BE, STANDARD], ids=lambda d: d.name)
def test_control_characters_never_reach_a_cell(dialect):
    data = as_bytes([{"company": "Bak\x00kerij\x1b Pee\x7fters"}], ["company"], dialect)
    assert b"\x00" not in data and b"\x1b" not in data and b"\x7f" not in data
    (_header, (cell,)) = read_back(data, dialect)
    assert cell == "Bakkerij Peeters"
    behind_nul = as_bytes([{"company": "\x00=1+1"}], ["company"], dialect)
    assert read_back(behind_nul, dialect)[1] == ["'=1+1"]


@pytest.mark.parametrize("dialect", [EXCEL_NL_BE, STANDARD], ids=lambda d: d.name)
def test_negative_numbers_stay_numbers(dialect):
    data = as_bytes([{"a": -3, "b": -12.5, "c": "-12.5", "d": 0.0}], ["a", "b", "c", "d"], dialect)
    (_header, row) = read_back(data, dialect)
    comma = dialect.decimal_separator
    assert row == ["-3", f"-12{comma}5", "'-12.5", f"0{comma}0"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(66.7, "66,7"), (100.0, "100,0"), (1e-05, "0,00001"), (1e21, "1000000000000000000000")],
)
def test_numbers_never_use_exponents(value, expected):
    assert export.format_cell(value, EXCEL_NL_BE) == expected


@pytest.mark.parametrize(
    "value", [0.1, -0.0, 45.0, 33.3, -12.25, 123456789.125, 1e16, 2.5e-07, 1.7976931348623157e308]
)
def test_numbers_are_written_as_their_shortest_plain_decimal(value):
    expected = format(Decimal(repr(value)), "f").replace(".", ",")
    assert export.format_cell(value, EXCEL_NL_BE) == expected
    assert "e" not in expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_numbers_that_are_not_numbers_give_an_empty_cell(value):
    assert export.format_cell(value, STANDARD) == ""


def test_columns_from_the_questionnaire_use_ids():
    questionnaire = load_questionnaire(TEST_QUESTIONS)
    assert export.export_columns([questionnaire]) == [
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
        "score_people",
        "level_people",
        "score_tools",
        "level_tools",
        "recommendation",
        *(question.id for question in questionnaire.questions),
    ]


def test_a_question_id_that_clashes_with_a_column_is_refused():
    questionnaire = load_questionnaire(TEST_QUESTIONS)
    people = questionnaire.step("people")
    renamed = replace(people.questions[0], id="status")
    steps = tuple(
        replace(step, questions=(renamed, *step.questions[1:])) if step is people else step
        for step in questionnaire.steps
    )
    with pytest.raises(ExportError, match="status"):
        export.export_columns([replace(questionnaire, steps=steps)])


def test_a_record_becomes_a_line_in_column_order():
    layout = export.export_layout([load_questionnaire(TEST_QUESTIONS)])
    fixed = [
        "a1",
        "Café",
        "nl",
        "it_contact",
        "test-1",
        "submitted",
        "2026-01-01",
        "2026-01-02",
        58.3,
        3,
    ]
    dimensions = '{"people": {"score": 58.3, "level": 3}}'
    record = (*fixed, "support-contract", dimensions, '{"owner": "owner-some"}')
    row = dict(zip(layout.columns, layout.row(record), strict=True))
    assert row["assessment_id"] == "a1" and row["overall_score"] == 58.3
    assert (row["score_people"], row["level_people"]) == (58.3, 3)
    assert (row["score_tools"], row["level_tools"]) == (None, None)
    assert row["recommendation"] == "support-contract"
    assert row["owner"] == "owner-some" and row["backups"] is None


def test_a_draft_without_scores_or_answers_has_empty_cells():
    layout = export.export_layout([load_questionnaire(TEST_QUESTIONS)])
    record = ("a1", "Café", "nl", None, "test-1", "in_progress", "2026-01-01", None, None, None)
    row = layout.row((*record, None, None, None))
    assert row[: len(record)] == list(record)
    assert row[len(record) :] == [None] * (len(layout.columns) - len(record))


def test_the_export_query_reads_the_fields_a_record_has(app):
    db = connect(app.config["DATABASE"])
    try:
        cursor = db.execute(store_dashboard.EXPORT_QUERY.format(where=""))
        assert tuple(column[0] for column in cursor.description) == export.RECORD_FIELDS
    finally:
        db.close()


def test_unknown_dialect_is_refused():
    assert export.dialect_named(None) is EXCEL_NL_BE
    assert export.dialect_named("standard") is STANDARD
    with pytest.raises(ExportError):
        export.dialect_named("lotus-123")


def test_the_export_streams_without_reading_all_rows():
    endless = ([f"Company {n}"] for n in itertools.count())
    chunks = export.iter_csv(endless, ["company"], STANDARD)
    first = next(chunks)
    assert first.startswith(b"company\r\nCompany 0\r\n")
    assert export.CHUNK_SIZE <= len(first) < 2 * export.CHUNK_SIZE


# A real spreadsheet: LibreOffice Calc reads the Excel (NL/BE) export ----------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NL_BE = 2067  # LibreOffice's language id for Dutch (Belgium): decimal comma, like Excel there
CSV_IMPORT = f"CSV:59,34,76,1,,{NL_BE}"  # `;`, `"`, UTF-8, from line 1, Dutch (Belgium)


def convert_to_xlsx(csv_path, folder):
    """Let LibreOffice Calc open the CSV as a Belgian user would and save it as xlsx."""
    profile = folder / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            f"--infilter={CSV_IMPORT}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(folder)},
    )
    return folder / (csv_path.stem + ".xlsx")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="needs Debian's libreoffice-calc-nogui")
def test_libreoffice_reads_the_excel_export_as_intended(app, client, consultant, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    companies = ["Café Zoë – Brasserie", "=1+1", "+32 9 123", "-x", "@SUM(A1)", "\t=1", "a;b"]
    made = seed(app, companies, [3, 0, 1, 2, 4, 0, 1])
    consultant.login()
    csv_path = tmp_path / "export.csv"
    csv_path.write_bytes(client.get("/en/consultant/export.csv?dialect=excel-nl-be").data)

    sheet = openpyxl.load_workbook(convert_to_xlsx(csv_path, tmp_path)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == len(made)
    by_id = {row["assessment_id"].value: row for row in rows}
    for assessment in made:
        row = by_id[assessment.public_id]
        company = row["company"]
        assert company.data_type == "s"  # text, never a formula
        neutral = assessment.company[0] in "=+-@\t"
        assert company.value == ("'" if neutral else "") + assessment.company
        assert row["overall_score"].data_type == "n"
        assert row["overall_score"].value == pytest.approx(assessment.overall_score)
        assert row["level"].value == assessment.level
        assert row["score_people"].data_type == "n"
        assert row["recommendation"].value == assessment.recommendation
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
