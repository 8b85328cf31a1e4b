"""The team radar: one labelled line per respondent over the dimensions, as SVG bytes.

Pure, no Flask. Drawn on a matplotlib `Figure`, never pyplot, with the radar's grid and settings
(maturity.chart). Each respondent has a colour, a line style and a marker of their own, so that
the lines stay apart in print and in grey; the legend names them. Equal input gives equal bytes.
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from collections.abc import Sequence

from maturity.chart import (
    FULL_SCALE,
    INK,
    LABEL_GAP,
    LABEL_SIZE,
    LABEL_WIDTH,
    SVG_DPI,
    SVG_METADATA,
    SVG_SETTINGS,
    ChartInputError,
    label_alignment,
    polygon,
    radar_axes,
)
from maturity.chart import _render_lock as render_lock  # one lock for matplotlib's rc settings
from maturity.trend import LINE_COLOURS, MARKERS

TEAM_CACHE_SIZE = 64
TEAM_SIZE = (6.0, 6.4)  # inches: the radar and the legend below it
LINE_STYLES = ("solid", "dashed", "dotted", "dashdot", (0, (6, 2, 1, 2, 1, 2)), (0, (1, 3)))
MAX_RESPONDENTS = 12  # more lines than that is no longer a chart anyone can read


@functools.lru_cache(maxsize=TEAM_CACHE_SIZE)
def team_radar_svg(
    labels: tuple[str, ...], names: tuple[str, ...], scores: tuple[tuple[float, ...], ...]
) -> bytes:
    """A radar over the dimensions (labels) with a line per respondent (names): SVG bytes.

    scores holds one tuple per respondent, a score 0..100 per dimension.
    """
    if len(labels) < 2 or len(names) != len(scores) or not 1 <= len(names) <= MAX_RESPONDENTS:
        raise ChartInputError("need two dimensions and one series of scores per respondent")
    if any(
        len(line) != len(labels) or not all(0 <= s <= FULL_SCALE for s in line) for line in scores
    ):
        raise ChartInputError("each respondent needs a score 0..100 for every dimension")
    from matplotlib import rc_context  # imported on first use, as in maturity.chart

    with render_lock, rc_context(SVG_SETTINGS):
        return draw_team_radar(labels, names, scores)


def draw_team_radar(
    labels: Sequence[str], names: Sequence[str], scores: Sequence[Sequence[float]]
) -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=TEAM_SIZE, dpi=SVG_DPI)
    axes = figure.add_axes((0.18, 0.3, 0.64, 0.6))
    angles = radar_axes(axes, len(labels))
    for index, (name, line) in enumerate(zip(names, scores, strict=True)):
        xs, ys = polygon(angles, line)
        axes.plot(
            xs,
            ys,
            label=name,
            color=LINE_COLOURS[index % len(LINE_COLOURS)],
            linestyle=LINE_STYLES[index % len(LINE_STYLES)],
            marker=MARKERS[index % len(MARKERS)],
            linewidth=2,
            markersize=6,
            clip_on=False,
        )
    for angle, label in zip(angles, labels, strict=True):
        horizontal, vertical = label_alignment(angle)
        axes.annotate(
            textwrap.fill(label, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False),
            xy=(FULL_SCALE * math.cos(angle), FULL_SCALE * math.sin(angle)),
            xytext=(
                math.copysign(LABEL_GAP, math.cos(angle)),
                math.copysign(LABEL_GAP, math.sin(angle)),
            ),
            textcoords="offset points",
            ha=horizontal,
            va=vertical,
            multialignment="center",
            fontsize=LABEL_SIZE,
            color=INK,
        )
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        frameon=False,
        ncol=2,
        handlelength=3.5,
        fontsize=LABEL_SIZE,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=SVG_METADATA, bbox_inches="tight")
    return buffer.getvalue()
