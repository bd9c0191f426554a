"""What-if analysis (qualityassess.whatif): points to the next grade, re-grading under another
scheme, and the difference between two schemes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import qualityassess as qa
from qualityassess.whatif import next_grade, regrade, scheme_diff


def _row(make_submission: Callable[..., dict[str, Any]], **levels: str) -> dict[str, Any]:
    full = make_submission()
    row: dict[str, Any] = {"region": "420000"}
    row.update({f"{leaf}.target": value for leaf, value in full["targets"].items()})
    row.update({f"{leaf}.self": value for leaf, value in full["self_evaluation"].items()})
    row.update({f"{leaf}.self": level for leaf, level in levels.items()})
    return row


def test_next_grade_gap_and_plan(cn2013: qa.Scheme, make_submission: Any) -> None:
    rows = [
        _row(make_submission),  # 100: A, nothing better
        _row(
            make_submission, development_plan="none", brand_strategy="none", industry_access="poor"
        ),
        {"region": "3", "manufacturing_pass_rate.self": 90, "manufacturing_pass_rate.target": 95},
    ]
    frame = pd.DataFrame(rows)
    frame["region"] = ["1", "2", "3"]
    out = next_grade(cn2013, frame, year=2019)
    assert pd.isna(out.loc["1", "next_grade"]) and pd.isna(out.loc["1", "gap"])
    assert (out.loc["2", "total"], out.loc["2", "grade"]) == (91.9, "A")  # 100 - 3 - 3 - 2.1
    assert out.loc["3", "total"] == 0  # 90 against 95: 15 - 3 x 5 = 0
    assert out.loc["3", "next_grade"] == "C" and out.loc["3", "gap"] == 60
    assert out.loc["3", "reachable"]
    assert out.loc["3", "headroom"] == 100
    # The fewest points: largest headroom first (15, 15, 10, then 3.5 each ...).
    assert out.loc["3", "plan"].startswith(
        "manufacturing_pass_rate +15; agri_monitoring_pass_rate +15"
    )
    assert out.loc["3", "points_to_raise"] == 9  # 15 + 15 + 10 + 3.5 x 5 = 57.5 < 60 <= 61


def test_next_grade_blocked_by_a_veto(cn2013: qa.Scheme, make_submission: Any) -> None:
    frame = pd.DataFrame([_row(make_submission, development_plan="fair")])
    incidents = pd.DataFrame({"region": ["420000"], "date": ["2020-01-01"], "scope": ["systemic"]})
    out = next_grade(cn2013, frame, incidents=incidents, year=2019)
    assert out.loc["420000", "grade"] == "D" and out.loc["420000", "blocked"] == "veto"
    assert not out.loc["420000", "reachable"] and out.loc["420000", "plan"] == ""


def test_next_grade_exclusive_band_needs_one_more_step(direct_scheme: Any) -> None:
    scheme = qa.Scheme.from_dict(
        direct_scheme(
            [
                {"grade": "A", "min": 90, "inclusive": False},
                {"grade": "B", "min": 80},
                {"grade": "C"},
            ]
        )
    )
    frame = pd.DataFrame({"region": ["1", "2"], "score.self": [85.0, 90.0]})
    out = next_grade(scheme, frame, year=2019)
    assert out["grade"].tolist() == ["B", "B"]
    assert out["gap"].tolist() == [5.01, 0.01]


def test_next_grade_refuses_rank_grading(direct_scheme: Any) -> None:
    document = direct_scheme()
    document["grading"] = {"method": "rank", "tiers": [{"grade": "A", "count": 1}, {"grade": "B"}]}
    with pytest.raises(qa.InputError, match="rank"):
        next_grade(qa.Scheme.from_dict(document), pd.DataFrame({"region": ["1"]}), year=2019)


def _reweighted(cn2013: qa.Scheme) -> qa.Scheme:
    document = copy.deepcopy(cn2013.to_dict())
    document["id"] = "cn-2020"
    targets, measures = document["nodes"]
    targets["points"] = 43
    targets["children"][0]["points"] = 33
    targets["children"][0]["children"][0]["points"] = 18
    measures["points"] = 57
    measures["children"][0]["points"] = 15
    measures["children"][0]["children"].pop()  # industry_access
    document["grading"]["bands"][0]["min"] = 88
    return qa.Scheme.from_dict(document)


def test_scheme_diff(cn2013: qa.Scheme) -> None:
    with pytest.warns(DeprecationWarning, match="use qualityassess.diff"):
        diff = scheme_diff(cn2013, _reweighted(cn2013))
    changed = diff[diff["change"] != "same"]
    assert changed["change"].to_dict() == {
        "targets": "reweighted",
        "product": "reweighted",
        "manufacturing_pass_rate": "reweighted",
        "measures": "reweighted",
        "macro": "reweighted",
        "industry_access": "removed",
        "band:A": "changed",
    }
    assert diff.loc["manufacturing_pass_rate", "delta"] == 3
    assert diff.loc["band:A", "delta"] == -2
    with pytest.warns(DeprecationWarning):
        assert (scheme_diff(cn2013, cn2013)["change"] == "same").all()


def test_regrade_under_another_scheme(cn2013: qa.Scheme, make_submission: Any) -> None:
    frame = pd.DataFrame(
        [
            _row(
                make_submission,
                development_plan="none",
                brand_strategy="poor",
                quality_statistics="none",
            )
        ]
    )
    same = regrade(cn2013, cn2013, frame, year=2019)
    assert same.loc["420000", "grade_change"] == "same" and same.loc["420000", "total_change"] == 0
    other = regrade(cn2013, _reweighted(cn2013), frame, year=2019)
    assert other.loc["420000", "total_a"] == 91.9  # 100 - 3 - 2.1 - 3
    # 3 more for manufacturing, industry_access gone
    assert other.loc["420000", "total_b"] == 91.9 + 3 - 3
    assert other.loc["420000", "grade_change"] == "same"
    assert other.attrs["ignored"]["cn-2020"] == ["industry_access.self"]


def test_regrade_in_the_earlier_order_warns_and_gives_the_same(
    cn2013: qa.Scheme, make_submission: Any
) -> None:
    """Issue 14, part 2: the scheme first in every call; the table first still works for one
    release, with a DeprecationWarning."""
    frame = pd.DataFrame([_row(make_submission, development_plan="none")])
    expected = regrade(cn2013, _reweighted(cn2013), frame, year=2019)
    with pytest.warns(DeprecationWarning, match=r"regrade\(scheme, other, frame\)"):
        earlier = regrade(frame, cn2013, _reweighted(cn2013), year=2019)
    pd.testing.assert_frame_equal(earlier, expected)
    with pytest.warns(DeprecationWarning):  # built-in ids as the schemes
        by_id = regrade(frame, "cn-2013", "cn-2013", year=2019)
    assert by_id.loc["420000", "grade_change"] == "same"


def test_next_grade_equal_headroom_in_unit_order(direct_scheme: Any) -> None:
    # a (15 points) at 12.9 and b (3 points) at 0.9 have 2.1 of headroom each, exactly (in binary
    # floating point 15 - 12.9 falls just below 3 - 0.9): the tie goes to a, first in unit order.
    # 95.8 is B (A from 99), 3.2 short: a +2.1, then b +1.1.
    document = direct_scheme([{"grade": "A", "min": 99}, {"grade": "B", "min": 90}, {"grade": "C"}])
    document["nodes"] = [
        {"id": leaf, "name": leaf, "points": points, "rule": {"type": "direct"}}
        for leaf, points in (("a", 15), ("b", 3), ("c", 82))
    ]
    frame = pd.DataFrame({"region": ["1"], "a.self": [12.9], "b.self": [0.9], "c.self": [82.0]})
    out = next_grade(qa.Scheme.from_dict(document), frame, year=2019)
    assert (out.loc["1", "total"], out.loc["1", "grade"], out.loc["1", "gap"]) == (95.8, "B", 3.2)
    assert out.loc["1", "headroom"] == 4.2
    assert out.loc["1", "plan"] == "a +2.1; b +1.1"
    assert out.loc["1", "points_to_raise"] == 2


def test_next_grade_columns_and_types(cn2013: qa.Scheme, make_submission: Any) -> None:
    out = next_grade(
        cn2013, pd.DataFrame([_row(make_submission, development_plan="fair")]), year=2019
    )
    assert list(out.columns) == [
        "total",  # (no name column: the table has none)
        "grade",
        "next_grade",
        "gap",
        "headroom",
        "reachable",
        "blocked",
        "points_to_raise",
        "plan",
    ]
    numeric = ["total", "gap", "headroom", "reachable", "points_to_raise"]
    assert [str(t) for t in out[numeric].dtypes] == [
        "float64",
        "float64",
        "float64",
        "bool",
        "int64",
    ]
    # 98.8: A, the best grade, nothing above it; 1.2 of headroom (development_plan fair: 1.8 of 3).
    assert (out.loc["420000", "total"], out.loc["420000", "grade"]) == (98.8, "A")
    assert pd.isna(out.loc["420000", "next_grade"]) and out.loc["420000", "blocked"] is None
    assert out.index.name == "region"
    for column in ("grade", "next_grade"):
        assert out[column].cat.ordered and list(out[column].cat.categories) == cn2013.grades
    assert out.loc["420000", "headroom"] == 1.2 and out.loc["420000", "plan"] == ""
