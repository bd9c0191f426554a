"""Uncertainty and sensitivity analysis (qualityassess.analysis): reproducible, independent of
the number of threads, and each replication exactly the assessment under its numbers."""

from __future__ import annotations

import copy
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

import qualityassess as qa
from qualityassess import _core
from qualityassess.analysis import prepare, sensitivity, uncertainty
from qualityassess.batch import assess_columns

ALL = {"points": 0.2, "thresholds": 2.0, "per_point": 0.3, "verification": 0.6}


def cohort(scheme: qa.Scheme, n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    columns: dict[str, Any] = {"region": [f"R{i}" for i in range(n)]}
    for leaf in scheme.leaf_ids[:3]:
        target = rng.uniform(88, 98, n).round(1)
        columns[f"{leaf}.target"] = target
        columns[f"{leaf}.self"] = (target + rng.uniform(-4, 2, n)).clip(0, 100).round(1)
        verified = (columns[f"{leaf}.self"] - rng.uniform(0, 3, n)).clip(0, 100).round(1)
        columns[f"{leaf}.verified"] = np.where(rng.random(n) < 0.4, verified, np.nan)
    levels = np.array(["excellent", "good", "fair", "poor"], dtype=object)
    for leaf in scheme.leaf_ids[3:]:
        columns[f"{leaf}.self"] = rng.choice(levels[:3], n)
        columns[f"{leaf}.verified"] = np.where(rng.random(n) < 0.3, rng.choice(levels, n), None)
    frame = pd.DataFrame(columns)
    incidents = pd.DataFrame(
        {"region": frame["region"].iloc[::29], "date": "2020-02-01", "scope": "regional"}
    )
    return frame, incidents


@pytest.fixture(scope="module")
def data(cn2013: qa.Scheme) -> tuple[pd.DataFrame, pd.DataFrame]:
    return cohort(cn2013, 300, seed=11)


def _with_numbers(scheme: qa.Scheme, replication: dict[str, Any], prepared: Any) -> qa.Scheme:
    """cn-2013 with one replication's leaf points, per_point and band minima."""
    document = copy.deepcopy(scheme.to_dict())
    points = dict(zip(prepared.core.unit_ids, replication["unit_points"][0], strict=True))
    per_point = dict(zip(prepared.core.per_point_leaves, replication["per_point"][0], strict=True))

    def walk(node: dict[str, Any]) -> float:
        if "children" in node:
            node["points"] = round(sum(walk(child) for child in node["children"]), 4)
        elif node["id"] in points:
            node["points"] = float(points[node["id"]])
        if node["id"] in per_point:
            node["rule"]["per_point"] = float(per_point[node["id"]])
        return float(node["points"])

    for root in document["nodes"]:
        walk(root)
    # One minimum per band but the last, which has none (band_min holds threshold_grades).
    bands = document["grading"]["bands"][:-1]
    for band, minimum in zip(bands, replication["band_min"][0], strict=True):
        band["min"] = float(minimum)
    return qa.Scheme.from_dict(document)


def test_baseline_is_the_batch_assessment(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    u = uncertainty(cn2013, frame, n=20, seed=1, incidents=incidents, year=2019)
    batch = assess_columns(cn2013, frame, incidents=incidents, year=2019)
    assert u.total["baseline"].tolist() == batch["total"].tolist()
    assert u.baseline_grade.tolist() == batch["grade"].tolist()


def test_a_replication_is_the_assessment_under_its_numbers(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    prepared = prepare(cn2013, frame, incidents=incidents, year=2019)
    vary = {"points": 0.3, "thresholds": 3.0, "per_point": 0.5}
    for index in range(5):
        replication = dict(prepared.core.replication(vary, 42, index))
        assert sum(replication["unit_points"][0]) == pytest.approx(100)
        scheme = _with_numbers(cn2013, replication, prepared)
        expected = assess_columns(scheme, frame, incidents=incidents, year=2019)
        assert replication["total"].tolist() == expected["total"].tolist()
        grades = np.asarray(cn2013.grades, dtype=object)[replication["grade"]]
        assert grades.tolist() == expected["grade"].tolist()


def test_reproducible_and_independent_of_threads(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    prepared = prepare(cn2013, frame, incidents=incidents, year=2019)
    runs = [uncertainty(cn2013, prepared, n=300, seed=5, vary=ALL, threads=t) for t in (1, 2, 7)]
    for other in runs[1:]:
        pd.testing.assert_frame_equal(runs[0].grades, other.grades)
        pd.testing.assert_frame_equal(runs[0].rank, other.rank)
        pd.testing.assert_frame_equal(runs[0].total, other.total)
        pd.testing.assert_frame_equal(runs[0].replications, other.replications)
    again = uncertainty(cn2013, frame, n=300, seed=5, vary=ALL, incidents=incidents, year=2019)
    pd.testing.assert_frame_equal(runs[0].grades, again.grades)
    different = uncertainty(cn2013, prepared, n=300, seed=6, vary=ALL)
    assert not runs[0].replications.equals(different.replications)


def test_shapes_probabilities_and_percentiles(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    u = uncertainty(cn2013, frame, n=400, seed=2, vary=ALL, incidents=incidents, year=2019)
    assert list(u.grades.columns) == ["A", "B", "C", "D"]
    assert u.grades.index.name == "region"
    assert u.grades.index.tolist() == frame["region"].tolist()
    summary = u.summary()
    assert summary.index.equals(u.grades.index)
    for column in ("grade", "likeliest"):
        assert summary[column].cat.ordered
        assert list(summary[column].cat.categories) == ["A", "B", "C", "D"]
    assert summary["grade"].tolist() == u.baseline_grade.tolist()
    np.testing.assert_allclose(u.grades.sum(axis=1), 1.0)
    assert (u.total["p5"] <= u.total["p50"]).all() and (u.total["p50"] <= u.total["p95"]).all()
    assert (u.rank["p5"] <= u.rank["p95"]).all()
    assert len(u.replications) == 400
    assert {"points.development_plan", "threshold.A", "per_point.manufacturing_pass_rate"} <= set(
        u.replications.columns
    )
    assert u.replications["verified_share"].between(0.4, 0.8).all()
    vetoed = assess_columns(cn2013, frame, incidents=incidents, year=2019)["vetoed"]
    assert (u.grades.loc[vetoed, "D"] == 1.0).all()  # a veto holds whatever the numbers
    summary = u.summary()
    assert list(summary.columns[:3]) == ["grade", "p_grade", "likeliest"]


def test_keep_matrices_and_numpy_percentiles(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    u = uncertainty(cn2013, frame, n=101, seed=3, incidents=incidents, year=2019, keep=True)
    assert u.totals is not None and u.ranks is not None
    assert u.totals.shape == (101, len(frame))
    np.testing.assert_allclose(
        np.percentile(u.totals, [5, 50, 95], axis=0).T, u.total[["p5", "p50", "p95"]]
    )
    np.testing.assert_allclose(
        np.percentile(u.ranks, [5, 50, 95], axis=0).T, u.rank[["p5", "p50", "p95"]]
    )


def test_progress_is_reported_and_can_stop(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    prepared = prepare(cn2013, frame, incidents=incidents, year=2019)
    seen: list[tuple[int, int]] = []
    uncertainty(cn2013, prepared, n=50, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (50, 50)

    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        uncertainty(cn2013, prepared, n=100_000, progress=stop)


def test_bad_variations_are_input_errors(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    prepared = prepare(cn2013, frame, incidents=incidents, year=2019)
    with pytest.raises(qa.InputError, match="vary/points"):
        uncertainty(cn2013, prepared, n=10, vary={"points": 1.5})
    with pytest.raises(qa.InputError, match="vary/weights"):
        uncertainty(cn2013, prepared, n=10, vary={"weights": 0.1})


def test_sensitivity_indices(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    prepared = prepare(cn2013, frame, incidents=incidents, year=2019)
    vary = {"points": 0.2, "thresholds": 2.0, "verification": 0.5}
    s = sensitivity(cn2013, prepared, n=256, seed=4, vary=vary)
    assert s.values.shape == (256, 5)
    assert s.groups == ["points", "thresholds", "verification"]
    # Ranks are the one ranking order, grade first, then total: the thresholds move no total but
    # move grades, and with them ranks, though far less than which values were verified.
    assert 0 < s.indices.loc["thresholds", "total"] < 0.1
    assert s.indices.loc["points", "total"] > 0
    assert s.indices.loc["verification", "total"] > 0.5  # which values were verified matters most
    again = sensitivity(cn2013, prepared, n=256, seed=4, vary=vary, threads=1)
    pd.testing.assert_frame_equal(s.indices, again.indices)
    grades = sensitivity(cn2013, prepared, n=256, seed=4, vary=vary, output="grade_changes")
    assert grades.indices.loc["thresholds", "total"] > 0.05
    with pytest.raises(qa.InputError):
        sensitivity(cn2013, prepared, n=16, vary=vary, output="nonsense")


def test_ranks_are_the_one_ranking_order(direct_scheme: Any) -> None:
    # Art. 5 and Annex item 6: the vetoed 95 (forced to D) ranks below the 85s (B) and the 70 (C),
    # last; the 95 not vetoed is first; the two 85s share 2nd and the 70 is 4th (1, 2, 2, 4).
    document = direct_scheme()
    document["incident_scopes"] = [{"id": "systemic"}]
    document["conditions"] = [
        {
            "id": "veto",
            "name": "veto",
            "veto": True,
            "trigger": {"type": "incident"},
            "effect": {"type": "force_grade", "grade": "D"},
        }
    ]
    scheme = qa.Scheme.from_dict(document)
    frame = pd.DataFrame({"region": list("abcde"), "score.self": [95.0, 85.0, 85.0, 70.0, 95.0]})
    incidents = pd.DataFrame({"region": ["a"], "date": ["2019-09-01"], "scope": ["systemic"]})
    u = uncertainty(
        scheme, frame, n=8, seed=1, vary={"thresholds": 5}, incidents=incidents, year=2019
    )
    assert u.baseline_grade.tolist() == ["D", "B", "B", "C", "A"]
    assert u.rank["baseline"].tolist() == [5, 2, 2, 4, 1]
    assert u.rank.loc["a", "p5"] == 5  # D whatever the bands: last in every replication


def test_every_replication_ranks_in_the_one_order(cn2013: qa.Scheme, data: Any) -> None:
    frame, incidents = data
    prepared = prepare(cn2013, frame, incidents=incidents, year=2019)
    for index in range(4):
        replication = dict(prepared.core.replication(ALL, 9, index))
        grades = [int(g) for g in replication["grade"]]
        totals = replication["total"].tolist()
        _, ranks = _core.rank_order(grades, totals, [""] * len(totals))
        assert replication["rank"].tolist() == ranks


def test_a_region_in_two_years_keeps_two_rows(cn2013: qa.Scheme) -> None:
    """Issue 14, part 3: tables are indexed by region, so a region assessed in two years of one
    table is in the index twice; the summary and the plots go by position, not by label."""
    from qualityassess.sample import load_sample_table

    frame, _ = load_sample_table()
    two_years = pd.concat([frame.head(3), frame.head(3).assign(year=2020)], ignore_index=True)
    u = uncertainty(cn2013, two_years, n=20, seed=1)
    assert u.grades.index.tolist() == ["110000", "120000", "130000"] * 2
    summary = u.summary()
    assert len(summary) == 6 and summary["name"].tolist() == frame["name"].head(3).tolist() * 2
    assert summary["grade"].tolist() == u.baseline_grade.tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (no CJK font here: the codes alone, with a warning)
        axes = u.plot(lang="en")
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert len(labels) == 6
    assert all(label.endswith(("110000", "120000", "130000")) for label in labels)
