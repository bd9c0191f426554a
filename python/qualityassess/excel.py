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

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ._errors import InputError
from ._files import PathLike, atomic_path
from ._i18n import check_lang, effect_text, finding_kind, text, words
from ._inputs import (
    CHECKLIST_STATES,
    MISSING,
    AdjustmentInput,
    LeafInput,
    SchemeInputs,
    convert_adjustment_value,
    convert_leaf_value,
    scheme_inputs,
)
from ._issues import check_located, input_error, pointer
from .assessment import Result, Submission
from .calendar import assessment_calendar
from .frame import incident_document, ranked
from .regions import rollup_table
from .scheme import Scheme, builtin_schemes

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


@dataclass
class _Validations:
    """One DataValidation per distinct rule on a sheet, collecting the cells it covers."""

    sheet: Worksheet
    lists: _Lists
    made: dict[tuple[Any, ...], DataValidation] = field(default_factory=dict)

    def _get(self, key: tuple[Any, ...], **options: Any) -> DataValidation:
        if key not in self.made:
            validation = DataValidation(allow_blank=True, showErrorMessage=True, **options)
            self.sheet.add_data_validation(validation)
            self.made[key] = validation
        return self.made[key]

    def choose(self, cell: str, entries: Sequence[str]) -> None:
        formula = self.lists.formula(entries)
        self._get(("list", formula), type="list", formula1=formula).add(cell)

    def decimal(self, cell: str, low: float | None, high: float | None) -> None:
        low = -1e12 if low is None else low
        high = 1e12 if high is None else high
        self._get(
            ("decimal", low, high),
            type="decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
            error=f"{low:g} – {high:g}",
        ).add(cell)

    def whole(self, cell: str) -> None:
        self._get(
            ("whole",), type="whole", operator="greaterThanOrEqual", formula1="0", error="≥ 0"
        ).add(cell)

    def date(self, cell: str) -> None:
        self._get(
            ("date",),
            type="date",
            operator="greaterThan",
            formula1="1",
            error="YYYY-MM-DD",
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
) -> str:
    cell = sheet.cell(row=row, column=column)
    cell.protection = UNLOCKED
    cell.fill = INPUT_FILL
    ref = cell.coordinate
    if item and leaf.rule == "checklist":
        states = [zh for _, zh, _ in CHECKLIST_STATES] + [s for s, _, _ in CHECKLIST_STATES]
        validations.choose(ref, states)
    elif item:
        validations.whole(ref)
    elif leaf.rule == "levels":
        validations.choose(ref, _level_entries(leaf))
    elif leaf.rule == "boolean":
        validations.choose(ref, TRUE_FALSE)
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
                self.sheet, self.row, SECTION_COLUMNS[section], leaf, self.validations, False
            )
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
                self.sheet, self.row, SECTION_COLUMNS[section], leaf, self.validations, True
            )
            self.cell_map.add(self.title, ref, pointer(section, leaf.id, part), "item", leaf.id)
        self.row += 1

    def adjustment(self, adjustment: AdjustmentInput) -> None:
        w = words(self.lang)
        self.label_row("", adjustment.name.label(self.lang), f"≤ {adjustment.cap:g}", 0)
        _put(self.sheet.cell(row=self.row, column=COL_TARGET), w[adjustment.kind])
        cell = self.sheet.cell(row=self.row, column=COL_SELF)
        cell.protection, cell.fill = UNLOCKED, INPUT_FILL
        if adjustment.input == "boolean":
            self.validations.choose(cell.coordinate, TRUE_FALSE)
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
                    self.validations.choose(ref, scopes)
                elif name == "severity" and self.inputs.severities:
                    self.validations.choose(ref, self.inputs.severities)
                elif name == "deaths":
                    self.validations.whole(ref)
                elif name == "reported_in_self_evaluation":
                    self.validations.choose(ref, TRUE_FALSE)
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
) -> None:
    sheet = workbook.create_sheet(title)
    columns = {"last": 0}
    next_column = COL_VERIFIED + 1
    if inputs.takes_previous:
        columns["previous"] = next_column
        next_column += 1
    columns["note"], columns["id"] = next_column, next_column + 1
    columns["last"] = columns["id"]
    writer = _Sheet(sheet, title, inputs, _Validations(sheet, lists), cell_map, lang, columns)
    calendar = assessment_calendar(year)
    _put(sheet.cell(row=1, column=1), f"{region.name}（{region.code}）{text(scheme.name, lang)}")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    _put(
        sheet.cell(row=2, column=1),
        f"考核年度 Assessment year {year}: {calendar['year_start']} – {calendar['year_end']}; "
        f"目标值报送截止 targets due {calendar['targets_due']}; "
        f"自评报送截止 self-evaluation due {calendar['self_evaluation_due']}",
    )
    version = f" {scheme.version}" if scheme.version else ""
    _put(sheet.cell(row=3, column=1), f"方案 Scheme: {scheme.id}{version}")
    writer.row = 5
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
    # Structure (ids, points, rows) cannot be edited by accident; input cells are unlocked.
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
) -> Path:
    """Write the workbook the regions fill in for assessment year ``year``.

    ``regions``: region codes, ``(code, name)`` pairs or ``{"code", "name"}`` dicts; one sheet
    each, named after the region. ``submissions`` (optional) are written into the cells
    (e.g. the filed targets and self-evaluations, for the assessors to add verified values);
    without ``regions`` or ``year`` they come from the submissions. ``incident_rows``: empty
    rows for incidents; ``lang``: the language of indicator names. The file is replaced only
    once written completely."""
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
    if not regions:
        issues.append(("regions", "no regions"))
    if issues:
        raise input_error("cannot write template", issues)


# --- reading a filled template ------------------------------------------------------------


@dataclass
class _Meta:
    scheme_id: str
    year: int
    scheme_json: str
    regions: list[tuple[str, Region]]  # (sheet title, region)
    cells: dict[str, list[tuple[str, str, str, str]]]  # title -> (cell, path, kind, owner)
    incidents: dict[str, tuple[int, int]]
    incident_columns: dict[str, str]


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
)


def _open_workbook(path: PathLike, **options: Any) -> Any:
    """openpyxl's workbook; a file that is not one is bad input (exit 1), not a crash. The file
    is read whole first: openpyxl leaves its file open when parsing fails."""
    try:
        content = io.BytesIO(Path(path).read_bytes())
    except OSError as error:
        raise input_error(
            f"{path}: cannot read", [(str(path), error.strerror or str(error))]
        ) from error
    try:
        return load_workbook(content, **options)
    except _UNREADABLE as error:
        raise input_error(
            f"{path}: not an Excel workbook",
            [(str(path), f"cannot be read as .xlsx ({type(error).__name__}: {error})")],
        ) from error


def _read_meta(workbook: Any, path: PathLike) -> _Meta:
    try:
        return _parse_meta(workbook, path)
    except _UNREADABLE as error:  # read-only workbooks parse their sheets only now
        if isinstance(error, InputError):
            raise
        raise input_error(
            f"{path}: damaged template",
            [(META_SHEET, f"the hidden metadata cannot be read ({error})")],
        ) from error


def _parse_meta(workbook: Any, path: PathLike) -> _Meta:
    if META_SHEET not in workbook.sheetnames:
        raise input_error(
            f"{path}: not a qualityassess template",
            [(str(path), f"no '{META_SHEET}' sheet: write templates with qa.excel.write_template")],
        )
    meta: dict[str, Any] = {"scheme_json": "", "regions": [], "cells": {}, "incidents": {}}
    meta["incident_columns"] = {}
    for values in workbook[META_SHEET].iter_rows(values_only=True):
        key, *rest = values
        if key == "format" and rest[0] != TEMPLATE_FORMAT:
            raise input_error(
                f"{path}: unknown template format", [(f"{META_SHEET}!B1", f"{rest[0]!r}")]
            )
        if key == "scheme":
            meta["scheme_id"] = str(rest[0])
        elif key == "year":
            meta["year"] = int(rest[0])
        elif key == "scheme_json":
            meta["scheme_json"] += str(rest[0])
        elif key == "region":
            meta["regions"].append((str(rest[0]), Region(str(rest[1]), str(rest[2] or ""))))
        elif key == "cell":
            meta["cells"].setdefault(str(rest[0]), []).append(tuple(str(v) for v in rest[1:5]))
        elif key == "incidents":
            meta["incidents"][str(rest[0])] = (int(rest[1]), int(rest[2]))
        elif key == "incident_column":
            meta["incident_columns"][str(rest[0])] = str(rest[1])
    return _Meta(**meta)


def read_scheme(path: PathLike) -> Scheme:
    """The scheme a template was written for (kept whole in its metadata)."""
    workbook = _open_workbook(path, read_only=True, data_only=True)
    try:
        return Scheme.from_json(_read_meta(workbook, path).scheme_json)
    finally:
        workbook.close()


def _set(document: dict[str, Any], parts: Sequence[str], value: Any) -> None:
    target = document
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


class _Cells:
    """Cell values of a filled workbook. A formula's value is the one Excel saved with it; a
    formula saved without one (written by a program, never opened in Excel) is reported rather
    than read as an empty cell."""

    def __init__(self, path: PathLike) -> None:
        self._path = path
        self.workbook = _open_workbook(path)  # formulas as written
        self._saved: Any = None  # the same workbook with formulas' saved values, when needed
        self.problems: list[tuple[str, str]] = []

    def value(self, title: str, cell: str) -> Any:
        found = self.workbook[title][cell]
        if found.data_type != "f":
            return found.value
        if self._saved is None:
            self._saved = _open_workbook(self._path, data_only=True)
        saved = self._saved[title][cell].value
        if saved is None:
            self.problems.append(
                (
                    f"{_sheet_ref(title)}!{cell}",
                    f"the formula {found.value} has no saved value: type the value, or open "
                    "and save the workbook in Excel",
                )
            )
        return saved

    def close(self) -> None:
        self.workbook.close()
        if self._saved is not None:
            self._saved.close()


def _read_region(
    cells: _Cells,
    title: str,
    region: Region,
    meta: _Meta,
    inputs: SchemeInputs,
) -> tuple[dict[str, Any], dict[str, str]]:
    ref = _sheet_ref(title)
    document: dict[str, Any] = {
        "region": {"code": region.code, "name": region.name},
        "year": meta.year,
        "scheme": meta.scheme_id,
    }
    locator = {"/region": f"{ref}!A1", "/year": f"{META_SHEET}!B3", "/scheme": f"{META_SHEET}!B2"}
    for cell, path, kind, owner in meta.cells.get(title, []):
        parts = [_unescape(p) for p in path.strip("/").split("/")]
        raw = cells.value(title, cell)
        value: Any
        if kind == "adjustment":
            value = convert_adjustment_value(inputs.adjustment(owner), raw)
        else:
            value = convert_leaf_value(inputs.leaf(owner), raw, item=kind == "item")
        if value is MISSING:
            continue
        _set(document, parts, value)
        locator[path] = f"{ref}!{cell}"
    rows = meta.incidents.get(title)
    if rows:
        _read_incidents(cells, title, rows, meta, inputs, document, locator)
    return document, locator


def _read_incidents(
    cells: _Cells,
    title: str,
    rows: tuple[int, int],
    meta: _Meta,
    inputs: SchemeInputs,
    document: dict[str, Any],
    locator: dict[str, str],
) -> None:
    ref = _sheet_ref(title)
    incidents: list[dict[str, Any]] = []
    code = document["region"]["code"]
    for row in range(rows[0], rows[1] + 1):
        values = {
            name: cells.value(title, f"{column}{row}")
            for name, column in meta.incident_columns.items()
        }
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        index = len(incidents)
        incidents.append(incident_document(values, inputs, f"{code}-{index + 1}"))
        first, last = min(meta.incident_columns.values()), max(meta.incident_columns.values())
        locator[pointer("incidents", index)] = f"{ref}!{first}{row}:{last}{row}"
        for name, column in meta.incident_columns.items():
            locator[pointer("incidents", index, name)] = f"{ref}!{column}{row}"
    if incidents:
        document["incidents"] = incidents


def read_submissions(path: PathLike, scheme: Scheme | str | None = None) -> list[dict[str, Any]]:
    """The submissions in a filled template, one per region sheet, in sheet order, checked by
    the core. ``scheme``: the scheme to check against (default: the one the template was
    written for, kept in it); its id must be the template's.

    Raises :class:`qualityassess.InputError` listing every bad cell at once, each issue's path
    the cell (``湖北省!E12``)."""
    cells = _Cells(path)
    try:
        meta = _read_meta(cells.workbook, path)
        resolved = _template_scheme(meta, scheme, path)
        inputs = scheme_inputs(resolved)
        documents, locators, fallbacks = [], [], []
        problems = []
        for title, region in meta.regions:
            if title not in cells.workbook.sheetnames:
                problems.append((title, f"the sheet of region {region.code} is missing"))
                continue
            document, locator = _read_region(cells, title, region, meta, inputs)
            documents.append(document)
            locators.append(locator)
            fallbacks.append(_sheet_ref(title))
    finally:
        cells.close()
    problems.extend(cells.problems)
    check_located(resolved, documents, locators, fallbacks, f"{path}: invalid workbook", problems)
    return documents


def _template_scheme(meta: _Meta, scheme: Scheme | str | None, path: PathLike) -> Scheme:
    if scheme is None:
        if meta.scheme_json:
            return Scheme.from_json(meta.scheme_json)
        if meta.scheme_id in builtin_schemes():
            return Scheme.builtin(meta.scheme_id)
        raise input_error(f"{path}: no scheme", [("scheme", "give the template's scheme")])
    resolved = Scheme.resolve(scheme)
    if resolved.id != meta.scheme_id:
        raise input_error(
            f"{path}: wrong scheme",
            [("scheme", f"the template is for scheme {meta.scheme_id!r}, not {resolved.id!r}")],
        )
    return resolved


# --- results as a workbook ----------------------------------------------------------------


def _table(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = _put(sheet.cell(row=1, column=column), header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    count = 0
    for r, values in enumerate(rows, start=2):
        count += 1
        for c, value in enumerate(values, start=1):
            cell = _put(sheet.cell(row=r, column=c), value)
            if isinstance(value, float):
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    for column, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(10, min(60, len(header) * 2))


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
    )
    ranking.column_dimensions["C"].width = 22
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
                c.get("article", ""),
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
