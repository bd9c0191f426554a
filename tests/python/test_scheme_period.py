"""The assessment period a scheme declares (/period): the measures' 1 July - 30 June by default
(Art. 3, 6, 7); a calendar-year scheme at its edges, through single and batch assessment."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pandas as pd
import pytest
from jsonschema import Draft202012Validator

import qualityassess as qa

CALENDAR_YEAR = {
    "start": "01-01",
    "targets_due": {"month_day": "03-31", "year": "Y"},
    "self_evaluation_due": {"month_day": "01-15", "year": "Y+1"},
    "report_due": {"month_day": "03-31", "year": "Y+1"},
    "rectification_due": {"days_after_announcement": 30},
}


def scheme_document(period: dict[str, Any] | None) -> dict[str, Any]:
    """One `direct` leaf "score" of 100 points, A/B/C/D, a veto on any incident in the year."""
    document: dict[str, Any] = {
        "format": "qualityassess-scheme/1",
        "id": "period-test",
        "name": {"zh": "考核期测试", "en": "Period test"},
        "nodes": [{"id": "score", "name": "Score", "points": 100, "rule": {"type": "direct"}}],
        "grading": {
            "method": "bands",
            "bands": [
                {"grade": "A", "min": 90},
                {"grade": "B", "min": 80},
                {"grade": "C", "min": 60},
                {"grade": "D"},
            ],
        },
        "incident_scopes": [{"id": "local"}, {"id": "regional"}],
        "conditions": [
            {
                "id": "any_incident",
                "name": "Any incident",
                "veto": True,
                "trigger": {"type": "incident"},
                "effect": {"type": "force_grade", "grade": "D"},
            }
        ],
    }
    if period is not None:
        document["period"] = copy.deepcopy(period)
    return document


def single_grade(period: dict[str, Any] | None, date: str) -> str:
    scheme = qa.Scheme.from_dict(scheme_document(period))
    submission = {
        "region": {"code": "420000", "name": "湖北省"},
        "year": 2019,
        "self_evaluation": {"score": 95},
        "incidents": [{"id": "i-1", "date": date, "scope": "regional"}],
    }
    return qa.assess(scheme, submission).grade


def batch_grade(period: dict[str, Any] | None, date: str) -> str:
    scheme = qa.Scheme.from_dict(scheme_document(period))
    frame = pd.DataFrame([{"region": "420000", "name": "湖北省", "score.self": 95.0}])
    incidents = pd.DataFrame([{"region": "420000", "date": date, "scope": "regional"}])
    table = qa.assess_frame(scheme, frame, incidents, year=2019)
    return str(table["grade"].iloc[0])


def issues_of(period: Any) -> dict[str, str]:
    with pytest.raises(qa.SchemeError) as caught:
        qa.Scheme.from_dict(scheme_document(period))
    return dict(caught.value.issues)


# ---- the default (Art. 3, 6, 7) -----------------------------------------------------------


def test_default_period_is_the_measures_art_3() -> None:
    # Art. 3: without /period the year runs 1 July - 30 June: 1 March 2019 lies outside 2019.
    assert single_grade(None, "2019-03-01") == "A"
    assert batch_grade(None, "2019-03-01") == "A"
    assert single_grade(None, "2019-07-01") == "D"
    assert batch_grade(None, "2019-07-01") == "D"


def test_cn2013_declares_no_period_art_3_6_7() -> None:
    # Art. 3, 6, 7: cn-2013 keeps the measures' calendar and its document has no "period".
    assert "period" not in qa.Scheme.builtin("cn-2013").to_dict()
    calendar = qa.assessment_calendar(2019)
    assert str(calendar["year_start"]) == "2019-07-01"
    assert str(calendar["report_due"]) == "2020-09-30"


# ---- a calendar-year scheme --------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "grade"),
    [
        ("2018-12-31", "A"),
        ("2019-01-01", "D"),
        ("2019-03-01", "D"),  # the old fixed rule refused it as outside year 2019
        ("2019-12-31", "D"),
        ("2020-01-01", "A"),
    ],
)
def test_calendar_year_edges_single_and_batch(date: str, grade: str) -> None:
    assert single_grade(CALENDAR_YEAR, date) == grade
    assert batch_grade(CALENDAR_YEAR, date) == grade


def test_calendar_year_explanation_names_its_year() -> None:
    scheme = qa.Scheme.from_dict(scheme_document(CALENDAR_YEAR))
    submission = {
        "region": {"code": "420000"},
        "year": 2019,
        "self_evaluation": {"score": 95},
        "incidents": [{"id": "i-1", "date": "2020-01-01", "scope": "regional"}],
    }
    text = qa.assess(scheme, submission).explain("en")
    assert "assessment year 2019 (2019-01-01 to 2019-12-31)" in text


def test_period_round_trips_through_to_json() -> None:
    scheme = qa.Scheme.from_dict(scheme_document(CALENDAR_YEAR))
    written = json.loads(scheme.to_json())
    assert written["period"] == CALENDAR_YEAR
    assert json.loads(qa.Scheme.from_dict(written).to_json()) == written


def test_period_only_start_keeps_default_deadlines() -> None:
    written = qa.Scheme.from_dict(scheme_document({"start": "01-01"})).to_dict()
    assert written["period"]["targets_due"] == {"month_day": "06-30", "year": "Y"}
    assert written["period"]["rectification_due"] == {"months_after_announcement": 1}


# ---- validation -------------------------------------------------------------------------


def test_feb_29_start_refused() -> None:
    assert "29 February" in issues_of({"start": "02-29"})["/period/start"]


def test_unknown_key_refused_with_its_path() -> None:
    assert "/period/end" in issues_of({**CALENDAR_YEAR, "end": "12-31"})
    deadline = {**CALENDAR_YEAR, "report_due": {"month_day": "03-31", "year": "Y+1", "x": 1}}
    assert "/period/report_due/x" in issues_of(deadline)


def test_bad_start_and_order_refused() -> None:
    assert "MM-DD" in issues_of({"start": "1-1"})["/period/start"]
    late_targets = {**CALENDAR_YEAR, "targets_due": {"month_day": "02-01", "year": "Y+1"}}
    assert "after the targets" in issues_of(late_targets)["/period/self_evaluation_due"]


# ---- the JSON Schema ---------------------------------------------------------------------


def scheme_schema() -> Draft202012Validator:
    resource = resources.files("qualityassess").joinpath("schemas", "scheme.schema.json")
    return Draft202012Validator(json.loads(resource.read_text(encoding="utf-8")))


def test_json_schema_accepts_the_period() -> None:
    assert list(scheme_schema().iter_errors(scheme_document(CALENDAR_YEAR))) == []
    written = qa.Scheme.from_dict(scheme_document(CALENDAR_YEAR)).to_dict()
    assert list(scheme_schema().iter_errors(written)) == []


@pytest.mark.parametrize(
    "period",
    [
        {"start": "02-29"},
        {"start": "13-01"},
        {**CALENDAR_YEAR, "end": "12-31"},
        {**CALENDAR_YEAR, "report_due": {"month_day": "03-31", "year": "Y+3"}},
        {"start": "01-01", "rectification_due": {}},
    ],
)
def test_json_schema_refuses_a_bad_period(period: dict[str, Any]) -> None:
    errors = list(scheme_schema().iter_errors(scheme_document(period)))
    assert errors
    assert all(list(error.absolute_path)[:1] == ["period"] for error in errors)
