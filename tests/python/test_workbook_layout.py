"""The workbooks as their users see them (issue 17), read back with openpyxl: every dropdown
and range check with an input prompt and an error alert in the sheet's language, the
assessors' column locked on the regions' copy, A4 print set-up with headings on every page,
and the results' rank and region code in separate columns, the code as text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import qualityassess as qa
from qualityassess import excel

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
HUBEI = [("420000", "湖北省")]
SELF, VERIFIED = "E", "F"
A4 = 9  # the paper size code of A4 in a worksheet's page set-up


def _plain(reference: str | None) -> str:
    return (reference or "").replace("$", "")


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
    return document


def _template(tmp_path: Path, **options: Any) -> Any:
    path = excel.write_template("cn-2013", tmp_path / "t.xlsx", regions=HUBEI, year=2019, **options)
    return openpyxl.load_workbook(path)["湖北省"]


def _id_column(sheet: Any) -> str:
    return next(c.column_letter for c in sheet[5] if str(c.value).startswith("代码"))


def _row_of(sheet: Any, leaf: str) -> int:
    column = _id_column(sheet)
    return next(r for r in range(6, sheet.max_row + 1) if sheet[f"{column}{r}"].value == leaf)


def _rows_with_values(sheet: Any) -> list[int]:
    """The rows of the points' input cells (a self-evaluation cell that is open)."""
    return [
        row
        for row in range(1, sheet.max_row + 1)
        if sheet[f"{SELF}{row}"].protection.locked is False and sheet[f"C{row}"].value is not None
    ]


# --- validations ---------------------------------------------------------------------------


def _check_validation_texts(sheet: Any, lang: str, ids: tuple[str, ...] = ()) -> None:
    """Every validation of ``sheet`` prompts and explains its refusal, in ``lang``; ``ids``:
    entries a dropdown offers as the scheme spells them, with no label in another language."""
    validations = sheet.data_validations.dataValidation
    assert validations, sheet.title
    for v in validations:
        assert v.showErrorMessage and v.showInputMessage and v.errorStyle == "stop"
        assert v.errorTitle and len(v.errorTitle) <= 32
        assert v.error and len(v.error) <= 255 and v.prompt and len(v.prompt) <= 255
        assert v.promptTitle and len(v.promptTitle) <= 32
        said = f"{v.errorTitle} {v.error} {v.promptTitle} {v.prompt}"
        assert "e+" not in said, said  # an open end of a range is never named as 1e+12
        if lang == "zh":  # Chinese, but for the date pattern and ids
            assert re.search(r"[\u4e00-\u9fff]", said)
            english = set(re.findall(r"[A-Za-z]{3,}", said)) - {"YYYY"}
            english -= set(re.findall(r"[A-Za-z]{3,}", " ".join(ids)))
            assert not english, (english, said)
        else:
            assert re.search(r"\b(Enter|Choose|number|date)\b", said), said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_validation_prompts_and_explains_its_refusal(tmp_path: Path, lang: str) -> None:
    sheet = _template(tmp_path, lang=lang)
    assert {v.type for v in sheet.data_validations.dataValidation} >= {
        "list",
        "decimal",
        "whole",
        "date",
    }
    _check_validation_texts(sheet, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_checklists_deductions_and_adjustments_prompt_too(
    tmp_path: Path, repo: Path, lang: str
) -> None:
    scheme = qa.Scheme.load(repo / "examples" / "schemes" / "fire-safety.json")
    path = excel.write_template(scheme, tmp_path / "f.xlsx", regions=HUBEI, year=2023, lang=lang)
    sheet = openpyxl.load_workbook(path)["湖北省"]
    # The scheme's incident severities are bare ids ("general", ...): offered as they are.
    _check_validation_texts(sheet, lang, tuple(scheme.to_dict()["incident_severities"]))
    prompts = " ".join(v.prompt for v in sheet.data_validations.dataValidation)
    assert ("达到、部分达到、未达到" if lang == "zh" else "达到 (met)") in prompts  # checklists
    assert ("不小于 0" if lang == "zh" else "at least 0") in prompts  # an amount of bonus


def test_an_open_ended_range_names_only_its_closed_end(tmp_path: Path) -> None:
    document = qa.Scheme.builtin("cn-2013").to_dict()
    document["id"] = "cn-2013-open-ranges"
    product = document["nodes"][0]["children"][0]["children"]
    del product[0]["rule"]["min_value"]  # at most 100
    del product[1]["rule"]["min_value"], product[1]["rule"]["max_value"]  # any number
    scheme = qa.Scheme.from_dict(document)
    path = excel.write_template(scheme, tmp_path / "o.xlsx", regions=HUBEI, year=2019)
    sheet = openpyxl.load_workbook(path)["湖北省"]
    _check_validation_texts(sheet, "zh")

    def check(leaf: str) -> Any:
        cell = f"{SELF}{_row_of(sheet, leaf)}"
        return next(v for v in sheet.data_validations.dataValidation if cell in v.sqref)

    at_most, anything = check(product[0]["id"]), check(product[1]["id"])
    assert at_most.prompt == "数值，不大于 100（单位：%）" and "不大于 100" in at_most.error
    assert anything.prompt == "数值（单位：%）" and anything.errorTitle == "须为数值"


def test_a_level_dropdown_names_the_levels_the_clerk_sees(tmp_path: Path) -> None:
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    zh, en = _template(tmp_path / "zh", lang="zh"), _template(tmp_path / "en", lang="en")
    row = _row_of(zh, "development_plan")
    level = next(v for v in zh.data_validations.dataValidation if f"{SELF}{row}" in v.sqref)
    assert level.type == "list"
    assert "优秀、良好" in level.error and "excellent" not in level.error
    english = next(v for v in en.data_validations.dataValidation if f"{SELF}{row}" in v.sqref)
    assert "优秀 (excellent)" in english.error and "Choose from the list" in english.prompt


def test_a_range_check_gives_its_range(tmp_path: Path) -> None:
    sheet = _template(tmp_path)
    row = _row_of(sheet, "manufacturing_pass_rate")
    check = next(v for v in sheet.data_validations.dataValidation if f"{SELF}{row}" in v.sqref)
    assert check.type == "decimal" and (check.formula1, check.formula2) == ("0", "100")
    assert check.errorTitle == "数值超出范围" and "0 至 100" in check.error
    assert check.prompt == "数值，0 至 100（单位：%）"  # the rule's unit: a rate in percent
    (tmp_path / "en").mkdir()
    english = _template(tmp_path / "en", lang="en")
    check = next(v for v in english.data_validations.dataValidation if f"{SELF}{row}" in v.sqref)
    assert check.prompt == "A number, 0 to 100 (in %)"


@pytest.mark.parametrize("assessors", [False, True])
def test_a_verified_cells_prompt_says_whose_it_is(tmp_path: Path, assessors: bool) -> None:
    sheet = _template(tmp_path, assessors=assessors)
    row = _row_of(sheet, "development_plan")
    own = next(v for v in sheet.data_validations.dataValidation if f"{SELF}{row}" in v.sqref)
    verified = next(
        v for v in sheet.data_validations.dataValidation if f"{VERIFIED}{row}" in v.sqref
    )
    assert verified.type == own.type == "list" and verified.formula1 == own.formula1
    if assessors:  # their own column: the same check and prompt as any input cell
        assert verified is own
    else:  # locked for the region, which is told so; the check stays for the office
        assert verified.promptTitle == "考核组填写" and "已锁定" in verified.prompt
        assert own.promptTitle == "填写说明" and "考核组" not in own.prompt


# --- protection ----------------------------------------------------------------------------


def test_the_assessors_column_is_locked_on_the_regions_copy(tmp_path: Path) -> None:
    sheet = _template(tmp_path)
    assert sheet.protection.sheet is True
    rows = _rows_with_values(sheet)
    assert len(rows) > 20
    for row in rows:
        assert sheet[f"{SELF}{row}"].protection.locked is False  # the region's own cells
        assert sheet[f"{VERIFIED}{row}"].protection.locked is True, row  # the assessors'
    assert "考核组" in str(sheet[f"{VERIFIED}5"].value)
    # Checklist items and deduction kinds too: every cell of the points' verified column.
    column = [sheet[f"{VERIFIED}{r}"] for r in range(6, rows[-1] + 1)]
    assert all(cell.protection.locked for cell in column)


def _cell_map(workbook: Any) -> list[tuple[str, str, str]]:
    """(sheet, cell, JSON Pointer) of every value the template's hidden metadata maps."""
    rows = workbook[excel.META_SHEET].iter_rows(values_only=True)
    return [(str(r[1]), str(r[2]), str(r[3])) for r in rows if r[0] == "cell"]


def _incident_cells(workbook: Any, title: str) -> set[str]:
    rows = workbook[excel.META_SHEET].iter_rows(values_only=True)
    first, last = next((r[2], r[3]) for r in rows if r[0] == "incidents" and r[1] == title)
    return {f"{column}{row}" for row in range(first, last + 1) for column in "ABCDEFG"}


@pytest.mark.parametrize("assessors", [False, True])
def test_only_the_cells_to_fill_are_open(tmp_path: Path, assessors: bool) -> None:
    """Each cell the reader reads is open but the assessors' on the regions' copy, and every
    other cell (headings, numbers, names, points, ids) is locked; no password anywhere."""
    regions = [*HUBEI, ("310000", "上海市")]
    path = excel.write_template(
        "cn-2013", tmp_path / "t.xlsx", regions=regions, year=2019, assessors=assessors
    )
    workbook = openpyxl.load_workbook(path)
    cells = _cell_map(workbook)
    assert {pointer.split("/")[1] for _, _, pointer in cells} == {
        "targets",
        "self_evaluation",
        "verification",
    }
    for title, ref, pointer in cells:
        expected = pointer.startswith("/verification/") and not assessors
        assert workbook[title][ref].protection.locked is expected, (title, ref, pointer)
    for title in ("湖北省", "上海市"):
        sheet = workbook[title]
        assert sheet.protection.sheet is True and not sheet.protection.password
        open_cells = {ref for t, ref, p in cells if t == title}
        if not assessors:
            open_cells -= {ref for t, ref, p in cells if p.startswith("/verification/")}
        open_cells |= _incident_cells(workbook, title)
        found = {
            cell.coordinate
            for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column)
            for cell in row
            if cell.protection.locked is False
        }
        assert found == open_cells, title
    assert workbook.security.lockStructure and not workbook.security.workbookPassword


def test_the_assessors_copy_opens_their_column(tmp_path: Path, sample: dict[str, Any]) -> None:
    sheet = _template(tmp_path, assessors=True)
    rows = _rows_with_values(sheet)
    assert all(sheet[f"{VERIFIED}{row}"].protection.locked is False for row in rows)
    assert sheet.protection.sheet is True  # the structure stays protected


def test_the_assessors_copy_reads_back(tmp_path: Path, sample: dict[str, Any]) -> None:
    submissions = sample["submissions"][:3]
    path = excel.write_template(
        "cn-2013", tmp_path / "a.xlsx", submissions=submissions, assessors=True
    )
    back = excel.read_submissions(path)
    assert [s["region"]["code"] for s in back] == [s["region"]["code"] for s in submissions]
    graded = qa.assess_many("cn-2013", back)
    assert [r.total for r in graded] == [r.total for r in qa.assess_many("cn-2013", submissions)]


# --- print set-up --------------------------------------------------------------------------


def _fits_one_page_wide(sheet: Any) -> bool:
    setup = sheet.page_setup
    return bool(
        sheet.sheet_properties.pageSetUpPr.fitToPage
        and int(setup.fitToWidth) == 1
        and int(setup.fitToHeight) == 0
    )


def test_region_sheets_print_on_a4_one_page_wide(tmp_path: Path) -> None:
    path = excel.write_template(
        "cn-2013", tmp_path / "t.xlsx", regions=[*HUBEI, ("310000", "上海市")], year=2019
    )
    workbook = openpyxl.load_workbook(path)
    for title in ("湖北省", "上海市"):
        sheet = workbook[title]
        assert int(sheet.page_setup.paperSize) == A4
        assert sheet.page_setup.orientation == "landscape"
        assert _fits_one_page_wide(sheet)
        assert _plain(sheet.print_title_rows) == "5:5"  # the column headings on every page
    instructions = workbook[excel.INSTRUCTIONS_SHEET]
    assert int(instructions.page_setup.paperSize) == A4
    assert _fits_one_page_wide(instructions)


# --- the results workbook ------------------------------------------------------------------


@pytest.fixture(scope="module")
def results_book(tmp_path_factory: pytest.TempPathFactory, sample: dict[str, Any]) -> Any:
    results = qa.assess_many("cn-2013", sample["submissions"])
    path = excel.write_results(results, tmp_path_factory.mktemp("r") / "results.xlsx", "zh")
    return openpyxl.load_workbook(path)


def test_rank_and_code_are_separate_and_read_as_such(results_book: Any) -> None:
    sheet = results_book["考核结果排名"]
    assert [sheet["A1"].value, sheet["B1"].value] == ["名次", "代码"]
    for row in range(2, 33):
        rank, code = sheet[f"A{row}"], sheet[f"B{row}"]
        assert isinstance(rank.value, int) and rank.alignment.horizontal == "center"
        assert rank.number_format == "0"
        assert isinstance(code.value, str) and re.fullmatch(r"\d{6}", code.value)
        assert code.data_type == "s" and code.number_format == "@"  # text, never a number
        assert code.alignment.horizontal == "left" and code.alignment.indent >= 1
    assert sheet["A2"].value == 1 and sheet["B2"].value == "440000"
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["B"].width
    assert int(sheet.page_setup.paperSize) == A4 and _fits_one_page_wide(sheet)
    assert _plain(sheet.print_title_rows) == "1:1"


def test_codes_are_text_on_every_results_sheet(results_book: Any) -> None:
    for sheet in results_book.worksheets[1:]:
        assert sheet["A1"].value == "代码", sheet.title
        for row in range(2, min(sheet.max_row, 40) + 1):
            cell = sheet[f"A{row}"]
            assert cell.data_type == "s" and cell.number_format == "@", (sheet.title, row)


def test_the_wide_points_sheet_prints_with_its_titles(results_book: Any) -> None:
    sheet = results_book["各项得分"] if "各项得分" in results_book else results_book.worksheets[1]
    assert sheet.max_column >= 30  # the 32-column sheet of the issue
    assert _plain(sheet.print_title_rows) == "1:1" and _plain(sheet.print_title_cols) == "A:B"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == A4
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage  # not shrunk to one page wide


def test_articles_in_the_workbooks_language(results_book: Any) -> None:
    sheet = next(s for s in results_book.worksheets if s["D1"].value == "条款")
    articles = {sheet[f"D{row}"].value for row in range(2, sheet.max_row + 1)}
    assert "第八条" in articles and not any("Art." in str(a) for a in articles)
