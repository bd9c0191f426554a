"""Every chart reads without colour (issue 17, "Done when"): what a chart tells apart by colour
(grades, series, the parts of a box plot) it tells apart by something else too (a label, a
hatch, a marker or a line style), and the report's SVG charts carry a text alternative. Seen
in grey, or by a reader who does not tell the palette's colours apart, nothing is lost."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

import qualityassess as qa
from qualityassess import report
from qualityassess.analysis import Sensitivity, Uncertainty
from qualityassess.display import plots

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _a_font(monkeypatch: pytest.MonkeyPatch) -> None:
    # DejaVu stands in for a CJK font: what is compared here is not drawn.
    monkeypatch.setattr(plots, "find_cjk_font", lambda: "DejaVu Sans")


@pytest.fixture(scope="module")
def results(sample_2019: dict[str, Any]) -> qa.Results:
    return qa.assess_many("cn-2013", sample_2019["submissions"])


@pytest.fixture(scope="module")
def analyses(cn2013: qa.Scheme) -> tuple[Uncertainty, Sensitivity]:
    rng = np.random.default_rng(11)
    n = 8
    columns: dict[str, Any] = {"region": [f"R{i}" for i in range(n)]}
    for leaf in cn2013.leaf_ids[:3]:
        target = rng.uniform(88, 98, n).round(1)
        columns[f"{leaf}.target"] = target
        columns[f"{leaf}.self"] = (target + rng.uniform(-4, 2, n)).clip(0, 100).round(1)
    for leaf in cn2013.leaf_ids[3:]:
        columns[f"{leaf}.self"] = rng.choice(["excellent", "good", "fair"], n)
    frame = pd.DataFrame(columns).set_index("region", drop=False)
    vary = {"points": 0.15, "thresholds": 2.0}
    u = qa.uncertainty(cn2013, frame, n=60, seed=4, vary=vary, year=2019)
    s = qa.sensitivity(cn2013, frame, n=16, seed=4, vary=vary, year=2019, bootstrap=10)
    return u, s


def _without_colour(artist: Artist) -> tuple[Any, ...]:
    """What tells ``artist`` (a legend handle or a bar) apart once its colours are gone."""
    if isinstance(artist, Line2D):
        marker = artist.get_marker() if artist.get_marker() not in ("", "None", None) else ""
        return ("line", marker, artist.get_linestyle() if artist.get_linewidth() > 0 else "")
    if isinstance(artist, Patch):
        return ("patch", artist.get_hatch() or "")
    return (type(artist).__name__,)


def _tell_apart(handles: Sequence[Artist]) -> None:
    keys = [_without_colour(h) for h in handles]
    assert len(set(keys)) == len(keys), keys


def _legend_handles(axes: Axes) -> list[Artist]:
    legend = axes.get_legend() or (axes.figure.legends[0] if axes.figure.legends else None)
    assert legend is not None, "a legend says what the marks are"
    return list(legend.legend_handles)


def _texts(axes: Axes) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in axes.findobj(Text) if t.get_text()]


# ---- the report's SVG charts --------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reports_charts_have_text_and_a_text_alternative(
    results: qa.Results, lang: str
) -> None:
    html = report.render_report(results, lang)
    charts = [ET.fromstring(s) for s in re.findall(r"<svg.*?</svg>", html, re.S)]
    assert len(charts) == 3
    for svg in charts:
        title = svg.find(f"{SVG}title")
        assert svg.get("role") == "img" and title is not None and len(title.text or "") > 20
    grades, _, heatmap = charts
    texts = ["".join(t.itertext()) for t in grades.iter(f"{SVG}text")]
    # Each grade's bar is named under it and counted above it: no legend by colour needed.
    for grade, count in results.grade_counts().items():
        assert grade in texts and str(count) in texts
    # Every heatmap cell says its score rate (31 regions by 5 dimensions).
    numbers = [t for t in heatmap.iter(f"{SVG}text") if re.fullmatch(r"\d+", "".join(t.itertext()))]
    assert len(numbers) >= 31 * 5


# ---- results.plot and the analyses' plot() --------------------------------------------------


def test_ranking_bars_are_hatched_and_labelled_by_grade(results: qa.Results) -> None:
    axes = results.plot.ranking(lang="en")
    (bars,) = [c for c in axes.containers if isinstance(c, BarContainer)]
    hatch_of: dict[str, set[str]] = {}
    for bar, (_, row) in zip(bars, results.ranking().iterrows(), strict=True):
        hatch_of.setdefault(str(row["grade"]), set()).add(bar.get_hatch() or "")
    assert all(len(h) == 1 for h in hatch_of.values())  # one hatch a grade
    assert len({h.pop() for h in hatch_of.values()}) == len(hatch_of)  # each its own
    assert "98.7 A" in _texts(axes)  # and each bar says its total and grade
    _tell_apart(_legend_handles(axes))


def test_grade_bars_name_and_count_each_grade(results: qa.Results) -> None:
    axes = results.plot.grades(lang="en")
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert len(ticks) == len(set(ticks)) == 4 and all(ticks)
    assert {"4", "22", "5", "0"} <= set(_texts(axes))


def test_box_plot_parts_differ_by_shape(results: qa.Results) -> None:
    _tell_apart(_legend_handles(results.plot.dimensions(lang="en")))


def test_uncertainty_plots_read_without_colour(analyses: tuple[Uncertainty, Sensitivity]) -> None:
    u, _ = analyses
    ranks = u.plot(lang="en")
    handles = _legend_handles(ranks)
    assert len(handles) == 3
    _tell_apart(handles)  # the interval's line, the median's dot, the rank's diamond
    grades = u.plot(kind="grades", lang="en")
    _tell_apart(_legend_handles(grades))  # each grade its own hatch


def test_sensitivity_indices_differ_by_hatch(analyses: tuple[Uncertainty, Sensitivity]) -> None:
    _, s = analyses
    _tell_apart(_legend_handles(s.plot(lang="en")))
