"""What the readers of a table refuse in its layout and cells, each problem worded once in
English and in Chinese (``InputError.issues`` and ``.issues_zh``; docs/contracts.md, "Errors").

The one door (:mod:`qualityassess.io.batch`), the row path it is tested against
(:mod:`qualityassess.io.frame`) and the Dask door (:mod:`qualityassess.dask`) refuse the same
column, region or year with the same words. The problems of the columns' values that the core
checks (ranges, levels, scopes: ``EvaluationPlan::check``) are worded in the core; a cell the
readers here refuse is worded as the core words the same problem of a submission (a level
with the levels as the form shows them, "应为整数，而不是 …")."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .. import _core
from .._errors import InputError, input_error

if TYPE_CHECKING:
    from ._inputs import Choice, SchemeInputs

MAX_COUNT = 1_000_000_000
# Column suffixes of a point's values and of a bonus or penalty item's.
LEAF_SUFFIXES = ("target", "self", "verified", "previous")
ADJUSTMENT_SUFFIX = "value"


class Wording(NamedTuple):
    """One problem in English and in Chinese."""

    en: str
    zh: str


# A problem at its place (``row 3 (420000), column 'development_plan.self'``).
Problem = tuple[str, str, str]


def table_error(heading: str, problems: Sequence[Problem]) -> InputError:
    """An InputError listing ``problems``: ``issues`` in English, ``issues_zh`` in Chinese."""
    return input_error(
        heading,
        [(place, en) for place, en, _ in problems],
        [(place, zh) for place, _, zh in problems],
    )


# ---- the layout -------------------------------------------------------------------------------

APPEARS_TWICE = Wording("appears more than once", "列名重复")
MISSING_COLUMN = Wording("missing", "缺少此列")
NO_REGION_COLUMN = Wording(
    "missing: every row needs its region's code", "缺少此列：每一行都须填写地区代码"
)
NO_YEAR = Wording(
    "no assessment year: pass year=... or add a 'year' column",
    "没有考核年度：请传入 year=...，或添加 'year' 列",
)


def column_role(
    column: Hashable, inputs: SchemeInputs, scheme_id: str
) -> tuple[Literal["leaf", "adjustment"], str, str] | Wording:
    """``("leaf" | "adjustment", id, suffix)`` of a column of the table layout, or why it is
    not one."""
    if not isinstance(column, str):
        return Wording(
            f"column names must be text, not {column!r}", f"列名应为文字，而不是 {column!r}"
        )
    stem, dot, suffix = column.rpartition(".")
    if not dot:
        return Wording(
            "not a column of the table layout (region, name, year, <point>.target, "
            f"<point>.self, <point>.verified, <point>.previous, <adjustment>.{ADJUSTMENT_SUFFIX})",
            "不是表格布局中的列（region、name、year、<指标>.target、<指标>.self、"
            f"<指标>.verified、<指标>.previous、<加分或扣分项>.{ADJUSTMENT_SUFFIX}）",
        )
    if inputs.leaf(stem) is not None:
        if suffix in LEAF_SUFFIXES:
            return "leaf", stem, suffix
        return Wording(
            f"'.{suffix}' is not a column suffix (.target, .self, .verified, .previous)",
            f"'.{suffix}' 不是列名后缀（.target、.self、.verified、.previous）",
        )
    if inputs.adjustment(stem) is not None:
        if suffix == ADJUSTMENT_SUFFIX:
            return "adjustment", stem, suffix
        return Wording(
            f"the column of adjustment '{stem}' is '{stem}.{ADJUSTMENT_SUFFIX}'",
            f"加分或扣分项 '{stem}' 的列应为 '{stem}.{ADJUSTMENT_SUFFIX}'",
        )
    return Wording(
        f"'{stem}' is not a point or adjustment of scheme {scheme_id}",
        f"'{stem}' 不是考核方案 {scheme_id} 的指标或加分、扣分项",
    )


# ---- regions and years ------------------------------------------------------------------------

NOT_EMPTY = Wording("must not be empty", "不能为空")
NO_ROW_YEAR = Wording("missing: no assessment year", "缺少考核年度")
NOT_WHOLE = Wording("must be a whole number", "应为整数")


def year_differs(given: object, year: int) -> Wording:
    """A row's year that is not the ``year=`` every row is assessed for."""
    return Wording(f"is {given}, but year={year} was given", f"为 {given}，但已给定 year={year}")


def given_again(code: object, year: object, first: object) -> Wording:
    """A region on a second row (``first``: the label of its first) for the same year."""
    when, when_zh = (f" for {year}", f"在 {year} 年") if year is not None else ("", "")
    return Wording(
        f"region {code} is given again{when} (first at row {first}): each region is assessed "
        "once a year",
        f"地区 {code} {when_zh}重复出现（首次在 row {first}）：每个地区每年只考核一次",
    )


def scheme_differs(named: str, scheme_id: str) -> Wording:
    """As the core words a submission for another scheme."""
    return Wording(
        f"the submission is for scheme '{named}', but it is being assessed with '{scheme_id}'",
        f"材料所属考核方案为 '{named}'，但正用 '{scheme_id}' 考核",
    )


def not_a_region_of_the_table(code: str) -> Wording:
    """An incident naming a region no row of the table has."""
    return Wording(f"{code!r} is not a region of the table", f"{code!r} 不是表中的地区")


# ---- cells ------------------------------------------------------------------------------------

NOT_A_BOOLEAN = Wording("must be true or false", "应为 true 或 false")


def not_a_number(value: Any) -> Wording:
    return Wording(f"must be a number, not {value!r}", f"应为数字，而不是 {value!r}")


def not_true_or_false(value: Any) -> Wording:
    return Wording(f"must be true or false, not {value!r}", f"应为 true 或 false，而不是 {value!r}")


def not_a_yes_or_no(text: str) -> Wording:
    """Text in a yes/no column that is none of the words for yes and no."""
    return Wording(f"{text!r} is not true or false", f"{text!r} 不是 true 或 false（是或否）")


def not_level_text(kind: str, kind_zh: str) -> Wording:
    """A level given as another kind of value (``kind``: "a number", "a boolean")."""
    return Wording(f"must be a level (a string), not {kind}", f"应为等级（文字），而不是{kind_zh}")


def not_a_level(text: str, leaf_id: str, leaf_name_zh: str, levels: Sequence[Choice]) -> Wording:
    """Text that is none of a leaf's levels, worded by the core as for a submission."""
    shown = f"'{text}'"
    return Wording(
        _core.not_a_level_message(shown, leaf_id, [level.id for level in levels]),
        _core.not_a_level_message_zh(
            shown, leaf_id, leaf_name_zh, [(level.id, level.zh, level.en) for level in levels]
        ),
    )


def not_a_checklist(value: Any) -> Wording:
    return Wording(
        f"must be an object of item -> met / partly_met / not_met, not {value!r}",
        f"应为“检查项 -> met / partly_met / not_met”的对象，而不是 {value!r}",
    )


def not_an_item(item: object, leaf_id: str) -> Wording:
    return Wording(f"'{item}' is not an item of {leaf_id}", f"'{item}' 不是 {leaf_id} 的检查项")


def not_an_item_state(value: Any) -> Wording:
    return Wording(
        f"{value!r} is not met, partly_met, not_met, true or false",
        f"{value!r} 应为 met（达到）、partly_met（部分达到）、not_met（未达到）、true 或 false",
    )


def not_a_deduction(value: Any) -> Wording:
    return Wording(
        f"must be an object of kind -> number of occurrences, not {value!r}",
        f"应为“扣分类别 -> 次数”的对象，而不是 {value!r}",
    )


def not_a_kind(kind: object, leaf_id: str) -> Wording:
    return Wording(
        f"'{kind}' is not a deduction kind of {leaf_id}", f"'{kind}' 不是 {leaf_id} 的扣分类别"
    )


OCCURRENCES = Wording("occurrences ", "次数")
_COUNT = Wording("", "")


def not_a_count(value: Any, of: Wording = _COUNT) -> Wording:
    """Not a whole number in 0..MAX_COUNT; ``of``: what is counted (OCCURRENCES)."""
    return Wording(
        f"{of.en}must be a whole number between 0 and {MAX_COUNT}, not {value!r}",
        f"{of.zh}应为 0 到 {MAX_COUNT} 之间的整数，而不是 {value!r}",
    )


# ---- incidents --------------------------------------------------------------------------------

NO_DATE = Wording("missing: every incident needs its date", "缺少日期：每个事件都须填写日期")
NO_SCOPE = Wording("missing: every incident needs its scope", "缺少范围：每个事件都须填写范围")


def not_a_date(value: object) -> Wording:
    """As the core words a submission's date."""
    return Wording(
        f"'{value}' is not a date (YYYY-MM-DD)", f"'{value}' 不是日期（应为 YYYY-MM-DD）"
    )


def duplicate_incident_id(incident_id: object) -> Wording:
    """As the core words a submission's repeated incident id."""
    return Wording(f"duplicate incident id '{incident_id}'", f"事件编号 '{incident_id}' 重复")
