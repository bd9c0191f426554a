"""Issue 13, part 2: each rule once, in the core, and Python asks it. Band lookup (Art. 5), the
one ranking order, the change of grade and the misreporting decision (Art. 9) are C++
(grading.hpp, ranking.hpp, misreporting.hpp; docs/architecture.md, "Where a rule lives"); these
tests give literal expectations for the bound functions and for the Python modules that use
them. ``whatif.scheme_diff`` is deprecated in favour of ``qa.diff``."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import qualityassess as qa
from qualityassess import _core
from qualityassess.frame import ranked
from qualityassess.whatif import next_grade, regrade, scheme_diff


def _documents(
    points: dict[str, float], incidents: dict[str, list[Any]] | None = None
) -> list[Any]:
    return [
        {
            "region": {"code": code, "name": f"region {code}"},
            "year": 2019,
            "self_evaluation": {"score": value},
            "incidents": (incidents or {}).get(code, []),
        }
        for code, value in points.items()
    ]


VETO = {
    "id": "veto",
    "name": "veto",
    "veto": True,
    "trigger": {"type": "incident", "scopes": ["systemic"]},
    "effect": {"type": "force_grade", "grade": "C"},
}
SYSTEMIC = [{"id": "i-1", "date": "2020-01-01", "scope": "systemic"}]


# ---- band lookup (Art. 5: A 90 and above, B 80-89, C 60-79, D below 60) -------------------------


def test_band_grades_are_exact_on_the_art_5_boundaries(cn2013: qa.Scheme) -> None:
    totals = [100.0, 90.0, 89.99, 80.0, 79.99, 60.0, 59.9999, 0.0]
    grades = [cn2013.grades[i] for i in _core.band_grades(cn2013._core, totals)]
    assert grades == ["A", "A", "B", "B", "C", "C", "D", "D"]


def test_band_grades_refuse_rank_grading(direct_scheme: Callable[..., Any]) -> None:
    document = direct_scheme()
    document["grading"] = {"method": "rank", "tiers": [{"grade": "A", "count": 1}, {"grade": "B"}]}
    with pytest.raises(qa.InputError, match="grades by rank"):
        _core.band_grades(qa.Scheme.from_dict(document)._core, [50.0])


def test_next_grade_at_exactly_80_is_b_and_not_blocked(direct_scheme: Callable[..., Any]) -> None:
    # Art. 5: 80.00 is B (80 and above). The band from points alone is the grade given, so no
    # condition blocks the way to A, 10 points away.
    scheme = qa.Scheme.from_dict(direct_scheme())
    frame = pd.DataFrame({"region": ["1", "2"], "score.self": [80.0, 79.99]})
    out = next_grade(scheme, frame, year=2019)
    assert out["grade"].tolist() == ["B", "C"]
    assert out["blocked"].tolist() == [None, None]
    assert out["next_grade"].tolist() == ["A", "B"]
    assert out["gap"].tolist() == [10.0, 0.01]


def test_next_grade_names_a_condition_that_decides_the_grade(
    direct_scheme: Callable[..., Any],
) -> None:
    # 95 points is A by its band; a veto forcing C decides instead: blocked by the veto.
    document = direct_scheme()
    document["incident_scopes"] = [{"id": "systemic"}]
    document["conditions"] = [VETO]
    scheme = qa.Scheme.from_dict(document)
    frame = pd.DataFrame({"region": ["1"], "score.self": [95.0]})
    incidents = pd.DataFrame({"region": ["1"], "date": ["2020-01-01"], "scope": ["systemic"]})
    out = next_grade(scheme, frame, incidents=incidents, year=2019)
    assert out.loc["1", "grade"] == "C" and out.loc["1", "blocked"] == "veto"


# ---- the one ranking order ----------------------------------------------------------------------


def test_rank_order_binding() -> None:
    # A 95, B 85, B 85, C 70 given out of order; the tie listed by code (120000 before 140000).
    order, ranks = _core.rank_order(
        [1, 2, 0, 1], [85.0, 70.0, 95.0, 85.0], ["140000", "110000", "130000", "120000"]
    )
    assert order == [2, 3, 0, 1]
    assert ranks == [2, 4, 1, 2]
    with pytest.raises(qa.InputError, match="differ in length"):
        _core.rank_order([0, 0], [1.0], ["a", "b"])


def test_rank_grading_ranking_puts_a_vetoed_region_among_its_grade(
    direct_scheme: Callable[..., Any],
) -> None:
    # Tiers A 1, B 1, C the rest. 95 ranks first by total (the tier rank, Result.rank 1) but a
    # veto forces it to C; the ranking, like the announcement, is by grade first: 85 (B) 1st,
    # 95 (C) 2nd, 70 (C) 3rd.
    document = direct_scheme()
    document["grading"] = {
        "method": "rank",
        "tiers": [{"grade": "A", "count": 1}, {"grade": "B", "count": 1}, {"grade": "C"}],
    }
    document["incident_scopes"] = [{"id": "systemic"}]
    document["conditions"] = [VETO]
    scheme = qa.Scheme.from_dict(document)
    points = {"1": 95.0, "2": 85.0, "3": 70.0}
    results = qa.assess_many(scheme, _documents(points, {"1": SYSTEMIC}))
    assert [(r.region_code, r.rank, r.grade) for r in results] == [
        ("1", 1, "C"),
        ("2", 2, "B"),
        ("3", 3, "C"),
    ]
    assert [(rank, r.region_code) for rank, r in ranked(results)] == [(1, "2"), (2, "1"), (3, "3")]
    table = results.ranking()
    assert table.index.tolist() == ["2", "1", "3"]
    assert table["rank"].tolist() == [1, 2, 3]


def test_regrade_ranks_in_the_ranking_order(direct_scheme: Callable[..., Any]) -> None:
    # The vetoed 99 (forced to C) ranks below the 85 (B) and level with nobody: 2, 1, 3.
    document = direct_scheme()
    document["incident_scopes"] = [{"id": "systemic"}]
    document["conditions"] = [VETO]
    scheme = qa.Scheme.from_dict(document)
    frame = pd.DataFrame({"region": ["1", "2", "3"], "score.self": [99.0, 85.0, 61.0]})
    incidents = pd.DataFrame({"region": ["1"], "date": ["2020-01-01"], "scope": ["systemic"]})
    table = regrade(scheme, scheme, frame, incidents=incidents, year=2019)
    assert table["grade_a"].tolist() == ["C", "B", "C"]
    assert table["rank_a"].tolist() == [2, 1, 3]


# ---- grade change -------------------------------------------------------------------------------


def test_grade_changes_binding() -> None:
    a_to_d = ["A", "B", "C", "D"]
    words = ["优秀", "良好", "合格", "不合格"]
    assert _core.grade_changes(a_to_d, ["B", "A", "C", None], a_to_d, ["A", "D", "C", "A"]) == [
        "up",
        "down",
        "same",
        None,
    ]
    assert _core.grade_changes(a_to_d, ["B"], words, ["优秀"]) == ["up"]
    assert _core.grade_changes(a_to_d, ["A"], ["pass", "fail"], ["pass"]) == [None]
    assert _core.grade_changes(a_to_d, ["E"], a_to_d, ["A"]) == [None]


def test_compare_and_regrade_give_the_same_change(direct_scheme: Callable[..., Any]) -> None:
    low = qa.Scheme.from_dict(direct_scheme())
    high_document = direct_scheme(
        [
            {"grade": "A", "min": 80},
            {"grade": "B", "min": 70},
            {"grade": "C", "min": 50},
            {"grade": "D"},
        ]
    )
    high_document["id"] = "direct-lenient"
    high = qa.Scheme.from_dict(high_document)
    points = {"1": 85.0, "2": 75.0, "3": 95.0}
    table = qa.compare(
        qa.assess_many(low, _documents(points)), qa.assess_many(high, _documents(points))
    )
    assert table["change"].tolist() == ["up", "up", "same"]  # B → A, C → B, A → A
    frame = pd.DataFrame({"region": list(points), "score.self": list(points.values())})
    assert regrade(low, high, frame, year=2019)["grade_change"].tolist() == ["up", "up", "same"]


# ---- Art. 9: what counts as misreporting ---------------------------------------------------------


def test_misreporting_is_overstated_or_concealed_art_9() -> None:
    kinds = [
        "missing_target",
        "missing_value",
        "missing_previous",
        "overstated",
        "concealed",
        "late_filing",
        "not_submitted",
    ]
    assert [kind for kind in kinds if _core.is_misreporting(kind)] == ["overstated", "concealed"]
    with pytest.raises(qa.InputError, match="not a finding kind"):
        _core.is_misreporting("lied")


# ---- scheme_diff: deprecated, qa.diff is the one scheme diff ------------------------------------


def test_scheme_diff_warns_and_reads_qa_diff(cn2013: qa.Scheme) -> None:
    document = copy.deepcopy(cn2013.to_dict())
    document["id"] = "cn-2020"
    document["grading"]["bands"][1]["min"] = 82
    macro = document["nodes"][1]["children"][0]
    macro["children"][0]["rule"] = {"type": "direct"}
    other = qa.Scheme.from_dict(document)
    with pytest.warns(DeprecationWarning, match="qualityassess.diff"):
        table = scheme_diff(cn2013, other)
    changed = table[table["change"] != "same"]["change"].to_dict()
    assert changed == {"development_plan": "rule_changed", "band:B": "changed"}
    assert table.loc["band:B", "delta"] == 2
    records = {(c.section, c.item) for c in qa.diff(cn2013, other)}
    assert ("nodes", "development_plan") in records and ("grading", "band:B") in records
