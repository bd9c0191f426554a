"""The published report: one self-contained HTML file (no scripts, no links to other files,
fonts or style sheets) with the ranking, charts as inline SVG, and each region's breakdown,
conditions, findings and consequences, in Chinese or English.

    results = qa.assess_many(scheme, submissions)
    qa.report.write_report(results, "report.html", lang="zh")

Over DETAIL_LIMIT (5,000) regions the report lists the ranking, without each region's
breakdown, and says so. It is written as it is rendered: memory holds one region at a time.

Everything shown comes from the results (the core's totals, grades and reasons); every string
from a scheme or submission is escaped.

Examples
--------
>>> import qualityassess as qa
>>> from qualityassess.sample import load_sample
>>> results = qa.assess_many("cn-2013", load_sample()["submissions"][:3])
>>> html = qa.report.render_report(results, "en", title="Quality work, 2019")
>>> html.startswith("<!DOCTYPE html>"), "<title>Quality work, 2019 · " in html, "北京市" in html
(True, True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ._files import PathLike, write_text_chunks
from ._i18n import Lang, check_lang, text, words
from .assessment import Result
from .display import charts as _charts
from .display.html import SchemeView, generate, iter_ranking_rows, result_view, scheme_view
from .display.plots import CHART_WORDS, dimension_ids
from .display.ranking import grade_changed
from .io._cohort import Cohort
from .io._issues import input_error
from .io.regions import rollup_table
from .scheme import Scheme

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DETAIL_LIMIT",
    "chart_nodes",
    "dimension_ids",
    "render_report",
    "report_chunks",
    "write_report",
]

# The most regions shown with their own breakdown; a larger cohort's report lists the ranking
# and says how it was cut (a 100,000-region report with breakdowns was 1.5 GB of HTML). The
# results workbook and JSON hold every region.
DETAIL_LIMIT = 5_000


def chart_nodes(scheme: Scheme) -> list[str]:
    """The ids of the nodes the report charts (:func:`dimension_ids`)."""
    return dimension_ids(scheme_view(scheme, "en"))


def _charts_for(cohort: Cohort, view: SchemeView, lang: str) -> list[Markup]:
    import numpy as np

    from .io.frame import ranked

    w = words(lang)
    c = CHART_WORDS[lang]
    summaries = cohort.summaries
    counts = _grade_counts(cohort, view)
    grade_alt = c["grades_alt"].format(
        title=w["distribution"],
        counts=c["sep"].join(
            c["grade_count"].format(grade=view.grade_text(g), count=n) for g, n in counts.items()
        ),
        total=len(summaries),
    )
    ticks = {g: view.grade_text(g) for g in counts}
    charts = [_charts.grade_bars(counts, ticks, w["distribution"], grade_alt, w["grade"])]
    points = {n["id"]: float(n["points"]) for n in view.nodes}
    # Informational points score nothing: they have no score rate to chart.
    scored = [i for i, d in enumerate(cohort.nodes) if points[d] > 0]
    dimensions = [cohort.nodes[i] for i in scored]
    names = [view.node_name(d) for d in dimensions]
    if dimensions:
        # Score rates in percent: region by dimension (one array, whatever the regions).
        rates = np.array([s.points for s in summaries], dtype=np.float64).reshape(
            len(summaries), len(cohort.nodes)
        )[:, scored]
        rates *= 100.0 / np.array([points[d] for d in dimensions])
        columns = [rates[:, i].tolist() for i in range(len(dimensions))]
        items = [
            c["box_item"].format(
                name=name,
                median=f"{np.median(column):.0f}",
                mean=f"{np.mean(column):.0f}",
                low=f"{min(column):.0f}",
                high=f"{max(column):.0f}",
            )
            for name, column in zip(names, columns, strict=True)
        ]
        boxes_alt = c["boxes_alt"].format(
            title=w["dimensions"], total=len(summaries), items=c["sep"].join(items)
        )
        legend = _charts.BoxWords(c["box"], c["median"], c["mean"], c["outlier"])
        charts.append(
            _charts.rate_boxes(
                names, columns, w["dimensions"], w["score_rate_axis"], boxes_alt, legend
            )
        )
        if len(summaries) <= _charts.HEATMAP_MAX_REGIONS:
            # Best first, as in the ranking (frame.ranked: the one ranking order).
            position = {id(s): i for i, s in enumerate(summaries)}
            order = [position[id(s)] for _, s in ranked(summaries, view.grades)]
            labels = [summaries[i].region_name or summaries[i].region_code for i in order]
            ordered = rates[order]
            low_row, low_column = np.unravel_index(int(np.argmin(ordered)), ordered.shape)
            heatmap_alt = c["heatmap_alt"].format(
                title=w["heatmap"],
                total=len(labels),
                columns=len(names),
                low_region=labels[int(low_row)],
                low_name=names[int(low_column)],
                low=f"{ordered[low_row, low_column]:.0f}",
            )
            charts.append(
                _charts.heatmap(
                    labels,
                    names,
                    ordered.tolist(),
                    w["heatmap"],
                    heatmap_alt,
                    w["score_rate_axis"],
                )
            )
    # matplotlib writes the SVG and escapes the text in it (the text alternative is escaped
    # by _charts); it is markup, not a user string.
    return [Markup(chart) for chart in charts]


def _grade_counts(cohort: Cohort, view: SchemeView) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(view.grades, 0)
    for summary in cohort.summaries:
        counts[summary.grade] = counts.get(summary.grade, 0) + 1
    return counts


def _cohort(results: Sequence[Result] | Cohort, view: SchemeView) -> Cohort:
    """``results`` as a cohort whose summaries hold the charted nodes' points."""
    dimensions = dimension_ids(view)
    if isinstance(results, Cohort):
        if results.nodes == dimensions:
            return results
        if results.results is None:
            raise ValueError("the cohort's summaries do not hold the report's chart nodes")
        results = results.results
    return Cohort.of(results[0].scheme, results, dimensions)


def _region_views(
    cohort: Cohort, view: SchemeView, lang: Lang, on_region: Callable[[], None] | None
) -> Iterator[dict[str, Any]]:
    """Each region's breakdown, made as the template reaches it (never all at once)."""
    if cohort.results is None:
        raise ValueError("per-region detail needs the cohort's full results")
    for index, result in enumerate(cohort.results, start=1):
        region = result_view(result, view, lang)
        region["anchor"] = f"region-{index}"
        yield region
        if on_region is not None:
            on_region()


def report_chunks(
    results: Sequence[Result] | Cohort,
    lang: Lang = "zh",
    *,
    title: str | None = None,
    note: str | Mapping[str, str] | None = None,
    status_note: str | None = None,
    on_region: Callable[[], None] | None = None,
    rollups: Sequence[pd.DataFrame] = (),
    detail_limit: int | None = None,
) -> Iterator[str]:
    """The report's HTML in pieces, rendered as they are asked for: memory holds one region's
    breakdown at a time, not the report. Arguments as :func:`render_report`."""
    lang = check_lang(lang)
    if not len(results):
        raise input_error(
            "nothing to report", [("results", "no results")], [("results", "没有考核结果")]
        )
    limit = DETAIL_LIMIT if detail_limit is None else detail_limit
    scheme = results.scheme if isinstance(results, Cohort) else results[0].scheme
    view = scheme_view(scheme, lang)
    cohort = _cohort(results, view)
    w = words(lang)
    count = len(cohort)
    cut = count > limit
    years = sorted({s.year for s in cohort.summaries})
    context: dict[str, Any] = {
        "lang": lang,
        "w": w,
        "s": view,
        "title": title or w["report_title"].format(year="/".join(str(y) for y in years)),
        "note": text(dict(note), lang) if isinstance(note, Mapping) else note,
        "status_note": status_note,
        "years": years,
        "regions_count": count,
        "rows": iter_ranking_rows(cohort.summaries, view, anchors=not cut),
        "reasons": any(grade_changed(s) for s in cohort.summaries),
        "detail_cut": w["detail_omitted"].format(count=f"{count:,}", limit=f"{limit:,}")
        if cut
        else "",
        "counts": _grade_counts(cohort, view),
        "vetoed": sum(1 for s in cohort.summaries if s.vetoed),
        "charts": _charts_for(cohort, view, lang),
        "regions": iter(()) if cut else _region_views(cohort, view, lang, on_region),
        "rollups": [rollup_table(frame, lang) for frame in rollups],
    }
    return generate("report.html.j2", **context)


def render_report(
    results: Sequence[Result] | Cohort,
    lang: Lang = "zh",
    *,
    title: str | None = None,
    note: str | Mapping[str, str] | None = None,
    status_note: str | None = None,
    on_region: Callable[[], None] | None = None,
    rollups: Sequence[pd.DataFrame] = (),
    detail_limit: int | None = None,
) -> str:
    """The report as HTML text. ``title`` replaces the default heading; ``note`` (e.g. that
    the data are synthetic; a text, or one per language as ``{"zh": ..., "en": ...}``, of
    which the report's language is shown) is shown under it. ``status_note`` (e.g. that the
    results are preliminary, not yet approved) is shown as a banner above the heading.
    ``on_region`` is called after each region's section is rendered (for a progress bar).
    ``rollups``: frames of :func:`qualityassess.roll_up` shown after the ranking (Art. 10: the
    levels together).
    Over ``detail_limit`` regions (default :data:`DETAIL_LIMIT`, 5,000) the report lists the
    ranking without per-region sections and says so."""
    return "".join(
        report_chunks(
            results,
            lang,
            title=title,
            note=note,
            status_note=status_note,
            on_region=on_region,
            rollups=rollups,
            detail_limit=detail_limit,
        )
    )


def write_report(
    results: Sequence[Result] | Cohort,
    path: PathLike,
    lang: Lang = "zh",
    *,
    title: str | None = None,
    note: str | Mapping[str, str] | None = None,
    status_note: str | None = None,
    on_region: Callable[[], None] | None = None,
    rollups: Sequence[pd.DataFrame] = (),
    detail_limit: int | None = None,
) -> Path:
    """Write the report (:func:`render_report`) to a file as it is rendered: memory holds one
    region at a time, and the file is replaced only once complete.

    Parameters
    ----------
    results : sequence of Result
        The cohort, e.g. :func:`qualityassess.assess_many`'s results.
    path : str or os.PathLike
        The HTML file to write (UTF-8).
    lang : {"zh", "en"}, default "zh"
        The report's language.
    title, note, status_note, on_region, rollups, detail_limit
        As for :func:`render_report`.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        No results, or ``lang`` is not ``"zh"`` or ``"en"``.
    OSError
        The file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> results = qa.assess_many("cn-2013", load_sample()["submissions"][:3])
    >>> path = qa.report.write_report(results, pathlib.Path(tempfile.mkdtemp()) / "2019.html")
    >>> path.name, "北京市" in path.read_text(encoding="utf-8")
    ('2019.html', True)
    """
    chunks = report_chunks(
        results,
        lang,
        title=title,
        note=note,
        status_note=status_note,
        on_region=on_region,
        rollups=rollups,
        detail_limit=detail_limit,
    )
    return write_text_chunks(path, chunks)
