"""Generate the bundled synthetic sample (examples/data/sample-2019.json, sample-2018.json).

The 31 provinces carry their real GB/T 2260 codes and names (../shared/data/provinces.json);
every input value is INVENTED. Inputs are drawn from a seeded generator and kept only when
cn-2013 grades the province as published for 2019 (A 4, B 22, C 5, D 0); the 2018 sample puts
the six provinces reported as having moved up a grade in 2019 one grade lower.

    python examples/make_sample.py PROVINCES.json   # rewrites examples/data/sample-*.json
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import qualityassess as qa

SEED = 2019
DATA = Path(__file__).resolve().parent / "data"
GRADE_QUALITY = {"A": (0.9, 1.0), "B": (0.76, 0.9), "C": (0.5, 0.74)}
TARGET_RANGES = {
    "manufacturing_pass_rate": (90.0, 95.0),
    "agri_monitoring_pass_rate": (95.0, 98.0),
    "construction_acceptance_rate": (97.0, 99.5),
}
LEVELS = [("excellent", 1.0), ("good", 0.8), ("fair", 0.6), ("poor", 0.3), ("none", 0.0)]
# In both languages: the report shows its note in its own (a zh report with an English note
# was one of issue 17's findings).
ABOUT = {
    "zh": (
        "合成样例数据（虚构）：31 个省级行政区使用真实的 GB/T 2260 代码和名称，"
        "全部目标值、自评值、核查值和质量安全事件均为虚构，"
        "由 examples/make_sample.py（随机种子 {seed}）随机生成，"
        "仅保留内置方案 cn-2013 评定等级与 {year} 考核年度公布等级一致者。"
        "这些数据不是各省的真实数据（真实数据从未公布）。"
    ),
    "en": (
        "SYNTHETIC SAMPLE. The 31 provincial-level regions with their real GB/T 2260 codes and "
        "names; every target, self-evaluated value, verified value and incident is invented. The "
        "inputs were drawn at random (examples/make_sample.py, seed {seed}) and kept only where "
        "the built-in scheme cn-2013 gives the grade published for the {year} assessment year. "
        "They are not the provinces' real figures, which were never published."
    ),
}


def draw_level(rng: random.Random, quality: float) -> str:
    weights = [math.exp(-(((fraction - quality) / 0.15) ** 2)) for _, fraction in LEVELS]
    return rng.choices([level for level, _ in LEVELS], weights=weights)[0]


def draw_inputs(
    rng: random.Random, leaf_ids: list[str], quality: float
) -> tuple[dict[str, float], dict[str, Any]]:
    """Targets and self-evaluated values around `quality` (0..1): the three target rates a
    little short of their targets, every other point of `leaf_ids` a level."""
    targets: dict[str, float] = {}
    self_evaluation: dict[str, Any] = {}
    for leaf, (low, high) in TARGET_RANGES.items():
        target = round(rng.uniform(low, high), 1)
        shortfall = max(0.0, rng.gauss((1.0 - quality) * 2.5, 0.6))
        targets[leaf] = target
        self_evaluation[leaf] = round(min(100.0, max(0.0, target - shortfall + 0.3)), 1)
    for leaf in leaf_ids:
        if leaf not in targets:
            self_evaluation[leaf] = draw_level(rng, quality)
    return targets, self_evaluation


def draw_submission(
    rng: random.Random, region: dict[str, Any], year: int, quality: float
) -> dict[str, Any]:
    scheme = qa.Scheme.builtin("cn-2013")
    targets, self_evaluation = draw_inputs(rng, scheme.leaf_ids, quality)
    submission: dict[str, Any] = {
        "region": {"code": region["code"], "name": region["name_zh"]},
        "year": year,
        "scheme": "cn-2013",
        "targets": targets,
        "self_evaluation": self_evaluation,
    }
    # Key spot checks (Art. 6.3) on a few points, here confirming what was reported.
    checked = rng.sample(scheme.leaf_ids[3:], 2)
    submission["verification"] = {leaf: self_evaluation[leaf] for leaf in checked}
    if rng.random() < 0.25:
        day = rng.randrange(0, 365)
        date = f"{year + 1}-0{1 + day % 6}-{1 + day % 28:02d}"
        submission["incidents"] = [
            {
                "id": f"{region['code']}-{year}-1",
                "date": date,
                "scope": "local",
                "reported_in_self_evaluation": True,
                "summary": (
                    "Invented local product-quality incident, contained within one enterprise."
                ),
            }
        ]
    return submission


def make_year(regions: list[dict[str, Any]], year: int, grade_of: dict[str, str]) -> dict[str, Any]:
    scheme = qa.Scheme.builtin("cn-2013")
    submissions = []
    for region in regions:
        rng = random.Random(f"{SEED}-{year}-{region['code']}")
        wanted = grade_of[region["code"]]
        for _attempt in range(10_000):
            submission = draw_submission(rng, region, year, rng.uniform(*GRADE_QUALITY[wanted]))
            if qa.assess(scheme, submission).grade == wanted:
                submissions.append(submission)
                break
        else:
            raise RuntimeError(f"no sample for {region['code']} with grade {wanted}")
    return {
        "about": {lang: about.format(seed=SEED, year=year) for lang, about in ABOUT.items()},
        "synthetic": True,
        "year": year,
        "scheme": "cn-2013",
        "expected_grades": grade_of,
        "submissions": submissions,
    }


def one_grade_lower(grade: str) -> str:
    return {"A": "B", "B": "C", "C": "D"}[grade]


def main(provinces_path: str) -> None:
    regions = json.loads(Path(provinces_path).read_text(encoding="utf-8"))["regions"]
    grades_2019 = {r["code"]: r["published_grade_2019"] for r in regions}
    grades_2018 = {
        r["code"]: one_grade_lower(r["published_grade_2019"])
        if r["moved_up_a_grade_in_2019"]
        else r["published_grade_2019"]
        for r in regions
    }
    for year, grades in ((2019, grades_2019), (2018, grades_2018)):
        document = make_year(regions, year, grades)
        path = DATA / f"sample-{year}.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main(
        sys.argv[1]
        if len(sys.argv) > 1
        else str(Path(__file__).resolve().parents[2] / "shared/data/provinces.json")
    )
