"""Generate the synthetic province sample for Art. 10 (examples/data/shili/).

EVERYTHING IN IT IS INVENTED. 示例省 "Example Province" (code 990000) does not exist: 99 is not
a GB/T 2260 province code, and its four prefectures and eighteen counties, their names and
every target, self-evaluated value, verified value and incident are made up. The sample shows
Art. 10 at work: the province assesses its prefectures with examples/schemes/
shili-prefecture-2019.json, each prefecture its counties with shili-county-2019.json, and the
prefecture point `county_results` (share of a prefecture's counties graded A or B) is computed
from the county results, never filed.

Inputs are drawn from generators seeded per region and kept only when the scheme grades the
region as planned below (counties A 5, B 7, C 4, D 2; prefectures A 1, B 2, C 1). Among the
counties: one vetoed to D by a regional incident (Art. 5), one whose fatal local incident caps
an A at B (the province's own condition), and one whose verified values fall well short of its
self-evaluation (overstated, Art. 9).

    python examples/make_shili_sample.py              # rewrites examples/data/shili/
    python examples/make_shili_sample.py --out DIR    # writes the same files into DIR
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime
import io
import json
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import qualityassess as qa
from make_sample import LEVELS, TARGET_RANGES, draw_inputs  # beside this script

SEED = 2019
YEAR = 2019
HERE = Path(__file__).resolve().parent
SCHEMES = HERE / "schemes"
DEFAULT_OUT = HERE / "data" / "shili"
COUNTY_SCHEME = "shili-county-2019"
PREFECTURE_SCHEME = "shili-prefecture-2019"
LOWER_POINT = "county_results"

PROVINCE = ("990000", "示例省")
# code, name, planned grade, the grade it would have without its county results (or None).
PREFECTURES = [
    ("990100", "东川市", "A", "B"),
    ("990200", "西岭市", "B", None),
    ("990300", "南湖市", "B", None),
    ("990400", "北原市", "C", "B"),
]
# code, name, planned grade, special case. A/B shares: 东川 100%, 西岭 75%, 南湖 60%, 北原 25%.
COUNTIES = [
    ("990101", "望川区", "A", None),
    ("990102", "柳汀区", "A", None),
    ("990103", "青梧县", "A", None),
    ("990104", "桐溪县", "B", "fatal"),
    ("990105", "云岙市", "B", None),
    ("990201", "岭前区", "A", None),
    ("990202", "松陌县", "B", None),
    ("990203", "枫坳县", "B", None),
    ("990204", "鹤岑县", "C", None),
    ("990301", "湖汀区", "A", None),
    ("990302", "莲渚县", "B", None),
    ("990303", "渔湾县", "B", None),
    ("990304", "芦荻县", "C", None),
    ("990305", "澜浦市", "D", "regional"),
    ("990401", "塬上区", "B", None),
    ("990402", "黄塬县", "C", "overstated"),
    ("990403", "风垭县", "C", None),
    ("990404", "沙梁县", "D", None),
]
# Fraction of the attainable points a region of each grade is drawn around, per scheme.
COUNTY_QUALITY = {"A": (0.87, 1.0), "B": (0.74, 0.88), "C": (0.5, 0.76), "D": (0.2, 0.6)}
PREFECTURE_QUALITY = {"A": (0.86, 0.98), "B": (0.74, 0.9), "C": (0.5, 0.8)}
LEVEL_IDS = [level for level, _ in LEVELS]
YEAR_START = datetime.date(YEAR, 7, 1)  # Art. 3: 1 July 2019 - 30 June 2020

REGIONS_NOTE = (
    "SYNTHETIC. 示例省 (Example Province) is invented: 99 is not a GB/T 2260 province code, and "
    "no prefecture or county listed here exists (names invented too). Written by "
    f"examples/make_shili_sample.py (seed {SEED}) for the Art. 10 example: a province assesses "
    "its prefectures, each prefecture its counties."
)
ABOUT_COUNTIES = {
    "zh": "虚构示例：示例省（编码 99，非 GB/T 2260 省级代码，不存在）18 个县（市、区）的 2019 年度"
    "质量工作考核材料。行政区划名称及全部目标值、自评值、核查值和质量安全事件均为虚构，由 "
    f"examples/make_shili_sample.py（随机种子 {SEED}）随机生成，仅保留县级方案 shili-county-2019 "
    "评定等级符合预设分布者（A 5、B 7、C 4、D 2）。",
    "en": "SYNTHETIC SAMPLE. The 18 counties of Example Province (code 99, not a GB/T 2260 "
    "province code; the province does not exist), assessment year 2019. Region names and every "
    "target, self-evaluated value, verified value and incident are invented: drawn at random "
    f"by examples/make_shili_sample.py (seed {SEED}) and kept only where the county scheme "
    "shili-county-2019 gives the planned grade (A 5, B 7, C 4, D 2).",
}
ABOUT_PREFECTURES = {
    "zh": "虚构示例：示例省（编码 99，不存在）4 个地级市的 2019 年度质量工作考核材料，全部数据为"
    f"虚构，由 examples/make_shili_sample.py（随机种子 {SEED}）随机生成。“县级考核结果”"
    "（county_results）一项不填报，由所辖县的考核结果（counties-2019.json）计算。各市只列本级"
    "发生的质量安全事件，所辖县的事件见县级材料。",
    "en": "SYNTHETIC SAMPLE. The 4 prefectures of Example Province (code 99; it does not "
    "exist), assessment year 2019; every value is invented (examples/make_shili_sample.py, seed "
    f"{SEED}). The point county_results is not filed: it is computed from the county results "
    "(counties-2019.json). A prefecture lists only the incidents attributed to the prefecture "
    "itself; its counties' incidents are in the county file.",
}


def load_scheme(scheme_id: str) -> qa.Scheme:
    return qa.Scheme.load(SCHEMES / f"{scheme_id}.json")


def draw_date(rng: random.Random) -> str:
    return (YEAR_START + datetime.timedelta(days=rng.randrange(366))).isoformat()


def draw_submission(
    rng: random.Random, scheme: qa.Scheme, code: str, name: str, quality: float
) -> dict[str, Any]:
    """Targets and self-evaluation around `quality`; no verification, no incidents."""
    leaf_ids = [leaf for leaf in scheme.leaf_ids if leaf != LOWER_POINT]
    targets, self_evaluation = draw_inputs(rng, leaf_ids, quality)
    return {
        "region": {"code": code, "name": name},
        "year": YEAR,
        "scheme": scheme.id,
        "targets": targets,
        "self_evaluation": self_evaluation,
    }


def level_leaves(submission: dict[str, Any]) -> list[str]:
    return [leaf for leaf in submission["self_evaluation"] if leaf not in TARGET_RANGES]


def add_spot_checks(rng: random.Random, submission: dict[str, Any]) -> None:
    """Key spot checks (Art. 6.3) on one or two points, confirming what was filed."""
    checked = rng.sample(level_leaves(submission), rng.randint(1, 2))
    submission["verification"] = {leaf: submission["self_evaluation"][leaf] for leaf in checked}


def local_incident(rng: random.Random, code: str, deaths: int = 0) -> dict[str, Any]:
    incident: dict[str, Any] = {
        "id": f"{code}-{YEAR}-1",
        "date": draw_date(rng),
        "scope": "local",
    }
    if deaths:
        incident["deaths"] = deaths
    incident["reported_in_self_evaluation"] = True
    incident["summary"] = (
        "Invented: a local incident at one enterprise, with deaths."
        if deaths
        else "Invented: a local incident, contained within one enterprise."
    )
    return incident


def overstate(rng: random.Random, submission: dict[str, Any]) -> None:
    """Verification finds several points well below the self-evaluation (Art. 9)."""
    filed = submission["self_evaluation"]
    verification: dict[str, Any] = {}
    leaf = "manufacturing_pass_rate"
    verification[leaf] = round(filed[leaf] - rng.uniform(2.0, 3.5), 1)
    for leaf in rng.sample([x for x in level_leaves(submission) if filed[x] != "none"], 6):
        index = LEVEL_IDS.index(filed[leaf])
        verification[leaf] = LEVEL_IDS[min(len(LEVEL_IDS) - 1, index + rng.randint(1, 2))]
    submission["verification"] = verification


def condition_ids(result: qa.Result) -> list[str]:
    return [condition.id for condition in result.conditions]


def draw_county(
    scheme: qa.Scheme, code: str, name: str, wanted: str, special: str | None
) -> dict[str, Any]:
    rng = random.Random(f"{SEED}-{YEAR}-{code}")
    for _attempt in range(10_000):
        # The grade the filed figures earn by score: A for the fatal case (capped at B), B
        # for the vetoed one and for the overstated one (its verified figures earn `wanted`).
        drawn = {"fatal": "A", "regional": "B", "overstated": "B"}.get(special or "", wanted)
        before = drawn if special in ("fatal", "regional") else wanted
        submission = draw_submission(rng, scheme, code, name, rng.uniform(*COUNTY_QUALITY[drawn]))
        if special == "fatal":
            submission["incidents"] = [local_incident(rng, code, deaths=1)]
        elif special == "regional":
            submission["incidents"] = [
                {
                    "id": f"{code}-{YEAR}-1",
                    "date": draw_date(rng),
                    "scope": "regional",
                    "reported_in_self_evaluation": True,
                    "summary": "Invented: substandard products sold across the county.",
                }
            ]
        elif special == "overstated":
            filed_grade = qa.assess(scheme, submission).grade
            overstate(rng, submission)
            if filed_grade != drawn:
                continue
        else:
            if rng.random() < 0.5:
                add_spot_checks(rng, submission)
            if rng.random() < 0.2:
                submission["incidents"] = [local_incident(rng, code)]
        result = qa.assess(scheme, submission)
        if result.grade != wanted or result.grade_before_conditions != before:
            continue
        conditions = condition_ids(result)
        if special == "fatal" and conditions == ["fatal_incident"]:
            return submission
        if special == "regional" and conditions == ["systemic_incident"] and result.vetoed:
            return submission
        kinds = [finding.kind for finding in result.findings]
        if special == "overstated" and conditions == ["misreporting"] and len(kinds) >= 4:
            if set(kinds) == {"overstated"}:
                return submission
        if special is None and not conditions and not result.findings:
            return submission
    raise RuntimeError(f"no sample for county {code} with grade {wanted} ({special})")


def a_or_b_share(grades: list[str]) -> Fraction:
    return Fraction(100 * sum(grade in ("A", "B") for grade in grades), len(grades))


def with_lower_value(submission: dict[str, Any], value: Fraction) -> dict[str, Any]:
    """A scratch copy with county_results filed by hand, only to see the grade."""
    scratch = copy.deepcopy(submission)
    scratch["self_evaluation"][LOWER_POINT] = round(float(value), 4)
    return scratch


def draw_prefecture(
    scheme: qa.Scheme, code: str, name: str, wanted: str, without: str | None, share: Fraction
) -> dict[str, Any]:
    rng = random.Random(f"{SEED}-{YEAR}-{code}")
    for _attempt in range(10_000):
        submission = draw_submission(
            rng, scheme, code, name, rng.uniform(*PREFECTURE_QUALITY[wanted])
        )
        if rng.random() < 0.5:
            add_spot_checks(rng, submission)
        result = qa.assess(scheme, with_lower_value(submission, share))
        if result.grade != wanted or result.conditions or result.findings:
            continue
        if without is not None:
            # The county results decide the grade: with 0 (or full) points it would differ.
            other = Fraction(0) if wanted < without else Fraction(100)
            if qa.assess(scheme, with_lower_value(submission, other)).grade != without:
                continue
        return submission
    raise RuntimeError(f"no sample for prefecture {code} with grade {wanted}")


def region_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"code": PROVINCE[0], "name": PROVINCE[1], "level": "province", "parent": None}
    ]
    for code, name, _grade, _without in PREFECTURES:
        rows.append({"code": code, "name": name, "level": "prefecture", "parent": PROVINCE[0]})
    for code, name, _grade, _special in COUNTIES:
        rows.append({"code": code, "name": name, "level": "county", "parent": code[:4] + "00"})
    return sorted(rows, key=lambda row: row["code"])


def regions_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parent"])
    for row in rows:
        writer.writerow([row["code"], row["name"], row["level"], row["parent"] or ""])
    return buffer.getvalue()


def assessed_prefecture_grades(
    scheme: qa.Scheme,
    submissions: list[dict[str, Any]],
    regions_path: Path,
    county_results: qa.Results,
) -> dict[str, str] | None:
    """The grades qa.assess_level gives (None while it does not exist)."""
    assess_level = getattr(qa, "assess_level", None)
    if assess_level is None:
        return None
    regions = qa.Regions.load(regions_path)
    results = assess_level(
        scheme, submissions, regions, level="prefecture", under=PROVINCE[0], lower=county_results
    )
    return {result.region_code: result.grade for result in results}


def dump(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    rows = region_rows()
    regions_path = out / "regions.json"
    regions_doc = {"format": "qualityassess-regions/1", "note": REGIONS_NOTE, "regions": rows}
    regions_path.write_text(dump(regions_doc), encoding="utf-8")
    (out / "regions.csv").write_text(regions_csv(rows), encoding="utf-8")

    county_scheme = load_scheme(COUNTY_SCHEME)
    counties = [draw_county(county_scheme, *county) for county in COUNTIES]
    county_results = qa.assess_many(county_scheme, counties)
    county_grades = {result.region_code: result.grade for result in county_results}
    (out / f"counties-{YEAR}.json").write_text(
        dump(
            {
                "about": ABOUT_COUNTIES,
                "synthetic": True,
                "year": YEAR,
                "scheme": COUNTY_SCHEME,
                "scheme_file": f"examples/schemes/{COUNTY_SCHEME}.json",
                "regions_file": "regions.json",
                "expected_grades": county_grades,
                "submissions": counties,
            }
        ),
        encoding="utf-8",
    )

    prefecture_scheme = load_scheme(PREFECTURE_SCHEME)
    prefectures = []
    scratch_grades = {}
    for code, name, wanted, without in PREFECTURES:
        share = a_or_b_share([g for c, g in county_grades.items() if c[:4] == code[:4]])
        submission = draw_prefecture(prefecture_scheme, code, name, wanted, without, share)
        prefectures.append(submission)
        scratch = with_lower_value(submission, share)
        scratch_grades[code] = qa.assess(prefecture_scheme, scratch).grade
    grades = assessed_prefecture_grades(
        prefecture_scheme, prefectures, regions_path, county_results
    )
    if grades is not None and grades != scratch_grades:
        raise RuntimeError(f"assess_level gives {grades}, the scratch copies {scratch_grades}")
    (out / f"prefectures-{YEAR}.json").write_text(
        dump(
            {
                "about": ABOUT_PREFECTURES,
                "synthetic": True,
                "year": YEAR,
                "scheme": PREFECTURE_SCHEME,
                "scheme_file": f"examples/schemes/{PREFECTURE_SCHEME}.json",
                "regions_file": "regions.json",
                "lower_level": {
                    "point": LOWER_POINT,
                    "file": f"counties-{YEAR}.json",
                    "level": "county",
                },
                "expected_grades": scratch_grades,
                "submissions": prefectures,
            }
        ),
        encoding="utf-8",
    )
    print(f"wrote {out}: regions.json, regions.csv, counties-{YEAR}.json, prefectures-{YEAR}.json")


if __name__ == "__main__":
    main()
