"""How the workbooks print (issue 17): A4, portrait or landscape by the width of the columns,
one page wide where the sheet can be, headings repeated on every page, the sheet's name in the
header and the page number in the footer; and header rows tall enough for their wrapped text.
Shared by the template and the results workbook."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

# Column widths (Excel's unit: one "0" of the default font) that fit across A4 portrait at
# 100% within the margins below; wider sheets print landscape.
PORTRAIT_WIDTH = 100
# Points per line of the default 11-point font, as Excel and LibreOffice space it.
LINE_HEIGHT = 15.0

# "&A" is the sheet's name, "&P" the page and "&N" the number of pages (Excel's header codes).
_FOOTER = {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"}


def print_setup(
    sheet: Worksheet,
    lang: str,
    *,
    landscape: bool | None = None,
    fit_width: bool = True,
    title_rows: str | None = None,
    title_columns: str | None = None,
    area: str | None = None,
) -> None:
    """A4; ``landscape`` (None: when the columns are wider than a portrait page);
    ``fit_width``: one page wide, as many pages tall as it takes; the rows and columns
    ``title_rows``/``title_columns`` (e.g. "1:1", "A:B") repeated on every page; ``area``:
    the print area (e.g. "A1:I41"; None: what the sheet holds)."""
    if landscape is None:
        landscape = columns_width(sheet) > PORTRAIT_WIDTH
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=fit_width)
    if fit_width:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages tall as it takes
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    if area:
        sheet.print_area = area
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.print_options.horizontalCentered = True
    # A page that comes loose from the pile still says which sheet it is and where it goes.
    for item, text in ((sheet.oddHeader, "&A"), (sheet.oddFooter, _FOOTER[lang])):
        if item is not None:  # openpyxl makes both with the sheet; its types allow None
            item.center.text = text


def columns_width(sheet: Worksheet, last: int | None = None) -> float:
    """The width of columns A to ``last`` (default: the sheet's last), default widths too."""
    last = sheet.max_column if last is None else last
    default = sheet.sheet_format.defaultColWidth or 8.43
    total = 0.0
    for column in range(1, last + 1):
        dimension = sheet.column_dimensions.get(get_column_letter(column))
        total += dimension.width if dimension is not None and dimension.width else default
    return total


def text_width(text: str) -> int:
    """The width of a line of text in column-width units: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_row_height(sheet: Worksheet, row: int, columns: Iterable[int]) -> None:
    """Make ``row`` tall enough for its wrapped text in ``columns``. The height is stored
    rather than left to the program that opens the file, so a two-line heading shows whole
    wherever it is opened and printed."""
    lines = 1
    for column in columns:
        value = sheet.cell(row=row, column=column).value
        if not isinstance(value, str) or not value:
            continue
        dimension = sheet.column_dimensions.get(get_column_letter(column))
        width = max(1.0, (dimension.width if dimension is not None and dimension.width else 8.43))
        # A little under the column's width: the cell's padding.
        usable = max(1.0, width - 1)
        lines = max(
            lines,
            sum(max(1, math.ceil(text_width(line) / usable)) for line in value.split("\n")),
        )
    sheet.row_dimensions[row].height = LINE_HEIGHT * lines
