"""What the template's writer and reader share: the format, the sheets' names and columns, the
cell styles and the regions a template is made for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import quote_sheetname

if TYPE_CHECKING:
    pass


TEMPLATE_FORMAT = "qualityassess-template/1"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
INSTRUCTIONS_SHEET = "说明 Instructions"
# Excel keeps at most 32,767 characters in a cell; the scheme document is split into chunks.
SCHEME_CHUNK = 30_000
INCIDENT_ROWS = 5

RegionLike = str | tuple[str, str] | Mapping[str, Any]

# Columns of a region sheet.
COL_NUMBER, COL_NAME, COL_POINTS, COL_TARGET, COL_SELF, COL_VERIFIED = 1, 2, 3, 4, 5, 6
SECTION_COLUMNS = {"targets": COL_TARGET, "self_evaluation": COL_SELF, "verification": COL_VERIFIED}
# Columns of the incidents table on a region sheet, in order from column A.
INCIDENT_COLUMNS: tuple[str, ...] = ("id", "summary", "date", "scope", "severity", "deaths")
INCIDENT_COLUMNS += ("reported_in_self_evaluation",)

HEADER_FILL = PatternFill("solid", fgColor="1565C0")
BRANCH_FILL = PatternFill("solid", fgColor="E4EBF1")
FIXED_FILL = PatternFill("solid", fgColor="F0F0F0")
INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
ASSESSOR_FILL = PatternFill("solid", fgColor="E8EEF5")  # the assessors' cells, locked for regions
HEADER_FONT = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
GREY = Font(color="808080", size=9)
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")

TRUE_FALSE = ("是", "否", "true", "false")


def _put(cell: Any, value: Any) -> Any:
    """Write a value; text is always text: a string starting with '=', '+', '-' or '@' must
    never become a formula (openpyxl would take '=...' for one)."""
    if value is None or value == "":
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _sheet_ref(title: str) -> str:
    """A sheet's name as Excel writes it in a reference: quoted unless plain."""
    plain = all(ch.isalnum() or ch == "_" for ch in title)
    return title if plain else quote_sheetname(title)


# --- regions and sheet titles -------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    code: str
    name: str


def _region(spec: RegionLike) -> Region:
    if isinstance(spec, str):
        return Region(spec, "")
    if isinstance(spec, Mapping):
        return Region(str(spec.get("code", "")), str(spec.get("name", "")))
    code, name = spec
    return Region(str(code), str(name))


_FORBIDDEN_IN_TITLES = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_titles(regions: Sequence[Region]) -> list[str]:
    """Sheet titles: the region's name (Excel's rules: at most 31 characters, none of
    []:*?/\\, unique regardless of case)."""
    taken = {META_SHEET.lower(), LISTS_SHEET.lower(), INSTRUCTIONS_SHEET.lower()}
    titles = []
    for region in regions:
        base = (region.name or region.code).translate(_FORBIDDEN_IN_TITLES).strip("'")[:31]
        title, n = base or "region", 2
        while title.lower() in taken:
            suffix = f" ({n})"
            title, n = base[: 31 - len(suffix)] + suffix, n + 1
        taken.add(title.lower())
        titles.append(title)
    return titles
