"""Charts for the HTML report, drawn with matplotlib as inline SVG (the notebook's plots, as
Axes, are in :mod:`.plots`).

Text stays text (``svg.fonttype: none``): the browser draws the Chinese glyphs with its own
fonts, so no font file is embedded or needed. Figures are made with ``matplotlib.figure.Figure``
directly (no pyplot, no global backend state) and are deterministic (fixed hash salt, no date)."""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


__all__ = [
    "GRADE_COLOURS",
    "HEATMAP_CMAP",
    "BoxWords",
    "annotation_colour",
    "grade_bars",
    "heatmap",
    "rate_boxes",
    "relative_luminance",
]

# Colours by a grade's place in the scheme's list (best first); more grades reuse the last.
# Okabe and Ito's palette for colour-blind readers (A and D darkened): no red against green,
# and neighbouring grades differ in lightness as well as hue. The report's badges use the same
# colours (templates/_style.css, .g0 to .g5).
GRADE_COLOURS = ["#0b4f8a", "#56b4e9", "#e69f00", "#a63b1c", "#cc79a7", "#6b6b6b"]
BAR_COLOUR = "#0b4f8a"
MEAN_COLOUR = "#d55e00"
# The heatmap's colour map: cividis is made to read the same to readers with red-green colour
# blindness (and in grey), lightness rising with the value.
HEATMAP_CMAP = "cividis"
# The largest cohort drawn as a heatmap (one row per region); bigger ones get the box plot only.
HEATMAP_MAX_REGIONS = 60


@dataclass(frozen=True)
class BoxWords:
    """The box plot's legend, in the report's language."""

    box: str
    median: str
    mean: str
    outlier: str


def relative_luminance(rgb: Sequence[float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (components 0 to 1)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def annotation_colour(background: Sequence[float]) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG contrast ratio)."""
    luminance = relative_luminance(background)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#000000" if on_black >= on_white else "#ffffff"


@contextmanager
def _svg_style(salt: str) -> Iterator[None]:
    import matplotlib

    rc = {
        "svg.fonttype": "none",
        "svg.hashsalt": salt,
        "text.parse_math": False,  # a "$" in a region's name is text, not mathematics
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    # (matplotlib's stubs want literal keys; this dict is of them all the same.)
    with matplotlib.rc_context(rc), warnings.catch_warnings():  # type: ignore[arg-type]
        # Text is emitted as <text> for the browser to draw; matplotlib only measures it with
        # its bundled font, which has no CJK glyphs, and says so. The measure is approximate
        # (labels are laid out a little narrower than drawn), which the layout tolerates.
        warnings.filterwarnings(
            "ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning
        )
        yield


_WIDTH = re.compile(r'\swidth="([\d.]+)pt"')


def _svg(figure: Figure, alt: str, name: str) -> str:
    """The figure as inline SVG whose text alternative is ``alt``: the root is an image
    (``role="img"``) named by its first child, a ``<title>`` (``id`` ``chart-NAME-title``,
    shown as a tooltip too). The text is a text node, never an attribute's value: it may hold
    a region's or a scheme's words. Its width in CSS pixels, as ``--chart-width``, lets a
    narrow screen keep the chart's text readable (templates/_report.css)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # inline: no XML declaration or DOCTYPE
    opening = text.index(">") + 1
    title = f"chart-{name}-title"
    width = _WIDTH.search(text[:opening])
    style = f' style="--chart-width: {float(width.group(1)) * 4 / 3:.0f}"' if width else ""
    return (
        f'<svg role="img" aria-labelledby="{title}"{style}{text[4:opening]}'
        f'\n <title id="{title}">{escape(alt, quote=False)}</title>{text[opening:]}'
    )


def grade_bars(
    counts: dict[str, int], labels: dict[str, str], title: str, alt: str, axis: str = ""
) -> str:
    """Regions per grade, best grade first; ``labels``: each grade's tick label."""
    from matplotlib.figure import Figure

    with _svg_style("grades"):
        figure = Figure(figsize=(5.0, 2.8))
        draw_grade_bars(figure.add_subplot(), counts, labels, title, axis)
        return _svg(figure, alt, "grades")


def draw_grade_bars(
    axes: Axes, counts: dict[str, int], labels: dict[str, str], title: str, axis: str = ""
) -> None:
    """:func:`grade_bars` on ``axes``: one bar per grade, best first, coloured by the grade's
    place (:data:`GRADE_COLOURS`), each with its count written above it."""
    grades = list(counts)
    bars = axes.bar(
        [labels.get(g, g) for g in grades],
        list(counts.values()),
        color=[grade_colour(i) for i in range(len(grades))],
        edgecolor="#1f2933",
        linewidth=0.6,
    )
    axes.bar_label(bars, padding=2)
    axes.set_title(title)
    if axis:
        axes.set_xlabel(axis)
    axes.set_ylim(0, max([*counts.values(), 1]) * 1.2)
    axes.yaxis.set_visible(False)
    axes.spines["left"].set_visible(False)


def grade_colour(position: int) -> str:
    """The colour of the grade at ``position`` in the scheme's list (best first)."""
    return GRADE_COLOURS[min(max(position, 0), len(GRADE_COLOURS) - 1)]


def rate_range(rates: Sequence[Sequence[float]]) -> tuple[float, float]:
    """The box plot's axis: from a round ten below the lowest rate (less a margin) to just
    past 100, so the boxes fill the plot instead of its right third."""
    values = [v for column in rates for v in column]
    low = min(values, default=0.0)
    start = max(0.0, math.floor((low - 2.0) / 10.0) * 10.0)
    return start, max(102.0, max(values, default=100.0) + 2.0)


def rate_boxes(
    names: Sequence[str],
    rates: Sequence[Sequence[float]],
    title: str,
    axis: str,
    alt: str,
    legend: BoxWords,
) -> str:
    """Per dimension, the spread of the regions' score rates (percent), with the mean; a
    legend says what the box, the line, the diamond and the circles are."""
    from matplotlib.figure import Figure

    with _svg_style("dimensions"):
        height = 1.3 + 0.45 * len(names)
        figure = Figure(figsize=(6.5, height))
        axes = figure.add_subplot()
        handles = draw_rate_boxes(axes, names, rates, title, axis, legend)
        figure.legend(
            handles=handles,
            loc="lower center",
            ncols=4,
            frameon=False,
            fontsize=8,
            bbox_to_anchor=(0.5, -0.02),
            handlelength=1.2,
            columnspacing=1.0,
        )
        figure.subplots_adjust(bottom=0.28 if len(names) <= 3 else 0.2)
        return _svg(figure, alt, "dimensions")


def draw_rate_boxes(
    axes: Axes,
    names: Sequence[str],
    rates: Sequence[Sequence[float]],
    title: str,
    axis: str,
    legend: BoxWords,
) -> list[Artist]:
    """:func:`rate_boxes` on ``axes``, the first dimension on top; returns the legend's
    handles (the caller places the legend)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    positions = list(range(len(names), 0, -1))  # first dimension on top
    axes.boxplot(
        [list(r) for r in rates],
        positions=positions,
        orientation="horizontal",
        widths=0.55,
        showmeans=True,
        patch_artist=True,
        boxprops={"facecolor": "#c6dbef", "edgecolor": BAR_COLOUR},
        medianprops={"color": BAR_COLOUR, "linewidth": 2},
        meanprops={"marker": "D", "markerfacecolor": MEAN_COLOUR, "markeredgecolor": "none"},
        flierprops={"marker": "o", "markerfacecolor": "none", "markeredgecolor": "#1f2933"},
    )
    axes.set_yticks(positions, labels=list(names))
    axes.set_xlim(*rate_range(rates))
    axes.set_xlabel(axis)
    axes.set_title(title)
    axes.grid(axis="x", alpha=0.3)
    return [
        Patch(facecolor="#c6dbef", edgecolor=BAR_COLOUR, label=legend.box),
        Line2D([], [], color=BAR_COLOUR, linewidth=2, label=legend.median),
        Line2D([], [], color="none", marker="D", markerfacecolor=MEAN_COLOUR,
               markeredgecolor="none", label=legend.mean),
        Line2D([], [], color="none", marker="o", markerfacecolor="none",
               markeredgecolor="#1f2933", label=legend.outlier),
    ]  # fmt: skip


def heatmap(
    regions: Sequence[str],
    names: Sequence[str],
    rates: Sequence[Sequence[float]],
    title: str,
    alt: str,
    axis: str,
) -> str:
    """Regions (rows, in the order given: the report gives them best first) by dimensions
    (columns), each cell the score rate in percent, written in black or white as reads best
    on the cell's colour; the colour bar is labelled ``axis``."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    with _svg_style("heatmap"):
        figure = Figure(figsize=(1.8 + 1.1 * len(names), 1.0 + 0.26 * len(regions)))
        axes = figure.add_subplot()
        cmap = colormaps[HEATMAP_CMAP]
        # From a round ten at or below the lowest rate (at most 90) to 100: the colours spread
        # over the rates there are, not over a range no region is in.
        low = min((v for row in rates for v in row), default=0.0)
        norm = Normalize(vmin=min(90.0, math.floor(low / 10.0) * 10.0), vmax=100, clip=True)
        image = axes.imshow([list(row) for row in rates], cmap=cmap, norm=norm, aspect="auto")
        axes.set_xticks(range(len(names)), labels=list(names), rotation=30, ha="right")
        axes.set_yticks(range(len(regions)), labels=list(regions))
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        for row, values in enumerate(rates):
            for column, value in enumerate(values):
                colour = annotation_colour(cmap(norm(value)))
                axes.text(
                    column, row, f"{value:.0f}", ha="center", va="center", fontsize=8,
                    color=colour,
                )  # fmt: skip
        bar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
        bar.set_label(axis)
        axes.set_title(title)
        return _svg(figure, alt, "heatmap")
