"""HTML for notebooks and the published report, rendered with jinja2 (autoescaped: every
string that came from a user, a scheme or a submission is escaped).

Views are plain dicts built from results and schemes; the templates (package data,
``templates/*.html.j2``) only lay them out. Points, grades and reasons are the core's."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jinja2

from ._i18n import effect_text, finding_kind, rule_name, text, words
from .assessment import Result
from .options import lang_option
from .scheme import Scheme

if TYPE_CHECKING:
    from ._cohort import Graded
    from .analysis import Sensitivity, Uncertainty

__all__ = [
    "SchemeView",
    "generate",
    "iter_ranking_rows",
    "ranking_rows",
    "render",
    "result_html",
    "result_view",
    "results_html",
    "scheme_html",
    "scheme_view",
    "sensitivity_html",
    "sensitivity_text",
    "uncertainty_html",
    "uncertainty_text",
]


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("qualityassess", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["pts"] = _points
    environment.filters["pct"] = _percent
    return environment


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def generate(template: str, **context: Any) -> Iterator[str]:
    """``render``'s text in pieces, rendered as they are asked for."""
    return iter(_environment().get_template(template).generate(**context))


def _points(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


@dataclass
class SchemeView:
    """What the templates show of a scheme, in one language."""

    id: str
    name: str
    version: str
    max_total: float
    digits: int
    grades: list[str]
    grade_labels: dict[str, str]
    nodes: list[dict[str, Any]]
    conditions: dict[str, str] = field(default_factory=dict)
    adjustments: dict[str, str] = field(default_factory=dict)

    def node_name(self, node_id: str) -> str:
        return next((n["name"] for n in self.nodes if n["id"] == node_id), node_id)

    def grade_note(self, grade: str) -> str:
        """The scheme's label shown beside a grade's badge (``A`` 优秀), or "" when the label
        only repeats the grade (``A级``, ``Grade A``, or the grade itself)."""
        label = self.grade_labels.get(grade, grade)
        return "" if _repeats_grade(label, grade) else label

    def grade_text(self, grade: str) -> str:
        """A grade as plain text, the same way everywhere: ``A 优秀``, or ``A`` alone."""
        note = self.grade_note(grade)
        return f"{grade} {note}" if note else grade


def _repeats_grade(label: str, grade: str) -> bool:
    """Whether ``label`` says no more than ``grade`` ("A级", "Grade A", "A grade", "A")."""
    rest = label.strip().replace(grade, "", 1) if grade in label else None
    return rest is not None and rest.strip().lower() in {"", "级", "等", "grade", "class"}


def scheme_view(scheme: Scheme, lang: str) -> SchemeView:
    document = scheme.to_dict()
    labels = document["grading"].get("labels", {})
    return SchemeView(
        id=scheme.id,
        name=text(document["name"], lang),
        version=scheme.version,
        max_total=scheme.max_total,
        digits=int(document.get("rounding", {}).get("digits", 2)),
        grades=scheme.grades,
        grade_labels={g: text(labels.get(g), lang) or g for g in scheme.grades},
        nodes=[
            {
                "id": node["id"],
                "number": node["number"],
                "name": text(node["name"], lang),
                "depth": node["depth"],
                "points": node["points"],
                "is_leaf": node["is_leaf"],
                "rule": rule_name(node["rule"], lang),
            }
            for node in scheme.nodes()
        ],
        conditions={c["id"]: text(c.get("name"), lang) for c in document.get("conditions", [])},
        adjustments={a["id"]: text(a.get("name"), lang) for a in document.get("adjustments", [])},
    )


def _reason(entry: dict[str, Any], lang: str) -> str:
    return (
        str(entry.get("reason_zh") or entry.get("reason", ""))
        if lang == "zh"
        else str(entry.get("reason", ""))
    )


_ARTICLE = re.compile(r"Art(?:icle)?\.?\s*(\d{1,2})")
_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 to 99 in Chinese numerals, as articles are numbered (第十二条)."""
    tens, units = divmod(n, 10)
    if not tens:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def article_text(article: str, lang: str) -> str:
    """An article of the measures as the report's language cites it: "Art. 8" is 第八条 in
    Chinese (the core gives the English form)."""
    if lang != "zh":
        return article
    return _ARTICLE.sub(lambda m: f"第{_chinese_number(int(m.group(1)))}条", article)


def result_view(result: Result, view: SchemeView, lang: str) -> dict[str, Any]:
    """One region's breakdown for the templates."""
    w = words(lang)
    document = result.to_dict()
    leaves = document.get("leaves", {})
    nodes = []
    for node in view.nodes:
        points = float(document["nodes"].get(node["id"], 0.0))
        leaf = leaves.get(node["id"], {})
        how = leaf.get("how", {})
        nodes.append(
            {
                **node,
                "score": points,
                "rate": points / node["points"] if node["points"] else None,
                "source": w.get(str(leaf.get("source", "")), "") if leaf else "",
                "self_points": leaf.get("self_points"),
                "how": text(how, lang) if how else "",
            }
        )
    return {
        "code": result.region_code,
        "name": result.region_name,
        "year": result.year,
        "total": result.total,
        "base_total": document.get("base_total"),
        "max_total": document.get("max_total", view.max_total),
        "grade": result.grade,
        "grade_label": view.grade_labels.get(result.grade, result.grade),
        "grade_note": view.grade_note(result.grade),
        "grade_before": result.grade_before_conditions,
        "vetoed": result.vetoed,
        "rank": result.rank,
        "nodes": nodes,
        "adjustments": [
            {
                "name": view.adjustments.get(key, key),
                "kind": w.get(str(value.get("kind")), str(value.get("kind"))),
                "points": value.get("points"),
                "capped": bool(value.get("capped")),
            }
            for key, value in document.get("adjustments", {}).items()
        ],
        "conditions": [
            {
                "name": view.conditions.get(c["id"]) or c["id"],
                "effect": effect_text(c.get("effect", {}), lang),
                "veto": bool(c.get("veto")),
                "reason": _reason(c, lang),
            }
            for c in document.get("conditions", [])
        ],
        "not_applied": [
            {"name": view.conditions.get(c["id"]) or c["id"], "reason": _reason(c, lang)}
            for c in document.get("conditions_not_applied", [])
        ],
        "findings": [
            {
                "kind": finding_kind(str(f.get("kind", "")), lang),
                "subject": view.node_name(f["leaf"]) if f.get("leaf") else f.get("incident", ""),
                "detail": str(f.get("detail_zh") or f.get("detail", ""))
                if lang == "zh"
                else str(f.get("detail", "")),
            }
            for f in document.get("findings", [])
        ],
        "consequences": [
            {
                "article": article_text(str(c.get("article", "")), lang),
                "text": str(c.get("text_zh") or c.get("text", ""))
                if lang == "zh"
                else str(c.get("text", "")),
                "due": w["due_months"].format(months=c["due_months_after_announcement"])
                if c.get("due_months_after_announcement")
                else "",
            }
            for c in document.get("consequences", [])
        ],
    }


def ranking_rows(
    results: Sequence[Graded], view: SchemeView, anchors: bool = True
) -> list[dict[str, Any]]:
    return list(iter_ranking_rows(results, view, anchors))


def iter_ranking_rows(
    results: Sequence[Graded], view: SchemeView, anchors: bool = True
) -> Iterator[dict[str, Any]]:
    """The ranking's rows best first, made as they are read (a report of 100,000 regions
    streams them); each links to ``#region-N`` (N: the result's place in ``results``) when
    ``anchors``."""
    from .frame import ranked

    position = {id(r): i for i, r in enumerate(results)} if anchors else {}
    for rank, r in ranked(results, view.grades):
        yield {
            "rank": rank,
            "anchor": f"region-{position[id(r)] + 1}" if anchors else "",
            "code": r.region_code,
            "name": r.region_name,
            "total": r.total,
            "grade": r.grade,
            "grade_label": view.grade_labels.get(r.grade, r.grade),
            "grade_note": view.grade_note(r.grade),
            "grade_before": r.grade_before_conditions,
            "vetoed": r.vetoed,
            "findings": r.finding_count,
        }


def scheme_html(scheme: Scheme, lang: str | None = None) -> str:
    """``lang``: ``"zh"`` or ``"en"``; ``None``: the ``lang`` option (:mod:`.options`)."""
    lang = lang_option(lang)
    return render("repr_scheme.html.j2", s=scheme_view(scheme, lang), w=words(lang))


def result_html(result: Result, lang: str | None = None) -> str:
    lang = lang_option(lang)
    view = scheme_view(result.scheme, lang)
    return render("repr_result.html.j2", r=result_view(result, view, lang), s=view, w=words(lang))


def results_html(results: Sequence[Result], lang: str | None = None) -> str:
    lang = lang_option(lang)
    if not results:
        return f"<div class='qa'>{words(lang)['results_repr'].format(count=0)}</div>"
    view = scheme_view(results[0].scheme, lang)
    counts: dict[str, int] = dict.fromkeys(view.grades, 0)
    for result in results:
        counts[result.grade] = counts.get(result.grade, 0) + 1
    return render(
        "repr_results.html.j2",
        rows=ranking_rows(results, view),
        counts=counts,
        s=view,
        w=words(lang),
        anchors=False,
    )


# ---- the analyses (qualityassess.analysis) ----------------------------------------------------

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


# ---- text reprs of results, in the words of their HTML ------------------------------------


def result_text(result: Result, lang: str | None = None) -> str:
    lang = lang_option(lang)
    w = words(lang)
    veto = w["vetoed_repr"] if result.vetoed else ""
    total = w["total_points"].format(total=f"{result.total:.2f}")
    return (
        f"<Result {result.region_code} {result.region_name} "
        f"{w['year_repr'].format(year=result.year)}: {total} -> {result.grade}{veto}>"
    )


def results_text(results: Sequence[Result], counts: dict[str, int], lang: str | None = None) -> str:
    lang = lang_option(lang)
    w = words(lang)
    listed = w["sep"].join(w["grade_count"].format(grade=g, count=n) for g, n in counts.items())
    return f"<Results {w['results_of'].format(count=len(results), counts=listed)}>"
