"""The bundled synthetic sample reproduces the published 2019 grades (issue 4, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import qualityassess as qa
from qualityassess.sample import load_sample

# The published 2019 grades (public facts, with their source), kept in the repository so that
# the check runs in every clone.
PUBLISHED = Path(__file__).resolve().parents[1] / "data" / "published-grades-2019.json"


def _published() -> list[dict[str, object]]:
    regions: list[dict[str, object]] = json.loads(PUBLISHED.read_text("utf-8"))["regions"]
    return regions


def test_the_published_grades_file_holds_the_announcement() -> None:
    # The announcement, by hand: A 上海 江苏 浙江 广东; C 吉林 云南 西藏 甘肃 青海; the other 22 B;
    # no D. The six that moved up a grade: 黑龙江 江苏 海南 陕西 宁夏 新疆.
    regions = _published()
    assert len(regions) == 31 and len({r["code"] for r in regions}) == 31
    by_grade = {
        g: sorted(str(r["name_zh"]) for r in regions if r["grade_2019"] == g) for g in "ABCD"
    }
    assert by_grade["A"] == sorted(["上海市", "江苏省", "浙江省", "广东省"])
    assert by_grade["C"] == sorted(["吉林省", "云南省", "西藏自治区", "甘肃省", "青海省"])
    assert (len(by_grade["B"]), by_grade["D"]) == (22, [])
    risers = sorted(str(r["code"]) for r in regions if r["moved_up_a_grade_2019"])
    assert risers == ["230000", "320000", "460000", "610000", "640000", "650000"]


def test_sample_grades_match_the_published_2019_grades(sample_2019) -> None:
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    grades = {r.region_code: r.grade for r in results}
    assert grades == sample_2019["expected_grades"]
    counts = {g: list(grades.values()).count(g) for g in "ABCD"}
    assert counts == {"A": 4, "B": 22, "C": 5, "D": 0}
    a_grades = sorted(r.region_name for r in results if r.grade == "A")
    assert a_grades == sorted(["上海市", "江苏省", "浙江省", "广东省"])


def test_expected_grades_are_the_published_ones(sample_2019) -> None:
    published = {r["code"]: r["grade_2019"] for r in _published()}
    assert sample_2019["expected_grades"] == published
    # and what the engine gives the sample is the published grade, region by region
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    assert {r.region_code: r.grade for r in results} == published
    names = {r["code"]: r["name_zh"] for r in _published()}
    assert {r.region_code: r.region_name for r in results} == names


def test_2018_sample_has_the_six_risers_one_grade_lower() -> None:
    before = {
        r.region_code: r.grade for r in qa.assess_many("cn-2013", load_sample(2018)["submissions"])
    }
    after = {
        r.region_code: r.grade for r in qa.assess_many("cn-2013", load_sample(2019)["submissions"])
    }
    risers = sorted(code for code in after if after[code] < before[code])
    assert risers == ["230000", "320000", "460000", "610000", "640000", "650000"]


def test_packaged_sample_is_the_examples_file(sample_2019) -> None:
    assert load_sample(2019) == sample_2019
    assert sample_2019["synthetic"] is True
    about = sample_2019["about"]
    assert "SYNTHETIC" in about["en"] and "合成样例数据" in about["zh"]
