"""Charts for the HTML report, drawn with matplotlib as inline SVG.

Text stays text (``svg.fonttype: none``): the browser draws the Chinese glyphs with its own
fonts, so no font file is embedded or needed. Figures are made with ``matplotlib.figure.Figure``
directly (no pyplot, no global backend state) and are deterministic (fixed hash salt, no date)."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["grade_bars", "heatmap", "rate_boxes"]

# Colours by a grade's place in the scheme's list (best first); more grades reuse the last.
GRADE_COLOURS = ["#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a", "#455a64"]
BAR_COLOUR = "#1565c0"
# The largest cohort drawn as a heatmap (one row per region); bigger ones get the box plot only.
HEATMAP_MAX_REGIONS = 60


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


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # inline: no XML declaration or DOCTYPE


def grade_bars(counts: dict[str, int], labels: dict[str, str], title: str) -> str:
    """Regions per grade, best grade first."""
    from matplotlib.figure import Figure

    with _svg_style("grades"):
        figure = Figure(figsize=(5.0, 2.8))
        axes = figure.add_subplot()
        grades = list(counts)
        colours = [GRADE_COLOURS[min(i, len(GRADE_COLOURS) - 1)] for i in range(len(grades))]
        bars = axes.bar([labels.get(g, g) for g in grades], list(counts.values()), color=colours)
        axes.bar_label(bars, padding=2)
        axes.set_title(title)
        axes.set_ylim(0, max([*counts.values(), 1]) * 1.2)
        axes.yaxis.set_visible(False)
        axes.spines["left"].set_visible(False)
        return _svg(figure)


def rate_boxes(
    names: Sequence[str], rates: Sequence[Sequence[float]], title: str, axis: str
) -> str:
    """Per dimension, the spread of the regions' score rates (percent), with the mean."""
    from matplotlib.figure import Figure

    with _svg_style("dimensions"):
        height = 0.9 + 0.45 * len(names)
        figure = Figure(figsize=(6.5, height))
        axes = figure.add_subplot()
        positions = list(range(len(names), 0, -1))  # first dimension on top
        axes.boxplot(
            [list(r) for r in rates],
            positions=positions,
            orientation="horizontal",
            widths=0.55,
            showmeans=True,
            patch_artist=True,
            boxprops={"facecolor": "#bbdefb", "edgecolor": BAR_COLOUR},
            medianprops={"color": BAR_COLOUR},
            meanprops={"marker": "D", "markerfacecolor": "#c62828", "markeredgecolor": "none"},
        )
        axes.set_yticks(positions, labels=list(names))
        axes.set_xlim(0, 105)
        axes.set_xlabel(axis)
        axes.set_title(title)
        axes.grid(axis="x", alpha=0.3)
        return _svg(figure)


def heatmap(
    regions: Sequence[str], names: Sequence[str], rates: Sequence[Sequence[float]], title: str
) -> str:
    """Regions (rows) by dimensions (columns), each cell the score rate in percent."""
    from matplotlib.figure import Figure

    with _svg_style("heatmap"):
        figure = Figure(figsize=(1.6 + 1.1 * len(names), 1.0 + 0.26 * len(regions)))
        axes = figure.add_subplot()
        image = axes.imshow(
            [list(row) for row in rates], cmap="RdYlGn", vmin=40, vmax=100, aspect="auto"
        )
        axes.set_xticks(range(len(names)), labels=list(names), rotation=30, ha="right")
        axes.set_yticks(range(len(regions)), labels=list(regions))
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        for row, values in enumerate(rates):
            for column, value in enumerate(values):
                axes.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=7)
        figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
        axes.set_title(title)
        return _svg(figure)
