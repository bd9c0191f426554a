"""The workbooks on paper (issue 17), read back with openpyxl: A4, one page wide where a sheet
can be, the orientation its width needs, headings repeated on every page, the sheet's name in
the header and the page number in the footer in the workbook's language, print areas, header
rows tall enough for their wrapped labels; the results' columns as wide as their values. Where
LibreOffice is installed, a region sheet is converted to PDF and its pages counted."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import qualityassess as qa
from qualityassess import excel

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
REGIONS = [("420000", "湖北省"), ("310000", "上海市")]
A4 = 9  # the paper size code of A4 in a worksheet's page set-up
FOOTER = {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"}


def _plain(reference: str | None) -> str:
    return (reference or "").replace("$", "")


def _fits_one_page_wide(sheet: Any) -> bool:
    setup = sheet.page_setup
    return bool(
        sheet.sheet_properties.pageSetUpPr.fitToPage
        and int(setup.fitToWidth) == 1
        and int(setup.fitToHeight) == 0
    )


def _check_paper(sheet: Any, lang: str) -> None:
    """A4, the sheet's name in the header and the page number in the footer, in ``lang``."""
    assert int(sheet.page_setup.paperSize) == A4, sheet.title
    assert sheet.oddHeader.center.text == "&A", sheet.title
    assert sheet.oddFooter.center.text == FOOTER[lang], sheet.title


def _template(tmp_path: Path, lang: str = "zh", **options: Any) -> Any:
    path = excel.write_template(
        "cn-2013", tmp_path / f"t-{lang}.xlsx", regions=REGIONS, year=2019, lang=lang, **options
    )
    return openpyxl.load_workbook(path)


# --- the template --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_visible_template_sheet_prints_on_a4_with_header_and_footer(
    tmp_path: Path, lang: str
) -> None:
    workbook = _template(tmp_path, lang)
    visible = [s for s in workbook.worksheets if s.sheet_state == "visible"]
    assert [s.title for s in visible] == [excel.INSTRUCTIONS_SHEET, "湖北省", "上海市"]
    for sheet in visible:
        _check_paper(sheet, lang)
        assert _fits_one_page_wide(sheet), sheet.title
    assert workbook[excel.INSTRUCTIONS_SHEET].page_setup.orientation == "portrait"


def test_a_region_sheets_print_area_is_its_table(tmp_path: Path) -> None:
    """From the heading to the last incident row, across to the ids (errors name them)."""
    workbook = _template(tmp_path)
    meta = list(workbook[excel.META_SHEET].iter_rows(values_only=True))
    for title in ("湖北省", "上海市"):
        sheet = workbook[title]
        last_row = next(r[3] for r in meta if r[0] == "incidents" and r[1] == title)
        assert last_row == sheet.max_row
        id_column = next(c.column_letter for c in sheet[5] if str(c.value).startswith("代码"))
        assert id_column == openpyxl.utils.get_column_letter(sheet.max_column)
        assert _plain(sheet.print_area).split("!")[-1] == f"A1:{id_column}{last_row}"
        assert _plain(sheet.print_title_rows) == "5:5"
        assert sheet.page_setup.orientation == "landscape"


def test_header_rows_are_as_tall_as_their_wrapped_labels(tmp_path: Path) -> None:
    sheet = _template(tmp_path)["湖北省"]
    headings = [row for row in range(1, sheet.max_row + 1) if sheet[f"A{row}"].value in (
        "编号\nNo.",
        "编号\nId",
    )]  # fmt: skip
    assert len(headings) == 2  # the points' and the incidents' tables
    for row in headings:
        assert sheet.row_dimensions[row].height >= 30  # two lines (Chinese, then English)
    assert sheet.row_dimensions[6].height is None  # other rows keep the program's own


# --- the results workbook ------------------------------------------------------------------


@pytest.fixture(scope="module", params=["zh", "en"])
def results_book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    sample = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
    results = qa.assess_many("cn-2013", sample["submissions"])
    path = tmp_path_factory.mktemp("r") / f"results-{request.param}.xlsx"
    return request.param, openpyxl.load_workbook(excel.write_results(results, path, request.param))


def test_every_results_sheet_prints_with_its_headings(results_book: Any) -> None:
    lang, workbook = results_book
    assert len(workbook.worksheets) == 5
    for sheet in workbook.worksheets:
        _check_paper(sheet, lang)
        assert _plain(sheet.print_title_rows) == "1:1", sheet.title
        assert sheet.freeze_panes in ("A2", "C2"), sheet.title


def test_the_ranking_reads_rank_code_name_with_totals_to_two_decimals(results_book: Any) -> None:
    lang, workbook = results_book
    sheet = workbook.worksheets[0]
    w = {"zh": ("名次", "代码", "地区", "总分"), "en": ("Rank", "Code", "Region", "Total")}[lang]
    assert tuple(c.value for c in sheet[1][:4]) == w
    assert sheet.freeze_panes == "A2"  # the headings stay in view
    for row in range(2, sheet.max_row + 1):
        assert sheet[f"B{row}"].data_type == "s" and sheet[f"B{row}"].number_format == "@"
        # 86.0 is stored as 86: the format shows it as 86.00, like every other total.
        assert isinstance(sheet[f"D{row}"].value, (int, float))
        assert sheet[f"D{row}"].number_format == "0.00"
    # The region's name is wide enough for the longest (新疆维吾尔自治区: 16 columns).
    assert sheet.column_dimensions["C"].width >= 18
    assert sheet.page_setup.orientation == "portrait" and _fits_one_page_wide(sheet)


def test_the_wide_points_sheet_keeps_codes_and_names_in_view(results_book: Any) -> None:
    _, workbook = results_book
    sheet = workbook.worksheets[1]
    assert sheet.max_column >= 30
    assert sheet.freeze_panes == "C2"  # codes and names beside every node column on screen
    assert _plain(sheet.print_title_cols) == "A:B"  # and on every printed page
    assert sheet.page_setup.orientation == "landscape"
    node_columns = [openpyxl.utils.get_column_letter(c) for c in range(5, sheet.max_column + 1)]
    # Node columns hold numbers: narrow, their long headings wrapping over more lines.
    assert all(sheet.column_dimensions[c].width <= 14 for c in node_columns)
    assert sheet.row_dimensions[1].height >= 30
    assert all(sheet[f"{c}2"].number_format == "0.00" for c in ["C", *node_columns])


def test_long_texts_wrap_on_a_landscape_page(results_book: Any) -> None:
    _, workbook = results_book
    sheet = workbook.worksheets[4]  # the consequences (Art. 8), one long text per row
    assert sheet.max_row > 1
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.column_dimensions[last].width == 60
    wrapped = [sheet[f"{last}{r}"].alignment.wrap_text for r in range(2, sheet.max_row + 1)]
    assert any(wrapped)
    assert sheet.page_setup.orientation == "landscape" and _fits_one_page_wide(sheet)


# --- on paper, where LibreOffice is installed ----------------------------------------------


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """The (width, height) in points of each page of an uncompressed-object PDF (LibreOffice
    writes its page objects as plain dictionaries); a page without its own /MediaBox has its
    page tree's."""
    box = rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]"
    objects = re.findall(rb"\d+\s+\d+\s+obj\b(.*?)\bendobj", pdf, re.S)
    trees = [re.search(box, o) for o in objects if re.search(rb"/Type\s*/Pages\b", o)]
    inherited = next((found for found in trees if found), None)
    sizes = []
    for content in objects:
        if not re.search(rb"/Type\s*/Page(?![a-zA-Z])", content):
            continue
        found = re.search(box, content) or inherited
        assert found is not None, "a page without a /MediaBox"
        x0, y0, x1, y1 = (float(v) for v in found.groups())
        sizes.append((x1 - x0, y1 - y0))
    return sizes


# Skipped where LibreOffice is not installed, except under CI, whose set-up (scripts/setup.sh)
# installs it: there a missing soffice is a failure, not a skip.
@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) not installed",
)
def test_a_region_sheet_prints_one_page_wide_on_a4_landscape(tmp_path: Path) -> None:
    workbook = _template(tmp_path)
    # Only the region's sheet on paper: the others hidden (LibreOffice prints visible sheets).
    region = workbook["湖北省"]
    workbook.active = workbook.worksheets.index(region)
    for sheet in workbook.worksheets:
        if sheet is not region:
            sheet.sheet_state = "hidden"
    path = tmp_path / "region.xlsx"
    workbook.save(path)
    profile = (tmp_path / "lo-profile").as_uri()  # never the user's LibreOffice profile
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(path)]
    subprocess.run(command, check=True, timeout=180, capture_output=True)
    pages = _pdf_pages((tmp_path / "region.pdf").read_bytes())
    # cn-2013's sheet (41 rows, 8 columns) fitted one page wide is at most two pages tall;
    # unfitted, its columns alone took two pages across at full size.
    assert 1 <= len(pages) <= 2, pages
    for width, height in pages:  # A4 landscape: 842 x 595 points
        assert abs(width - 842) < 3 and abs(height - 595) < 3, (width, height)
