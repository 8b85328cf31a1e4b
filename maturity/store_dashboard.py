"""The consultant's lists: the dashboard's filtered, sorted pages, its overview, the export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from maturity.store import IN_PROGRESS, SUBMITTED, Assessment, AssessmentFilter

PAGE_SIZE = 50
LIKE_ESCAPE = "\\"
DIMENSION_SORT_PREFIX = "dimension-"
COMPLETE = 1_000_000  # the progress a submitted assessment sorts by: above any draft

# Sort keys and their SQL: fixed text, never anything the browser sent. Every sort ends with
# the id in the same direction, so that an index on the column (which holds the rowid) serves
# the whole ORDER BY and a page never shuffles.
SORT_EXPRESSIONS = {
    "company": "a.company collate nocase",
    "client": "c.name collate nocase",
    "started": None,  # the id: ids grow with time (the default, newest first)
    "date": "coalesce(a.submitted_at, a.created_at)",  # as idx_assessments_date has it
    "status": "a.status",
    "progress": f"case when a.status = '{IN_PROGRESS}' then answered else {COMPLETE} end",
    "score": "a.overall_score",
    "level": "a.level",
    "recommendation": "a.recommendation",
}
DEFAULT_SORT = "started"


@dataclass(frozen=True)
class Sort:
    """A whitelisted sort key (or a dimension's id, checked by the caller) and its direction."""

    key: str = DEFAULT_SORT
    descending: bool = True

    @property
    def dimension(self) -> str | None:
        if self.key.startswith(DIMENSION_SORT_PREFIX):
            return self.key.removeprefix(DIMENSION_SORT_PREFIX)
        return None


DEFAULT = Sort()


@dataclass(frozen=True)
class DashboardRow:
    """One row of the dashboard: the assessment, its client, and its progress or scores."""

    assessment: Assessment
    client_name: str | None
    client_public_id: str | None
    answered: int | None  # questions answered so far (drafts only)
    dimension_scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Overview:
    """Counts per level and per recommendation, and average scores, for the current filter."""

    submitted: int
    levels: dict[int, int]
    recommendations: dict[str, int]
    average_score: float | None
    average_dimensions: dict[str, float]


def escape_like(text: str) -> str:
    """Make % and _ in a search term match themselves in a LIKE pattern."""
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return text


def filter_clause(filters: AssessmentFilter, extra: tuple[str, ...] = ()) -> tuple[str, list]:
    """A WHERE clause of fixed fragments (and `extra` ones) and its bound parameters."""
    conditions, params = list(extra), []
    if filters.search:
        conditions.append(f"company like ? escape '{LIKE_ESCAPE}'")
        params.append(f"%{escape_like(filters.search)}%")
    for column in ("status", "level", "recommendation"):
        value = getattr(filters, column)
        if value is not None:
            conditions.append(f"{column} = ?")
            params.append(value)
    return (" where " + " and ".join(conditions) if conditions else ""), params


def dimension_path(dimension: str) -> str:
    """The JSON path of a dimension's score in assessments.dimension_scores."""
    return f'$."{dimension}".score'


def order_clause(sort: Sort) -> tuple[str, list]:
    direction = "desc" if sort.descending else "asc"
    if sort.dimension is not None:
        expression, params = "json_extract(a.dimension_scores, ?)", [dimension_path(sort.dimension)]
    else:
        expression, params = SORT_EXPRESSIONS.get(sort.key), []
    first = f"{expression} {direction}, " if expression else ""
    return f" order by {first}a.id {direction}", params


def assessment_count_query(filters: AssessmentFilter) -> tuple[str, list]:
    where, params = filter_clause(filters)
    return f"select count(*) from assessments{where}", params  # noqa: S608 (fixed fragments)


PAGE_QUERY = """
select a.*, c.name as client_name, c.public_id as client_public_id,
    case when a.status = '{draft}'
    then (select count(*) from answers where assessment_id = a.id) end as answered
from assessments a left join clients c on c.id = a.client_id{where}{order}
limit ? offset ?
"""


def assessment_page_query(
    filters: AssessmentFilter, page: int, per_page: int, sort: Sort = DEFAULT
) -> tuple[str, list]:
    """One page in the sort's order; the id breaks ties (and is the order by default)."""
    where, params = filter_clause(filters)
    order, order_params = order_clause(sort)
    sql = PAGE_QUERY.format(draft=IN_PROGRESS, where=where, order=order)
    return sql, [*params, *order_params, per_page, (page - 1) * per_page]


def count_assessments(db: Database, filters: AssessmentFilter) -> int:
    sql, params = assessment_count_query(filters)
    return db.execute(sql, params).fetchone()[0]


def list_dashboard_rows(
    db: Database,
    filters: AssessmentFilter,
    page: int,
    per_page: int = PAGE_SIZE,
    sort: Sort = DEFAULT,
) -> list[DashboardRow]:
    """One page of assessments matching the filters, in the sort's order."""
    sql, params = assessment_page_query(filters, page, per_page, sort)
    fields = Assessment.__dataclass_fields__
    rows = []
    for row in db.query(sql, params):
        scores = json.loads(row["dimension_scores"] or "{}")
        rows.append(
            DashboardRow(
                assessment=Assessment(**{name: row[name] for name in fields}),
                client_name=row["client_name"],
                client_public_id=row["client_public_id"],
                answered=row["answered"],
                dimension_scores={key: value["score"] for key, value in scores.items()},
            )
        )
    return rows


def dashboard_overview(
    db: Database, filters: AssessmentFilter, dimensions: tuple[str, ...]
) -> Overview:
    """What the overview above the dashboard shows, over the submitted assessments matching."""
    where, params = filter_clause(filters, (f"status = '{SUBMITTED}'",))
    grouped = db.execute(
        f"select level, recommendation, count(*) from assessments{where}"  # noqa: S608
        " group by level, recommendation",
        params,
    ).fetchall()
    levels: dict[int, int] = {}
    recommendations: dict[str, int] = {}
    for level, recommendation, count in grouped:
        levels[level] = levels.get(level, 0) + count
        recommendations[recommendation] = recommendations.get(recommendation, 0) + count
    averages = ", ".join(
        ["avg(overall_score)"] + ["avg(json_extract(dimension_scores, ?))"] * len(dimensions)
    )
    paths = [dimension_path(d) for d in dimensions]
    row = db.execute(
        f"select {averages} from assessments{where}",  # noqa: S608 (fixed fragments)
        [*paths, *params],
    ).fetchone()
    return Overview(
        submitted=sum(levels.values()),
        levels=levels,
        recommendations=recommendations,
        average_score=row[0],
        average_dimensions={
            d: v for d, v in zip(dimensions, row[1:], strict=True) if v is not None
        },
    )


EXPORT_QUERY = """
select a.public_id as assessment_id, a.company, a.language, a.respondent_role,
       a.questionnaire_version,
       a.status, a.created_at, a.submitted_at, a.overall_score, a.level, a.recommendation,
       a.dimension_scores,
       (select json_group_object(question_id, option_id) from answers
        where assessment_id = a.id) as answers
from assessments a{where}
order by a.id desc
"""


def iter_export_records(db: Database, filters: AssessmentFilter) -> Iterator[tuple]:
    """Every matching assessment, newest first, read row by row from the cursor.

    Each a tuple in export.RECORD_FIELDS order (the columns of EXPORT_QUERY).
    """
    where, params = filter_clause(filters)
    yield from db.execute(EXPORT_QUERY.format(where=where), params)


def results_generation(db: Database) -> int:
    """A number that changes whenever a submitted result is added, changed or deleted."""
    return db.execute("select generation from results_generation where id = 1").fetchone()[0]
