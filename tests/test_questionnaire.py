"""The question bank loader: one test per kind of fault, and the real bank complete."""

from __future__ import annotations

import shutil

import pytest

from maturity.questionnaire import (
    DONT_KNOW,
    LANGUAGES,
    NOT_APPLICABLE,
    QuestionnaireError,
    load_questionnaire,
    load_questionnaire_versions,
)
from tests.conftest import REAL_QUESTIONS, TEST_QUESTIONS


@pytest.fixture
def bank(tmp_path):
    """A copy of the tiny questionnaire that a test may break."""
    target = tmp_path / "questions"
    shutil.copytree(TEST_QUESTIONS, target)
    return target


def edit(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))


def test_tiny_questionnaire_loads():
    questionnaire = load_questionnaire(TEST_QUESTIONS)
    assert questionnaire.version == "test-1"
    assert [s.id for s in questionnaire.steps] == ["context", "people", "tools"]
    assert [s.id for s in questionnaire.dimensions] == ["people", "tools"]
    owner = questionnaire.question("owner")
    assert owner.weight == 2
    assert owner.option_ids == ("owner-none", "owner-some", "owner-full", DONT_KNOW)
    assert owner.option(DONT_KNOW).score == 0
    assert questionnaire.question("backup").option_ids[-1] == NOT_APPLICABLE
    assert questionnaire.question("backup").option(NOT_APPLICABLE).score is None


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("people.toml", 'id = "backup"', 'id = "owner"', "owner: duplicate question id"),
        ("tools.toml", 'id = "updates"', 'id = "owner"', "owner: duplicate question id"),
        ("people.toml", 'id = "owner-some"', 'id = "owner-none"', "duplicate option id"),
        ("people.toml", 'label.fr = "owner aucun"\n', "", "missing language 'fr'"),
        ("people.toml", 'text.en = "Question owner?"\n', "", "'text' is missing language 'en'"),
        ("people.toml", 'text.nl = "Vraag owner?"', 'text.nl = "  "', "missing language 'nl'"),
        ("people.toml", "score = 4", "score = 5", "score 5 out of range 0..4"),
        ("people.toml", "score = 0", "score = -1", "score -1 out of range 0..4"),
        ("people.toml", "score = 2", 'score = "2"', "not a whole number"),
        ("people.toml", "score = 2", "score = 2\nweight = 2", "unknown key(s) weight"),
        ("people.toml", "dont_know = true", "dont_know = true\nlable = 1", "unknown key(s) lable"),
        ("questionnaire.toml", '"tools"]', '"tools", "money"]', "unknown step 'money'"),
        ("people.toml", 'id = "owner"', 'id = "Owner_Q"', "is not kebab-case"),
        ("people.toml", 'id = "owner-full"', 'id = "dont-know"', "reserved id"),
        ("people.toml", "weight = 2", "weight = 9", "weight 9 out of range 1..3"),
        ("people.toml", 'id = "people"', 'id = "staff"', "must be 'people'"),
        ("people.toml", 'kind = "dimension"', 'kind = "chapter"', "kind must be one of"),
        ("people.toml", '[levels."5"]', '[levels."6"]', "people levels: missing text '5'"),
        (
            "people.toml",
            "improvement.en",
            'improvement.de = "x"\nimprovement.en',
            "unknown language",
        ),
        (
            "context.toml",
            'id = "support-contract"',
            'id = "support-contract"\nscore = 2',
            "no score",
        ),
        ("questionnaire.toml", 'version = "test-1"', "version = 1", "version"),
        ("questionnaire.toml", "number = 5", "number = 6", "numbers must be 1 to 5"),
        ("people.toml", "dont_know = true", 'dont_know = "yes"', "must be true or false"),
        ("people.toml", 'title.nl = "Mensen"', 'title.nl = "Mensen', "not valid TOML"),
    ],
)
def test_fault_is_named_with_file_and_id(bank, file, old, new, message):
    edit(bank / file, old, new)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(bank)
    text = str(caught.value)
    assert message in text
    assert file in text or "TOML" in message


def test_scores_must_not_go_down(bank):
    edit(bank / "people.toml", "score = 2", "score = 4")
    edit(bank / "people.toml", 'id = "owner-full"\nscore = 4', 'id = "owner-full"\nscore = 3')
    with pytest.raises(QuestionnaireError, match=r"people.toml: owner: .*least to most mature"):
        load_questionnaire(bank)


def test_missing_step_file_names_the_step(bank):
    (bank / "tools.toml").unlink()
    with pytest.raises(QuestionnaireError, match=r"unknown step 'tools': no file tools\.toml"):
        load_questionnaire(bank)


def test_archived_version_is_loaded_beside_the_current(bank):
    archived = bank / "versions" / "test-0"
    shutil.copytree(TEST_QUESTIONS, archived)
    edit(archived / "questionnaire.toml", 'version = "test-1"', 'version = "test-0"')
    current, versions = load_questionnaire_versions(bank)
    assert current.version == "test-1"
    assert sorted(versions) == ["test-0", "test-1"]


def test_archived_version_must_match_its_folder(bank):
    shutil.copytree(TEST_QUESTIONS, bank / "versions" / "old")
    with pytest.raises(QuestionnaireError, match="does not match its folder name"):
        load_questionnaire_versions(bank)


# The real question bank ---------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return load_questionnaire(REAL_QUESTIONS)


def all_texts(questionnaire):
    """Every user-facing text of the bank, with a name saying where it is."""
    yield "title", questionnaire.title
    yield "intro", questionnaire.intro
    for level in questionnaire.levels:
        yield f"level {level.number} name", level.name
        yield f"level {level.number} summary", level.summary
    for step in questionnaire.steps:
        yield f"{step.id} title", step.title
        yield f"{step.id} intro", step.intro
        for number, meaning in step.level_meanings.items():
            yield f"{step.id} level {number}", meaning
        for question in step.questions:
            yield question.id, question.text
            if question.help:
                yield f"{question.id} help", question.help
            if question.improvement:
                yield f"{question.id} improvement", question.improvement
            for option in question.options:
                yield f"{question.id} {option.id}", option.label


def test_real_bank_has_the_designed_shape(real):
    assert [s.id for s in real.steps] == [
        "context",
        "roles",
        "agreements",
        "alignment",
        "structure",
    ]
    for dimension in real.dimensions:
        assert 6 <= len(dimension.questions) <= 10, dimension.id
        assert set(dimension.level_meanings) == {1, 2, 3, 4, 5}
        for question in dimension.questions:
            scores = [o.score for o in question.options if not o.is_special]
            assert scores[0] == 0 and scores[-1] == 4, question.id
            assert question.improvement, question.id
    context = real.step("context")
    assert context.questions[0].id == "company-size"
    assert real.question("current-support").option_ids[0] == "nothing"
    assert "prepaid-hours" in real.question("current-support").option_ids
    assert real.question("internal-it-owner").option_ids[0] == "nobody"


def test_real_bank_is_complete_in_every_language(real):
    for where, text in all_texts(real):
        for lang in LANGUAGES:
            assert text.get(lang, "").strip(), f"{where}: missing {lang}"


def test_real_bank_texts_differ_per_language(real):
    """A text copied unchanged into another language is a forgotten translation."""
    same = [
        where
        for where, text in all_texts(real)
        if len(text["nl"]) > 25 and (text["nl"] == text["en"] or text["nl"] == text["fr"])
    ]
    assert same == []
