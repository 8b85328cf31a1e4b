"""What one person sees: no page ever shows one respondent another's data.

The guard the kept pages lacked: an ordinary context processor puts the current respondent's
company into every page, and two respondents in different languages, interleaved with a
consultant, must each only ever see their own.
"""

from __future__ import annotations

from flask import session
from jinja2 import ChoiceLoader, DictLoader

from maturity import store
from maturity.db import get_db
from tests.conftest import TINY_STEPS, ConsultantActions, Respondent, make_app

MARKER = '<p id="whoami">{{ whoami }}</p>'


def app_that_shows_whoami(tmp_path):
    app = make_app(tmp_path)

    @app.context_processor
    def whoami() -> dict:
        public_id = session.get("assessment")
        found = store.find_assessment(get_db(), public_id) if public_id else None
        return {"whoami": f"[{found.company}]" if found else "[nobody]"}

    # Every page and every partial of the result shows it (base.html and the report's partials).
    loader = app.jinja_env.loader
    overrides = {}
    for name in ("base.html", "survey/_result_lead.html", "survey/_result_details.html"):
        source, _filename, _uptodate = loader.get_source(app.jinja_env, name)
        if name == "base.html":
            source = source.replace('<main id="main"', MARKER + '<main id="main"', 1)
        else:
            source = MARKER + source
        overrides[name] = source
    app.jinja_env.loader = ChoiceLoader([DictLoader(overrides), loader])
    return app


def shown(page: str) -> set[str]:
    return {part.split("]", 1)[0] for part in page.split('<p id="whoami">[')[1:]}


def test_two_respondents_and_a_consultant_interleaved_each_see_only_their_own(tmp_path):
    app = app_that_shows_whoami(tmp_path)
    anna, ben = Respondent(app.test_client(), "nl"), Respondent(app.test_client(), "fr")
    consultant = ConsultantActions(app, app.test_client())
    consultant.create_account()
    consultant.login()
    anna.start("Anna BV")
    ben.start("Ben SRL")
    seen = {"Anna BV": set(), "Ben SRL": set()}

    def visit(respondent, company, path):
        page = respondent.client.get(f"/{respondent.lang}{path}").text
        seen[company] |= shown(page)
        consultant.client.get("/en/consultant/")  # a consultant's page in between

    for step_id, answers in TINY_STEPS.items():
        for respondent, company in ((anna, "Anna BV"), (ben, "Ben SRL")):
            visit(respondent, company, f"/step/{step_id}")
            respondent.answer_step(step_id, answers)
            visit(respondent, company, f"/step/{step_id}")
    for respondent, company in ((anna, "Anna BV"), (ben, "Ben SRL")):
        visit(respondent, company, "/review")
        respondent.submit()
    for path in ("/result", "/", "/privacy", "/step/context"):
        for respondent, company in ((ben, "Ben SRL"), (anna, "Anna BV")):
            visit(respondent, company, path)
    assert seen == {"Anna BV": {"Anna BV"}, "Ben SRL": {"Ben SRL"}}


def test_the_consultant_sees_the_report_without_a_respondents_data(tmp_path):
    app = app_that_shows_whoami(tmp_path)
    anna = Respondent(app.test_client(), "nl")
    anna.start("Anna BV")
    anna.answer_all()
    anna.submit()
    anna.client.get("/nl/result")  # the respondent's report first
    consultant = ConsultantActions(app, app.test_client())
    consultant.create_account()
    consultant.login()
    with app.app_context():
        public_id = next(get_db().query("select public_id from assessments"))["public_id"]
    page = consultant.client.get(f"/en/consultant/assessments/{public_id}").text
    assert "Anna BV" in page  # the report names the company ...
    assert shown(page) == {"nobody"}  # ... but the consultant's session is nobody's scan
