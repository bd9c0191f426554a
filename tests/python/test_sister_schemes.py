"""The example library of sister schemes (issue 16 part 2): a provincial work-safety assessment
of cities, a food-safety evaluation graded by rank, the air-quality assessment of the Air
Pollution Action Plan (key regions and the others), the evaluation of a food-safety
demonstration city and a farmland-protection pass/fail gate over informational points. Each
case sits at an edge of a rule (a band boundary exactly, a veto at its count and one below, a
downgrade from the top grade, tied ranks, a downgrade into a tier no rank reaches, a key item
exactly at its floor share and just below it, a bonus at its cap, a gate's target met exactly
and missed by 0.0001, a derived reduction at a band bound and rounded onto one, a rise of 0.1
over last year) and its expected values are worked out by hand in the comments. The
schemes' legal basis, assumptions and what they cannot write are in the scheme files
(description and comment keys) and in docs/scheme-language.md, "Example library"."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from jsonschema import Draft202012Validator

import qualityassess as qa

SCHEMES = Path(__file__).resolve().parents[2] / "examples" / "schemes"
FILES = [
    "work-safety.json",
    "food-safety.json",
    "air-quality-key-regions.json",
    "air-quality-other-regions.json",
    "food-safety-demonstration-city.json",
    "farmland-protection.json",  # needs the core's gate grading and informational points
]


def load(name: str) -> qa.Scheme:
    return qa.Scheme.load(SCHEMES / name)


@pytest.mark.parametrize("name", FILES)
def test_each_scheme_validates_and_round_trips(name: str) -> None:
    scheme = load(name)
    again = qa.Scheme.from_json(scheme.to_json())  # the canonical form reads back the same
    assert again.to_dict() == scheme.to_dict()
    assert "modelled on" in scheme.to_dict()["description"]["en"]


# ---- work safety: bands, vetoes by count, a downgrade on falsification ---------------------
#
# Full marks: responsibility 15 + rule_of_law 15 + institutions 15 + prevention 20 (nothing
# filed: nothing to deduct) + foundations 10 + deaths_control 15 (18 deaths against a control
# figure of 20) + larger_accidents 10 (nothing filed) = 100.
# Bands: 优秀 >= 90, 良好 >= 80, 合格 >= 60, else 不合格 (bounds included).


@pytest.fixture(scope="module")
def work_safety() -> qa.Scheme:
    return load("work-safety.json")


def city(**changes: Any) -> dict[str, Any]:
    submission: dict[str, Any] = {
        "region": {"code": "990101", "name": "示例市（虚构）"},
        "year": 2023,
        "targets": {"deaths_control": 20},
        "self_evaluation": {
            "responsibility": {"leadership": "met", "departments": "met", "enterprises": "met"},
            "rule_of_law": "excellent",
            "institutions": {"agencies": "met", "grassroots": "met", "funding": "met"},
            "foundations": "excellent",
            "deaths_control": 18,
        },
    }
    submission.update(changes)
    return submission


def accident(day: str, severity: str, deaths: int, **more: Any) -> dict[str, Any]:
    return {"id": f"{severity}-{day}", "date": day, "severity": severity, "deaths": deaths, **more}


def ids(items: Sequence[qa.AppliedCondition | qa.Consequence]) -> list[str]:
    return [item.id for item in items]


def test_work_safety_full_marks(work_safety: qa.Scheme) -> None:
    r = qa.assess(work_safety, city())
    assert r.total == 100 and r.grade == "优秀"
    assert ids(r.consequences) == ["commended"]


def test_work_safety_ninety_is_excellent_reached_by_a_bonus(work_safety: qa.Scheme) -> None:
    submission = city()
    submission["self_evaluation"]["deaths_control"] = 31
    # 31 deaths against 20: 11 over x 1 point = -11 -> 4 of 15; total 100 - 11 = 89 -> 良好.
    r = qa.assess(work_safety, submission)
    assert r.nodes["deaths_control"] == 4
    assert r.total == 89 and r.grade == "良好"
    # One provincial commendation (+1): 89 + 1 = 90, the band's own bound -> 优秀.
    submission["adjustments"] = {"provincial_commendation": 1}
    r = qa.assess(work_safety, submission)
    assert r.to_dict()["base_total"] == 89
    assert r.total == 90 and r.grade == "优秀"


def test_work_safety_eighty_is_good_and_a_penalty_point_makes_it_pass(
    work_safety: qa.Scheme,
) -> None:
    submission = city()
    evaluation = submission["self_evaluation"]
    evaluation["rule_of_law"] = "fair"  # 15 x 0.6 = 9: -6
    evaluation["institutions"]["grassroots"] = "not_met"  # per_missing 5: -5
    evaluation["prevention"] = {"major_hazard_overdue": 2}  # 2 x 4: -8
    evaluation["deaths_control"] = 21  # 1 over 20 x 1: -1
    # 100 - 6 - 5 - 8 - 1 = 80 -> 良好 (以上包括本数).
    r = qa.assess(work_safety, submission)
    assert (r.nodes["rule_of_law"], r.nodes["institutions"], r.nodes["prevention"]) == (9, 10, 12)
    assert r.total == 80 and r.grade == "良好"
    # Criticised once (penalty 1): 79 -> 合格.
    submission["adjustments"] = {"criticised": 1}
    r = qa.assess(work_safety, submission)
    assert r.total == 79 and r.grade == "合格"


def test_work_safety_two_major_accidents_veto_one_does_not(work_safety: qa.Scheme) -> None:
    # Two major accidents inside the calendar year (1 March, 31 December): the threshold
    # (含2起) -> 不合格 whatever the score (100, 优秀 before conditions).
    two = city(incidents=[accident("2023-03-01", "major", 12), accident("2023-12-31", "major", 10)])
    r = qa.assess(work_safety, two)
    assert r.total == 100 and r.grade_before_conditions == "优秀"
    assert r.grade == "不合格" and r.vetoed
    assert ids(r.conditions) == ["major_accidents"]
    assert ids(r.consequences) == ["rectification_report"]
    assert r.consequences[0].due_months_after_announcement == 1
    # One below the threshold: the second accident dated 31 December of the year before lies
    # outside the calendar-year period, so one major accident counts -> no veto, still 优秀.
    one = city(incidents=[accident("2023-03-01", "major", 12), accident("2022-12-31", "major", 10)])
    r = qa.assess(work_safety, one)
    assert r.grade == "优秀" and not r.vetoed and r.conditions == []


def test_work_safety_one_especially_major_accident_vetoes(work_safety: qa.Scheme) -> None:
    r = qa.assess(work_safety, city(incidents=[accident("2023-06-01", "especially_major", 31)]))
    assert r.total == 100 and r.grade == "不合格" and r.vetoed
    assert ids(r.conditions) == ["especially_major_accident"]


def test_work_safety_larger_accidents_cap_at_three_not_at_two(work_safety: qa.Scheme) -> None:
    # The larger-accident point is filed as a count: 2 x 5 = 10 -> 0 of 10; 3 x 5 = 15 -> 0
    # (扣完为止). Either way the total is 100 - 10 = 90 -> 优秀 before conditions.
    days = ["2023-02-01", "2023-05-01", "2023-09-01"]
    two = city(incidents=[accident(day, "larger", 3) for day in days[:2]])
    two["self_evaluation"]["larger_accidents"] = {"larger": 2}
    r = qa.assess(work_safety, two)
    assert r.total == 90 and r.grade == "优秀" and r.conditions == []  # 2 < 3: no cap
    three = city(incidents=[accident(day, "larger", 3) for day in days])
    three["self_evaluation"]["larger_accidents"] = {"larger": 3}
    r = qa.assess(work_safety, three)
    assert r.nodes["larger_accidents"] == 0
    assert r.total == 90 and r.grade_before_conditions == "优秀"
    assert r.grade == "良好" and not r.vetoed  # capped (an assumed rule), not a veto
    assert ids(r.conditions) == ["larger_accidents_cap"]


def test_work_safety_falsification_costs_the_top_grade(work_safety: qa.Scheme) -> None:
    # Self-evaluated 'excellent' (15), verified 'fair' (9): 6 points above the verified value,
    # more than the tolerance 0.1 x 15 = 1.5 -> overstated. Total 100 - 6 = 94 -> 优秀, one
    # grade lower -> 良好, and the criticism notice.
    submission = city(verification={"rule_of_law": "fair"})
    r = qa.assess(work_safety, submission)
    assert r.total == 94 and r.grade_before_conditions == "优秀" and r.grade == "良好"
    assert [f["kind"] for f in r.to_dict()["findings"]] == ["overstated"]
    assert ids(r.conditions) == ["falsification"]
    assert ids(r.consequences) == ["falsification_criticised"]
    # An accident found at verification and not reported (瞒报): concealed -> one grade lower.
    hidden = city(
        incidents=[accident("2023-04-01", "general", 1, reported_in_self_evaluation=False)]
    )
    r = qa.assess(work_safety, hidden)
    assert r.total == 100 and r.grade == "良好"
    assert [f["kind"] for f in r.to_dict()["findings"]] == ["concealed"]


def test_work_safety_sixty_is_pass_and_falsification_makes_it_fail(
    work_safety: qa.Scheme,
) -> None:
    # Verified: rule_of_law none (0, -15), institutions all not met (0, -15), foundations poor
    # (10 x 0.3 = 3, -7), deaths 23 (3 over: 12, -3): 100 - 40 = 60 -> 合格 (bound included).
    # Each self-evaluated value scores more than 10% of its point above the verified one, so
    # four overstated findings, one downgrade (they do not add up: one condition) -> 不合格.
    verified = {
        "rule_of_law": "none",
        "institutions": {"agencies": "not_met", "grassroots": "not_met", "funding": "not_met"},
        "foundations": "poor",
        "deaths_control": 23,
    }
    r = qa.assess(work_safety, city(verification=verified))
    assert r.total == 60 and r.grade_before_conditions == "合格"
    assert sorted(f["leaf"] for f in r.to_dict()["findings"]) == sorted(verified)
    assert r.grade == "不合格" and not r.vetoed
    assert ids(r.consequences) == ["rectification_report", "falsification_criticised"]


# ---- food safety: rank tiers with ties, downgrades, grades no rank reaches -----------------
#
# Tiers: A the first 4 (ties at the 4th place all A), B the rest; C and D "ranked": false.
# Totals of the cohort (basic_work + key_tasks + safety_status, the assessors' points):
#   c1 30+40+25 = 95, c2 28+38+26 = 92, c3 27+37+26 = 90, c4 26+36+26 = 88, c5 26+36+26 = 88,
#   c6 25+30+25 = 80, c7 24+30+21 = 75, c8 20+30+20 = 70.
# Competition ranks: 1, 2, 3, 4, 4, 6, 7, 8.

COHORT = [
    ("990101", 30, 40, 25),
    ("990102", 28, 38, 26),
    ("990103", 27, 37, 26),
    ("990104", 26, 36, 26),
    ("990105", 26, 36, 26),
    ("990106", 25, 30, 25),
    ("990107", 24, 30, 21),
    ("990108", 20, 30, 20),
]


@pytest.fixture(scope="module")
def food_safety() -> qa.Scheme:
    return load("food-safety.json")


def cohort() -> list[dict[str, Any]]:
    return [
        {
            "region": {"code": code},
            "year": 2023,
            "self_evaluation": {"basic_work": b, "key_tasks": k, "safety_status": s},
        }
        for code, b, k, s in COHORT
    ]


def graded(scheme: qa.Scheme, submissions: list[dict[str, Any]]) -> dict[str, qa.Result]:
    return {r.region_code: r for r in qa.assess_many(scheme, submissions)}


def test_food_safety_ties_at_the_fourth_place_are_all_a(food_safety: qa.Scheme) -> None:
    results = graded(food_safety, cohort())
    assert [r.total for r in results.values()] == [95, 92, 90, 88, 88, 80, 75, 70]
    assert [r.rank for r in results.values()] == [1, 2, 3, 4, 4, 6, 7, 8]
    # A takes every rank <= 4: five cities (the tie is not split); B the rest.
    assert [r.grade for r in results.values()] == ["A"] * 5 + ["B"] * 3
    assert ids(results["990105"].consequences) == ["commended"]


def test_food_safety_downgrade_from_a_keeps_the_place(food_safety: qa.Scheme) -> None:
    # c2 (rank 2) concealed an incident found at verification: A -> B. The ranks are the
    # totals' (92 is still 2nd), so A stays with ranks 1, 3, 4, 4: the 6th is not moved up.
    submissions = cohort()
    submissions[1]["incidents"] = [
        {
            "id": "x",
            "date": "2023-08-01",
            "severity": "general",
            "reported_in_self_evaluation": False,
        }
    ]
    results = graded(food_safety, submissions)
    c2 = results["990102"]
    assert c2.rank == 2 and c2.grade_before_conditions == "A" and c2.grade == "B"
    assert ids(c2.conditions) == ["falsification"]
    assert [r.grade for r in results.values()] == ["A", "B", "A", "A", "A", "B", "B", "B"]


def test_food_safety_downgrade_into_the_unranked_tier(food_safety: qa.Scheme) -> None:
    # c7 self-evaluated key_tasks 35, verified 30: 5 above, more than 0.1 x 40 = 4 ->
    # overstated. Scored on the verified 30: 24 + 30 + 21 = 75, rank 7 -> B, one lower -> C,
    # a grade no rank gives.
    submissions = cohort()
    submissions[6]["self_evaluation"]["key_tasks"] = 35
    submissions[6]["verification"] = {"key_tasks": 30}
    results = graded(food_safety, submissions)
    c7 = results["990107"]
    assert c7.total == 75 and c7.rank == 7
    assert c7.grade_before_conditions == "B" and c7.grade == "C" and not c7.vetoed
    assert ids(c7.consequences) == ["falsification_criticised"]


def test_food_safety_two_downgrades_reach_d_without_a_veto(food_safety: qa.Scheme) -> None:
    # c6: basic work 17 < 0.6 x 30 = 18 (responsibility_floor) and one major incident
    # (major_incident): two downgrades add up, B -> C -> D. Total 17 + 38 + 25 = 80, rank 6.
    submissions = cohort()
    submissions[5]["self_evaluation"] = {"basic_work": 17, "key_tasks": 38, "safety_status": 25}
    submissions[5]["incidents"] = [{"id": "m", "date": "2023-05-01", "severity": "major"}]
    c6 = graded(food_safety, submissions)["990106"]
    assert c6.total == 80 and c6.rank == 6 and c6.grade_before_conditions == "B"
    assert ids(c6.conditions) == ["major_incident", "responsibility_floor"]
    assert c6.grade == "D" and not c6.vetoed
    assert ids(c6.consequences) == ["interview"]


def test_food_safety_vetoes_by_count(food_safety: qa.Scheme) -> None:
    # Two major incidents (the assumed D circumstance at its count): c1, first with 95 -> D,
    # vetoed. One major incident (below the count): only the downgrade, A -> B.
    major = {"date": "2023-05-01", "severity": "major"}
    submissions = cohort()
    submissions[0]["incidents"] = [{"id": "m1", **major}, {"id": "m2", **major}]
    c1 = graded(food_safety, submissions)["990101"]
    assert c1.rank == 1 and c1.grade_before_conditions == "A"
    assert c1.grade == "D" and c1.vetoed
    assert ids(c1.conditions) == ["repeated_major_incidents", "major_incident"]
    submissions[0]["incidents"] = [{"id": "m1", **major}]
    c1 = graded(food_safety, submissions)["990101"]
    assert c1.grade == "B" and not c1.vetoed


def test_food_safety_bonus_is_capped_and_may_pass_100(food_safety: qa.Scheme) -> None:
    # c8: 70 + bonus 8 capped at 5 = 75, tied with c7 at rank 7 (both B). c1: 95 + 5 = 100.
    submissions = cohort()
    submissions[7]["adjustments"] = {"bonus": 8}
    submissions[0]["adjustments"] = {"bonus": 5, "deductions": 0}
    results = graded(food_safety, submissions)
    c8 = results["990108"].to_dict()
    assert c8["adjustments"]["bonus"] == {"kind": "bonus", "points": 5.0, "capped": True}
    assert c8["total"] == 75 and c8["rank"] == 7 == results["990107"].rank
    assert results["990101"].total == 100


def test_food_safety_columnar_batch_grades_like_the_cohort(food_safety: qa.Scheme) -> None:
    # The same cohort, with a veto (c1: especially major incident -> D), two downgrades into D
    # (c6: basic work 17 < 18 and a major incident; total 17 + 30 + 25 = 72), a downgrade into
    # C (c7: overstated, verified total 75) and a capped bonus (c8: 70 + 5 = 75), through
    # assess_many and through assess_frame (the columnar batch): the same totals, ranks and
    # grades. Totals 95, 92, 90, 88, 88, 72, 75, 75 -> ranks 1, 2, 3, 4, 4, 8, 6, 6.
    submissions = cohort()
    submissions[0]["incidents"] = [
        {"id": "e", "date": "2023-07-01", "severity": "especially_major", "deaths": 3}
    ]
    submissions[5]["self_evaluation"]["basic_work"] = 17
    submissions[5]["incidents"] = [{"id": "m", "date": "2023-05-01", "severity": "major"}]
    submissions[6]["self_evaluation"]["key_tasks"] = 35
    submissions[6]["verification"] = {"key_tasks": 30}
    submissions[7]["adjustments"] = {"bonus": 8}
    many = qa.assess_many(food_safety, copy.deepcopy(submissions))
    rows = []
    for s in submissions:
        row: dict[str, Any] = {"region": s["region"]["code"], "year": s["year"]}
        row.update({f"{leaf}.self": value for leaf, value in s["self_evaluation"].items()})
        row.update({f"{leaf}.verified": v for leaf, v in s.get("verification", {}).items()})
        row.update({f"{item}.value": v for item, v in s.get("adjustments", {}).items()})
        rows.append(row)
    incidents = pd.DataFrame(
        [{"region": s["region"]["code"], **i} for s in submissions for i in s.get("incidents", [])]
    )
    table = qa.assess_frame(food_safety, pd.DataFrame(rows), incidents)
    assert table["grade"].tolist() == [r.grade for r in many]
    assert table["grade"].tolist() == ["D", "A", "A", "A", "A", "D", "C", "B"]
    assert table["total"].tolist() == [r.total for r in many]
    assert table["rank"].tolist() == [r.rank for r in many] == [1, 2, 3, 4, 4, 8, 6, 6]
    assert table["vetoed"].tolist() == [True] + [False] * 7


# ---- air quality: the lower of two for key regions, a derived reduction, zero if it rose ---
#
# reduction (100): (base - this year) / base x 100, exact, rounded half up to 4 decimals, then
# 100 x min(1, reduction / the filed target reduction), not below 0. not_risen (100): full when
# last year's mean - this year's >= 0, else 0. improvement (100) = 100 x the lower rate of the
# two. key_tasks (100): the items' points. Key regions: result = 100 x the lower score rate of
# improvement and key_tasks. Bands: 优秀 >= 90, 良好 >= 70, 合格 >= 60, else 不合格 (bounds
# included). Points are rounded to 2 digits half up.

TASKS = {
    "industrial_structure": 12,
    "cleaner_production": 6,
    "coal_and_fuel": 10,
    "small_boilers": 10,
    "industrial_pollution": 15,
    "urban_dust": 8,
    "vehicles": 12,
    "building_energy": 5,
    "funding": 6,
    "management": 16,
}


@pytest.fixture(scope="module")
def key_regions() -> qa.Scheme:
    return load("air-quality-key-regions.json")


def province(
    base: float,
    last: float | None,
    now: float,
    tasks: dict[str, float] | None = None,
    target: float = 10,
) -> dict[str, Any]:
    figures = {"concentration_base": base, "concentration_last": last, "concentration": now}
    return {
        "region": {"code": "130000"},
        "year": 2015,
        "targets": {"reduction": target},
        "self_evaluation": {
            **{key: value for key, value in figures.items() if value is not None},
            **(tasks or {}),
        },
    }


def test_air_reduction_is_computed_from_the_base_and_scored_against_the_target(
    key_regions: qa.Scheme,
) -> None:
    # Base 58, this year 53: (58 - 53) / 58 x 100 = 8.62068... -> 8.6207 %; against the filed
    # 10 %: 100 x 0.86207 = 86.207 -> 86.21. Last year 55 > 53: not risen, 100. Improvement
    # min(0.8621, 1) -> 86.21; key tasks 100; result 86.21 -> 良好.
    r = qa.assess(key_regions, province(58, 55, 53, TASKS))
    assert (r.nodes["reduction"], r.nodes["not_risen"], r.nodes["improvement"]) == (
        86.21,
        100,
        86.21,
    )
    assert r.total == 86.21 and r.grade == "良好"
    how = r.to_dict()["leaves"]["reduction"]["how"]["en"]
    assert how == (
        "computed from concentration_base and concentration: (58 − 53) / 58 × 100 = 8.6207; "
        "8.6207 against target 10: attainment 0.8621, 86.21 of 100"
    )
    # The informational figures score nothing and add nothing to the total.
    assert r.nodes["concentration_base"] == r.nodes["concentration"] == 0
    # A reduction beyond the target scores no more than 100: 58 -> 50 is 13.7931 % >= 10 %.
    r = qa.assess(key_regions, province(58, 55, 50, TASKS))
    assert (r.nodes["reduction"], r.total, r.grade) == (100, 100, "优秀")
    # The year's target is filed (e.g. 25 % x 35 % = 8.75 % for 2015): 8.6207 / 8.75
    # = 0.985222... x 100 = 98.52 -> 优秀.
    r = qa.assess(key_regions, province(58, 55, 53, TASKS, target=8.75))
    assert r.total == 98.52 and r.grade == "优秀"
    # The reduction is computed, never filed.
    filed = province(58, 55, 53, TASKS)
    filed["self_evaluation"]["reduction"] = 9
    with pytest.raises(qa.InputError):
        qa.assess(key_regions, filed)


def test_air_key_regions_take_the_lower_of_the_two(key_regions: qa.Scheme) -> None:
    # Base 100, this year 90: 10 % against 10 %: improvement 100. Key tasks with management at 1
    # of 16: 100 - 15 = 85. Result 100 x min(1, 0.85) = 85 -> 良好.
    r = qa.assess(key_regions, province(100, 95, 90, {**TASKS, "management": 1}))
    assert (r.nodes["improvement"], r.nodes["key_tasks"], r.nodes["result"]) == (100, 85, 85)
    assert r.total == 85 and r.grade == "良好"
    # The other way round: tasks 100, 100 -> 91.5 is 8.5 % of 10 %: 85 -> 85.
    r = qa.assess(key_regions, province(100, 95, 91.5, TASKS))
    assert (r.nodes["improvement"], r.nodes["key_tasks"], r.total) == (85, 100, 85)


def test_air_zero_when_the_concentration_rose(key_regions: qa.Scheme) -> None:
    # Unchanged from last year (53 = 53) is not "rose": 53 - 53 = 0, attainment 0 reaches the
    # table's row 0 -> not_risen 100; improvement = the reduction's 86.21 -> 良好.
    r = qa.assess(key_regions, province(58, 53, 53, TASKS))
    assert (r.nodes["not_risen"], r.nodes["improvement"], r.total) == (100, 86.21, 86.21)
    # 53.1 against last year's 53 rose (不降反升) by 0.1: not_risen 0, so the improvement is 0
    # although 58 -> 53.1 is still 8.4483 % on the base (84.48 of 100); the lower of the two
    # is 0 whatever the key tasks (100) -> 不合格.
    r = qa.assess(key_regions, province(58, 53, 53.1, TASKS))
    assert (r.nodes["reduction"], r.nodes["not_risen"], r.nodes["improvement"]) == (84.48, 0, 0)
    assert (r.nodes["key_tasks"], r.total, r.grade) == (100, 0, "不合格")
    assert r.findings == []  # a rise is a score, not a finding
    # A mean above the base is a negative reduction: (58 - 60) / 58 x 100 = -3.4483 -> 0
    # points, even when it fell on last year (62 -> 60).
    r = qa.assess(key_regions, province(58, 62, 60, TASKS))
    assert (r.nodes["reduction"], r.nodes["not_risen"], r.total) == (0, 100, 0)


def test_air_missing_figures_are_missing_values(key_regions: qa.Scheme) -> None:
    # Without last year's mean there is no not_risen value: 0 (assumed) with missing_value
    # findings for the figure and for the point computed from it.
    r = qa.assess(key_regions, province(58, None, 53, TASKS))
    assert (r.nodes["reduction"], r.nodes["not_risen"], r.total) == (86.21, 0, 0)
    kinds = sorted((f.kind, f.leaf) for f in r.findings)
    assert kinds == [("missing_value", "concentration_last"), ("missing_value", "not_risen")]
    # A base of 0 divides by zero: no reduction (missing_value), 0 points.
    r = qa.assess(key_regions, province(0, 55, 53, TASKS))
    assert (r.nodes["reduction"], r.total) == (0, 0)
    assert [(f.kind, f.leaf) for f in r.findings] == [("missing_value", "reduction")]


@pytest.mark.parametrize(
    ("concentration", "total", "grade"),
    [
        (91.0, 90, "优秀"),  # (100 - 91) / 100 = 9 % of 10 %: 90: 90分及以上
        (93.0, 70, "良好"),  # 7 %: 70: 70分（含）
        (93.001, 69.99, "合格"),  # 6.999 %: 69.99
        (93.0001, 70, "良好"),  # 6.9999 %: 69.999 rounds half up to 70.00
        (94.0, 60, "合格"),  # 6 %: 60分（含）
        (94.001, 59.99, "不合格"),  # 5.999 %: 59.99
    ],
)
def test_air_band_bounds(
    key_regions: qa.Scheme, concentration: float, total: float, grade: str
) -> None:
    r = qa.assess(key_regions, province(100, 95, concentration, TASKS))
    assert r.total == total and r.grade == grade


def test_air_other_regions_use_the_improvement_score_alone(key_regions: qa.Scheme) -> None:
    other = load("air-quality-other-regions.json")
    assert other.to_dict()["derived_from"] == {
        "id": "air-quality-key-regions-example",
        "version": "example-2",
    }
    # The same province and key tasks at 50: key region -> min(0.9, 0.5) x 100 = 50 不合格;
    # elsewhere the tasks are not assessed: 100 -> 91 is 9 % of 10 % -> 90 -> 优秀.
    # Key tasks 50: management 0 (-16), industrial pollution 0 (-15), vehicles 0 (-12), cleaner
    # production 0 (-6), funding 5 of 6 (-1): 100 - 50 = 50.
    zeros = dict.fromkeys(
        ["management", "industrial_pollution", "vehicles", "cleaner_production"], 0
    )
    weak_tasks = {**TASKS, **zeros, "funding": 5}
    r = qa.assess(key_regions, province(100, 95, 91, weak_tasks))
    assert (r.nodes["key_tasks"], r.total, r.grade) == (50, 50, "不合格")
    r = qa.assess(other, province(100, 95, 91))
    assert {key: r.nodes[key] for key in ("result", "improvement", "reduction", "not_risen")} == {
        "result": 90,
        "improvement": 90,
        "reduction": 90,
        "not_risen": 100,
    }
    assert "key_tasks" not in r.nodes
    assert r.total == 90 and r.grade == "优秀"
    # And the zero rule holds there too: 95 -> 95.5 rose.
    assert qa.assess(other, province(100, 95, 95.5)).total == 0
    with pytest.raises(qa.InputError):  # no key-task points in the other regions' scheme
        qa.assess(other, province(100, 95, 91, TASKS))


def test_schemes_name_their_basis_in_the_files() -> None:
    # The legal basis and what cannot be written are kept in the files (comment keys are
    # dropped by the canonical form, so read the files themselves).
    for name in (
        "work-safety.json",
        "food-safety.json",
        "air-quality-key-regions.json",
        "food-safety-demonstration-city.json",
    ):
        document = json.loads((SCHEMES / name).read_text(encoding="utf-8"))
        assert document["comment"]["legal_basis"] and document["comment"]["cannot_write"]
    assert "国办发〔2016〕64号" in load("work-safety.json").to_dict()["description"]["zh"]
    assert "国办发〔2023〕6号" in load("food-safety.json").to_dict()["description"]["zh"]
    assert (
        "环发〔2014〕107号" in load("air-quality-key-regions.json").to_dict()["description"]["zh"]
    )
    demonstration = load("food-safety-demonstration-city.json").to_dict()
    assert "食安办〔2016〕18号" in demonstration["description"]["zh"]
    assert "食安办〔2016〕18号" in demonstration["legal_basis"]["title"]["zh"]


# ---- food-safety demonstration city: floors per key item, public thresholds, a capped bonus --
#
# Full marks: responsibility 20 (checklist plan 8 + party_government 6 + funding 6) +
# source_control 20 + process_supervision 25 + capacity 15 + co_governance 10 +
# public_satisfaction 6 (85 against the fixed 80) + public_awareness 4 (90% against 85%) = 100.
# Bands: 优秀 >= 90, 达标 >= 80, else 不达标 (bounds included). Key items (responsibility,
# source_control, process_supervision) below 60% of their points (12, 12, 15) -> 不达标; either
# public point below its full points (satisfaction under 80, awareness under 85%) -> 不达标.
# Bonus 'innovation' at most 5; the total stays within 100.


@pytest.fixture(scope="module")
def demonstration() -> qa.Scheme:
    return load("food-safety-demonstration-city.json")


def demo_city(**changes: Any) -> dict[str, Any]:
    return {
        "region": {"code": "990101", "name": "示例市（虚构）"},
        "year": 2023,
        "self_evaluation": {
            "responsibility": {"plan": "met", "party_government": "met", "funding": "met"},
            "source_control": 20,
            "process_supervision": 25,
            "capacity": 15,
            "co_governance": 10,
            "public_satisfaction": 85,
            "public_awareness": 90,
            **changes,
        },
    }


def test_demonstration_full_marks_is_recommended(demonstration: qa.Scheme) -> None:
    r = qa.assess(demonstration, demo_city())
    assert r.nodes["responsibility"] == 20 and r.nodes["public_satisfaction"] == 6
    assert r.total == 100 and r.grade == "优秀" and r.conditions == []
    assert ids(r.consequences) == ["recommended"]


@pytest.mark.parametrize(
    ("changes", "total", "grade"),
    [
        ({"capacity": 5}, 90, "优秀"),  # 100 - 10 = 90: the bound is included
        ({"capacity": 4.99}, 89.99, "达标"),  # 100 - 10.01
        ({"capacity": 5, "co_governance": 0}, 80, "达标"),  # 100 - 10 - 10
        ({"capacity": 4.99, "co_governance": 0}, 79.99, "不达标"),
    ],
)
def test_demonstration_band_bounds(
    demonstration: qa.Scheme, changes: dict[str, Any], total: float, grade: str
) -> None:
    # capacity and co_governance are not key items: 5 of 15 (33%) and 0 of 10 need no floor.
    r = qa.assess(demonstration, demo_city(**changes))
    assert r.total == total and r.grade_before_conditions == grade and r.grade == grade
    assert r.conditions == []
    assert ids(r.consequences) == (["not_recommended"] if grade == "不达标" else ["recommended"])


def test_demonstration_key_item_exactly_at_the_floor_passes(demonstration: qa.Scheme) -> None:
    # process_supervision 15 of 25 = 60% exactly: not below the floor. 100 - 10 = 90 -> 优秀.
    r = qa.assess(demonstration, demo_city(process_supervision=15))
    assert r.total == 90 and r.grade == "优秀" and r.conditions == []
    # 14.99 of 25 (59.96%): below it. 89.99 would be 达标; the floor makes it 不达标, no veto.
    r = qa.assess(demonstration, demo_city(process_supervision=14.99))
    assert r.total == 89.99 and r.grade_before_conditions == "达标"
    assert r.grade == "不达标" and not r.vetoed
    assert ids(r.conditions) == ["key_item_floor"]
    assert ids(r.consequences) == ["not_recommended"]


def test_demonstration_checklist_key_item_at_and_below_the_floor(
    demonstration: qa.Scheme,
) -> None:
    # Responsibility: party_government 6 + funding 6, plan not met: 12 of 20 = 60% exactly.
    # 100 - 8 = 92 -> 优秀.
    at_floor = {"party_government": "met", "funding": "met"}
    r = qa.assess(demonstration, demo_city(responsibility=at_floor))
    assert r.nodes["responsibility"] == 12
    assert r.total == 92 and r.grade == "优秀" and r.conditions == []
    # plan 8 + party_government partly 0.5 x 6 = 3, funding not met: 11 of 20 (55%). The total
    # 100 - 9 = 91 would be 优秀; a key item below its floor makes the city 不达标.
    below = {"plan": "met", "party_government": "partly_met"}
    r = qa.assess(demonstration, demo_city(responsibility=below))
    assert r.nodes["responsibility"] == 11
    assert r.total == 91 and r.grade_before_conditions == "优秀" and r.grade == "不达标"
    assert ids(r.conditions) == ["key_item_floor"]


def test_demonstration_a_non_key_item_at_zero_is_no_floor(demonstration: qa.Scheme) -> None:
    # capacity 0 of 15: 100 - 15 = 85 -> 达标; the floor looks at the key items only.
    r = qa.assess(demonstration, demo_city(capacity=0))
    assert r.total == 85 and r.grade == "达标" and r.conditions == []


@pytest.mark.parametrize(
    ("changes", "point", "score", "total"),
    [
        # Satisfaction 79.9: 0.1 below 80 x 0.5 = -0.05 -> 5.95 of 6; 100 - 0.05 = 99.95.
        ({"public_satisfaction": 79.9}, "public_satisfaction", 5.95, 99.95),
        # Awareness 84.9%: 0.1 below 85 x 0.2 = -0.02 -> 3.98 of 4; 100 - 0.02 = 99.98.
        ({"public_awareness": 84.9}, "public_awareness", 3.98, 99.98),
    ],
)
def test_demonstration_public_thresholds(
    demonstration: qa.Scheme, changes: dict[str, Any], point: str, score: float, total: float
) -> None:
    # Exactly at the thresholds (80 and 85%, 以上 includes the number): full points, passed.
    r = qa.assess(demonstration, demo_city(public_satisfaction=80, public_awareness=85))
    assert r.total == 100 and r.grade == "优秀" and r.conditions == []
    # Just below one of them: 优秀 by the total, 不达标 by the threshold.
    r = qa.assess(demonstration, demo_city(**changes))
    assert r.nodes[point] == score
    assert r.total == total and r.grade_before_conditions == "优秀" and r.grade == "不达标"
    assert ids(r.conditions) == ["public_thresholds"]


def test_demonstration_bonus_and_its_cap(demonstration: qa.Scheme) -> None:
    def with_bonus(bonus: float, **changes: Any) -> dict[str, Any]:
        return {**demo_city(**changes), "adjustments": {"innovation": bonus}}

    # capacity 3 of 15: base 88 -> 达标; bonus 2 -> 90, the bound of 优秀.
    r = qa.assess(demonstration, with_bonus(2, capacity=3))
    d = r.to_dict()
    assert d["base_total"] == 88 and r.total == 90 and r.grade == "优秀"
    assert d["adjustments"]["innovation"] == {"kind": "bonus", "points": 2.0, "capped": False}
    # Exactly the cap: 88 + 5 = 93, not capped; 5.01 is capped at 5: 93 again.
    r = qa.assess(demonstration, with_bonus(5, capacity=3))
    assert r.total == 93 and not r.to_dict()["adjustments"]["innovation"]["capped"]
    r = qa.assess(demonstration, with_bonus(5.01, capacity=3))
    assert r.to_dict()["adjustments"]["innovation"] == {
        "kind": "bonus",
        "points": 5.0,
        "capped": True,
    }
    assert r.total == 93
    # Full marks + 5: the total stops at 100.
    r = qa.assess(demonstration, with_bonus(5))
    assert r.to_dict()["base_total"] == 100 and r.total == 100
    # The bonus does not lift a key item over its floor: 89.99 + 5 = 94.99 -> 优秀 by the
    # total, 不达标 by the floor.
    r = qa.assess(demonstration, with_bonus(5, process_supervision=14.99))
    assert r.total == 94.99 and r.grade_before_conditions == "优秀" and r.grade == "不达标"
    assert ids(r.conditions) == ["key_item_floor"]


def test_demonstration_major_incident_vetoes_in_the_calendar_year(
    demonstration: qa.Scheme,
) -> None:
    def with_incident(day: str, severity: str) -> dict[str, Any]:
        return {**demo_city(), "incidents": [{"id": "i", "date": day, "severity": severity}]}

    r = qa.assess(demonstration, with_incident("2023-06-01", "major"))
    assert r.total == 100 and r.grade == "不达标" and r.vetoed
    assert ids(r.conditions) == ["major_incident"]
    # A larger (not major) incident: no veto. A major one on 31 December of the year before
    # lies outside the calendar-year period: no veto either.
    for day, severity in [("2023-06-01", "larger"), ("2022-12-31", "major")]:
        r = qa.assess(demonstration, with_incident(day, severity))
        assert r.grade == "优秀" and not r.vetoed and r.conditions == []


def test_demonstration_is_scored_on_verified_values_and_cites_no_article(
    demonstration: qa.Scheme,
) -> None:
    # Self-evaluated process_supervision 25, verified 20: scored 20 -> 95 (优秀); 5 above the
    # verified value is more than 0.1 x 25 = 2.5 -> overstated. The scheme declares its legal
    # basis by title only, so the finding cites no article (not the quality measures' Art. 9).
    submission = {**demo_city(), "verification": {"process_supervision": 20}}
    r = qa.assess(demonstration, submission)
    assert r.nodes["process_supervision"] == 20 and r.total == 95 and r.grade == "优秀"
    assert [f.kind for f in r.findings] == ["overstated"]
    assert "Art." not in r.findings[0].detail and "第九条" not in r.findings[0].detail_zh


# ---- farmland protection: a pass/fail gate over informational points ------------------------
#
# These tests need the core's gate grading and informational points (issue 16); until the
# module is rebuilt with them, loading the scheme raises qa.SchemeError. Run them alone with
# `pytest -k farmland tests/python/test_sister_schemes.py`.
#
# Every point is informational (no points, total.max 0): the total is always 0. 合格 needs all
# of: cultivated_land >= its target (580), permanent_basic_farmland >= its target (490),
# compensation_balance and farmland_replacement true, illegal_occupation_share at most 14.9999
# (lower is better; "达到15%以上" fails at 15), and either high_standard_farmland >= its task
# (20) or (>= 90% of it, i.e. 18, and high_standard_carried_over true). Everything else is 不合格.
# A value not filed counts as not met. quality is shown and not gated. Conditions: a major case
# in the calendar year vetoes (force 不合格); a concealed case lowers 合格 to 不合格.

FARMLAND_TARGETS = {
    "cultivated_land": 580,
    "permanent_basic_farmland": 490,
    "high_standard_farmland": 20,
}


@pytest.fixture(scope="module")
def farmland() -> qa.Scheme:
    return load("farmland-protection.json")


def farm_city(targets: dict[str, float] | None = None, **changes: Any) -> dict[str, Any]:
    """A city meeting every requirement with room to spare; a change to None leaves the value
    out (not filed)."""
    values: dict[str, Any] = {
        "cultivated_land": 580.5,
        "permanent_basic_farmland": 490.2,
        "compensation_balance": True,
        "farmland_replacement": True,
        "illegal_occupation_share": 3.2,
        "high_standard_farmland": 21,
        "high_standard_carried_over": False,
        "quality": "stable",
        **changes,
    }
    return {
        "region": {"code": "990101", "name": "示例市（虚构）"},
        "year": 2023,
        "targets": dict(FARMLAND_TARGETS if targets is None else targets),
        "self_evaluation": {leaf: v for leaf, v in values.items() if v is not None},
    }


def case(day: str, severity: str, **more: Any) -> dict[str, Any]:
    return {"id": f"{severity}-{day}", "date": day, "severity": severity, **more}


def finding_kinds(r: qa.Result) -> list[tuple[str, str]]:
    return [(f["kind"], f.get("leaf", "")) for f in r.to_dict()["findings"]]


def test_farmland_every_requirement_met_passes_with_no_points(farmland: qa.Scheme) -> None:
    assert farmland.grades == ["合格", "不合格"]
    assert farmland.max_total == 0
    r = qa.assess(farmland, farm_city())
    assert r.total == 0 and r.grade == "合格" and r.grade_before_conditions == "合格"
    assert not r.vetoed and r.conditions == [] and r.consequences == []
    assert r.findings == []


@pytest.mark.parametrize(
    ("leaf", "value", "grade"),
    [
        ("cultivated_land", 580, "合格"),  # exactly the target: not below it
        ("cultivated_land", 579.9999, "不合格"),  # 1 亩 (0.0001 万亩) short
        ("permanent_basic_farmland", 490, "合格"),
        ("permanent_basic_farmland", 489.9999, "不合格"),
        ("cultivated_land", 9999, "合格"),  # far above: the attainment is capped at 1
    ],
)
def test_farmland_area_targets_at_and_just_below(
    farmland: qa.Scheme, leaf: str, value: float, grade: str
) -> None:
    r = qa.assess(farmland, farm_city(**{leaf: value}))
    assert r.total == 0 and r.grade_before_conditions == grade and r.grade == grade
    assert not r.vetoed and r.conditions == []  # the gate fails it, not a condition
    assert ids(r.consequences) == (["rectification"] if grade == "不合格" else [])


def test_farmland_a_missed_target_is_shown_in_the_explanation(farmland: qa.Scheme) -> None:
    # Informational points are read and shown: the value that failed the gate is in the text.
    r = qa.assess(farmland, farm_city(cultivated_land=579.9999))
    text = r.explain()
    assert "[cultivated_land]" in text and "579.9999" in text


@pytest.mark.parametrize(
    ("share", "grade"),
    [
        (14.9999, "合格"),  # below 15%: 14.9999 / 14.9999 = attainment 1
        (15, "不合格"),  # 达到15%以上 includes 15: 14.9999 / 15 < 1
        (0, "合格"),  # no illegal occupation: a zero denominator is full attainment
        (100, "不合格"),
    ],
)
def test_farmland_illegal_occupation_share_below_fifteen_percent(
    farmland: qa.Scheme, share: float, grade: str
) -> None:
    r = qa.assess(farmland, farm_city(illegal_occupation_share=share))
    assert r.grade == grade and not r.vetoed


@pytest.mark.parametrize("leaf", ["compensation_balance", "farmland_replacement"])
def test_farmland_a_core_check_not_met_fails(farmland: qa.Scheme, leaf: str) -> None:
    r = qa.assess(farmland, farm_city(**{leaf: False}))
    assert r.total == 0 and r.grade == "不合格" and not r.vetoed
    assert r.findings == []  # filed as false: not met, nothing missing


@pytest.mark.parametrize(
    ("built", "carried_over", "grade"),
    [
        (20, False, "合格"),  # the task (20) built in full: the first alternative
        (25, False, "合格"),  # more than the task
        (19.9999, False, "不合格"),  # short of the task, nothing carried over
        (19.9999, True, "合格"),  # 0.999995 of it >= 0.9, the rest carried over
        (18, True, "合格"),  # exactly 90%: 18 / 20 = 0.9
        (17.9999, True, "不合格"),  # 0.899995 < 0.9, carried over or not
        (18, False, "不合格"),  # 90% but nothing carried over: neither alternative
    ],
)
def test_farmland_high_standard_task_any_of_two_alternatives(
    farmland: qa.Scheme, built: float, carried_over: bool, grade: str
) -> None:
    submission = farm_city(high_standard_farmland=built, high_standard_carried_over=carried_over)
    r = qa.assess(farmland, submission)
    assert r.grade == grade and r.conditions == []


def test_farmland_a_missing_value_fails_the_gate(farmland: qa.Scheme) -> None:
    # compensation_balance not filed: rate 0, the gate fails, with a missing_value finding.
    r = qa.assess(farmland, farm_city(compensation_balance=None))
    assert r.grade == "不合格" and not r.vetoed
    assert finding_kinds(r) == [("missing_value", "compensation_balance")]
    # 90% built and the carry-over not filed: the second alternative is not met either.
    r = qa.assess(farmland, farm_city(high_standard_farmland=18, high_standard_carried_over=None))
    assert r.grade == "不合格"
    assert finding_kinds(r) == [("missing_value", "high_standard_carried_over")]
    # The task built in full: the carry-over is not needed, so not filing it still passes (the
    # finding is recorded all the same).
    r = qa.assess(farmland, farm_city(high_standard_carried_over=None))
    assert r.grade == "合格"
    assert finding_kinds(r) == [("missing_value", "high_standard_carried_over")]


def test_farmland_a_missing_target_fails_the_gate(farmland: qa.Scheme) -> None:
    # No cultivated-land target filed: the point cannot be met (missing_target).
    targets = {k: v for k, v in FARMLAND_TARGETS.items() if k != "cultivated_land"}
    r = qa.assess(farmland, farm_city(targets=targets))
    assert r.grade == "不合格"
    assert finding_kinds(r) == [("missing_target", "cultivated_land")]


def test_farmland_quality_is_shown_and_not_gated(farmland: qa.Scheme) -> None:
    # A declined quality grade (fraction 0) is no requirement of the gate: still 合格.
    r = qa.assess(farmland, farm_city(quality="declined"))
    assert r.total == 0 and r.grade == "合格"
    # The level may be given by its label too.
    assert qa.assess(farmland, farm_city(quality="提升")).grade == "合格"


@pytest.mark.parametrize(
    "changes",
    [
        {"illegal_occupation_share": 100.5},  # above max_value 100
        {"cultivated_land": -1},  # below min_value 0
        {"quality": "worse"},  # no such level
        {"compensation_balance": "yes"},  # not a boolean
    ],
)
def test_farmland_informational_values_are_validated(
    farmland: qa.Scheme, changes: dict[str, Any]
) -> None:
    with pytest.raises(qa.InputError):
        qa.assess(farmland, farm_city(**changes))


def test_farmland_a_fixed_target_cannot_be_filed(farmland: qa.Scheme) -> None:
    with pytest.raises(qa.InputError):
        qa.assess(farmland, farm_city(targets={**FARMLAND_TARGETS, "illegal_occupation_share": 20}))


def test_farmland_major_case_vetoes_in_the_calendar_year(farmland: qa.Scheme) -> None:
    r = qa.assess(farmland, {**farm_city(), "incidents": [case("2023-06-01", "major")]})
    assert r.grade_before_conditions == "合格" and r.grade == "不合格" and r.vetoed
    assert ids(r.conditions) == ["major_illegal_occupation"]
    assert ids(r.consequences) == ["rectification"]
    # A general case, or a major one dated outside 2023 (31 December 2022, 1 January 2024):
    # no veto, still 合格.
    outside = [("2023-06-01", "general"), ("2022-12-31", "major"), ("2024-01-01", "major")]
    for day, severity in outside:
        r = qa.assess(farmland, {**farm_city(), "incidents": [case(day, severity)]})
        assert r.grade == "合格" and not r.vetoed and r.conditions == []
    # A city that already fails the gate is vetoed too (the grade stays 不合格).
    failing = {**farm_city(cultivated_land=500), "incidents": [case("2023-06-01", "major")]}
    r = qa.assess(farmland, failing)
    assert r.grade_before_conditions == "不合格" and r.grade == "不合格" and r.vetoed


def test_farmland_concealed_case_turns_pass_into_fail(farmland: qa.Scheme) -> None:
    # A general case found at verification and not reported: concealed -> one grade down, from
    # 合格 to 不合格; no veto.
    hidden = case("2023-04-01", "general", reported_in_self_evaluation=False)
    r = qa.assess(farmland, {**farm_city(), "incidents": [hidden]})
    assert r.grade_before_conditions == "合格" and r.grade == "不合格" and not r.vetoed
    assert ids(r.conditions) == ["concealed_case"]
    assert [f.kind for f in r.findings] == ["concealed"]
    # The scheme declares no legal basis: the finding cites no article.
    assert "Art." not in r.findings[0].detail and "第九条" not in r.findings[0].detail_zh
    # Already 不合格 by the gate: the downgrade stops at the lowest grade.
    r = qa.assess(farmland, {**farm_city(farmland_replacement=False), "incidents": [hidden]})
    assert r.grade_before_conditions == "不合格" and r.grade == "不合格"
    # A concealed major case: vetoed and downgraded.
    hidden_major = case("2023-04-01", "major", reported_in_self_evaluation=False)
    r = qa.assess(farmland, {**farm_city(), "incidents": [hidden_major]})
    assert r.grade == "不合格" and r.vetoed
    assert ids(r.conditions) == ["major_illegal_occupation", "concealed_case"]


def test_farmland_batch_grades_each_city_alone(farmland: qa.Scheme) -> None:
    # A gate needs no cohort: assess_many gives each city the grade qa.assess gives it.
    submissions = [
        farm_city(),
        farm_city(cultivated_land=579.9999),
        farm_city(high_standard_farmland=18, high_standard_carried_over=True),
        {**farm_city(), "incidents": [case("2023-06-01", "major")]},
    ]
    for i, s in enumerate(submissions):
        s["region"] = {"code": f"99010{i + 1}"}
    many = qa.assess_many(farmland, copy.deepcopy(submissions))
    assert [r.grade for r in many] == ["合格", "不合格", "合格", "不合格"]
    assert [r.grade for r in many] == [qa.assess(farmland, s).grade for s in submissions]
    assert [r.total for r in many] == [0, 0, 0, 0]


def test_farmland_scheme_and_results_match_the_json_schemas(farmland: qa.Scheme) -> None:
    def validator(name: str) -> Draft202012Validator:
        resource = resources.files("qualityassess").joinpath("schemas", f"{name}.schema.json")
        return Draft202012Validator(json.loads(resource.read_text(encoding="utf-8")))

    document = json.loads((SCHEMES / "farmland-protection.json").read_text(encoding="utf-8"))
    schema = validator("scheme")
    for doc in (document, farmland.to_dict()):
        assert [e.message for e in schema.iter_errors(doc)] == []
    result = validator("result")
    for submission in (farm_city(), farm_city(compensation_balance=None)):
        r = qa.assess(farmland, submission)
        assert [e.message for e in result.iter_errors(r.to_dict())] == []


def test_farmland_names_its_basis_in_the_file(farmland: qa.Scheme) -> None:
    document = json.loads((SCHEMES / "farmland-protection.json").read_text(encoding="utf-8"))
    assert document["comment"]["legal_basis"] and document["comment"]["cannot_write"]
    assert all(n.get("informational") is True and "points" not in n for n in document["nodes"])
    canonical = farmland.to_dict()
    assert "国办发〔2018〕2号" in canonical["description"]["zh"]
    assert canonical["total"]["max"] == 0
    assert canonical["grading"]["method"] == "gate"
    assert "legal_basis" not in canonical
