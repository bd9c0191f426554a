"""`qualityassess grade` at the scale of all county-level regions (2,850, full submissions) and
of 100,000 regions (small submissions: region and year only, 4.6 MB of JSON, as in issue 12):
wall time and peak memory (the child's maximum resident set, ``os.wait4``) of the command, each
run in its own process, against baselines run side by side:

    grade                     the command: the cohort graded in chunks of 2,000 under band
                              grading, a small summary kept per region, the report written as
                              it is rendered (per-region detail up to report.DETAIL_LIMIT)
    assess_many + report      the way grade worked before: every Result held, the whole HTML
                              built in memory, then written (2,850 only: at 100,000 it took
                              7 min and 9.95 GB, issue 12)
    assess_many alone         every Result held, nothing rendered: what holding the cohort
                              costs by itself

Target (issue 12): memory bounded by the report, not by the number of regions; at 100,000
regions peak RSS < 1 GB and the report a ranking of every region, saying how it was cut.
Timings depend on the machine and its load: not part of the tests."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from qualityassess.sample import load_sample

SIZES = (("full", 2_850), ("small", 100_000))
MEMORY_TARGET_MB = 1_000
BASELINE_FULL_REPORT_MAX = 2_850  # the old path builds 10 GB at 100,000: not run there

ASSESS_AND_REPORT = """
import sys
import qualityassess as qa
from qualityassess import _core, report
from qualityassess._files import write_text_atomic
documents = _core.parse_json(open(sys.argv[1], encoding="utf-8").read(), "other")
results = qa.assess_many("cn-2013", documents)
html = report.render_report(results, "en", detail_limit=len(results))
write_text_atomic(sys.argv[2], html)
"""
ASSESS_ONLY = """
import sys
import qualityassess as qa
from qualityassess import _core
documents = _core.parse_json(open(sys.argv[1], encoding="utf-8").read(), "other")
results = qa.assess_many("cn-2013", documents)
print(len(results))
"""


def cohort(kind: str, n: int) -> list[dict[str, Any]]:
    """``n`` submissions with invented 6-digit codes: the sample's 31 provinces' values
    repeated (``full``), or region and year alone (``small``)."""
    sample = load_sample()["submissions"]
    out = []
    for i in range(n):
        code = f"{100000 + i:06d}"
        if kind == "small":
            out.append({"region": {"code": code}, "year": 2019})
        else:
            document = dict(sample[i % len(sample)])
            document["region"] = {"code": code, "name": f"合成县{i:05d}"}
            out.append(document)
    return out


# Runs the command and prints its peak RSS (kB). Linux hands a forked child the resident size of
# its parent as its starting maximum, so a command started straight from this process (which
# holds the earlier benchmarks' memory when make bench runs them all) would report this
# process's size; started from this small launcher, it reports its own.
_LAUNCHER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``command`` run in its own process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command], capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}... failed: {stderr[-2000:]}")
    return elapsed, int(done.stdout.split()[-1]) / 1024  # kB on Linux


def run_size(folder: Path, kind: str, n: int) -> dict[str, tuple[float, float]]:
    data = folder / f"cohort-{n}.json"
    data.write_text(json.dumps(cohort(kind, n), ensure_ascii=False), encoding="utf-8")
    out: dict[str, tuple[float, float]] = {}
    report = folder / f"report-{n}.html"
    cli = [sys.executable, "-m", "qualityassess", "--lang", "en", "grade", str(data)]
    out["grade"] = measured([*cli, "--out", str(report)])
    size = report.stat().st_size
    if n <= BASELINE_FULL_REPORT_MAX:
        old = folder / f"report-{n}-old.html"
        out["assess_many + report"] = measured(
            [sys.executable, "-c", ASSESS_AND_REPORT, str(data), str(old)]
        )
    out["assess_many alone"] = measured([sys.executable, "-c", ASSESS_ONLY, str(data)])
    print(f"\n== grade of {n:,} regions ({kind} submissions)")
    print(
        f"   workload: {data.stat().st_size / 1e6:.1f} MB of JSON, cn-2013; "
        f"report {size / 1e6:.1f} MB"
    )
    ours_time, ours_rss = out["grade"]
    for name, (seconds, rss) in out.items():
        print(
            f"   {name:<24} {seconds:8.2f} s  {seconds / ours_time:6.1f}x   "
            f"peak RSS {rss:8.0f} MB  {rss / ours_rss:6.1f}x"
        )
    if n >= 100_000:
        met = ours_rss < MEMORY_TARGET_MB
        print(
            f"   target: peak RSS < {MEMORY_TARGET_MB} MB at {n:,} regions: {ours_rss:.0f} MB "
            f"({'target met' if met else 'TARGET MISSED'})"
        )
    return out


def main(sizes: tuple[tuple[str, int], ...] = SIZES) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="qa-bench-grade-") as tmp:
        for kind, n in sizes:
            for name, (seconds, rss) in run_size(Path(tmp), kind, n).items():
                results[f"{name} {n} s"] = seconds
                results[f"{name} {n} MB"] = rss
    return results


if __name__ == "__main__":
    main()
