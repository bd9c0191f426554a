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

from .._findings import AppliedCondition, Consequence, Finding
from .._i18n import Lang, effect_text, finding_kind, rule_name, text, words
from ..options import lang_option
from .ranking import Graded, condition_names, grade_changed, grade_reason, ranked

if TYPE_CHECKING:
    from ..assessment import Result
    from ..scheme import Scheme

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
    lang: str = "zh"

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
        conditions=condition_names(scheme, lang),
        adjustments={a["id"]: text(a.get("name"), lang) for a in document.get("adjustments", [])},
        lang=lang,
    )


def _reason(entry: dict[str, Any], lang: str) -> str:
    return text({"zh": entry.get("reason_zh"), "en": entry.get("reason")}, lang)


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


def result_view(result: Result, view: SchemeView, lang: Lang) -> dict[str, Any]:
    """One region's breakdown for the templates, from one Result document: each of
    ``result.findings``, ``.conditions`` and ``.consequences`` would build it again."""
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
                "name": view.conditions.get(c.id) or c.id,
                "effect": effect_text(c.effect, lang),
                "veto": c.veto,
                "reason": c.reason_in(lang),
            }
            for c in map(AppliedCondition.from_dict, document["conditions"])
        ],
        "not_applied": [
            {"name": view.conditions.get(c["id"]) or c["id"], "reason": _reason(c, lang)}
            for c in document.get("conditions_not_applied", [])
        ],
        "findings": [
            {
                "kind": finding_kind(f.kind, lang),
                "subject": view.node_name(f.leaf) if f.leaf else f.incident or "",
                "detail": f.detail_in(lang),
            }
            for f in map(Finding.from_dict, document["findings"])
        ],
        "consequences": [
            {
                "article": article_text(c.article, lang),
                "text": c.text_in(lang),
                "due": w["due_months"].format(months=c.due_months_after_announcement)
                if c.due_months_after_announcement
                else "",
            }
            for c in map(Consequence.from_dict, document["consequences"])
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
    ``anchors``, and names the conditions that decided its grade, if any (``reason``)."""
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
            # (the grade by score has its own column: grade_before)
            "reason": grade_reason(r, view.conditions, view.lang, change=False),
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
        reasons=any(grade_changed(r) for r in results),
        counts=counts,
        s=view,
        w=words(lang),
        anchors=False,
    )


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


def scheme_text(scheme: Scheme, lang: str | None = None) -> str:
    """``<Scheme 'cn-2013' 质量工作考核办法: 21个要点，满分100分>``, in the words of its HTML."""
    lang = lang_option(lang)
    name = scheme.name.get(lang) or scheme.name.get("en") or scheme.name.get("zh") or ""
    summary = words(lang)["scheme_repr"].format(
        points=len(scheme.leaf_ids), max=f"{scheme.max_total:g}"
    )
    return f"<Scheme {scheme.id!r} {name}: {summary}>"


def results_text(results: Sequence[Result], counts: dict[str, int], lang: str | None = None) -> str:
    lang = lang_option(lang)
    w = words(lang)
    listed = w["sep"].join(w["grade_count"].format(grade=g, count=n) for g, n in counts.items())
    return f"<Results {w['results_of'].format(count=len(results), counts=listed)}>"
