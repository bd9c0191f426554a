"""The published report: one self-contained HTML file (no scripts, no links to other files,
fonts or style sheets) with the ranking, charts as inline SVG, and each region's breakdown,
conditions, findings and consequences, in Chinese or English.

    results = qa.assess_many(scheme, submissions)
    qa.report.write_report(results, "report.html", lang="zh")

Everything shown comes from the results (the core's totals, grades and reasons); every string
from a scheme or submission is escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import _charts
from ._files import PathLike, write_text_atomic
from ._html import SchemeView, ranking_rows, render, result_view, scheme_view
from ._i18n import check_lang, words
from ._issues import input_error
from .assessment import Result
from .regions import rollup_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["dimension_ids", "render_report", "write_report"]

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


def _charts_for(results: Sequence[Result], view: SchemeView, lang: str) -> list[Markup]:
    w = words(lang)
    counts: dict[str, int] = dict.fromkeys(view.grades, 0)
    for result in results:
        counts[result.grade] = counts.get(result.grade, 0) + 1
    charts = [_charts.grade_bars(counts, view.grade_labels, w["distribution"])]
    dimensions = dimension_ids(view)
    points = {n["id"]: float(n["points"]) for n in view.nodes}
    names = [view.node_name(d) for d in dimensions]
    # Score rates in percent: region by dimension.
    rates = [[100.0 * r.nodes.get(d, 0.0) / points[d] for d in dimensions] for r in results]
    if dimensions:
        columns = [[row[i] for row in rates] for i in range(len(dimensions))]
        charts.append(_charts.rate_boxes(names, columns, w["dimensions"], w["score_rate_axis"]))
        if len(results) <= _charts.HEATMAP_MAX_REGIONS:
            labels = [r.region_name or r.region_code for r in results]
            charts.append(_charts.heatmap(labels, names, rates, w["heatmap"]))
    # matplotlib writes the SVG and escapes the text in it; it is markup, not a user string.
    return [Markup(chart) for chart in charts]


def render_report(
    results: Sequence[Result],
    lang: str = "zh",
    *,
    title: str | None = None,
    note: str | None = None,
    status_note: str | None = None,
    on_region: Callable[[], None] | None = None,
    rollups: Sequence[pd.DataFrame] = (),
) -> str:
    """The report as HTML text. ``title`` replaces the default heading; ``note`` (e.g. that
    the data are synthetic) is shown under it. ``status_note`` (e.g. that the results are
    preliminary, not yet approved) is shown as a banner above the heading. ``on_region`` is
    called after each region's section is rendered (for a progress bar). ``rollups``: frames
    of :func:`qualityassess.roll_up` shown after the ranking (Art. 10: the levels together)."""
    lang = check_lang(lang)
    if not results:
        raise input_error("nothing to report", [("results", "no results")])
    view = scheme_view(results[0].scheme, lang)
    w = words(lang)
    ranking = ranking_rows(results, view)
    sections = []
    for index, result in enumerate(results, start=1):
        region = result_view(result, view, lang)
        region["anchor"] = f"region-{index}"
        sections.append(region)
        if on_region is not None:
            on_region()
    counts: dict[str, int] = dict.fromkeys(view.grades, 0)
    for result in results:
        counts[result.grade] = counts.get(result.grade, 0) + 1
    years = sorted({r.year for r in results})
    context: dict[str, Any] = {
        "lang": lang,
        "w": w,
        "s": view,
        "title": title or w["report_title"].format(year="/".join(str(y) for y in years)),
        "note": note,
        "status_note": status_note,
        "years": years,
        "rows": ranking,
        "counts": counts,
        "vetoed": sum(1 for r in results if r.vetoed),
        "charts": _charts_for(results, view, lang),
        "regions": sections,
        "rollups": [rollup_table(frame, lang) for frame in rollups],
    }
    return render("report.html.j2", **context)


def write_report(
    results: Sequence[Result],
    path: PathLike,
    lang: str = "zh",
    *,
    title: str | None = None,
    note: str | None = None,
    status_note: str | None = None,
    on_region: Callable[[], None] | None = None,
    rollups: Sequence[pd.DataFrame] = (),
) -> Path:
    """Write :func:`render_report` to ``path`` (UTF-8), replacing it only once complete."""
    html = render_report(
        results,
        lang,
        title=title,
        note=note,
        status_note=status_note,
        on_region=on_region,
        rollups=rollups,
    )
    return write_text_atomic(path, html)
