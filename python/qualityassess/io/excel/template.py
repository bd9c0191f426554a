"""Writing the template regions fill in: an instruction sheet, one sheet per region with the
scheme's points, dropdowns and range checks, and the hidden ``_meta`` sheet that says which cell
holds which value. (About 620 lines: one region sheet's layout and its protection are written
together, cell by cell, as the reader reads them back; the validations' texts are in
``_validations.py``, the print set-up in ``_print.py``.)"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from ... import _core
from ..._files import PathLike, atomic_path
from ..._i18n import Lang, check_lang, text, words
from ...assessment import Submission
from ...calendar import assessment_calendar
from ...scheme import Scheme
from .._inputs import (
    CHECKLIST_STATES,
    AdjustmentInput,
    LeafInput,
    SchemeInputs,
    scheme_inputs,
)
from .._issues import input_error, pointer
from ._print import fit_row_height, print_setup
from ._shared import (
    ASSESSOR_FILL,
    BOLD,
    BRANCH_FILL,
    COL_NAME,
    COL_NUMBER,
    COL_POINTS,
    COL_SELF,
    COL_TARGET,
    COL_VERIFIED,
    FIXED_FILL,
    GREY,
    HEADER_FILL,
    HEADER_FONT,
    INCIDENT_COLUMNS,
    INCIDENT_ROWS,
    INPUT_FILL,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    META_SHEET,
    SCHEME_CHUNK,
    SECTION_COLUMNS,
    TEMPLATE_FORMAT,
    TRUE_FALSE,
    UNLOCKED,
    WRAP,
    Region,
    RegionLike,
    _put,
    _region,
    _sheet_titles,
)
from ._validations import YES_NO_PAIRS, _choice_names, _Lists, _Validations

if TYPE_CHECKING:
    pass


# --- writing a template -------------------------------------------------------------------


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
    if leaf.numeric:
        low, high = leaf.value_range
        span = f"{'' if low is None else f'{low:g}'} – {'' if high is None else f'{high:g}'}"
        unit = (f"（单位：{leaf.unit}）" if zh else f" (in {leaf.unit})") if leaf.unit else ""
        return f"{'数值' if zh else 'number'} {span}".strip() + unit
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
        validations.choose(ref, states, _choice_names(pairs, validations.lang), locked)
    elif item:
        validations.whole(ref, locked)
    elif leaf.rule == "levels":
        pairs = [(level.zh, level.id) for level in leaf.levels]
        shown = _choice_names(pairs, validations.lang)
        validations.choose(ref, _level_entries(leaf), shown, locked)
    elif leaf.rule == "boolean":
        validations.choose(ref, TRUE_FALSE, _choice_names(YES_NO_PAIRS, validations.lang), locked)
    elif leaf.numeric:
        validations.decimal(ref, *leaf.value_range, locked, leaf.unit)
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
        fit_row_height(self.sheet, self.row, [column for column, _ in labels])
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
        """A point computed from the level below (Art. 10) or from two other points' values:
        shown, with no input cell."""
        if leaf.derived_from is not None:
            a, b = leaf.derived_from
            note = (
                f"由 {a}、{b} 计算，不填报"
                if self.lang == "zh"
                else f"computed from {a} and {b}; not filed"
            )
        else:
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
    calendar = assessment_calendar(year, scheme)
    version = f" {scheme.version}" if scheme.version else ""
    return (
        f"{region.name}（{region.code}）{text(scheme.name, lang)}",
        f"考核年度 Assessment year {year}: {calendar['year_start']} – {calendar['year_end']}; "
        f"目标值报送截止 targets due {calendar['targets_due']}; "
        f"自评报送截止 self-evaluation due {calendar['self_evaluation_due']}",
        f"方案 Scheme: {scheme.id}{version}",
    )


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
    # Widths first: a header row is made as tall as its labels wrap in them.
    widths = {COL_NUMBER: 7, COL_NAME: 46, COL_POINTS: 10, COL_TARGET: 12, COL_SELF: 16}
    widths.update({COL_VERIFIED: 21, columns["note"]: 34, columns["id"]: 26})
    if "previous" in columns:
        widths[columns["previous"]] = 12
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
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
    # Printed on A4 landscape (about 1.7 portrait pages wide at full size), one page wide,
    # the column headings on every page; the ids stay in: error messages name them.
    last = get_column_letter(columns["last"])
    print_setup(
        sheet,
        lang,
        landscape=True,
        title_rows=f"{header_row}:{header_row}",
        area=f"A1:{last}{max(writer.row - 1, header_row)}",
    )
    # Structure (ids, points, headings, rows) cannot be edited by accident; input cells are
    # unlocked, but for the verified values on a region's copy (the assessors fill those in
    # theirs). No password: the protection guards against slips, not people (a password on
    # sheet protection is no secret: its hash sits in the file and removing the element
    # lifts it), and a password would lock the office out of its own template when it is
    # lost. The office unprotects with 审阅 > 撤消工作表保护 (Review > Unprotect Sheet).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_instructions(
    sheet: Worksheet, scheme: Scheme, inputs: SchemeInputs, year: int, lang: str
) -> None:
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
    print_setup(sheet, lang, landscape=False)


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
    rows.extend(["region", title, r.code, r.name] for r, title in zip(regions, titles, strict=True))
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
    lang: Lang = "zh",
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
            raise input_error(
                "cannot write template",
                [("year", "give the assessment year")],
                [("year", "请给出考核年度")],
            )
        year = int(next(iter(years)))  # type: ignore[arg-type]
    _check_regions(region_list)
    assessment_calendar(year)  # the core checks the year (2000-2200)
    by_code = {str(s.get("region", {}).get("code", "")): s for s in known}
    inputs = scheme_inputs(resolved)
    titles = _sheet_titles(region_list)

    workbook = Workbook()
    _write_instructions(workbook.active, resolved, inputs, year, lang)  # type: ignore[arg-type]
    workbook.active.title = INSTRUCTIONS_SHEET  # type: ignore[union-attr]
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists_sheet.sheet_state = "hidden"
    lists, cell_map = _Lists(lists_sheet), _Map()
    for region, title in zip(region_list, titles, strict=True):
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
