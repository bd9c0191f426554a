"""Year over year (or scheme against scheme): the same regions' results side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import _core
from ._frames import grade_categorical, region_index
from .assessment import Result
from .io._issues import input_error

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compare"]


def _by_region(results: Sequence[Result], side: str) -> dict[str, Result]:
    out: dict[str, Result] = {}
    repeated, repeated_zh = [], []
    for result in results:
        code = result.region_code
        if code in out:
            repeated.append((side, f"region {code} appears more than once"))
            repeated_zh.append((side, f"地区 {code} 出现了不止一次"))
        out[code] = result
    if repeated:
        raise input_error("cannot compare", repeated, repeated_zh)
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
    """The same regions before and after: two years, or two schemes for one year.

    Parameters
    ----------
    before, after
        Results (e.g. :class:`Results`), one per region on each side.

    Returns
    -------
    pandas.DataFrame
        Indexed by region code, with two column levels, ``item`` and ``side``:
        ``("name", "")``; ``("grade", "before")`` and ``("grade", "after")`` (each an ordered
        Categorical of its side's grades); ``("change", "")`` (``"up"``, ``"down"``,
        ``"same"``; missing when a region is on one side only or the schemes' grades do not
        compare); then ``total`` and every node with ``before``, ``after`` and ``delta`` (NaN
        where a side lacks it). ``table["total"]`` is the totals' three columns,
        ``table.xs("delta", axis=1, level="side")`` every difference. Regions are listed in
        the order of ``after``, then those only in ``before``.

    Raises
    ------
    InputError
        When a region appears twice on one side.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> results = qa.assess_many("cn-2013", load_sample()["submissions"])
    >>> table = qa.compare(results, results)
    >>> print(table.loc["420000", ("grade", "after")], table.loc["420000", ("total", "delta")])
    B 0.0
    """
    import pandas as pd

    old, new = list(before), list(after)
    old_by, new_by = _by_region(old, "before"), _by_region(new, "after")
    codes = list(new_by) + [code for code in old_by if code not in new_by]
    nodes = _node_order(old, new)
    nan = float("nan")
    columns: dict[tuple[str, str], list[Any]] = {
        key: [] for key in (("name", ""), ("grade", "before"), ("grade", "after"), ("change", ""))
    }
    points: dict[tuple[str, str], list[float]] = {
        (item, side): [] for item in ("total", *nodes) for side in ("before", "after", "delta")
    }
    for code in codes:
        was, now = old_by.get(code), new_by.get(code)
        either = now or was
        assert either is not None
        columns["name", ""].append(either.region_name)
        columns["grade", "before"].append(was.grade if was else None)
        columns["grade", "after"].append(now.grade if now else None)
        columns["change", ""].append(_change(was, now) if was and now else None)
        totals = {"total": (was.total if was else nan, now.total if now else nan)}
        old_nodes, new_nodes = (was.nodes if was else {}), (now.nodes if now else {})
        for item, (first, second) in (
            *totals.items(),
            *((node, (old_nodes.get(node, nan), new_nodes.get(node, nan))) for node in nodes),
        ):
            points[item, "before"].append(first)
            points[item, "after"].append(second)
            points[item, "delta"].append(round(second - first, 4))
    table = pd.DataFrame(
        {**columns, **points}, index=region_index(codes), columns=[*columns, *points]
    )
    for side, results in (("before", old), ("after", new)):
        grades = results[0].scheme.grades if results else []
        table["grade", side] = grade_categorical(table["grade", side], grades)
    table["change", ""] = table["change", ""].astype(object)
    table.columns = pd.MultiIndex.from_tuples([*columns, *points], names=["item", "side"])
    return table
