"""The synthetic province sample for Art. 10 (issue 7): examples/data/shili/.

Example Province (示例省, code 990000; invented) assesses its four prefectures with
shili-prefecture-2019 and each prefecture its counties with shili-county-2019 (Art. 10: schemes
adapted to local conditions). The prefecture point `county_results` is the share of a
prefecture's counties graded A or B, computed from the county results and never filed.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DATA = EXAMPLES / "data" / "shili"
GENERATOR = EXAMPLES / "make_shili_sample.py"
FILES = ["regions.json", "regions.csv", "counties-2019.json", "prefectures-2019.json"]
PROVINCE = "990000"
LOWER_POINT = "county_results"


def read_json(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def regions_doc() -> dict[str, Any]:
    return read_json("regions.json")


@pytest.fixture(scope="module")
def counties() -> dict[str, Any]:
    return read_json("counties-2019.json")


@pytest.fixture(scope="module")
def prefectures() -> dict[str, Any]:
    return read_json("prefectures-2019.json")


@pytest.fixture(scope="module")
def county_scheme() -> qa.Scheme:
    return qa.Scheme.load(EXAMPLES / "schemes" / "shili-county-2019.json")


@pytest.fixture(scope="module")
def prefecture_scheme() -> qa.Scheme:
    return qa.Scheme.load(EXAMPLES / "schemes" / "shili-prefecture-2019.json")


@pytest.fixture(scope="module")
def county_results(county_scheme: qa.Scheme, counties: dict[str, Any]) -> qa.Results:
    return qa.assess_many(county_scheme, counties["submissions"])


def by_code(results: list[qa.Result]) -> dict[str, qa.Result]:
    return {result.region_code: result for result in results}


def condition_ids(result: qa.Result) -> list[str]:
    return [condition.id for condition in result.conditions]


def a_or_b_share(county_results: list[qa.Result], prefecture: str) -> Fraction:
    """Percentage of the prefecture's counties graded A or B, from the county results."""
    grades = [r.grade for r in county_results if r.region_code[:4] == prefecture[:4]]
    assert grades, prefecture
    return Fraction(100 * sum(grade in ("A", "B") for grade in grades), len(grades))


def county_points(share: Fraction) -> Fraction:
    """3.5 x min(1, share / 80), rounded to 2 digits half up (the scheme's rounding)."""
    exact = Fraction(7, 2) * min(Fraction(1), share / 80)
    return Fraction(math.floor(exact * 100 + Fraction(1, 2)), 100)


# ---- the region file -------------------------------------------------------------------------


def test_region_file_is_synthetic_and_complete(regions_doc: dict[str, Any]) -> None:
    """Art. 10 hierarchy: one invented province (99 is no GB/T 2260 code), 4 prefectures, 18
    counties, every county under a prefecture of 990000."""
    assert regions_doc["format"] == "qualityassess-regions/1"
    assert "SYNTHETIC" in regions_doc["note"] and "GB/T 2260" in regions_doc["note"]
    rows = {row["code"]: row for row in regions_doc["regions"]}
    assert len(rows) == len(regions_doc["regions"]) == 23
    levels = Counter(row["level"] for row in rows.values())
    assert levels == {"province": 1, "prefecture": 4, "county": 18}
    assert rows[PROVINCE]["name"] == "示例省" and not rows[PROVINCE]["parent"]
    for code, row in rows.items():
        assert code.startswith("99") and len(code) == 6
        if row["level"] == "prefecture":
            assert row["parent"] == PROVINCE and code.endswith("00") and row["name"][-1] == "市"
        if row["level"] == "county":
            assert row["parent"] == code[:4] + "00" and rows[row["parent"]]["level"] == "prefecture"
            assert row["name"][-1] in "县区市"
    counties_per_prefecture = Counter(r["parent"] for r in rows.values() if r["level"] == "county")
    assert all(3 <= n <= 6 for n in counties_per_prefecture.values())


def test_region_csv_has_the_rows_of_the_json(regions_doc: dict[str, Any]) -> None:
    text = (DATA / "regions.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "code,name,level,parent"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [
        {key: row[key] or "" for key in ("code", "name", "level", "parent")}
        for row in regions_doc["regions"]
    ]


def test_region_files_load(regions_doc: dict[str, Any]) -> None:
    """Both region files load with qa.Regions and give the same tree."""
    if not hasattr(qa, "Regions"):
        pytest.skip("qa.Regions is not in this build yet")
    expected = {row["code"]: row for row in regions_doc["regions"]}
    for name in ("regions.json", "regions.csv"):
        regions = qa.Regions.load(DATA / name)
        assert sorted(regions) == sorted(expected), name
        for code, row in expected.items():
            region = regions[code]
            assert (region.name, region.level, region.parent) == (
                row["name"],
                row["level"],
                row["parent"],
            ), (name, code)
        assert regions.children(PROVINCE) == ["990100", "990200", "990300", "990400"]
        assert len(regions.descendants(PROVINCE, level="county")) == 18


# ---- the data files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "scheme", "level", "count"),
    [
        ("counties-2019.json", "shili-county-2019", "county", 18),
        ("prefectures-2019.json", "shili-prefecture-2019", "prefecture", 4),
    ],
)
def test_data_file_is_synthetic_and_matches_the_region_file(
    regions_doc: dict[str, Any], name: str, scheme: str, level: str, count: int
) -> None:
    """Every submission is one region of the file's level under 990000, with its name."""
    document = read_json(name)
    assert document["synthetic"] is True
    assert "SYNTHETIC" in document["about"]["en"] and "虚构" in document["about"]["zh"]
    assert document["year"] == 2019 and document["scheme"] == scheme
    assert qa.Scheme.load(EXAMPLES / "schemes" / f"{scheme}.json").id == scheme
    rows = {row["code"]: row for row in regions_doc["regions"]}
    codes = [s["region"]["code"] for s in document["submissions"]]
    assert len(codes) == len(set(codes)) == count
    assert set(codes) == {code for code, row in rows.items() if row["level"] == level}
    assert set(document["expected_grades"]) == set(codes)
    for submission in document["submissions"]:
        code = submission["region"]["code"]
        assert rows[code]["level"] == level and code.startswith(PROVINCE[:2])
        assert submission["region"]["name"] == rows[code]["name"]
        assert submission["year"] == 2019 and submission["scheme"] == scheme
        qa.Submission.from_dict(submission)


def test_no_prefecture_files_county_results(prefectures: dict[str, Any]) -> None:
    """Art. 10: the county results are computed from the counties' grades, nobody files them."""
    for submission in prefectures["submissions"]:
        for section in ("targets", "self_evaluation", "verification", "previous"):
            assert LOWER_POINT not in submission.get(section, {}), submission["region"]


# ---- county grades and the special cases -----------------------------------------------------


def test_county_grades_are_the_expected_mix(
    counties: dict[str, Any], county_results: qa.Results
) -> None:
    """Art. 10: the counties graded with the county scheme (bands 85/75/60)."""
    grades = {r.region_code: r.grade for r in county_results}
    assert grades == counties["expected_grades"]
    assert Counter(grades.values()) == {"A": 5, "B": 7, "C": 4, "D": 2}
    shares = {p: a_or_b_share(county_results, p) for p in ("990100", "990200", "990300", "990400")}
    assert shares == {"990100": 100, "990200": 75, "990300": 60, "990400": 25}


def test_regional_incident_vetoes_one_county(
    counties: dict[str, Any], county_results: qa.Results
) -> None:
    """Art. 5 (inherited by both derived schemes): a regional incident makes the grade D."""
    hit = [
        s["region"]["code"]
        for s in counties["submissions"]
        if any(i["scope"] in ("regional", "systemic") for i in s.get("incidents", []))
    ]
    assert hit == ["990305"]
    result = by_code(county_results)["990305"]
    assert result.vetoed and result.grade == "D"
    assert result.grade_before_conditions == "B"
    assert condition_ids(result) == ["systemic_incident"]
    assert [r.region_code for r in county_results if r.vetoed] == ["990305"]


def test_fatal_local_incident_caps_an_a_at_b(
    counties: dict[str, Any], county_results: qa.Results
) -> None:
    """Art. 10, a local condition: an incident with deaths caps the grade at B (no veto)."""
    fatal = [
        (s["region"]["code"], i["scope"])
        for s in counties["submissions"]
        for i in s.get("incidents", [])
        if i.get("deaths", 0) > 0
    ]
    assert fatal == [("990104", "local")]
    result = by_code(county_results)["990104"]
    assert (result.grade_before_conditions, result.grade) == ("A", "B")
    assert not result.vetoed
    assert condition_ids(result) == ["fatal_incident"]
    assert result.conditions[0].effect == qa.ConditionEffect("cap_grade", grade="B")
    capped = [r.region_code for r in county_results if "fatal_incident" in condition_ids(r)]
    assert capped == ["990104"]


def test_overstated_self_evaluation_is_found(
    county_scheme: qa.Scheme, counties: dict[str, Any], county_results: qa.Results
) -> None:
    """Art. 9: verified values well below the self-evaluation are `overstated` (misreporting),
    and the verified values are the ones graded."""
    flagged = [r for r in county_results if r.findings]
    assert [r.region_code for r in flagged] == ["990402"]
    result = flagged[0]
    kinds = Counter(finding.kind for finding in result.findings)
    assert kinds["overstated"] >= 4 and set(kinds) == {"overstated"}
    assert condition_ids(result) == ["misreporting"]
    assert "criticism_notice" in [c.id for c in result.consequences]
    leaves = result.to_dict()["leaves"]
    for finding in result.findings:
        leaf = leaves[finding.leaf]
        assert leaf["source"] == "verified" and leaf["self_points"] > leaf["verified_points"]
    submission = next(s for s in counties["submissions"] if s["region"]["code"] == "990402")
    as_filed = copy.deepcopy(submission)
    del as_filed["verification"]
    assert (qa.assess(county_scheme, as_filed).grade, result.grade) == ("B", "C")


def test_other_counties_have_confirmed_spot_checks(
    counties: dict[str, Any], county_results: qa.Results
) -> None:
    """Art. 6.3: key points verified elsewhere too, confirming what was filed (no finding)."""
    results = by_code(county_results)
    checked = [
        s["region"]["code"]
        for s in counties["submissions"]
        if s.get("verification") and s["region"]["code"] != "990402"
    ]
    assert len(checked) >= 2
    for code in checked:
        leaves = results[code].to_dict()["leaves"]
        assert not results[code].findings
        assert any(leaf["source"] == "verified" for leaf in leaves.values())


# ---- prefectures -----------------------------------------------------------------------------


def scratch_with_county_points(submission: dict[str, Any], share: Fraction | int) -> dict[str, Any]:
    scratch = copy.deepcopy(submission)
    scratch["self_evaluation"][LOWER_POINT] = float(share)
    return scratch


def test_prefecture_grades_with_county_results_filled_by_hand(
    prefecture_scheme: qa.Scheme, prefectures: dict[str, Any], county_results: qa.Results
) -> None:
    """Art. 10, without qa.assess_level: the share filled into a copy gives the expected grades,
    and the county results decide two of them (东川 A instead of B, 北原 C instead of B)."""
    grades, without = {}, {}
    for submission in prefectures["submissions"]:
        code = submission["region"]["code"]
        share = a_or_b_share(county_results, code)
        grades[code] = qa.assess(prefecture_scheme, scratch_with_county_points(submission, share))
        other = 0 if grades[code].grade == "A" else 100
        without[code] = qa.assess(
            prefecture_scheme, scratch_with_county_points(submission, other)
        ).grade
    assert {code: r.grade for code, r in grades.items()} == prefectures["expected_grades"]
    assert Counter(prefectures["expected_grades"].values()) == {"A": 1, "B": 2, "C": 1}
    assert {code: without[code] for code in ("990100", "990400")} == {"990100": "B", "990400": "B"}
    for code, result in grades.items():
        share = a_or_b_share(county_results, code)
        assert result.nodes[LOWER_POINT] == float(county_points(share)), code


def level_results(outcome: Any) -> list[qa.Result]:
    return list(getattr(outcome, "results", outcome))


def test_prefecture_grades_by_assess_level(
    prefecture_scheme: qa.Scheme, prefectures: dict[str, Any], county_results: qa.Results
) -> None:
    """Art. 10: qa.assess_level fills county_results from the county results (3.5 points at a
    share of 80% or more, proportionally below; 2 digits half up) and grades the prefectures."""
    if not hasattr(qa, "assess_level"):
        pytest.skip("qa.assess_level is not in this build yet")
    regions = qa.Regions.load(DATA / "regions.json")
    outcome = qa.assess_level(
        prefecture_scheme,
        prefectures["submissions"],
        regions,
        level="prefecture",
        under=PROVINCE,
        lower=county_results,
    )
    results = by_code(level_results(outcome))
    assert list(results) == ["990100", "990200", "990300", "990400"]
    assert {code: r.grade for code, r in results.items()} == prefectures["expected_grades"]
    points = {code: r.nodes[LOWER_POINT] for code, r in results.items()}
    assert points == {
        code: float(county_points(a_or_b_share(county_results, code))) for code in results
    }
    # 60% -> 3.5 x 0.75 = 2.625, rounded half up (half even would give 2.62).
    assert points == {"990100": 3.5, "990200": 3.28, "990300": 2.63, "990400": 1.09}


# ---- reproducibility -------------------------------------------------------------------------


def test_generator_reproduces_the_files_byte_for_byte(tmp_path: Path) -> None:
    """The seeded generator rewrites exactly the committed files."""
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_counties_by_assess_level_feed_the_prefectures(
    county_scheme: qa.Scheme,
    prefecture_scheme: qa.Scheme,
    counties: dict[str, Any],
    prefectures: dict[str, Any],
) -> None:
    """Art. 10 end to end: the counties graded level by level (every county of 990000 has its
    submission) give the same grades as assess_many, and feed the prefecture level."""
    if not hasattr(qa, "assess_level"):
        pytest.skip("qa.assess_level is not in this build yet")
    regions = qa.Regions.load(DATA / "regions.csv")
    county_level = qa.assess_level(
        county_scheme, counties["submissions"], regions, level="county", under=PROVINCE
    )
    assert {r.region_code: r.grade for r in county_level} == counties["expected_grades"]
    prefecture_level = qa.assess_level(
        prefecture_scheme,
        prefectures["submissions"],
        regions,
        level="prefecture",
        under=PROVINCE,
        lower=county_level,
    )
    grades = {r.region_code: r.grade for r in prefecture_level}
    assert grades == prefectures["expected_grades"]
