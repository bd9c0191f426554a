"""One input door for tables (issue 13, part 3): ``qa.assess_frame`` and ``qualityassess grade
x.csv`` convert a table once to the core's columns (``batch.frame_columns``) and check it once
(the table's reading, then the core's ``EvaluationPlan::check``): every problem at once, each
with its place, and no second converter or row-by-row re-assessment to find them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import pytest

import qualityassess as qa
from _cli_helpers import main
from qualityassess import frame as frame_module
from qualityassess.io import _issues
from qualityassess.sample import load_sample_table

LEVELS = "(excellent, good, fair, poor, none)"
LAYOUT = (
    "not a column of the table layout (region, name, year, <point>.target, <point>.self, "
    "<point>.verified, <point>.previous, <adjustment>.value)"
)
TABLE = """\
region,year,development_plan.self,manufacturing_pass_rate.self,agri_monitoring_pass_rate.self,nonsense,brand_strategy.self,brand_strategy.self
110000,2019,good,99,95,1,good,good
120000,2019,superb,120,95,2,fair,fair
130000,2019,fair,95,abc,3,poor,poor
110000,2019,fair,90,95,4,good,good
"""
INCIDENTS = """\
region,date,scope
120000,2019-13-01,local
"""
# Rows are named by their line in the file (the header is line 1), as the command line reads
# it; the table's own problems first, then row by row (columns in the table's order), then
# the incidents.
EXPECTED = [
    ("column 'brand_strategy.self'", "appears more than once"),
    ("column 'nonsense'", LAYOUT),
    (
        "row 3 (120000), column 'development_plan.self'",
        f"'superb' is not a level of development_plan {LEVELS}",
    ),
    ("row 3 (120000), column 'manufacturing_pass_rate.self'", "must be in [0, 100], not 120"),
    (
        "row 4 (130000), column 'agri_monitoring_pass_rate.self'",
        "'abc' is not a number (digits 0-9, a point for decimals)",
    ),
    (
        "row 5 (110000), column 'region'",
        "region 110000 is given again for 2019 (first at row 2): each region is assessed once "
        "a year",
    ),
    ("incidents row 2 (120000), column 'date'", "'2019-13-01' is not a date (YYYY-MM-DD)"),
]


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AssertionError("a table was read row by row")


@pytest.fixture
def no_row_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The row path (a Submission per row, re-assessed one by one to find the bad cells) made
    to fail if anything calls it."""
    monkeypatch.setattr(frame_module, "frame_submissions", _refuse)
    monkeypatch.setattr(frame_module, "assess_frame_rows", _refuse)
    monkeypatch.setattr(_issues, "assess_located", _refuse)
    monkeypatch.setattr(_issues, "submission_problems", _refuse)


def _files(tmp_path: Path) -> tuple[str, str]:
    table, incidents = tmp_path / "table.csv", tmp_path / "incidents.csv"
    table.write_text(TABLE, encoding="utf-8")
    incidents.write_text(INCIDENTS, encoding="utf-8")
    return str(table), str(incidents)


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table as the command line reads it (index: the file's line numbers)."""
    lines = TABLE.splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    frame = pd.DataFrame(rows, columns=header, index=pd.RangeIndex(2, 2 + len(rows)))
    frame["year"] = frame["year"].astype(int)
    for column in ("manufacturing_pass_rate.self", "nonsense"):
        frame[column] = frame[column].astype(int)
    incidents = pd.DataFrame(
        [["120000", "2019-13-01", "local"]], columns=["region", "date", "scope"], index=[2]
    )
    return frame, incidents


def test_assess_frame_names_every_problem_at_once_without_the_row_path(no_row_path: None) -> None:
    frame, incidents = _frames()
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame, incidents)
    assert caught.value.issues == EXPECTED
    message = str(caught.value)
    assert message.startswith("invalid table (7 problems)\n")
    assert message.count("\n") == 7


def test_cli_grade_on_the_csv_prints_every_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    no_row_path: None,
) -> None:
    table, incidents = _files(tmp_path)
    out_html = tmp_path / "r.html"
    code, out, err = main(
        capsys, "--lang", "en", "grade", table, "--incidents", incidents, "--out", str(out_html)
    )
    assert code == 1
    assert out == ""
    assert not out_html.exists()
    lines = err.splitlines()
    assert lines[0] == f"qualityassess: {table}: invalid data, 7 problem(s):"
    assert lines[1:] == [f"{table}: {place}: {message}" for place, message in EXPECTED]


def test_the_api_and_the_cli_report_the_same_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    table, incidents = _files(tmp_path)
    code, _, err = main(capsys, "grade", table, "--incidents", incidents, "--out", "-")
    frame, incidents_frame = _frames()
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame, incidents_frame)
    # The command line's default language: the same problems as issues_zh.
    issues = caught.value.issues_zh
    assert code == 1
    assert err.splitlines()[1:] == [f"{table}: {place}: {message}" for place, message in issues]


def test_problems_the_table_reading_and_the_core_find_come_together(no_row_path: None) -> None:
    """A cell the reading refuses (a level) and one only the core's check refuses (a rate
    over 100, a scope): both, in row order."""
    frame = pd.DataFrame(
        {
            "region": ["1", "2"],
            "manufacturing_pass_rate.self": [100.5, 99.0],
            "development_plan.self": ["good", "superb"],
        }
    )
    incidents = pd.DataFrame({"region": ["2"], "date": ["2019-08-01"], "scope": ["flood"]})
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame, incidents, year=2019)
    assert caught.value.issues == [
        ("row 0 (1), column 'manufacturing_pass_rate.self'", "must be in [0, 100], not 100.5"),
        (
            "row 1 (2), column 'development_plan.self'",
            f"'superb' is not a level of development_plan {LEVELS}",
        ),
        (
            "incidents row 0 (2), column 'scope'",
            "'flood' is not an incident scope (local, regional, systemic)",
        ),
    ]


def test_a_year_the_reading_refuses_is_not_named_again_by_the_core(no_row_path: None) -> None:
    frame = pd.DataFrame({"region": ["1", "2"], "year": [2019, None], "nonsense": [1, 2]})
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame)
    assert caught.value.issues == [
        ("column 'nonsense'", LAYOUT),
        ("row 1 (2), column 'year'", "missing: no assessment year"),
    ]


def test_region_codes_and_names_are_checked_as_a_submission_checks_them(
    no_row_path: None,
) -> None:
    frame = pd.DataFrame(
        {"region": ["110000", "４２００００"], "name": ["北京市", "湖北\n省"], "year": 2019}
    )
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame)
    issues = caught.value.issues
    assert [place for place, _ in issues] == [
        "row 1 (４２００００), column 'region'",
        "row 1 (４２００００), column 'name'",
    ]
    assert issues[0][1].startswith("'４２００００' has full-width digits (０-９)")
    assert "a name or code is one line" in issues[1][1]
    # The same texts as the submission reader's.
    with pytest.raises(qa.InputError, match="has full-width digits"):
        qa.assess("cn-2013", {"region": {"code": "４２００００"}, "year": 2019})


def test_a_column_repeated_in_the_incidents_is_named(no_row_path: None) -> None:
    frame = pd.DataFrame({"region": ["1"]})
    incidents = pd.DataFrame(
        [["1", "2019-08-01", "local", "local"]], columns=["region", "date", "scope", "scope"]
    )
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame, incidents, year=2019)
    assert caught.value.issues == [("incidents column 'scope'", "appears more than once")]


def test_a_good_csv_grades_as_assess_frame(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    frame, incidents = load_sample_table(2019)
    table, incident_file = tmp_path / "t.csv", tmp_path / "i.csv"
    frame.to_csv(table, index=False)
    incidents.to_csv(incident_file, index=False)
    results = tmp_path / "results.json"
    code, _, err = main(
        capsys,
        "grade",
        str(table),
        "--incidents",
        str(incident_file),
        "--out",
        str(tmp_path / "r.html"),
        "--out",
        str(results),
    )
    assert code == 0, err
    graded = json.loads(results.read_text("utf-8"))["results"]
    expected = qa.assess_frame("cn-2013", frame, incidents)
    assert [r["grade"] for r in graded] == list(expected["grade"])
    assert [r["total"] for r in graded] == pytest.approx(list(expected["total"]), abs=0)


def test_a_repeated_region_column_is_named_and_its_first_copy_names_the_rows(
    no_row_path: None,
) -> None:
    frame = pd.DataFrame(
        [["420000", "420000", "superb"]],
        columns=["region", "region", "development_plan.self"],
    )
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame, year=2019)
    assert caught.value.issues == [
        ("column 'region'", "appears more than once"),
        (
            "row 0 (420000), column 'development_plan.self'",
            f"'superb' is not a level of development_plan {LEVELS}",
        ),
    ]


def test_an_incident_id_on_two_lines_is_named_with_its_place(no_row_path: None) -> None:
    frame = pd.DataFrame({"region": ["1"]})
    incidents = pd.DataFrame(
        {"region": ["1"], "id": ["a\nb"], "date": ["2019-08-01"], "scope": ["local"]}
    )
    with pytest.raises(qa.InputError) as caught:
        qa.assess_frame("cn-2013", frame, incidents, year=2019)
    issues = caught.value.issues
    assert [place for place, _ in issues] == ["incidents row 0 (1), column 'id'"]
    assert "a name or code is one line" in issues[0][1]


def test_incidents_need_no_scope_when_the_scheme_has_none(
    direct_scheme: Any,
) -> None:
    """Issue 16: a work-safety style scheme without incident scopes; its incidents table has no
    'scope' column, on both doors. cn-2013, which lists scopes, still requires it."""
    document = direct_scheme()
    document["conditions"] = [
        {
            "id": "fatal",
            "name": "a fatal accident",
            "trigger": {"type": "incident", "min_deaths": 1},
            "effect": {"type": "cap_grade", "grade": "C"},
        }
    ]
    scheme = qa.Scheme.from_dict(document)
    frame = pd.DataFrame({"region": ["110000", "120000"], "score.self": [95.0, 95.0]})
    accidents = pd.DataFrame({"region": ["120000"], "date": ["2019-09-01"], "deaths": [2]})
    graded = qa.assess_frame(scheme, frame, accidents, year=2019)
    assert graded["grade"].tolist() == ["A", "C"]  # 95 is an A; the fatal accident caps at C
    rows = frame_module.assess_frame_rows(scheme, frame, accidents, year=2019)
    assert rows["grade"].tolist() == ["A", "C"]

    with pytest.raises(qa.InputError) as error:
        qa.assess_frame("cn-2013", frame.rename(columns={"score.self": "x.self"}), accidents, 2019)
    assert ("incidents column 'scope'", "missing") in error.value.issues


def test_the_reason_names_an_incident_without_scope_by_its_date(direct_scheme: Any) -> None:
    """An incident without a scope (the scheme lists none) is named by its id and date in the
    condition's reason, without an empty place for the scope ("a (, 2019-09-01)" before)."""
    document = direct_scheme()
    document["conditions"] = [
        {
            "id": "fatal",
            "name": "a fatal accident",
            "trigger": {"type": "incident", "min_deaths": 1},
            "effect": {"type": "cap_grade", "grade": "C"},
        }
    ]
    submission = {
        "region": {"code": "120000"},
        "year": 2019,
        "self_evaluation": {"score": 95.0},
        "incidents": [{"id": "a", "date": "2019-09-01", "deaths": 2}],
    }
    (applied,) = qa.assess(qa.Scheme.from_dict(document), submission).conditions
    assert applied.reason.startswith("incident a (2019-09-01) within assessment year 2019")
    assert applied.reason_zh.startswith("事件 a（2019-09-01） 发生在 2019 考核年度")


def test_nothing_filed_is_nothing_to_deduct_where_the_scheme_says_so() -> None:
    """Issue 16: fire-safety's hazards with ``not_filed: nothing_to_deduct``: a region that files
    no hazards keeps the 30 points, on both doors; by default it scores 0 with a finding."""
    path = Path(__file__).resolve().parents[2] / "examples" / "schemes" / "fire-safety.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    strict = qa.Scheme.from_dict(document)
    (hazards,) = [node for node in document["nodes"] if node["id"] == "hazards"]
    hazards["rule"]["not_filed"] = "nothing_to_deduct"
    document["id"] = "fire-safety-nothing-filed"
    lenient = qa.Scheme.from_dict(document)
    frame = pd.DataFrame({"region": ["990001"], "station_completion.self": [90.0]})
    filing = {"region": {"code": "990001"}, "year": 2023, "self_evaluation": {}}
    for scheme, points in ((strict, 0.0), (lenient, 30.0)):
        table = qa.assess_frame(scheme, frame, year=2023)
        single = qa.assess(scheme, filing)
        assert table["hazards"].tolist() == [points]
        assert single.nodes["hazards"] == points
        missing = [f for f in single.findings if f.leaf == "hazards"]
        assert bool(missing) == (points == 0.0)
