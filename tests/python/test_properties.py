"""Properties of the assessment that hold for every input (issue 6), checked with hypothesis on
generated cn-2013 submissions: improving an input never lowers a total or a grade, a veto always
gives its grade, the total is the sum of the leaves within [0, maximum], batch order does not
matter, and documents survive JSON and pickle round trips exactly.

The profile is deterministic (derandomize=True: the same examples on every run) and small
enough to keep the suite fast; `--hypothesis-seed` and HYPOTHESIS_PROFILE=thorough widen it."""

from __future__ import annotations

import copy
import datetime
import json
import os
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualityassess as qa

settings.register_profile(
    "qualityassess",
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.register_profile(
    "thorough", parent=settings.get_profile("qualityassess"), max_examples=1000
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "qualityassess"))

CN2013 = qa.Scheme.builtin("cn-2013")
RATES = ["manufacturing_pass_rate", "agri_monitoring_pass_rate", "construction_acceptance_rate"]
LEVEL_LEAVES = [leaf for leaf in CN2013.leaf_ids if leaf not in RATES]
LEVELS = ["none", "poor", "fair", "good", "excellent"]  # worst to best
GRADES = CN2013.grades  # best first

rates = st.integers(min_value=0, max_value=10_000).map(lambda n: n / 100)  # 0.00 .. 100.00
dates_in_year = st.dates(min_value=datetime.date(2019, 7, 1), max_value=datetime.date(2020, 6, 30))
any_dates = st.dates(min_value=datetime.date(2018, 1, 1), max_value=datetime.date(2021, 12, 31))


@st.composite
def incidents(draw: st.DrawFn, harmless: bool = False) -> list[dict[str, Any]]:
    """Incidents; with `harmless`, only ones that cannot veto (local, or outside the year)."""
    out = []
    for index in range(draw(st.integers(0, 3))):
        scope = draw(st.sampled_from(["local", "regional", "systemic"]))
        date = draw(any_dates)
        if (
            harmless
            and scope != "local"
            and datetime.date(2019, 7, 1) <= date <= (datetime.date(2020, 6, 30))
        ):
            scope = "local"
        out.append({"id": f"i-{index}", "date": date.isoformat(), "scope": scope})
    return out


@st.composite
def submissions(draw: st.DrawFn, code: str = "420000", harmless: bool = False) -> dict[str, Any]:
    """A cn-2013 submission: some targets, rates and levels given, others missing."""
    targets = {leaf: draw(rates) for leaf in RATES if draw(st.booleans())}
    values: dict[str, Any] = {leaf: draw(rates) for leaf in RATES if draw(st.booleans())}
    for leaf in LEVEL_LEAVES:
        if draw(st.integers(0, 4)):
            values[leaf] = draw(st.sampled_from(LEVELS))
    return {
        "region": {"code": code, "name": f"region {code}"},
        "year": 2019,
        "scheme": "cn-2013",
        "targets": targets,
        "self_evaluation": values,
        "incidents": draw(incidents(harmless=harmless)),
    }


def grade_rank(grade: str) -> int:
    return GRADES.index(grade)  # 0 is the best


def improved(document: dict[str, Any], leaf: str, data: st.DataObject) -> dict[str, Any]:
    """The same submission with one input better: a level raised, a rate raised, a target
    lowered, or a missing value filled in."""
    better = copy.deepcopy(document)
    values = better["self_evaluation"]
    if leaf in RATES:
        if data.draw(st.booleans()) and leaf in better["targets"]:
            target = better["targets"][leaf]
            better["targets"][leaf] = data.draw(
                st.integers(0, round(target * 100)).map(lambda n: n / 100)
            )
        else:
            current = values.get(leaf, 0.0)
            values[leaf] = data.draw(
                st.integers(round(current * 100), 10_000).map(lambda n: n / 100)
            )
    else:
        current = LEVELS.index(values[leaf]) if leaf in values else 0
        values[leaf] = data.draw(st.sampled_from(LEVELS[current:]))
    return better


@given(submissions(), st.sampled_from(CN2013.leaf_ids), st.data())
def test_improving_an_input_never_lowers_the_total_or_the_grade(
    document: dict[str, Any], leaf: str, data: st.DataObject
) -> None:
    before = qa.assess(CN2013, document)
    after = qa.assess(CN2013, improved(document, leaf, data))
    assert after.total >= before.total
    assert grade_rank(after.grade) <= grade_rank(before.grade)
    assert after.nodes[leaf] >= before.nodes[leaf]


@given(submissions(), st.sampled_from(["regional", "systemic"]), dates_in_year)
def test_a_veto_always_gives_its_grade(document: dict[str, Any], scope: str, date: Any) -> None:
    document["incidents"].append({"id": "veto", "date": date.isoformat(), "scope": scope})
    result = qa.assess(CN2013, document)
    assert result.vetoed and result.grade == "D"
    assert any(c.id == "systemic_incident" for c in result.conditions)


@given(submissions(harmless=True))
def test_without_a_veto_the_grade_follows_the_bands(document: dict[str, Any]) -> None:
    result = qa.assess(CN2013, document)
    assert not result.vetoed
    band = (
        "A"
        if result.total >= 90
        else "B"
        if result.total >= 80
        else "C"
        if result.total >= 60
        else "D"
    )
    assert result.grade == band


@given(submissions())
def test_the_total_is_the_sum_of_the_leaves_within_the_range(document: dict[str, Any]) -> None:
    result = qa.assess(CN2013, document)
    leaves = sum(Decimal(str(result.nodes[leaf])) for leaf in CN2013.leaf_ids)
    assert Decimal(str(result.total)) == leaves  # cn-2013 has no bonus or penalty items
    assert 0 <= result.total <= CN2013.max_total
    for node in CN2013.nodes():
        assert 0 <= result.nodes[node["id"]] <= node["points"]
        if not node["is_leaf"]:
            children = [n["id"] for n in CN2013.nodes() if n["parent"] == node["id"]]
            assert Decimal(str(result.nodes[node["id"]])) == sum(
                Decimal(str(result.nodes[c])) for c in children
            )


BONUS_SCHEME = qa.Scheme.from_dict(
    {
        "id": "with-bonus",
        "name": {"en": "direct points with a bonus"},
        "total": {"max": 100, "may_exceed_max": False},
        "nodes": [{"id": "score", "name": "score", "points": 100, "rule": {"type": "direct"}}],
        "adjustments": [
            {"id": "bonus", "name": "bonus", "kind": "bonus", "cap": 5},
            {"id": "penalty", "name": "penalty", "kind": "penalty", "cap": 10},
        ],
        "grading": {
            "method": "bands",
            "bands": [{"grade": "A", "min": 90}, {"grade": "B", "min": 60}, {"grade": "C"}],
        },
    }
)


@given(
    st.integers(0, 10_000).map(lambda n: n / 100),
    st.integers(0, 500).map(lambda n: n / 100),
    st.integers(0, 1_000).map(lambda n: n / 100),
    st.booleans(),
)
def test_bonus_and_penalty_stay_within_their_caps_and_the_maximum(
    points: float, bonus: float, penalty: float, may_exceed: bool
) -> None:
    scheme = BONUS_SCHEME
    if may_exceed:
        document = BONUS_SCHEME.to_dict()
        document["total"]["may_exceed_max"] = True
        scheme = qa.Scheme.from_dict(document)
    result = qa.assess(
        scheme,
        {
            "region": {"code": "1"},
            "year": 2019,
            "self_evaluation": {"score": points},
            "adjustments": {"bonus": bonus, "penalty": penalty},
        },
    )
    expected = Decimal(str(points)) + Decimal(str(bonus))
    if not may_exceed:
        expected = min(expected, Decimal(100))
    expected = max(expected - Decimal(str(penalty)), Decimal(0))
    assert Decimal(str(result.total)) == expected
    assert 0 <= result.total <= (105 if may_exceed else 100)


RANK_SCHEME = qa.Scheme.from_dict(
    {
        "id": "direct-rank",
        "name": {"en": "direct points, graded by rank"},
        "nodes": [{"id": "score", "name": "score", "points": 100, "rule": {"type": "direct"}}],
        "grading": {
            "method": "rank",
            "tiers": [{"grade": "A", "count": 2}, {"grade": "B", "share": 0.5}, {"grade": "C"}],
        },
    }
)


@given(st.lists(submissions(), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_batch_order_does_not_matter(documents: list[dict[str, Any]], random: Any) -> None:
    for index, document in enumerate(documents):
        document["region"]["code"] = f"{index:06d}"
    permuted = documents[:]
    random.shuffle(permuted)
    by_region = {r.region_code: r.to_dict() for r in qa.assess_many(CN2013, documents)}
    again = {r.region_code: r.to_dict() for r in qa.assess_many(CN2013, permuted)}
    assert by_region == again


@given(
    st.lists(st.integers(0, 20).map(lambda n: n * 5.0), min_size=1, max_size=8),
    st.randoms(use_true_random=False),
)
def test_rank_grading_does_not_depend_on_the_order(points: list[float], random: Any) -> None:
    """Rank grading looks at the whole cohort: ties (equal points) must not be broken by the
    order of the list."""
    documents = [
        {"region": {"code": f"{i:03d}"}, "year": 2019, "self_evaluation": {"score": p}}
        for i, p in enumerate(points)
    ]
    permuted = documents[:]
    random.shuffle(permuted)
    first = {
        r.region_code: (r.grade, r.rank, r.total) for r in qa.assess_many(RANK_SCHEME, documents)
    }
    second = {
        r.region_code: (r.grade, r.rank, r.total) for r in qa.assess_many(RANK_SCHEME, permuted)
    }
    assert first == second


@given(submissions())
def test_submission_round_trips_are_exact(document: dict[str, Any]) -> None:
    submission = qa.Submission.from_dict(document)
    again = qa.Submission.from_json(json.dumps(submission.to_dict(), ensure_ascii=False))
    assert again.to_dict() == submission.to_dict()
    unpickled = pickle.loads(pickle.dumps(submission))
    assert unpickled.to_dict() == submission.to_dict()
    assert qa.assess(CN2013, unpickled).to_dict() == qa.assess(CN2013, submission).to_dict()


@st.composite
def cn2013_variants(draw: st.DrawFn) -> dict[str, Any]:
    """cn-2013 with the points of each measures group divided anew (Art. 4: points are re-set
    every year), in half points, and the target rules' deductions changed."""
    document = CN2013.to_dict()
    measures = document["nodes"][1]
    for group in measures["children"]:
        halves = round(group["points"] * 2)
        children = group["children"]
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(1, halves - 1),
                    min_size=len(children) - 1,
                    max_size=len(children) - 1,
                    unique=True,
                )
            )
        )
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, halves], strict=True)]
        for child, share in zip(children, shares, strict=True):
            child["points"] = share / 2
    for group in document["nodes"][0]["children"]:
        for child in group["children"]:
            child["rule"]["per_point"] = draw(st.integers(1, 40)) / 4
    document["version"] = draw(st.text(min_size=1, max_size=8).filter(lambda t: t.isprintable()))
    return document


@given(cn2013_variants())
def test_scheme_json_and_pickle_round_trips_are_exact(document: dict[str, Any]) -> None:
    scheme = qa.Scheme.from_dict(document)
    again = qa.Scheme.from_json(scheme.to_json())
    assert again == scheme
    assert again.to_json() == scheme.to_json()
    assert qa.Scheme.from_dict(scheme.to_dict()).to_dict() == scheme.to_dict()
    unpickled = pickle.loads(pickle.dumps(scheme))
    assert unpickled.to_json() == scheme.to_json()


@pytest.mark.parametrize("scheme_id", qa.builtin_schemes())
def test_builtin_schemes_round_trip(scheme_id: str) -> None:
    scheme = qa.Scheme.builtin(scheme_id)
    assert qa.Scheme.from_json(scheme.to_json()).to_json() == scheme.to_json()


# ---- the corners (issue 18): generators that reach the edges the random data above misses ----
# Each property checks against an oracle written here from the rules (docs/scheme-language.md),
# not against another path of the code under test.

DIRECT_BANDS = {
    "id": "direct-adjusted",
    "name": "direct points with a bonus and a penalty",
    "nodes": [{"id": "score", "name": "score", "points": 100, "rule": {"type": "direct"}}],
    "adjustments": [
        {"id": "bonus", "name": "bonus", "kind": "bonus", "cap": 5},
        {"id": "penalty", "name": "penalty", "kind": "penalty", "cap": 3},
    ],
    "grading": {
        "method": "bands",
        "bands": [
            {"grade": "A", "min": 90},
            {"grade": "B", "min": 80},
            {"grade": "C", "min": 60},
            {"grade": "D"},
        ],
    },
}
DIRECT = qa.Scheme.from_dict(DIRECT_BANDS)
HUNDREDTH = Decimal("0.01")


def band(total: Decimal) -> str:
    """Art. 5: A >= 90, B >= 80, C >= 60, else D."""
    return "A" if total >= 90 else "B" if total >= 80 else "C" if total >= 60 else "D"


def hundredths(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) / 100)


# Totals on and next to the band edges: 60, 80, 90 and 100 (the maximum), ± 0.01 and ± 0.
edge_totals = (
    st.sampled_from([0, 60, 80, 90, 100])
    .flatmap(lambda edge: st.sampled_from([-1, 0, 1]).map(lambda d: Decimal(edge) + d * HUNDREDTH))
    .filter(lambda t: 0 <= t <= 100)
)


@given(edge_totals)
@settings(max_examples=20)
def test_totals_on_the_band_edges_grade_as_art_5_says(total: Decimal) -> None:
    document = {"region": {"code": "1"}, "year": 2019, "self_evaluation": {"score": float(total)}}
    result = qa.assess(DIRECT, document)
    assert Decimal(str(result.total)) == total
    assert result.grade == band(total)


@given(
    st.one_of(hundredths(9500, 10000), edge_totals),  # near the maximum, or on a band edge
    hundredths(0, 800),  # bonus entered, cap 5
    hundredths(0, 500),  # penalty entered, cap 3
)
@settings(max_examples=60)
def test_the_maximum_with_bonuses_and_penalties(
    base: Decimal, bonus: Decimal, penalty: Decimal
) -> None:
    # Each item at most its cap; the bonuses stop at total.max 100 BEFORE the penalties; the
    # total then stops at total.min 0.
    expected = max(Decimal(0), min(Decimal(100), base + min(bonus, Decimal(5))) - min(penalty, 3))
    document = {
        "region": {"code": "1"},
        "year": 2019,
        "self_evaluation": {"score": float(base)},
        "adjustments": {"bonus": float(bonus), "penalty": float(penalty)},
    }
    result = qa.assess(DIRECT, document)
    assert Decimal(str(result.total)) == expected
    assert result.grade == band(expected)


RANK_TIERS = {**DIRECT_BANDS, "id": "direct-rank", "adjustments": []}
RANK_TIERS["grading"] = {
    "method": "rank",
    "tiers": [{"grade": "A", "count": 2}, {"grade": "B", "share": 0.5}, {"grade": "C"}],
}
RANKED = qa.Scheme.from_dict(RANK_TIERS)


@given(st.lists(st.sampled_from([50, 70, 80, 80, 90]), min_size=2, max_size=8))
@settings(max_examples=40)
def test_ties_at_rank_tier_edges(points: list[int]) -> None:
    # Few distinct totals, so ties fall on the tier edges. Competition rank: 1 + the number of
    # regions with more points. A takes ranks <= 2, B ranks <= 2 + ⌊n / 2⌋, C the rest.
    documents = [
        {"region": {"code": str(i)}, "year": 2019, "self_evaluation": {"score": p}}
        for i, p in enumerate(points)
    ]
    results = qa.assess_many(RANKED, documents)
    for p, result in zip(points, results, strict=True):
        rank = 1 + sum(1 for q in points if q > p)
        grade = "A" if rank <= 2 else "B" if rank <= 2 + len(points) // 2 else "C"
        assert (result.rank, result.grade) == (rank, grade)
    table = results.ranking()
    assert table["rank"].tolist() == sorted(table["rank"].tolist())  # best first


# Assessment year 2019: 1 July 2019 to 30 June 2020 (Art. 3). The first and last days and their
# neighbours outside.
YEAR_EDGE_DAYS = {
    "2019-06-30": False,
    "2019-07-01": True,
    "2020-06-30": True,
    "2020-07-01": False,
}


@given(st.sampled_from(sorted(YEAR_EDGE_DAYS)), st.sampled_from(["regional", "systemic", "local"]))
@settings(max_examples=12)
def test_incidents_on_the_first_and_last_day(date: str, scope: str) -> None:
    document = {
        "region": {"code": "420000"},
        "year": 2019,
        "targets": {rate: 95.0 for rate in RATES},
        "self_evaluation": {
            **{rate: 95.0 for rate in RATES},
            **{leaf: "excellent" for leaf in LEVEL_LEAVES},
        },
        "incidents": [{"id": "i-1", "date": date, "scope": scope}],
    }
    result = qa.assess(CN2013, document)
    vetoed = YEAR_EDGE_DAYS[date] and scope != "local"
    assert (result.total, result.vetoed, result.grade) == (100.0, vetoed, "D" if vetoed else "A")
