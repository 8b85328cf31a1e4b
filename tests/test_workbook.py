"""The Excel workbook: labels in the page's language, real dates and numbers, never a formula."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from datetime import datetime

import openpyxl
import pytest

from maturity import workbook
from maturity.questionnaire import LANGUAGES, load_questionnaire
from tests.conftest import TEST_QUESTIONS
from tests.test_consultant import seed

QUESTIONNAIRE = load_questionnaire(TEST_QUESTIONS)
PAYLOADS = ["=1+1", "+1", "-x", "@SUM(A1)", "\t=1", '=HYPERLINK("http://x")', "http://x.be"]


def record(company="Bakkerij Peeters", **changes) -> tuple:
    """A stored assessment as store.iter_export_records() reads it (export.RECORD_FIELDS)."""
    values = {
        "assessment_id": "a" * 32,
        "company": company,
        "language": "fr",
        "respondent_role": "it_contact",
        "questionnaire_version": QUESTIONNAIRE.version,
        "status": "submitted",
        "created_at": "2026-07-01T09:58:00+00:00",  # summer: Brussels is UTC+2
        "submitted_at": "2026-07-01T10:20:30+00:00",
        "overall_score": 62.5333,
        "level": 4,
        "recommendation": "managed-services",
        "dimension_scores": json.dumps(
            {"people": {"score": 50.04, "level": 3}, "tools": {"score": 75.06, "level": 4}}
        ),
        "answers": json.dumps(
            {"current-support": "break-fix", "owner": "owner-some", "backups": "dont-know"}
        ),
    }
    values.update(changes)
    return tuple(values[name] for name in workbook.RECORD_FIELDS)


IN_PROGRESS = {
    "status": "in_progress",
    "created_at": "2026-01-15T23:30:00+00:00",  # winter: UTC+1, so the next day in Brussels
    "submitted_at": None,
    "overall_score": None,
    "level": None,
    "recommendation": None,
    "dimension_scores": None,
    "answers": json.dumps({"current-support": "support-contract"}),
}


def read_back(records, language="nl", questionnaires=(QUESTIONNAIRE,)):
    target = io.BytesIO()
    count = workbook.write_workbook(target, records, list(questionnaires), language)
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    return count, book


def rows_of(sheet) -> list[dict]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_one_row_per_record_with_labels_dates_and_numbers():
    count, book = read_back([record(), record(company="Garage Maes", **IN_PROGRESS)])
    assert count == 2
    assert book.sheetnames == ["Scans", "Uitleg"]
    submitted, started = rows_of(book["Scans"])

    assert submitted["Bedrijf"].value == "Bakkerij Peeters"
    assert submitted["Taal"].value == "Français"
    assert submitted["Status"].value == "Ingediend"
    assert submitted["Advies"].value == "Beheerde diensten"
    assert submitted["Gestart op"].value == datetime(2026, 7, 1, 11, 58)
    assert submitted["Ingediend op"].value == datetime(2026, 7, 1, 12, 20, 30)
    assert submitted["Gestart op"].number_format == workbook.DATE_FORMAT
    assert submitted["Totaalscore"].value == 62.5
    assert submitted["Totaalscore"].number_format == "0.0"
    assert submitted["Niveau"].value == 4
    assert submitted["Naam niveau"].value == "Niveau-vier"
    assert submitted["Mensen: score"].value == 50.0
    assert submitted["Mensen: niveau"].value == 3
    assert submitted["Middelen: score"].value == 75.1
    # Answers as their labels; an unanswered question is an empty cell.
    assert submitted["Hoe is uw IT-ondersteuning geregeld?"].value == "Per interventie"
    assert submitted["Vraag owner?"].value == "owner wat"
    assert submitted["Vraag backups?"].value == "Weet ik niet"
    assert submitted["Vraag updates?"].value is None

    assert started["Status"].value == "In uitvoering"
    assert started["Gestart op"].value == datetime(2026, 1, 16, 0, 30)
    assert started["Ingediend op"].value is None
    assert started["Totaalscore"].value is None
    assert started["Hoe is uw IT-ondersteuning geregeld?"].value == "Supportcontract"
    for row in (submitted, started):
        assert all(cell.data_type in ("s", "n", "d") for cell in row.values())


@pytest.mark.parametrize(
    ("language", "sheets", "company", "status"),
    [
        ("en", ["Assessments", "Explanation"], "Company", "Submitted"),
        ("fr", ["Évaluations", "Explications"], "Entreprise", "Envoyée"),
    ],
)
def test_headers_and_values_follow_the_language(language, sheets, company, status):
    _count, book = read_back([record()], language)
    assert book.sheetnames == sheets
    (row,) = rows_of(book.worksheets[0])
    assert row[company].value == "Bakkerij Peeters"
    assert row["Status" if language == "en" else "Statut"].value == status


def test_no_cell_is_ever_a_formula_or_a_link():
    _count, book = read_back([record(company=payload) for payload in PAYLOADS])
    sheet = book["Scans"]
    companies = [row["Bedrijf"] for row in rows_of(sheet)]
    assert [cell.value for cell in companies] == PAYLOADS  # as typed, no quote added
    assert {cell.data_type for cell in companies} == {"s"}
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    assert not any(cell.hyperlink for row in sheet.iter_rows() for cell in row)


def test_frozen_header_filters_and_widths():
    _count, book = read_back([record(), record()])
    sheet = book["Scans"]
    columns = workbook.workbook_columns([QUESTIONNAIRE])
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(columns))
    assert sheet.auto_filter.ref == f"A1:{last}3"
    assert sheet.column_dimensions["A"].width > 30  # the id
    assert sheet.column_dimensions["B"].width > 25  # the company
    assert all(cell.font.bold for cell in sheet[1])


def test_an_empty_export_still_has_its_header_and_legend():
    count, book = read_back([])
    assert count == 0
    assert [cell.value for cell in book["Scans"][1]][:2] == ["Scan-id", "Bedrijf"]
    assert book["Uitleg"].max_row > 10


def test_the_second_sheet_explains_every_column_and_option():
    _count, book = read_back([record()], "en")
    legend = book["Explanation"]
    header = [cell.value for cell in legend[1]]
    assert header == [
        "Column",
        "Header",
        "Column id",
        "Value id",
        "Nederlands",
        "English",
        "Français",
        "Points",
        "Meaning",
    ]
    rows = [dict(zip(header, row, strict=True)) for row in legend.iter_rows(values_only=True)][1:]
    data_header = [cell.value for cell in book["Assessments"][1]]
    described = [row for row in rows if row["Column"]]
    assert [row["Header"] for row in described] == data_header
    assert [row["Column"] for row in described[:3]] == ["A", "B", "C"]
    assert all(row["Meaning"] for row in described)
    owner = next(row for row in described if row["Column id"] == "owner")
    assert (owner["Nederlands"], owner["English"]) == ("Vraag owner?", "Question owner?")

    options = {(row["Column id"], row["Value id"]): row for row in rows if row["Value id"]}
    question = QUESTIONNAIRE.question("owner")
    for option in question.options:
        row = options["owner", option.id]
        assert [row[name] for name in ("Nederlands", "English", "Français")] == [
            option.label[lang] for lang in LANGUAGES
        ]
        assert row["Points"] == option.score
    assert options["backup", "not-applicable"]["Points"] is None
    assert options["status", "in_progress"]["English"] == "In progress"
    assert options["recommendation", "managed-services"]["Nederlands"] == "Beheerde diensten"
    assert options["level", "5"]["English"] == "Level-five"
    assert not any(cell.data_type == "f" for row in legend.iter_rows() for cell in row)


def test_an_unknown_option_id_is_shown_as_it_is():
    answers = json.dumps({"owner": "owner-retired"})
    _count, book = read_back([record(answers=answers, recommendation="something-new")])
    (row,) = rows_of(book["Scans"])
    assert row["Vraag owner?"].value == "owner-retired"
    assert row["Advies"].value == "something-new"


# Through the web: the dashboard's filters, the language of the page ------------------------------


def download(client, query: str = "", lang: str = "en"):
    # Closed as a WSGI server closes it: that closes the temporary file it was sent from.
    with client.get(f"/{lang}/consultant/export.xlsx{query}") as response:
        assert response.status_code == 200
        assert response.mimetype == workbook_mimetype()
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        assert response.headers["Cache-Control"] == "no-store"
        return openpyxl.load_workbook(io.BytesIO(response.data))


def workbook_mimetype() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_web_export_honours_the_dashboards_filters(app, client, consultant):
    made = seed(
        app, ["=1+1", "Bakkerij Peeters", "Garage Maes", "Bakkerij Janssens"], [3, 0, None, 4]
    )
    consultant.login()
    every = rows_of(download(client).worksheets[0])
    assert [row["Company"].value for row in every] == [a.company for a in reversed(made)]

    book = download(client, "?q=bakkerij&status=submitted", lang="nl")
    rows = rows_of(book["Scans"])
    assert [row["Bedrijf"].value for row in rows] == ["Bakkerij Janssens", "Bakkerij Peeters"]
    assert all(row["Status"].value == "Ingediend" for row in rows)
    assert all(isinstance(row["Ingediend op"].value, datetime) for row in rows)

    formula = rows_of(download(client, "?q=%3D1").worksheets[0])
    assert [(row["Company"].value, row["Company"].data_type) for row in formula] == [("=1+1", "s")]


def test_a_filter_that_makes_no_sense_goes_back_to_the_dashboard(client, consultant):
    consultant.login()
    response = client.get("/en/consultant/export.xlsx?level=9")
    assert response.status_code == 302
    assert response.location == "/en/consultant/?level=9"


def test_the_dashboard_links_to_the_workbook_with_its_filters(client, consultant):
    consultant.login()
    page = client.get("/en/consultant/?q=bak&status=submitted").text
    assert 'href="/en/consultant/export.xlsx?q=bak&amp;status=submitted"' in page
    assert 'href="/en/consultant/export.json?q=bak&amp;status=submitted"' in page


# A real spreadsheet: LibreOffice Calc opens the workbook -----------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="needs Debian's libreoffice-calc-nogui")
def test_libreoffice_opens_the_workbook(app, client, consultant, tmp_path):
    seed(app, ["Café Zoë – Brasserie", *PAYLOADS], [3, 0, 1, 2, 4, 0, 1, None])
    consultant.login()
    source = tmp_path / "in" / "export.xlsx"
    source.parent.mkdir()
    with client.get("/en/consultant/export.xlsx") as response:
        source.write_bytes(response.data)
    # Calc opens the workbook and saves it again: what it read is what it writes.
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    book = openpyxl.load_workbook(tmp_path / "export.xlsx")
    assert book.sheetnames == ["Assessments", "Explanation"]
    rows = rows_of(book["Assessments"])
    assert sorted(row["Company"].value for row in rows) == sorted(
        ["Café Zoë – Brasserie", *PAYLOADS]
    )
    assert {row["Company"].data_type for row in rows} == {"s"}
    submitted = [row for row in rows if row["Status"].value == "Submitted"]
    assert len(submitted) == 7
    assert all(isinstance(row["Submitted"].value, datetime) for row in submitted)
    assert all(row["Overall score"].data_type == "n" for row in submitted)
    for sheet in book.worksheets:
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_export_xlsx_command_writes_the_web_exports_rows(app, client, consultant, runner, tmp_path):
    seed(app, ["Bakkerij Peeters", "=1+1", "Café Zoë"], [3, None, 1])
    target = tmp_path / "export.xlsx"
    result = runner.invoke(args=["export-xlsx", str(target), "--language", "fr"])
    assert result.exit_code == 0, result.output
    consultant.login()
    command = openpyxl.load_workbook(target)
    web = download(client, lang="fr")
    assert command.sheetnames == web.sheetnames == ["Évaluations", "Explications"]
    for sheet in command.sheetnames:
        values = list(command[sheet].iter_rows(values_only=True))
        assert values == list(web[sheet].iter_rows(values_only=True))
    assert command.worksheets[0].max_row == 4  # the header and three assessments
