"""Shared pieces of the benchmarks: synthetic cn-2013 cohorts, timing and reporting.

The cohorts are synthetic and seeded: region codes, filed targets and pass rates near them, the
18 measures as level text (ids, Chinese or English labels), about a third of the values
verified, a few incidents around the edges of the assessment year."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import qualityassess as qa

YEAR = 2019
RATES = ("manufacturing_pass_rate", "agri_monitoring_pass_rate", "construction_acceptance_rate")
PER_POINT = {"manufacturing_pass_rate": 3.0, "agri_monitoring_pass_rate": 3.0,
             "construction_acceptance_rate": 2.0}  # fmt: skip
LEVEL_TEXT = ["excellent", "good", "fair", "poor", "none", "优秀", "良好", "一般", "较差"]
FRACTION = {
    "excellent": 1.0, "good": 0.8, "fair": 0.6, "poor": 0.3, "none": 0.0,
    "优秀": 1.0, "良好": 0.8, "一般": 0.6, "较差": 0.3, "未开展": 0.0, "not done": 0.0,
}  # fmt: skip


def scheme() -> qa.Scheme:
    return qa.Scheme.builtin("cn-2013")


def leaf_points() -> dict[str, float]:
    return {n["id"]: float(n["points"]) for n in scheme().nodes() if n["is_leaf"]}


def cohort(n: int, seed: int = 2013) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A table of ``n`` regions in the assess_frame layout, and its incidents."""
    rng = np.random.default_rng(seed)
    levels = [leaf for leaf in scheme().leaf_ids if leaf not in RATES]
    columns: dict[str, Any] = {"region": (np.arange(n) + 100000).astype(str)}
    for leaf in RATES:
        target = rng.uniform(88, 99, n).round(1)
        columns[f"{leaf}.target"] = target
        columns[f"{leaf}.self"] = (target + rng.normal(-0.5, 1.5, n)).clip(0, 100).round(2)
        verified = (columns[f"{leaf}.self"] - rng.uniform(0, 2, n)).clip(0, 100).round(2)
        columns[f"{leaf}.verified"] = np.where(rng.random(n) < 0.3, verified, np.nan)
    text = np.array(LEVEL_TEXT, dtype=object)
    for leaf in levels:
        columns[f"{leaf}.self"] = rng.choice(text[:4], n, p=[0.3, 0.4, 0.2, 0.1])
        columns[f"{leaf}.verified"] = np.where(rng.random(n) < 0.3, rng.choice(text, n), None)
    frame = pd.DataFrame(columns)
    m = max(1, n // 50)
    edges = ["2019-06-30", "2019-07-01", "2020-03-15", "2020-06-30", "2020-07-01"]
    incidents = pd.DataFrame(
        {
            "region": rng.choice(frame["region"].to_numpy(), m),
            "date": rng.choice(edges, m),
            "scope": rng.choice(["local", "regional", "systemic"], m),
        }
    )
    return frame, incidents


def median_time(function: Callable[[], Any], repeat: int = 5, warmup: int = 1) -> float:
    """The median wall time of ``repeat`` calls, after ``warmup`` calls."""
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_times_side_by_side(
    functions: dict[str, Callable[[], Any]], repeat: int = 15, warmup: int = 1
) -> dict[str, float]:
    """The median wall time of each function, the functions taking turns round by round.

    On a shared machine the speed drifts from one second to the next; timing each function in a
    block of its own lets that drift decide a ratio. Taking turns gives every function the same
    conditions, so the ratio of two medians is what the code makes it."""
    for function in functions.values():
        for _ in range(warmup):
            function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:8.3f} s "
    if value >= 1e-3:
        return f"{value * 1e3:8.2f} ms"
    return f"{value * 1e6:8.2f} us"


def report(title: str, workload: str, rows: list[tuple[str, float]], targets: list[str]) -> None:
    """Print a table of medians with ratios against the first row (ours)."""
    print(f"\n== {title}")
    print(f"   workload: {workload}")
    ours = rows[0][1]
    for name, value in rows:
        ratio = value / ours if ours > 0 else float("inf")
        print(f"   {name:<52} {seconds(value)}   {ratio:8.1f}x")
    for target in targets:
        print(f"   {target}")
