"""The assessment year as a campaign (qualityassess.campaign.Campaign) at the scale of all
county-level regions: 2,850 synthetic regions (and 700, to see how opening grows).

A full year is built through the API: targets, self-evaluations, a 10% risk plan, verification
of the selected regions, assess, approve, announce. Files of many regions are loaded inside
``with campaign.transaction():`` as an office loading a file would; single-region steps (a
targets amendment, a spot check, a verification, a correction) are timed one by one, both

    as the CLI takes them   open the file, one step, close (file-targets and verify wrap the
                            step in a transaction, as ``qualityassess campaign`` does); in this
                            process, so without the interpreter's start and imports (~0.3 s)
    in-process              one step on a campaign that is open already

and the other planned regions' verifications one by one in-process. Every such step rewrites
its region's row of the file's current state (table ``current``) beside its journal entry.

Then, on the announced file: Campaign.open, which reads the current rows (checked: the benchmark
stops if the file was not opened from them), against two baselines: a copy of the file without
the table (``DROP TABLE current``), which opens as the previous version's files do, by replaying
the whole journal from the start, and ``_core.campaign.replay`` over the exported journal; then
the assess step, results(), status(), notice('announcement'), check() and the file's size.

Targets (issue 11), at 2,850 regions on this machine: open < 0.5 s, each single-region step
< 50 ms (every one, the maximum, not the median), assess of all regions < 2 s, and the time to
open growing linearly with the regions (the ratio of 2,850 to 700 at most 1.25 x 4.07).

The regions are invented (codes 99xxxx); their inputs are drawn with examples/make_sample.py's
draw_inputs around a quality drawn per region, from a fixed seed."""

from __future__ import annotations

import functools
import gc
import logging
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import _common as c

import make_sample
import qualityassess._core as _core
from qualityassess.campaign import Campaign

SIZES = (700, 2_850)
SEED = 2013
SINGLE = 20  # single-region steps of each kind, in each way
PLAN_SHARE = 0.1
OPEN_TARGET = 0.5
STEP_TARGET = 0.05
ASSESS_TARGET = 2.0
TARGET_SIZE = 2_850  # the size the targets are for
LINEAR_TOLERANCE = 1.25  # opening "grows linearly" when its ratio is within 25% of the sizes'

# Quality around which a region's inputs are drawn: the sample's grade bands, and a few D.
QUALITY = [((0.9, 1.0), 0.15), ((0.76, 0.9), 0.55), ((0.5, 0.74), 0.25), ((0.3, 0.5), 0.05)]
LEVELS = [level for level, _ in make_sample.LEVELS]

DATES = {
    "create": "2019-06-01",
    "targets": "2019-06-28",
    "targets_late": "2019-07-05",
    "amend": "2019-06-29",
    "self": "2020-07-14",
    "self_late": "2020-07-20",
    "plan": "2020-07-25",
    "spot_check": "2020-07-28",
    "verify": "2020-08-05",
    "correct": "2020-08-20",
    "assess": "2020-08-25",
    "approve": "2020-09-15",
    "announce": "2020-09-25",
    "as_of": "2020-11-02",
}


# ---- the synthetic year ------------------------------------------------------------------------


def draw_regions(n: int, seed: int = SEED) -> list[dict[str, Any]]:
    """``n`` invented county-level regions with their targets, self-evaluation and incidents."""
    rng = random.Random(f"{seed}-{n}")
    leaf_ids = c.scheme().leaf_ids
    bands, weights = zip(*QUALITY, strict=True)
    regions = []
    for i in range(n):
        code = f"99{i:04d}"
        quality = rng.uniform(*rng.choices(bands, weights)[0])
        targets, self_evaluation = make_sample.draw_inputs(rng, leaf_ids, quality)
        incidents = []
        if rng.random() < 0.25:
            incidents.append(
                {
                    "id": f"{code}-1",
                    "date": f"2020-0{rng.randint(1, 6)}-{rng.randint(1, 28):02d}",
                    "scope": "local",
                    "summary": "invented local incident",
                }
            )
        if rng.random() < 0.01:  # a regional incident: grade D whatever the score (Art. 5)
            incidents.append(
                {
                    "id": f"{code}-2",
                    "date": "2019-11-12",
                    "scope": "regional",
                    "summary": "invented regional incident",
                }
            )
        regions.append(
            {
                "code": code,
                "name": f"合成县{i:04d}",
                "targets": targets,
                "self_evaluation": self_evaluation,
                "incidents": incidents,
                "late_targets": rng.random() < 0.03,
                "late_self": rng.random() < 0.03,
            }
        )
    return regions


def verified_values(
    rng: random.Random, region: dict[str, Any], points: list[str]
) -> dict[str, Any]:
    """What the verifiers found on ``points``: mostly what was reported, sometimes less."""
    values: dict[str, Any] = {}
    for point in points:
        reported = region["self_evaluation"][point]
        if rng.random() < 0.7:
            values[point] = reported
        elif isinstance(reported, float):
            values[point] = round(max(0.0, reported - rng.uniform(0.5, 4.0)), 1)
        else:
            values[point] = LEVELS[min(len(LEVELS) - 1, LEVELS.index(reported) + rng.randint(1, 2))]
    return values


def changed(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with its first point different (a correction replaces what was recorded)."""
    point, value = next(iter(values.items()))
    if isinstance(value, float):
        other: Any = round(value - 1.0 if value >= 1.0 else value + 1.0, 1)
    else:
        other = LEVELS[(LEVELS.index(value) + 1) % len(LEVELS)]
    return {**values, point: other}


# ---- timing single steps -----------------------------------------------------------------------


def timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def require_current(campaign: Campaign, what: str) -> None:
    """Stop the benchmark unless ``campaign`` was opened from its file's current rows (reads the
    campaign's private flag): otherwise the opening timed would be a replay of the journal."""
    if not campaign._opened_from_current:
        raise RuntimeError(f"{what}: not opened from the file's current state (replayed)")


def open_current(path: Path) -> Campaign:
    """The campaign at ``path``, opened from its current rows (else the benchmark stops)."""
    campaign = Campaign.open(path)
    require_current(campaign, path.name)
    return campaign


def cli_style(
    path: Path, step: Callable[[Campaign], Any], transaction: bool
) -> tuple[float, float]:
    """Open the file, take one step (in a transaction, as the CLI's file-targets and verify do),
    close: the whole time and the time of the step alone."""
    start = time.perf_counter()
    campaign = Campaign.open(path)
    opened = time.perf_counter()
    if transaction:
        with campaign.transaction():
            step(campaign)
    else:
        step(campaign)
    stepped = time.perf_counter()
    campaign.close()
    end = time.perf_counter()
    require_current(campaign, f"{path.name}, CLI-style step")
    return end - start, stepped - opened


def _call_with(step: Callable[[Campaign, str], Any], code: str, campaign: Campaign) -> Any:
    return step(campaign, code)


def single_steps(
    path: Path,
    campaign: Campaign,
    codes_inprocess: list[str],
    codes_cli: list[str],
    step: Callable[[Campaign, str], Any],
    transaction: bool,
) -> dict[str, list[Any]]:
    """Steps taken one by one in-process on the open ``campaign`` (for ``codes_inprocess``),
    then as the CLI takes them (for ``codes_cli``). Closes ``campaign``."""
    gc.collect()
    inprocess = [timed(functools.partial(step, campaign, code)) for code in codes_inprocess]
    campaign.close()  # the CLI's process is the only one with the file open
    whole, alone = [], []
    for code in codes_cli:
        total, own = cli_style(path, functools.partial(_call_with, step, code), transaction)
        whole.append(total)
        alone.append(own)
    return {"inprocess": inprocess, "cli": whole, "cli_step": alone}


def run_year(path: Path, n: int) -> dict[str, Any]:
    """Build the year at ``path`` over ``n`` regions, timing the steps; returns the timings and
    the announced campaign's file."""
    regions = draw_regions(n)
    by_code = {r["code"]: r for r in regions}
    codes = [r["code"] for r in regions]
    rng = random.Random(f"{SEED}-{n}-verification")
    out: dict[str, Any] = {"setup": {}, "single": {}}

    start = time.perf_counter()
    campaign = Campaign.create(
        path,
        "cn-2013",
        2019,
        [{"code": r["code"], "name": r["name"]} for r in regions],
        date=DATES["create"],
        actor="secretariat",
    )
    out["setup"]["create"] = time.perf_counter() - start

    def load(name: str, codes_: list[str], step: Callable[[str], Any]) -> None:
        start = time.perf_counter()
        with campaign.transaction():
            for code in codes_:
                step(code)
        out["setup"][name] = time.perf_counter() - start

    load(
        "file_targets (one transaction)",
        codes,
        lambda code: campaign.file_targets(
            code,
            by_code[code]["targets"],
            actor=f"{code} office",
            date=DATES["targets_late" if by_code[code]["late_targets"] else "targets"],
        ),
    )

    # Targets amended before the self-evaluation (the first filing date counts for lateness).
    amend_inprocess, amend_cli = codes[:SINGLE], codes[SINGLE : 2 * SINGLE]

    def amend(camp: Campaign, code: str) -> None:
        targets = {k: round(v - 0.5, 1) for k, v in by_code[code]["targets"].items()}
        camp.file_targets(code, targets, date=DATES["amend"], actor=f"{code} office")

    out["single"]["file_targets (amendment)"] = single_steps(
        path, campaign, amend_inprocess, amend_cli, amend, transaction=True
    )
    campaign = open_current(path)

    load(
        "self_evaluate (one transaction)",
        codes,
        lambda code: campaign.self_evaluate(
            code,
            by_code[code]["self_evaluation"],
            by_code[code]["incidents"],
            date=DATES["self_late" if by_code[code]["late_self"] else "self"],
            actor=f"{code} office",
        ),
    )

    start = time.perf_counter()
    plan = campaign.plan_verification(
        rule="risk",
        share=PLAN_SHARE,
        points=3,
        seed=2020,
        date=DATES["plan"],
        actor="secretariat",
    )
    out["setup"]["plan_verification (risk, 10%)"] = time.perf_counter() - start
    planned = {entry["region"]: list(entry["points"]) for entry in plan["selected"]}
    out["selected"] = len(planned)

    # Spot checks (重点抽查) of regions the plan did not draw; verified with the others below.
    others = [code for code in codes if code not in planned]
    spot_inprocess, spot_cli = others[:SINGLE], others[SINGLE : 2 * SINGLE]
    measures = [leaf for leaf in c.scheme().leaf_ids if leaf not in c.RATES]
    for code in spot_inprocess + spot_cli:
        planned[code] = random.Random(code).sample(measures, 3)

    def spot_check(camp: Campaign, code: str) -> None:
        camp.spot_check(
            code,
            reason="complaints about its supervision records",
            points=planned[code],
            date=DATES["spot_check"],
            actor="inspection team",
        )

    out["single"]["spot_check"] = single_steps(
        path, campaign, spot_inprocess, spot_cli, spot_check, transaction=False
    )
    campaign = open_current(path)

    # Verification: SINGLE + SINGLE of the planned regions timed as above.
    verification = {
        code: verified_values(rng, by_code[code], points) for code, points in planned.items()
    }
    found = {code: rng.random() < 0.03 for code in planned}  # an incident not self-reported

    def verify(camp: Campaign, code: str) -> None:
        incidents = (
            [
                {
                    "id": f"{code}-v",
                    "date": "2020-02-20",
                    "scope": "local",
                    "summary": "invented: found on site, not reported",
                }
            ]
            if found[code]
            else []
        )
        evidence = {point: f"on-site record {code}/{point}" for point in verification[code]}
        camp.verify(
            code,
            verification[code],
            evidence=evidence,
            incidents=incidents,
            date=DATES["verify"],
            actor="inspection team",
        )

    plan_codes = [entry["region"] for entry in plan["selected"]]
    verify_inprocess, verify_cli = plan_codes[:SINGLE], plan_codes[SINGLE : 2 * SINGLE]
    out["single"]["verify"] = single_steps(
        path, campaign, verify_inprocess, verify_cli, verify, transaction=True
    )
    campaign = open_current(path)
    # The other verifications arrive one by one too (one team's report per region), in-process.
    rest = [code for code in planned if code not in verify_inprocess + verify_cli]
    gc.collect()
    out["rest"] = [timed(functools.partial(verify, campaign, code)) for code in rest]

    # Corrections of recorded verifications (wrong values), with reason and actor.
    def correct(camp: Campaign, code: str) -> None:
        camp.correct(
            "verify",
            region=code,
            values=changed(verification[code]),
            reason="transcription error in the on-site record",
            actor="inspection team lead",
            date=DATES["correct"],
        )

    out["single"]["correct (verified values)"] = single_steps(
        path, campaign, verify_inprocess, verify_cli, correct, transaction=False
    )
    out["single_regions"] = len(codes)

    # The assess step, timed on copies of the file (it can be taken once per file).
    before_assess = path.with_name(f"{path.stem}-before-assess.qa")
    shutil.copy(path, before_assess)
    assess_times = []
    for i in range(3):
        copy = path.with_name(f"{path.stem}-assess-{i}.qa")
        shutil.copy(before_assess, copy)
        with Campaign.open(copy) as other:
            gc.collect()
            assess_times.append(timed(lambda: other.assess(date=DATES["assess"])))
        copy.unlink()
    before_assess.unlink()
    out["assess"] = statistics.median(assess_times)

    campaign = open_current(path)
    start = time.perf_counter()
    results = campaign.assess(date=DATES["assess"], actor="secretariat")
    out["setup"]["assess (this file)"] = time.perf_counter() - start
    start = time.perf_counter()
    campaign.approve(date=DATES["approve"], actor="State Council")
    out["setup"]["approve"] = time.perf_counter() - start
    start = time.perf_counter()
    campaign.announce(date=DATES["announce"], actor="secretariat")
    out["setup"]["announce"] = time.perf_counter() - start
    out["grades"] = results.grade_counts()
    out["misreporting"] = len(campaign.misreporting())
    out["entries"] = campaign.check()["entries"]
    campaign.close()
    return out


def measure_file(path: Path, n: int) -> dict[str, float]:
    """Opening and reading the announced campaign."""
    out: dict[str, float] = {}
    with Campaign.open(path) as campaign:  # the path timed is the one claimed
        require_current(campaign, path.name)
    out["open"] = c.median_time(lambda: Campaign.open(path).close(), repeat=5)
    # The baseline: the file without its current rows opens as the previous version's files do,
    # by replaying the whole journal from the start.
    bare = path.with_name(f"{path.stem}-no-current.qa")
    shutil.copy(path, bare)
    with sqlite3.connect(bare) as db:
        db.execute("DROP TABLE current")
    db.close()
    with Campaign.open(bare) as campaign:
        if campaign._opened_from_current:
            raise RuntimeError(f"{bare.name}: opened from current rows it should not have")
    out["open_replay"] = c.median_time(lambda: Campaign.open(bare).close(), repeat=3)
    with Campaign.open(path) as campaign:
        actions = [entry["action"] for entry in campaign.export()["journal"]]
        out["core_replay"] = c.median_time(lambda: _core.campaign.replay(actions), repeat=3)
        out["results"] = c.median_time(campaign.results, repeat=3)
        out["status"] = c.median_time(lambda: campaign.status(as_of=DATES["as_of"]), repeat=3)
        out["notice"] = c.median_time(lambda: campaign.notice("announcement"), repeat=3)
        out["check"] = c.median_time(campaign.check, repeat=3)
    bare.unlink()
    out["bytes"] = float(path.stat().st_size)
    return out


# ---- reporting ---------------------------------------------------------------------------------


def verdict(met: bool) -> str:
    return "target met" if met else "TARGET MISSED"


def report_size(n: int, year: dict[str, Any], file: dict[str, float]) -> dict[str, float]:
    grades = "  ".join(f"{g}: {k}" for g, k in sorted(year["grades"].items()))
    c.report(
        f"campaign of {n:,} regions: opening the announced file",
        f"{n:,} invented regions (cn-2013), {year['selected']} drawn by a 10% risk plan "
        f"+ {2 * SINGLE} spot-checked, {year['entries']:,} journal entries, "
        f"file {file['bytes'] / 1e6:.1f} MB ({file['bytes'] / n / 1e3:.1f} kB a region); "
        f"{grades}; {year['misreporting']} misreporting findings",
        [
            ("Campaign.open (reads the current rows)", file["open"]),
            ("Campaign.open, DROP TABLE current (replays journal)", file["open_replay"]),
            ("_core.campaign.replay(exported journal actions)", file["core_replay"]),
        ],
        [
            "(without table current the file opens as the previous version's files do: the "
            "whole journal replayed from the start)"
        ]
        + (
            [
                f"target: open < {OPEN_TARGET} s: {file['open']:.3f} s  "
                f"({verdict(file['open'] < OPEN_TARGET)})"
            ]
            if n >= TARGET_SIZE
            else []
        ),
    )
    print("   reading it (median):")
    for name, key in (
        ("results() (every region's Result)", "results"),
        ("status(as_of)", "status"),
        ("notice('announcement')", "notice"),
        ("check() (every digest + full replay + diff)", "check"),
    ):
        print(f"   {name:<52} {c.seconds(file[key])}")
    print(f"   assess step (median of 3 copies){'':<19} {c.seconds(year['assess'])}", end="")
    if n >= TARGET_SIZE:
        print(f"   target < {ASSESS_TARGET} s: {verdict(year['assess'] < ASSESS_TARGET)}")
    else:
        print()
    print("   building the year (once):")
    for name, value in year["setup"].items():
        print(f"   {name:<52} {c.seconds(value)}")
    target = n >= TARGET_SIZE
    print(
        f"   single-region steps, {SINGLE} of each way (median / max); the CLI-style total is "
        "open + step + close"
    )
    print(f"   {'':<27} {'in-process':<23} {'CLI-style total':<23} {'CLI-style step alone':<23}")
    inprocess: list[float] = []  # every single-region step's time
    cli_steps: list[float] = []
    for name, times in year["single"].items():
        cells = [
            f"{c.seconds(statistics.median(v))} /{c.seconds(max(v))}"
            for v in (times["inprocess"], times["cli"], times["cli_step"])
        ]
        print(f"   {name:<27} {cells[0]:<23} {cells[1]:<23} {cells[2]:<23}")
        inprocess += times["inprocess"]
        cli_steps += times["cli_step"]
    rest = year["rest"]
    inprocess += rest
    print(
        f"   {f'verify, other {len(rest)} singly':<27} "
        f"{c.seconds(statistics.median(rest))} /{c.seconds(max(rest))}"
    )
    for way, steps in (("in-process", inprocess), ("CLI-style step alone", cli_steps)):
        print(
            f"   {way}: {len(steps)} steps, median {statistics.median(steps) * 1e3:.1f} ms, "
            f"worst {max(steps) * 1e3:.1f} ms"
        )
    if target:
        all_steps = inprocess + cli_steps
        over = [t for t in all_steps if t >= STEP_TARGET]
        print(
            f"   target: each single-region step < {STEP_TARGET * 1e3:.0f} ms (in-process, and "
            f"the step within the CLI's open/close): worst {max(all_steps) * 1e3:.1f} ms, "
            f"{len(over)} of {len(all_steps)} over  ({verdict(not over)})"
        )
        for name, times in year["single"].items():
            for way, values in (
                ("in-process", times["inprocess"]),
                ("CLI-style step", times["cli_step"]),
            ):
                late = [t for t in values if t >= STEP_TARGET]
                if late:
                    print(
                        f"     over: {name}, {way}: {len(late)} of {len(values)} "
                        f"(median {statistics.median(values) * 1e3:.1f} ms)"
                    )
        late_rest = [t for t in rest if t >= STEP_TARGET]
        if late_rest:
            print(f"     over: verify, other {len(rest)} singly: {len(late_rest)} of {len(rest)}")
        cli_worst = max(max(t["cli"]) for t in year["single"].values())
        budget = OPEN_TARGET + STEP_TARGET
        print(
            f"   CLI-style total (open + step + close) worst {cli_worst:.3f} s, against the open "
            f"and step targets together, {budget:.2f} s  ({verdict(cli_worst < budget)})"
        )
    return {"open": file["open"], "assess": year["assess"]}


def main(sizes: tuple[int, ...] = SIZES) -> dict[str, float]:
    # The late filings' warnings are logged as usual (their cost is timed) but not printed.
    log = logging.getLogger("qualityassess")
    quiet = logging.NullHandler()
    log.addHandler(quiet)
    propagate, log.propagate = log.propagate, False
    try:
        return _main(sizes)
    finally:
        log.removeHandler(quiet)
        log.propagate = propagate


def _main(sizes: tuple[int, ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    opens = {}
    with tempfile.TemporaryDirectory(prefix="qa-bench-campaign-") as tmp:
        for n in sizes:
            path = Path(tmp) / f"year-{n}.qa"
            year = run_year(path, n)
            file = measure_file(path, n)
            result = report_size(n, year, file)
            opens[n] = result["open"]
            out[f"open_{n}"] = result["open"]
            out[f"assess_{n}"] = result["assess"]
    if len(opens) >= 2:
        small, large = min(opens), max(opens)
        ratio, linear = opens[large] / opens[small], large / small
        print(
            f"\n   open {large:,} / open {small:,}: {ratio:.2f}x against linear {linear:.2f}x  "
            f"(target: grows linearly, within {LINEAR_TOLERANCE:.2f}x of it: "
            f"{verdict(ratio <= linear * LINEAR_TOLERANCE)})"
        )
        out["open_ratio"] = ratio
    return out


if __name__ == "__main__":
    main()
