"""A sister assessment on the same engine with no code change: the fire-safety example scheme
(优秀/良好/合格/不合格 bands, deductions that stop at zero, a bonus capped at 5 and a
death-toll veto that zeroes the total). Expected values are worked out by hand below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qualityassess as qa

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def results() -> dict[str, qa.Result]:
    scheme = qa.Scheme.load(EXAMPLES / "schemes" / "fire-safety.json")
    data = json.loads((EXAMPLES / "data" / "fire-safety-2023.json").read_text(encoding="utf-8"))
    return {r.region_code: r for r in qa.assess_many(scheme, data["submissions"])}


def test_city_a_excellent_with_bonus(results) -> None:
    r = results["990100"]
    nodes = r.nodes
    # checklist 20; hazards 30 - 2;
    # min(hydrant 96% -> 24/25, stations 92% -> table row 0.9 -> 0.8 -> 20/25) = 20;
    # education excellent 15; deaths 0.4 below target 0.5 -> 10; bonus 3.
    assert (nodes["responsibility"], nodes["hazards"], nodes["infrastructure"]) == (20, 28, 20)
    assert (nodes["hydrant_completion"], nodes["station_completion"]) == (24, 20)
    assert r.total == 96 and r.grade == "优秀"
    assert [c.id for c in r.consequences] == ["commended"]


def test_city_b_larger_fire_caps_the_grade(results) -> None:
    r = results["990200"]
    assert r.total == 96 and r.grade_before_conditions == "优秀"
    assert r.grade == "良好" and not r.vetoed
    assert [c.id for c in r.conditions] == ["larger_fire_cap"]


def test_city_c_deductions_stop_at_zero_and_penalty(results) -> None:
    r = results["990300"]
    nodes = r.nodes
    assert nodes["hazards"] == 0  # 5 x 5 + 3 x 2 = 31 > 30: stops at 0 (扣完为止)
    assert nodes["responsibility"] == 12.5  # 5 + 2.5 (partly met) + 0 + 5
    assert nodes["infrastructure"] == 12.5  # stations at 80%: table row 0.75 -> half
    assert nodes["fire_deaths_rate"] == 8  # 0.1 above a lower-is-better target x 20
    assert r.to_dict()["base_total"] == 45 and r.total == 41  # criticised twice: -4
    assert r.grade == "不合格"
    assert [c.id for c in r.conditions] == ["hazards_floor"]


def test_city_d_death_toll_veto_zeroes_the_total(results) -> None:
    r = results["990400"]
    document = r.to_dict()
    assert document["base_total"] == 100
    assert document["adjustments"]["innovation"] == {
        "kind": "bonus",
        "points": 5.0,
        "capped": False,
    }
    assert r.total == 0 and r.vetoed and r.grade == "不合格"
    assert r.grade_before_conditions == "优秀"
    assert [c.id for c in r.conditions] == ["death_toll_veto", "larger_fire_cap"]
    assert [c.id for c in r.consequences] == ["interview"]


def test_bonus_is_capped_at_five(results) -> None:
    scheme = qa.Scheme.load(EXAMPLES / "schemes" / "fire-safety.json")
    data = json.loads((EXAMPLES / "data" / "fire-safety-2023.json").read_text(encoding="utf-8"))
    submission = data["submissions"][2]
    submission["adjustments"] = {"innovation": 8}
    r = qa.assess(scheme, submission).to_dict()
    assert r["adjustments"]["innovation"] == {"kind": "bonus", "points": 5.0, "capped": True}
    assert r["total"] == 50
