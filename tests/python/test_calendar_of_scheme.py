"""A year's dates under a scheme's own period (issue 16): qa.assessment_calendar and
qa.rectification_due take the scheme, and the Excel template heads each region's sheet with the
scheme's dates, not the measures' 1 July - 30 June."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

import qualityassess as qa


def calendar_year_scheme() -> qa.Scheme:
    document: dict[str, Any] = qa.Scheme.builtin("cn-2013").to_dict()
    document["id"] = "calendar-year"
    document["period"] = {
        "start": "01-01",
        "targets_due": {"month_day": "12-31", "year": "Y-1"},
        "self_evaluation_due": {"month_day": "01-31", "year": "Y+1"},
        "report_due": {"month_day": "03-31", "year": "Y+1"},
        "rectification_due": {"days_after_announcement": 15},
    }
    return qa.Scheme.from_dict(document)


def test_the_calendar_follows_the_scheme() -> None:
    measures = qa.assessment_calendar(2019)
    assert (measures["year_start"], measures["year_end"]) == (
        dt.date(2019, 7, 1),  # Art. 3: 1 July - 30 June
        dt.date(2020, 6, 30),
    )
    assert qa.assessment_calendar(2019, "cn-2013") == measures
    own = qa.assessment_calendar(2019, calendar_year_scheme())
    assert (own["year_start"], own["year_end"]) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert own["targets_due"] == dt.date(2018, 12, 31)
    assert own["self_evaluation_due"] == dt.date(2020, 1, 31)
    assert qa.rectification_due("2020-01-31") == dt.date(2020, 2, 29)  # Art. 7: one month
    assert qa.rectification_due("2020-01-31", calendar_year_scheme()) == dt.date(2020, 2, 15)


def test_the_template_shows_the_schemes_dates(tmp_path: Path) -> None:
    path = tmp_path / "calendar-year.xlsx"
    qa.excel.write_template(calendar_year_scheme(), path, regions=[("420000", "湖北省")], year=2019)
    book = openpyxl.load_workbook(path)
    headings = [
        str(sheet["A2"].value)
        for sheet in book.worksheets
        if "Assessment year" in str(sheet["A2"].value)
    ]
    assert headings, "no region sheet with its heading"
    assert "2019-01-01 – 2019-12-31" in headings[0]
    assert "targets due 2018-12-31" in headings[0]
