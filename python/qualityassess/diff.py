"""Every change between two schemes (Art. 10: a province adapts the national scheme "to local
conditions" for its prefectures and counties; reviewers need to see all that it changed).

    d = qa.diff("cn-2013", "hubei-2020.json")
    print(d.text("en"))      # ~ nodes/quality_workforce points: 3.5 -> 5 (+1.5) ...
    d.to_frame()             # one row per change
    d.summary()              # per section: how many changes, points added and removed

The comparison is generic: it walks the two canonical documents (``Scheme.to_dict()``)
recursively, matching the items of a list by their ``id`` (or ``grade``) and every other list
by position, so a key the scheme language gains later is compared too. Only the layout of the
records is specific: the indicator tree is flattened (one record per node, its parent and its
place among its siblings compared as well), and the top-level lists, the grading's bands, tiers
and labels and the keys of the other top-level objects become one item each.
(About 900 lines: the diff engine and its four renderings, text, JSON, a frame and HTML, which
share the records' wording; splitting the renderings off is issue 14's remaining work.)"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, overload

from .options import lang_option
from .scheme import Scheme

if TYPE_CHECKING:
    import pandas as pd

    from ._i18n import Lang

__all__ = ["Change", "ChangeKind", "SchemeDiff", "diff"]

ChangeKind = Literal["added", "removed", "changed", "moved"]

# Top-level keys shown under "header" (a derived scheme's document names its base in
# "derived_from"); any other top-level key with a plain value joins them.
_HEADER = ("format", "id", "name", "version", "description", "extends", "derived_from")
# The order of the sections after "header" and "nodes" (that of docs/scheme-language.md's
# top-level table); keys not listed follow in alphabetical order, each as its own section.
_SECTIONS = (
    "total",
    "rounding",
    "misreporting",
    "level_sets",
    "adjustments",
    "grading",
    "incident_scopes",
    "incident_severities",
    "conditions",
    "consequences",
)
# Objects inside a top-level object whose entries are items of their own ("label:A").
_MAPPINGS = ("labels",)
# Keys that identify the entries of a list, in order of preference.
_LIST_KEYS = ("id", "grade")


class _Missing:
    """A key or an item one side does not have."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a JSON value; equal values (3 and 3.0) give equal ones."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _decimal(value: Any) -> Decimal:
    """A JSON number as an exact decimal, read from its shortest string form (3.5, not the
    binary float's expansion)."""
    return Decimal(str(value))


def _number(value: Decimal) -> int | float:
    """A decimal as a JSON number: whole numbers as int."""
    return int(value) if value == value.to_integral_value() else float(value)


def _same(a: Any, b: Any) -> bool:
    """JSON equality: booleans are not numbers, 3 equals 3.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return _decimal(a) == _decimal(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


@dataclass(frozen=True)
class Change:
    """One difference between two schemes.

    ``section``: ``header``, ``nodes``, ``grading``, ``conditions``, ... (a top-level key of the
    scheme document); ``item``: the node, condition, adjustment, level set ... id, the key of a
    top-level object (``max``, ``digits``) or ``band:A``, ``tier:A``, ``label:A`` in grading;
    ``kind``: ``added``, ``removed`` (the whole item; ``field`` is empty), ``changed`` (a value
    at ``field``, a path inside the item such as ``points``, ``name/zh``, ``rule/per_point``,
    ``levels/good/fraction``, ``rule/table/1/fraction``; ``before``/``after`` is None where
    that side has no such key) or ``moved`` (``field`` ``parent``: the parent node's id, None
    at the top level; or ``position``, possibly under a path such as ``levels/good/position``:
    the 1-based place among the common siblings' changed order). ``delta`` is ``after -
    before`` computed exactly when both are numbers."""

    section: str
    item: str
    kind: ChangeKind
    field: str = ""
    before: Any = None
    after: Any = None
    delta: Decimal | None = None

    def __hash__(self) -> int:
        return hash(
            (
                self.section,
                self.item,
                self.kind,
                self.field,
                _frozen(self.before),
                _frozen(self.after),
                self.delta,
            )
        )

    def mirror(self) -> Change:
        """The same change seen from the other side (``diff(b, a)`` for ``diff(a, b)``)."""
        kind: ChangeKind = (
            "removed" if self.kind == "added" else "added" if self.kind == "removed" else self.kind
        )
        return Change(
            self.section,
            self.item,
            kind,
            self.field,
            self.after,
            self.before,
            None if self.delta is None else -self.delta,
        )

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON values (``delta`` a number or None)."""
        return {
            "section": self.section,
            "item": self.item,
            "kind": self.kind,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "delta": None if self.delta is None else _number(self.delta),
        }


# ---- the comparison -------------------------------------------------------------------------


def _join(*parts: str) -> str:
    return "/".join(part for part in parts if part)


def _merged(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """The keys of ``after`` in its order, with those only ``before`` has inserted where they
    stood there (after the nearest preceding key both have)."""
    out = list(after)
    present = set(after)
    place = 0
    for key in before:
        if key in present:
            place = out.index(key) + 1
        else:
            out.insert(place, key)
            place += 1
    return out


def _moves(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """Keys both sequences have whose order among those common keys changed: as few as the
    greedy choice finds, taking first the key out of order with the most others (ties: one
    whose place changed, then the smallest key). The choice depends only on which pairs are
    out of order and on the places, so it is the same whichever side is "before"
    (``diff(b, a)`` mirrors ``diff(a, b)``)."""
    was = {key: index for index, key in enumerate(before)}
    now = {key: index for index, key in enumerate(after)}
    common = [key for key in before if key in now]
    crossed: dict[str, set[str]] = {key: set() for key in common}
    for i, x in enumerate(common):
        for y in common[i + 1 :]:
            if now[x] > now[y]:
                crossed[x].add(y)
                crossed[y].add(x)
    moved: set[str] = set()
    while any(crossed.values()):
        worst = min(crossed, key=lambda key: (-len(crossed[key]), was[key] == now[key], key))
        moved.add(worst)
        for other in crossed.pop(worst):
            crossed[other].discard(worst)
    return [key for key in after if key in moved]


def _list_key(before: list[Any], after: list[Any]) -> str | None:
    """``id`` or ``grade`` when every entry of both lists is an object with a text value there,
    unique within its list; otherwise None (the lists are compared by position)."""
    entries = [*before, *after]
    if not entries:
        return None
    for key in _LIST_KEYS:
        if all(isinstance(x, dict) and isinstance(x.get(key), str) for x in entries) and all(
            len({x[key] for x in side}) == len(side) for side in (before, after)
        ):
            return key
    return None


def _by(entries: list[Any], key: str) -> dict[str, Any]:
    return {str(entry[key]): entry for entry in entries}


def _positions(keys: Sequence[str]) -> dict[str, int]:
    return {key: index + 1 for index, key in enumerate(keys)}


_Difference = tuple[ChangeKind, str, Any, Any]


def _differences(before: Any, after: Any, field: str = "") -> Iterator[_Difference]:
    """Every difference between two JSON values, each once: a value changed (or present on one
    side only) at a path, or an entry of an id-keyed list that moved among the common ones."""
    if before is _MISSING or after is _MISSING:
        if before is not after:
            yield (
                "changed",
                field,
                None if before is _MISSING else before,
                None if after is _MISSING else after,
            )
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in _merged(list(before), list(after)):
            yield from _differences(
                before.get(key, _MISSING), after.get(key, _MISSING), _join(field, str(key))
            )
        return
    if isinstance(before, list) and isinstance(after, list):
        list_key = _list_key(before, after)
        if list_key is not None:
            old, new = _by(before, list_key), _by(after, list_key)
            for name in _merged(list(old), list(new)):
                yield from _differences(
                    old.get(name, _MISSING), new.get(name, _MISSING), _join(field, name)
                )
            was, now = _positions(list(old)), _positions(list(new))
            for name in _moves(list(old), list(new)):
                yield ("moved", _join(field, name, "position"), was[name], now[name])
            return
        if any(isinstance(x, (dict, list)) for x in [*before, *after]):
            # Rows without ids (an attainment table): by position.
            for index in range(max(len(before), len(after))):
                yield from _differences(
                    before[index] if index < len(before) else _MISSING,
                    after[index] if index < len(after) else _MISSING,
                    _join(field, str(index)),
                )
            return
    if not _same(before, after):
        yield ("changed", field, before, after)


def _change(section: str, item: str, difference: _Difference) -> Change:
    kind, field, before, after = difference
    delta = None
    if kind == "changed" and _is_number(before) and _is_number(after):
        delta = _decimal(after) - _decimal(before)
    return Change(section, item, kind, field, before, after, delta)


def _item(section: str, item: str, before: Any, after: Any) -> Iterator[Change]:
    """One item: added, removed, or each of its differences."""
    if before is _MISSING and after is _MISSING:
        return
    if before is _MISSING:
        yield Change(section, item, "added", "", None, after)
    elif after is _MISSING:
        yield Change(section, item, "removed", "", before, None)
    else:
        for difference in _differences(before, after):
            yield _change(section, item, difference)


def _items(
    section: str, before: Mapping[str, Any], after: Mapping[str, Any], order: Sequence[str]
) -> Iterator[Change]:
    for key in order:
        yield from _item(section, key, before.get(key, _MISSING), after.get(key, _MISSING))


def _item_list(values: Sequence[Any]) -> bool:
    """Is this a list (or two) whose entries are items: objects with ids (or grades), or
    distinct names?"""
    lists = [value for value in values if value is not _MISSING]
    if not lists or not all(isinstance(value, list) for value in lists):
        return False
    if _list_key(lists[0], lists[1] if len(lists) > 1 else []) is not None:
        return True
    return all(
        all(isinstance(x, str) for x in value) and len(set(value)) == len(value) for value in lists
    )


def _listed(section: str, prefix: str, before: Any, after: Any) -> Iterator[Change]:
    """A list whose entries are items (:func:`_item_list`): by id (or grade), or by value."""
    before = [] if before is _MISSING else before
    after = [] if after is _MISSING else after
    key = _list_key(before, after)
    if key is not None:
        old, new = _by(before, key), _by(after, key)
    else:
        old, new = {x: x for x in before}, {x: x for x in after}
    for name in _merged(list(old), list(new)):
        yield from _item(section, prefix + name, old.get(name, _MISSING), new.get(name, _MISSING))
    was, now = _positions(list(old)), _positions(list(new))
    for name in _moves(list(old), list(new)):
        yield Change(section, prefix + name, "moved", "position", was[name], now[name])


def _singular(key: str) -> str:
    return key[:-1] if key.endswith("s") else key


def _grade_order(*grading: Mapping[str, Any]) -> list[str]:
    grades: list[str] = []
    for side in grading:
        for entry in [*side.get("bands", []), *side.get("tiers", [])]:
            if isinstance(entry, dict) and str(entry.get("grade")) not in grades:
                grades.append(str(entry.get("grade")))
    return grades


def _object(section: str, before: Any, after: Any) -> Iterator[Change]:
    """A top-level object (total, rounding, grading, ...): one item per key; a list of items
    inside it (grading's bands, tiers) and its labels give one item per entry."""
    before = {} if before is _MISSING else before
    after = {} if after is _MISSING else after
    for key in _merged(list(before), list(after)):
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        prefix = _singular(key) + ":"
        if _item_list([old, new]):
            yield from _listed(section, prefix, old, new)
        elif key in _MAPPINGS and all(isinstance(v, dict) for v in (old, new) if v is not _MISSING):
            old = {} if old is _MISSING else old
            new = {} if new is _MISSING else new
            grades = _grade_order(after, before)
            names = _merged(list(old), list(new))
            names.sort(key=lambda name: grades.index(name) if name in grades else len(grades))
            for name in names:
                yield from _item(
                    section, prefix + name, old.get(name, _MISSING), new.get(name, _MISSING)
                )
        else:
            yield from _item(section, key, old, new)


# ---- the indicator tree ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Node:
    body: dict[str, Any]  # the node without its children
    parent: str | None
    children: tuple[str, ...]


def _tree(document: Mapping[str, Any]) -> tuple[dict[str, _Node], list[str]]:
    """Every node by id (each with its parent and children's ids), and the top-level ids."""
    nodes: dict[str, _Node] = {}

    def visit(node: dict[str, Any], parent: str | None) -> str:
        node_id = str(node["id"])
        children = [visit(child, node_id) for child in node.get("children", [])]
        body = {key: value for key, value in node.items() if key != "children"}
        nodes[node_id] = _Node(body, parent, tuple(children))
        return node_id

    roots = [visit(node, None) for node in document.get("nodes", [])]
    return nodes, roots


def _node_order(
    old: Mapping[str, _Node], old_roots: list[str], new: Mapping[str, _Node], new_roots: list[str]
) -> list[str]:
    """Node ids in the derived tree's pre-order, each removed node where it stood in the base
    (after its nearest preceding sibling), with its removed descendants under it."""
    order: list[str] = []

    def children(parent: str | None) -> list[str]:
        if parent is None:
            base, derived = old_roots, new_roots
        else:
            base = list(old[parent].children) if parent in old else []
            derived = list(new[parent].children) if parent in new else []
        # The base's children that stay here or are gone; those moved elsewhere are listed
        # under their new parent.
        kept = [child for child in base if child in derived or child not in new]
        return _merged(kept, derived)

    def visit(node_id: str) -> None:
        order.append(node_id)
        for child in children(node_id):
            visit(child)

    for root in children(None):
        visit(root)
    return order


def _node_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
    old, old_roots = _tree(before)
    new, new_roots = _tree(after)
    moved_in_place: dict[str, tuple[int, int]] = {}
    for parent in [None, *new]:
        if parent is not None and parent not in old:
            continue
        was = old_roots if parent is None else list(old[parent].children)
        now = new_roots if parent is None else list(new[parent].children)
        for node_id in _moves(was, now):
            moved_in_place[node_id] = (was.index(node_id) + 1, now.index(node_id) + 1)
    for node_id in _node_order(old, old_roots, new, new_roots):
        a, b = old.get(node_id), new.get(node_id)
        if a is None:
            assert b is not None
            yield Change("nodes", node_id, "added", "", None, b.body)
            continue
        if b is None:
            yield Change("nodes", node_id, "removed", "", a.body, None)
            continue
        if a.parent != b.parent:
            yield Change("nodes", node_id, "moved", "parent", a.parent, b.parent)
        elif node_id in moved_in_place:
            was_at, now_at = moved_in_place[node_id]
            yield Change("nodes", node_id, "moved", "position", was_at, now_at)
        for difference in _differences(a.body, b.body):
            yield _change("nodes", node_id, difference)


def _units(document: Mapping[str, Any]) -> dict[str, Decimal]:
    """Nodes whose points add straight into the total, with their points: leaves under sums,
    and min / weighted-mean branches (whose children share the node's points)."""
    units: dict[str, Decimal] = {}

    def visit(node: Mapping[str, Any]) -> None:
        children = node.get("children")
        if children and node.get("aggregate", "sum") == "sum":
            for child in children:
                visit(child)
        else:
            units[str(node["id"])] = _decimal(node.get("points", 0))

    for root in document.get("nodes", []):
        visit(root)
    return units


# ---- the whole document ---------------------------------------------------------------------


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    keys = _merged(list(before), list(after))

    def plain(key: str) -> bool:
        return key in _HEADER or not any(
            isinstance(side.get(key), (dict, list)) for side in (before, after)
        )

    header = [key for key in _HEADER if key in keys]
    header += [key for key in keys if key not in _HEADER and key != "nodes" and plain(key)]
    changes = list(_items("header", before, after, header))
    changes.extend(_node_changes(before, after))
    rest = [key for key in _SECTIONS if key in keys]
    rest += sorted(key for key in keys if key not in rest and key != "nodes" and not plain(key))
    for section in rest:
        old, new = before.get(section, _MISSING), after.get(section, _MISSING)
        present = [value for value in (old, new) if value is not _MISSING]
        if _item_list([old, new]):
            changes.extend(_listed(section, "", old, new))
        elif all(isinstance(value, dict) for value in present):
            changes.extend(_object(section, old, new))
        else:  # a value of its own (or of different types on the two sides)
            changes.extend(_item(section, section, old, new))
    return changes


# ---- the result -----------------------------------------------------------------------------

_WORDS = {
    "en": {
        "none": "(none)",
        "top": "top level",
        "under": "under {path}, {points} {unit}",
        "points": "{points} {unit}",
        "moved": "moved: {before} → {after}",
        "position": "place among siblings: {before} → {after}",
        "no_differences": "no differences",
        "changes": "{count} change(s)",
        "points_summary": "+{added} / -{removed} points",
        "title": "{base} → {derived}",
        "headers": ["", "section", "item", "field", "before", "after", "delta"],
    },
    "zh": {
        "none": "（无）",
        "top": "顶层",
        "under": "位于 {path}，{points} {unit}",
        "points": "{points} {unit}",
        "moved": "移动：{before} → {after}",
        "position": "同级位置：{before} → {after}",
        "no_differences": "无差异",
        "changes": "共 {count} 处差异",
        "points_summary": "增 {added} 分 / 减 {removed} 分",
        "title": "{base} → {derived}",
        "headers": ["", "部分", "项目", "字段", "原值", "新值", "差值"],
    },
}
_SIGNS = {"added": "+", "removed": "-", "changed": "~", "moved": "↷"}
_KINDS = ("added", "removed", "changed", "moved")


def _words(lang: str) -> dict[str, Any]:
    from ._i18n import check_lang

    return _WORDS[check_lang(lang)]


def _show_number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _show(value: Any, lang: str) -> str:
    """A JSON value as text: numbers exactly as written, text as it is, objects as JSON."""
    if value is None:
        return str(_words(lang)["none"])
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        return _show_number(_decimal(value))
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _signed(delta: Decimal) -> str:
    return ("+" if delta > 0 else "") + _show_number(delta)


def _name(value: Any, lang: str) -> str:
    """An item's name (``name``, ``label`` or ``text``) in ``lang``, if it has one."""
    from ._i18n import text

    if isinstance(value, dict):
        if value and set(value) <= {"zh", "en"}:  # a text itself (a grade's label)
            return text(value, lang)
        for key in ("name", "label", "text"):
            if key in value:
                return text(value[key], lang)
    return ""


class SchemeDiff(Sequence[Change]):
    """Every change from a base scheme to a derived one (:func:`diff`): a sequence of
    :class:`Change` records, header first, then the nodes in the derived tree's order (removed
    ones where they stood in the base), then the other sections. Empty (false) when the
    schemes' documents are the same."""

    def __init__(
        self,
        changes: Sequence[Change],
        base: Mapping[str, Any],
        derived: Mapping[str, Any],
    ) -> None:
        self._changes = tuple(changes)
        self._base_id = str(base.get("id", ""))
        self._derived_id = str(derived.get("id", ""))
        self._paths = (_node_paths(base), _node_paths(derived))
        self._units = (_units(base), _units(derived))

    @property
    def base_id(self) -> str:
        return self._base_id

    @property
    def derived_id(self) -> str:
        return self._derived_id

    @overload
    def __getitem__(self, index: int) -> Change: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Change]: ...

    def __getitem__(self, index: int | slice) -> Change | Sequence[Change]:
        return self._changes[index]

    def __len__(self) -> int:
        return len(self._changes)

    def __bool__(self) -> bool:
        return bool(self._changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self._changes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SchemeDiff):
            return NotImplemented
        return self._changes == other._changes

    def __hash__(self) -> int:
        return hash(self._changes)

    def __repr__(self) -> str:
        count = _words(lang_option(None))["changes"].format(count=len(self))
        return f"<SchemeDiff {self._base_id!r} → {self._derived_id!r}: {count}>"

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per section (in the records' order): the number of records of each kind, and for
        ``nodes`` the points added and removed (``points_added``, ``points_removed``, exact
        decimals): per node whose points go straight into the total (a leaf under sums, or a
        min / weighted-mean branch), its rise or fall, a node one side lacks counting as 0.
        ``points_added - points_removed`` is the change of the top-level nodes' sum."""
        out: dict[str, dict[str, Any]] = {}
        for change in self._changes:
            counts = out.setdefault(change.section, dict.fromkeys(_KINDS, 0))
            counts[change.kind] += 1
        if "nodes" in out:
            old, new = self._units
            added = removed = Decimal(0)
            for unit in _merged(list(old), list(new)):
                step = new.get(unit, Decimal(0)) - old.get(unit, Decimal(0))
                if step > 0:
                    added += step
                else:
                    removed -= step
            out["nodes"]["points_added"] = added
            out["nodes"]["points_removed"] = removed
        return out

    def _summary_text(self, lang: str) -> str:
        w = _words(lang)
        if not self._changes:
            return str(w["no_differences"])
        parts = []
        for section, counts in self.summary().items():
            count = sum(counts[kind] for kind in _KINDS)
            part = f"{section} {count}"
            if section == "nodes":
                points = w["points_summary"].format(
                    added=_show_number(counts["points_added"]),
                    removed=_show_number(counts["points_removed"]),
                )
                part += f" ({points})" if lang == "en" else f"（{points}）"
            parts.append(part)
        head = w["changes"].format(count=len(self._changes))
        joined = ", ".join(parts) if lang == "en" else "，".join(parts)
        return f"{head}: {joined}" if lang == "en" else f"{head}：{joined}"

    def _path(self, node_id: Any, side: int, lang: str) -> str:
        """A node's path from the top in the base (side 0) or derived (1) tree."""
        if node_id is None:
            return str(_words(lang)["top"])
        return self._paths[side].get(str(node_id), str(node_id))

    def _detail(self, change: Change, lang: str) -> str:
        """What was added or removed, in a few words: a node's place and points, an item's
        name, or a value."""
        w = _words(lang)
        body = change.after if change.kind == "added" else change.before
        if change.section == "nodes" and isinstance(body, dict):
            points = _show(body.get("points"), lang)
            unit = "分" if lang == "zh" else "point" if points == "1" else "points"
            if change.kind == "removed":
                return str(w["points"].format(points=points, unit=unit))
            parent = self._paths[1].get(change.item, "").rpartition("/")[0]
            return str(w["under"].format(path=parent or w["top"], points=points, unit=unit))
        if isinstance(body, dict):
            return _name(body, lang) or _show(body, lang)
        return "" if body == change.item else _show(body, lang)

    def _cells(self, change: Change, lang: str) -> tuple[str, str]:
        """The change's before and after as text."""
        if change.kind == "added":
            return "", self._detail(change, lang)
        if change.kind == "removed":
            return self._detail(change, lang), ""
        if change.kind == "moved" and change.field == "parent":
            return self._path(change.before, 0, lang), self._path(change.after, 1, lang)
        return _show(change.before, lang), _show(change.after, lang)

    def _line(self, change: Change, lang: str) -> str:
        """One change as a line of text."""
        w = _words(lang)
        en = lang == "en"
        where = f"{_SIGNS[change.kind]} {change.section}/{change.item}"
        before, after = self._cells(change, lang)
        if change.kind in ("added", "removed"):
            detail = after or before
            if not detail:
                return where
            return f"{where} ({detail})" if en else f"{where}（{detail}）"
        if change.kind == "moved":
            if change.field == "parent":
                return f"{where} " + str(w["moved"].format(before=before, after=after))
            inside = change.field.rpartition("/")[0]
            text = w["position"].format(before=before, after=after)
            return f"{where} {inside + ' ' if inside else ''}{text}"
        field = f" {change.field}" if change.field else ""
        line = f"{where}{field}{': ' if en else '：'}{before} → {after}"
        if change.delta is not None:
            delta = _signed(change.delta)
            line += f" ({delta})" if en else f"（{delta}）"
        return line

    def text(self, lang: Lang | None = None) -> str:
        """The changes as text, one per line, after a line with the two ids and the summary:
        ``~`` changed, ``+`` added, ``-`` removed, ``↷`` moved. ``lang``: ``"zh"`` or
        ``"en"``; ``None``: the ``lang`` option (``qa.set_option("lang", ...)``)."""
        lang = lang_option(lang)
        w = _words(lang)
        title = w["title"].format(base=self._base_id, derived=self._derived_id)
        lines = [f"{title}: {self._summary_text(lang)}"]
        lines.extend(self._line(change, lang) for change in self._changes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def to_list(self) -> list[dict[str, Any]]:
        """The records as JSON values (:meth:`Change.to_dict`)."""
        return [change.to_dict() for change in self._changes]

    def to_dict(self) -> dict[str, Any]:
        """``{"base", "derived", "changes", "summary"}`` as JSON values."""
        summary = {
            section: {
                key: _number(value) if isinstance(value, Decimal) else value
                for key, value in counts.items()
            }
            for section, counts in self.summary().items()
        }
        return {
            "base": self._base_id,
            "derived": self._derived_id,
            "changes": self.to_list(),
            "summary": summary,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """One row per change: ``section``, ``item``, ``kind``, ``field``, ``before``,
        ``after`` (JSON values) and ``delta`` (float, NaN where there is none)."""
        import pandas as pd

        columns = ["section", "item", "kind", "field", "before", "after", "delta"]
        frame = pd.DataFrame(
            [[c.section, c.item, c.kind, c.field, c.before, c.after, None] for c in self._changes],
            columns=columns,
            dtype=object,
        )
        frame["delta"] = pd.Series(
            [float("nan") if c.delta is None else float(c.delta) for c in self._changes],
            index=frame.index,
            dtype="float64",
        )
        return frame

    def to_html(self, lang: Lang | None = None) -> str:
        """The changes as an HTML table (autoescaped: names from a scheme file stay text).
        ``lang``: ``"zh"`` or ``"en"``; ``None``: the ``lang`` option."""
        from .display.html import _environment

        lang = lang_option(lang)
        w = _words(lang)
        rows = []
        for change in self._changes:
            before, after = self._cells(change, lang)
            rows.append(
                {
                    "kind": change.kind,
                    "sign": _SIGNS[change.kind],
                    "section": change.section,
                    "item": change.item,
                    "field": change.field,
                    "before": before,
                    "after": after,
                    "delta": "" if change.delta is None else _signed(change.delta),
                }
            )
        template = _environment().from_string(_HTML)
        return template.render(
            title=w["title"].format(base=self._base_id, derived=self._derived_id),
            summary=self._summary_text(lang),
            headers=w["headers"],
            rows=rows,
        )

    def _repr_html_(self) -> str:
        return self.to_html()


_HTML = """<div class="qa qa-diff">
<style>{% include "_style.css" %}</style>
<h3>{{ title }}</h3>
<p>{{ summary }}</p>
{% if rows %}
<table>
  <thead><tr>
  {% for h in headers %}
    <th{% if loop.last %} class="num"{% endif %}>{{ h }}</th>
  {% endfor %}
  </tr></thead>
  <tbody>
  {% for r in rows %}
    <tr class="{{ r.kind }}"><td>{{ r.sign }}</td><td>{{ r.section }}</td><td>{{ r.item }}</td>
      <td>{{ r.field }}</td><td>{{ r.before }}</td><td>{{ r.after }}</td>
      <td class="num">{{ r.delta }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endif %}
</div>"""


def _node_paths(document: Mapping[str, Any]) -> dict[str, str]:
    """Each node's path from the top: ``measures/macro/development_plan``."""
    nodes, _ = _tree(document)
    paths: dict[str, str] = {}
    for node_id in nodes:
        parts = [node_id]
        parent = nodes[node_id].parent
        while parent is not None:
            parts.append(parent)
            parent = nodes[parent].parent
        paths[node_id] = "/".join(reversed(parts))
    return paths


def diff(
    base: Scheme | str | os.PathLike[str], derived: Scheme | str | os.PathLike[str]
) -> SchemeDiff:
    """Every change from one scheme to another, e.g. a province's scheme adapted from the
    national one (Art. 10), or next year's scheme.

    Compares the canonical documents (``Scheme.to_dict()``): every difference at any depth is
    one :class:`Change`; ``diff(b, a)`` holds the mirror image of each change of ``diff(a,
    b)`` (:meth:`Change.mirror`).

    Parameters
    ----------
    base, derived : Scheme, str or os.PathLike
        The schemes before and after: each a :class:`Scheme`, a built-in id or a scheme
        file's path.

    Returns
    -------
    SchemeDiff
        A sequence of :class:`Change`, with ``summary()``, ``text(lang)``, ``to_frame()``,
        ``to_html(lang)`` and ``to_json()``.

    Raises
    ------
    SchemeError
        A scheme file is not a valid scheme.

    Examples
    --------
    >>> import qualityassess as qa
    >>> lenient = qa.Scheme.builtin("cn-2013").to_dict()
    >>> lenient["id"], lenient["grading"]["bands"][0]["min"] = "cn-2013-lenient", 85
    >>> changes = qa.diff("cn-2013", qa.Scheme.from_dict(lenient))
    >>> print(changes.text("en"))
    cn-2013 → cn-2013-lenient: 2 change(s): header 1, grading 1
    ~ header/id: cn-2013 → cn-2013-lenient
    ~ grading/band:A min: 90 → 85 (-5)
    """
    before = Scheme.resolve(base).to_dict()
    after = Scheme.resolve(derived).to_dict()
    return SchemeDiff(_changes(before, after), before, after)
