"""Assessment on a Dask cluster: ``qa.dask.assess_frame(scheme, ddf)`` assesses a Dask
DataFrame partition by partition on the cluster's workers, each partition through the same door
as :func:`qualityassess.assess_frame` (docs/architecture.md, "Arrow tables"). Install with
``pip install 'qualityassess[dask]'``; Dask is imported only here.

What one table checks across all its rows is checked across all partitions before anything is
assessed, so that no region is graded twice and no incident is lost: the region codes (and
years) are gathered first, and a region given twice, or an incident naming no region of the
table, is an :class:`qualityassess.InputError` as it is for one table. Each partition is then
given the incidents of its own regions. A scheme that grades by rank compares every region with
every other, so it cannot be graded partition by partition: it is refused (assess the table
with :func:`qualityassess.assess_frame`).

The result is a lazy Dask DataFrame with the partitions and index of the input and the columns
of :func:`qualityassess.assess_frame`; each region's numbers are bit for bit those of the local
run, whatever the partitioning and the number of workers.

To run on a real cluster, connect a client first: ``from dask.distributed import Client;
Client("tcp://scheduler:8786")``; every worker needs ``qualityassess`` installed.

Examples
--------
>>> import dask.dataframe as dd
>>> import qualityassess as qa
>>> from qualityassess.sample import load_sample_table
>>> frame, incidents = load_sample_table()
>>> lazy = qa.dask.assess_frame("cn-2013", dd.from_pandas(frame, npartitions=3), incidents, 2019)
>>> table = lazy.compute()
>>> print(*table.loc["420000", ["total", "grade"]])
89.8 B
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .io import _table_problems as problem
from .io._table_problems import Problem, table_error
from .io.batch import _region_codes, assess_columns
from .io.tables import as_pandas
from .scheme import Scheme

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["assess_frame"]

INSTALL = "pip install 'qualityassess[dask]'"


def assess_frame(
    scheme: Scheme | str,
    data: Any,
    incidents: Any = None,
    year: int | None = None,
) -> Any:
    """Assess a Dask DataFrame of regions (the layout of :func:`qualityassess.assess_frame`),
    one task per partition; ``incidents`` is a (small) pandas, Polars or Arrow table of every
    region's incidents. Returns a lazy Dask DataFrame: call ``.compute()`` for pandas."""
    try:
        import dask.dataframe  # noqa: F401
    except ImportError:  # pragma: no cover - the test environment has Dask
        raise ImportError(f"qa.dask needs Dask: {INSTALL}") from None
    resolved = Scheme.resolve(scheme)
    if resolved.to_dict()["grading"]["method"] == "rank":
        raise ValueError(
            f"scheme {resolved.id!r} grades by rank, which compares every region with every "
            "other: assess the whole table with qa.assess_frame, not partition by partition"
        )
    events = as_pandas(incidents) if incidents is not None else None
    _check_across_partitions(data, events)
    meta = assess_columns(resolved, data._meta, _no_rows(events), year)
    return data.map_partitions(_assess_partition, resolved, events, year, meta=meta)


def _no_rows(incidents: pd.DataFrame | None) -> pd.DataFrame | None:
    return incidents.iloc[:0] if incidents is not None else None


def _assess_partition(
    part: pd.DataFrame, scheme: Scheme, incidents: pd.DataFrame | None, year: int | None
) -> pd.DataFrame:
    """One partition through the one door, with the incidents of its own regions."""
    if incidents is not None and len(incidents) and "region" in part.columns:
        codes = set(_region_codes(part["region"]).dropna().tolist())
        incidents = incidents[_region_codes(incidents["region"]).isin(codes).to_numpy()]
    return assess_columns(scheme, part, incidents, year)


def _check_across_partitions(data: Any, incidents: pd.DataFrame | None) -> None:
    """A region given in two partitions, or an incident naming no region of the table: what
    one table's reading refuses, checked over the whole Dask DataFrame (its key columns only)."""
    if "region" not in data.columns:
        return  # each partition names the missing column itself
    keys = ["region", *(["year"] if "year" in data.columns else [])]
    gathered = data[keys].compute()
    codes = _region_codes(gathered["region"])
    issues: list[Problem] = []
    key_frame = gathered.assign(region=codes.to_numpy()).reset_index(drop=True)
    given = (codes.notna() & (codes.astype(object) != "")).to_numpy()
    again = key_frame[key_frame.duplicated(keep="first").to_numpy() & given]
    for _, row in again.head(100).iterrows():
        year = row["year"] if "year" in key_frame.columns else None
        when, when_zh = (f" for {year}", f"在 {year} 年") if year is not None else ("", "")
        issues.append(
            (
                f"region {row['region']}",
                f"is given again{when} (in more than one row of the Dask DataFrame): each "
                "region is assessed once a year",
                f"{when_zh}重复出现（在 Dask DataFrame 的不止一行中）：每个地区每年只考核一次",
            )
        )
    if incidents is not None and "region" in incidents.columns:
        known = set(codes.dropna().tolist())
        named = _region_codes(incidents["region"])
        for position, code in enumerate(named.tolist()):
            if code not in known and len(issues) < 100:
                label = incidents.index[position]
                place = f"incidents row {label} ({code}), column 'region'"
                unknown = problem.not_a_region_of_the_table(code)
                issues.append((place, unknown.en, unknown.zh))
    if issues:
        raise table_error("invalid table", issues)
