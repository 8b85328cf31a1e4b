"""The radar chart of the dimension scores as SVG: pure Python, no Flask, no database.

Drawn on a matplotlib `Figure`, never pyplot (whose global state does not belong in a server).
Equal input gives byte-identical SVG: a fixed hash salt for the ids, no date in the metadata.
matplotlib is imported on the first render, not at import, so that create_app() can point
MPLCONFIGDIR at a writable folder first and a worker that never draws never pays for it.

The figure of a set of labels is built once (rings, spokes, labels) with its crop box, measured
around the largest chart those labels can have (every score 100, the widest score text); a
chart then only moves the score polygon and writes the score texts before it is saved. That is
a third of drawing the whole figure and cropping it tight, and gives the same bytes for the
same input whatever was drawn before.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import re
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SCORE_SEPARATOR = "-"
SCORE_PATTERN = re.compile(r"(?:100|[1-9]?[0-9])\.[0-9]")  # one decimal, no leading zeros
CACHE_SIZE = 256
LABEL_WIDTH = 22  # characters per line before a dimension label wraps
RINGS = (20, 40, 60, 80, 100)  # the level boundaries
FULL_SCALE = 100

INK = "#1b1f24"
MUTED = "#4a5560"
GRID = "#b8c0c8"
BRAND = "#0b4f6c"

SVG_SETTINGS = {
    "svg.hashsalt": "it-maturity-radar",
    "svg.fonttype": "none",  # real text: small, sharp, and searchable in the SVG
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 9.5,
}
SVG_METADATA = {"Date": None, "Creator": None}  # no date, no software version
FIGURE_SIZE = (5.2, 5.2)  # inches: sets the radar against its text, readable at phone width
LABEL_SIZE = 9.5
SCORE_SIZE = 11
RING_LABEL_SIZE = 8.5
LABEL_GAP = 5  # points between the outer ring and a label
PAD_INCHES = 0.04  # white space around the crop box
WIDEST_SCORE = "100,0"  # the widest score text, for the crop box
SVG_DPI = 72  # the SVG backend's own
FIGURES_KEPT = 16  # figures kept per process: one per set of labels (language and version)

_render_lock = threading.Lock()  # rc_context changes matplotlib's global settings


class ChartInputError(ValueError):
    """The labels, scores and score texts do not fit together."""


def format_scores(scores: Sequence[float]) -> str:
    """Scores as they appear in a chart URL: one decimal each, joined by a hyphen."""
    return SCORE_SEPARATOR.join(f"{score:.1f}" for score in scores)


def parse_scores(text: str, count: int) -> tuple[float, ...] | None:
    """The scores of a chart URL, or None unless there are exactly count canonical ones."""
    parts = text.split(SCORE_SEPARATOR)
    if len(parts) != count or not all(SCORE_PATTERN.fullmatch(part) for part in parts):
        return None
    scores = tuple(float(part) for part in parts)
    return scores if all(score <= FULL_SCALE for score in scores) else None


@dataclass
class RadarFigure:
    """A radar figure for one set of labels, ready for the scores of any chart."""

    figure: Any
    outline: Any  # the Line2D through the scores
    area: Any  # the Polygon filled under it
    score_labels: list  # an Annotation per axis
    angles: list[float]
    crop: Any  # the Bbox (inches) of the largest chart these labels can have

    def draw(self, scores: Sequence[float], score_texts: Sequence[str]) -> bytes:
        xs, ys = polygon(self.angles, scores)
        self.outline.set_data(xs, ys)
        self.area.set_xy(list(zip(xs, ys, strict=True)))
        for annotation, text in zip(self.score_labels, score_texts, strict=True):
            annotation.set_text(text)
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer, format="svg", metadata=SVG_METADATA, bbox_inches=self.crop, pad_inches=0
        )
        return buffer.getvalue()


@functools.lru_cache(maxsize=CACHE_SIZE)
def radar_svg_with_etag(
    labels: tuple[str, ...], scores: tuple[float, ...], score_texts: tuple[str, ...]
) -> tuple[bytes, str]:
    """render_radar_svg and an ETag for it, kept for the most recent CACHE_SIZE inputs."""
    svg = render_radar_svg(labels, scores, score_texts)
    return svg, hashlib.sha256(svg).hexdigest()[:32]


def render_radar_svg(
    labels: Sequence[str], scores: Sequence[float], score_texts: Sequence[str]
) -> bytes:
    """A radar chart of scores 0..100, one labelled axis per dimension, as SVG bytes."""
    check_chart_input(labels, scores, score_texts)
    from matplotlib import rc_context  # imported here: see the module docstring

    with _render_lock, rc_context(SVG_SETTINGS):
        return radar_figure(tuple(labels)).draw(scores, score_texts)


@functools.lru_cache(maxsize=FIGURES_KEPT)
def radar_figure(labels: tuple[str, ...]) -> RadarFigure:
    """The figure for these labels, cropped to fit their largest chart. Call under rc_context."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGURE_SIZE, dpi=SVG_DPI)  # measured as the SVG backend draws
    axes = figure.add_axes((0.2, 0.2, 0.6, 0.6))  # the labels go around it
    angles = axis_angles(len(labels))
    largest = [FULL_SCALE] * len(labels)
    outline, area, score_labels = draw_radar(axes, labels, largest, [WIDEST_SCORE] * len(labels))
    renderer = RendererSVG(*figure.get_size_inches() * SVG_DPI, io.StringIO(), image_dpi=SVG_DPI)
    crop = figure.get_tightbbox(renderer).padded(PAD_INCHES)
    return RadarFigure(figure, outline, area, score_labels, angles, crop)


def check_chart_input(
    labels: Sequence[str], scores: Sequence[float], score_texts: Sequence[str]
) -> None:
    """Refuse input that would draw a wrong chart: a missing label, score or score text."""
    if not len(labels) == len(scores) == len(score_texts) or len(labels) < 2:
        raise ChartInputError("need at least two labels, each with a score and a score text")
    if not all(0 <= score <= FULL_SCALE for score in scores):
        raise ChartInputError(f"scores must be 0..{FULL_SCALE}: {list(scores)}")


def axis_angles(count: int) -> list[float]:
    """Angles (radians) of the axes, clockwise; with four, one in each corner, first top left."""
    start = math.pi / 2 + math.pi / count
    return [start - 2 * math.pi * index / count for index in range(count)]


def polygon(angles: Sequence[float], radii: Sequence[float]) -> tuple[list[float], list[float]]:
    """The closed outline through the points at these angles and radii, as x and y lists."""
    xs = [r * math.cos(a) for a, r in zip(angles, radii, strict=True)]
    ys = [r * math.sin(a) for a, r in zip(angles, radii, strict=True)]
    return [*xs, xs[0]], [*ys, ys[0]]


def radar_axes(axes, count: int) -> list[float]:
    """Square axes without frame, rings at the level boundaries and spokes; the axes' angles."""
    angles = axis_angles(count)
    limit = FULL_SCALE * 1.02
    axes.set_xlim(-limit, limit)
    axes.set_ylim(-limit, limit)
    axes.set_aspect("equal")
    axes.set_axis_off()
    draw_grid(axes, angles)
    return angles


def draw_radar(axes, labels: Sequence[str], scores: Sequence[float], texts: Sequence[str]):
    """Rings at the level boundaries, spokes, the filled scores, and a label per axis.

    Returns what a chart changes: the score outline, the area under it, the score texts.
    """
    angles = radar_axes(axes, len(labels))
    xs, ys = polygon(angles, scores)
    (area,) = axes.fill(xs, ys, color=BRAND, alpha=0.18, linewidth=0, clip_on=False)
    (outline,) = axes.plot(
        xs, ys, color=BRAND, linewidth=2, marker="o", markersize=5, clip_on=False
    )
    score_labels = [
        draw_axis_label(axes, angle, label, text)
        for angle, label, text in zip(angles, labels, texts, strict=True)
    ]
    return outline, area, score_labels


def draw_grid(axes, angles: Sequence[float]) -> None:
    """A polygon at every level boundary, the outer one darker, and a spoke per axis."""
    for ring in RINGS:
        xs, ys = polygon(angles, [ring] * len(angles))
        outer = ring == FULL_SCALE
        axes.plot(xs, ys, color=MUTED if outer else GRID, linewidth=1 if outer else 0.7)
    for angle in angles:
        end = (FULL_SCALE * math.cos(angle), FULL_SCALE * math.sin(angle))
        axes.plot([0, end[0]], [0, end[1]], color=GRID, linewidth=0.7)
    draw_ring_labels(axes, angles)


def draw_ring_labels(axes, angles: Sequence[float]) -> None:
    """The value of each ring, written just inside it halfway between the first two axes."""
    middle = (angles[0] + angles[1]) / 2
    reach = math.cos(math.pi / len(angles))  # a polygon edge's distance per unit of radius
    for ring in RINGS:
        distance = ring * reach - 1.5
        axes.text(
            distance * math.cos(middle),
            distance * math.sin(middle),
            str(ring),
            color=MUTED,
            fontsize=RING_LABEL_SIZE,
            ha="center",
            va="top",
            # Above the score's outline, on a white ground: a line through it never hides it.
            zorder=5,
            bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none"},
        )


def label_alignment(angle: float) -> tuple[str, str]:
    """Horizontal and vertical alignment that puts a label outside the chart at this angle."""
    cos, sin = math.cos(angle), math.sin(angle)
    horizontal = "center" if abs(cos) < 0.8 else ("left" if cos > 0 else "right")
    vertical = "bottom" if sin > 0.2 else ("top" if sin < -0.2 else "center")
    return horizontal, vertical


def label_offsets(vertical: str) -> tuple[tuple[float, str], tuple[float, str]]:
    """Vertical offset (points) and alignment of the score, then of the name under or over it."""
    score_height = SCORE_SIZE * 1.3
    if vertical == "top":
        return (-LABEL_GAP, "top"), (-LABEL_GAP - score_height, "top")
    if vertical == "bottom":
        return (LABEL_GAP, "bottom"), (LABEL_GAP + score_height, "bottom")
    return (0, "bottom"), (0, "top")


def draw_axis_label(axes, angle: float, label: str, score_text: str):
    """The dimension's name (wrapped) with its score in bold nearest to the chart.

    Returns the score's annotation.
    """
    horizontal, vertical = label_alignment(angle)
    corner = (FULL_SCALE * math.cos(angle), FULL_SCALE * math.sin(angle))
    gap_x = 0 if horizontal == "center" else math.copysign(LABEL_GAP, math.cos(angle))
    (score_y, score_va), (name_y, name_va) = label_offsets(vertical)
    name = textwrap.fill(label, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)
    common = {"xy": corner, "textcoords": "offset points", "ha": horizontal}
    score = axes.annotate(
        score_text,
        xytext=(gap_x, score_y),
        va=score_va,
        fontsize=SCORE_SIZE,
        fontweight="bold",
        color=BRAND,
        **common,
    )
    axes.annotate(
        name,
        xytext=(gap_x, name_y),
        va=name_va,
        multialignment="center",
        fontsize=LABEL_SIZE,
        color=INK,
        **common,
    )
    return score
