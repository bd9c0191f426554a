"""One submission dict assessed with qa.assess, against a pure-Python implementation of the same
cn-2013 rules (targets with deductions, levels, sums, bands, the incident veto, misreporting);
then the same at the scale of all county-level regions (2,850 dicts) with qa.assess_many.

qa.assess does more (it checks every value, records findings, explains every point). The target
(issue 13, "one engine"): qa.assess(scheme, dict) at least 2x faster than the pure-Python
scoring, the ratio being pure-Python time / qa.assess time, medians measured side by side in one
run (taking turns round by round, so that a shared machine's drift falls on both alike).
assess_many of 2,850 regions has no target of its own beyond no regression: compare its
figure with the one printed before a change."""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

import qualityassess as qa

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "submissions" / "hubei-2019.json"
TARGET_RATIO = 2.0  # issue 13: qa.assess at least 2x faster than the pure-Python scoring
COUNTIES = 2_850  # all county-level regions


def pure_python(submission: dict[str, Any], points: dict[str, float]) -> dict[str, Any]:
    """cn-2013 by hand: floats, half-up rounding to 2 decimals."""
    targets = submission.get("targets", {})
    own = submission.get("self_evaluation", {})
    verified = submission.get("verification", {})

    def score(leaf: str, value: Any) -> float:
        full = points[leaf]
        if value is None:
            return 0.0
        if leaf in c.RATES:
            target = targets.get(leaf)
            if target is None:
                return 0.0
            short = target - value
            if short <= 0:
                return full
            return max(0.0, math.floor((full - c.PER_POINT[leaf] * short) * 100 + 0.5) / 100)
        return math.floor(full * c.FRACTION[value] * 100 + 0.5) / 100

    leaves = {}
    overstated = []
    for leaf in points:
        mine, checked = own.get(leaf), verified.get(leaf)
        leaves[leaf] = score(leaf, checked if checked is not None else mine)
        if checked is not None and mine is not None:
            if score(leaf, mine) - leaves[leaf] > 0.1 * points[leaf]:
                overstated.append(leaf)
    product = leaves["manufacturing_pass_rate"] + leaves["agri_monitoring_pass_rate"]
    measures = sum(v for k, v in leaves.items() if k not in c.RATES)
    total = round(product + leaves["construction_acceptance_rate"] + measures, 2)
    year = submission["year"]
    start, end = dt.date(year, 7, 1), dt.date(year + 1, 6, 30)
    vetoed = concealed = False
    for incident in submission.get("incidents", []):
        inside = start <= dt.date.fromisoformat(incident["date"]) <= end
        vetoed = vetoed or (inside and incident["scope"] in ("regional", "systemic"))
        concealed = concealed or (inside and not incident.get("reported_in_self_evaluation", True))
    grade = "A" if total >= 90 else "B" if total >= 80 else "C" if total >= 60 else "D"
    return {
        "total": total,
        "grade": "D" if vetoed else grade,
        "vetoed": vetoed,
        "misreporting": bool(overstated) or concealed,
        "nodes": leaves,
    }


def main() -> dict[str, float]:
    scheme = c.scheme()
    submission = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    points = c.leaf_points()
    read = qa.Submission.from_dict(submission)
    # The same calls with each result dropped as soon as it is made as well: what keeping 1,000
    # results costs (memory the allocator hands out and takes back) is then left out, for both.
    medians = c.median_times_side_by_side(
        {
            "ours": lambda: [qa.assess(scheme, submission) for _ in range(1000)],
            "engine": lambda: [qa.assess(scheme, read) for _ in range(1000)],
            "pure": lambda: [pure_python(submission, points) for _ in range(1000)],
            "ours_dropped": lambda: _drop_each(lambda: qa.assess(scheme, submission)),
            "pure_dropped": lambda: _drop_each(lambda: pure_python(submission, points)),
        }
    )
    ours, engine, pure, ours_dropped, pure_dropped = (
        medians[name] / 1000 for name in ("ours", "engine", "pure", "ours_dropped", "pure_dropped")
    )
    result = qa.assess(scheme, submission)
    expected = pure_python(submission, points)
    same = (result.total, result.grade, result.vetoed) == (
        expected["total"],
        expected["grade"],
        expected["vetoed"],
    )
    c.report(
        "qa.assess of one submission dict",
        f"{EXAMPLE.name}: 21 points, targets, verified values, incidents; 1,000 calls per timing",
        [
            ("qa.assess(scheme, dict) (checks, findings, explanations)", ours),
            ("qa.assess(scheme, Submission already read)", engine),
            ("pure-Python scoring of the same rules", pure),
        ],
        [
            f"target ≥ {TARGET_RATIO:g}× (issue 13): pure Python / qa.assess = {pure / ours:.2f}× "
            f"({'met' if pure >= TARGET_RATIO * ours else 'NOT met'})",
            f"the engine alone (a Submission already read): pure Python / qa.assess = "
            f"{pure / engine:.2f}×",
            f"each result dropped as made (no target): pure Python / qa.assess = "
            f"{pure_dropped / ours_dropped:.2f}× ({c.seconds(ours_dropped).strip()} against "
            f"{c.seconds(pure_dropped).strip()})",
            f"same total, grade and veto: {same}",
        ],
    )
    return {
        "assess": ours,
        "engine": engine,
        "pure": pure,
        **at_county_scale(scheme, submission, points),
    }


def _drop_each(call: Any) -> None:
    for _ in range(1000):
        call()


def at_county_scale(
    scheme: qa.Scheme, submission: dict[str, Any], points: dict[str, float]
) -> dict[str, float]:
    """qa.assess_many of 2,850 dicts (the example's values under distinct codes), against
    qa.assess one by one and the pure-Python scoring of each."""
    cohort = []
    for i in range(COUNTIES):
        document = dict(submission)
        document["region"] = {"code": f"{100000 + i:06d}", "name": f"county {i}"}
        cohort.append(document)
    many = c.median_time(lambda: qa.assess_many(scheme, cohort), repeat=5)
    each = c.median_time(lambda: [qa.assess(scheme, d) for d in cohort], repeat=5)
    pure = c.median_time(lambda: [pure_python(d, points) for d in cohort], repeat=5)
    c.report(
        f"qa.assess_many of {COUNTIES:,} submission dicts (all county-level regions)",
        f"{EXAMPLE.name}'s values under {COUNTIES:,} codes; per region: "
        f"{many / COUNTIES * 1e6:.1f} us",
        [
            ("qa.assess_many(scheme, dicts)", many),
            (f"qa.assess(scheme, dict) x {COUNTIES:,}", each),
            (f"pure-Python scoring x {COUNTIES:,}", pure),
        ],
        [
            f"pure Python / assess_many = {pure / many:.2f}× (no target of its own: no "
            "regression against the figure before a change)"
        ],
    )
    return {"assess_many 2850": many, "assess 2850": each, "pure 2850": pure}


if __name__ == "__main__":
    main()
