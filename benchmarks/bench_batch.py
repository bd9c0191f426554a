"""Batch assessment of 100,000 synthetic regions, DataFrame to DataFrame, levels given as text.

    qualityassess.batch.assess_columns     (ours: the core's columnar batch)
    a vectorised NumPy/pandas version of the cn-2013 rules, as a skilled analyst would write it
    a row-by-row DataFrame.apply of the same rules (timed on a sample, scaled to the workload)

Targets: >= 3x faster than the vectorised version, >= 200x faster than apply, and peak memory
(tracemalloc: everything allocated through Python and NumPy during the call) under twice the
input frame's own memory (DataFrame.memory_usage(deep=True))."""

from __future__ import annotations

import datetime as dt
import math
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

from qualityassess.batch import assess_columns

REGIONS = 100_000
APPLY_SAMPLE = 2_000


# ---- the vectorised baseline -------------------------------------------------------------------


def _round2(values: np.ndarray) -> np.ndarray:
    """Half up to 2 decimals (the scheme's rounding), in floats."""
    return np.floor(values * 100 + 0.5 + 1e-9) / 100


def vectorised(frame: pd.DataFrame, incidents: pd.DataFrame, year: int) -> pd.DataFrame:
    points = c.leaf_points()
    nodes: dict[str, Any] = {}
    for leaf in c.RATES:
        value = frame[f"{leaf}.verified"].fillna(frame[f"{leaf}.self"]).to_numpy()
        target = frame[f"{leaf}.target"].to_numpy()
        full = points[leaf]
        short = target - value
        score = np.where(
            short <= 0, full, _round2(np.clip(full - c.PER_POINT[leaf] * short, 0, full))
        )
        nodes[leaf] = np.where(np.isnan(value) | np.isnan(target), 0.0, score)
    for leaf in (leaf for leaf in points if leaf not in c.RATES):
        level = frame[f"{leaf}.verified"].fillna(frame[f"{leaf}.self"])
        fraction = level.map(c.FRACTION).fillna(0.0).to_numpy()
        nodes[leaf] = _round2(points[leaf] * fraction)
    groups = {
        "product": ["manufacturing_pass_rate", "agri_monitoring_pass_rate"],
        "engineering": ["construction_acceptance_rate"],
    }
    ids = [n["id"] for n in c.scheme().nodes()]
    children: dict[str, list[str]] = {}
    for node in c.scheme().nodes():
        if node["parent"] is not None:
            children.setdefault(node["parent"], []).append(node["id"])
    for node_id in reversed(ids):  # children before parents
        if node_id in children and node_id not in groups:
            groups[node_id] = children[node_id]
    for node_id in reversed(ids):
        if node_id in groups:
            nodes[node_id] = np.sum([nodes[child] for child in groups[node_id]], axis=0)
    total = np.round(nodes["targets"] + nodes["measures"], 2)
    start, end = pd.Timestamp(f"{year}-07-01"), pd.Timestamp(f"{year + 1}-06-30")
    dates = pd.to_datetime(incidents["date"])
    bad = incidents[incidents["scope"].isin(["regional", "systemic"]) & dates.between(start, end)]
    vetoed = frame["region"].isin(set(bad["region"])).to_numpy()
    grade = np.select([total >= 90, total >= 80, total >= 60], ["A", "B", "C"], "D").astype(object)
    grade[vetoed] = "D"
    out = pd.DataFrame({"total": total, "grade": grade, "vetoed": vetoed}, index=frame.index)
    nodes_frame = pd.DataFrame({node_id: nodes[node_id] for node_id in ids}, index=frame.index)
    return pd.concat([out, nodes_frame], axis=1)


# ---- the row-by-row baseline -------------------------------------------------------------------


def row_wise(frame: pd.DataFrame, incidents: pd.DataFrame, year: int) -> pd.DataFrame:
    points = c.leaf_points()
    start, end = dt.date(year, 7, 1), dt.date(year + 1, 6, 30)
    vetoed_codes = {
        row["region"]
        for _, row in incidents.iterrows()
        if row["scope"] in ("regional", "systemic")
        and start <= dt.date.fromisoformat(row["date"]) <= end
    }

    def given(value: Any) -> bool:
        return value is not None and not (isinstance(value, float) and math.isnan(value))

    def score(row: pd.Series) -> pd.Series:
        total = 0.0
        for leaf, full in points.items():
            value = row[f"{leaf}.verified"]
            if not given(value):
                value = row[f"{leaf}.self"]
            if leaf in c.RATES:
                target = row[f"{leaf}.target"]
                if not given(value) or not given(target):
                    continue
                short = target - value
                total += (
                    full
                    if short <= 0
                    else max(0.0, math.floor((full - c.PER_POINT[leaf] * short) * 100 + 0.5) / 100)
                )
            elif given(value):
                total += math.floor(full * c.FRACTION.get(value, 0.0) * 100 + 0.5) / 100
        total = round(total, 2)
        vetoed = row["region"] in vetoed_codes
        grade = (
            "D"
            if vetoed
            else "A"
            if total >= 90
            else "B"
            if total >= 80
            else "C"
            if total >= 60
            else "D"
        )
        return pd.Series({"total": total, "grade": grade, "vetoed": vetoed})

    return frame.apply(score, axis=1)


def main() -> dict[str, float]:
    scheme = c.scheme()
    frame, incidents = c.cohort(REGIONS)
    frame_bytes = int(frame.memory_usage(deep=True).sum())

    ours = c.median_time(lambda: assess_columns(scheme, frame, incidents=incidents, year=c.YEAR))
    one_thread = c.median_time(
        lambda: assess_columns(scheme, frame, incidents=incidents, year=c.YEAR, threads=1)
    )
    numpy_time = c.median_time(lambda: vectorised(frame, incidents, c.YEAR), repeat=3)
    sample = frame.iloc[:APPLY_SAMPLE]
    apply_sample = c.median_time(lambda: row_wise(sample, incidents, c.YEAR), repeat=1, warmup=0)
    apply_time = apply_sample * REGIONS / APPLY_SAMPLE

    result = assess_columns(scheme, frame, incidents=incidents, year=c.YEAR)
    baseline = vectorised(frame, incidents, c.YEAR)
    same_grade = float((baseline["grade"] == result["grade"]).mean())
    same_total = float(np.isclose(baseline["total"], result["total"], atol=1e-9).mean())
    tracemalloc.start()
    assess_columns(scheme, frame, incidents=incidents, year=c.YEAR)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    c.report(
        "assess_columns: DataFrame to DataFrame",
        f"{REGIONS:,} cn-2013 regions, 21 points (18 as level text), ~30% verified, "
        f"{len(incidents):,} incidents; output total, grade, vetoed + 28 node columns",
        [
            ("qualityassess.batch.assess_columns (all cores)", ours),
            ("qualityassess.batch.assess_columns (1 thread)", one_thread),
            ("vectorised NumPy/pandas", numpy_time),
            (f"row-wise DataFrame.apply (from {APPLY_SAMPLE:,} rows)", apply_time),
        ],
        [
            f"target >= 3x vs vectorised: {numpy_time / ours:.1f}x  "
            f"({'met' if numpy_time / ours >= 3 else 'NOT met'})",
            f"target >= 200x vs apply: {apply_time / ours:.0f}x  "
            f"({'met' if apply_time / ours >= 200 else 'NOT met'})",
            f"peak memory {peak / 1e6:.1f} MB vs input frame {frame_bytes / 1e6:.1f} MB: "
            f"{peak / frame_bytes:.2f}x  "
            f"({'met' if peak < 2 * frame_bytes else 'NOT met'}, target < 2x)",
            f"vectorised baseline agrees with the exact result: grades {same_grade:.2%}, "
            f"totals {same_total:.2%}",
        ],
    )
    return {
        "batch": ours,
        "numpy": numpy_time,
        "apply": apply_time,
        "peak_ratio": peak / frame_bytes,
    }


if __name__ == "__main__":
    main()
