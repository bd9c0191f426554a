"""What the reader of a filled template refuses in the file, its hidden ``_meta`` sheet and its
region sheets, each problem worded once in English and in Chinese (``InputError.issues`` and
``.issues_zh``; docs/contracts.md, "Errors"), as :mod:`qualityassess.io._table_problems` words
a table's. The English is what programs match on and does not change; the Chinese is what a
考核办 clerk reads under ``--lang zh`` (the command line's default). Sheet names, cell
references (``_meta!B4``, ``湖北省!E12``), numbers, ids and the values shown stay as they are.

The problems of the values in the cells are the core's, worded by it in both languages (as for
a submission); only the reader's own are here."""

from __future__ import annotations

from ..._errors import InputError, input_error
from .._table_problems import Wording
from ._shared import META_SHEET

__all__ = ["Wording", "located_error"]


def located_error(heading: str, problems: list[tuple[str, Wording]]) -> InputError:
    """An InputError listing ``problems`` (place, wording): ``issues`` in English,
    ``issues_zh`` in Chinese."""
    return input_error(
        heading,
        [(place, wording.en) for place, wording in problems],
        [(place, wording.zh) for place, wording in problems],
    )


# ---- the file ---------------------------------------------------------------------------------

GREW = Wording("it grew while read", "读取过程中文件仍在增大")


def too_large(limit: int, size: int | None) -> Wording:
    """A file over ``limit`` bytes: ``size`` its size, or None when it grew while read."""
    shown = Wording(f"{size:,} bytes", f"{size:,} 字节") if size is not None else GREW
    return Wording(
        f"larger than the limit of {limit:,} bytes ({shown.en})",
        f"超过 {limit:,} 字节的上限（{shown.zh}）",
    )


def zip_over_limits(parts: int, inflated: int, max_parts: int, max_inflated: int) -> Wording:
    """A zip directory over the limits of its members' number or their unpacked size."""
    return Wording(
        f"{parts:,} parts, {inflated:,} bytes unpacked: the limits are {max_parts:,} parts and "
        f"{max_inflated:,} bytes (a zip bomb, or not a template)",
        f"共 {parts:,} 个组成部分，解压后 {inflated:,} 字节：上限为 {max_parts:,} 个组成部分、"
        f"{max_inflated:,} 字节（可能是恶意压缩文件，或并非考核模板）",
    )


def _cause(error: BaseException) -> str:
    """The technical cause, as the library gives it (in English in both wordings)."""
    return f"{type(error).__name__}: {error}"


def not_xlsx(error: BaseException) -> Wording:
    """A file that is not an Excel workbook (openpyxl's or zipfile's ``error``)."""
    return Wording(
        f"cannot be read as .xlsx ({_cause(error)})",
        f"无法作为 Excel 工作簿（.xlsx）读取（{_cause(error)}）",
    )


def sheet_unreadable(error: BaseException) -> Wording:
    """A sheet whose XML is damaged."""
    return Wording(
        f"the sheet cannot be read ({_cause(error)})",
        f"该工作表已损坏，无法读取（{_cause(error)}）",
    )


# ---- the _meta sheet --------------------------------------------------------------------------

NO_META = Wording(
    f"no '{META_SHEET}' sheet: write templates with write_template",
    f"缺少 '{META_SHEET}' 工作表（模板元数据）：请使用 write_template 生成的考核模板",
)
EXTRA_META_ROW = Wording(
    "a row write_template does not write: the metadata was edited",
    "此行不是 write_template 写入的内容：模板元数据已被改动",
)


def unknown_format(shown: str) -> Wording:
    """The template format ``_meta!B1`` names (``shown``: the value as the message shows it);
    the English is the value alone, under the heading "unknown template format"."""
    return Wording(shown, f"无法识别的模板格式 {shown}")


def key_expected(key: str, shown: str) -> Wording:
    """A ``_meta`` row whose first cell is not ``key``."""
    return Wording(f"'{key}' expected, not {shown}", f"此处应为 '{key}'，而不是 {shown}")


def not_text(shown: str) -> Wording:
    return Wording(f"must be text, not {shown}", f"应为文字，而不是 {shown}")


def not_whole(shown: str) -> Wording:
    return Wording(f"must be a whole number, not {shown}", f"应为整数，而不是 {shown}")


def too_many_scheme_parts(limit: int) -> Wording:
    return Wording(
        f"more than {limit:,} parts of the stored scheme",
        f"存储的考核方案超过 {limit:,} 段",
    )


def too_many_regions(limit: int) -> Wording:
    return Wording(f"more than {limit:,} regions, the limit", f"地区数超过上限 {limit:,} 个")


def incident_rows(count: int, limit: int) -> Wording:
    """A region's number of incident rows outside 0..``limit``."""
    return Wording(
        f"{count:,} incident rows: from 0 to {limit:,}, the limit (the most incidents one "
        "submission may have)",
        f"事件行数为 {count:,}：应在 0 到 {limit:,} 之间（{limit:,} 为一份材料最多可填报的事件数）",
    )


def altered(found: str, expected: str) -> Wording:
    """A ``_meta`` cell that is not what write_template writes (both values as shown)."""
    return Wording(
        f"{found} where write_template writes {expected} for this scheme and these regions: the "
        "template's metadata was edited",
        f"此处为 {found}，而 write_template 为该考核方案和这些地区写入的是 {expected}：模板"
        "元数据已被改动",
    )


# ---- the region sheets ------------------------------------------------------------------------


def sheet_missing(code: str) -> Wording:
    return Wording(f"the sheet of region {code} is missing", f"缺少地区 {code} 的工作表")


# What a sheet's heading names, by its row (A1, A2, A3).
HEADING_ROWS = (
    Wording("region", "地区"),
    Wording("assessment year", "考核年度"),
    Wording("scheme", "考核方案"),
)


def heading_differs(found: str, what: Wording, expected: str) -> Wording:
    """A sheet's heading cell that does not name the region, year or scheme (``what``, one of
    HEADING_ROWS) ``_meta`` gives the sheet (both values as shown)."""
    return Wording(
        f"the heading is {found}, but the template's metadata gives this sheet the {what.en} "
        f"{expected}: sheets were renamed or the heading edited",
        f"表头为 {found}，但模板元数据中该工作表的{what.zh}为 {expected}：工作表被改名，"
        "或表头被改动",
    )


def no_saved_value(formula: str) -> Wording:
    """A formula saved without its value (written by a program, never opened in Excel)."""
    return Wording(
        f"the formula {formula} has no saved value: type the value, or open and save the "
        "workbook in Excel",
        f"公式 {formula} 没有保存的计算结果：请直接填写数值，或用 Excel 打开该工作簿并保存",
    )
