"""The radar chart: deterministic SVG without pyplot, its cache, and the route that serves it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity import chart
from maturity.reports import chart_signature
from tests.conftest import TEST_QUESTIONS

SVG = "{http://www.w3.org/2000/svg}"
LABELS = (
    "Roles and responsibilities",
    "Rules on use, security and access",
    "IT aligned with your business goals",
    "Structure, not improvisation",
)
SCORES = (45.8, 72.5, 20.0, 100.0)
TEXTS = ("45.8", "72.5", "20.0", "100.0")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def empty_chart_cache():
    chart.radar_svg_with_etag.cache_clear()
    yield
    chart.radar_svg_with_etag.cache_clear()


def signature_of(app, version: str, scores: str) -> str:
    with app.app_context():
        return chart_signature(version, scores)


@pytest.fixture
def chart_path(app):
    """The path of a chart as the app links to it: signed."""

    def path(lang: str = "en", scores: str = "58.3-75.0", version: str = "test-1") -> str:
        return f"/{lang}/chart/{version}/{scores}/{signature_of(app, version, scores)}.svg"

    return path


def svg_text(svg: bytes) -> str:
    """All text of an SVG in document order, whitespace collapsed (labels wrap over lines)."""
    root = ET.fromstring(svg)
    return " ".join(" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text"))


def test_svg_is_valid_xml_with_every_label_and_score():
    svg = chart.render_radar_svg(LABELS, SCORES, TEXTS)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    text = svg_text(svg)
    for label in (*LABELS, *TEXTS):
        assert label in text


def test_labels_are_escaped():
    svg = chart.render_radar_svg(("R&D <lab>", "B", "C"), (10.0, 20.0, 30.0), ("1", "2", "3"))
    assert "R&D <lab>" in svg_text(svg)


def test_equal_input_gives_identical_bytes():
    first = chart.render_radar_svg(LABELS, SCORES, TEXTS)
    assert chart.render_radar_svg(list(LABELS), list(SCORES), list(TEXTS)) == first


@given(
    scores=st.lists(st.integers(0, 1000).map(lambda tenths: tenths / 10), min_size=4, max_size=4)
)
@settings(max_examples=10, deadline=None)
def test_a_chart_drawn_after_others_is_the_chart_drawn_first(scores):
    texts = [f"{score:.1f}" for score in scores]
    after_others = chart.render_radar_svg(LABELS, scores, texts)
    chart.radar_figure.cache_clear()  # a new figure, as in a new worker
    assert chart.render_radar_svg(LABELS, scores, texts) == after_others


def test_the_crop_leaves_room_for_the_largest_chart():
    full = chart.render_radar_svg(LABELS, [100.0] * 4, ["100.0"] * 4)
    small = chart.render_radar_svg(LABELS, [0.0] * 4, ["0.0"] * 4)
    root = ET.fromstring(full)
    assert root.get("viewBox") == ET.fromstring(small).get("viewBox")
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert width > 200 and height > 200  # the labels around the radar, not cut to the radar


@pytest.mark.parametrize(
    ("labels", "scores", "texts"),
    [
        (LABELS, (45.9, 72.5, 20.0, 100.0), ("45.9", "72.5", "20.0", "100.0")),
        (("Rollen", *LABELS[1:]), SCORES, TEXTS),
        (LABELS, SCORES, ("45,8", "72,5", "20,0", "100,0")),
    ],
)
def test_different_input_gives_a_different_chart(labels, scores, texts):
    assert chart.render_radar_svg(labels, scores, texts) != chart.render_radar_svg(
        LABELS, SCORES, TEXTS
    )


def test_no_date_in_the_svg():
    svg = chart.render_radar_svg(LABELS, SCORES, TEXTS)
    assert b"<dc:date>" not in svg


@pytest.mark.parametrize(
    ("labels", "scores", "texts"),
    [
        (LABELS[:3], SCORES, TEXTS),
        (LABELS, SCORES, TEXTS[:3]),
        (LABELS[:1], SCORES[:1], TEXTS[:1]),
        (LABELS, (45.8, 72.5, 20.0, 100.1), TEXTS),
        (LABELS, (-0.1, 72.5, 20.0, 100.0), TEXTS),
    ],
)
def test_input_that_does_not_fit_is_refused(labels, scores, texts):
    with pytest.raises(chart.ChartInputError):
        chart.render_radar_svg(labels, scores, texts)


def test_cache_renders_equal_input_once(monkeypatch):
    calls = []
    render = chart.render_radar_svg

    def counting_render(*args):
        calls.append(args)
        return render(*args)

    monkeypatch.setattr(chart, "render_radar_svg", counting_render)
    first = chart.radar_svg_with_etag(LABELS, SCORES, TEXTS)
    assert chart.radar_svg_with_etag(LABELS, SCORES, TEXTS) is first
    assert len(calls) == 1
    chart.radar_svg_with_etag(LABELS, (1.0, 2.0, 3.0, 4.0), TEXTS)
    assert len(calls) == 2


# Scores in a URL ------------------------------------------------------------------------


def test_format_scores_round_trips():
    text = chart.format_scores([58.3, 75.0, 0.0, 100.0])
    assert text == "58.3-75.0-0.0-100.0"
    assert chart.parse_scores(text, 4) == (58.3, 75.0, 0.0, 100.0)


@pytest.mark.parametrize(
    "text",
    [
        "58.3-75",  # every score has one decimal
        "58.30-75.0",
        "058.3-75.0",
        "58.3-75.0-10.0",  # one too many
        "58.3",  # one too few
        "100.1-75.0",
        "101.0-75.0",
        "-1.0-75.0",
        "58.3--75.0",
        "1e2-75.0",
        " 58.3-75.0",
        "58,3-75,0",
        "nan-75.0",
        "٥٨.٣-75.0",  # digits of another script
        "",
        "9" * 500,
    ],
)
def test_parse_scores_refuses_anything_but_the_canonical_form(text):
    assert chart.parse_scores(text, 2) is None


# The route -------------------------------------------------------------------------------


def test_route_serves_svg_with_labels_in_the_language_of_the_url(chart_path, client):
    response = client.get(chart_path("nl"))
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    text = svg_text(response.data)
    assert "Mensen" in text and "Middelen" in text and "58,3" in text
    english = svg_text(client.get(chart_path("en")).data)
    assert "People" in english and "58.3" in english


def test_route_is_cacheable_and_answers_304_to_a_known_etag(chart_path, client):
    response = client.get(chart_path("en"))
    assert response.cache_control.public
    assert response.cache_control.max_age >= 3600
    assert "Set-Cookie" not in response.headers
    etag = response.headers["ETag"]
    again = client.get(chart_path("en"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


@pytest.mark.parametrize("if_none_match", ["W/{etag}", "*", '"another", {etag}'])
def test_a_weak_or_listed_etag_also_gets_a_304(chart_path, client, if_none_match):
    etag = client.get(chart_path("en")).headers["ETag"]
    header = if_none_match.format(etag=etag)
    again = client.get(chart_path("en"), headers={"If-None-Match": header})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag


def test_another_etag_gets_the_chart(chart_path, client):
    first = client.get(chart_path("en"))
    again = client.get(chart_path("en"), headers={"If-None-Match": '"other"'})
    assert again.status_code == 200
    assert again.data == first.data


def test_route_sets_no_cookie_even_when_the_language_differs(chart_path, client):
    client.set_cookie("lang", "fr")
    response = client.get(chart_path("nl"))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_a_repeat_request_does_not_render_again(chart_path, client, monkeypatch):
    calls = []
    render = chart.render_radar_svg
    monkeypatch.setattr(chart, "render_radar_svg", lambda *a: calls.append(a) or render(*a))
    first = client.get(chart_path("fr", "10.0-20.0"))
    second = client.get(chart_path("fr", "10.0-20.0"))
    assert first.data == second.data
    assert len(calls) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/nl/chart/test-1/58.3.svg",
        "/nl/chart/test-1/58.3-75.0-1.0.svg",
        "/nl/chart/test-1/58.3-175.0.svg",
        "/nl/chart/test-1/58.30-75.0.svg",
        "/nl/chart/test-1/58.3-75.0.png",
        "/nl/chart/test-1/abc.svg",
        "/nl/chart/test-1/.svg",
        "/nl/chart/1999.1/58.3-75.0.svg",
        "/nl/chart/%2e%2e/58.3-75.0.svg",
        "/de/chart/test-1/58.3-75.0.svg",
        "/nl/chart/test-1/" + "1" * 3000 + ".svg",
    ],
)
def test_route_answers_404_to_bad_input(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.text


def test_only_charts_the_app_linked_to_are_drawn(app, client, chart_path, monkeypatch):
    calls = []
    render = chart.render_radar_svg
    monkeypatch.setattr(chart, "render_radar_svg", lambda *a: calls.append(a) or render(*a))
    signature = signature_of(app, "test-1", "58.3-75.0")
    for path in (
        "/nl/chart/test-1/58.3-75.0.svg",  # no signature
        "/nl/chart/test-1/58.3-75.1/" + signature + ".svg",  # another chart's signature
        "/nl/chart/test-1/58.3-75.0/"
        + signature[:-1]
        + ("y" if signature[-1] == "x" else "x")
        + ".svg",
        "/nl/chart/test-1/58.3-75.0/%00.svg",
        "/nl/chart/test-2/58.3-75.0/" + signature + ".svg",
        "/nl/chart/test-1/58.3-75.0/" + signature + "====.svg",  # base64 read leniently
        "/nl/chart/test-1/58.3-75.0/" + signature + "!!!!.svg",
        "/nl/chart/test-1/58.3-75.0/" + signature[:4] + "...." + signature[4:] + ".svg",
    ):
        assert client.get(path).status_code == 404, path
    assert calls == []
    assert client.get(chart_path("nl")).status_code == 200
    assert len(calls) == 1


def test_a_chart_sets_no_session_cookie_even_for_a_respondent(client, chart_path):
    from tests.conftest import Respondent

    Respondent(client).start()
    response = client.get(chart_path("nl"))
    assert response.cache_control.public
    assert not response.headers.getlist("Set-Cookie")


def test_the_svg_does_not_name_the_software_or_its_version():
    import matplotlib

    svg = chart.render_radar_svg(LABELS, SCORES, TEXTS).decode()
    assert matplotlib.__version__ not in svg
    assert "Matplotlib v" not in svg


def test_a_chart_signed_with_a_retired_key_still_shows(tmp_path, chart_path):
    from tests.conftest import make_app

    rotated = make_app(tmp_path, SECRET_KEY="a-new-key", SECRET_KEY_FALLBACKS=["test-secret-key"])
    assert rotated.test_client().get(chart_path()).status_code == 200


# matplotlib's global state stays out ----------------------------------------------------

CHILD = """
import json, os, sys
from maturity import create_app
app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": sys.argv[1],
                  "QUESTIONS_DIR": sys.argv[2]})
imported_at_start = "matplotlib" in sys.modules
from maturity.reports import chart_signature
with app.app_context():
    signature = chart_signature("test-1", "58.3-75.0")
response = app.test_client().get(f"/en/chart/test-1/58.3-75.0/{signature}.svg")
print(json.dumps({
    "status": response.status_code,
    "sha256": __import__("hashlib").sha256(response.data).hexdigest(),
    "matplotlib_at_start": imported_at_start,
    "matplotlib": "matplotlib" in sys.modules,
    "pyplot": "matplotlib.pyplot" in sys.modules,
    "mplconfigdir": os.environ.get("MPLCONFIGDIR"),
}))
"""


def test_pyplot_is_never_imported_and_another_process_draws_the_same_bytes(
    tmp_path, client, chart_path
):
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "child.sqlite"), str(TEST_QUESTIONS)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(completed.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200
    assert not seen["matplotlib_at_start"], "matplotlib is imported before the first chart"
    assert seen["matplotlib"] and not seen["pyplot"]
    assert seen["mplconfigdir"] == str(PROJECT_ROOT / "instance" / "matplotlib")
    here = client.get(chart_path()).data
    assert seen["sha256"] == hashlib.sha256(here).hexdigest()
