"""A grade reached only by conditions under rank grading (issue 16): a tier with
``"ranked": false`` after the ranked ones. The cohort (assess_many) and the columnar batch
(assess_frame) give it to the same regions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

import qualityassess as qa


def test_a_downgrade_reaches_the_unranked_grade_on_both_paths(
    direct_scheme: Callable[..., dict[str, Any]],
) -> None:
    document = direct_scheme()
    document["grading"] = {
        "method": "rank",
        "tiers": [
            {"grade": "A", "count": 1},
            {"grade": "B", "share": 0.5},
            {"grade": "C"},
            {"grade": "D", "ranked": False},
        ],
    }
    document["incident_scopes"] = [{"id": "local"}]
    document["conditions"] = [
        {
            "id": "incident",
            "name": "an incident",
            "trigger": {"type": "incident", "scopes": ["local"]},
            "effect": {"type": "downgrade", "levels": 1},
        }
    ]
    scheme = qa.Scheme.from_dict(document)
    scores = [95.0, 85.0, 80.0, 75.0, 70.0, 60.0]
    codes = [f"11000{i}" for i in range(6)]
    frame = pd.DataFrame({"region": codes, "score.self": scores})
    incidents = pd.DataFrame({"region": [codes[5]], "date": ["2019-09-01"], "scope": ["local"]})
    table = qa.assess_frame(scheme, frame, incidents, year=2019)
    assert table["grade"].tolist() == ["A", "B", "B", "B", "C", "D"]  # D only by the downgrade
    filings = [
        {"region": {"code": code}, "year": 2019, "self_evaluation": {"score": score}}
        for code, score in zip(codes, scores, strict=True)
    ]
    filings[5]["incidents"] = [{"id": "i-1", "date": "2019-09-01", "scope": "local"}]
    assert [r.grade for r in qa.assess_many(scheme, filings)] == table["grade"].tolist()
