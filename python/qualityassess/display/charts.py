"""Charts for the HTML report, drawn with matplotlib as inline SVG.

Text stays text (``svg.fonttype: none``): the browser draws the Chinese glyphs with its own
fonts, so no font file is embedded or needed. Figures are made with ``matplotlib.figure.Figure``
directly (no pyplot, no global backend state) and are deterministic (fixed hash salt, no date)."""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ._html import SchemeView
    from .analysis import Sensitivity, Uncertainty
    from .assessment import Result

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


def _svg(figure: Figure, alt: str, name: str) -> str:
    """The figure as inline SVG whose text alternative is ``alt``: the root is an image
    (``role="img"``) named by its first child, a ``<title>`` (``id`` ``chart-NAME-title``,
    shown as a tooltip too). The text is a text node, never an attribute's value: it may hold
    a region's or a scheme's words."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # inline: no XML declaration or DOCTYPE
    opening = text.index(">") + 1
    title = f"chart-{name}-title"
    return (
        f'<svg role="img" aria-labelledby="{title}"{text[4:opening]}'
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


# ---- plots for notebooks and scripts: matplotlib Axes ------------------------------------------
#
# ``results.plot.ranking()`` and the analyses' ``plot()`` draw on a caller's Axes (``ax=``, as
# pandas does) or on a new pyplot figure (shown inline by a notebook), with the colours and
# grade labels of the report. Unlike the report's SVG, whose text the browser draws, these are
# drawn by matplotlib with its own fonts: Chinese needs a CJK font installed.

# Families with the Chinese glyphs, most wanted first: Debian's fonts-noto-cjk and
# fonts-wqy-*, then those of macOS and Windows.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Microsoft YaHei",
    "SimHei",
    "SimSun",
)
CJK_FONT_PACKAGE = "fonts-noto-cjk"  # Debian and Ubuntu
_CJK = re.compile(
    "[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)
# Hatching by a grade's place, so that grades read apart without colour too.
GRADE_HATCHES = ["", "//", "..", "xx", "\\\\", "++"]


def has_cjk(text: str) -> bool:
    """Whether ``text`` has Chinese (or Japanese, Korean) characters or full-width forms."""
    return _CJK.search(text) is not None


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """The first family of :data:`CJK_FONTS` that matplotlib knows, or ``None``."""
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FONTS if family in known), None)


@dataclass(frozen=True)
class PlotText:
    """The language a plot is labelled in and the font family that draws it (``None``:
    matplotlib's default)."""

    lang: str
    font: str | None

    @property
    def fallback(self) -> bool:
        """Whether Chinese had to give way to English (no CJK font)."""
        return self.font is None and self.lang == "en"

    def label(self, text: str, instead: str) -> str:
        """``text``, or ``instead`` when ``text`` needs a CJK font that is not there."""
        return instead if self.font is None and has_cjk(text) else text


def plot_text(lang: str, texts: Iterable[str] = ()) -> PlotText:
    """How to label a plot in ``lang`` whose data holds ``texts`` (region names, a scheme's
    words): with a CJK font when Chinese is wanted or present and one is installed; otherwise
    in English, with one ``UserWarning`` saying how to install a font, rather than boxes."""
    if lang != "zh" and not any(has_cjk(t) for t in texts):
        return PlotText(lang, None)
    font = find_cjk_font()
    if font is not None:
        return PlotText(lang, font)
    warnings.warn(
        "qualityassess: no CJK font found for matplotlib (looked for Noto Sans CJK, WenQuanYi "
        "and others), so this plot is labelled in English and Chinese names are shown by their "
        f"codes. To draw Chinese, install a CJK font (Debian/Ubuntu: `sudo apt-get install "
        f"{CJK_FONT_PACKAGE}`), delete matplotlib's font cache (matplotlib.get_cachedir()) and "
        "restart Python.",
        UserWarning,
        stacklevel=4,
    )
    return PlotText("en", None)


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new pyplot figure of ``size`` inches (a notebook shows it)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(figsize=size, layout="constrained")
    return axes


def finish(axes: Axes, text: PlotText) -> Axes:
    """Every text of ``axes`` (titles, ticks, legend) drawn with ``text``'s CJK font, falling
    back to matplotlib's default font for what it lacks."""
    from matplotlib.text import Text

    if text.font is not None:
        for item in axes.findobj(Text):
            item.set_fontfamily([text.font, "sans-serif"])
    return axes


def _tall(rows: int) -> tuple[float, float]:
    return 7.0, min(0.8 + 0.28 * max(rows, 1), 40.0)


def _grade_legend(axes: Axes, grades: Sequence[str], labels: dict[str, str], title: str) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(
            facecolor=grade_colour(i),
            edgecolor="#1f2933",
            hatch=GRADE_HATCHES[min(i, len(GRADE_HATCHES) - 1)],
            label=labels.get(g, g),
        )
        for i, g in enumerate(grades)
    ]
    axes.legend(
        handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0),
        fontsize=8, title_fontsize=8, frameon=False,
    )  # fmt: skip


def plot_ranking(
    axes: Axes,
    labels: Sequence[str],
    totals: Sequence[float],
    grades: Sequence[str],
    scheme_grades: Sequence[str],
    grade_labels: dict[str, str],
    words: dict[str, str],
    max_total: float,
) -> Axes:
    """Horizontal bars of the totals, best first on top, coloured and hatched by grade, each
    ending with its total and grade (readable without colour)."""
    positions = list(range(len(labels), 0, -1))
    place = {g: i for i, g in enumerate(scheme_grades)}
    bars = axes.barh(
        positions,
        list(totals),
        color=[grade_colour(place.get(g, len(GRADE_COLOURS))) for g in grades],
        edgecolor="#1f2933",
        linewidth=0.5,
    )
    for bar, grade in zip(bars, grades):
        bar.set_hatch(GRADE_HATCHES[min(place.get(grade, 0), len(GRADE_HATCHES) - 1)])
    axes.bar_label(
        bars, labels=[f"{t:.1f} {g}" for t, g in zip(totals, grades)], padding=2, fontsize=8
    )
    axes.set_yticks(positions, labels=list(labels))
    axes.set_xlim(0, max(max_total, max(totals, default=0.0)) * 1.12)
    axes.set_xlabel(words["total"])
    axes.set_title(words["ranking"])
    present = [g for g in scheme_grades if g in set(grades)]
    _grade_legend(axes, present, grade_labels, words["grade"])
    return axes


def plot_uncertainty_ranks(
    axes: Axes,
    labels: Sequence[str],
    baseline: Sequence[float],
    low: Sequence[float],
    median: Sequence[float],
    high: Sequence[float],
    words: dict[str, str],
) -> Axes:
    """Per region (best first on top): its rank's 5th to 95th percentile as a line, the median
    as a dot and the rank as assessed as a diamond; rank 1 on the left."""
    positions = list(range(len(labels), 0, -1))
    axes.hlines(
        positions, list(low), list(high), color=BAR_COLOUR, linewidth=3, alpha=0.6,
        label=words["percentile_range"],
    )  # fmt: skip
    axes.plot(list(median), positions, "o", color=BAR_COLOUR, markersize=5, label=words["median"])
    axes.plot(
        list(baseline), positions, "D", color=MEAN_COLOUR, markersize=5, fillstyle="none",
        label=words["as_assessed"],
    )  # fmt: skip
    axes.set_yticks(positions, labels=list(labels))
    axes.set_xlim(0.5, max([*high, *baseline, 1.0]) + 0.5)
    axes.set_xlabel(words["rank"])
    axes.set_title(words["rank_uncertainty"])
    axes.grid(axis="x", alpha=0.3)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3, fontsize=8, frameon=False)
    return axes


def plot_grade_probabilities(
    axes: Axes,
    labels: Sequence[str],
    probabilities: Sequence[Sequence[float]],
    grades: Sequence[str],
    words: dict[str, str],
) -> Axes:
    """Per region (rows, first on top), the probability of each grade as stacked bars,
    coloured and hatched by grade, best grade on the left."""
    positions = list(range(len(labels), 0, -1))
    left = [0.0] * len(labels)
    for i, grade in enumerate(grades):
        widths = [float(row[i]) for row in probabilities]
        axes.barh(
            positions,
            widths,
            left=left,
            color=grade_colour(i),
            hatch=GRADE_HATCHES[min(i, len(GRADE_HATCHES) - 1)],
            edgecolor="#1f2933",
            linewidth=0.4,
            label=grade,
        )
        left = [a + b for a, b in zip(left, widths)]
    axes.set_yticks(positions, labels=list(labels))
    axes.set_xlim(0, 1)
    axes.set_xlabel(words["probability"])
    axes.set_title(words["grade_probability"])
    axes.legend(
        title=words["grade"], loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
        title_fontsize=8, frameon=False,
    )  # fmt: skip
    return axes


def plot_sobol(
    axes: Axes,
    groups: Sequence[str],
    first: Sequence[float],
    total: Sequence[float],
    intervals: tuple[Sequence[float], Sequence[float], Sequence[float], Sequence[float]] | None,
    words: dict[str, str],
    title: str,
) -> Axes:
    """Per input group, the first-order (solid) and total (hatched) Sobol indices side by
    side, with their 95% bootstrap intervals when given."""
    positions = list(range(len(groups)))
    width = 0.38
    for offset, values, name, hatch, colour, bounds in (
        (-width / 2, first, words["first_order"], "", BAR_COLOUR,
         intervals[:2] if intervals else None),
        (width / 2, total, words["total_index"], "//", "#56b4e9",
         intervals[2:] if intervals else None),
    ):  # fmt: skip
        heights = [0.0 if math.isnan(v) else float(v) for v in values]
        error = None
        if bounds is not None:
            error = [
                [max(h - float(lo), 0.0) for h, lo in zip(heights, bounds[0])],
                [max(float(hi) - h, 0.0) for h, hi in zip(heights, bounds[1])],
            ]
        axes.bar(
            [p + offset for p in positions],
            heights,
            width,
            yerr=error,
            capsize=3,
            color=colour,
            hatch=hatch,
            edgecolor="#1f2933",
            linewidth=0.5,
            label=name,
        )
    axes.set_xticks(positions, labels=list(groups))
    axes.axhline(0, color="#1f2933", linewidth=0.6)
    axes.set_ylabel(words["sobol_index"])
    axes.set_title(title)
    axes.legend(fontsize=8)
    return axes


class ResultsPlot:
    """``results.plot``: a cohort's charts as matplotlib Axes, like ``DataFrame.plot``.
    Each method takes ``ax`` (draw there instead of on a new figure) and ``lang`` (``"zh"``
    or ``"en"``; default the ``lang`` option, :func:`qualityassess.set_option`)."""

    def __init__(self, results: Sequence[Result]) -> None:
        self._results = results

    def _setup(self, lang: str | None, texts: Iterable[str]) -> tuple[PlotText, SchemeView]:
        from ._html import scheme_view
        from .options import lang_option

        if not self._results:
            raise ValueError("no results to plot")
        wanted = lang_option(lang)
        scheme = self._results[0].scheme
        view = scheme_view(scheme, wanted)
        scheme_texts = [*(n["name"] for n in view.nodes), *view.grade_labels.values()]
        text = plot_text(wanted, [*texts, *scheme_texts])
        return text, view if text.lang == wanted else scheme_view(scheme, text.lang)

    def ranking(self, ax: Axes | None = None, lang: str | None = None) -> Axes:
        """The totals best first (the ranking's order), bars coloured and hatched by grade
        and ending with the total and grade."""
        from ._i18n import words
        from .frame import ranked

        text, view = self._setup(lang, (r.region_name for r in self._results))
        order = [r for _, r in ranked(self._results, view.grades)]
        names = [text.label(r.region_name or r.region_code, r.region_code) for r in order]
        axes = new_axes(ax, _tall(len(order)))
        plot_ranking(
            axes,
            names,
            [r.total for r in order],
            [r.grade for r in order],
            view.grades,
            {g: view.grade_text(g) for g in view.grades},
            words(text.lang),
            view.max_total,
        )
        return finish(axes, text)

    def grades(self, ax: Axes | None = None, lang: str | None = None) -> Axes:
        """Regions per grade, every grade of the scheme, best first."""
        from ._i18n import words

        text, view = self._setup(lang, ())
        counts: dict[str, int] = dict.fromkeys(view.grades, 0)
        for result in self._results:
            counts[result.grade] = counts.get(result.grade, 0) + 1
        labels = {g: text.label(view.grade_text(g), g) for g in counts}
        w = words(text.lang)
        axes = new_axes(ax, (5.0, 3.0))
        draw_grade_bars(axes, counts, labels, w["distribution"], w["grade"])
        return finish(axes, text)

    def dimensions(self, ax: Axes | None = None, lang: str | None = None) -> Axes:
        """Per dimension (the level of the tree the report charts), the spread of the
        regions' score rates, with the median, mean and outliers in a legend."""
        from ._i18n import words
        from .report import _CHART_WORDS, dimension_ids

        text, view = self._setup(lang, ())
        dimensions = dimension_ids(view)
        points = {n["id"]: float(n["points"]) for n in view.nodes}
        nodes = [r.nodes for r in self._results]
        rates = [
            [100.0 * n.get(d, 0.0) / points[d] if points[d] else 0.0 for n in nodes]
            for d in dimensions
        ]
        names = [text.label(view.node_name(d), d) for d in dimensions]
        w, c = words(text.lang), _CHART_WORDS[text.lang]
        legend = BoxWords(c["box"], c["median"], c["mean"], c["outlier"])
        axes = new_axes(ax, (7.0, 1.6 + 0.5 * len(names)))
        handles = draw_rate_boxes(axes, names, rates, w["dimensions"], w["score_rate_axis"], legend)
        axes.legend(
            handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2,
            frameon=False, fontsize=8,
        )  # fmt: skip
        return finish(axes, text)


def _index_labels(index: Iterable[Any], text: PlotText) -> list[str]:
    """An analysis table's index as row labels; a label that needs a missing CJK font is
    given as its row number instead."""
    return [text.label(str(key), f"#{i + 1}") for i, key in enumerate(index)]


def uncertainty_plot(
    u: Uncertainty, kind: str, ax: Axes | None, lang: str | None, top: int | None
) -> Axes:
    """:meth:`Uncertainty.plot`: ``kind`` ``"rank"`` (rank intervals) or ``"grades"``
    (probability of each grade), regions in the order of their rank as assessed, the best
    ``top`` of them (all when ``None``)."""
    from ._i18n import words
    from .options import lang_option

    if kind not in ("rank", "grades"):
        raise ValueError(f"kind must be 'rank' or 'grades', not {kind!r}")
    order = u.rank.sort_values("baseline", kind="stable").index
    if top is not None:
        order = order[: max(int(top), 0)]
    text = plot_text(lang_option(lang), (str(key) for key in order))
    labels = _index_labels(order, text)
    w = words(text.lang)
    axes = new_axes(ax, _tall(len(labels)))
    if kind == "rank":
        rank = u.rank.loc[order]
        plot_uncertainty_ranks(
            axes,
            labels,
            rank["baseline"].tolist(),
            rank["p5"].tolist(),
            rank["p50"].tolist(),
            rank["p95"].tolist(),
            w,
        )
    else:
        grades = [str(g) for g in u.grades.columns]
        plot_grade_probabilities(axes, labels, u.grades.loc[order].to_numpy().tolist(), grades, w)
    return finish(axes, text)


def sensitivity_plot(s: Sensitivity, ax: Axes | None, lang: str | None) -> Axes:
    """:meth:`Sensitivity.plot`: first-order and total indices per group of inputs."""
    from ._i18n import words
    from .options import lang_option

    text = plot_text(lang_option(lang))
    w = words(text.lang)
    table = s.indices
    groups = [w.get(f"group.{g}", str(g)) for g in table.index]
    intervals = None
    if "first_order_low" in table.columns:
        intervals = (
            table["first_order_low"].tolist(),
            table["first_order_high"].tolist(),
            table["total_low"].tolist(),
            table["total_high"].tolist(),
        )
    title = w["sensitivity_of"].format(output=w.get(s.output, s.output))
    axes = new_axes(ax, (1.6 + 1.3 * max(len(groups), 1), 3.4))
    plot_sobol(
        axes,
        groups,
        table["first_order"].tolist(),
        table["total"].tolist(),
        intervals,
        w,
        title,
    )
    return finish(axes, text)
