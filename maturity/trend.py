"""Clients over time: what changed between two assessments, and the trend chart per dimension.

Pure Python on plain data, no Flask, no database. The chart is drawn on a matplotlib `Figure`,
never pyplot, with the radar's settings (maturity.chart): equal input gives equal SVG bytes.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from maturity.chart import BRAND, GRID, INK, MUTED, RINGS, SVG_METADATA, SVG_SETTINGS
from maturity.chart import _render_lock as render_lock  # one lock for matplotlib's rc settings
from maturity.questionnaire import Question, Questionnaire

TREND_CACHE_SIZE = 128
TREND_SIZE = (6.4, 3.2)  # inches: the plot; the legend goes below it
LINE_COLOURS = (BRAND, "#b35900", "#3b7a2a", "#7a3b8f", "#8a6d00", "#005f99")
MARKERS = ("o", "s", "^", "D", "v", "P")


@dataclass(frozen=True)
class DimensionChange:
    step_id: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass(frozen=True)
class QuestionChange:
    """One question's answer in the earlier and the later assessment, with its points."""

    question: Question  # as the later assessment's questionnaire has it
    step_id: str
    before: str | None  # option ids
    after: str | None
    points_before: int | None  # None: not answered, or not applicable
    points_after: int | None

    @property
    def delta(self) -> int:
        if self.points_before is None or self.points_after is None:
            return 0
        return self.points_after - self.points_before


@dataclass(frozen=True)
class Comparison:
    dimensions: tuple[DimensionChange, ...]
    better: tuple[QuestionChange, ...]  # most improved first
    worse: tuple[QuestionChange, ...]  # most worsened first
    other_changes: tuple[QuestionChange, ...]  # another answer with the same points, or n/a
    unchanged: int


def points(questionnaire: Questionnaire, question_id: str, option_id: str | None) -> int | None:
    """The points an answer scored on its own questionnaire version (None when it has none)."""
    question = questionnaire.question(question_id)
    option = question.option(option_id) if question and option_id else None
    return option.score if option else None


def compare(
    earlier: tuple[Questionnaire, dict[str, str], dict[str, float]],
    later: tuple[Questionnaire, dict[str, str], dict[str, float]],
) -> Comparison:
    """What changed from one assessment to a later one: (questionnaire, answers, scores) each.

    Questions are those of the later assessment's scored dimensions; an answer's points come
    from the version it was given on.
    """
    (q_before, answers_before, scores_before), (q_after, answers_after, scores_after) = (
        earlier,
        later,
    )
    dimensions = tuple(
        DimensionChange(step.id, scores_before.get(step.id), scores_after.get(step.id))
        for step in q_after.dimensions
    )
    changed, unchanged = [], 0
    for step in q_after.dimensions:
        for question in step.questions:
            before, after = answers_before.get(question.id), answers_after.get(question.id)
            if before == after:
                unchanged += 1
                continue
            changed.append(
                QuestionChange(
                    question,
                    step.id,
                    before,
                    after,
                    points(q_before, question.id, before),
                    points(q_after, question.id, after),
                )
            )
    better = sorted((c for c in changed if c.delta > 0), key=lambda c: -c.delta)
    worse = sorted((c for c in changed if c.delta < 0), key=lambda c: c.delta)
    other = [c for c in changed if c.delta == 0]
    return Comparison(dimensions, tuple(better), tuple(worse), tuple(other), unchanged)


@functools.lru_cache(maxsize=TREND_CACHE_SIZE)
def trend_svg(
    labels: tuple[str, ...],
    dates: tuple[str, ...],
    series: tuple[tuple[float | None, ...], ...],
    legend_title: str,
) -> bytes:
    """A line per dimension (labels) through its scores (series) at each date, as SVG bytes.

    A score of None (a dimension the assessment's version did not have) leaves a gap.
    """
    if len(labels) != len(series) or any(len(line) != len(dates) for line in series):
        raise ValueError("need a series of one score per date for every label")
    from matplotlib import rc_context  # imported on first use, as in maturity.chart

    with render_lock, rc_context(SVG_SETTINGS):
        return draw_trend(labels, dates, series, legend_title)


def draw_trend(
    labels: Sequence[str],
    dates: Sequence[str],
    series: Sequence[Sequence[float | None]],
    legend_title: str,
) -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=TREND_SIZE, dpi=72)
    axes = figure.add_subplot()
    positions = list(range(len(dates)))
    for index, (label, line) in enumerate(zip(labels, series, strict=True)):
        axes.plot(
            positions,
            [math.nan if score is None else score for score in line],
            label=label,
            color=LINE_COLOURS[index % len(LINE_COLOURS)],
            marker=MARKERS[index % len(MARKERS)],
            linewidth=2,
            markersize=5,
        )
    axes.set_ylim(0, 100)
    axes.set_yticks([0, *RINGS])
    axes.set_xticks(positions, list(dates))
    axes.set_xlim(-0.3, max(positions) + 0.3 if positions else 1)
    axes.grid(axis="y", color=GRID, linewidth=0.7)
    axes.tick_params(colors=MUTED)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    legend = axes.legend(
        title=legend_title, loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False, ncol=2
    )
    legend.get_title().set_color(INK)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=SVG_METADATA, bbox_inches="tight")
    return buffer.getvalue()
