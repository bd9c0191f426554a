"""Excel round trip (issue 4, item 2): the template regions fill in, reading it back with
every bad cell named, and results as a workbook."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import qualityassess as qa
from qualityassess import excel

HUBEI_SHANGHAI = [("420000", "湖北省"), {"code": "310000", "name": "上海市"}]


def row_of(sheet: Any, leaf: str) -> int:
    """The row of a point on a region sheet, found as a user would: by its id column."""
    for row in sheet.iter_rows():
        if any(cell.value == leaf for cell in row):
            return int(row[0].row)
    raise AssertionError(f"no row for {leaf}")


def incident_header_row(sheet: Any) -> int:
    for row in sheet.iter_rows(max_col=1):
        if row[0].value == "编号\nId":
            return int(row[0].row)
    raise AssertionError("no incidents table")


# Columns of a region sheet (see the header row): target D, self-evaluation E, verified F.
TARGET, SELF, VERIFIED = "D", "E", "F"
SECTIONS = {"targets": TARGET, "self_evaluation": SELF, "verification": VERIFIED}
INCIDENT_COLUMNS = {"id": "A", "summary": "B", "date": "C", "scope": "D", "deaths": "F"}
INCIDENT_COLUMNS["reported_in_self_evaluation"] = "G"


def fill(sheet: Any, submission: dict[str, Any]) -> None:
    """Type a submission into a region's sheet, cell by cell."""
    for section, column in SECTIONS.items():
        for leaf, value in submission.get(section, {}).items():
            sheet[f"{column}{row_of(sheet, leaf)}"] = value
    first = incident_header_row(sheet) + 1
    for offset, incident in enumerate(submission.get("incidents", [])):
        for name, column in INCIDENT_COLUMNS.items():
            if name in incident:
                value = incident[name]
                if name == "date":
                    value = dt.date.fromisoformat(value)  # as Excel stores a typed date
                if name == "reported_in_self_evaluation":
                    value = "是" if value else "否"
                sheet[f"{column}{first + offset}"] = value


def test_template_layout(tmp_path: Path, cn2013: qa.Scheme) -> None:
    path = excel.write_template(cn2013, tmp_path / "t.xlsx", regions=HUBEI_SHANGHAI, year=2019)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["说明 Instructions", "湖北省", "上海市", "_lists", "_meta"]
    assert workbook.active.title == "说明 Instructions"
    assert workbook["_meta"].sheet_state == "hidden"
    assert workbook["_lists"].sheet_state == "hidden"
    instructions = [c.value for c in workbook["说明 Instructions"]["A"] if c.value]
    assert any("填写说明" in line for line in instructions)
    assert any(line == "Instructions" for line in instructions)
    sheet = workbook["湖北省"]
    assert sheet["A1"].value.startswith("湖北省（420000）质量工作考核")
    row = row_of(sheet, "development_plan")
    assert sheet[f"B{row}"].value == "质量发展规划制定与实施"
    assert sheet[f"C{row}"].value == 3  # the point's maximum beside it
    assert sheet[f"{SELF}{row}"].protection.locked is False
    assert sheet[f"B{row}"].protection.locked is not False
    assert sheet.protection.sheet is True
    # Dropdowns for levels (Chinese labels and ids), numeric ranges for rates.
    validations = {str(cell): v for v in sheet.data_validations.dataValidation for cell in v.sqref}
    level = next(v for ref, v in validations.items() if f"{SELF}{row}" in ref.split())
    assert level.type == "list"
    first, last = level.formula1.split("!")[1].replace("$", "").split(":")
    lists = workbook["_lists"]
    values = [lists[f"{first[0]}{r}"].value for r in range(int(first[1:]), int(last[1:]) + 1)]
    assert values[:5] == ["优秀", "良好", "一般", "较差", "未开展"]
    assert values[5:] == ["excellent", "good", "fair", "poor", "none"]
    rate_row = row_of(sheet, "manufacturing_pass_rate")
    rate = next(v for ref, v in validations.items() if f"{SELF}{rate_row}" in ref.split())
    assert (rate.type, rate.formula1, rate.formula2) == ("decimal", "0", "100")


def test_fill_programmatically_and_read_back_as_from_json(
    tmp_path: Path, sample_2019: dict[str, Any]
) -> None:
    submissions = sample_2019["submissions"]
    regions = [(s["region"]["code"], s["region"]["name"]) for s in submissions]
    path = excel.write_template("cn-2013", tmp_path / "2019.xlsx", regions=regions, year=2019)
    workbook = openpyxl.load_workbook(path)
    for submission in submissions:
        fill(workbook[submission["region"]["name"]], submission)
    workbook.save(path)

    read = excel.read_submissions(path)
    assert [s["region"]["code"] for s in read] == [c for c, _ in regions]
    from_excel = qa.assess_many("cn-2013", read)
    from_json = qa.assess_many("cn-2013", submissions)
    assert [r.to_dict() for r in from_excel] == [r.to_dict() for r in from_json]
    with_incident = next(s for s in read if s.get("incidents"))
    original = next(s for s in submissions if s["region"] == with_incident["region"])
    assert with_incident["incidents"] == original["incidents"]


def test_prefilled_template_round_trips(tmp_path: Path, sample_2019: dict[str, Any]) -> None:
    submissions = sample_2019["submissions"]
    path = excel.write_template("cn-2013", tmp_path / "verify.xlsx", submissions=submissions)
    read = excel.read_submissions(path)
    assert read == [{**s, "scheme": "cn-2013"} for s in submissions]


def test_every_bad_cell_is_named(tmp_path: Path) -> None:
    path = excel.write_template("cn-2013", tmp_path / "t.xlsx", regions=HUBEI_SHANGHAI, year=2019)
    workbook = openpyxl.load_workbook(path)
    hubei, shanghai = workbook["湖北省"], workbook["上海市"]
    plan, rate = row_of(hubei, "development_plan"), row_of(hubei, "manufacturing_pass_rate")
    hubei[f"{SELF}{plan}"] = "superb"
    hubei[f"{SELF}{rate}"] = 101
    hubei[f"{TARGET}{rate}"] = "ninety"
    hubei[f"{SELF}{plan + 1}"] = "良好"  # fine
    first = incident_header_row(hubei) + 1
    hubei[f"C{first}"], hubei[f"D{first}"] = "2020-02-30", "regional"
    hubei[f"C{first + 1}"], hubei[f"D{first + 1}"] = dt.date(2020, 3, 1), "citywide"
    hubei[f"F{first + 1}"] = "three"
    brand = row_of(shanghai, "brand_strategy")
    shanghai[f"{VERIFIED}{brand}"] = 7
    shanghai[f"{SELF}{row_of(shanghai, 'quality_workforce')}"] = "=1+1"  # a formula, no value
    workbook.save(path)

    with pytest.raises(qa.InputError) as caught:
        excel.read_submissions(path)
    issues = caught.value.issues
    assert isinstance(caught.value, ValueError)
    expected = {
        f"湖北省!{SELF}{plan}": "'superb' is not a level of development_plan "
        "(excellent, good, fair, poor, none)",
        f"湖北省!{SELF}{rate}": "must be in [0, 100], not 101",
        f"湖北省!{TARGET}{rate}": "must be a number, not a string",
        f"湖北省!C{first}": "'2020-02-30' is not a date (YYYY-MM-DD)",
        f"湖北省!D{first + 1}": "'citywide' is not an incident scope (local, regional, systemic)",
        f"湖北省!F{first + 1}": "must be a whole number, not a string",
        f"上海市!{VERIFIED}{brand}": "must be a level (a string), not a number",
    }
    assert {place: message for place, message in issues if "formula" not in message} == expected
    formula = [place for place, message in issues if "formula =1+1 has no saved value" in message]
    assert formula == [f"上海市!{SELF}{row_of(shanghai, 'quality_workforce')}"]
    assert len(issues) == 8
    assert str(caught.value).splitlines()[0] == f"{path}: invalid workbook (8 problems)"
    # The same cells, worded in Chinese for a clerk (the core's wording, levels as the form
    # shows them; the formula's problem in the reader's own wording).
    issues_zh = dict(caught.value.issues_zh)
    assert list(issues_zh) == [place for place, _ in issues]
    assert issues_zh[f"湖北省!{SELF}{plan}"].startswith(
        "'superb' 不是 质量发展规划制定与实施 (development_plan) 的等级，"
        "可选：优秀 (excellent)、良好 (good)"
    )
    assert issues_zh[f"湖北省!{SELF}{rate}"] == "应在 [0, 100] 之间，而不是 101"
    assert issues_zh[f"湖北省!C{first}"] == "'2020-02-30' 不是日期（应为 YYYY-MM-DD）"
    assert issues_zh[formula[0]] == (
        "公式 =1+1 没有保存的计算结果：请直接填写数值，或用 Excel 打开该工作簿并保存"
    )


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = excel.write_template(
        "cn-2013", tmp_path / "t.xlsx", regions=[("420000", "=HYPERLINK(1)")], year=2019
    )
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["=HYPERLINK(1)"]
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("=HYPERLINK(1)（420000）")
    meta = [row[:4] for row in workbook["_meta"].iter_rows(values_only=True) if row[0] == "region"]
    assert meta == [("region", "=HYPERLINK(1)", "420000", "=HYPERLINK(1)")]
    first = incident_header_row(sheet) + 1
    sheet[f"A{first}"], sheet[f"B{first}"] = "i-1", "-5 units, +recall @plant"
    sheet[f"C{first}"], sheet[f"D{first}"] = "2020-01-05", "local"
    workbook.save(path)
    (submission,) = excel.read_submissions(path)
    assert submission["region"]["name"] == "=HYPERLINK(1)"
    assert submission["incidents"][0]["summary"] == "-5 units, +recall @plant"
    results = qa.assess_many("cn-2013", [submission])
    results[0].to_dict()["region"]["name"] = "=x"
    out = excel.write_results(results, tmp_path / "r.xlsx")
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows() for c in row]
    name = next(c for c in cells if c.value == "=HYPERLINK(1)")
    assert name.data_type == "s"


def test_sheet_titles_follow_excel_rules(tmp_path: Path) -> None:
    regions = [("1", "a/b:c"), ("2", "A/B:C"), ("3", "x" * 40), ("4", "")]
    path = excel.write_template("cn-2013", tmp_path / "t.xlsx", regions=regions, year=2019)
    names = openpyxl.load_workbook(path).sheetnames[1:-2]
    assert names == ["a_b_c", "A_B_C (2)", "x" * 31, "4"]
    assert [s["region"]["code"] for s in excel.read_submissions(path)] == ["1", "2", "3", "4"]


def test_template_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(qa.InputError, match="listed twice"):
        excel.write_template("cn-2013", tmp_path / "t.xlsx", regions=["1", "1"], year=2019)
    with pytest.raises(qa.InputError):
        excel.write_template("cn-2013", tmp_path / "t.xlsx", regions=["1"], year=1900)
    assert not (tmp_path / "t.xlsx").exists()


def test_a_failed_write_keeps_the_file_already_saved(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"saved before")

    def broken_save(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        excel.write_template("cn-2013", path, regions=["420000"], year=2019)
    assert path.read_bytes() == b"saved before"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_not_a_template(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(qa.InputError, match="not a qualityassess template"):
        excel.read_submissions(path)
    text = tmp_path / "text.xlsx"
    text.write_text("not a zip", encoding="utf-8")
    with pytest.raises(qa.InputError, match="not an Excel workbook"):
        excel.read_submissions(text)


def test_damaged_metadata_is_bad_input(tmp_path: Path) -> None:
    path = excel.write_template("cn-2013", tmp_path / "t.xlsx", regions=["420000"], year=2019)
    workbook = openpyxl.load_workbook(path)
    meta = workbook["_meta"]
    year_row = next(r for r in meta.iter_rows() if r[0].value == "year")
    year_row[1].value = "twenty"
    workbook.save(path)
    with pytest.raises(qa.InputError, match="damaged template"):
        excel.read_submissions(path)


def test_another_scheme_with_checklists_deductions_and_adjustments(
    tmp_path: Path, repo: Path
) -> None:
    scheme = qa.Scheme.load(repo / "examples" / "schemes" / "fire-safety.json")
    data = json.loads((repo / "examples" / "data" / "fire-safety-2023.json").read_text("utf-8"))
    path = excel.write_template(scheme, tmp_path / "fire.xlsx", submissions=data["submissions"])
    assert excel.read_scheme(path) == scheme  # the stored scheme, for inspection
    read = excel.read_submissions(path, scheme)  # not built in: the assessor gives it
    assert [r.to_dict() for r in qa.assess_many(scheme, read)] == [
        r.to_dict() for r in qa.assess_many(scheme, data["submissions"])
    ]
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[1]
    sheet[f"{SELF}{row_of(sheet, 'meetings')}"] = "部分达到"  # a checklist item by its label
    sheet[f"{SELF}{row_of(sheet, 'innovation')}"] = -1
    workbook.save(path)
    with pytest.raises(qa.InputError) as caught:
        excel.read_submissions(path, scheme)
    (issue,) = caught.value.issues
    assert issue[0].endswith(f"!{SELF}{row_of(sheet, 'innovation')}")
    with pytest.raises(qa.InputError, match="the data is for scheme 'fire-safety-example'"):
        excel.read_submissions(path, scheme="cn-2013")


def test_results_workbook(tmp_path: Path, sample_2019: dict[str, Any]) -> None:
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    path = excel.write_results(results, tmp_path / "results.xlsx", lang="en")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "Ranking",
        "Points",
        "Conditions applied",
        "Findings",
        "Consequences",
    ]
    ranking = workbook["Ranking"]
    assert [c.value for c in ranking[1]][:5] == ["Rank", "Code", "Region", "Total", "Grade"]
    assert [c.value for c in ranking[2]][:5] == [1, "440000", "广东省", 98.7, "A"]
    assert ranking.freeze_panes == "A2" and ranking.auto_filter.ref == "A1:H32"
    assert ranking["D2"].number_format == "0.00"
    points = workbook["Points"]
    headers = [c.value for c in points[1]]
    assert headers[4] == "Quality targets (40)"
    consequences = workbook["Consequences"]
    assert consequences.max_row == 1 + sum(len(r.consequences) for r in results)
    zh = openpyxl.load_workbook(excel.write_results(results, tmp_path / "zh.xlsx"))
    assert zh.sheetnames[0] == "考核结果排名"
