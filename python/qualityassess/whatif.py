"""What if: the points a region needs for the next grade and a year re-graded under another
scheme, on the columnar batch (:mod:`qualityassess.batch`). What changed between two schemes is
:func:`qualityassess.diff`.

    qa.next_grade(scheme, frame, year=2019)        # gap, headroom and the cheapest way up
    qa.regrade(scheme_2019, scheme_2020, frame, year=2019)
    qa.diff(scheme_2019, scheme_2020)              # what changed (scheme_diff: deprecated)

Examples
--------
>>> import qualityassess as qa
>>> from qualityassess.sample import load_sample_table
>>> frame, incidents = load_sample_table()
>>> print(*qa.next_grade("cn-2013", frame, incidents, year=2019).loc["420000", ["grade", "gap"]])
B 0.2
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._frames import grade_categorical, with_region_column
from .io._table_problems import ADJUSTMENT_SUFFIX
from .io.batch import REGION_COLUMNS, SECTIONS, assess_columns
from .scheme import Scheme

if TYPE_CHECKING:
    import pandas as pd

    from .diff import Change

__all__ = ["next_grade", "regrade", "scheme_diff"]


def _walk(nodes: list[dict[str, Any]], parent: str | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        out.append({**node, "_parent": parent})
        out.extend(_walk(node.get("children", []), str(node["id"])))
    return out


def next_grade(
    scheme: Scheme | str,
    frame: pd.DataFrame,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """Per region: the next better grade, the points it lacks and the cheapest way there.

    Decided by the core, exactly (``next_grades`` in ``next_grade.hpp``: docs/architecture.md,
    "Where a rule lives"). Bonus and penalty items are taken as they are.

    Parameters
    ----------
    scheme : Scheme or str
        A :class:`Scheme`, a built-in id or a scheme file's path.
    frame : pandas.DataFrame
        The regions' table, in the layout of :func:`qualityassess.assess_frame`.
    incidents, year, threads
        As for :func:`qualityassess.assess_frame`.

    Returns
    -------
    pandas.DataFrame
        Indexed by region: ``name`` (when the table has one), ``total``, ``grade``,
        ``next_grade`` (missing for the best grade), ``gap`` (the points it lacks),
        ``headroom`` (each point's maximum minus its points, summed), ``reachable`` (false
        when the headroom is too small, or when a condition, a veto, a downgrade or a cap,
        decides the grade rather than the total: ``blocked`` names it), and the fewest points
        to raise, those with the most headroom first (``points_to_raise``, ``plan``:
        ``"leaf +x; ..."``).

    Raises
    ------
    InputError
        A cell of the table is invalid (each issue names its row and column), or the scheme
        grades by rank (no points threshold to reach).

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample_table
    >>> frame, incidents = load_sample_table()
    >>> table = qa.next_grade("cn-2013", frame, incidents, year=2019)
    >>> print(*table.loc["420000", ["grade", "next_grade", "gap", "plan"]])
    B A 0.2 construction_acceptance_rate +0.2
    """
    import pandas as pd

    resolved = Scheme.resolve(scheme)
    units = _core.scoring_units(resolved._core)
    # Refused before anything is assessed when the scheme grades by rank.
    _core.next_grade(resolved._core, [], [], [], np.empty((0, len(units))))
    result = assess_columns(resolved, frame, incidents=incidents, year=year, threads=threads)
    out = _core.next_grade(
        resolved._core,
        result["total"].tolist(),
        result["grade"].tolist(),
        result["vetoed"].astype(bool).tolist(),
        result[units].to_numpy(dtype=np.float64),
    )
    index = result.index
    names = {"name": result["name"]} if "name" in result.columns else {}
    return pd.DataFrame(
        {
            **names,
            "total": result["total"],
            "grade": result["grade"],
            "next_grade": pd.Series(
                grade_categorical(out["next_grade"], resolved.grades), index=index
            ),
            "gap": np.asarray(out["gap"]),
            "headroom": np.asarray(out["headroom"]),
            "reachable": np.asarray(out["reachable"], dtype=bool),
            "blocked": pd.Series(out["blocked"], index=index, dtype=object),
            "points_to_raise": np.asarray(out["points_to_raise"], dtype=np.int64),
            "plan": list(out["plan"]),
        },
        index=index,
    )


def _columns_for(frame: pd.DataFrame, scheme: Scheme) -> tuple[list[Any], list[Any]]:
    """The columns of ``frame`` that ``scheme`` takes, and those it does not."""
    document = scheme.to_dict()
    leaves = {str(n["id"]) for n in _walk(document["nodes"]) if "rule" in n}
    adjustments = {str(a["id"]) for a in document.get("adjustments", [])}
    keep: list[Any] = []
    drop: list[Any] = []
    for column in frame.columns:
        stem, _, suffix = str(column).rpartition(".")
        fits = (
            column in REGION_COLUMNS
            or (stem in leaves and suffix in SECTIONS)
            or (stem in adjustments and suffix == ADJUSTMENT_SUFFIX)
        )
        (keep if fits else drop).append(column)
    return keep, drop


def _ranks(result: pd.DataFrame, grades: list[str]) -> np.ndarray:
    """Each row's rank in the one ranking order (the core's ``rank_order``: grade, then total;
    1, 2, 2, 4; ties are not broken, so no codes are needed)."""
    place = {grade: index for index, grade in enumerate(grades)}
    indices = [place.get(grade, len(grades)) for grade in result["grade"]]
    totals = result["total"].tolist()
    _, ranks = _core.rank_order(indices, totals, [""] * len(totals))
    return np.asarray(ranks, dtype=np.int64)


def regrade(
    scheme: Scheme | str | Any,
    other: Scheme | str | Any,
    frame: Any,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """The same year's data graded under ``scheme`` and under ``other`` (another year's scheme,
    say).

    Parameters
    ----------
    scheme, other
        The two schemes (:class:`Scheme`, a built-in id or a file path).
    frame
        The regions' table, in the layout of :func:`qualityassess.assess_frame` (pandas,
        Polars or Arrow; indexed by region or with a ``region`` column).
    incidents, year, threads
        As for :func:`qualityassess.assess_frame`.

    Returns
    -------
    pandas.DataFrame
        Indexed by region: ``name`` (when the table has one), then ``total``, ``grade`` and
        ``rank`` under each scheme (suffixes ``_a`` and ``_b``; each grade an ordered
        Categorical of its scheme's grades; the rank in the ranking order: grade, then total,
        1, 2, 2, 4), ``total_change`` and the change of grade (``up``, ``down``, ``same``;
        None when the schemes' grade lists differ in length). Columns only one scheme takes
        are left out for the other (``attrs["ignored"]`` lists them per scheme); points only
        the other scheme has are not given there.

    Notes
    -----
    The table used to come first (``regrade(frame, scheme, other)``); that order still works
    for one release, with a ``DeprecationWarning``.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample_table
    >>> frame, incidents = load_sample_table()
    >>> lenient = qa.Scheme.builtin("cn-2013").to_dict()
    >>> lenient["grading"]["bands"][0]["min"] = 85  # grade A from 85 points instead of 90
    >>> table = qa.regrade("cn-2013", qa.Scheme.from_dict(lenient), frame, incidents, year=2019)
    >>> table.loc["420000", ["grade_a", "grade_b", "grade_change"]].tolist()
    ['B', 'A', 'up']
    """
    import pandas as pd

    from .io.tables import as_pandas

    scheme, other, frame = _scheme_first(scheme, other, frame)
    frame = as_pandas(with_region_column(frame))  # (a Polars or Arrow table too)
    out: dict[str, Any] = {}
    ignored: dict[str, list[Any]] = {}
    grade_lists = []
    for suffix, which in (("a", scheme), ("b", other)):
        resolved = Scheme.resolve(which)
        keep, drop = _columns_for(frame, resolved)
        ignored[resolved.id] = drop
        result = assess_columns(
            resolved, frame[keep], incidents=incidents, year=year, threads=threads
        )
        out[f"total_{suffix}"] = result["total"]
        out[f"grade_{suffix}"] = result["grade"]
        out[f"rank_{suffix}"] = _ranks(result, resolved.grades)
        grade_lists.append(resolved.grades)
    table = pd.DataFrame(out, index=result.index)
    if "name" in result.columns:
        table.insert(0, "name", result["name"])
    table["total_change"] = (table["total_b"] - table["total_a"]).round(4)
    change = _core.grade_changes(
        grade_lists[0], table["grade_a"].tolist(), grade_lists[1], table["grade_b"].tolist()
    )
    table["grade_change"] = pd.Series(change, index=result.index, dtype=object)
    table.attrs["ignored"] = ignored
    return table


def _scheme_first(scheme: Any, other: Any, frame: Any) -> tuple[Any, Any, Any]:
    """``(scheme, other, frame)`` from the arguments of :func:`regrade`, also when given in the
    earlier order ``(frame, scheme, other)`` (deprecated: scheme first in every call)."""
    if _is_scheme(scheme) or not (_is_scheme(other) and _is_scheme(frame)):
        return scheme, other, frame
    import warnings

    warnings.warn(
        "qualityassess.regrade(frame, scheme, other) is deprecated; the schemes come first: "
        "regrade(scheme, other, frame)",
        DeprecationWarning,
        stacklevel=3,
    )
    return other, frame, scheme


def _is_scheme(value: Any) -> bool:
    return isinstance(value, (Scheme, str, PathLike))


def _rule_text(node: dict[str, Any]) -> str:
    rule = node.get("rule")
    if rule is None:
        return str(node.get("aggregate", "sum"))
    details = {k: v for k, v in rule.items() if k != "type"}
    return f"{rule['type']} {details}" if details else str(rule["type"])


def _legacy_change(records: list[Change], kind: str) -> str:
    """The old frame's word for an item's records in :func:`qualityassess.diff`."""
    kinds = {record.kind for record in records}
    if "added" in kinds:
        return "added"
    if "removed" in kinds:
        return "removed"
    if kind != "node":  # a band, condition or adjustment: its place among the others aside
        return "changed" if "changed" in kinds else "same"
    fields = {record.field for record in records if record.kind == "changed"}
    if "points" in fields:
        return "reweighted"
    if any(f in ("rule", "aggregate") or f.startswith("rule/") for f in fields):
        return "rule_changed"
    if any(r.kind == "moved" and r.field == "parent" for r in records):
        return "moved"
    return "same"


def scheme_diff(scheme: Scheme | str, other: Scheme | str) -> pd.DataFrame:
    """Deprecated: use :func:`qualityassess.diff`, the one scheme diff (``diff(a, b)
    .to_frame()`` lists every change). Kept for earlier callers.

    Parameters
    ----------
    scheme, other : Scheme or str
        The two schemes (:class:`Scheme`, a built-in id or a file path).

    Returns
    -------
    pandas.DataFrame
        The changes of ``qa.diff(scheme, other)`` in the earlier shape, indexed by ``item``:
        one row per node (``added``, ``removed``, ``reweighted``, ``rule_changed``, ``moved``
        to another parent, ``same``) with its points under each and the difference, then rows
        ``band:<grade>`` for grade thresholds and ``condition:<id>`` and ``adjustment:<id>``
        for conditions and bonus/penalty items (``added``, ``removed``, ``changed``,
        ``same``).

    Warns
    -----
    DeprecationWarning
        On every call.

    Examples
    --------
    >>> import warnings
    >>> import qualityassess as qa
    >>> lenient = qa.Scheme.builtin("cn-2013").to_dict()
    >>> lenient["grading"]["bands"][0]["min"] = 85
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     table = qa.scheme_diff("cn-2013", qa.Scheme.from_dict(lenient))
    >>> print(*table.loc["band:A", ["change", "points_a", "points_b"]])
    changed 90.0 85.0
    """
    import warnings

    import pandas as pd

    from .diff import diff

    warnings.warn(
        "qualityassess.scheme_diff is deprecated; use qualityassess.diff(scheme, other), "
        "whose to_frame() lists every change",
        DeprecationWarning,
        stacklevel=2,
    )
    first, second = Scheme.resolve(scheme), Scheme.resolve(other)
    records: dict[tuple[str, str], list[Change]] = {}
    for record in diff(first, second):
        records.setdefault((record.section, record.item), []).append(record)
    a, b = first.to_dict(), second.to_dict()
    nodes_a = {str(n["id"]): n for n in _walk(a["nodes"])}
    nodes_b = {str(n["id"]): n for n in _walk(b["nodes"])}
    rows: list[dict[str, Any]] = []
    for node_id in [*nodes_a, *[i for i in nodes_b if i not in nodes_a]]:
        before, after = nodes_a.get(node_id), nodes_b.get(node_id)
        points_a = float(before.get("points", 0)) if before else np.nan
        points_b = float(after.get("points", 0)) if after else np.nan
        rows.append(
            {
                "item": node_id,
                "kind": "node",
                "change": _legacy_change(records.get(("nodes", node_id), []), "node"),
                "points_a": points_a,
                "points_b": points_b,
                "delta": round(points_b - points_a, 4) if before and after else np.nan,
                "detail_a": _rule_text(before) if before else "",
                "detail_b": _rule_text(after) if after else "",
            }
        )
    bands_a = {str(x["grade"]): x for x in a.get("grading", {}).get("bands", [])}
    bands_b = {str(x["grade"]): x for x in b.get("grading", {}).get("bands", [])}
    for grade in [*bands_a, *[g for g in bands_b if g not in bands_a]]:
        x, y = bands_a.get(grade), bands_b.get(grade)
        min_a = float(x["min"]) if x and "min" in x else np.nan
        min_b = float(y["min"]) if y and "min" in y else np.nan
        rows.append(
            {
                "item": f"band:{grade}",
                "kind": "band",
                "change": _legacy_change(records.get(("grading", f"band:{grade}"), []), "band"),
                "points_a": min_a,
                "points_b": min_b,
                "delta": round(min_b - min_a, 4) if x and y else np.nan,
                "detail_a": str(x or ""),
                "detail_b": str(y or ""),
            }
        )
    for kind, key in (("condition", "conditions"), ("adjustment", "adjustments")):
        items_a = {str(x["id"]): x for x in a.get(key, [])}
        items_b = {str(x["id"]): x for x in b.get(key, [])}
        for item_id in [*items_a, *[i for i in items_b if i not in items_a]]:
            x, y = items_a.get(item_id), items_b.get(item_id)
            rows.append(
                {
                    "item": f"{kind}:{item_id}",
                    "kind": kind,
                    "change": _legacy_change(records.get((key, item_id), []), kind),
                    "points_a": np.nan,
                    "points_b": np.nan,
                    "delta": np.nan,
                    "detail_a": str(x or ""),
                    "detail_b": str(y or ""),
                }
            )
    return pd.DataFrame(rows).set_index("item")
