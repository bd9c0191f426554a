"""The assessment calendar (Art. 3, 6, 7) at its edges."""

from __future__ import annotations

import datetime as dt

import pytest

import qualityassess as qa


def test_assessment_year_2019_art_3_and_6() -> None:
    calendar = qa.assessment_calendar(2019)
    assert calendar["year_start"] == dt.date(2019, 7, 1)  # Art. 3: 1 July ...
    assert calendar["year_end"] == dt.date(2020, 6, 30)  # ... to 30 June of the next year
    assert calendar["targets_due"] == dt.date(2019, 6, 30)  # Art. 6.1
    assert calendar["self_evaluation_due"] == dt.date(2020, 7, 15)  # Art. 6.2
    assert calendar["report_due"] == dt.date(2020, 9, 30)  # Art. 6.5


@pytest.mark.parametrize(
    ("announced", "due"),
    [
        (dt.date(2020, 9, 30), dt.date(2020, 10, 30)),
        (dt.date(2020, 1, 31), dt.date(2020, 2, 29)),  # leap year
        (dt.date(2021, 1, 31), dt.date(2021, 2, 28)),
        (dt.date(2020, 12, 15), dt.date(2021, 1, 15)),  # across the year end
        ("2020-08-31", dt.date(2020, 9, 30)),
    ],
)
def test_rectification_due_one_calendar_month_later_art_7(announced, due: dt.date) -> None:
    assert qa.rectification_due(announced) == due


def test_bad_dates_and_years() -> None:
    with pytest.raises(qa.InputError, match="'2020-02-30' is not a date"):
        qa.rectification_due("2020-02-30")
    with pytest.raises(qa.InputError, match=r"outside 2000\.\.2200"):
        qa.assessment_calendar(1999)
