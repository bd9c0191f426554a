"""Plots from Python (issue 17, part 2): ``results.plot.*`` and the analyses' ``plot()`` return
matplotlib Axes in the report's colours, with the scheme's grade labels, in rank order; Chinese
needs a CJK font and without one the plot falls back to English with one warning."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.container import BarContainer

import qualityassess as qa
from _fonts import needs_cjk_font
from qualityassess.analysis import Sensitivity, Uncertainty
from qualityassess.display import plots as _charts
from qualityassess.display.html import scheme_view


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_charts, "find_cjk_font", lambda: None)


@pytest.fixture
def cjk_font(monkeypatch: pytest.MonkeyPatch) -> str:
    """A font "found" for Chinese (DejaVu stands in: these tests do not draw the glyphs)."""
    monkeypatch.setattr(_charts, "find_cjk_font", lambda: "DejaVu Sans")
    return "DejaVu Sans"


@pytest.fixture(scope="module")
def results(sample_2019: dict[str, Any]) -> qa.Results:
    return qa.assess_many("cn-2013", sample_2019["submissions"])


def _frame(scheme: qa.Scheme, n: int = 10) -> pd.DataFrame:
    """``n`` regions with rates near their targets and levels at random (fixed seed)."""
    rng = np.random.default_rng(5)
    columns: dict[str, Any] = {"region": [f"R{i:02d}" for i in range(n)]}
    for leaf in scheme.leaf_ids[:3]:
        target = rng.uniform(88, 98, n).round(1)
        columns[f"{leaf}.target"] = target
        columns[f"{leaf}.self"] = (target + rng.uniform(-4, 2, n)).clip(0, 100).round(1)
    for leaf in scheme.leaf_ids[3:]:
        columns[f"{leaf}.self"] = rng.choice(["excellent", "good", "fair"], n)
    return pd.DataFrame(columns).set_index("region", drop=False)


@pytest.fixture(scope="module")
def analyses(cn2013: qa.Scheme) -> tuple[Uncertainty, Sensitivity]:
    frame = _frame(cn2013)
    vary = {"points": 0.15, "thresholds": 2.0}
    u = qa.uncertainty(cn2013, frame, n=120, seed=3, vary=vary, year=2019)
    s = qa.sensitivity(cn2013, frame, n=48, seed=3, vary=vary, year=2019, bootstrap=30)
    return u, s


def _ticks(labels: list[Any]) -> list[str]:
    return [label.get_text() for label in labels]


def _top_down(axes: Axes) -> list[str]:
    """The y tick labels from the top of the plot down."""
    ticks = sorted(
        zip(axes.get_yticks(), _ticks(axes.get_yticklabels()), strict=True), reverse=True
    )
    return [text for _, text in ticks]


def _texts(axes: Axes) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in axes.findobj(Text) if t.get_text()]


# ---- results.plot --------------------------------------------------------------------------


def test_ranking_is_one_bar_per_region_best_first(results: qa.Results, cjk_font: str) -> None:
    axes = results.plot.ranking(lang="en")
    assert isinstance(axes, Axes)
    bars = [c for c in axes.containers if isinstance(c, BarContainer)]
    assert len(bars) == 1 and len(bars[0]) == len(results) == 31
    ranking = results.ranking()
    assert _top_down(axes) == ranking["name"].tolist()
    widths = [bar.get_width() for bar in sorted(bars[0], key=lambda b: -b.get_y())]
    assert widths == pytest.approx(ranking["total"].tolist())
    # Each bar says its total and grade: the ranking reads without colour.
    assert "98.7 A" in _texts(axes) and "68.3 C" in _texts(axes)
    assert axes.get_title() == "Ranking" and axes.get_xlabel() == "Total"
    # Colours by grade from the one palette (best grade: the first colour).
    assert matplotlib.colors.to_hex(bars[0][0].get_facecolor()) == _charts.GRADE_COLOURS[0]


def test_plots_draw_on_the_axes_given(results: qa.Results, cjk_font: str) -> None:
    _, (left, right) = plt.subplots(1, 2)
    assert results.plot.grades(ax=left, lang="en") is left
    assert results.plot.ranking(ax=right, lang="en") is right
    assert len(plt.get_fignums()) == 1  # no figure of its own


def test_grades_are_every_grade_best_first_with_the_schemes_labels(
    results: qa.Results, cn2013: qa.Scheme, cjk_font: str
) -> None:
    for lang, title in (("en", "Grade distribution"), ("zh", "等级分布")):
        axes = results.plot.grades(lang=lang)
        view = scheme_view(cn2013, lang)
        assert _ticks(axes.get_xticklabels()) == [view.grade_text(g) for g in view.grades]
        heights = [bar.get_height() for bar in axes.containers[0]]
        assert heights == [4, 22, 5, 0]
        assert axes.get_title() == title


def test_dimensions_box_per_dimension_with_legend(
    results: qa.Results, cn2013: qa.Scheme, cjk_font: str
) -> None:
    from qualityassess.report import dimension_ids

    axes = results.plot.dimensions(lang="en")
    view = scheme_view(cn2013, "en")
    names = [view.node_name(d) for d in dimension_ids(view)]
    assert _top_down(axes) == names and len(names) == 5
    legend = axes.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()][1:3] == ["median", "mean"]
    assert axes.get_xlabel() == "Score rate (%)"


def test_lang_option_chooses_the_plots_language(results: qa.Results, cjk_font: str) -> None:
    with qa.option_context("lang", "en"):
        assert results.plot.grades().get_title() == "Grade distribution"
    with qa.option_context("lang", "zh"):
        assert results.plot.grades().get_title() == "等级分布"


def test_chinese_is_drawn_with_the_cjk_font_found(results: qa.Results, cjk_font: str) -> None:
    axes = results.plot.ranking(lang="zh")
    assert axes.get_title() == "考核结果排名" and "广东省" in _top_down(axes)[0]
    from matplotlib.text import Text

    families = {t.get_fontfamily()[0] for t in axes.findobj(Text) if t.get_text()}
    assert families == {cjk_font}


def test_without_a_cjk_font_one_warning_and_english(results: qa.Results, no_cjk_font: None) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        axes = results.plot.ranking(lang="zh")
        axes.figure.canvas.draw()  # no "Glyph missing" warnings either: nothing to draw boxes
    assert len(caught) == 1, [str(w.message) for w in caught]
    assert caught[0].category is UserWarning
    assert "fonts-noto-cjk" in str(caught[0].message)
    assert axes.get_title() == "Ranking"
    assert not [t for t in _texts(axes) if _charts.has_cjk(t)]
    assert _top_down(axes)[:2] == ["440000", "310000"]  # Chinese names by their codes


def test_without_a_cjk_font_english_needs_no_warning(
    results: qa.Results, no_cjk_font: None
) -> None:
    axes = results.plot.grades(lang="en")  # the scheme has English words: nothing to warn of
    axes.figure.canvas.draw()
    assert axes.get_title() == "Grade distribution"


def test_find_cjk_font_looks_in_matplotlibs_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    def entry(name: str) -> Any:
        return font_manager.FontEntry(fname=f"/fonts/{name}.ttc", name=name)

    find = _charts.find_cjk_font.__wrapped__
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [entry("DejaVu Sans")])
    assert find() is None
    fonts = [entry("DejaVu Sans"), entry("WenQuanYi Zen Hei"), entry("Noto Sans CJK SC")]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", fonts)
    assert find() == "Noto Sans CJK SC"  # the most wanted of those there


@needs_cjk_font
def test_the_installed_cjk_font_is_found_and_nothing_warns(results: qa.Results) -> None:
    """With a CJK font installed (scripts/setup.sh installs fonts-noto-cjk) matplotlib finds
    it: the plot is in Chinese, drawn with it, and no warning of a missing font or glyph."""
    from matplotlib import font_manager
    from matplotlib.text import Text

    found = _charts.find_cjk_font()
    assert found in _charts.CJK_FONTS, (
        "fontconfig has a CJK font but matplotlib's font list does not: the list was made "
        f"before the font was installed; delete it ({matplotlib.get_cachedir()})"
    )
    assert font_manager.findfont(found, fallback_to_default=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        axes = results.plot.ranking(lang="zh")
        axes.figure.canvas.draw()  # a glyph the font lacked would warn here
    assert [str(w.message) for w in caught] == []
    assert axes.get_title() == "考核结果排名" and "广东省" in _top_down(axes)[0]
    families = {t.get_fontfamily()[0] for t in axes.findobj(Text) if t.get_text()}
    assert families == {found}


def test_empty_results_cannot_be_plotted() -> None:
    with pytest.raises(ValueError, match="no results"):
        qa.Results().plot.ranking()


# ---- the analyses ------------------------------------------------------------------------


def test_uncertainty_rank_plot_in_rank_order(analyses: tuple[Uncertainty, Sensitivity]) -> None:
    u, _ = analyses
    axes = u.plot(lang="en")
    assert isinstance(axes, Axes)
    order = u.rank.sort_values("baseline", kind="stable").index.tolist()
    assert _top_down(axes) == order
    assert axes.get_xlabel() == "Rank" and axes.get_title() == "Rank under uncertainty"
    legend = axes.get_legend()
    assert legend is not None and len(legend.get_texts()) == 3
    assert _top_down(u.plot(lang="en", top=4)) == order[:4]


def test_uncertainty_grade_plot_stacks_each_grade(
    analyses: tuple[Uncertainty, Sensitivity],
) -> None:
    u, _ = analyses
    axes = u.plot(kind="grades", lang="en")
    bars = [c for c in axes.containers if isinstance(c, BarContainer)]
    assert len(bars) == len(u.grades.columns) == 4
    assert all(len(b) == len(u.grades) for b in bars)
    # Each region's row adds up to 1.
    totals: dict[float, float] = {}
    for container in bars:
        for bar in container:
            totals[bar.get_y()] = totals.get(bar.get_y(), 0.0) + bar.get_width()
    assert list(totals.values()) == pytest.approx([1.0] * len(u.grades))
    with pytest.raises(ValueError, match="kind"):
        u.plot(kind="pie")


def test_sensitivity_plot_has_both_indices_per_group(
    analyses: tuple[Uncertainty, Sensitivity], cjk_font: str
) -> None:
    _, s = analyses
    axes = s.plot(lang="en")
    bars = [c for c in axes.containers if isinstance(c, BarContainer)]
    assert len(bars) == 2 and all(len(b) == len(s.groups) for b in bars)
    assert _ticks(axes.get_xticklabels()) == ["points", "grade thresholds"]
    assert axes.get_ylabel() == "Sobol index"
    heights = [bar.get_height() for bar in bars[1]]
    assert heights == pytest.approx(s.indices["total"].tolist())
    chinese = s.plot(lang="zh")
    assert _ticks(chinese.get_xticklabels()) == ["分值", "等级分数线"]
    assert chinese.get_title() == "名次平均变动的敏感性"


def test_analysis_plots_fall_back_to_english_without_a_font(
    analyses: tuple[Uncertainty, Sensitivity], no_cjk_font: None
) -> None:
    u, s = analyses
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        axes = s.plot(lang="zh")
    assert axes.get_ylabel() == "Sobol index"
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        assert u.plot(lang="zh").get_xlabel() == "Rank"
