"""The result as PDF: A4, at most three pages, the print layout, for owner and consultant."""

from __future__ import annotations

import io
import sys

import pypdf
import pytest

from maturity import downloads, pdf
from tests.conftest import REAL_QUESTIONS, Respondent, make_app
from tests.test_consultant import answers_at, seed, walk_questionnaire

A4_POINTS = (595.28, 841.89)
MAX_PAGES = 3


def read_pdf(response) -> tuple[list, str]:
    assert response.status_code == 200, response.text
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
    assert "no-store" in response.headers["Cache-Control"]
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader.pages, " ".join(text.split())


def assert_printable(pages) -> None:
    assert 1 <= len(pages) <= MAX_PAGES
    for page in pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=0.5)


def has_image(pages) -> bool:
    """The chart is drawn on the page (WeasyPrint draws an SVG as a form XObject)."""
    return any("/XObject" in page["/Resources"] for page in pages)


def test_the_respondent_downloads_their_result(client, respondent):
    respondent.start("Bakkerij Peeters")
    respondent.answer_all()
    respondent.submit()
    page = client.get("/nl/result").text
    assert 'href="/nl/result.pdf"' in page

    pages, text = read_pdf(client.get("/nl/result.pdf"))
    assert_printable(pages)
    assert "IT-maturiteitsscan · aangeboden door uw IT-partner" in text  # the print header
    assert "Bakkerij Peeters" in text
    assert "Uw IT-maturiteit: niveau 4 van 5" in text
    assert "58,3" in text and "75" in text  # the table beside the chart
    assert has_image(pages)
    # The print stylesheet applies: no navigation, no buttons, no footer.
    assert "Afdrukken / opslaan als pdf" not in text
    assert "Voor IT-partners" not in text


def test_no_pdf_before_submitting_or_without_a_scan(client, respondent):
    assert client.get("/nl/result.pdf").location == "/nl/"
    respondent.start()
    assert client.get("/nl/result.pdf").location == "/nl/review"


def test_the_consultant_downloads_an_assessments_result(app, client, consultant):
    done, open_one = seed(app, ["=1+1 Garage", "Bakkerij Maes"], [3, None])
    consultant.login()
    view = client.get(f"/en/consultant/assessments/{done.public_id}").text
    assert f'href="/en/consultant/assessments/{done.public_id}.pdf"' in view
    pages, text = read_pdf(client.get(f"/en/consultant/assessments/{done.public_id}.pdf"))
    assert_printable(pages)
    assert f"=1+1 Garage: IT maturity level {done.level} of 5" in text
    assert "Delete this assessment" not in text

    waiting = client.get(f"/en/consultant/assessments/{open_one.public_id}.pdf")
    assert waiting.location == f"/en/consultant/assessments/{open_one.public_id}"
    assert client.get("/en/consultant/assessments/nothing-here.pdf").status_code == 404


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_longest_real_result_fits_three_a4_pages(tmp_path, lang):
    """The real questionnaire, every answer at its lowest: the most improvements and projects."""
    app = make_app(tmp_path, REAL_QUESTIONS)
    client = app.test_client()
    questionnaire = app.extensions["questionnaire"]
    Respondent(client, lang).start("Transport Dubois & Fils SRL – Zaventem")
    walk_questionnaire(client, lang, questionnaire, answers_at(questionnaire, 0))
    pages, text = read_pdf(client.get(f"/{lang}/result.pdf"))
    assert_printable(pages)
    assert "Transport Dubois & Fils SRL" in text
    assert has_image(pages)


def test_without_weasyprint_the_page_says_why(app, client, consultant, monkeypatch):
    def missing():
        raise pdf.PdfUnavailable("a system library WeasyPrint needs is missing (libpango)")

    monkeypatch.setattr(pdf, "load_weasyprint", missing)
    (done,) = seed(app, ["Bakkerij Peeters"], [2])
    consultant.login()
    response = client.get(f"/en/consultant/assessments/{done.public_id}.pdf")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert "This server cannot make PDF files" in response.text
    assert "libpango" in response.text
    assert f'href="/en/consultant/assessments/{done.public_id}"' in response.text


def test_a_missing_weasyprint_is_reported_not_raised(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes `import weasyprint` fail
    module, reason = pdf.import_weasyprint.__wrapped__()  # past the cache of the real import
    assert module is None
    assert reason.startswith("the Python package WeasyPrint is not installed")


def test_the_pdf_reads_only_the_sites_own_resources(app):
    with app.test_request_context("/nl/result"):
        base = "http://localhost/"
        css = downloads.fetch_own_resource(base + "static/print.css", base)
        assert css is not None and css[1] == "text/css" and b"@page" in css[0]
        assert downloads.fetch_own_resource("file:///etc/passwd", base) is None
        assert downloads.fetch_own_resource("http://example.com/static/print.css", base) is None
        assert downloads.fetch_own_resource(base + "en/consultant/", base) is None  # a redirect


def test_html_to_pdf_asks_fetch_for_every_resource():
    asked = []

    def fetch(url):
        asked.append(url)
        return (b"p { color: #123456 }", "text/css") if url.endswith(".css") else None

    html = (
        '<link rel="stylesheet" href="/static/a.css"><p>Hallo</p>'
        '<img src="file:///etc/passwd"><img src="https://example.com/x.png">'
    )
    document = pdf.html_to_pdf(html, "http://localhost/", fetch)
    assert document.startswith(b"%PDF-")
    assert asked == [
        "http://localhost/static/a.css",
        "file:///etc/passwd",
        "https://example.com/x.png",
    ]
