"""The notebook views of the analyses (:class:`qualityassess.analysis.Uncertainty` and
``Sensitivity``) as HTML and text, in the words and templates of the results' views."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._i18n import words
from ..options import lang_option
from .charts import BAR_COLOUR, MEAN_COLOUR, grade_colour
from .html import SchemeView, render
from .plots import GRADE_HATCHES, _tall, finish, new_axes, plot_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..analysis import Sensitivity, Uncertainty

__all__ = [
    "sensitivity_html",
    "sensitivity_plot",
    "sensitivity_text",
    "uncertainty_html",
    "uncertainty_plot",
    "uncertainty_text",
]

# The most regions an Uncertainty's notebook view lists (``summary()`` has them all).
REPR_MAX_ROWS = 100


def _grades_only(grades: Sequence[str]) -> SchemeView:
    """A view that knows only a scheme's grades (best first): for the grade badges of an
    analysis, which keeps the grades but not the scheme."""
    return SchemeView(
        id="", name="", version="", max_total=0.0, digits=2, grades=list(grades),
        grade_labels={}, nodes=[],
    )  # fmt: skip


def _number(value: Any) -> float | None:
    """A float, or ``None`` for NaN (shown empty)."""
    number = float(value)
    return None if number != number else number


def _varied(vary: dict[str, float], lang: str) -> str:
    """What an analysis varied, in words: "points ±10%, grade thresholds ±2 points"."""
    w = words(lang)
    unit = "分" if lang == "zh" else " points"
    amounts = {
        "points": lambda v: f"±{v * 100:g}%",
        "per_point": lambda v: f"±{v * 100:g}%",
        "thresholds": lambda v: f"±{v:g}{unit}",
    }
    parts = [
        f"{w.get(f'group.{k}', k)} {amounts.get(k, lambda v: f'{v:g}')(v)}" for k, v in vary.items()
    ]
    return w["sep"].join(parts) or w["none"]


def _uncertainty_rows(u: Uncertainty) -> list[dict[str, Any]]:
    """Per region in the order of its rank as assessed (by position: an index may repeat):
    the numbers of its row."""
    import numpy as np

    rank = u.rank.to_numpy(dtype=np.float64)  # baseline, p5, p50, p95
    total = u.total.to_numpy(dtype=np.float64)
    probability = u.grades.to_numpy(dtype=np.float64)
    grades = [str(g) for g in u.grades.columns]
    baseline = [str(g) for g in u.baseline_grade.tolist()]
    keys = [str(k) for k in u.rank.index.tolist()]
    rows = []
    for i in np.argsort(rank[:, 0], kind="stable").tolist():
        grade = baseline[i]
        rows.append(
            {
                "region": keys[i],
                "rank": int(rank[i, 0]),
                "grade": grade,
                "p_grade": float(probability[i, grades.index(grade)]) if grade in grades else 0.0,
                "likeliest": grades[int(np.argmax(probability[i]))] if grades else "",
                "rank_low": f"{rank[i, 1]:g}",
                "rank_high": f"{rank[i, 3]:g}",
                "total_low": float(total[i, 1]),
                "total_high": float(total[i, 3]),
            }
        )
    return rows


def uncertainty_html(u: Uncertainty, lang: str | None = None) -> str:
    """An :class:`~qualityassess.analysis.Uncertainty` as a notebook view: per region in rank
    order, its grade, the probability it holds, the likeliest grade and the rank and total
    intervals."""
    lang = lang_option(lang)
    w = words(lang)
    rows = _uncertainty_rows(u)
    more = ""
    if len(rows) > REPR_MAX_ROWS:
        more = w["repr_more"].format(shown=REPR_MAX_ROWS, total=len(rows))
    return render(
        "repr_uncertainty.html.j2",
        rows=rows[:REPR_MAX_ROWS],
        total=len(rows),
        more=more,
        n=u.n,
        seed=u.seed,
        varied=_varied(u.vary, lang),
        s=_grades_only([str(g) for g in u.grades.columns]),
        w=w,
    )


def uncertainty_text(u: Uncertainty, lang: str | None = None) -> str:
    """The text repr of an Uncertainty: its size and settings, the mean probability that a
    region keeps its grade and the least firm region."""
    lang = lang_option(lang)
    w = words(lang)
    rows = _uncertainty_rows(u)
    head = w["uncertainty_repr"].format(
        count=len(rows), n=u.n, seed=u.seed, varied=_varied(u.vary, lang)
    )
    if not rows:
        return f"<Uncertainty {head}>"
    mean = sum(r["p_grade"] for r in rows) / len(rows)
    weakest = min(rows, key=lambda r: r["p_grade"])
    tail = w["uncertainty_tail"].format(
        mean=f"{mean:.2f}",
        region=weakest["region"],
        grade=weakest["grade"],
        p=f"{weakest['p_grade']:.2f}",
    )
    return f"<Uncertainty {head}{tail}>"


def _sensitivity_rows(s: Sensitivity, lang: str) -> list[dict[str, Any]]:
    w = words(lang)
    table = s.indices
    totals = [_number(v) for v in table["total"]]
    largest = max([t for t in totals if t is not None] or [0.0])
    rows = []
    for position, group in enumerate(table.index):
        row: dict[str, Any] = {
            "group": w.get(f"group.{group}", str(group)),
            "first": _number(table["first_order"].iloc[position]),
            "total": totals[position],
            "share": max(totals[position] or 0.0, 0.0) / largest if largest > 0 else 0.0,
        }
        for name in ("first_low", "first_high", "total_low", "total_high"):
            column = name.replace("first", "first_order")
            row[name] = _number(table[column].iloc[position]) if column in table else None
        rows.append(row)
    return rows


def sensitivity_html(s: Sensitivity, lang: str | None = None) -> str:
    """A :class:`~qualityassess.analysis.Sensitivity` as a notebook view: first-order and total
    Sobol indices per group of inputs with their intervals, a bar for the total index."""
    lang = lang_option(lang)
    w = words(lang)
    output = w.get(s.output, s.output)
    return render(
        "repr_sensitivity.html.j2",
        rows=_sensitivity_rows(s, lang),
        intervals="first_order_low" in s.indices.columns,
        title=w["sensitivity_of"].format(output=output),
        output=output,
        n=s.n,
        seed=s.seed,
        variance=f"{s.variance:.4g}",
        defined=s.variance > 0,
        w=w,
    )


def sensitivity_text(s: Sensitivity, lang: str | None = None) -> str:
    """The text repr of a Sensitivity: the output, the design's size and each group's total
    index."""
    lang = lang_option(lang)
    w = words(lang)
    rows = _sensitivity_rows(s, lang)
    indices = w["sep"].join(
        f"{r['group']} {'n/a' if r['total'] is None else format(r['total'], '.2f')}" for r in rows
    )
    title = w["sensitivity_of"].format(output=w.get(s.output, s.output))
    text = w["sensitivity_repr"].format(title=title, n=s.n, seed=s.seed, indices=indices)
    return f"<Sensitivity {text}>"


# ---- the analyses' plots ---------------------------------------------------------------


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
        left = [a + b for a, b in zip(left, widths, strict=True)]
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
                [max(h - float(lo), 0.0) for h, lo in zip(heights, bounds[0], strict=True)],
                [max(float(hi) - h, 0.0) for h, hi in zip(heights, bounds[1], strict=True)],
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


def uncertainty_plot(
    u: Uncertainty, kind: str, ax: Axes | None, lang: str | None, top: int | None
) -> Axes:
    """:meth:`Uncertainty.plot`: ``kind`` ``"rank"`` (rank intervals) or ``"grades"``
    (probability of each grade), regions in the order of their rank as assessed, the best
    ``top`` of them (all when ``None``)."""
    from .._i18n import words
    from ..options import lang_option

    if kind not in ("rank", "grades"):
        raise ValueError(f"kind must be 'rank' or 'grades', not {kind!r}")
    import numpy as np

    # By position: a region assessed in several years is in the index more than once.
    order = np.argsort(u.rank["baseline"].to_numpy(), kind="stable")
    if top is not None:
        order = order[: max(int(top), 0)]
    codes = [str(code) for code in u.rank.index.take(order)]
    keys = codes
    if u.names is not None:  # "湖北省 420000" rather than a bare code
        names = u.names.to_numpy(dtype=object).take(order)
        keys = [f"{name} {code}" if name else code for name, code in zip(names, codes, strict=True)]
    text = plot_text(lang_option(lang), keys)
    labels = [text.label(key, code) for key, code in zip(keys, codes, strict=True)]
    w = words(text.lang)
    axes = new_axes(ax, _tall(len(labels)))
    if kind == "rank":
        rank = u.rank.iloc[order]
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
        probabilities = u.grades.iloc[order].to_numpy().tolist()
        plot_grade_probabilities(axes, labels, probabilities, grades, w)
    return finish(axes, text)


def sensitivity_plot(s: Sensitivity, ax: Axes | None, lang: str | None) -> Axes:
    """:meth:`Sensitivity.plot`: first-order and total indices per group of inputs."""
    from .._i18n import words
    from ..options import lang_option

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
