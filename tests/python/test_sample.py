"""The bundled synthetic sample reproduces the published 2019 grades (issue 4, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qualityassess as qa
from qualityassess.sample import load_sample

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "provinces.json"


def test_sample_grades_match_the_published_2019_grades(sample_2019) -> None:
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    grades = {r.region_code: r.grade for r in results}
    assert grades == sample_2019["expected_grades"]
    counts = {g: list(grades.values()).count(g) for g in "ABCD"}
    assert counts == {"A": 4, "B": 22, "C": 5, "D": 0}
    a_grades = sorted(r.region_name for r in results if r.grade == "A")
    assert a_grades == sorted(["上海市", "江苏省", "浙江省", "广东省"])


def test_expected_grades_are_the_published_ones(sample_2019) -> None:
    if not SHARED.exists():
        pytest.skip("../shared/data/provinces.json is not beside this checkout")
    published = {
        r["code"]: r["published_grade_2019"]
        for r in json.loads(SHARED.read_text("utf-8"))["regions"]
    }
    assert sample_2019["expected_grades"] == published


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
    assert sample_2019["synthetic"] is True and "SYNTHETIC" in sample_2019["about"]
