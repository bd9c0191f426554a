"""Year over year (or scheme against scheme): the same regions' results side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import _core
from .assessment import Result
from .io._issues import input_error

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compare"]


def _by_region(results: Sequence[Result], side: str) -> dict[str, Result]:
    out: dict[str, Result] = {}
    repeated = []
    for result in results:
        if result.region_code in out:
            repeated.append((side, f"region {result.region_code} appears more than once"))
        out[result.region_code] = result
    if repeated:
        raise input_error("cannot compare", repeated)
    return out


def _change(before: Result, after: Result) -> str | None:
    """ "up", "down" or "same" by the grades' places in their schemes' lists (best first), as
    the core decides it (``grade_changes``: docs/architecture.md, "Where a rule lives"). Two
    schemes compare when their lists are equally long (A-D against 优秀-不合格); otherwise there
    is no telling, and the change is None."""
    (change,) = _core.grade_changes(
        before.scheme.grades, [before.grade], after.scheme.grades, [after.grade]
    )
    return change


def _node_order(before: Sequence[Result], after: Sequence[Result]) -> list[str]:
    """Node ids of the after scheme in its order, then those only the before scheme has."""
    ids: list[str] = []
    for results in (after, before):
        if results:
            ids.extend(n["id"] for n in results[0].scheme.nodes() if n["id"] not in ids)
    return ids


def compare(before: Iterable[Result], after: Iterable[Result]) -> pd.DataFrame:
    """The same regions before and after (two years, or two schemes for one year), indexed by
    region code: ``name``, ``grade_before``, ``grade_after``, ``change`` (``"up"``,
    ``"down"``, ``"same"``; missing (NA) when a region is on one side only or the schemes' grades
    do not compare), ``total_before``, ``total_after``, ``total_delta``, and for every node
    ``<node>.before``, ``<node>.after`` and ``<node>.delta`` (NaN where a side lacks it).
    Regions are listed in the order of ``after``, then those only in ``before``."""
    import pandas as pd

    old, new = list(before), list(after)
    old_by, new_by = _by_region(old, "before"), _by_region(new, "after")
    codes = list(new_by) + [code for code in old_by if code not in new_by]
    nodes = _node_order(old, new)
    nan = float("nan")
    rows: list[dict[str, Any]] = []
    for code in codes:
        was, now = old_by.get(code), new_by.get(code)
        either = now or was
        assert either is not None
        row: dict[str, Any] = {
            "region": code,
            "name": either.region_name,
            "grade_before": was.grade if was else None,
            "grade_after": now.grade if now else None,
            "change": _change(was, now) if was and now else None,
            "total_before": was.total if was else nan,
            "total_after": now.total if now else nan,
        }
        row["total_delta"] = row["total_after"] - row["total_before"]
        old_nodes, new_nodes = (was.nodes if was else {}), (now.nodes if now else {})
        for node in nodes:
            points_before, points_after = old_nodes.get(node, nan), new_nodes.get(node, nan)
            row[f"{node}.before"] = points_before
            row[f"{node}.after"] = points_after
            row[f"{node}.delta"] = round(points_after - points_before, 4)
        rows.append(row)
    head = ["region", "name", "grade_before", "grade_after", "change"]
    head += ["total_before", "total_after", "total_delta"]
    columns = head + [f"{n}.{side}" for n in nodes for side in ("before", "after", "delta")]
    table = pd.DataFrame.from_records(rows, columns=columns).set_index("region")
    table["total_delta"] = table["total_delta"].round(4)
    return table
