"""The template's data validations: dropdown lists kept on a hidden sheet, range checks, and
for every one an input prompt and an error alert in the sheet's language (issue 17)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ._shared import LISTS_SHEET, _put

# Beyond any value a rule allows; an open end of a range check (Excel's "between" needs both).
_OPEN_END = 1e12


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
        "at_most_prompt": "数值，不大于 {high}",
        "at_most_error": "请填写不大于 {high} 的数值（不带单位或百分号）。",
        "in_unit": "（单位：{unit}）",
        "any_number_title": "须为数值",
        "any_number_prompt": "数值",
        "any_number_error": "请填写数值（不带单位或百分号）。",
        "whole_title": "须为整数",
        "whole_error": "请填写不小于 0 的整数（次数、人数）。",
        "whole_prompt": "整数，不小于 0",
        "date_title": "日期无效",
        "date_error": "请填写日期，格式为 YYYY-MM-DD（例如 2019-06-30）。",
        "date_prompt": "日期，格式 YYYY-MM-DD",
        "prompt_title": "填写说明",
        "assessors_title": "考核组填写",
        "assessors_prompt": "核查值由考核组在核查时填写，地区无需填写（本列已锁定）。{prompt}",
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
        "at_most_prompt": "A number, at most {high}",
        "at_most_error": "Enter a number of at most {high} (no unit, no % sign).",
        "in_unit": " (in {unit})",
        "any_number_title": "A number",
        "any_number_prompt": "A number",
        "any_number_error": "Enter a number (no unit, no % sign).",
        "whole_title": "A whole number",
        "whole_error": "Enter a whole number of 0 or more (a count).",
        "whole_prompt": "A whole number, 0 or more",
        "date_title": "Not a date",
        "date_error": "Enter a date as YYYY-MM-DD (e.g. 2019-06-30).",
        "date_prompt": "A date, YYYY-MM-DD",
        "prompt_title": "How to fill",
        "assessors_title": "For the assessors",
        "assessors_prompt": "Filled in by the assessors when they check; the region leaves "
        "it empty (the column is locked). {prompt}",
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
        self,
        key: tuple[Any, ...],
        title: str,
        error: str,
        prompt: str,
        assessors: bool,
        **options: Any,
    ) -> DataValidation:
        """``assessors``: the cell is the assessors' (locked on the regions' copy); its prompt
        says so first. The check itself stays, for the office that unprotects the sheet."""
        says = _VALIDATION_TEXT[self.lang]
        key = (*key, assessors)
        if key not in self.made:
            prompt_title = says["prompt_title"]
            if assessors:
                prompt_title = says["assessors_title"]
                prompt = says["assessors_prompt"].format(prompt=prompt)
            validation = DataValidation(
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle=_shorten(title, 32),
                error=_shorten(error, 255),
                showInputMessage=True,
                promptTitle=_shorten(prompt_title, 32),
                prompt=_shorten(prompt, 255),
                **options,
            )
            self.sheet.add_data_validation(validation)
            self.made[key] = validation
        return self.made[key]

    def choose(
        self, cell: str, entries: Sequence[str], shown: Sequence[str] = (), assessors: bool = False
    ) -> None:
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
            assessors,
            type="list",
            formula1=formula,
        ).add(cell)

    def decimal(
        self,
        cell: str,
        low: float | None,
        high: float | None,
        assessors: bool = False,
        unit: str = "",
    ) -> None:
        """A number in [low, high]; an open end (None) is neither checked nor named. ``unit``
        (e.g. "%"): what the number counts, named in the prompt (the value is typed without)."""
        says = _VALIDATION_TEXT[self.lang]
        title = says["decimal_title"]
        if low is None and high is None:
            title, error, prompt = (says[f"any_number_{k}"] for k in ("title", "error", "prompt"))
        elif high is None:
            error = says["number_error"].format(low=f"{low:g}")
            prompt = says["number_prompt"].format(low=f"{low:g}")
        elif low is None:
            error = says["at_most_error"].format(high=f"{high:g}")
            prompt = says["at_most_prompt"].format(high=f"{high:g}")
        else:
            shown = {"low": f"{low:g}", "high": f"{high:g}"}
            error = says["decimal_error"].format(**shown)
            prompt = says["decimal_prompt"].format(**shown)
        if unit:
            prompt += says["in_unit"].format(unit=unit)
        low = -_OPEN_END if low is None else low
        high = _OPEN_END if high is None else high
        self._get(
            ("decimal", low, high, unit),
            title,
            error,
            prompt,
            assessors,
            type="decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
        ).add(cell)

    def whole(self, cell: str, assessors: bool = False) -> None:
        says = _VALIDATION_TEXT[self.lang]
        self._get(
            ("whole",),
            says["whole_title"],
            says["whole_error"],
            says["whole_prompt"],
            assessors,
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
            False,
            type="date",
            operator="greaterThan",
            formula1="1",
        ).add(cell)
