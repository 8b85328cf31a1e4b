"""The recommendation: profiles on the real bank, thresholds, properties, texts, loader faults."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.advice import Advice, advise, apply_changes
from maturity.advice_rules import MANAGED_SERVICES, MODELS, SUPPORT_CONTRACT
from maturity.questionnaire import LANGUAGES, QuestionnaireError, load_questionnaire
from maturity.scoring import score_assessment, score_dimension
from tests.conftest import REAL_QUESTIONS, TEST_QUESTIONS

# These tests describe the rules of version 2026.1 (archived); tests/test_advice_profiles.py
# holds the companies that guard the current version.
REAL = load_questionnaire(REAL_QUESTIONS / "versions" / "2026.1")
TINY = load_questionnaire(TEST_QUESTIONS)

ALL_PROJECTS = [
    "it-owner-and-roles",
    "clean-up-and-documentation",
    "security-agreements",
    "security-audit",
    "migration",
    "it-plan",
]


def dimension_answers(score: int) -> dict[str, str]:
    """Every question of every dimension answered with its option of this score (0..4)."""
    return {
        question.id: next(o.id for o in question.options if o.score == score and not o.is_special)
        for step in REAL.dimensions
        for question in step.questions
    }


def lowered(answers: dict[str, str], *question_ids: str) -> dict[str, str]:
    """The answers with each named question one option less mature."""
    changed = dict(answers)
    for question_id in question_ids:
        ids = REAL.question(question_id).option_ids
        changed[question_id] = ids[ids.index(answers[question_id]) - 1]
    return changed


def context(**answers: str) -> dict[str, str]:
    """Context answers of a 10-to-49 business on break/fix; keywords override (_ for -)."""
    base = {
        "company-size": "10-to-49",
        "sector": "professional-services",
        "current-support": "break-fix",
        "internal-it-owner": "designated-employee",
        "downtime-tolerance": "half-a-day",
        "incident-frequency": "few-times-a-year",
        "sla-times": "response-and-resolution",
    }
    base.update({key.replace("_", "-"): value for key, value in answers.items()})
    return base


def advice_for(answers: dict[str, str], questionnaire=REAL) -> Advice:
    return advise(questionnaire, score_assessment(questionnaire, answers), answers)


def reason_keys(advice: Advice) -> list[str]:
    return [reason.key for reason in advice.reasons]


def project_ids(advice: Advice) -> list[str]:
    return [project.id for project in advice.projects]


def level(answers: dict[str, str], step_id: str) -> tuple[float, int]:
    scored = score_dimension(REAL.step(step_id), answers)
    return scored.score, scored.level


# Every dimension answered at score 2: each area scores 50, level 3, and no project triggers.
LEVEL_3 = dimension_answers(2)
# roles: 9 weights, 36 points possible; 18 points is 50. Three points fewer: 41.7 (level 3, the
# lowest level-3 score roles can have); four fewer: 38.9 (level 2).
ROLES_AT_3 = lowered(LEVEL_3, "it-decision-owner", "partner-contact", "purchase-authority")
ROLES_BELOW_3 = lowered(ROLES_AT_3, "access-approval")
# structure: 40 points possible; 16 points is exactly 40.0 (level 3), 15 is 37.5 (level 2).
STRUCTURE_AT_3 = lowered(
    LEVEL_3, "monitoring", "standard-workstations", "incident-reporting", "change-planning"
)
STRUCTURE_BELOW_3 = lowered(STRUCTURE_AT_3, "inventory")


def test_threshold_profiles_have_the_scores_they_claim():
    assert level(LEVEL_3, "roles") == (50.0, 3)
    assert level(ROLES_AT_3, "roles") == (41.7, 3)
    assert level(ROLES_BELOW_3, "roles") == (38.9, 2)
    assert level(STRUCTURE_AT_3, "structure") == (40.0, 3)
    assert level(STRUCTURE_BELOW_3, "structure") == (37.5, 2)


READY = ["roles-ready", "structure-ready", "owner-present"]


@pytest.mark.parametrize(
    ("answers", "model", "reasons", "projects"),
    [
        pytest.param(LEVEL_3 | context(), SUPPORT_CONTRACT, READY, [], id="all-level-3"),
        pytest.param(ROLES_AT_3 | context(), SUPPORT_CONTRACT, READY, [], id="roles-at-3"),
        pytest.param(
            ROLES_BELOW_3 | context(),
            MANAGED_SERVICES,
            ["roles-short", "dependent"],
            ["it-owner-and-roles"],
            id="roles-below-3",
        ),
        pytest.param(STRUCTURE_AT_3 | context(), SUPPORT_CONTRACT, READY, [], id="structure-at-3"),
        pytest.param(
            STRUCTURE_BELOW_3 | context(),
            MANAGED_SERVICES,
            ["structure-short", "dependent"],
            ["clean-up-and-documentation"],
            id="structure-below-3",
        ),
        pytest.param(
            LEVEL_3 | context(internal_it_owner="whoever-has-time"),
            MANAGED_SERVICES,
            ["owner-missing", "dependent"],
            ["it-owner-and-roles"],
            id="owner-whoever-has-time",
        ),
        pytest.param(
            LEVEL_3 | context(internal_it_owner="dedicated-person"),
            SUPPORT_CONTRACT,
            READY,
            [],
            id="owner-dedicated-person",
        ),
        pytest.param(
            LEVEL_3 | context(internal_it_owner="owner-self", company_size="2-to-9"),
            SUPPORT_CONTRACT,
            ["roles-ready", "structure-ready", "owner-present-small"],
            [],
            id="owner-self-small-business",
        ),
        pytest.param(
            LEVEL_3 | context(internal_it_owner="owner-self", company_size="10-to-49"),
            MANAGED_SERVICES,
            ["owner-too-busy", "dependent"],
            ["it-owner-and-roles"],
            id="owner-self-larger-business",
        ),
        pytest.param(
            LEVEL_3 | context(internal_it_owner="nobody", downtime_tolerance="one-day"),
            MANAGED_SERVICES,
            ["owner-missing", "dependent"],
            ["it-owner-and-roles"],
            id="nobody-owns-can-work-a-day",
        ),
        pytest.param(
            LEVEL_3 | context(internal_it_owner="nobody", downtime_tolerance="several-days"),
            SUPPORT_CONTRACT,
            ["owner-missing", "independent"],
            ["it-owner-and-roles"],
            id="nobody-owns-can-work-days",
        ),
        pytest.param(
            ROLES_BELOW_3 | context(current_support="support-contract"),
            MANAGED_SERVICES,
            ["roles-short", "dependent", "current-support"],
            ["it-owner-and-roles"],
            id="contract-today-but-roles-below-3",
        ),
        pytest.param(
            LEVEL_3 | context(current_support="managed-services"),
            SUPPORT_CONTRACT,
            [*READY, "current-support"],
            [],
            id="managed-today-but-ready",
        ),
    ],
)
def test_model_reasons_and_projects_at_each_threshold(answers, model, reasons, projects):
    advice = advice_for(answers)
    assert advice.model == model
    assert reason_keys(advice) == reasons
    assert project_ids(advice) == projects


def test_chaotic_break_fix_business_with_nobody_owning_it():
    answers = dimension_answers(0) | context(
        internal_it_owner="nobody", incident_frequency="weekly", sla_times="no-agreement"
    )
    advice = advice_for(answers)
    assert (advice.model, advice.outcome) == (MANAGED_SERVICES, "dependent")
    assert reason_keys(advice) == ["roles-short", "structure-short", "owner-missing", "dependent"]
    roles, structure, owner, dependent = advice.reasons
    assert [(d.step_id, d.level, d.required) for d in roles.dimensions] == [("roles", 1, 3)]
    assert [(a.question_id, a.option_id) for a in roles.answers] == [
        ("backup-person", "nobody"),  # weight 2: the most points lost
        ("it-decision-owner", "nobody"),
        ("partner-contact", "everyone-calls"),
    ]
    assert [a.question_id for a in structure.answers] == [
        "backups-tested",
        "patching",
        "documentation",
    ]
    assert [(a.question_id, a.option_id) for a in owner.answers] == [
        ("internal-it-owner", "nobody")
    ]
    assert [(a.question_id, a.option_id) for a in dependent.answers] == [
        ("downtime-tolerance", "half-a-day")
    ]
    assert project_ids(advice) == ALL_PROJECTS
    audit = advice.projects[ALL_PROJECTS.index("security-audit")]
    assert [a.question_id for a in audit.answers] == [
        "mfa",
        "backups-tested",
        "admin-rights",
        "passwords",
        "patching",
        "joiners-leavers",
    ]
    assert advice.sla_warning is not None
    assert advice.sla_warning.problem == REAL.advice_rules.sla.problems["no-agreement"]
    assert advice.reactive_cost is not None
    assert [p.answers[0].option_id for p in advice.reactive_cost.points] == [
        "break-fix",
        "weekly",
        "half-a-day",
    ]
    changed = {c.question_id for c in advice.what_would_change}
    assert "internal-it-owner" in changed
    assert changed & {q.id for q in REAL.step("roles").questions}
    assert changed & {q.id for q in REAL.step("structure").questions}


def test_structured_business_with_an_internal_it_owner():
    answers = dimension_answers(3) | context(current_support="support-contract")
    advice = advice_for(answers)
    assert (advice.model, advice.outcome) == (SUPPORT_CONTRACT, "ready")
    assert reason_keys(advice) == READY
    assert [(d.step_id, d.level) for r in advice.reasons for d in r.dimensions] == [
        ("roles", 4),
        ("structure", 4),
    ]
    assert advice.projects == ()
    assert advice.sla_warning is None
    assert advice.reactive_cost is None
    assert advice.what_would_change == ()
    assert advice.model_name["en"] == "An IT support contract"


def test_structured_business_where_nobody_inside_owns_it():
    answers = dimension_answers(3) | context(
        internal_it_owner="nobody", downtime_tolerance="under-an-hour", sla_times="response-only"
    )
    advice = advice_for(answers)
    assert advice.model == MANAGED_SERVICES
    assert reason_keys(advice) == ["owner-missing", "dependent"]
    assert project_ids(advice) == ["it-owner-and-roles"]
    assert [(a.question_id, a.option_id) for a in advice.projects[0].answers] == [
        ("internal-it-owner", "nobody")
    ]
    assert advice.sla_warning.problem == REAL.advice_rules.sla.problems["response-only"]
    assert [(c.question_id, c.option_id, c.needed_id) for c in advice.what_would_change] == [
        ("internal-it-owner", "nobody", "designated-employee")
    ]


def test_in_a_small_business_the_owner_taking_charge_is_the_nearest_change():
    answers = dimension_answers(3) | context(internal_it_owner="nobody", company_size="2-to-9")
    advice = advice_for(answers)
    assert [(c.question_id, c.needed_id) for c in advice.what_would_change] == [
        ("internal-it-owner", "owner-self")
    ]


def test_chaotic_business_that_can_work_for_days_gets_a_contract_with_projects_first():
    answers = dimension_answers(0) | context(
        internal_it_owner="nobody", downtime_tolerance="several-days", sla_times="no-agreement"
    )
    advice = advice_for(answers)
    assert (advice.model, advice.outcome) == (SUPPORT_CONTRACT, "independent")
    assert reason_keys(advice) == ["roles-short", "structure-short", "owner-missing", "independent"]
    assert project_ids(advice) == ALL_PROJECTS
    assert advice.sla_warning is None  # it can work several days without IT
    assert advice.what_would_change == ()  # no improvement turns a contract into more


def test_what_would_change_lifts_an_area_exactly_to_its_threshold():
    advice = advice_for(ROLES_BELOW_3 | context())
    assert [(c.question_id, c.option_id, c.needed_id) for c in advice.what_would_change] == [
        ("it-decision-owner", "supplier-decides", "owner-when-needed")
    ]
    improved = apply_changes(ROLES_BELOW_3, advice.what_would_change)
    assert level(improved, "roles") == (41.7, 3)


@pytest.mark.parametrize(
    ("downtime", "sla", "warned"),
    [
        ("under-an-hour", "no-agreement", True),
        ("under-an-hour", "times-unknown", True),
        ("half-a-day", "response-only", True),
        ("half-a-day", "times-unknown", True),
        ("half-a-day", "response-and-resolution", False),
        ("one-day", "no-agreement", False),
        ("one-day", "response-only", False),
        ("several-days", "times-unknown", False),
    ],
)
def test_sla_warning_when_the_business_stops_soon_and_times_fall_short(downtime, sla, warned):
    advice = advice_for(LEVEL_3 | context(downtime_tolerance=downtime, sla_times=sla))
    assert (advice.sla_warning is not None) == warned
    if warned:
        assert advice.sla_warning.problem == REAL.advice_rules.sla.problems[sla]
        assert [(a.question_id, a.option_id) for a in advice.sla_warning.answers] == [
            ("downtime-tolerance", downtime),
            ("sla-times", sla),
        ]
        assert len(advice.sla_warning.ask) >= 3


@pytest.mark.parametrize(
    ("current", "points"),
    [
        ("nothing", ["nothing", "few-times-a-year", "half-a-day"]),
        ("break-fix", ["break-fix", "few-times-a-year", "half-a-day"]),
        ("support-contract", None),
        ("managed-services", None),
        ("own-it-staff", None),
    ],
)
def test_reactive_cost_only_where_today_is_nothing_or_break_fix(current, points):
    advice = advice_for(LEVEL_3 | context(current_support=current))
    if points is None:
        assert advice.reactive_cost is None
    else:
        assert [p.answers[0].option_id for p in advice.reactive_cost.points] == points


@pytest.mark.parametrize(
    ("changes", "projects"),
    [
        ({"mfa": "nowhere"}, []),  # one sign of a security gap: no audit yet
        # agreements drops to 35.0 (level 2) as well
        (
            {"mfa": "nowhere", "admin-rights": "everyone-admin"},
            ["security-agreements", "security-audit"],
        ),
        ({"mfa": "dont-know", "patching": "dont-know"}, ["security-audit"]),
        ({"data-storage": "anywhere"}, ["migration"]),
        ({"standard-workstations": "all-different"}, ["migration"]),
        ({"it-plan": "none"}, ["it-plan"]),
        ({"documentation": "dont-know"}, ["clean-up-and-documentation"]),
        ({"joiners-leavers": "nothing-arranged"}, ["security-agreements"]),
    ],
)
def test_projects_follow_the_answers_that_point_to_them(changes, projects):
    advice = advice_for(LEVEL_3 | context() | changes)
    assert project_ids(advice) == projects
    for project in advice.projects:
        assert {a.question_id for a in project.answers} <= set(changes)


def test_partner_questions_depend_on_the_model():
    rules = REAL.advice_rules
    contract = advice_for(LEVEL_3 | context())
    managed = advice_for(ROLES_BELOW_3 | context())
    only_managed = [q.text for q in rules.partner_questions if q.models == (MANAGED_SERVICES,)]
    assert only_managed
    for text in only_managed:
        assert text in managed.partner_questions
        assert text not in contract.partner_questions
    assert contract.covers == rules.covers and contract.excludes == rules.excludes


# Properties --------------------------------------------------------------------------------

REAL_ANSWERS = st.fixed_dictionaries(
    {question.id: st.sampled_from(question.option_ids) for question in REAL.questions}
)


@settings(max_examples=150, deadline=None)
@given(REAL_ANSWERS)
def test_advice_is_deterministic(answers):
    first = advice_for(answers)
    again = advise(REAL, score_assessment(REAL, answers), dict(reversed(list(answers.items()))))
    assert first == again
    assert first.model in MODELS


def is_improvement(change) -> bool:
    """A better real answer: a higher score, or for a context question a later option."""
    question = REAL.question(change.question_id)
    needed, current = question.option(change.needed_id), question.option(change.option_id)
    if needed.is_special:
        return False
    if needed.score is None:
        return question.option_ids.index(needed.id) > question.option_ids.index(current.id)
    return needed.score > (current.score or 0)


@settings(max_examples=150, deadline=None)
@given(REAL_ANSWERS)
def test_what_would_change_really_flips_the_model_and_each_change_is_needed(answers):
    advice = advice_for(answers)
    if advice.model == SUPPORT_CONTRACT:
        assert advice.what_would_change == ()
        return
    assert advice.what_would_change
    for change in advice.what_would_change:
        assert is_improvement(change), change
    assert advice_for(apply_changes(answers, advice.what_would_change)).model == SUPPORT_CONTRACT
    for left_out in advice.what_would_change:
        fewer = tuple(c for c in advice.what_would_change if c is not left_out)
        assert advice_for(apply_changes(answers, fewer)).model == advice.model


@settings(max_examples=100, deadline=None)
@given(REAL_ANSWERS)
def test_warnings_follow_the_context_answers(answers):
    advice = advice_for(answers)
    reactive = answers["current-support"] in ("nothing", "break-fix")
    assert (advice.reactive_cost is not None) == reactive
    stops_soon = answers["downtime-tolerance"] in ("under-an-hour", "half-a-day")
    short = answers["sla-times"] in ("no-agreement", "times-unknown", "response-only")
    assert (advice.sla_warning is not None) == (stops_soon and short)


# Texts -------------------------------------------------------------------------------------


def advice_texts(value, where="advice"):
    """Every text (a table of languages) inside the advice rules, with where it is."""
    if dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from advice_texts(getattr(value, item.name), f"{where}.{item.name}")
    elif isinstance(value, dict) and set(value) == set(LANGUAGES):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from advice_texts(item, f"{where}.{key}")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from advice_texts(item, f"{where}[{index}]")


@pytest.mark.parametrize("questionnaire", [REAL, TINY], ids=["real", "tiny"])
def test_every_advice_text_exists_in_dutch_english_and_french(questionnaire):
    texts = list(advice_texts(questionnaire.advice_rules))
    assert len(texts) > (60 if questionnaire is REAL else 25)
    for where, text in texts:
        for lang in LANGUAGES:
            assert isinstance(text.get(lang), str) and text[lang].strip(), f"{where}: {lang}"


def test_real_advice_texts_differ_per_language():
    same = [
        where
        for where, text in advice_texts(REAL.advice_rules)
        if len(text["nl"]) > 25 and (text["nl"] == text["en"] or text["nl"] == text["fr"])
    ]
    assert same == []


def test_dutch_says_u_and_french_says_vous():
    for where, text in advice_texts(REAL.advice_rules):
        words = text["nl"].lower().replace(",", " ").replace(".", " ").split()
        assert "je" not in words and "jij" not in words and "jouw" not in words, where
        assert " tu " not in f" {text['fr'].lower()} ", where


# Loader faults (tiny bank copy) ------------------------------------------------------------


EXCLUDES_TABLE = (
    '[[contract.excludes]]\ntext.nl = "Projecten."\ntext.en = "Projects."\ntext.fr = "Projets."\n'
)


@pytest.fixture
def bank(tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(TEST_QUESTIONS, target)
    return target


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} not exactly once in {path.name}"
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[dependence]", "[extras]\n[dependence]", "advice: unknown key(s) extras"),
        (
            'present.fr = "Responsable présent."\n',
            "",
            "ownership: 'present' is missing language 'fr'",
        ),
        (
            'summary.nl = "SLA-controle."',
            'summary.nl = " "',
            "sla: 'summary' is missing language 'nl'",
        ),
        (
            'question = "internal-it-owner"',
            'question = "who-owns"',
            "ownership.question: unknown question 'who-owns'",
        ),
        (
            '[dependence]\nquestion = "downtime-tolerance"',
            '[dependence]\nquestion = "owner"',
            "dependence.question: 'owner' must be a context question",
        ),
        (
            'options = ["designated-employee"]',
            'options = ["designated-employee", "boss"]',
            "ownership.options: unknown option 'boss' of question 'internal-it-owner'",
        ),
        (
            'options = ["designated-employee"]',
            'options = "designated-employee"',
            "ownership.options: must be a list of option ids",
        ),
        (
            'options = ["designated-employee"]',
            "options = []",
            "ownership.options: must name at least one option",
        ),
        (
            'reactive = ["break-fix"]',
            'reactive = ["break-fix", "break-fix"]',
            "current_support.reactive: lists an option twice",
        ),
        (
            "min_levels = { people = 3, tools = 3 }",
            "min_levels = { staff = 3, tools = 3 }",
            "readiness.min_levels: unknown dimension 'staff'",
        ),
        (
            "min_levels = { people = 3, tools = 3 }",
            "min_levels = { people = 6, tools = 3 }",
            "readiness.min_levels.people: 6 out of range 1..5",
        ),
        (
            "min_levels = { people = 3, tools = 3 }",
            'min_levels = { people = "3", tools = 3 }',
            "readiness.min_levels.people: '3' is missing or not a whole number",
        ),
        (
            "weak_answer_max_score = 1",
            "weak_answer_max_score = 4",
            "readiness.weak_answer_max_score: 4 out of range 0..3",
        ),
        (
            "[readiness.reasons.tools]\nready.nl",
            "[readiness.reasons.gear]\nready.nl",
            "readiness.reasons: unknown key(s) gear",
        ),
        (
            'model = "support-contract"\nsummary',
            'model = "break-fix"\nsummary',
            "outcomes.independent.model: 'break-fix' must be one of support-contract",
        ),
        (
            "[outcomes.ready]\n",
            '[outcomes.ready]\nmodel = "managed-services"\n',
            "outcomes.ready: unknown key(s) model",
        ),
        ("[outcomes.dependent]", "[outcomes.dependents]", "outcomes: unknown key(s) dependents"),
        (
            '[models.managed-services]\nname.nl = "Beheerde diensten"',
            "[models.x]\nname.nl = 1",
            "models: unknown key(s) x",
        ),
        (
            'id = "fix-backups"',
            'id = "name-an-owner"',
            "projects.name-an-owner: duplicate project id",
        ),
        (
            'id = "fix-backups"',
            'id = "Fix_Backups"',
            "projects: id 'Fix_Backups' is not kebab-case",
        ),
        (
            "below_levels = { people = 3 }\nwhen_owner_missing = true\n",
            "",
            "projects.name-an-owner: needs a trigger",
        ),
        (
            "min_answers = 1",
            "min_answers = 2",
            "projects.fix-backups.min_answers: 2 out of range 1..1",
        ),
        (
            "when_owner_missing = true",
            'when_owner_missing = "yes"',
            "projects.name-an-owner.when_owner_missing: must be true or false",
        ),
        (
            'options = ["backups-none", "dont-know"]',
            'options = ["backups-lost"]',
            "projects.fix-backups.answers.options: unknown option 'backups-lost' of question",
        ),
        (
            "[sla.problems.response-only]",
            "[sla.problems.never]",
            "sla.problems.never: unknown option 'never' of question 'sla-times'",
        ),
        (
            'options = ["designated-employee"]',
            'options = ["designated-employee"]\nsmall_options = ["owner-self"]',
            "ownership.size_question: missing question id",
        ),
        (
            EXCLUDES_TABLE,
            "",
            "contract.excludes: needs at least one",
        ),
        (
            'models = ["managed-services"]',
            'models = ["break-fix"]',
            "partner_questions.models: 'break-fix' must be one of",
        ),
        (
            '[dependence]\nquestion = "downtime-tolerance"',
            '[dependency]\nquestion = "downtime-tolerance"',
            "advice: unknown key(s) dependency",
        ),
        (
            'summary.nl = "Reactief kost geld."',
            'summary.nl = "Reactief kost geld.',
            "not valid TOML",
        ),
    ],
)
def test_advice_fault_is_named_with_file_key_and_fault(bank, old, new, message):
    edit(bank / "advice.toml", old, new)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(bank)
    assert "advice.toml" in str(caught.value)
    assert message in str(caught.value)


def test_missing_section_is_named(bank):
    path = bank / "advice.toml"
    text = path.read_text()
    start = text.index("[dependence]")
    path.write_text(text[:start] + text[text.index("[current_support]") :])
    with pytest.raises(QuestionnaireError, match=r"advice\.toml: dependence: missing table"):
        load_questionnaire(bank)


def test_missing_advice_file_is_named(bank):
    (bank / "advice.toml").unlink()
    with pytest.raises(QuestionnaireError, match=r"advice\.toml: file not found"):
        load_questionnaire(bank)


def test_the_tiny_rules_read_as_written():
    rules = TINY.advice_rules
    assert rules.readiness.min_levels == {"people": 3, "tools": 3}
    assert rules.ownership.option_ids == ("designated-employee",)
    assert rules.ownership.size_question_id is None
    assert rules.outcomes["independent"].model == SUPPORT_CONTRACT
    assert [p.id for p in rules.projects] == ["name-an-owner", "fix-backups"]
    assert rules.projects[1].answers[0].option_ids == ("backups-none", "dont-know")


# The result page ---------------------------------------------------------------------------


def test_result_page_shows_the_recommendation_of_the_tiny_flow(client, respondent):
    respondent.start()
    respondent.answer_all()
    respondent.submit()
    page = client.get("/nl/result").text
    # people 58.3 and tools 75: both level 3 or more, an employee owns IT -> a contract.
    assert "Supportcontract" in page
    for text in (
        "Klaar voor een contract.",
        "Mensen klaar.",
        "Middelen klaar.",
        "Eigenaar aanwezig.",
    ):
        assert text in page
    assert "Geen tijden." in page and "Vraag de hersteltijd." in page  # the SLA check
    assert "Reactief kost geld." in page and "Geen uur zonder IT." in page  # break/fix today
    assert "Dagelijkse hulp." in page and "Projecten." in page and "Wat zit er niet in?" in page
    assert "Wat verbetert u zelf?" not in page  # for managed services only
