"""The dashboard's filters, sort, pages and overview: below the workspace's blueprints."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from maturity import store, store_dashboard
from maturity.db import connect, get_db
from maturity.forms import AssessmentFilterForm, any_choice
from maturity.i18n import localized
from maturity.questionnaire import LEVEL_NUMBERS, Questionnaire
from maturity.reports import current_questionnaire
from maturity.store import AssessmentFilter
from maturity.store_dashboard import DEFAULT, DIMENSION_SORT_PREFIX, DashboardRow, Overview, Sort

PAGE_NUMBER = re.compile(r"[0-9]{1,7}")
OVERVIEWS_KEPT = 64  # per worker: one per filter asked for since the results last changed
STATUS_LABELS = {store.IN_PROGRESS: _l("In progress"), store.SUBMITTED: _l("Submitted")}
# The direction a column sorts in when first clicked: names A to Z, numbers and dates high first.
ASCENDING_FIRST = {"company", "client", "status", "recommendation"}


@dataclass(frozen=True)
class Pagination:
    """One page of a list, and what the template needs to link to the others."""

    number: int
    per_page: int
    total: int
    items: list[DashboardRow]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_item(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_item(self) -> int:
        return min(self.number * self.per_page, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def recommendation_names(questionnaire: Questionnaire) -> dict[str, dict]:
    """Model id -> its name in every language, from the questionnaire's advice rules."""
    return {model: text.name for model, text in questionnaire.advice_rules.models.items()}


def build_filter_form() -> AssessmentFilterForm:
    """The dashboard's filter form, with its choices, read from the query string."""
    questionnaire = current_questionnaire()
    form = AssessmentFilterForm(formdata=request.args)
    form.status.choices = [any_choice()] + [
        SelectChoice(status, label) for status, label in STATUS_LABELS.items()
    ]
    form.level.choices = [any_choice()] + [
        SelectChoice(str(n), f"{n}: {localized(questionnaire.level(n).name)}")
        for n in LEVEL_NUMBERS
    ]
    form.recommendation.choices = [any_choice()] + [
        SelectChoice(model, localized(name))
        for model, name in recommendation_names(questionnaire).items()
    ]
    return form


def read_filters(form: AssessmentFilterForm) -> tuple[AssessmentFilter, list[str]]:
    """The valid filters of the form; a field with a value that makes no sense is ignored."""
    notices = []
    form.validate()
    for field in (form.q, form.status, form.level, form.recommendation):
        if field.errors:
            notices.append(
                _(
                    "The value given for “%(field)s” is not one of the options, so it is ignored.",
                    field=field.label.text,
                )
            )
            field.data, field.errors = "", []
    level = form.level.data
    filters = AssessmentFilter(
        search=form.q.data or "",
        status=form.status.data or None,
        level=int(level) if level else None,
        recommendation=form.recommendation.data or None,
    )
    return filters, notices


def filter_arguments(filters: AssessmentFilter) -> dict[str, str]:
    """The query-string arguments that reproduce these filters (for page and export links)."""
    values = {
        "q": filters.search,
        "status": filters.status,
        "level": filters.level,
        "recommendation": filters.recommendation,
    }
    return {key: str(value) for key, value in values.items() if value not in (None, "")}


def sort_keys(questionnaire: Questionnaire) -> set[str]:
    """Every sort the dashboard offers: its columns and each dimension's score."""
    dimensions = {DIMENSION_SORT_PREFIX + step.id for step in questionnaire.dimensions}
    return set(store_dashboard.SORT_EXPRESSIONS) | dimensions


def read_sort(questionnaire: Questionnaire) -> Sort:
    """The sort asked for in the query string; the default (newest first) for anything else."""
    key = request.args.get("sort", store_dashboard.DEFAULT_SORT)
    if key not in sort_keys(questionnaire):
        return DEFAULT
    order = request.args.get("order")
    descending = order == "desc" if order in ("asc", "desc") else key not in ASCENDING_FIRST
    return Sort(key, descending)


def sort_arguments(sort: Sort) -> dict[str, str]:
    if sort == DEFAULT:
        return {}
    return {"sort": sort.key, "order": "desc" if sort.descending else "asc"}


def column_sorts(
    current: Sort, questionnaire: Questionnaire, filter_args: dict[str, str]
) -> dict[str, dict]:
    """Per sort key: the arguments of its header's link (filters kept) and its aria-sort."""
    columns = {}
    for key in sort_keys(questionnaire):
        if key == current.key:
            following = Sort(key, not current.descending)
            state = "descending" if current.descending else "ascending"
        else:
            following, state = Sort(key, key not in ASCENDING_FIRST), None
        order = "desc" if following.descending else "asc"
        arguments = {**filter_args, "sort": key, "order": order}
        columns[key] = {"arguments": arguments, "state": state}
    return columns


def requested_page(notices: list[str]) -> int:
    """The page number asked for; 1, with a notice, when it is not a positive number."""
    raw = request.args.get("page", "1").strip()
    if PAGE_NUMBER.fullmatch(raw) and int(raw) >= 1:
        return int(raw)
    notices.append(_("“%(page)s” is not a page number; showing the first page.", page=raw[:20]))
    return 1


def page_of_assessments(
    filters: AssessmentFilter, number: int, notices: list[str], sort: Sort = DEFAULT
) -> Pagination:
    """The page asked for; past the last page, the last page with a notice."""
    db = get_db()
    total = store_dashboard.count_assessments(db, filters)
    pagination = Pagination(number, store_dashboard.PAGE_SIZE, total, [])
    if number > pagination.pages:
        notices.append(
            _(
                "There is no page %(number)d; the last page is %(last)d.",
                number=number,
                last=pagination.pages,
            )
        )
        number = pagination.pages
    items = store_dashboard.list_dashboard_rows(
        db, filters, number, store_dashboard.PAGE_SIZE, sort
    )
    return Pagination(number, store_dashboard.PAGE_SIZE, total, items)


def overview_of(filters: AssessmentFilter, questionnaire: Questionnaire) -> Overview:
    """The overview above the dashboard, computed once per filter until a result changes."""
    generation = store_dashboard.results_generation(get_db())
    dimensions = tuple(step.id for step in questionnaire.dimensions)
    return kept_overview(current_app.config["DATABASE"], generation, filters, dimensions)


@functools.lru_cache(maxsize=OVERVIEWS_KEPT)
def kept_overview(
    database: str, generation: int, filters: AssessmentFilter, dimensions: tuple[str, ...]
) -> Overview:
    """The overview of a database at a generation of its results (read on a connection of its
    own: a cache entry outlives the request that computed it)."""
    db = connect(database)
    try:
        return store_dashboard.dashboard_overview(db, filters, dimensions)
    finally:
        db.close()
