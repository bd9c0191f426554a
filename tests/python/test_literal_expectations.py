"""Tests that know the answer (issue 18): every rule that decides a grade, a rank or a
consequence, checked against values written here by hand, on both paths that exist today — one
submission at a time (``qa.assess`` / ``qa.assess_many``) and the columnar batch
(``qualityassess.batch.assess_columns``, behind ``qa.assess_frame``).

No expected value here is produced by the code under test: each is a literal, and where it
takes arithmetic the arithmetic is in the comment next to it (docs/measures.md, Art. 5, Art. 7,
Art. 9; docs/scheme-language.md for the scheme rules)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import qualityassess as qa
from qualityassess.batch import assess_columns
from qualityassess.cli import _ranking_rows
from qualityassess.display import html as _html
from qualityassess.frame import ranked
from qualityassess.whatif import next_grade, regrade

# ---- helpers (they build inputs; they compute no expected value) ------------------------------


def direct_documents(points: dict[str, float], **sections: dict[str, Any]) -> list[dict[str, Any]]:
    """One submission per region for a scheme whose only leaf is the `direct` point `score`."""
    return [
        {
            "region": {"code": code, "name": f"region {code}"},
            "year": 2019,
            "self_evaluation": {"score": value},
            **{key: value_by_code[code] for key, value_by_code in sections.items()},
        }
        for code, value in points.items()
    ]


def direct_frame(points: dict[str, float], **columns: dict[str, float]) -> pd.DataFrame:
    """The same regions as a table in the layout of qa.assess_frame."""
    frame = pd.DataFrame({"region": list(points), "score.self": list(points.values())})
    for column, value_by_code in columns.items():
        frame[column] = [value_by_code[code] for code in points]
    return frame


def frame_of(documents: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Submission documents as a table and an incident table, for the columnar batch."""
    section_suffix = {"targets": "target", "self_evaluation": "self", "verification": "verified"}
    rows = []
    incidents = []
    for document in documents:
        row: dict[str, Any] = {"region": document["region"]["code"]}
        for section, suffix in section_suffix.items():
            for leaf, value in document.get(section, {}).items():
                row[f"{leaf}.{suffix}"] = value
        for adjustment, value in document.get("adjustments", {}).items():
            row[f"{adjustment}.value"] = value
        rows.append(row)
        for incident in document.get("incidents", []):
            incidents.append({"region": document["region"]["code"], **incident})
    return pd.DataFrame(rows), (pd.DataFrame(incidents) if incidents else None)


def by_region(results: qa.Results) -> dict[str, tuple[float, str]]:
    return {r.region_code: (r.total, r.grade) for r in results}


def batch_by_region(scheme: qa.Scheme, documents: list[dict[str, Any]]) -> dict[str, Any]:
    frame, incidents = frame_of(documents)
    out = assess_columns(scheme, frame, incidents=incidents, year=2019)
    return {
        code: (out["total"].iloc[i], out["grade"].iloc[i]) for i, code in enumerate(frame["region"])
    }


# ---- Art. 5: the band edges 90 / 80 / 60 -----------------------------------------------------

# cn-2013's bands (Art. 5: A >= 90, B >= 80, C >= 60, D below, every bound inclusive) on a
# scheme whose total is the assessor's points. 89.99 is B and 59.99 is D (docs/measures.md).
BAND_EDGES = {
    "110000": 90.00,
    "120000": 89.99,
    "130000": 80.00,
    "140000": 79.99,
    "150000": 60.00,
    "210000": 59.99,
    "220000": 100.00,
    "230000": 0.00,
}
BAND_EDGE_GRADES = {
    "110000": (90.0, "A"),
    "120000": (89.99, "B"),
    "130000": (80.0, "B"),
    "140000": (79.99, "C"),
    "150000": (60.0, "C"),
    "210000": (59.99, "D"),
    "220000": (100.0, "A"),
    "230000": (0.0, "D"),
}


def test_band_edges_one_submission_at_a_time(direct_scheme: Callable[..., Any]) -> None:
    scheme = qa.Scheme.from_dict(direct_scheme())
    documents = direct_documents(BAND_EDGES)
    assert by_region(qa.assess_many(scheme, documents)) == BAND_EDGE_GRADES
    for document in documents:
        result = qa.assess(scheme, document)
        assert (result.total, result.grade) == BAND_EDGE_GRADES[result.region_code]
        assert result.grade_before_conditions == result.grade  # no conditions in this scheme


def test_band_edges_in_the_columnar_batch(direct_scheme: Callable[..., Any]) -> None:
    scheme = qa.Scheme.from_dict(direct_scheme())
    frame = direct_frame(BAND_EDGES)
    for out in (
        assess_columns(scheme, frame, year=2019),
        assess_columns(scheme, frame, year=2019, threads=3),
        qa.assess_frame(scheme, frame, year=2019),
    ):
        assert out["total"].tolist() == [90.0, 89.99, 80.0, 79.99, 60.0, 59.99, 100.0, 0.0]
        assert out["grade"].tolist() == ["A", "B", "B", "C", "C", "D", "A", "D"]
        assert out["vetoed"].tolist() == [False] * 8


def test_exclusive_band_edges_on_both_paths(direct_scheme: Callable[..., Any]) -> None:
    # `inclusive: false` means total > min: 80.00 is not B but C, 80.01 is B.
    scheme = qa.Scheme.from_dict(
        direct_scheme(
            [
                {"grade": "A", "min": 90},
                {"grade": "B", "min": 80, "inclusive": False},
                {"grade": "C", "min": 60},
                {"grade": "D"},
            ]
        )
    )
    points = {"1": 80.0, "2": 80.01, "3": 79.99}
    expected = {"1": (80.0, "C"), "2": (80.01, "B"), "3": (79.99, "C")}
    assert by_region(qa.assess_many(scheme, direct_documents(points))) == expected
    out = assess_columns(scheme, direct_frame(points), year=2019)
    assert out["grade"].tolist() == ["C", "B", "C"]


# ---- bonus and penalty: the bonus stops at total.max BEFORE the penalties -----------------------


@pytest.fixture
def adjusted(direct_scheme: Callable[..., Any]) -> qa.Scheme:
    """The direct scheme (max 100, min 0, may_exceed_max false) with a bonus capped at 5 and a
    penalty capped at 3, both entered as points (`direct` input)."""
    document = direct_scheme()
    document["id"] = "direct-adjusted"
    document["adjustments"] = [
        {"id": "bonus", "name": "bonus", "kind": "bonus", "cap": 5},
        {"id": "penalty", "name": "penalty", "kind": "penalty", "cap": 3},
    ]
    return qa.Scheme.from_dict(document)


# code: (base, bonus entered, penalty entered)
ADJUSTED_INPUTS = {
    "1": (98.0, 5.0, 3.0),
    "2": (100.0, 5.0, 3.0),
    "3": (90.0, 8.0, 3.0),
    "4": (2.0, 0.0, 3.0),
    "5": (79.0, 2.0, 0.0),
    "6": (81.0, 0.0, 1.01),
    "7": (100.0, 0.0, 4.0),
}
ADJUSTED_TOTALS = {
    # 98 + 5 = 103, stopped at total.max 100; then − 3 = 97 (A). Capping after the penalty
    # would give 98 + 5 − 3 = 100.
    "1": (97.0, "A"),
    # 100 + 5 = 105 → 100; − 3 = 97 (docs/scheme-language.md, order of effects, step 1).
    "2": (97.0, "A"),
    # bonus 8 capped at its item cap 5: 90 + 5 = 95; − 3 = 92 (A). Without the item cap: 95.
    "3": (92.0, "A"),
    # 2 − 3 = −1, raised to total.min 0 (D).
    "4": (0.0, "D"),
    # 79 + 2 = 81: the grade follows the adjusted total (B, not C).
    "5": (81.0, "B"),
    # 81 − 1.01 = 79.99 (C).
    "6": (79.99, "C"),
    # penalty 4 capped at 3: 100 − 3 = 97.
    "7": (97.0, "A"),
}


def _adjusted_documents() -> list[dict[str, Any]]:
    points = {code: base for code, (base, _, _) in ADJUSTED_INPUTS.items()}
    adjustments = {
        code: {"bonus": bonus, "penalty": penalty}
        for code, (_, bonus, penalty) in ADJUSTED_INPUTS.items()
    }
    return direct_documents(points, adjustments=adjustments)


def test_bonus_capped_before_penalties_one_submission_at_a_time(adjusted: qa.Scheme) -> None:
    documents = _adjusted_documents()
    assert by_region(qa.assess_many(adjusted, documents)) == ADJUSTED_TOTALS
    single = qa.assess(adjusted, documents[0])
    assert single.to_dict()["base_total"] == 98.0
    assert (single.total, single.grade) == (97.0, "A")


def test_bonus_capped_before_penalties_in_the_columnar_batch(adjusted: qa.Scheme) -> None:
    points = {code: base for code, (base, _, _) in ADJUSTED_INPUTS.items()}
    frame = direct_frame(
        points,
        **{
            "bonus.value": {code: b for code, (_, b, _) in ADJUSTED_INPUTS.items()},
            "penalty.value": {code: p for code, (_, _, p) in ADJUSTED_INPUTS.items()},
        },
    )
    out = assess_columns(adjusted, frame, year=2019)
    assert out["total"].tolist() == [97.0, 97.0, 92.0, 0.0, 81.0, 79.99, 97.0]
    assert out["grade"].tolist() == ["A", "A", "A", "D", "B", "C", "A"]
    assert out["score"].tolist() == [98.0, 100.0, 90.0, 2.0, 79.0, 81.0, 100.0]


def test_cn2013_with_a_bonus_and_a_penalty_on_both_paths(make_submission: Any) -> None:
    # cn-2013 has no bonus or penalty items; a derived scheme adds them (Art. 10), keeping
    # cn-2013's total (max 100, min 0, no bonus above 100).
    scheme = qa.Scheme.from_dict(
        {
            "extends": "cn-2013",
            "id": "cn-2013-adjusted",
            "name": "cn-2013 with a bonus and a penalty",
            "adjustments": {
                "add": [
                    {"id": "innovation", "name": "创新加分", "kind": "bonus", "cap": 5},
                    {
                        "id": "late_report",
                        "name": "逾期报送",
                        "kind": "penalty",
                        "input": "count",
                        "per_occurrence": 1.5,
                        "cap": 3,
                    },
                ]
            },
        }
    )
    # Every point full except construction: target 98.0, actual 97.0, shortfall 1.0 × per_point 2
    # = 2 off its 10 → 8; base 15 + 15 + 8 + 60 = 98.
    # innovation 5 (cap 5): 98 + 5 = 103 → stopped at 100; late_report 2 × 1.5 = 3 (cap 3):
    # 100 − 3 = 97 → A.
    document = make_submission(
        targets={"construction_acceptance_rate": 98.0},
        self_evaluation={"construction_acceptance_rate": 97.0},
        adjustments={"innovation": 5, "late_report": 2},
        scheme="cn-2013-adjusted",
    )
    result = qa.assess(scheme, document)
    assert result.nodes["construction_acceptance_rate"] == 8.0
    assert (result.to_dict()["base_total"], result.total, result.grade) == (98.0, 97.0, "A")
    assert batch_by_region(scheme, [document]) == {"420000": (97.0, "A")}


# ---- what-if: next_grade at exactly 80.00 and 90.00 -------------------------------------------


def test_next_grade_at_the_band_edges(direct_scheme: Callable[..., Any]) -> None:
    scheme = qa.Scheme.from_dict(direct_scheme())
    frame = direct_frame({"1": 80.0, "2": 90.0, "3": 79.99, "4": 89.99, "5": 59.99, "6": 60.0})
    out = next_grade(scheme, frame, year=2019)
    # 80.00 is B (inclusive bound): reachable, not blocked by a condition; A is 10 points away.
    # 90.00 is A: no next grade. 79.99 is C, one hundredth below B; 89.99 one below A; 59.99 is D,
    # one below C; 60.00 is C, 20 below B.
    assert out["grade"].tolist() == ["B", "A", "C", "B", "D", "C"]
    assert out["next_grade"].astype(object).where(out["next_grade"].notna(), None).tolist() == [
        "A",
        None,
        "B",
        "A",
        "C",
        "B",
    ]
    assert out["blocked"].tolist() == [None] * 6
    assert out["reachable"].tolist() == [True, False, True, True, True, True]
    gaps = out["gap"].tolist()
    assert gaps[0] == 10.0 and math.isnan(gaps[1])
    assert gaps[2:] == [0.01, 0.01, 0.01, 20.0]
    # headroom = 100 − points
    assert out["headroom"].tolist() == [20.0, 10.0, 20.01, 10.01, 40.01, 40.0]
    assert out["plan"].tolist() == [
        "score +10",
        "",
        "score +0.01",
        "score +0.01",
        "score +0.01",
        "score +20",
    ]


def test_next_grade_over_an_exclusive_bound(direct_scheme: Callable[..., Any]) -> None:
    scheme = qa.Scheme.from_dict(
        direct_scheme(
            [
                {"grade": "A", "min": 90, "inclusive": False},
                {"grade": "B", "min": 80, "inclusive": False},
                {"grade": "C", "min": 60},
                {"grade": "D"},
            ]
        )
    )
    out = next_grade(scheme, direct_frame({"1": 80.0, "2": 90.0}), year=2019)
    # 80.00 is C (B needs more than 80): the gap is one step of the rounding, 0.01; 90.00 is B
    # the same way, 0.01 below A.
    assert out["grade"].tolist() == ["C", "B"]
    assert out["next_grade"].tolist() == ["B", "A"]
    assert out["gap"].tolist() == [0.01, 0.01]
    assert out["blocked"].tolist() == [None, None]
    assert out["reachable"].tolist() == [True, True]


# ---- ranks: competition ranking (1, 2, 2, 4), best first --------------------------------------

# Given out of order: 95 (A) first, the two 85s (B) share rank 2, then 70 (C) is 4th, not 3rd.
TIED = {"140000": 85.0, "110000": 70.0, "130000": 95.0, "120000": 85.0}


def test_ranked_gives_competition_ranks(direct_scheme: Callable[..., Any]) -> None:
    scheme = qa.Scheme.from_dict(direct_scheme())
    results = qa.assess_many(scheme, direct_documents(TIED))
    assert [(rank, r.region_code) for rank, r in ranked(results)] == [
        (1, "130000"),
        (2, "120000"),
        (2, "140000"),
        (4, "110000"),
    ]
    table = results.ranking()
    assert table["rank"].tolist() == [1, 2, 2, 4]
    assert table.index.tolist() == ["130000", "120000", "140000", "110000"]
    assert table["grade"].tolist() == ["A", "B", "B", "C"]


def test_ranked_orders_by_grade_before_total(direct_scheme: Callable[..., Any]) -> None:
    # A veto (force_grade D) puts a region with 99 points below regions with fewer: the ranking
    # is by final grade first, then total. 85 and 85 (B) share rank 1; 70 (C) is 3rd; the
    # vetoed 99 (D) is 4th.
    document = direct_scheme()
    document["incident_scopes"] = [{"id": "systemic"}]
    document["conditions"] = [
        {
            "id": "veto",
            "name": "veto",
            "veto": True,
            "trigger": {"type": "incident", "scopes": ["systemic"]},
            "effect": {"type": "force_grade", "grade": "D"},
        }
    ]
    scheme = qa.Scheme.from_dict(document)
    points = {"1": 99.0, "2": 70.0, "3": 85.0, "4": 85.0}
    incident = [{"id": "i-1", "date": "2020-01-01", "scope": "systemic"}]
    documents = direct_documents(points, incidents={"1": incident, "2": [], "3": [], "4": []})
    results = qa.assess_many(scheme, documents)
    assert [(r.total, r.grade, r.grade_before_conditions) for r in results] == [
        (99.0, "D", "A"),
        (70.0, "C", "C"),
        (85.0, "B", "B"),
        (85.0, "B", "B"),
    ]
    assert [(rank, r.region_code) for rank, r in ranked(results)] == [
        (1, "3"),
        (1, "4"),
        (3, "2"),
        (4, "1"),
    ]
    assert results.ranking()["rank"].tolist() == [1, 1, 3, 4]


def test_every_ranking_shown_uses_competition_ranks(direct_scheme: Callable[..., Any]) -> None:
    scheme = qa.Scheme.from_dict(direct_scheme())
    results = qa.assess_many(scheme, direct_documents(TIED))
    # the command line's ranking table (qualityassess demo / grade)
    _, rows = _ranking_rows(results, "en", scheme.grades)
    assert [row[:2] for row in rows] == [
        ["1", "130000"],
        ["2", "120000"],
        ["2", "140000"],
        ["4", "110000"],
    ]
    assert [row[3] for row in rows] == ["95.00", "85.00", "85.00", "70.00"]
    # the HTML report's ranking
    view = _html.scheme_view(scheme, "en")
    report_rows = _html.ranking_rows(results, view)
    assert [(row["rank"], row["code"]) for row in report_rows] == [
        (1, "130000"),
        (2, "120000"),
        (2, "140000"),
        (4, "110000"),
    ]


def test_regrade_and_uncertainty_ranks_have_ties(direct_scheme: Callable[..., Any]) -> None:
    scheme = qa.Scheme.from_dict(direct_scheme())
    frame = direct_frame(TIED)  # rows: 140000 85, 110000 70, 130000 95, 120000 85
    table = regrade(scheme, scheme, frame, year=2019)
    assert table["rank_a"].tolist() == [2, 4, 1, 2]
    assert table["rank_b"].tolist() == [2, 4, 1, 2]
    u = qa.uncertainty(scheme, frame, n=4, seed=1, vary={"thresholds": 1}, year=2019)
    assert u.rank["baseline"].tolist() == [2, 4, 1, 2]
    assert u.total["baseline"].tolist() == [85.0, 70.0, 95.0, 85.0]


# Rank grading (docs/scheme-language.md): tiers A 2 regions, B half the cohort, C the rest.
RANK_TIERS = [{"grade": "A", "count": 2}, {"grade": "B", "share": 0.5}, {"grade": "C"}]
# Six regions given out of order with totals 60, 80, 90, 50, 80, 70.
RANKED_POINTS = {
    "110000": 60.0,
    "120000": 80.0,
    "130000": 90.0,
    "140000": 50.0,
    "150000": 80.0,
    "210000": 70.0,
}
# Ranks by total, highest first, competition style: 90 → 1, 80 and 80 → 2, 70 → 4, 60 → 5,
# 50 → 6. A takes ranks <= 2 (three regions: the tie at the edge gets the better grade), B
# takes ranks <= 2 + ⌊6 × 0.5⌋ = 5, C the rest.
RANKED_EXPECTED = {
    "110000": (5, "B"),
    "120000": (2, "A"),
    "130000": (1, "A"),
    "140000": (6, "C"),
    "150000": (2, "A"),
    "210000": (4, "B"),
}


@pytest.fixture
def rank_scheme(direct_scheme: Callable[..., Any]) -> qa.Scheme:
    document = direct_scheme()
    document["id"] = "direct-rank"
    document["grading"] = {"method": "rank", "tiers": RANK_TIERS}
    return qa.Scheme.from_dict(document)


def test_rank_grading_one_submission_at_a_time(rank_scheme: qa.Scheme) -> None:
    results = qa.assess_many(rank_scheme, direct_documents(RANKED_POINTS))
    assert {r.region_code: (r.rank, r.grade) for r in results} == RANKED_EXPECTED
    table = results.ranking()  # best first
    assert table.index.tolist() == ["130000", "120000", "150000", "210000", "110000", "140000"]
    assert table["rank"].tolist() == [1, 2, 2, 4, 5, 6]
    assert table["grade"].tolist() == ["A", "A", "A", "B", "B", "C"]
    assert [(rank, r.region_code) for rank, r in ranked(results)] == [
        (1, "130000"),
        (2, "120000"),
        (2, "150000"),
        (4, "210000"),
        (5, "110000"),
        (6, "140000"),
    ]
    _, rows = _ranking_rows(results, "en", rank_scheme.grades)
    assert [row[0] for row in rows] == ["1", "2", "2", "4", "5", "6"]
    assert [row[1] for row in rows] == ["130000", "120000", "150000", "210000", "110000", "140000"]


def test_rank_grading_in_the_columnar_batch(rank_scheme: qa.Scheme) -> None:
    out = assess_columns(rank_scheme, direct_frame(RANKED_POINTS), year=2019)
    assert out["rank"].tolist() == [5, 2, 1, 6, 2, 4]
    assert out["grade"].tolist() == ["B", "A", "A", "C", "A", "B"]


def test_rank_grading_single_assessment_is_refused(rank_scheme: qa.Scheme) -> None:
    with pytest.raises(qa.InputError):
        qa.assess(rank_scheme, direct_documents({"1": 50.0})[0])


# ---- cn-2013 regions computed by hand ---------------------------------------------------------

LEVEL_LEAVES = [
    "development_plan",
    "coordination_mechanism",
    "brand_strategy",
    "quality_statistics",
    "quality_investment",
    "industry_access",  # macro: 6 × 3 points
    "supervision_capacity",
    "anti_counterfeiting",
    "quality_integrity",
    "risk_management",
    "consumer_protection",
    "product_supervision",
    "engineering_supervision",
    "service_supervision",  # supervision: 8 × 3.5 points
    "standards_metrology_certification",
    "inspection_testing",
    "port_inspection",
    "quality_workforce",  # infrastructure: 4 × 3.5 points
]
RATES = ["manufacturing_pass_rate", "agri_monitoring_pass_rate", "construction_acceptance_rate"]


def cn_document(
    code: str,
    targets: list[float] | None,
    actual: list[float],
    levels: list[str],
    **extra: Any,
) -> dict[str, Any]:
    self_evaluation: dict[str, Any] = dict(zip(RATES, actual, strict=True))
    self_evaluation.update(zip(LEVEL_LEAVES, levels, strict=True))
    document: dict[str, Any] = {
        "region": {"code": code, "name": code},
        "year": 2019,
        "self_evaluation": self_evaluation,
        **extra,
    }
    if targets is not None:
        document["targets"] = dict(zip(RATES, targets, strict=True))
    return document


# cn-2013: manufacturing and agri 15 points each, deduction 3 per point short of the filed
# target; construction 10 points, 2 per point short; levels excellent 1.0, good 0.8, fair 0.6,
# poor 0.3, none 0 of 3 (macro) or 3.5 (supervision, infrastructure) points; half up to 2 digits.
CN_REGIONS = [
    # 310000: everything met and excellent: 15 + 15 + 10 + 18 + 28 + 14 = 100 → A.
    cn_document("310000", [95.0, 96.0, 98.0], [95.0, 96.0, 98.0], ["excellent"] * 18),
    # 420000 (examples/submissions/hubei-2019.json): manufacturing 94.3 ≥ 94.1 → 15; agri
    # 96.4 ≥ 96.1 → 15; construction 98.5 vs 99.3: 0.8 short × 2 = 1.6 → 8.4; targets 38.4.
    # macro 3 + 5 × 2.4 = 15; supervision 8 × 2.8 = 22.4; infrastructure 4 × 3.5 = 14;
    # measures 51.4; total 89.8 → B.
    cn_document(
        "420000",
        [94.1, 96.1, 99.3],
        [94.3, 96.4, 98.5],
        ["excellent"] + ["good"] * 13 + ["excellent"] * 4,
    ),
    # 220000: manufacturing 93.5 vs 95: 1.5 × 3 = 4.5 → 10.5; agri 97.35 ≥ 97 → 15;
    # construction 96.55 vs 99: 2.45 × 2 = 4.9 → 5.1; targets 30.6. macro 6 × fair 1.8 = 10.8;
    # supervision 8 × poor 1.05 = 8.4; infrastructure 4 × good 2.8 = 11.2; measures 30.4;
    # total 61.0 → C.
    cn_document(
        "220000",
        [95.0, 97.0, 99.0],
        [93.5, 97.35, 96.55],
        ["fair"] * 6 + ["poor"] * 8 + ["good"] * 4,
    ),
    # 530000: no targets filed: the three target points score 0 (Art. 6, missing_target);
    # measures all excellent: 60.00 → C (60 is inside C).
    cn_document("530000", None, [95.0, 96.0, 98.0], ["excellent"] * 18),
    # 620000: as 530000 with development_plan good (2.4): 59.4 → D.
    cn_document("620000", None, [95.0, 96.0, 98.0], ["good"] + ["excellent"] * 17),
    # 320000: construction 97.9925 vs 98: 0.0075 × 2 = 0.015 → 9.985, half up → 9.99 (half even
    # or down would give 9.98); total 30 + 9.99 + 60 = 99.99 → A.
    cn_document("320000", [95.0, 96.0, 98.0], [95.0, 96.0, 97.9925], ["excellent"] * 18),
]
CN_EXPECTED = {
    "310000": (100.0, "A"),
    "420000": (89.8, "B"),
    "220000": (61.0, "C"),
    "530000": (60.0, "C"),
    "620000": (59.4, "D"),
    "320000": (99.99, "A"),
}


def test_cn2013_regions_by_hand_one_submission_at_a_time(cn2013: qa.Scheme) -> None:
    results = qa.assess_many(cn2013, CN_REGIONS)
    assert by_region(results) == CN_EXPECTED
    for document in CN_REGIONS:
        result = qa.assess(cn2013, document)
        assert (result.total, result.grade) == CN_EXPECTED[result.region_code]
    hubei = {r.region_code: r for r in results}["420000"]
    assert hubei.nodes["construction_acceptance_rate"] == 8.4
    assert (hubei.nodes["targets"], hubei.nodes["measures"]) == (38.4, 51.4)
    assert (hubei.nodes["macro"], hubei.nodes["supervision"]) == (15.0, 22.4)
    jilin = {r.region_code: r for r in results}["220000"]
    assert [jilin.nodes[leaf] for leaf in RATES] == [10.5, 15.0, 5.1]
    assert [jilin.nodes[n] for n in ("macro", "supervision", "infrastructure")] == [
        10.8,
        8.4,
        11.2,
    ]
    jiangsu = {r.region_code: r for r in results}["320000"]
    assert jiangsu.nodes["construction_acceptance_rate"] == 9.99
    yunnan = {r.region_code: r for r in results}["530000"]
    assert sorted(f.kind for f in yunnan.findings) == ["missing_target"] * 3


def test_cn2013_regions_by_hand_in_the_columnar_batch(cn2013: qa.Scheme) -> None:
    assert batch_by_region(cn2013, CN_REGIONS) == CN_EXPECTED


def _consequences(result: qa.Result) -> list[str]:
    return [c.id for c in result.consequences]


def test_cn2013_consequences_follow_the_final_grade(cn2013: qa.Scheme) -> None:
    results = {r.region_code: r for r in qa.assess_many(cn2013, CN_REGIONS)}
    # Art. 7: A is commended; Art. 8: every result goes to the cadre authorities.
    assert _consequences(results["310000"]) == ["commendation", "cadre_management"]
    assert _consequences(results["420000"]) == ["cadre_management"]
    assert _consequences(results["530000"]) == ["cadre_management"]
    # Art. 7: grade D brings the report (due 1 month after the announcement), the bar on awards,
    # the tightened support and the interviews.
    assert _consequences(results["620000"]) == [
        "rectification_report",
        "awards_barred",
        "support_tightened",
        "interview",
        "cadre_management",
    ]


# Annex item 6 (Art. 5): a regional or systemic incident inside the assessment year makes the
# grade D whatever the score. Year 2019 runs from 1 July 2019 to 30 June 2020 (Art. 3).
VETO_DATES = {
    "110000": ("2019-06-30", "regional", False),  # the day before the year
    "120000": ("2019-07-01", "regional", True),  # its first day
    "130000": ("2020-06-30", "systemic", True),  # its last day
    "140000": ("2020-07-01", "systemic", False),  # the day after
    "150000": ("2020-01-01", "local", False),  # a local incident never vetoes
}


def _veto_documents() -> list[dict[str, Any]]:
    documents = []
    for code, (date, scope, _) in VETO_DATES.items():
        # Hubei's points (89.8, B; see above) with one incident.
        document = cn_document(
            code,
            [94.1, 96.1, 99.3],
            [94.3, 96.4, 98.5],
            ["excellent"] + ["good"] * 13 + ["excellent"] * 4,
            incidents=[
                {
                    "id": f"{code}-1",
                    "date": date,
                    "scope": scope,
                    "reported_in_self_evaluation": True,
                }
            ],
        )
        documents.append(document)
    return documents


def test_veto_on_the_first_and_last_day_one_submission_at_a_time(cn2013: qa.Scheme) -> None:
    results = qa.assess_many(cn2013, _veto_documents())
    assert [(r.region_code, r.total, r.grade, r.vetoed) for r in results] == [
        ("110000", 89.8, "B", False),
        ("120000", 89.8, "D", True),
        ("130000", 89.8, "D", True),
        ("140000", 89.8, "B", False),
        ("150000", 89.8, "B", False),
    ]
    assert [r.grade_before_conditions for r in results] == ["B"] * 5
    assert "rectification_report" in _consequences(results[1])
    assert "rectification_report" not in _consequences(results[0])


def test_veto_on_the_first_and_last_day_in_the_columnar_batch(cn2013: qa.Scheme) -> None:
    frame, incidents = frame_of(_veto_documents())
    out = assess_columns(cn2013, frame, incidents=incidents, year=2019)
    assert out["total"].tolist() == [89.8] * 5
    assert out["grade"].tolist() == ["B", "D", "D", "B", "B"]
    assert out["vetoed"].tolist() == [False, True, True, False, False]


# Art. 9: a point is overstated when the self-evaluated value scores MORE than 10% of the
# point's maximum above the verified value. Manufacturing (15 points, tolerance 1.5), target 95,
# self-evaluated 95 → 15.
OVERSTATEMENT = {
    # verified 94.5: 0.5 short × 3 = 1.5 → 13.5; 15 − 13.5 = 1.5, not more than 1.5 → no finding;
    # total 100 − 1.5 = 98.5 → A.
    "110000": 94.5,
    # verified 94.49: 0.51 × 3 = 1.53 → 13.47; 1.53 > 1.5 → overstated; total 98.47 → A, with
    # the criticism notice.
    "120000": 94.49,
}


def _overstatement_documents() -> list[dict[str, Any]]:
    return [
        cn_document(
            code,
            [95.0, 96.0, 98.0],
            [95.0, 96.0, 98.0],
            ["excellent"] * 18,
            verification={"manufacturing_pass_rate": verified},
        )
        for code, verified in OVERSTATEMENT.items()
    ]


def test_overstatement_edge_and_its_consequence(cn2013: qa.Scheme) -> None:
    fine, overstated = qa.assess_many(cn2013, _overstatement_documents())
    assert (fine.total, fine.grade) == (98.5, "A")
    assert (overstated.total, overstated.grade) == (98.47, "A")
    assert [f.kind for f in fine.findings] == []
    assert [f.kind for f in overstated.findings] == ["overstated"]
    assert _consequences(fine) == ["commendation", "cadre_management"]
    assert _consequences(overstated) == ["commendation", "cadre_management", "criticism_notice"]
    assert batch_by_region(cn2013, _overstatement_documents()) == {
        "110000": (98.5, "A"),
        "120000": (98.47, "A"),
    }


# The same edge where the finding decides the grade. The batch makes no findings list, so a
# condition on `overstated` (downgrade one grade) makes the finding show in the grade on both
# paths. A scheme of two direct leaves: "a" of 15 points (tolerance 10% = 1.5) and "b" of 85.
OVERSTATED_DOWNGRADE = {
    "id": "overstated",
    "name": "overstated",
    "article": "Art. 9",
    "trigger": {"type": "finding", "kinds": ["overstated"]},
    "effect": {"type": "downgrade", "levels": 1},
}


@pytest.fixture
def overstatement_scheme(direct_scheme: Callable[..., Any]) -> qa.Scheme:
    document = direct_scheme()
    document["id"] = "direct-overstatement"
    document["nodes"] = [
        {
            "id": "root",
            "name": "root",
            "points": 100,
            "children": [
                {"id": "a", "name": "a", "points": 15, "rule": {"type": "direct"}},
                {"id": "b", "name": "b", "points": 85, "rule": {"type": "direct"}},
            ],
        }
    ]
    document["conditions"] = [OVERSTATED_DOWNGRADE]
    return qa.Scheme.from_dict(document)


# code: "a" as verified; every region self-evaluates a = 15 and b = 80 (b not verified).
OVERSTATEMENT_VERIFIED = {"1": 13.5, "2": 13.47, "3": 13.49, "4": 13.51}
OVERSTATEMENT_EXPECTED = {
    # 15 − 13.5 = 1.5, not MORE than 1.5: no finding; 13.5 + 80 = 93.5 → A.
    "1": (93.5, "A"),
    # 15 − 13.47 = 1.53 > 1.5: overstated; 93.47 is A, downgraded one grade → B.
    "2": (93.47, "B"),
    # 15 − 13.49 = 1.51 > 1.5: overstated; 93.49 A → B.
    "3": (93.49, "B"),
    # 15 − 13.51 = 1.49: no finding; 93.51 → A.
    "4": (93.51, "A"),
}


def test_overstatement_tolerance_decides_the_grade_one_submission_at_a_time(
    overstatement_scheme: qa.Scheme,
) -> None:
    documents = [
        {
            "region": {"code": code, "name": code},
            "year": 2019,
            "self_evaluation": {"a": 15.0, "b": 80.0},
            "verification": {"a": verified},
        }
        for code, verified in OVERSTATEMENT_VERIFIED.items()
    ]
    results = qa.assess_many(overstatement_scheme, documents)
    assert by_region(results) == OVERSTATEMENT_EXPECTED
    assert [r.grade_before_conditions for r in results] == ["A"] * 4
    assert [[f.kind for f in r.findings] for r in results] == [
        [],
        ["overstated"],
        ["overstated"],
        [],
    ]
    for document in documents:
        result = qa.assess(overstatement_scheme, document)
        assert (result.total, result.grade) == OVERSTATEMENT_EXPECTED[result.region_code]


def test_overstatement_tolerance_decides_the_grade_in_the_columnar_batch(
    overstatement_scheme: qa.Scheme,
) -> None:
    frame = pd.DataFrame(
        {
            "region": list(OVERSTATEMENT_VERIFIED),
            "a.self": [15.0] * 4,
            "a.verified": list(OVERSTATEMENT_VERIFIED.values()),
            "b.self": [80.0] * 4,
        }
    )
    for out in (
        assess_columns(overstatement_scheme, frame, year=2019),
        assess_columns(overstatement_scheme, frame, year=2019, threads=2),
        qa.assess_frame(overstatement_scheme, frame, year=2019),
    ):
        assert out["total"].tolist() == [93.5, 93.47, 93.49, 93.51]
        assert out["grade"].tolist() == ["A", "B", "B", "A"]
        assert out["vetoed"].tolist() == [False] * 4  # a downgrade, not a veto
        assert out["a"].tolist() == [13.5, 13.47, 13.49, 13.51]  # the verified value counts


def test_cn2013_overstatement_edge_downgrades_on_both_paths() -> None:
    # cn-2013 with the finding made to cost a grade (a derived scheme, Art. 10): Hubei-like
    # regions of OVERSTATEMENT above. 94.5 verified: 13.5, not overstated, 98.5 → A; 94.49
    # verified: 13.47, overstated by 1.53 > 1.5, 98.47 → A, downgraded → B.
    scheme = qa.Scheme.from_dict(
        {
            "extends": "cn-2013",
            "id": "cn-2013-overstatement-downgrade",
            "name": "cn-2013, overstatement costs a grade",
            "conditions": {"add": [OVERSTATED_DOWNGRADE]},
        }
    )
    results = qa.assess_many(scheme, _overstatement_documents())
    assert by_region(results) == {"110000": (98.5, "A"), "120000": (98.47, "B")}
    assert batch_by_region(scheme, _overstatement_documents()) == {
        "110000": (98.5, "A"),
        "120000": (98.47, "B"),
    }


# ---- targets: met exactly means full points -----------------------------------------------------


def test_target_met_exactly_scores_full_points_unrounded(direct_scheme: Callable[..., Any]) -> None:
    # A 2.5-point target leaf (1 off per point short of the filed 95) and a scheme rounding to
    # whole points DOWN: full points stand as they are (2.5); a computed score is rounded.
    document = direct_scheme()
    document["id"] = "direct-target-rounding"
    document["rounding"] = {"digits": 0, "mode": "down"}
    document["nodes"] = [
        {"id": "rate", "name": "rate", "points": 2.5, "rule": {"type": "target", "per_point": 1}},
        {"id": "score", "name": "score", "points": 97.5, "rule": {"type": "direct"}},
    ]
    scheme = qa.Scheme.from_dict(document)
    actual = {"1": 95.0, "2": 96.0, "3": 94.0, "4": 93.4}
    # 95 = target: met, 2.5 + 88 = 90.5 → A (2.5 − 0 rounded down would give 90).
    # 96: beaten, 90.5 → A. 94: 1 short, 2.5 − 1 = 1.5 → 1; 89 → B. 93.4: 1.6 short, 0.9 → 0;
    # 88 → B.
    expected = {"1": (90.5, "A"), "2": (90.5, "A"), "3": (89.0, "B"), "4": (88.0, "B")}
    documents = [
        {
            "region": {"code": code, "name": code},
            "year": 2019,
            "targets": {"rate": 95.0},
            "self_evaluation": {"rate": value, "score": 88.0},
        }
        for code, value in actual.items()
    ]
    results = qa.assess_many(scheme, documents)
    assert by_region(results) == expected
    assert [r.nodes["rate"] for r in results] == [2.5, 2.5, 1.0, 0.0]
    assert batch_by_region(scheme, documents) == expected
