"""Every benchmark, one after the other (``make bench``): each prints its workload, the median
times, the ratio of each baseline to ours and whether its target is met. Not part of the tests:
timings depend on the machine and on what else runs on it."""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_analysis
import bench_batch
import bench_campaign
import bench_grade
import bench_single

import qualityassess as qa


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"qualityassess {qa.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load:.2f} at start"
    )
    start = time.perf_counter()
    bench_batch.main()
    bench_analysis.main()
    bench_single.main()
    bench_campaign.main()
    bench_grade.main()
    print(f"\n(all benchmarks: {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
