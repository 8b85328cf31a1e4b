"""The files people download, as responses: the workbook, JSON Lines and the result's PDF.

The layer between the blueprints and the pure writers (workbook, json_export, pdf): it reads
the records from the database and wraps what the writers make in a response. It imports no
blueprint.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from urllib.parse import urlsplit

from flask import Response, current_app, render_template, request, send_file
from sqlite_utils import Database
from werkzeug.test import Client

from maturity import json_export, pdf, store_dashboard, workbook
from maturity.db import connect as db_connect
from maturity.questionnaire import Questionnaire
from maturity.store import AssessmentFilter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_LINES_MIMETYPE = "application/x-ndjson"
SPOOL_BYTES = 1024 * 1024  # a workbook up to this size stays in memory, a bigger one on disk


def download_name(extension: str, today: date | None = None) -> str:
    return f"it-maturity-scan-{(today or date.today()).isoformat()}.{extension}"


def stream_export(
    database: str,
    filters: AssessmentFilter,
    write: Callable[[Iterator[tuple]], Iterable[bytes]],
) -> Iterator[bytes]:
    """The matching assessments' records through a writer (CSV, JSON Lines), streamed from a
    connection of its own, which lives as long as the download and is closed when it ends or is
    broken off."""
    # The request's connection is closed when the view returns, before the body is sent.
    connection = db_connect(database)
    try:
        yield from write(store_dashboard.iter_export_records(connection, filters))
    finally:
        connection.close()


def csv_response(chunks: Iterator[bytes]) -> Response:
    response = Response(chunks, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name("csv")}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def xlsx_response(
    db: Database, questionnaires: list[Questionnaire], filters: AssessmentFilter, language: str
) -> Response:
    """The workbook of the matching assessments, written to a temporary file and sent from it."""
    # A zip file is complete only at its end: it is written whole, then sent, never in memory.
    target = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (send_file closes it)
    try:
        records = store_dashboard.iter_export_records(db, filters)
        workbook.write_workbook(target, records, questionnaires, language)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    response = send_file(
        target, XLSX_MIMETYPE, as_attachment=True, download_name=download_name("xlsx")
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def json_lines_response(filters: AssessmentFilter) -> Response:
    chunks = stream_export(current_app.config["DATABASE"], filters, json_export.iter_json_lines)
    response = Response(chunks, mimetype=JSON_LINES_MIMETYPE)
    disposition = f'attachment; filename="{download_name("jsonl")}"'
    response.headers["Content-Disposition"] = disposition
    response.headers["Cache-Control"] = "no-store"
    return response


# The result as PDF -------------------------------------------------------------------------


def fetch_own_resource(url: str, base_url: str) -> tuple[bytes, str] | None:
    """A stylesheet, image or chart of this site, asked of the app itself (no network).

    Only GET, only URLs under base_url (the app's root), without the visitor's cookies, and
    only a 200 answer; anything else is None (left out).
    """
    if not url.startswith(base_url):
        return None
    parts = urlsplit("/" + url[len(base_url) :])
    client = Client(current_app.wsgi_app)
    # An app context of its own: the fetch shares nothing (g, its connection) with the visit.
    with current_app.app_context():
        response = client.get(parts.path, query_string=parts.query, base_url=base_url)
        try:
            if response.status_code != 200:
                return None
            return response.get_data(), response.mimetype
        finally:
            response.close()


def pdf_response(html: str, name: str, back_url: str) -> Response | tuple[str, int]:
    """The page as an A4 PDF (its print stylesheet), or a page that says why there is none."""
    base_url = request.url_root
    try:
        document = pdf.html_to_pdf(html, base_url, lambda url: fetch_own_resource(url, base_url))
    except pdf.PdfUnavailable as exc:
        current_app.logger.warning("No PDF: %s", exc)
        page = render_template("errors/pdf_unavailable.html", reason=str(exc), back_url=back_url)
        return page, 503
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def result_pdf_response(html: str, back_url: str) -> Response | tuple[str, int]:
    """A result page (the respondent's or the consultant's view) as PDF; back_url is the page."""
    return pdf_response(html, download_name("pdf"), back_url)
