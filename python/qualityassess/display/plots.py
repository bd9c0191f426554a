"""Plots for notebooks and scripts, as matplotlib Axes: ``results.plot`` (:class:`ResultsPlot`)
and the pieces the analyses' plots are drawn with (a CJK font found or English labels instead,
the grade legend), in the report's colours (:mod:`.charts`)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .charts import GRADE_COLOURS, BoxWords, draw_grade_bars, draw_rate_boxes, grade_colour
from .html import SchemeView, scheme_view

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._i18n import Lang
    from ..assessment import Result
    from .html import SchemeView


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
    for bar, grade in zip(bars, grades, strict=True):
        bar.set_hatch(GRADE_HATCHES[min(place.get(grade, 0), len(GRADE_HATCHES) - 1)])
    axes.bar_label(
        bars,
        labels=[f"{t:.1f} {g}" for t, g in zip(totals, grades, strict=True)],
        padding=2,
        fontsize=8,
    )
    axes.set_yticks(positions, labels=list(labels))
    axes.set_xlim(0, max(max_total, max(totals, default=0.0)) * 1.12)
    axes.set_xlabel(words["total"])
    axes.set_title(words["ranking"])
    present = [g for g in scheme_grades if g in set(grades)]
    _grade_legend(axes, present, grade_labels, words["grade"])
    return axes


# The level of the indicator tree charted as "dimensions": the one with the most nodes, but no
# more than this many (cn-2013: the annex's five items).
MAX_DIMENSIONS = 12


def dimension_ids(view: SchemeView) -> list[str]:
    """Node ids of the tree level with the most nodes, up to MAX_DIMENSIONS; shallower wins
    a tie."""
    by_depth: dict[int, list[str]] = {}
    for node in view.nodes:
        by_depth.setdefault(int(node["depth"]), []).append(str(node["id"]))
    fitting = [ids for _, ids in sorted(by_depth.items()) if len(ids) <= MAX_DIMENSIONS]
    if not fitting:
        return by_depth.get(0, [])[:MAX_DIMENSIONS]
    return max(fitting, key=len)  # max keeps the first (shallowest) of equal lengths


# The charts' own words: legends and text alternatives (the chart titles are in _i18n).
CHART_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "box": "四分位距（中间一半地区）",
        "median": "中位数",
        "mean": "平均值",
        "outlier": "离群值",
        "grades_alt": "{title}：{counts}（共{total}个地区）",
        "grade_count": "{grade} {count}个",
        "boxes_alt": "{title}，{total}个地区：{items}",
        "box_item": "{name} 中位数{median}%、平均{mean}%、最低{low}%、最高{high}%",
        "heatmap_alt": (
            "{title}，{total}个地区按排名自上而下，{columns}项；颜色越亮得分率越高，格中数字为"
            "得分率（%）。最低：{low_region}的{low_name} {low}%。各地区的数值另见其分项表。"
        ),
        "sep": "；",
    },
    "en": {
        "box": "interquartile range (middle half)",
        "median": "median",
        "mean": "mean",
        "outlier": "outlier",
        "grades_alt": "{title}: {counts} ({total} regions)",
        "grade_count": "{grade} {count}",
        "boxes_alt": "{title}, {total} regions: {items}",
        "box_item": "{name} median {median}%, mean {mean}%, lowest {low}%, highest {high}%",
        "heatmap_alt": (
            "{title}: {total} regions in rank order from the top, {columns} dimensions; "
            "lighter is a higher score rate, each cell gives the rate in percent. Lowest: "
            "{low_region}, {low_name}, {low}%. Each region's values are also in its breakdown."
        ),
        "sep": "; ",
    },
}


class ResultsPlot:
    """``results.plot``: a cohort's charts as matplotlib Axes, like ``DataFrame.plot``.
    Each method takes ``ax`` (draw there instead of on a new figure) and ``lang`` (``"zh"``
    or ``"en"``; default the ``lang`` option, :func:`qualityassess.set_option`)."""

    def __init__(self, results: Sequence[Result]) -> None:
        self._results = results

    def _setup(self, lang: str | None, texts: Iterable[str]) -> tuple[PlotText, SchemeView]:
        from ..options import lang_option

        if not self._results:
            raise ValueError("no results to plot")
        wanted = lang_option(lang)
        scheme = self._results[0].scheme
        view = scheme_view(scheme, wanted)
        scheme_texts = [*(n["name"] for n in view.nodes), *view.grade_labels.values()]
        text = plot_text(wanted, [*texts, *scheme_texts])
        return text, view if text.lang == wanted else scheme_view(scheme, text.lang)

    def ranking(self, ax: Axes | None = None, lang: Lang | None = None) -> Axes:
        """The totals best first (the ranking's order), bars coloured and hatched by grade
        and ending with the total and grade."""
        from .._i18n import words
        from .ranking import ranked

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

    def grades(self, ax: Axes | None = None, lang: Lang | None = None) -> Axes:
        """Regions per grade, every grade of the scheme, best first."""
        from .._i18n import words

        text, view = self._setup(lang, ())
        counts: dict[str, int] = dict.fromkeys(view.grades, 0)
        for result in self._results:
            counts[result.grade] = counts.get(result.grade, 0) + 1
        labels = {g: text.label(view.grade_text(g), g) for g in counts}
        w = words(text.lang)
        axes = new_axes(ax, (5.0, 3.0))
        draw_grade_bars(axes, counts, labels, w["distribution"], w["grade"])
        return finish(axes, text)

    def dimensions(self, ax: Axes | None = None, lang: Lang | None = None) -> Axes:
        """Per dimension (the level of the tree the report charts), the spread of the
        regions' score rates, with the median, mean and outliers in a legend."""
        from .._i18n import words

        text, view = self._setup(lang, ())
        dimensions = dimension_ids(view)
        points = {n["id"]: float(n["points"]) for n in view.nodes}
        nodes = [r.nodes for r in self._results]
        rates = [
            [100.0 * n.get(d, 0.0) / points[d] if points[d] else 0.0 for n in nodes]
            for d in dimensions
        ]
        names = [text.label(view.node_name(d), d) for d in dimensions]
        w, c = words(text.lang), CHART_WORDS[text.lang]
        legend = BoxWords(c["box"], c["median"], c["mean"], c["outlier"])
        axes = new_axes(ax, (7.0, 1.6 + 0.5 * len(names)))
        handles = draw_rate_boxes(axes, names, rates, w["dimensions"], w["score_rate_axis"], legend)
        axes.legend(
            handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2,
            frameon=False, fontsize=8,
        )  # fmt: skip
        return finish(axes, text)
