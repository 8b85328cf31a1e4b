"""Realistic companies on the current bank, each with the advice a good Belgian IT partner gives.

Each row: size, sector, today's arrangement, the answers that matter, the outcome and one line on
why. They guard the rules of questions/advice.toml from now on (the archived version 2026.1 is
guarded by tests/test_advice.py and tests/test_advice_versions.py).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from maturity.advice import advise, apply_changes
from maturity.questionnaire import DONT_KNOW, LANGUAGES, NOT_APPLICABLE, load_questionnaire
from maturity.scoring import score_assessment
from tests.conftest import REAL_QUESTIONS, Respondent, make_app
from tests.test_advice import advice_texts

BANK = load_questionnaire(REAL_QUESTIONS)
PEOPLE_QUESTIONS = ("purchase-authority", "access-approval", "acceptable-use", "joiners-leavers")


def at(score: int) -> dict[str, str]:
    """Every dimension question answered with its first option of this score (0..4)."""
    return {
        q.id: next(o.id for o in q.options if o.score == score and not o.is_special)
        for step in BANK.dimensions
        for q in step.questions
    }


def company(
    size="2-to-9",
    sector="professional-services",
    support="break-fix",
    owner="owner-self",
    downtime="half-a-day",
    incidents="few-times-a-year",
    sla="no-agreement",
    demands="no-demands",
    score=3,
    **answers: str,
) -> dict[str, str]:
    """A company's answers: context, every dimension at score, keywords override (_ for -)."""
    base = at(score) | {
        "company-size": size,
        "sector": sector,
        "current-support": support,
        "internal-it-owner": owner,
        "downtime-tolerance": downtime,
        "incident-frequency": incidents,
        "sla-times": sla,
        "security-demands": demands,
    }
    if size == "one-person":
        base |= dict.fromkeys(PEOPLE_QUESTIONS, NOT_APPLICABLE)
    return base | {k.replace("_", "-"): v for k, v in answers.items()}


def unknown(*question_ids: str) -> dict[str, str]:
    return dict.fromkeys(question_ids, DONT_KNOW)


def advice_for(answers):
    return advise(BANK, score_assessment(BANK, answers), answers)


# Structure just inside level 3 (41.7 points: level 3 starts at 40, the margin asks 45).
EDGE = {
    "documentation": "loose-notes",
    "inventory": "via-invoices",
    "monitoring": "occasional-look",
    "backups-tested": "automatic-tested-once",
    "backup-offline": "disk-sometimes",
    "patching": "computers-only",
    "endpoint-protection": "free-mixed",
    "standard-workstations": "similar-by-hand",
    "incident-plan": "call-partner",
}
SC, MS, INTAKE = "support-contract", "managed-services", "intake"

PROFILES = [
    # (id, answers, model, outcome, projects that must be there, projects that must not, why)
    (
        "accountants-in-order",
        company(
            "10-to-49",
            owner="designated-employee",
            support="support-contract",
            sla="response-and-resolution",
        ),
        SC,
        "ready",
        [],
        ["security-basics", "it-owner-and-roles"],
        "roles, rules and structure in place, an employee owns IT: a contract works",
    ),
    (
        "bakery-solo-till",
        company(
            "one-person",
            "retail-hospitality",
            support="software-vendor",
            downtime="under-an-hour",
            score=1,
        ),
        MS,
        "dependent",
        ["clean-up-and-documentation", "security-basics"],
        ["it-owner-and-roles"],
        "a bakery stops without its till; nothing in place; nobody to name in a one-person shop",
    ),
    (
        "three-people-neglected-weekly",
        company(support="break-fix", downtime="several-days", incidents="weekly", score=0),
        MS,
        "dependent",
        ["clean-up-and-documentation", "security-basics"],
        [],
        "weekly breakdowns make them depend on IT; a contract cannot make up for years of neglect",
    ),
    (
        "ten-unknowns",
        company(
            "10-to-49",
            owner="designated-employee",
            **unknown(
                "documentation",
                "inventory",
                "monitoring",
                "backups-tested",
                "backup-offline",
                "patching",
                "incident-plan",
                "mfa",
                "device-management",
                "keys-owner",
            ),
        ),
        INTAKE,
        "find-out",
        ["security-audit"],
        ["clean-up-and-documentation"],
        "the owner does not know how backups and updates stand: find out before any verdict",
    ),
    (
        "strong-but-mfa-nowhere",
        company(
            "10-to-49",
            owner="designated-employee",
            mfa="nowhere",
            passwords="shared-simple",
            admin_rights="everyone-admin",
        ),
        SC,
        "basics-first",
        ["security-basics"],
        ["security-audit"],
        "known gaps, fine structure: a basics project (no audit), then a contract",
    ),
    (
        "structure-at-the-edge",
        company("10-to-49", owner="designated-employee", **EDGE),
        MS,
        "dependent",
        ["clean-up-and-documentation"],
        [],
        "structure at the very edge of level 3 is not in place: clean-up first",
    ),
    (
        "construction-one-day",
        company(
            "10-to-49",
            "construction-trades",
            owner="designated-employee",
            downtime="one-day",
            sla="response-only",
            score=2,
        ),
        SC,
        "basics-first",
        ["security-basics"],
        [],
        "some structure, a backup never restored: basics first; the SLA check warns",
    ),
    (
        "managed-but-weak",
        company(
            "10-to-49",
            support="managed-services",
            owner="nobody",
            sla="response-and-resolution",
            score=1,
        ),
        MS,
        "managed-weak",
        ["clean-up-and-documentation"],
        [],
        "they pay a partner to run IT, structure still weak: ask reports and plan",
    ),
    (
        "managed-and-in-order",
        company(
            "10-to-49",
            support="managed-services",
            owner="designated-employee",
            sla="response-and-resolution",
        ),
        SC,
        "ready",
        [],
        [],
        "in order under managed services: a contract fits, but only once the owner can take over",
    ),
    (
        "leavers-not-arranged",
        company("10-to-49", owner="designated-employee", joiners_leavers="nothing-arranged"),
        SC,
        "basics-first",
        ["security-basics"],
        [],
        "accounts of people who left still open is a knock-out, whatever the average says",
    ),
    (
        "untested-backup",
        company("2-to-9", owner="owner-self", backups_tested="automatic-untested"),
        SC,
        "basics-first",
        ["security-basics"],
        [],
        "a backup never restored as a test is not a backup you can count on",
    ),
    (
        "freelancer-helps-shop",
        company(
            "2-to-9",
            "retail-hospitality",
            support="relative-freelancer",
            owner="whoever-has-time",
            downtime="several-days",
            score=1,
        ),
        SC,
        "independent",
        ["clean-up-and-documentation", "it-owner-and-roles"],
        [],
        "a shop that can do days without IT: managed services is out of proportion",
    ),
    (
        "solo-consultant-in-order",
        company(
            "one-person", support="prepaid-hours", downtime="one-day", sla="response-and-resolution"
        ),
        SC,
        "ready",
        [],
        ["it-owner-and-roles"],
        "a consultant alone who runs things well: a contract with the owner as contact",
    ),
    (
        "supplier-to-nis2-customer",
        company(
            "50-to-249",
            "manufacturing-logistics",
            support="support-contract",
            owner="dedicated-person",
            demands="nis2-cyfun",
            sla="response-and-resolution",
        ),
        SC,
        "ready",
        ["compliance"],
        ["security-basics"],
        "in order, a NIS2 customer asks for CyberFundamentals: a compliance project",
    ),
    (
        "keys-with-former-supplier",
        company("10-to-49", owner="designated-employee", keys_owner="only-partner"),
        SC,
        "ready",
        ["keys-in-your-name"],
        [],
        "the partner holds the tenant and the domain: move the keys to the company before signing",
    ),
    (
        "owner-busy-in-forty",
        company("10-to-49", owner="owner-self", sla="times-unknown"),
        MS,
        "dependent",
        ["it-owner-and-roles"],
        [],
        "between 10 and 50 people a zaakvoerder doing IT on the side is the bottleneck",
    ),
    (
        "pharmacy-insurer-asks",
        company(
            "10-to-49",
            "healthcare",
            owner="designated-employee",
            demands="insurer-asks",
            mfa="some-people",
            score=3,
        ),
        SC,
        "ready",
        ["compliance", "security-basics"],
        [],
        "in order, but MFA only for some: the insurer's questions call for basics and proof",
    ),
]


@pytest.mark.parametrize(
    ("answers", "model", "outcome", "needed", "absent"),
    [p[1:6] for p in PROFILES],
    ids=[p[0] for p in PROFILES],
)
def test_a_partner_would_sign_this_advice(answers, model, outcome, needed, absent):
    advice = advice_for(answers)
    projects = [p.id for p in advice.projects]
    assert (advice.model, advice.outcome) == (model, outcome)
    assert set(needed) <= set(projects), projects
    assert not set(absent) & set(projects), projects


def test_the_construction_firm_reads_one_notion_of_downtime():
    advice = advice_for(PROFILES[6][1])
    assert advice.sla_warning is not None and advice.sla_calm is None


def test_contradictions_are_named():
    answers = company(it_decision_owner="named-person-recorded", owner="nobody")
    texts = [r.text["en"] for r in advice_for(answers).contradictions]
    assert any("nobody inside" in t for t in texts)


REAL_ANSWERS = st.fixed_dictionaries({q.id: st.sampled_from(q.option_ids) for q in BANK.questions})


@settings(max_examples=120, deadline=None)
@given(REAL_ANSWERS)
def test_one_step_changes_flip_the_model_and_every_step_is_needed(answers):
    advice = advice_for(answers)
    if not advice.what_would_change:
        return
    changed = apply_changes(answers, advice.what_would_change)
    assert advice_for(changed).outcome == "ready"
    for change in advice.what_would_change:
        question = BANK.question(change.question_id)
        real = [o.id for o in question.options if not o.is_special]
        target = real.index(change.needed_id)
        if target == 0:
            continue
        lowered = {**changed, change.question_id: real[target - 1]}
        if change.option_id == real[target - 1]:
            lowered = {**changed, change.question_id: answers[change.question_id]}
        assert advice_for(lowered).outcome != "ready", change


@settings(max_examples=120, deadline=None)
@given(REAL_ANSWERS)
def test_unknown_answers_are_never_evidence_of_a_gap(answers):
    for reason in advice_for(answers).reasons:
        if reason.key.endswith("-short"):
            assert all(a.option_id != DONT_KNOW for a in reason.answers)


@settings(max_examples=80, deadline=None)
@given(REAL_ANSWERS)
def test_a_one_person_company_is_never_told_to_name_an_it_owner(answers):
    answers = answers | {"company-size": "one-person"}
    advice = advice_for(answers)
    assert "it-owner-and-roles" not in [p.id for p in advice.projects]
    knockouts = [a for r in advice.reasons if r.key == "knockout" for a in r.answers]
    assert all(a.question_id != "joiners-leavers" for a in knockouts)


def test_every_text_of_the_current_advice_exists_in_three_languages():
    texts = list(advice_texts(BANK.advice_rules))
    assert texts
    for where, text in texts:
        assert set(text) == set(LANGUAGES) and all(text.values()), where


FR_PUNCTUATION = re.compile(r"(?<![\u00a0/:])[:;?!](?=\s|$)")


def test_french_has_a_non_breaking_space_before_double_punctuation():
    bad = []
    for path in sorted(REAL_QUESTIONS.glob("*.toml")):
        for line in path.read_text().splitlines():
            if re.match(r'^\s*(\w+\.)?fr = "', line):
                value = line.split('"', 1)[1].rsplit('"', 1)[0]
                if FR_PUNCTUATION.search(value.replace("https:", "")):
                    bad.append(f"{path.name}: {value[:60]}")
    assert not bad, bad


def test_the_longest_path_is_at_most_forty_questions():
    assert len(BANK.questions) <= 40


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_current_advice_is_shown_in_each_language(tmp_path, lang):
    client = make_app(tmp_path, REAL_QUESTIONS).test_client()
    respondent = Respondent(client, lang=lang)
    respondent.start("Bakkerij Peeters")
    answers = PROFILES[1][1]
    respondent.answer_all(
        {step.id: {q.id: answers[q.id] for q in step.questions} for step in BANK.steps}
    )
    respondent.submit()
    page = client.get(f"/{lang}/result").text
    rules = BANK.advice_rules
    assert str(escape(rules.outcomes["dependent"].summary[lang])) in page
    assert str(escape(rules.models[MS].name[lang])) in page
