"""The JSON Lines export: every line has the shape README.md documents, and the filters hold."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from maturity import json_export
from maturity.questionnaire import load_questionnaire
from tests.conftest import TEST_QUESTIONS
from tests.test_consultant import seed

README = Path(__file__).parent.parent / "README.md"
TABLE_ROW = re.compile(r"^\| `(\w+)` \| ([a-z ]+) \| .+ \|$")
TYPES = {
    "string": str,
    "number": (int, float),
    "integer": int,
    "object": dict,
    "null": type(None),
}


def documented_shape() -> dict[str, tuple[type, ...]]:
    """Field -> allowed Python types, from the table under "JSON Lines export" in README.md."""
    section = README.read_text().split("### JSON Lines export", 1)[1].split("\n#", 1)[0]
    shape = {}
    for line in section.splitlines():
        match = TABLE_ROW.match(line)
        if match:
            kinds = match.group(2).split(" or ")
            shape[match.group(1)] = tuple(TYPES[kind] for kind in kinds)
    return shape


def check_shape(line: dict, shape: dict) -> None:
    """One line against the documented shape, with the details the table states in words."""
    assert list(line) == list(shape), "the fields, in the documented order"
    for name, value in line.items():
        kinds = shape[name]
        assert isinstance(value, kinds) and not isinstance(value, bool), (name, value)
    assert line["schema"] == json_export.SCHEMA
    assert line["language"] in ("nl", "en", "fr")
    assert line["status"] in ("in_progress", "submitted")
    submitted = line["status"] == "submitted"
    for name in ("submitted_at", "overall_score", "level", "recommendation"):
        assert (line[name] is not None) == submitted, name
    for dimension in line["dimensions"].values():
        assert set(dimension) == {"score", "level"}
        assert isinstance(dimension["score"], (int, float)) and isinstance(dimension["level"], int)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in line["answers"].items())


def test_the_readme_documents_the_shape():
    shape = documented_shape()
    assert list(shape) == ["schema", *json_export.PLAIN_FIELDS, "dimensions", "answers"]
    assert f"`{json_export.SCHEMA}`" in README.read_text()


def test_every_line_of_the_web_export_has_the_documented_shape(app, client, consultant):
    made = seed(app, ["=1+1", "Café Zoë", "Garage Maes"], [3, 0, None])
    consultant.login()
    response = client.get("/en/consultant/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    assert response.headers["Content-Disposition"].endswith('.jsonl"')
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8")
    assert text.endswith("\n") and "\r" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    shape = documented_shape()
    for line in lines:
        check_shape(line, shape)
    assert [line["company"] for line in lines] == [a.company for a in reversed(made)]
    assert '"Café Zoë"' in text  # UTF-8 as it is, not \u escapes

    questionnaire = app.extensions["questionnaire"]
    first = lines[-1]
    assert first["assessment_id"] == made[0].public_id
    assert first["questionnaire_version"] == questionnaire.version
    assert first["overall_score"] == pytest.approx(made[0].overall_score)
    assert first["recommendation"] == made[0].recommendation
    assert set(first["dimensions"]) == {d.id for d in questionnaire.dimensions}
    assert set(first["answers"]) == {q.id for q in questionnaire.questions}
    assert lines[0]["answers"] == {} and lines[0]["dimensions"] == {}


def test_the_json_export_honours_the_dashboards_filters(app, client, consultant):
    seed(app, ["Bakkerij Peeters", "Garage Maes", "Bakkerij Janssens"], [3, 0, None])
    consultant.login()
    text = client.get("/en/consultant/export.json?q=bakkerij&status=submitted").text
    assert [json.loads(line)["company"] for line in text.splitlines()] == ["Bakkerij Peeters"]
    assert client.get("/en/consultant/export.json?q=nobody").data == b""
    refused = client.get("/en/consultant/export.json?status=deleted")
    assert refused.status_code == 302 and refused.location.startswith("/en/consultant/?")


def test_lines_stream_in_chunks():
    questionnaire = load_questionnaire(TEST_QUESTIONS)
    record = (
        "a" * 32,
        "X",
        "nl",
        "employee",
        questionnaire.version,
        "in_progress",
        "2026-01-01T00:00:00+00:00",
    )
    endless = (record + (None,) * 4 + (None, None) for _ in itertools.count())
    first = next(json_export.iter_json_lines(endless))
    assert json_export.CHUNK_SIZE <= len(first) < 2 * json_export.CHUNK_SIZE
    assert first.endswith(b"\n")
    check_shape(json.loads(first.splitlines()[0]), documented_shape())


def test_export_json_command_writes_the_web_exports_lines(app, client, consultant, runner):
    seed(app, ["Bakkerij Peeters", "Café Zoë"], [3, None])
    result = runner.invoke(args=["export-json", "-"])
    assert result.exit_code == 0, result.output
    consultant.login()
    assert result.stdout_bytes == client.get("/en/consultant/export.json").data
    assert len(result.stdout_bytes.splitlines()) == 2
