"""The dashboard for two hundred clients: sortable columns in SQL, the overview, progress."""

from __future__ import annotations

import re

import pytest

from maturity import store, store_dashboard
from maturity.db import connect
from maturity.store import AssessmentFilter
from maturity.store_dashboard import Sort
from tests.test_consultant import listed, seed

INDEXED_SORTS = ["company", "started", "date", "status", "score", "level", "recommendation"]
SCORE_CELL = re.compile(r'<td class="num">([0-9]+\.[0-9])</td>')


@pytest.fixture
def logged_in(consultant):
    assert consultant.login().status_code == 302
    return consultant


def scores_shown(html: str) -> list[float]:
    return [float(value) for value in SCORE_CELL.findall(html)]


def test_the_dashboard_is_full_width(logged_in):
    page = logged_in.client.get("/en/consultant/").text
    assert '<main id="main" class="container container-wide"' in page


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ("sort=company&order=asc", ["Apotheek", "Bakkerij", "brouwerij", "Garage"]),
        ("sort=company&order=desc", ["Garage", "brouwerij", "Bakkerij", "Apotheek"]),
        ("sort=score&order=desc", ["Garage", "Bakkerij", "Apotheek", "brouwerij"]),
        ("sort=score&order=asc", ["brouwerij", "Apotheek", "Bakkerij", "Garage"]),
        ("", ["Garage", "brouwerij", "Bakkerij", "Apotheek"]),  # newest first
        ("sort=started&order=asc", ["Apotheek", "Bakkerij", "brouwerij", "Garage"]),
        ("sort=status&order=asc", ["brouwerij", "Apotheek", "Bakkerij", "Garage"]),
    ],
)
def test_columns_sort_the_whole_list(app, logged_in, arguments, expected):
    seed(app, ["Apotheek", "Bakkerij", "brouwerij", "Garage"], [1, 2, None, 3])
    page = logged_in.client.get(f"/en/consultant/?{arguments}").text
    assert listed(page) == expected


def test_a_dimension_column_sorts_by_that_dimension(app, logged_in):
    seed(app, ["Low", "High", "Middle"], [0, 3, 1])
    page = logged_in.client.get("/en/consultant/?sort=dimension-people&order=desc").text
    assert listed(page) == ["High", "Middle", "Low"]


def test_the_header_of_the_sorted_column_says_so_and_links_the_other_way(app, logged_in):
    seed(app, ["Apotheek"], [1])
    page = logged_in.client.get("/en/consultant/?sort=score&order=desc&q=Apo").text
    header = re.search(r'<th scope="col" class="num" aria-sort="descending">\s*<a[^>]*>', page)
    assert header, "the score column is not marked as sorted"
    assert "sort=score" in header.group(0) and "order=asc" in header.group(0)
    assert "q=Apo" in header.group(0)  # the filters stay


@pytest.mark.parametrize(
    "arguments",
    ["sort=overall_score", "sort=id;drop table assessments", "sort=dimension-nope", "order=up"],
)
def test_an_unknown_sort_shows_the_default_order(app, logged_in, arguments):
    seed(app, ["Apotheek", "Bakkerij"], [1, 2])
    page = logged_in.client.get(f"/en/consultant/?{arguments}")
    assert page.status_code == 200
    assert listed(page.text) == ["Bakkerij", "Apotheek"]


def test_paging_keeps_the_sort(app, logged_in):
    seed(app, [f"Company {n:03}" for n in range(store_dashboard.PAGE_SIZE + 3)])
    first = logged_in.client.get("/en/consultant/?sort=company&order=asc").text
    assert "page=2" in first and "sort=company" in first
    second = logged_in.client.get("/en/consultant/?sort=company&order=asc&page=2").text
    assert listed(second) == [f"Company {n:03}" for n in range(50, 53)]


def test_drafts_show_their_progress(app, logged_in):
    (draft,) = seed(app, ["Drukkerij Wouters"])
    db = connect(app.config["DATABASE"])
    try:
        store.save_step_answers(db, draft.id, {"current-support": "break-fix"})
    finally:
        db.close()
    questions = len(app.extensions["questionnaire"].questions)
    page = logged_in.client.get("/en/consultant/").text
    assert f"1 of {questions}" in page


def test_the_overview_counts_levels_and_recommendations_for_the_filter(app, logged_in):
    made = seed(app, ["A", "B", "C", "D"], [0, 0, 3, None])
    page = logged_in.client.get("/en/consultant/").text
    overview = page[page.index('<section class="overview"') : page.index("</section>")]
    assert "(3)" in overview  # three submitted
    low, high = made[0].level, made[2].level
    assert f'level-{low}">{low}</span>' in overview
    filtered = logged_in.client.get(f"/en/consultant/?level={high}").text
    overview = filtered[filtered.index('<section class="overview"') : filtered.index("</section>")]
    assert "(1)" in overview
    assert f"{made[2].overall_score:.1f}" in overview  # the average of that one


def test_the_overview_follows_a_new_submission(app, logged_in):
    seed(app, ["A"], [0])
    assert "(1)" in logged_in.client.get("/en/consultant/").text
    seed(app, ["B"], [3])
    assert "(2)" in logged_in.client.get("/en/consultant/").text


def test_the_overview_of_the_store(app):
    made = seed(app, ["A", "B", "C"], [0, 3, None])
    db = connect(app.config["DATABASE"])
    try:
        overview = store_dashboard.dashboard_overview(db, AssessmentFilter(), ("people", "tools"))
        generation = store_dashboard.results_generation(db)
        store.delete_assessment(db, made[0].public_id)
        assert store_dashboard.results_generation(db) > generation
        store.delete_assessment(db, made[2].public_id)  # a draft: the results did not change
        assert store_dashboard.results_generation(db) == generation + 1
    finally:
        db.close()
    assert overview.submitted == 2
    assert sum(overview.levels.values()) == 2
    expected = (made[0].overall_score + made[1].overall_score) / 2
    assert overview.average_score == pytest.approx(expected)
    assert set(overview.average_dimensions) == {"people", "tools"}


@pytest.mark.parametrize("key", INDEXED_SORTS)
@pytest.mark.parametrize("descending", [True, False])
def test_the_main_sorts_read_an_index_and_never_sort_the_table(app, key, descending):
    seed(app, [f"Company {n}" for n in range(30)], [n % 4 if n % 3 else None for n in range(30)])
    db = connect(app.config["DATABASE"])
    try:
        db.execute("analyze")
        sql, params = store_dashboard.assessment_page_query(
            AssessmentFilter(), 1, 50, Sort(key, descending)
        )
        plan = " | ".join(row[3] for row in db.execute("explain query plan " + sql, params))
    finally:
        db.close()
    assert "TEMP B-TREE" not in plan


def test_the_sort_sql_holds_no_text_from_the_browser():
    sql, params = store_dashboard.assessment_page_query(
        AssessmentFilter(), 1, 50, Sort("dimension-x'); drop table assessments; --", True)
    )
    assert "drop table" not in sql
    assert '$."x\'); drop table assessments; --".score' in params


def test_the_phone_keeps_the_key_columns_and_puts_the_rest_behind_more(app, logged_in):
    seed(app, ["Apotheek"], [1])
    page = logged_in.client.get("/en/consultant/").text
    assert '<details class="row-more">' in page
    for header in ("Client", "Date", "Progress", "Recommendation"):
        assert re.search(rf'<th scope="col" class="col-more[^"]*"[^>]*>\s*<a[^>]*>{header}<', page)
    for header in ("Company", "Status", "Score", "Level"):
        assert re.search(rf'<th scope="col"( class="num")?>\s*<a[^>]*>{header}<', page)
