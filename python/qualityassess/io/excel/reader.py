"""Excel round trip with openpyxl: the workbook regions fill in, reading it back, and the
results as a formatted workbook.

    qa.excel.write_template(scheme, "2019.xlsx", regions=[("420000", "湖北省")], year=2019)
    submissions = qa.excel.read_submissions("2019.xlsx")      # every bad cell named at once
    qa.excel.write_results(qa.assess_many(scheme, submissions), "results.xlsx")

A template has an instruction sheet (Chinese and English), one sheet per region (named after
the region) listing the scheme's points with their maximum, cells for the filed targets, the
self-evaluation, the verified values (and last year's values where a rule compares with them),
the bonus and penalty items and the incidents, with dropdowns and range checks, and a hidden
metadata sheet (scheme, year, regions, and which cell holds which value) so that reading back
never guesses. Values read back are checked by the core; problems name sheet and cell
(``湖北省!E12: 'superb' is not a level of development_plan (...)``)."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from . import _core
from ._errors import InputError, issues_of
from ._files import PathLike, atomic_path
from ._html import article_text
from ._i18n import check_lang, effect_text, finding_kind, text, words
from ._inputs import (
    CHECKLIST_STATES,
    MISSING,
    AdjustmentInput,
    LeafInput,
    SchemeInputs,
    convert_adjustment_value,
    convert_leaf_value,
    is_blank,
    scheme_inputs,
)
from ._issues import check_located, input_error, pointer
from ._scheme_choice import choose_scheme, stored_scheme_problem
from .assessment import Result, Submission
from .calendar import assessment_calendar
from .frame import incident_document, ranked
from .regions import rollup_table
from .scheme import Scheme

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_scheme", "read_submissions", "write_results", "write_template"]

TEMPLATE_FORMAT = "qualityassess-template/1"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
INSTRUCTIONS_SHEET = "说明 Instructions"
# Excel keeps at most 32,767 characters in a cell; the scheme document is split into chunks.
SCHEME_CHUNK = 30_000
INCIDENT_ROWS = 5

RegionLike = Union[str, tuple[str, str], Mapping[str, Any]]

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


# --- writing a template -------------------------------------------------------------------


@dataclass
class _Lists:
    """Dropdown lists, kept as columns of a hidden sheet (inline lists are limited to 255
    characters and break on commas in labels)."""

    sheet: Worksheet
    ranges: dict[tuple[str, ...], str] = field(default_factory=dict)

    def formula(self, entries: Sequence[str]) -> str:
        key = tuple(dict.fromkeys(e for e in entries if e))  # unique, in order
        if key not in self.ranges:
            column = get_column_letter(len(self.ranges) + 1)
            for row, entry in enumerate(key, start=1):
                _put(self.sheet.cell(row=row, column=len(self.ranges) + 1), entry)
            self.ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${column}$1:${column}${len(key)}"
        return self.ranges[key]


# Validation texts, in the sheet's language: the title of the alert when a value is refused
# (Excel: at most 32 characters), its message and the input prompt (at most 255 each).
_VALIDATION_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "list_title": "请从列表中选择",
        "list_error": "只能填写列表中的一项：{entries}。请点单元格右侧的箭头选择。",
        "list_prompt": "从下拉列表中选择：{entries}",
        "decimal_title": "数值超出范围",
        "decimal_error": "请填写 {low} 至 {high} 之间的数值（不带单位或百分号）。",
        "decimal_prompt": "数值，{low} 至 {high}",
        "number_prompt": "数值，不小于 {low}",
        "number_error": "请填写不小于 {low} 的数值。",
        "whole_title": "须为整数",
        "whole_error": "请填写不小于 0 的整数（次数、人数）。",
        "whole_prompt": "整数，不小于 0",
        "date_title": "日期无效",
        "date_error": "请填写日期，格式为 YYYY-MM-DD（例如 2019-06-30）。",
        "date_prompt": "日期，格式 YYYY-MM-DD",
        "prompt_title": "填写说明",
    },
    "en": {
        "list_title": "Choose from the list",
        "list_error": "Only an entry of the list is accepted: {entries}. Use the arrow at the "
        "right of the cell.",
        "list_prompt": "Choose from the list: {entries}",
        "decimal_title": "Number out of range",
        "decimal_error": "Enter a number from {low} to {high} (no unit, no % sign).",
        "decimal_prompt": "A number, {low} to {high}",
        "number_prompt": "A number, at least {low}",
        "number_error": "Enter a number of at least {low}.",
        "whole_title": "A whole number",
        "whole_error": "Enter a whole number of 0 or more (a count).",
        "whole_prompt": "A whole number, 0 or more",
        "date_title": "Not a date",
        "date_error": "Enter a date as YYYY-MM-DD (e.g. 2019-06-30).",
        "date_prompt": "A date, YYYY-MM-DD",
        "prompt_title": "How to fill",
    },
}


def _choice_names(pairs: Iterable[tuple[str, str]], lang: str) -> list[str]:
    """A dropdown's entries as its messages name them: the Chinese label the dropdown shows
    (优秀), with the id also accepted beside it on an English sheet (优秀 (excellent))."""
    return [zh if lang == "zh" or zh == id_ else f"{zh} ({id_})" for zh, id_ in pairs]


YES_NO_PAIRS = (("是", "true"), ("否", "false"))


def _shorten(text_: str, limit: int) -> str:
    return text_ if len(text_) <= limit else text_[: limit - 1] + "…"


@dataclass
class _Validations:
    """One DataValidation per distinct rule on a sheet, collecting the cells it covers. Each
    has an input prompt and an error alert (title and message) in the sheet's language."""

    sheet: Worksheet
    lists: _Lists
    lang: str = "zh"
    made: dict[tuple[Any, ...], DataValidation] = field(default_factory=dict)

    def _get(
        self, key: tuple[Any, ...], title: str, error: str, prompt: str, **options: Any
    ) -> DataValidation:
        if key not in self.made:
            says = _VALIDATION_TEXT[self.lang]
            validation = DataValidation(
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle=_shorten(title, 32),
                error=_shorten(error, 255),
                showInputMessage=True,
                promptTitle=_shorten(says["prompt_title"], 32),
                prompt=_shorten(prompt, 255),
                **options,
            )
            self.sheet.add_data_validation(validation)
            self.made[key] = validation
        return self.made[key]

    def choose(self, cell: str, entries: Sequence[str], shown: Sequence[str] = ()) -> None:
        """A dropdown of ``entries``; ``shown``: those the messages name (default: all)."""
        formula = self.lists.formula(entries)
        says = _VALIDATION_TEXT[self.lang]
        named = "、" if self.lang == "zh" else ", "
        listed = named.join(dict.fromkeys(shown or entries))
        self._get(
            ("list", formula),
            says["list_title"],
            says["list_error"].format(entries=listed),
            says["list_prompt"].format(entries=listed),
            type="list",
            formula1=formula,
        ).add(cell)

    def decimal(self, cell: str, low: float | None, high: float | None) -> None:
        says = _VALIDATION_TEXT[self.lang]
        if high is None:
            shown_low = f"{0 if low is None else low:g}"
            error = says["number_error"].format(low=shown_low)
            prompt = says["number_prompt"].format(low=shown_low)
        else:
            shown = {"low": f"{-1e12 if low is None else low:g}", "high": f"{high:g}"}
            error, prompt = (
                says["decimal_error"].format(**shown),
                says["decimal_prompt"].format(**shown),
            )
        low = -1e12 if low is None else low
        high = 1e12 if high is None else high
        self._get(
            ("decimal", low, high),
            says["decimal_title"],
            error,
            prompt,
            type="decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
        ).add(cell)

    def whole(self, cell: str) -> None:
        says = _VALIDATION_TEXT[self.lang]
        self._get(
            ("whole",),
            says["whole_title"],
            says["whole_error"],
            says["whole_prompt"],
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
        ).add(cell)

    def date(self, cell: str) -> None:
        says = _VALIDATION_TEXT[self.lang]
        self._get(
            ("date",),
            says["date_title"],
            says["date_error"],
            says["date_prompt"],
            type="date",
            operator="greaterThan",
            formula1="1",
        ).add(cell)


@dataclass
class _Map:
    """Which cell holds which value: rows of the hidden metadata sheet."""

    cells: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    incidents: list[tuple[str, int, int]] = field(default_factory=list)

    def add(self, sheet: str, cell: str, path: str, kind: str, owner: str) -> None:
        self.cells.append((sheet, cell, path, kind, owner))


def _level_entries(leaf: LeafInput) -> list[str]:
    return [level.zh for level in leaf.levels] + [level.id for level in leaf.levels]


def _value_note(leaf: LeafInput, lang: str) -> str:
    zh = lang == "zh"
    if leaf.rule == "levels":
        return "/".join(level.label(lang) for level in leaf.levels)
    if leaf.rule in ("target", "direct"):
        low, high = leaf.value_range
        span = f"{'' if low is None else f'{low:g}'} – {'' if high is None else f'{high:g}'}"
        return f"{'数值' if zh else 'number'} {span}".strip()
    if leaf.rule == "boolean":
        return "是/否" if zh else "yes/no (是/否)"
    if leaf.rule == "checklist":
        return "逐项填写：达到/部分达到/未达到" if zh else "per item: met / partly met / not met"
    if leaf.rule == "deduction":
        return "逐项填写发生次数" if zh else "per kind: number of occurrences"
    return ""


def _write_value_cell(
    sheet: Worksheet,
    row: int,
    column: int,
    leaf: LeafInput,
    validations: _Validations,
    item: bool,
    locked: bool = False,
) -> str:
    """An input cell with its check; ``locked``: another party's (the assessors' verified
    value on a region's template), kept locked by the sheet's protection."""
    cell = sheet.cell(row=row, column=column)
    if locked:
        cell.fill = ASSESSOR_FILL
    else:
        cell.protection = UNLOCKED
        cell.fill = INPUT_FILL
    ref = cell.coordinate
    if item and leaf.rule == "checklist":
        states = [zh for _, zh, _ in CHECKLIST_STATES] + [s for s, _, _ in CHECKLIST_STATES]
        pairs = [(zh, state) for state, zh, _ in CHECKLIST_STATES]
        validations.choose(ref, states, _choice_names(pairs, validations.lang))
    elif item:
        validations.whole(ref)
    elif leaf.rule == "levels":
        pairs = [(level.zh, level.id) for level in leaf.levels]
        validations.choose(ref, _level_entries(leaf), _choice_names(pairs, validations.lang))
    elif leaf.rule == "boolean":
        validations.choose(ref, TRUE_FALSE, _choice_names(YES_NO_PAIRS, validations.lang))
    elif leaf.rule in ("target", "direct"):
        validations.decimal(ref, *leaf.value_range)
    return ref


def _grey(cell: Any) -> None:
    cell.fill = FIXED_FILL


@dataclass
class _Sheet:
    """Writes one region's sheet, row by row."""

    sheet: Worksheet
    title: str
    inputs: SchemeInputs
    validations: _Validations
    cell_map: _Map
    lang: str
    columns: dict[str, int]
    row: int = 1
    assessors: bool = False  # the verification cells are open (the assessors' copy)

    def _locked(self, section: str) -> bool:
        return section == "verification" and not self.assessors

    def header(self, labels: Sequence[tuple[int, str]]) -> None:
        for column, label in labels:
            cell = _put(self.sheet.cell(row=self.row, column=column), label)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        self.row += 1

    def label_row(self, number: str, name: str, points: float | str | None, depth: int) -> None:
        _put(self.sheet.cell(row=self.row, column=COL_NUMBER), number)
        name_cell = _put(self.sheet.cell(row=self.row, column=COL_NAME), name)
        name_cell.alignment = Alignment(indent=depth, wrap_text=True, vertical="top")
        if points is not None:
            points_cell = self.sheet.cell(row=self.row, column=COL_POINTS)
            _put(points_cell, points)
            if isinstance(points, float):
                points_cell.number_format = "0.0#"

    def branch(self, node: Mapping[str, Any]) -> None:
        self.label_row(node["number"], text(node["name"], self.lang), node["points"], node["depth"])
        for column in range(1, self.columns["last"] + 1):
            cell = self.sheet.cell(row=self.row, column=column)
            cell.fill, cell.font = BRANCH_FILL, BOLD
        self.row += 1

    def leaf(self, leaf: LeafInput, depth: int) -> None:
        self.label_row(leaf.number, leaf.name.label(self.lang), leaf.points, depth)
        if leaf.computed:
            self._computed_row(leaf)
            return
        note = _value_note(leaf, self.lang)
        _put(self.sheet.cell(row=self.row, column=self.columns["note"]), note)
        _put(self.sheet.cell(row=self.row, column=self.columns["id"]), leaf.id).font = GREY
        self._target_cell(leaf)
        if leaf.items or leaf.kinds:
            for column in (COL_SELF, COL_VERIFIED):
                _grey(self.sheet.cell(row=self.row, column=column))
            self.row += 1
            for part in leaf.items or leaf.kinds:
                self._part_row(leaf, part.id, part.label(self.lang), part.points, depth + 1)
            return
        for section in ("self_evaluation", "verification"):
            ref = _write_value_cell(
                self.sheet, self.row, SECTION_COLUMNS[section], leaf, self.validations, False,
                self._locked(section),
            )  # fmt: skip
            self.cell_map.add(self.title, ref, pointer(section, leaf.id), "leaf", leaf.id)
        if "previous" in self.columns and leaf.takes_previous:
            ref = _write_value_cell(
                self.sheet, self.row, self.columns["previous"], leaf, self.validations, False
            )
            self.cell_map.add(self.title, ref, pointer("previous", leaf.id), "leaf", leaf.id)
        elif "previous" in self.columns:
            _grey(self.sheet.cell(row=self.row, column=self.columns["previous"]))
        self.row += 1

    def _computed_row(self, leaf: LeafInput) -> None:
        """A point computed from the level below (Art. 10): shown, with no input cell."""
        note = (
            "由下级考核结果计算，不填报"
            if self.lang == "zh"
            else "computed from the results of the level below; not filed"
        )
        _put(self.sheet.cell(row=self.row, column=self.columns["note"]), note)
        _put(self.sheet.cell(row=self.row, column=self.columns["id"]), leaf.id).font = GREY
        for column in SECTION_COLUMNS.values():
            _grey(self.sheet.cell(row=self.row, column=column))
        if "previous" in self.columns:
            _grey(self.sheet.cell(row=self.row, column=self.columns["previous"]))
        self.row += 1

    def _target_cell(self, leaf: LeafInput) -> None:
        cell = self.sheet.cell(row=self.row, column=COL_TARGET)
        if leaf.takes_target:
            ref = _write_value_cell(self.sheet, self.row, COL_TARGET, leaf, self.validations, False)
            self.cell_map.add(self.title, ref, pointer("targets", leaf.id), "leaf", leaf.id)
        else:
            _grey(cell)
            if leaf.fixed_target is not None:
                _put(cell, leaf.fixed_target)

    def _part_row(
        self, leaf: LeafInput, part: str, name: str, points: float | None, depth: int
    ) -> None:
        shown = None
        if points is not None:
            shown = points if leaf.rule == "checklist" else f"-{points:g}/次"
        self.label_row("", f"· {name}", shown, depth)
        _put(self.sheet.cell(row=self.row, column=self.columns["id"]), part).font = GREY
        _grey(self.sheet.cell(row=self.row, column=COL_TARGET))
        for section in ("self_evaluation", "verification"):
            ref = _write_value_cell(
                self.sheet, self.row, SECTION_COLUMNS[section], leaf, self.validations, True,
                self._locked(section),
            )  # fmt: skip
            self.cell_map.add(self.title, ref, pointer(section, leaf.id, part), "item", leaf.id)
        self.row += 1

    def adjustment(self, adjustment: AdjustmentInput) -> None:
        w = words(self.lang)
        self.label_row("", adjustment.name.label(self.lang), f"≤ {adjustment.cap:g}", 0)
        _put(self.sheet.cell(row=self.row, column=COL_TARGET), w[adjustment.kind])
        cell = self.sheet.cell(row=self.row, column=COL_SELF)
        cell.protection, cell.fill = UNLOCKED, INPUT_FILL
        if adjustment.input == "boolean":
            yes_no = _choice_names(YES_NO_PAIRS, self.lang)
            self.validations.choose(cell.coordinate, TRUE_FALSE, yes_no)
        elif adjustment.input == "count":
            self.validations.whole(cell.coordinate)
        else:
            self.validations.decimal(cell.coordinate, 0, None)
        _put(self.sheet.cell(row=self.row, column=self.columns["id"]), adjustment.id).font = GREY
        path = pointer("adjustments", adjustment.id)
        self.cell_map.add(self.title, cell.coordinate, path, "adjustment", adjustment.id)
        self.row += 1

    def incident_rows(self, prefilled: Sequence[Mapping[str, Any]], count: int) -> None:
        first = self.row
        scopes = [s.zh for s in self.inputs.scopes] + [s.id for s in self.inputs.scopes]
        for offset in range(max(count, len(prefilled))):
            incident = prefilled[offset] if offset < len(prefilled) else {}
            for column, name in enumerate(INCIDENT_COLUMNS, start=1):
                cell = self.sheet.cell(row=self.row, column=column)
                cell.protection, cell.fill = UNLOCKED, INPUT_FILL
                value = incident.get(name)
                if name == "reported_in_self_evaluation" and isinstance(value, bool):
                    value = "是" if value else "否"
                if value is not None:
                    _put(cell, value)
                ref = cell.coordinate
                if name == "date":
                    self.validations.date(ref)
                    cell.number_format = "yyyy-mm-dd"
                elif name == "scope" and scopes:
                    pairs = [(scope.zh, scope.id) for scope in self.inputs.scopes]
                    self.validations.choose(ref, scopes, _choice_names(pairs, self.lang))
                elif name == "severity" and self.inputs.severities:
                    self.validations.choose(ref, self.inputs.severities)
                elif name == "deaths":
                    self.validations.whole(ref)
                elif name == "reported_in_self_evaluation":
                    yes_no = _choice_names(YES_NO_PAIRS, self.lang)
                    self.validations.choose(ref, TRUE_FALSE, yes_no)
            self.row += 1
        self.cell_map.incidents.append((self.title, first, self.row - 1))


def _region_headers(lang: str, columns: dict[str, int]) -> list[tuple[int, str]]:
    headers = [
        (COL_NUMBER, "编号\nNo."),
        (COL_NAME, "考核内容\nIndicator"),
        (COL_POINTS, "分值\nPoints"),
        (COL_TARGET, "目标值\nTarget"),
        (COL_SELF, "自评值\nSelf-evaluation"),
        (COL_VERIFIED, "核查值（考核组填写）\nVerified (assessors)"),
        (columns["note"], "填写说明\nHow to fill"),
        (columns["id"], "代码\nId"),
    ]
    if "previous" in columns:
        headers.append((columns["previous"], "上年值\nLast year"))
    return sorted(headers)


def _known_value(submission: Mapping[str, Any], parts: Sequence[str], kind: str, rule: str) -> Any:
    """The value at ``parts`` of a submission as a cell shows it (None: leave the cell empty).
    For a checklist or deduction given as a whole, every item gets a cell value: items left out
    are not met, kinds left out occurred 0 times (so the workbook means what the JSON meant)."""
    value: Any = submission.get(parts[0], {})
    for part in parts[1:-1] if kind == "item" else parts[1:]:
        value = value.get(part) if isinstance(value, Mapping) else None
    if kind == "item":
        if isinstance(value, Mapping):
            value = value.get(parts[-1], "not_met" if rule == "checklist" else 0)
        elif not (rule == "deduction" and isinstance(value, int)):
            value = None  # a bare count fills the only kind of a deduction
        if isinstance(value, bool):
            value = "met" if value else "not_met"
    if isinstance(value, bool):
        return "是" if value else "否"
    return None if isinstance(value, (dict, list)) else value


def _prefill(
    sheet: Worksheet,
    cell_map: _Map,
    title: str,
    submission: Mapping[str, Any] | None,
    inputs: SchemeInputs,
) -> list[Mapping[str, Any]]:
    """Write a known submission's values into the cells mapped for them; return its incidents."""
    if not submission:
        return []
    for sheet_title, ref, path, kind, owner in cell_map.cells:
        if sheet_title != title:
            continue
        leaf = inputs.leaf(owner)
        parts = [p.replace("~1", "/").replace("~0", "~") for p in path.strip("/").split("/")]
        value = _known_value(submission, parts, kind, leaf.rule if leaf else "")
        if value is not None:
            _put(sheet[ref], value)
    return list(submission.get("incidents", []))


def _sheet_heading(region: Region, scheme: Scheme, year: int, lang: str) -> tuple[str, str, str]:
    """Cells A1:A3 of a region's sheet: the region, the year and the scheme, as the people
    filling it in see them. Reading back checks them against the metadata."""
    calendar = assessment_calendar(year)
    version = f" {scheme.version}" if scheme.version else ""
    return (
        f"{region.name}（{region.code}）{text(scheme.name, lang)}",
        f"考核年度 Assessment year {year}: {calendar['year_start']} – {calendar['year_end']}; "
        f"目标值报送截止 targets due {calendar['targets_due']}; "
        f"自评报送截止 self-evaluation due {calendar['self_evaluation_due']}",
        f"方案 Scheme: {scheme.id}{version}",
    )


def _print_setup(
    sheet: Worksheet,
    *,
    landscape: bool,
    fit_width: bool = True,
    title_rows: str | None = None,
    title_columns: str | None = None,
) -> None:
    """A4, ``fit_width``: one page wide (as many pages tall as it takes), the rows and
    columns ``title_rows``/``title_columns`` (e.g. "1:1", "A:B") repeated on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages tall as it takes
    else:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.print_options.horizontalCentered = True


def _write_region_sheet(
    workbook: Workbook,
    title: str,
    region: Region,
    scheme: Scheme,
    inputs: SchemeInputs,
    year: int,
    lists: _Lists,
    cell_map: _Map,
    submission: Mapping[str, Any] | None,
    incident_rows: int,
    lang: str,
    assessors: bool = False,
) -> None:
    sheet = workbook.create_sheet(title)
    columns = {"last": 0}
    next_column = COL_VERIFIED + 1
    if inputs.takes_previous:
        columns["previous"] = next_column
        next_column += 1
    columns["note"], columns["id"] = next_column, next_column + 1
    columns["last"] = columns["id"]
    writer = _Sheet(
        sheet, title, inputs, _Validations(sheet, lists, lang), cell_map, lang, columns,
        assessors=assessors,
    )  # fmt: skip
    for row, heading in enumerate(_sheet_heading(region, scheme, year, lang), start=1):
        _put(sheet.cell(row=row, column=1), heading)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    writer.row = 5
    header_row = writer.row
    writer.header(_region_headers(lang, columns))
    sheet.freeze_panes = sheet.cell(row=writer.row, column=COL_POINTS)
    leaves = {leaf.id: leaf for leaf in inputs.leaves}
    for node in scheme.nodes():
        if node["is_leaf"]:
            writer.leaf(leaves[node["id"]], node["depth"])
        else:
            writer.branch(node)
    if inputs.adjustments:
        writer.row += 1
        writer.header(
            [
                (COL_NAME, "加分与扣分项\nBonus and penalty"),
                (COL_POINTS, "上限\nCap"),
                (COL_TARGET, "类别\nKind"),
                (COL_SELF, "数值\nValue"),
            ]
        )
        for adjustment in inputs.adjustments:
            writer.adjustment(adjustment)
    writer.row += 1
    _put(sheet.cell(row=writer.row, column=1), "产品质量安全事件 Product quality safety incidents")
    sheet.cell(row=writer.row, column=1).font = BOLD
    writer.row += 1
    writer.header(
        list(
            enumerate(
                [
                    "编号\nId",
                    "概述\nSummary",
                    "日期\nDate",
                    "范围\nScope",
                    "严重程度\nSeverity",
                    "死亡人数\nDeaths",
                    "自评中已报告\nReported",
                ],
                start=1,
            )
        )
    )
    incidents = _prefill(sheet, cell_map, title, submission, inputs)
    writer.incident_rows(incidents, incident_rows)
    widths = {COL_NUMBER: 7, COL_NAME: 46, COL_POINTS: 10, COL_TARGET: 12, COL_SELF: 16}
    widths.update({COL_VERIFIED: 18, columns["note"]: 34, columns["id"]: 26})
    if "previous" in columns:
        widths[columns["previous"]] = 12
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    # Printed on A4 landscape, one page wide, the column headings on every page.
    _print_setup(sheet, landscape=True, title_rows=f"{header_row}:{header_row}")
    # Structure (ids, points, rows) cannot be edited by accident; input cells are unlocked,
    # but for the verified values on a region's copy (the assessors fill those in theirs).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_instructions(sheet: Worksheet, scheme: Scheme, inputs: SchemeInputs, year: int) -> None:
    levels = next((leaf.levels for leaf in inputs.leaves if leaf.levels), ())
    zh_levels = "、".join(f"{lv.zh}（{lv.id}）" for lv in levels) or "—"
    en_levels = ", ".join(f"{lv.id} ({lv.zh})" for lv in levels) or "—"
    _put(sheet["A1"], f"{text(scheme.name, 'zh')} · {year}")
    sheet["A1"].font = Font(bold=True, size=14)
    _put(sheet["A2"], f"{text(scheme.name, 'en')} · assessment year {year}")
    # The text lives in templates/excel_instructions.txt: "# " starts a heading.
    lines = resources.files("qualityassess").joinpath("templates", "excel_instructions.txt")
    for row, line in enumerate(lines.read_text(encoding="utf-8").splitlines(), start=4):
        heading = line.startswith("# ")
        content = line[2:] if heading else line
        cell = _put(sheet.cell(row=row, column=1), content.format(zh=zh_levels, en=en_levels))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = Font(bold=True, size=12)
    sheet.column_dimensions["A"].width = 120
    _print_setup(sheet, landscape=False)


def _write_meta(
    sheet: Worksheet,
    scheme: Scheme,
    year: int,
    regions: Sequence[Region],
    titles: Sequence[str],
    cell_map: _Map,
) -> None:
    rows: list[list[Any]] = [["format", TEMPLATE_FORMAT], ["scheme", scheme.id, scheme.version]]
    rows.append(["year", year])
    document = scheme.to_json(indent=-1)
    for start in range(0, len(document), SCHEME_CHUNK):
        rows.append(["scheme_json", document[start : start + SCHEME_CHUNK]])
    rows.extend(["region", title, r.code, r.name] for r, title in zip(regions, titles))
    rows.extend(["cell", *entry] for entry in cell_map.cells)
    rows.extend(["incidents", title, first, last] for title, first, last in cell_map.incidents)
    rows.extend(
        ["incident_column", name, get_column_letter(i)]
        for i, name in enumerate(INCIDENT_COLUMNS, start=1)
    )
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            _put(sheet.cell(row=r, column=c), value)
    sheet.sheet_state = "hidden"


def write_template(
    scheme: Scheme | str,
    path: PathLike,
    regions: Iterable[RegionLike] | None = None,
    year: int | None = None,
    *,
    submissions: Iterable[Mapping[str, Any] | Submission] | None = None,
    incident_rows: int = INCIDENT_ROWS,
    lang: str = "zh",
    assessors: bool = False,
) -> Path:
    """Write the workbook the regions fill in for assessment year ``year``.

    ``regions``: region codes, ``(code, name)`` pairs or ``{"code", "name"}`` dicts; one sheet
    each, named after the region. ``submissions`` (optional) are written into the cells
    (e.g. the filed targets and self-evaluations, for the assessors to add verified values);
    without ``regions`` or ``year`` they come from the submissions. ``incident_rows``: empty
    rows for incidents; ``lang``: the language of indicator names and of the cells' input
    prompts and error alerts. The verified values (核查值) are the assessors': on the
    regions' copy their cells are locked by the sheet's protection; ``assessors=True`` writes
    the assessors' copy, with them open. Each region sheet prints on A4, one page wide, its
    column headings on every page. The file is replaced only once written completely."""
    lang = check_lang(lang)
    resolved = Scheme.resolve(scheme)
    known = [s.to_dict() if isinstance(s, Submission) else dict(s) for s in submissions or []]
    if regions is None:
        regions = [dict(s.get("region", {})) for s in known]
    region_list = [_region(r) for r in regions]
    if year is None:
        years = {s.get("year") for s in known}
        if len(years) != 1:
            raise input_error("cannot write template", [("year", "give the assessment year")])
        year = int(next(iter(years)))  # type: ignore[arg-type]
    _check_regions(region_list)
    assessment_calendar(year)  # the core checks the year (2000-2200)
    by_code = {str(s.get("region", {}).get("code", "")): s for s in known}
    inputs = scheme_inputs(resolved)
    titles = _sheet_titles(region_list)

    workbook = Workbook()
    _write_instructions(workbook.active, resolved, inputs, year)  # type: ignore[arg-type]
    workbook.active.title = INSTRUCTIONS_SHEET  # type: ignore[union-attr]
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists_sheet.sheet_state = "hidden"
    lists, cell_map = _Lists(lists_sheet), _Map()
    for region, title in zip(region_list, titles):
        _write_region_sheet(
            workbook,
            title,
            region,
            resolved,
            inputs,
            year,
            lists,
            cell_map,
            by_code.get(region.code),
            incident_rows,
            lang,
            assessors,
        )
    # The hidden sheets go last: users see the instructions, then the regions.
    workbook.move_sheet(lists_sheet, offset=len(workbook.sheetnames) - 1)
    _write_meta(workbook.create_sheet(META_SHEET), resolved, year, region_list, titles, cell_map)
    workbook.security = WorkbookProtection(lockStructure=True)
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return Path(path)


def _check_regions(regions: Sequence[Region]) -> None:
    issues = []
    seen: set[str] = set()
    for index, region in enumerate(regions):
        if not region.code:
            issues.append((f"regions[{index}]", "a region needs its code"))
        elif region.code in seen:
            issues.append((f"regions[{index}]", f"region {region.code} is listed twice"))
        seen.add(region.code)
        # A line break in a name would forge a line in every plain-text output and could not
        # be read back from the template: the core refuses it in submissions too.
        for part in ("code", "name"):
            if problem := _core.single_line_problem(getattr(region, part)):
                issues.append((f"regions[{index}].{part}", problem))
    if not regions:
        issues.append(("regions", "no regions"))
    if issues:
        raise input_error("cannot write template", issues)


# --- reading a filled template ------------------------------------------------------------
#
# A filled workbook comes back from the region it assesses, so nothing in it is trusted
# (docs/security.md, "Workbooks"). The assessor's scheme decides (_scheme_choice); the hidden
# _meta sheet was written by write_template, but the filler can edit it, so each of its rows
# must be the row write_template writes for that scheme and these regions, and each region
# sheet's visible heading must name the region _meta gives it. Everything is read in one
# streamed pass per sheet, bounded by the limits below, never by what the file declares.

_DOCUMENT_LIMITS = _core.document_limits()
MAX_WORKBOOK_BYTES = int(_DOCUMENT_LIMITS["max_bytes"])  # as for a JSON document: 32 MiB
# The zip members' declared sizes, summed: zipfile never inflates a member past its declared
# size, so this bounds what openpyxl can inflate (a zip bomb). A template of all ~2,850
# counties is about 100 MB inflated.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_REGION_SHEETS = 4_000  # more than China's ~2,850 counties
MAX_INCIDENT_ROWS = int(_DOCUMENT_LIMITS["max_incidents"])  # the core's limit, 10,000
MAX_SCHEME_CHUNKS = MAX_WORKBOOK_BYTES // SCHEME_CHUNK + 1
_META_COLUMNS = 6  # "cell", sheet, cell, path, kind, owner
_EXCEL_ROWS = 1_048_576


def _workbook_content(path: PathLike) -> bytes:
    """The file's bytes, after the checks that need no parsing: a regular file, its size, and
    its zip directory (member count and inflated size). OSError when it cannot be read."""
    status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or never end
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    if status.st_size > MAX_WORKBOOK_BYTES:
        raise _too_large(path, f"{status.st_size:,} bytes")
    with open(path, "rb") as handle:
        content = handle.read(MAX_WORKBOOK_BYTES + 1)
    if len(content) > MAX_WORKBOOK_BYTES:
        raise _too_large(path, "it grew while read")
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (BadZipFile, ValueError, OSError, EOFError) as error:
        raise _not_a_workbook(path, error) from error
    inflated = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or inflated > MAX_INFLATED_BYTES:
        raise input_error(
            f"{path}: not read",
            [
                (
                    str(path),
                    f"{len(members):,} parts, {inflated:,} bytes unpacked: the limits are "
                    f"{MAX_ZIP_MEMBERS:,} parts and {MAX_INFLATED_BYTES:,} bytes "
                    "(a zip bomb, or not a template)",
                )
            ],
        )
    return content


def _too_large(path: PathLike, size: str) -> InputError:
    return input_error(
        f"{path}: not read",
        [(str(path), f"larger than the limit of {MAX_WORKBOOK_BYTES:,} bytes ({size})")],
    )


def _not_a_workbook(path: PathLike, error: BaseException) -> InputError:
    return input_error(
        f"{path}: not an Excel workbook",
        [(str(path), f"cannot be read as .xlsx ({type(error).__name__}: {error})")],
    )


# What openpyxl raises on a damaged or hostile file: not a zip, missing parts, XML that does
# not parse (ParseError is a SyntaxError), entities refused by defusedxml (a ValueError), values
# of the wrong kind.
_UNREADABLE = (
    InvalidFileException,
    BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    EOFError,
)


def _load(content: bytes, path: PathLike, *, data_only: bool) -> Any:
    """openpyxl's read-only workbook: sheets are parsed as they are iterated, so memory follows
    the rows read, not the sheet's size."""
    try:
        with warnings.catch_warnings():  # unsupported extensions, odd styles: not our concern
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except _UNREADABLE as error:
        raise _not_a_workbook(path, error) from error


def _rows(
    workbook: Any, title: str, path: PathLike, last_row: int, last_column: int
) -> Iterator[tuple[Any, ...]]:
    """A sheet's cells, row by row from row 1, at most ``last_row`` rows of ``last_column``
    cells (openpyxl's cells, or None where empty). A sheet whose XML is damaged is bad input
    naming the sheet: read-only workbooks parse each sheet only now."""
    rows: Iterator[tuple[Any, ...]] | None = None
    while True:
        try:
            with warnings.catch_warnings():
                # e.g. "marked as a date but the serial value ... is outside the limits": the
                # cell is read as an error value, which the checks then refuse by its place.
                warnings.simplefilter("ignore", UserWarning)
                if rows is None:  # a chart sheet has no rows: bad input too
                    rows = workbook[title].iter_rows(
                        min_row=1, max_row=last_row, max_col=last_column, values_only=False
                    )
                row = next(rows)
        except StopIteration:
            return
        except _UNREADABLE as error:
            raise input_error(
                f"{path}: damaged workbook",
                [(title, f"the sheet cannot be read ({type(error).__name__}: {error})")],
            ) from error
        yield tuple(None if getattr(cell, "value", None) is None else cell for cell in row)


# --- the _meta sheet, row by row as write_template writes it


@dataclass
class _Meta:
    scheme_id: str
    version: str
    year: int
    scheme_json: str
    regions: list[tuple[str, Region]]  # (sheet title, region)
    region_row: int  # the row of _meta's first region
    incidents: dict[str, tuple[int, int]] = field(default_factory=dict)  # first, last row


class _MetaRows:
    """The rows of the _meta sheet in write_template's order, each taken once. Reading stops
    after the rows write_template writes, so a _meta declaring a million rows costs nothing."""

    def __init__(self, workbook: Any, path: PathLike) -> None:
        if META_SHEET not in workbook.sheetnames:
            raise input_error(
                f"{path}: not a qualityassess template",
                [(str(path), f"no '{META_SHEET}' sheet: write templates with write_template")],
            )
        self._rows = _rows(workbook, META_SHEET, path, _EXCEL_ROWS, _META_COLUMNS)
        self._next: tuple[Any, ...] | None = None
        self.path = path
        self.number = 0  # the row last taken

    def key(self) -> Any:
        """The first cell of the next row (None at the end)."""
        if self._next is None:
            row = next(self._rows, None)
            self._next = (None,) * _META_COLUMNS if row is None else _values(row)
        return self._next[0]

    def take(self) -> tuple[Any, ...]:
        self.key()
        assert self._next is not None
        row, self._next = self._next, None
        self.number += 1
        return row

    def place(self, column: int = 1) -> str:
        return f"{META_SHEET}!{get_column_letter(column)}{self.number}"

    def damaged(self, column: int, message: str) -> InputError:
        return input_error(f"{self.path}: damaged template", [(self.place(column), message)])

    def altered(self, column: int | str, found: Any, expected: Any) -> InputError:
        """``column`` of the row last taken, or a place."""
        return input_error(
            f"{self.path}: altered template",
            [
                (
                    column if isinstance(column, str) else self.place(column),
                    f"{_shown(found)} where write_template writes {_shown(expected)} for this "
                    "scheme and these regions: the template's metadata was edited",
                )
            ],
        )

    def expect(self, expected: Sequence[Any]) -> None:
        """The next row must be ``expected`` (and nothing after it)."""
        row = self.take()
        wanted = (*expected, *(None,) * (_META_COLUMNS - len(expected)))
        for column, (found, value) in enumerate(zip(row, wanted), start=1):
            if found != value or type(found) is not type(value):
                raise self.altered(column, found, value)

    def text(self, row: Sequence[Any], column: int, *, optional: bool = False) -> str:
        value = row[column - 1]
        if optional and value is None:
            return ""
        if not isinstance(value, str) or not (optional or value):
            raise self.damaged(column, f"must be text, not {_shown(value)}")
        return value

    def whole(self, row: Sequence[Any], column: int) -> int:
        value = row[column - 1]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if type(value) is not int:
            raise self.damaged(column, f"must be a whole number, not {_shown(value)}")
        return value


def _values(row: Sequence[Any]) -> tuple[Any, ...]:
    values = tuple(None if cell is None else cell.value for cell in row)
    return values + (None,) * (_META_COLUMNS - len(values))


def _shown(value: Any) -> str:
    """A value in a message, at most 80 characters of it."""
    return _clipped(repr(value))


def _clipped(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _meta_header(rows: _MetaRows) -> _Meta:
    """The rows before the cell map: format, scheme, year, the stored scheme, the regions."""
    row = rows.take()
    if row[0] != "format" or row[1] != TEMPLATE_FORMAT:
        raise input_error(
            f"{rows.path}: unknown template format", [(rows.place(2), _shown(row[1]))]
        )
    row = rows.take()
    if row[0] != "scheme":
        raise rows.damaged(1, f"'scheme' expected, not {_shown(row[0])}")
    scheme_id, version = rows.text(row, 2), rows.text(row, 3, optional=True)
    row = rows.take()
    if row[0] != "year":
        raise rows.damaged(1, f"'year' expected, not {_shown(row[0])}")
    year = rows.whole(row, 2)
    chunks: list[str] = []
    while rows.key() == "scheme_json":
        row = rows.take()
        if len(chunks) == MAX_SCHEME_CHUNKS:
            raise rows.damaged(1, f"more than {MAX_SCHEME_CHUNKS:,} parts of the stored scheme")
        chunks.append(rows.text(row, 2))
    regions: list[tuple[str, Region]] = []
    region_row = rows.number + 1
    while rows.key() == "region":
        row = rows.take()
        if len(regions) == MAX_REGION_SHEETS:
            raise rows.damaged(1, f"more than {MAX_REGION_SHEETS:,} regions, the limit")
        title, code = rows.text(row, 2), rows.text(row, 3)
        regions.append((title, Region(code, rows.text(row, 4, optional=True))))
    return _Meta(scheme_id, version, year, "".join(chunks), regions, region_row)


@dataclass(frozen=True)
class _Layout:
    """Where write_template puts a scheme's values on a region sheet: the same on every sheet
    whatever the region and language, so computed once, by writing one sheet."""

    cells: tuple[tuple[str, str, str, str], ...]  # (cell, path, kind, owner), _meta's order
    incidents_first: int  # the first row of the incidents table
    last_column: int

    @property
    def last_row(self) -> int:
        return self.incidents_first - 1


def _layout(scheme: Scheme, inputs: SchemeInputs, year: int) -> _Layout:
    workbook = Workbook()
    lists, cell_map = _Lists(workbook.create_sheet(LISTS_SHEET)), _Map()
    region = Region("0", "")
    _write_region_sheet(
        workbook, "layout", region, scheme, inputs, year, lists, cell_map, None, 0, "zh"
    )
    cells = tuple((ref, path, kind, owner) for _, ref, path, kind, owner in cell_map.cells)
    columns = [coordinate_to_tuple(ref)[1] for ref, *_ in cells]
    return _Layout(cells, cell_map.incidents[0][1], max([len(INCIDENT_COLUMNS), *columns]))


def _meta_cells(rows: _MetaRows, meta: _Meta, layout: _Layout) -> None:
    """The rest of _meta, each row checked against write_template's: the cell map, the
    incident rows (their number, at most MAX_INCIDENT_ROWS, is the one thing that varies) and
    the incident columns; nothing may follow."""
    for title, _ in meta.regions:
        for entry in layout.cells:
            rows.expect(("cell", title, *entry))
    for title, _ in meta.regions:
        row = rows.take()
        if row[0] != "incidents" or row[1] != title:
            raise rows.altered(1, row[:2], ("incidents", title))
        first, last = rows.whole(row, 3), rows.whole(row, 4)
        if first != layout.incidents_first:
            raise rows.altered(3, first, layout.incidents_first)
        if not 0 <= last - first + 1 <= MAX_INCIDENT_ROWS:
            raise rows.damaged(
                4,
                f"{last - first + 1:,} incident rows: from 0 to {MAX_INCIDENT_ROWS:,}, the "
                "limit (the most incidents one submission may have)",
            )
        meta.incidents[title] = (first, last)
    for index, name in enumerate(INCIDENT_COLUMNS, start=1):
        rows.expect(("incident_column", name, get_column_letter(index)))
    if rows.key() is not None:
        rows.take()
        raise rows.damaged(1, "a row write_template does not write: the metadata was edited")


def _check_titles(rows: _MetaRows, meta: _Meta) -> None:
    """The sheet titles must be those write_template gives these regions."""
    expected = _sheet_titles([region for _, region in meta.regions])
    for index, ((title, _), wanted) in enumerate(zip(meta.regions, expected)):
        if title != wanted:
            raise rows.altered(f"{META_SHEET}!B{meta.region_row + index}", title, wanted)


def _check_stored_scheme(meta: _Meta, scheme: Scheme, path: PathLike) -> None:
    problem = stored_scheme_problem(meta.scheme_id, meta.version, meta.scheme_json, scheme)
    if problem:
        raise input_error(f"{path}: altered template", [(f"{META_SHEET}!B4", problem)])


def read_scheme(path: PathLike) -> Scheme:
    """The scheme document stored in a template, for inspection only (e.g. ``qa.diff`` with
    yours when a workbook is refused). Grading never uses it: :func:`read_submissions` grades
    with the assessor's scheme, or the built-in scheme the template names, and refuses a
    workbook whose stored scheme is not that one. Raises OSError when the file cannot be
    read, InputError or SchemeError when it is not a template."""
    workbook = _load(_workbook_content(path), path, data_only=True)
    try:
        return Scheme.from_json(_meta_header(_MetaRows(workbook, path)).scheme_json)
    finally:
        workbook.close()


# --- the region sheets


def _scaled_percent(value: Any, number_format: str) -> Any:
    """A number in a cell formatted as a percentage, as the person who typed it sees it.

    Typing 94.3% (or 94.3 into a cell formatted "0.0%") stores 0.943, and the clerk sees
    94.3%; the scheme's rates are percentages, so 94.3 is the value meant, and reading 0.943
    would score a pass rate of 94.3% as under 1%. The value is scaled exactly in decimal
    (0.943 * 100 is 94.29999999999998 in binary floating point; Decimal("0.943") * 100 is
    94.3). Only an unquoted, unescaped % scales: '0.0"%"' and '0.0\\%' just print the sign."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if "%" not in re.sub(r'"[^"]*"|\\.', "", number_format or ""):
        return value
    return float(Decimal(repr(value)) * 100)


class _Sheets:
    """The cells of a filled workbook's region sheets, read once each. A formula's value is the
    one Excel saved with it; a formula saved without one (written by a program, never opened in
    Excel) is reported rather than read as an empty cell."""

    def __init__(self, content: bytes, path: PathLike) -> None:
        self._content, self._path = content, path
        self.workbook = _load(content, path, data_only=False)  # formulas as written
        self._saved: Any = None  # the same workbook with formulas' saved values, when needed
        self.problems: list[tuple[str, str]] = []

    def values(self, title: str, last_row: int, last_column: int) -> dict[tuple[int, int], Any]:
        """The non-empty values of the sheet's first ``last_row`` rows and ``last_column``
        columns, by (row, column)."""
        found: dict[tuple[int, int], Any] = {}
        formulas: dict[tuple[int, int], Any] = {}
        for r, row in enumerate(_rows(self.workbook, title, self._path, last_row, last_column), 1):
            for c, cell in enumerate(row, start=1):
                if cell is None:
                    continue
                if cell.data_type == "f":
                    formulas[r, c] = cell
                else:
                    found[r, c] = _scaled_percent(cell.value, cell.number_format)
        if formulas:
            found.update(self._saved_values(title, formulas, last_row, last_column))
        return found

    def _saved_values(
        self,
        title: str,
        formulas: Mapping[tuple[int, int], Any],
        last_row: int,
        last_column: int,
    ) -> dict[tuple[int, int], Any]:
        if self._saved is None:
            self._saved = _load(self._content, self._path, data_only=True)
        saved: dict[tuple[int, int], Any] = {}
        for r, row in enumerate(_rows(self._saved, title, self._path, last_row, last_column), 1):
            for c, cell in enumerate(row, start=1):
                if (r, c) in formulas and cell is not None:
                    saved[r, c] = _scaled_percent(cell.value, formulas[r, c].number_format)
        for (r, c), formula in formulas.items():
            if (r, c) not in saved:
                self.problems.append(
                    (
                        f"{_sheet_ref(title)}!{get_column_letter(c)}{r}",
                        f"the formula {_clipped(str(formula.value))} has no saved value: type the "
                        "value, or open and save the workbook in Excel",
                    )
                )
        return saved

    def close(self) -> None:
        self.workbook.close()
        if self._saved is not None:
            self._saved.close()


def _set(document: dict[str, Any], parts: Sequence[str], value: Any) -> None:
    target = document
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


@dataclass
class _Reading:
    """What reading every region sheet needs: the template's metadata, the deciding scheme and
    where write_template put its values."""

    path: PathLike
    meta: _Meta
    scheme: Scheme
    inputs: SchemeInputs
    layout: _Layout


def _check_heading(
    reading: _Reading, title: str, region: Region, values: Mapping[tuple[int, int], Any]
) -> list[tuple[str, str]]:
    """A sheet's region is the one its own visible heading names (A1), for the year (A2) and
    scheme (A3) _meta gives: renaming sheets must not move a region's values to another."""
    headings = {
        lang: _sheet_heading(region, reading.scheme, reading.meta.year, lang)
        for lang in ("zh", "en")
    }
    problems = []
    for row, what in enumerate(("region", "assessment year", "scheme"), start=1):
        found = values.get((row, 1))
        if found not in {heading[row - 1] for heading in headings.values()}:
            problems.append(
                (
                    f"{_sheet_ref(title)}!A{row}",
                    f"the heading is {_shown(found)}, but the template's metadata gives this "
                    f"sheet the {what} {_shown(headings['zh'][row - 1])}: sheets were renamed "
                    "or the heading edited",
                )
            )
    return problems


def _read_region(
    reading: _Reading, title: str, region: Region, values: Mapping[tuple[int, int], Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    ref = _sheet_ref(title)
    document: dict[str, Any] = {
        "region": {"code": region.code, "name": region.name},
        "year": reading.meta.year,
        "scheme": reading.scheme.id,
    }
    locator = {"/region": f"{ref}!A1", "/year": f"{ref}!A2", "/scheme": f"{META_SHEET}!B2"}
    for cell, path, kind, owner in reading.layout.cells:
        parts = [_unescape(p) for p in path.strip("/").split("/")]
        raw = values.get(coordinate_to_tuple(cell))
        value: Any
        if kind == "adjustment":
            value = convert_adjustment_value(reading.inputs.adjustment(owner), raw)
        else:
            value = convert_leaf_value(reading.inputs.leaf(owner), raw, item=kind == "item")
        if value is MISSING:
            continue
        _set(document, parts, value)
        locator[path] = f"{ref}!{cell}"
    _read_incidents(reading, title, values, document, locator)
    return document, locator


def _read_incidents(
    reading: _Reading,
    title: str,
    values: Mapping[tuple[int, int], Any],
    document: dict[str, Any],
    locator: dict[str, str],
) -> None:
    ref = _sheet_ref(title)
    incidents: list[dict[str, Any]] = []
    code = document["region"]["code"]
    first, last = reading.meta.incidents[title]
    columns = [get_column_letter(c) for c in range(1, len(INCIDENT_COLUMNS) + 1)]
    for row in range(first, last + 1):
        row_values = {
            name: values.get((row, column)) for column, name in enumerate(INCIDENT_COLUMNS, start=1)
        }
        if all(is_blank(v) for v in row_values.values()):
            continue
        index = len(incidents)
        incidents.append(incident_document(row_values, reading.inputs, f"{code}-{index + 1}"))
        locator[pointer("incidents", index)] = f"{ref}!{columns[0]}{row}:{columns[-1]}{row}"
        for name, column in zip(INCIDENT_COLUMNS, columns):
            locator[pointer("incidents", index, name)] = f"{ref}!{column}{row}"
    if incidents:
        document["incidents"] = incidents


def _reading(
    rows: _MetaRows, scheme: Scheme | str | PathLike | None, ask: str, path: PathLike
) -> _Reading:
    """The template's metadata checked against the scheme that decides."""
    meta = _meta_header(rows)
    given = None if scheme is None else Scheme.resolve(scheme)
    decided = choose_scheme(
        given, [meta.scheme_id], where=str(path), place=f"{META_SHEET}!B2", ask=ask
    )
    _check_stored_scheme(meta, decided, path)
    _check_titles(rows, meta)
    try:
        assessment_calendar(meta.year)  # the core checks the year (2000-2200)
    except InputError as error:
        raise input_error(
            f"{path}: damaged template", [(f"{META_SHEET}!B3", str(issues_of(error)[0][1]))]
        ) from error
    inputs = scheme_inputs(decided)
    layout = _layout(decided, inputs, meta.year)
    _meta_cells(rows, meta, layout)
    return _Reading(path, meta, decided, inputs, layout)


def _read_filled(
    path: PathLike, scheme: Scheme | str | PathLike | None = None, *, ask: str = "scheme="
) -> tuple[Scheme, list[dict[str, Any]]]:
    """The scheme that decides and the submissions of a filled template (read_submissions)."""
    sheets = _Sheets(_workbook_content(path), path)
    try:
        reading = _reading(_MetaRows(sheets.workbook, path), scheme, ask, path)
        documents, locators, fallbacks = [], [], []
        problems = []
        for title, region in reading.meta.regions:
            if title not in sheets.workbook.sheetnames:
                problems.append((title, f"the sheet of region {region.code} is missing"))
                continue
            last_row = max(reading.layout.last_row, reading.meta.incidents[title][1])
            values = sheets.values(title, last_row, reading.layout.last_column)
            problems.extend(_check_heading(reading, title, region, values))
            document, locator = _read_region(reading, title, region, values)
            documents.append(document)
            locators.append(locator)
            fallbacks.append(_sheet_ref(title))
    finally:
        sheets.close()
    problems.extend(sheets.problems)
    check_located(
        reading.scheme, documents, locators, fallbacks, f"{path}: invalid workbook", problems
    )
    return reading.scheme, documents


def read_submissions(
    path: PathLike, scheme: Scheme | str | PathLike | None = None
) -> list[dict[str, Any]]:
    """The submissions in a filled template, one per region sheet, in sheet order, checked by
    the core.

    ``scheme``: the assessor's scheme (a Scheme, a built-in id or a file), which grades them;
    the template must name its id. Without it, the template must name a built-in scheme by
    id, which then grades them. Either way the scheme stored in the template must be that
    scheme exactly (id, version, SHA-256 of its canonical JSON), the hidden metadata must be
    what :func:`write_template` writes for it, and each sheet's heading must name its region;
    the file is refused otherwise (docs/security.md, "Which scheme decides").

    Raises :class:`qualityassess.InputError` listing every bad cell at once, each issue's path
    the cell (``湖北省!E12``), and OSError when the file cannot be read."""
    return _read_filled(path, scheme)[1]


# --- results as a workbook ----------------------------------------------------------------


CODE_ALIGNMENT = Alignment(horizontal="left", indent=1)
RANK_ALIGNMENT = Alignment(horizontal="center")


def _table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    codes: Sequence[int] = (1,),
    ranks: Sequence[int] = (),
) -> None:
    """A table from A1 with a header row (repeated on every printed page). ``codes``: the
    columns of region codes, written and formatted as text ("@") and set off from the
    column before; ``ranks``: columns of ranks, centred whole numbers (a rank right against a
    code read "1 440000" as one number)."""
    for column, header in enumerate(headers, start=1):
        cell = _put(sheet.cell(row=1, column=column), header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    count = 0
    for r, values in enumerate(rows, start=2):
        count += 1
        for c, value in enumerate(values, start=1):
            if c in codes and value is not None:
                value = str(value)
            cell = _put(sheet.cell(row=r, column=c), value)
            if c in codes:
                cell.number_format, cell.alignment = "@", CODE_ALIGNMENT
            elif c in ranks:
                cell.number_format, cell.alignment = "0", RANK_ALIGNMENT
            elif isinstance(value, float):
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    for column, header in enumerate(headers, start=1):
        width = max(10, min(60, len(header) * 2))
        if column in ranks:
            width = max(6, len(header) * 2)
        sheet.column_dimensions[get_column_letter(column)].width = width
    _print_setup(sheet, landscape=len(headers) > 6, title_rows="1:1")


def _rollup_rows(frame: pd.DataFrame) -> Iterator[list[Any]]:
    """A roll-up's rows as cell values: counts as integers, totals as numbers (None when no
    region under the parent is graded), region lists as text."""
    columns = list(frame.columns)
    grades = columns[columns.index("graded") + 1 : columns.index("mean_total")]
    for code, row in frame.iterrows():
        yield [
            str(code),
            str(row["name"]),
            int(row["expected"]),
            int(row["graded"]),
            *(int(row[grade]) for grade in grades),
            *(None if row[c] != row[c] else float(row[c]) for c in ("mean_total", "lowest_total")),
            row["lowest_region"] or "",
            " ".join(row["vetoed"]),
            " ".join(row["misreporting"]),
        ]


def write_results(
    results: Sequence[Result],
    path: PathLike,
    lang: str = "zh",
    *,
    rollups: Sequence[pd.DataFrame] = (),
) -> Path:
    """The results as a formatted workbook: ranking, points per node, conditions, findings
    and consequences, one sheet each, in Chinese (``"zh"``) or English, then one sheet per
    roll-up in ``rollups`` (frames of :func:`qualityassess.roll_up`, Art. 10). The file is
    replaced only once written completely."""
    lang = check_lang(lang)
    if not results:
        raise input_error("nothing to write", [("results", "no results")])
    w = words(lang)
    scheme = results[0].scheme
    nodes = scheme.nodes()
    yes_no = {True: w["yes"], False: ""}
    workbook = Workbook()
    ranking = workbook.active
    assert ranking is not None
    ranking.title = w["ranking"][:31]
    _table(
        ranking,
        [
            w["rank"],
            w["code"],
            w["region"],
            w["total"],
            w["grade"],
            w["grade_before"],
            w["vetoed"],
            w["findings"],
        ],
        (
            [
                rank,
                r.region_code,
                r.region_name,
                r.total,
                r.grade,
                r.grade_before_conditions,
                yes_no[r.vetoed],
                len(r.findings),
            ]
            for rank, r in ranked(results)
        ),
        codes=(2,),
        ranks=(1,),
    )
    ranking.column_dimensions["C"].width = 22
    _print_setup(ranking, landscape=False, title_rows="1:1")
    points = workbook.create_sheet(w["points"][:31])
    node_headers = [
        f"{n['number'] + ' ' if n['number'] else ''}{text(n['name'], lang)} ({n['points']:g})"
        for n in nodes
    ]
    _table(
        points,
        [w["code"], w["region"], w["total"], w["grade"], *node_headers],
        (
            [r.region_code, r.region_name, r.total, r.grade, *(r.nodes.get(n["id"]) for n in nodes)]
            for r in results
        ),
    )
    # Too wide for one page: printed across pages, each with the codes, names and headings.
    _print_setup(points, landscape=True, fit_width=False, title_rows="1:1", title_columns="A:B")
    conditions = workbook.create_sheet(w["conditions"][:31])
    _table(
        conditions,
        [w["code"], w["region"], "id", w["effect"], w["reason"]],
        (
            [
                r.region_code,
                r.region_name,
                c["id"],
                effect_text(c.get("effect", {}), lang),
                c.get("reason_zh", "") if lang == "zh" else c.get("reason", ""),
            ]
            for r in results
            for c in r.conditions
        ),
    )
    findings = workbook.create_sheet(w["findings"][:31])
    _table(
        findings,
        [w["code"], w["region"], w["findings"], w["leaf"], w["note"]],
        (
            [
                r.region_code,
                r.region_name,
                finding_kind(str(f.get("kind")), lang),
                f.get("leaf") or f.get("incident", ""),
                f.get("detail_zh", "") if lang == "zh" else f.get("detail", ""),
            ]
            for r in results
            for f in r.findings
        ),
    )
    consequences = workbook.create_sheet(w["consequences"][:31])
    _table(
        consequences,
        [w["code"], w["region"], w["grade"], w["article"], w["consequences"]],
        (
            [
                r.region_code,
                r.region_name,
                r.grade,
                article_text(str(c.get("article", "")), lang),
                c.get("text_zh", "") if lang == "zh" else c.get("text", ""),
            ]
            for r in results
            for c in r.consequences
        ),
    )
    for sheet in (conditions, findings, consequences):
        sheet.column_dimensions[get_column_letter(sheet.max_column)].width = 90
    for index, frame in enumerate(rollups, start=1):
        sheet = workbook.create_sheet(f"{w['rollups']} {index}"[:31])
        _table(sheet, rollup_table(frame, lang).headers, _rollup_rows(frame))
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return Path(path)
