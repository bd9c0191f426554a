"""What a scheme asks a region to fill in, read from its canonical document: for each leaf the
shape of its value (a number in a range, a level, checklist items, kinds of deduction), whether
it takes a filed target or last year's value, and the adjustments and incident vocabulary.

Tables, workbooks and forms are laid out from this; nothing here scores anything. Values are
converted to the JSON shapes of the Submission contract and then checked by the core."""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Any

from .. import _core
from ..scheme import Scheme

__all__ = [
    "MISSING",
    "AdjustmentInput",
    "Choice",
    "LeafInput",
    "SchemeInputs",
    "as_boolean",
    "as_whole_number",
    "convert_adjustment_value",
    "convert_leaf_value",
    "is_blank",
    "plain_scalar",
    "scheme_inputs",
]

# The states of a checklist item the core accepts, with the labels a form shows.
CHECKLIST_STATES = (
    ("met", "达到", "met"),
    ("partly_met", "部分达到", "partly met"),
    ("not_met", "未达到", "not met"),
)
# Yes/no as typed into a table or picked from a dropdown.
TRUE_WORDS = frozenset({"true", "yes", "y", "是", "对", "有"})
FALSE_WORDS = frozenset({"false", "no", "n", "否", "无"})


class _Missing:
    """A value that was not given (an empty cell, NaN, None)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


# Rules whose values are numbers: a target's actual value, direct points, a figure (``value``).
NUMERIC_RULES = ("target", "direct", "value")


@dataclass(frozen=True)
class Choice:
    """An id with its Chinese and English labels (a level, a checklist item, a scope, ...)."""

    id: str
    zh: str
    en: str
    points: float | None = None  # a checklist item's points, a deduction kind's per occurrence

    def label(self, lang: str) -> str:
        return (self.zh or self.en or self.id) if lang == "zh" else (self.en or self.zh or self.id)


@dataclass(frozen=True)
class LeafInput:
    """One assessment point as a form shows it."""

    id: str
    name: Choice
    number: str
    points: float
    rule: str
    takes_target: bool = False
    fixed_target: float | None = None
    min_value: float | None = None
    max_value: float | None = None
    unit: str = ""  # of a target rule's value ("%"), as forms name it
    takes_previous: bool = False
    levels: tuple[Choice, ...] = ()
    items: tuple[Choice, ...] = ()
    kinds: tuple[Choice, ...] = ()
    # Computed from the results of the level below (Art. 10, ``from_lower_level``) or from two
    # other points' values (``derived``), never filed.
    computed: bool = False
    derived_from: tuple[str, str] | None = None

    @property
    def numeric(self) -> bool:
        """Values are numbers (a target rule's actual value, direct points, a figure)."""
        return self.rule in NUMERIC_RULES

    @property
    def value_range(self) -> tuple[float | None, float | None]:
        if self.rule == "direct":
            return 0.0, self.points
        return self.min_value, self.max_value


@dataclass(frozen=True)
class AdjustmentInput:
    """A bonus or penalty item outside the base."""

    id: str
    name: Choice
    kind: str
    input: str
    cap: float


@dataclass(frozen=True)
class SchemeInputs:
    leaves: tuple[LeafInput, ...]
    adjustments: tuple[AdjustmentInput, ...]
    scopes: tuple[Choice, ...]
    severities: tuple[str, ...]

    def leaf(self, leaf_id: str) -> LeafInput | None:
        return next((leaf for leaf in self.leaves if leaf.id == leaf_id), None)

    def adjustment(self, adjustment_id: str) -> AdjustmentInput | None:
        return next((a for a in self.adjustments if a.id == adjustment_id), None)

    @property
    def takes_previous(self) -> bool:
        return any(leaf.takes_previous for leaf in self.leaves)


def _text(value: Any, fallback: str = "") -> Choice:
    if isinstance(value, dict):
        return Choice(fallback, str(value.get("zh", "")), str(value.get("en", "")))
    if isinstance(value, str):
        return Choice(fallback, value, value)
    return Choice(fallback, "", "")


def _choices(
    entries: list[dict[str, Any]], label_key: str, points_key: str = ""
) -> tuple[Choice, ...]:
    out = []
    for entry in entries:
        text = _text(entry.get(label_key))
        points = entry.get(points_key) if points_key else None
        number = None if points is None else float(points)
        out.append(Choice(str(entry["id"]), text.zh, text.en, number))
    return tuple(out)


def _leaf_input(node: dict[str, Any], level_sets: dict[str, list[dict[str, Any]]]) -> LeafInput:
    rule: dict[str, Any] = node["rule"]
    kind = str(rule["type"])
    name = _text(node.get("name"), str(node["id"]))
    common: dict[str, Any] = {
        "id": str(node["id"]),
        "name": name,
        "number": str(node.get("number", "")),
        "points": float(node.get("points", 0)),  # informational points have none
        "rule": kind,
        "computed": "from_lower_level" in node or "derived" in node,
        "derived_from": tuple(node["derived"]["of"]) if "derived" in node else None,
    }
    if kind in ("target", "value"):
        fixed = rule.get("target")
        return LeafInput(
            **common,
            takes_target=fixed is None,
            fixed_target=None if fixed is None else float(fixed),
            min_value=None if rule.get("min_value") is None else float(rule["min_value"]),
            max_value=None if rule.get("max_value") is None else float(rule["max_value"]),
            unit=str(rule.get("unit") or ""),
            takes_previous=bool(rule.get("zero_if_worse_than_previous", False)),
        )
    if kind == "levels":
        levels = rule.get("levels") or level_sets.get(str(rule.get("level_set")), [])
        return LeafInput(**common, levels=_choices(levels, "label"))
    if kind == "checklist":
        return LeafInput(**common, items=_choices(rule.get("items", []), "name", "points"))
    if kind == "deduction":
        return LeafInput(**common, kinds=_choices(rule.get("kinds", []), "name", "per_occurrence"))
    return LeafInput(**common)


def _walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        out.append(node)
        out.extend(_walk(node.get("children", [])))
    return out


def scheme_inputs(scheme: Scheme) -> SchemeInputs:
    """The inputs ``scheme`` takes, leaves in scheme order."""
    document = scheme.to_dict()
    level_sets = {str(s["id"]): list(s["levels"]) for s in document.get("level_sets", [])}
    leaves = tuple(
        _leaf_input(node, level_sets) for node in _walk(document["nodes"]) if "rule" in node
    )
    adjustments = tuple(
        AdjustmentInput(
            id=str(a["id"]),
            name=_text(a.get("name"), str(a["id"])),
            kind=str(a["kind"]),
            input=str(a.get("input", "direct")),
            cap=float(a["cap"]),
        )
        for a in document.get("adjustments", [])
    )
    scopes = _choices(document.get("incident_scopes", []), "name")
    severities = tuple(str(s) for s in document.get("incident_severities", []))
    return SchemeInputs(leaves, adjustments, scopes, severities)


def is_blank(value: Any) -> bool:
    """Not given: None, NaN, pandas' NA/NaT, or a string of whitespace."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    try:  # pandas.NA, NaT and NumPy NaN without importing pandas here
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def plain_scalar(value: Any) -> Any:
    """NumPy scalars and timestamps as plain Python values; strings stripped."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, _dt.datetime):  # also pandas.Timestamp
        return value.date() if value.time() == _dt.time() else value
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (list, dict, tuple)):
        try:
            return plain_scalar(item())
        except (TypeError, ValueError):
            return value
    return value


def _whole(value: Any) -> Any:
    """2.0 (how tables often hold counts) as 2; anything else unchanged for the core to judge."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# ASCII digits; commas only as thousands separators in groups of three; a point for decimals.
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?", re.ASCII)


class NumberTextError(ValueError):
    """Why a text is not a number: ``str(error)`` in English, ``zh`` in Chinese."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


def number_from_text(text: str) -> float:
    """A number typed as text, read by one explicit rule for every table, workbook and form:
    ASCII digits, a point for decimals, commas only as thousands separators ("1,234.5").
    Raises NumberTextError (a ValueError) saying why for anything else, never reading it as
    another number: a decimal comma ("9,5" is not 95), underscores ("9_5"), other digits
    ("９５"), a percent sign, and numbers too large or too small to hold ("1e-400" is not 0)."""
    written = text.strip()
    if _NUMBER_TEXT.fullmatch(written) is None:
        if re.fullmatch(r"[+-]?\d+,\d+", written, re.ASCII):
            raise NumberTextError(
                f"'{text}' has a decimal comma or a misplaced separator: write 9.5",
                f"'{text}' 含小数逗号或位置不对的千位分隔符：小数请写作 9.5",
            )
        if written.endswith("%"):
            raise NumberTextError(
                f"'{text}': give the number without the percent sign",
                f"'{text}'：请去掉百分号，只填数字",
            )
        raise NumberTextError(
            f"'{text}' is not a number (digits 0-9, a point for decimals)",
            f"'{text}' 不是数字（应使用数字 0-9，小数点用“.”）",
        )
    value = float(written.replace(",", ""))
    mantissa = re.split(r"[eE]", written)[0]
    if not math.isfinite(value) or (value == 0 and any(c in "123456789" for c in mantissa)):
        raise NumberTextError(
            f"'{text}' is too large or too small a number", f"'{text}' 数值过大或过小"
        )
    return value


def _number(value: Any) -> Any:
    """A number typed as text ("92.3") as a number; anything else (including text that is not
    a number by number_from_text's rule) unchanged, for the core to refuse."""
    if isinstance(value, str):
        try:
            return number_from_text(value)
        except ValueError:
            return value
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    if type(value) is int and value in (0, 1):  # not bool, which is an int too
        return bool(value)
    return value


def _object(value: Any) -> Any:
    """A checklist or deduction value given as JSON text in a single cell, parsed strictly by
    the core (a duplicate key would otherwise be read silently); text that is not such JSON
    stays text, which the assessment then refuses as the wrong type."""
    if isinstance(value, str) and value.startswith("{"):
        try:
            return _core.parse_json(value)
        except ValueError:
            return value
    return value


def _checklist_state(value: Any) -> Any:
    if isinstance(value, str):
        for state, zh, en in CHECKLIST_STATES:
            if value in (state, zh, en):
                return state
    return _boolean(value)


def as_boolean(value: Any) -> Any:
    """是/否, yes/no, true/false (any case) and 1/0 as a boolean; anything else unchanged."""
    return _boolean(plain_scalar(value))


def as_whole_number(value: Any) -> Any:
    """ "3", 3.0 as 3; anything else unchanged (the core says what is wrong with it)."""
    return _whole(_number(plain_scalar(value)))


def convert_leaf_value(leaf: LeafInput | None, value: Any, *, item: bool = False) -> Any:
    """A cell's value in the JSON shape the leaf's rule takes, or MISSING when blank.

    Only the representation changes (text to number, 是/否 to true/false, a checklist state's
    label to its id); whether the value is acceptable is the core's decision. ``item``: the
    value of one checklist item or one kind of deduction."""
    if is_blank(value):
        return MISSING
    value = plain_scalar(value)
    if leaf is None:
        return value
    if item:
        return _checklist_state(value) if leaf.rule == "checklist" else _whole(_number(value))
    if leaf.rule in NUMERIC_RULES:
        return _number(value)
    if leaf.rule == "boolean":
        return _boolean(value)
    if leaf.rule == "checklist":
        return _object(value)
    if leaf.rule == "deduction":
        return _whole(_number(_object(value)))
    return value


def convert_adjustment_value(adjustment: AdjustmentInput | None, value: Any) -> Any:
    if is_blank(value):
        return MISSING
    value = plain_scalar(value)
    if adjustment is None:
        return value
    if adjustment.input == "boolean":
        return _boolean(value)
    if adjustment.input == "count":
        return _whole(_number(value))
    return _number(value)


def region_code(value: Any) -> str:
    """A region code as text: 420000 and 420000.0 (how a CSV reader may give it) as "420000"."""
    value = plain_scalar(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
