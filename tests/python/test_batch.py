"""Columnar batch assessment (qualityassess.batch): identical to qa.assess row by row, whatever
the number of threads; levels as text or categoricals; bad cells named by row and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import qualityassess as qa
from qualityassess.batch import assess_columns
from qualityassess.frame import assess_frame_rows

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LEVELS = ["excellent", "good", "fair", "poor", "none", "优秀", "良好", "一般", "not done", " good "]
YEAR_EDGES = ["2019-06-30", "2019-07-01", "2020-06-30", "2020-07-01", "2019-12-31"]


@pytest.fixture(scope="module")
def fire() -> qa.Scheme:
    return qa.Scheme.load(EXAMPLES / "schemes" / "fire-safety.json")


def _blank(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    out = values.astype(object)
    out[rng.random(len(values)) < share] = None
    return out


def _decimals(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    digits = rng.integers(0, 5, n)
    values = rng.uniform(low, high, n)
    return np.array([round(v, int(d)) for v, d in zip(values, digits, strict=True)]).clip(low, high)


def cn2013_frame(scheme: qa.Scheme, n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    leaves = scheme.leaf_ids
    columns: dict[str, Any] = {"region": [f"{100000 + i}" for i in range(n)]}
    for leaf in leaves[:3]:
        target = _decimals(rng, 85, 99, n)
        columns[f"{leaf}.target"] = np.where(rng.random(n) < 0.1, np.nan, target)
        columns[f"{leaf}.self"] = np.where(
            rng.random(n) < 0.1, np.nan, (target + _decimals(rng, -6, 3, n)).clip(0, 100).round(4)
        )
        columns[f"{leaf}.verified"] = np.where(
            rng.random(n) < 0.6, np.nan, (target + _decimals(rng, -8, 2, n)).clip(0, 100).round(4)
        )
    for leaf in leaves[3:]:
        columns[f"{leaf}.self"] = _blank(rng, rng.choice(np.array(LEVELS, dtype=object), n), 0.1)
        columns[f"{leaf}.verified"] = _blank(
            rng, rng.choice(np.array(LEVELS, dtype=object), n), 0.6
        )
    frame = pd.DataFrame(columns, index=pd.RangeIndex(5, 5 + 2 * n, 2))
    m = n // 3
    incidents = pd.DataFrame(
        {
            "region": rng.choice(frame["region"].to_numpy(), m),
            "date": rng.choice(YEAR_EDGES, m),
            "scope": rng.choice(
                ["local", "regional", "systemic", "系统性事件（某一市场领域整体秩序被破坏）"], m
            ),
            "reported_in_self_evaluation": rng.choice([True, False, None], m),
            "summary": "synthetic",
        }
    )
    return frame, incidents


def fire_frame(scheme: qa.Scheme, n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    states = ["met", "partly_met", "not_met", True, False]
    checklists = []
    for _ in range(n):
        if rng.random() < 0.1:
            checklists.append(None)
            continue
        items = {}
        for item in ("meetings", "pledges", "funding", "accountability"):
            if rng.random() < 0.8:
                items[item] = states[int(rng.integers(0, len(states)))]
        checklists.append(json.dumps(items) if rng.random() < 0.5 else items)
    hazards = []
    for _ in range(n):
        if rng.random() < 0.1:
            hazards.append(None)
            continue
        kinds = {}
        if rng.random() < 0.8:
            kinds["major_hazard_unresolved"] = int(rng.integers(0, 7))
        if rng.random() < 0.8:
            kinds["inspection_overdue"] = int(rng.integers(0, 10))
        hazards.append(kinds)
    frame = pd.DataFrame(
        {
            "region": np.arange(990000, 990000 + n),
            "responsibility.self": checklists,
            "hazards.self": hazards,
            "hydrant_completion.self": np.where(
                rng.random(n) < 0.1, np.nan, _decimals(rng, 60, 100, n)
            ),
            "station_completion.target": _decimals(rng, 80, 100, n),
            "station_completion.self": _decimals(rng, 60, 100, n),
            "station_completion.verified": np.where(
                rng.random(n) < 0.5, np.nan, _decimals(rng, 60, 100, n)
            ),
            "publicity.self": pd.Categorical(
                _blank(rng, rng.choice(np.array(["excellent", "良好", "pass", "fail"]), n), 0.1)
            ),
            "fire_deaths_rate.target": _decimals(rng, 0.2, 1, n),
            "fire_deaths_rate.self": _decimals(rng, 0, 1.5, n),
            "innovation.value": np.where(rng.random(n) < 0.5, np.nan, _decimals(rng, 0, 8, n)),
            "criticised.value": np.where(rng.random(n) < 0.5, np.nan, rng.integers(0, 8, n)),
        }
    )
    m = n // 2
    incidents = pd.DataFrame(
        {
            "region": rng.choice(frame["region"].to_numpy(), m),
            "date": pd.to_datetime(rng.choice(["2022-12-31", "2023-01-01", "2023-12-31"], m)),
            "scope": "fire",
            "severity": rng.choice(["general", "larger", "major", None], m),
            "deaths": rng.integers(0, 15, m),
        }
    )
    return frame, incidents


def by_rows(scheme: qa.Scheme, frame: pd.DataFrame, incidents: pd.DataFrame, year: int) -> Any:
    """The reference: every row assessed on its own with qa.assess (via its submission)."""
    return assess_frame_rows(scheme, frame, incidents=incidents, year=year)


# ---- identical to qa.assess -------------------------------------------------------------------


def test_cn2013_batch_equals_single_assessment(cn2013: qa.Scheme) -> None:
    frame, incidents = cn2013_frame(cn2013, 3000, seed=1)
    batch = assess_columns(cn2013, frame, incidents=incidents, year=2019)
    pd.testing.assert_frame_equal(batch, by_rows(cn2013, frame, incidents, 2019))
    assert batch["vetoed"].any() and not batch["vetoed"].all()
    assert set(batch["grade"]) >= {"B", "C", "D"}


def test_fire_safety_batch_equals_single_assessment(fire: qa.Scheme) -> None:
    frame, incidents = fire_frame(fire, 2000, seed=2)
    batch = assess_columns(fire, frame, incidents=incidents, year=2023)
    pd.testing.assert_frame_equal(batch, by_rows(fire, frame, incidents, 2023))
    assert (batch["total"] == 0).any()  # the death-toll veto zeroes the total
    assert batch["vetoed"].any()


def test_a_few_rows_against_qa_assess_directly(cn2013: qa.Scheme) -> None:
    frame, incidents = cn2013_frame(cn2013, 40, seed=3)
    batch = assess_columns(cn2013, frame, incidents=incidents, year=2019)
    submissions = qa.frame.frame_submissions(cn2013, frame, incidents, 2019).documents
    assert batch.index.tolist() == [str(code) for code in frame["region"]]
    for position, submission in enumerate(submissions):
        result = qa.assess(cn2013, submission)
        row = batch.iloc[position]
        assert (row["total"], row["grade"], row["vetoed"]) == (
            result.total,
            result.grade,
            result.vetoed,
        )
        assert row[list(result.nodes)].to_dict() == result.nodes


# 西藏自治区 (540000) as in examples/data/sample-2019.json, one table row. By hand: manufacturing
# 90.1 vs 90.7: 0.6 × 3 = 1.8 → 13.2; agri 95.5 vs 95.8: 0.3 × 3 = 0.9 → 14.1; construction
# 97.6 ≥ 97.3 → 10; macro 3 + 5 × fair 1.8 = 12; supervision 5 × fair 2.1 + 3 × good 2.8 = 18.9;
# infrastructure 3 × 2.1 + 2.8 = 9.1; total 37.3 + 40.0 = 77.3 → C.
TIBET = {
    "region": "540000",
    "manufacturing_pass_rate.target": 90.7,
    "manufacturing_pass_rate.self": 90.1,
    "agri_monitoring_pass_rate.target": 95.8,
    "agri_monitoring_pass_rate.self": 95.5,
    "construction_acceptance_rate.target": 97.3,
    "construction_acceptance_rate.self": 97.6,
    "development_plan.self": "excellent",
    **{
        f"{leaf}.self": "fair"
        for leaf in (
            "coordination_mechanism",
            "brand_strategy",
            "quality_statistics",
            "quality_investment",
            "industry_access",
            "supervision_capacity",
            "anti_counterfeiting",
            "risk_management",
            "engineering_supervision",
            "service_supervision",
            "standards_metrology_certification",
            "inspection_testing",
            "quality_workforce",
        )
    },
    "quality_integrity.self": "good",
    "consumer_protection.self": "good",
    "product_supervision.self": "good",
    "port_inspection.self": "good",
    "inspection_testing.verified": "fair",
    "supervision_capacity.verified": "fair",
}
TIBET_POINTS = {"total": 77.3, "grade": "C", "targets": 37.3, "macro": 12.0, "supervision": 18.9}


def with_tibet(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with Tibet's row added last, under the label 1 (the generated labels are 5, 7,
    ...); results are indexed by region code, so its results are at ``"540000"``."""
    return pd.concat([frame, pd.DataFrame([TIBET], index=[1])])


def test_thread_count_does_not_change_results(cn2013: qa.Scheme) -> None:
    frame, incidents = cn2013_frame(cn2013, 10000, seed=4)
    frame = with_tibet(frame)
    one = assess_columns(cn2013, frame, incidents=incidents, year=2019, threads=1)
    assert one.loc["540000", list(TIBET_POINTS)].to_dict() == TIBET_POINTS
    for threads in (2, 7):
        many = assess_columns(cn2013, frame, incidents=incidents, year=2019, threads=threads)
        pd.testing.assert_frame_equal(one, many)
        assert many.loc["540000", list(TIBET_POINTS)].to_dict() == TIBET_POINTS


def test_categorical_levels_equal_text_levels(cn2013: qa.Scheme) -> None:
    frame, _ = cn2013_frame(cn2013, 500, seed=5)
    frame = with_tibet(frame)
    as_categories = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) == "str":
            if column != "region":
                as_categories[column] = frame[column].astype("category")
    assert isinstance(as_categories["development_plan.self"].dtype, pd.CategoricalDtype)
    by_text = assess_columns(cn2013, frame, year=2019)
    by_category = assess_columns(cn2013, as_categories, year=2019)
    pd.testing.assert_frame_equal(by_text, by_category)
    assert by_category.loc["540000", list(TIBET_POINTS)].to_dict() == TIBET_POINTS


# ---- missing values and incidents -------------------------------------------------------------


def test_missing_values_score_zero(cn2013: qa.Scheme) -> None:
    frame = pd.DataFrame({"region": ["110000", "120000"], "development_plan.self": [None, "good"]})
    out = assess_columns(cn2013, frame, year=2019)
    assert out["total"].tolist() == [0.0, 2.4]
    assert out["grade"].tolist() == ["D", "D"]
    pd.testing.assert_frame_equal(out, assess_frame_rows(cn2013, frame, year=2019))


def test_incidents_at_the_edges_of_the_year(cn2013: qa.Scheme, make_submission: Any) -> None:
    full = make_submission()
    row = {"region": "420000"}
    row.update({f"{leaf}.target": value for leaf, value in full["targets"].items()})
    row.update({f"{leaf}.self": value for leaf, value in full["self_evaluation"].items()})
    frame = pd.DataFrame([{**row, "region": code} for code in ("1", "2", "3", "4", "5")])
    incidents = pd.DataFrame(
        {
            "region": ["1", "2", "3", "4", "5"],
            "date": ["2019-06-30", "2019-07-01", "2020-06-30", "2020-07-01", "2020-01-01"],
            "scope": ["regional", "regional", "systemic", "systemic", "local"],
        }
    )
    out = assess_columns(cn2013, frame, incidents=incidents, year=2019)
    assert out["total"].tolist() == [100.0] * 5
    assert out["vetoed"].tolist() == [False, True, True, False, False]
    assert out["grade"].tolist() == ["A", "D", "D", "A", "A"]


def test_year_column_and_rows_sharing_a_code(cn2013: qa.Scheme) -> None:
    frame = pd.DataFrame(
        {
            "region": [420000, 420000, 430000],
            "year": [2019, 2020, 2019],
            "development_plan.self": ["good", "good", "fair"],
        }
    )
    incidents = pd.DataFrame({"region": ["420000"], "date": ["2020-03-01"], "scope": ["regional"]})
    out = assess_columns(cn2013, frame, incidents=incidents)
    assert out["vetoed"].tolist() == [True, False, False]  # 2020-03-01 lies in year 2019 only
    pd.testing.assert_frame_equal(out, assess_frame_rows(cn2013, frame, incidents=incidents))


# ---- bad input ---------------------------------------------------------------------------------


def test_unknown_level_names_row_and_column(cn2013: qa.Scheme) -> None:
    frame = pd.DataFrame(
        {"region": ["110000", "120000"], "development_plan.self": ["good", "superb"]},
        index=["a", "b"],
    )
    with pytest.raises(qa.InputError) as caught:
        assess_columns(cn2013, frame, year=2019)
    issues = caught.value.issues
    assert issues == [
        (
            "row b (120000), column 'development_plan.self'",
            "'superb' is not a level of development_plan (excellent, good, fair, poor, none)",
        )
    ]


def test_unknown_category_names_its_rows(cn2013: qa.Scheme) -> None:
    frame = pd.DataFrame(
        {
            "region": ["1", "2", "3"],
            "brand_strategy.verified": pd.Categorical(["good", "bad", "bad"]),
        }
    )
    with pytest.raises(qa.InputError) as caught:
        assess_columns(cn2013, frame, year=2019)
    places = [place for place, _ in caught.value.issues]
    assert places == [
        "row 1 (2), column 'brand_strategy.verified'",
        "row 2 (3), column 'brand_strategy.verified'",
    ]


def test_values_checked_by_the_core_name_row_and_column(cn2013: qa.Scheme) -> None:
    frame = pd.DataFrame(
        {"region": ["1", "2"], "manufacturing_pass_rate.self": [99.0, 100.5]}, index=[10, 20]
    )
    incidents = pd.DataFrame({"region": ["1"], "date": ["2020-01-01"], "scope": ["flood"]})
    with pytest.raises(qa.InputError) as caught:
        assess_columns(cn2013, frame, incidents=incidents, year=2019)
    assert caught.value.issues == [
        ("row 20 (2), column 'manufacturing_pass_rate.self'", "must be in [0, 100], not 100.5"),
        (
            "incidents row 0 (1), column 'scope'",
            "'flood' is not an incident scope (local, regional, systemic)",
        ),
    ]


def test_table_problems_are_reported_together(cn2013: qa.Scheme) -> None:
    frame = pd.DataFrame(
        {
            "region": ["1", ""],
            "year": [2019, 2018],
            "nonsense": [1, 2],
            "development_plan.self": [True, "good"],
        }
    )
    incidents = pd.DataFrame({"region": ["9"], "date": ["2020-13-01"], "scope": ["local"]})
    with pytest.raises(qa.InputError) as caught:
        assess_columns(cn2013, frame, incidents=incidents, year=2019)
    places = [place for place, _ in caught.value.issues]
    # The table's own problems first, then row by row (columns in the table's order), then
    # the incidents.
    assert places == [
        "column 'nonsense'",
        "row 0 (1), column 'development_plan.self'",
        "row 1, column 'region'",
        "row 1, column 'year'",
        "incidents row 0 (9), column 'region'",
        "incidents row 0 (9), column 'date'",
    ]


def test_repeated_columns_are_refused_by_the_batch_too() -> None:
    frame = pd.DataFrame(
        [["420000", "good", "fair"]],
        columns=["region", "development_plan.self", "development_plan.self"],
    )
    with pytest.raises(
        qa.InputError, match=r"column 'development_plan\.self': appears more than once"
    ):
        assess_columns("cn-2013", frame, year=2019)
