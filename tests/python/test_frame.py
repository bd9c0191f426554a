"""pandas in and out (issue 4, item 1): qa.assess_frame, Results.to_frame / ranking, qa.compare;
their conventions (issue 14, part 3): indexed by region, grades ordered Categoricals."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import qualityassess as qa

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def read_sample_csv() -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = pd.read_csv(DATA / "sample-2019.csv", dtype={"region": str})
    incidents = pd.read_csv(DATA / "sample-2019-incidents.csv", dtype={"region": str})
    return frame, incidents


def test_sample_csv_grades_as_the_json_sample(sample_2019: dict[str, Any]) -> None:
    frame, incidents = read_sample_csv()
    table = qa.assess_frame("cn-2013", frame, incidents)
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    assert list(table.index) == list(frame["region"])
    assert table["grade"].tolist() == [r.grade for r in results]
    assert table["total"].tolist() == [r.total for r in results]
    assert table["vetoed"].tolist() == [False] * 31
    for node in ("targets", "measures", "macro", "development_plan"):
        assert table[node].tolist() == [r.nodes[node] for r in results]
    assert dict(zip(frame["region"], table["grade"], strict=True)) == sample_2019["expected_grades"]


def test_output_follows_pandas_conventions() -> None:
    """Issue 14, part 3: indexed by region code, the name a column, the grade an ordered
    Categorical of the scheme's grades best first; the input's own index is not carried."""
    frame, _ = read_sample_csv()
    frame.index = [f"r{i}" for i in range(len(frame))]
    table = qa.assess_frame("cn-2013", frame)
    scheme = qa.Scheme.builtin()
    head = ["name", "year", "total", "grade", "vetoed"]
    assert list(table.columns) == head + [n["id"] for n in scheme.nodes()]
    assert table.index.name == "region"
    assert list(table.index) == list(frame["region"])
    assert table.loc["420000", "name"] == "湖北省"
    assert table.loc["420000", "total"] == 89.8
    assert table["year"].eq(2019).all()
    grade = table["grade"]
    assert isinstance(grade.dtype, pd.CategoricalDtype) and grade.cat.ordered
    assert list(grade.cat.categories) == ["A", "B", "C", "D"]
    assert table.sort_values("grade")["grade"].iloc[0] == "A"
    assert set(table.index[table["grade"] <= "B"]) == set(table.index[grade.isin(["A", "B"])])


def test_a_frame_indexed_by_region_is_accepted() -> None:
    frame, incidents = read_sample_csv()
    by_column = qa.assess_frame("cn-2013", frame, incidents)
    by_index = qa.assess_frame("cn-2013", frame.set_index("region"), incidents.set_index("region"))
    pd.testing.assert_frame_equal(by_column, by_index)
    # A level named region of a MultiIndex too (region and year, say).
    by_levels = qa.assess_frame("cn-2013", frame.set_index(["region", "year"]), incidents, 2019)
    pd.testing.assert_frame_equal(by_column, by_levels[by_column.columns])


def test_a_table_without_names_gets_no_name_column() -> None:
    frame = pd.DataFrame([hubei_row()]).drop(columns="name")
    table = qa.assess_frame("cn-2013", frame, year=2019)
    assert list(table.columns[:3]) == ["year", "total", "grade"]


def hubei_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "region": "420000",
        "name": "湖北省",
        "manufacturing_pass_rate.target": 93.0,
        "manufacturing_pass_rate.self": 92.3,
        "development_plan.self": "good",
        "development_plan.verified": float("nan"),
    }
    row.update(changes)
    return row


def test_a_small_frame_with_nan_as_not_given_and_year_argument() -> None:
    frame = pd.DataFrame([hubei_row(), hubei_row(region="310000", name="上海市")])
    table = qa.assess_frame("cn-2013", frame, year=2019)
    assert table.loc["420000", "manufacturing_pass_rate"] == 12.9  # 15 - 3 x 0.7
    # good, 0.8 x 3 (verified: NaN = not given)
    assert table.loc["420000", "development_plan"] == 2.4


def test_verified_values_win_and_levels_by_chinese_label() -> None:
    frame = pd.DataFrame([hubei_row(**{"development_plan.verified": "一般"})])
    table = qa.assess_frame("cn-2013", frame, year=2019)
    assert table.loc["420000", "development_plan"] == 1.8  # fair, 0.6 x 3


def test_year_column_and_integer_region_codes() -> None:
    frame = pd.DataFrame([hubei_row(region=420000, year=2019.0)])
    result = qa.assess_frame("cn-2013", frame)
    assert result.index.tolist() == ["420000"]  # as text, as every region code
    assert result.loc["420000", "manufacturing_pass_rate"] == 12.9
    assert result.loc["420000", "year"] == 2019


def test_incidents_frame_vetoes_a_region() -> None:
    frame = pd.DataFrame([hubei_row(), hubei_row(region="310000", name="上海市")])
    incidents = pd.DataFrame(
        [
            {"region": "420000", "date": pd.Timestamp("2020-03-02"), "scope": "regional"},
            {"region": "310000", "date": "2020-03-02", "scope": "local", "source": "press"},
        ]
    )
    table = qa.assess_frame("cn-2013", frame, incidents, year=2019)
    assert table["vetoed"].tolist() == [True, False]
    assert table["grade"].tolist() == ["D", "D"]  # Shanghai: D by score (few values given)


def test_bad_cells_are_named_by_row_and_column() -> None:
    frame, incidents = read_sample_csv()
    frame.loc[3, "development_plan.self"] = "superb"
    frame.loc[5, "manufacturing_pass_rate.target"] = 120
    frame["development_plan.slef"] = None
    incidents.loc[2, "date"] = "2020-13-01"
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame, incidents)
    issues = caught.value.issues
    assert issues == [
        (
            "column 'development_plan.slef'",
            "'.slef' is not a column suffix (.target, .self, .verified, .previous)",
        ),
        (
            "row 3 (140000), column 'development_plan.self'",
            "'superb' is not a level of development_plan (excellent, good, fair, poor, none)",
        ),
        ("row 5 (210000), column 'manufacturing_pass_rate.target'", "must be in [0, 100], not 120"),
        (
            "incidents row 2 (210000), column 'date'",
            "'2020-13-01' is not a date (YYYY-MM-DD)",
        ),
    ]
    message = str(caught.value)
    assert message.startswith("invalid table (4 problems)")
    assert (
        "row 3 (140000), column 'development_plan.self': 'superb' is not a level of "
        "development_plan" in message
    )


def test_frame_errors_without_region_or_year() -> None:
    with pytest.raises(qa.InputError, match="column 'region'"):
        qa.assess_frame("cn-2013", pd.DataFrame([{"development_plan.self": "good"}]), year=2019)
    with pytest.raises(qa.InputError, match="no assessment year"):
        qa.assess_frame("cn-2013", pd.DataFrame([hubei_row()]))
    frame = pd.DataFrame([hubei_row(year=2018)])
    with pytest.raises(qa.InputError, match="is 2018, but year=2019 was given"):
        qa.assess_frame("cn-2013", frame, year=2019)


def test_repeated_columns_are_an_error() -> None:
    frame = pd.DataFrame([["420000", "good", "fair"]], columns=["region", "x.self", "x.self"])
    with pytest.raises(qa.InputError, match=r"column 'x\.self': appears more than once"):
        qa.assess_frame("cn-2013", frame, year=2019)


def test_incident_for_an_unknown_region() -> None:
    incidents = pd.DataFrame([{"region": "999999", "date": "2020-01-01", "scope": "local"}])
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", pd.DataFrame([hubei_row()]), incidents, year=2019)
    assert caught.value.issues == [
        ("incidents row 0 (999999), column 'region'", "'999999' is not a region of the table")
    ]


def test_checklist_and_deduction_cells_in_another_scheme(repo: Path) -> None:
    scheme = qa.Scheme.load(repo / "examples" / "schemes" / "fire-safety.json")
    data = json.loads((repo / "examples" / "data" / "fire-safety-2023.json").read_text("utf-8"))
    city = data["submissions"][0]
    row = {
        "region": city["region"]["code"],
        "year": city["year"],
        "responsibility.self": json.dumps(city["self_evaluation"]["responsibility"]),
        "hazards.self": city["self_evaluation"]["hazards"],  # a dict in a cell is fine too
        "hydrant_completion.self": 96,
        "station_completion.target": 100,
        "station_completion.self": 92,
        "publicity.self": "excellent",
        "fire_deaths_rate.target": 0.5,
        "fire_deaths_rate.self": 0.4,
        "innovation.value": 3,
    }
    table = qa.assess_frame(scheme, pd.DataFrame([row]))
    expected = qa.assess(scheme, city)
    assert table["total"].tolist() == [expected.total]
    assert table["grade"].tolist() == [expected.grade] == ["优秀"]
    assert list(table["grade"].cat.categories) == scheme.grades


def test_results_to_frame_and_ranking(sample_2019: dict[str, Any]) -> None:
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    assert isinstance(results, qa.Results) and isinstance(results, list)
    assert isinstance(results[0], qa.Result)
    frame = results.to_frame()
    assert frame.index.name == "region" and len(frame) == 31
    assert frame.loc["420000", "name"] == "湖北省"
    assert frame.loc["420000", "total"] == 89.8
    assert frame.loc["420000", "grade"] == "B"
    assert frame["grade"].cat.ordered and frame["grade_before_conditions"].cat.ordered
    assert frame.loc["420000", "development_plan"] == results[16].nodes["development_plan"]
    ranking = results.ranking()
    assert list(ranking.columns) == ["rank", "name", "total", "grade", "vetoed"]
    assert ranking["name"].head(4).tolist() == ["广东省", "上海市", "江苏省", "浙江省"]
    assert ranking["rank"].tolist()[4:6] == [5, 5]  # 北京市 and 宁夏 both 89.9
    assert ranking.index.name == "region" and ranking.index[0] == "440000"
    assert list(ranking["grade"].cat.categories) == ["A", "B", "C", "D"]
    assert results.grade_counts() == {"A": 4, "B": 22, "C": 5, "D": 0}


def test_ranking_puts_a_vetoed_region_below_its_score(make_submission: Any) -> None:
    vetoed = make_submission(
        incidents=[{"id": "i", "date": "2020-01-02", "scope": "systemic"}],
    )
    other = make_submission(region={"code": "310000", "name": "上海市"})
    other["self_evaluation"]["development_plan"] = "poor"
    results = qa.assess_many("cn-2013", [vetoed, other])
    ranking = results.ranking()
    assert ranking.index.tolist() == ["310000", "420000"]
    assert ranking["grade"].tolist() == ["A", "D"]


def test_compare_two_years() -> None:
    from qualityassess.sample import load_sample

    before = qa.assess_many("cn-2013", load_sample(2018)["submissions"])
    after = qa.assess_many("cn-2013", load_sample(2019)["submissions"])
    table = qa.compare(before, after)
    assert len(table) == 31
    risers = sorted(table.index[table["change"] == "up"])
    assert risers == ["230000", "320000", "460000", "610000", "640000", "650000"]
    assert set(table["change"]) <= {"up", "same", "down"}
    hubei = table.loc["420000"]
    assert hubei["grade", "after"] == "B"
    assert hubei["total", "after"] == 89.8
    assert hubei["total", "delta"] == round(hubei["total", "after"] - hubei["total", "before"], 4)
    for node in ("targets", "development_plan"):
        delta = hubei[node, "after"] - hubei[node, "before"]
        assert hubei[node, "delta"] == round(delta, 4)


def test_compare_columns_are_item_and_side() -> None:
    """Issue 14, part 3: two column levels (item, side) instead of flat ``x.before`` names."""
    from qualityassess.sample import load_sample

    before = qa.assess_many("cn-2013", load_sample(2018)["submissions"])
    after = qa.assess_many("cn-2013", load_sample(2019)["submissions"])
    table = qa.compare(before, after)
    assert table.columns.names == ["item", "side"]
    assert table.index.name == "region"
    assert table.columns[:7].tolist() == [
        ("name", ""),
        ("grade", "before"),
        ("grade", "after"),
        ("change", ""),
        ("total", "before"),
        ("total", "after"),
        ("total", "delta"),
    ]
    assert table["name"].loc["420000"] == "湖北省"  # one column under an empty side
    assert list(table["total"].columns) == ["before", "after", "delta"]
    deltas = table.xs("delta", axis=1, level="side")
    nodes = [node["id"] for node in qa.Scheme.builtin().nodes()]
    assert list(deltas.columns) == ["total", *nodes]
    assert table["grade"]["after"].cat.ordered


def test_compare_under_a_reweighted_scheme(sample_2019: dict[str, Any]) -> None:
    document = qa.Scheme.builtin().to_dict()
    document["id"] = "cn-2013-reweighted"
    # Move 5 points from engineering's acceptance rate to manufacturing's pass rate.
    product, engineering = document["nodes"][0]["children"]
    product["points"], product["children"][0]["points"] = 35, 20
    engineering["points"], engineering["children"][0]["points"] = 5, 5
    reweighted = qa.Scheme.from_dict(document)
    submissions = [{**s, "scheme": reweighted.id} for s in sample_2019["submissions"]]
    table = qa.compare(
        qa.assess_many("cn-2013", sample_2019["submissions"]),
        qa.assess_many(reweighted, submissions),
    )
    assert (table["engineering", "after"] <= 5).all()
    hubei = table.loc["420000"]
    assert hubei["product", "before"] + 5 >= hubei["product", "after"]
    assert set(table["change"]) <= {"up", "same", "down"}


def test_compare_regions_on_one_side_only(sample_2019: dict[str, Any]) -> None:
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    table = qa.compare(results[:3], results[1:4])
    assert list(table.index) == ["120000", "130000", "140000", "110000"]
    assert pd.isna(table.loc["110000", ("change", "")])
    assert pd.isna(table.loc["110000", ("grade", "after")])
    assert math.isnan(table.loc["110000", ("total", "after")])
    assert table.loc["120000", ("change", "")] == "same"
    assert table.loc["120000", ("total", "delta")] == 0
    with pytest.raises(qa.InputError, match="appears more than once"):
        qa.compare(results[:2] + results[:1], results)


def test_assess_frame_carries_rank_grading(direct_scheme: Any) -> None:
    document = direct_scheme()
    document["grading"] = {
        "method": "rank",
        "tiers": [{"grade": "top", "count": 1}, {"grade": "rest"}],
    }
    scheme = qa.Scheme.from_dict(document)
    frame = pd.DataFrame(
        [{"region": "a", "score.self": 50}, {"region": "b", "score.self": 70}], index=[10, 20]
    )
    table = qa.assess_frame(scheme, frame, year=2020)
    assert table.loc["b", "grade"] == "top" and table.loc["b", "rank"] == 1
    assert table.loc["a", "grade"] == "rest" and table.loc["a", "rank"] == 2
