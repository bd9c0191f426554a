"""The region hierarchy and roll-ups (Art. 10: provinces assess their prefectures, prefectures
their counties).

A region file lists regions by GB/T 2260 code (six digits: ``xx0000`` a province, ``xxyy00`` a
prefecture, ``xxyyzz`` a county) with their names, and optionally their level and parent; the
core checks it (``qualityassess._core.RegionTree``) and reports every problem at once with the
row's place. :func:`roll_up` groups results under their prefecture or province. The file format
is described in docs/regions.md.
(About 640 lines: the readers of the JSON and CSV files, the tree, the roll-up frames and their
command-line tables; splitting the readers from the roll-up is issue 14's remaining work.)"""

from __future__ import annotations

import csv
import html
import io
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

from .. import _core
from .._errors import InputError, issues_of
from .._frames import REGION
from .._logging import sync_level
from ..assessment import Result
from ..scheme import read_document_file
from ._issues import input_error, pointer
from ._table_problems import Problem, Wording, table_error

if TYPE_CHECKING:
    import pandas as pd

    from .._i18n import Lang

__all__ = ["REGIONS_FORMAT", "Level", "Region", "Regions", "RollupTable", "roll_up", "rollup_table"]

REGIONS_FORMAT = "qualityassess-regions/1"
Level = Literal["province", "prefecture", "county"]
LEVELS: tuple[Level, ...] = ("province", "prefecture", "county")
COLUMNS = ("code", "name", "level", "parent")
CodeLike = str | int
PathLike = Union[str, "os.PathLike[str]"]

_HEADING = "invalid region file"
_JSON_KEYS = ("format", "note", "regions")


@dataclass(frozen=True)
class Region:
    """One region of a region file: its code, name, level and parent's code (None for a
    province)."""

    code: str
    name: str
    level: Level
    parent: str | None


# ---- values --------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """NumPy scalars (e.g. an int64 code from a DataFrame) as plain Python values."""
    if isinstance(value, (str, bytes, bool, int, float)) or value is None:
        return value
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return item()
        except (TypeError, ValueError):
            return value
    return value


def _is_missing(value: Any) -> bool:
    """None, NaN or pandas' NA: a cell left empty."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas.NA, pandas.NaT
        return True
    try:
        return bool(value != value)  # NumPy NaN
    except (TypeError, ValueError):
        return False


class _NotACode(ValueError):
    """Why a value is not a region code, in English (``str``) and Chinese (``wording``)."""

    def __init__(self, wording: Wording) -> None:
        super().__init__(wording.en)
        self.wording = wording


def _not_a_code(shown: str) -> _NotACode:
    return _NotACode(
        Wording(
            f"must be a region code (text or a whole number), not {shown}",
            f"应为地区代码（文字或整数），而不是 {shown}",
        )
    )


def _code_text(value: Any) -> str:
    """A code as text: an int (990100, e.g. from a spreadsheet) as six digits. Raises
    _NotACode with the reason for anything that is neither text nor a whole number."""
    value = _plain(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise _not_a_code(repr(value))
    if isinstance(value, int):
        return f"{value:06d}" if 0 <= value <= 999999 else str(value)
    if isinstance(value, float):
        raise _NotACode(
            Wording(
                f"{value!r} is a decimal number; give codes as text or whole numbers "
                "(e.g. read the column with dtype=str)",
                f"{value!r} 是小数；地区代码应为文字或整数（例如按 dtype=str 读取该列）",
            )
        )
    raise _not_a_code(type(value).__name__)


def _code(value: CodeLike) -> str:
    """A code given to a query, as text (queries raise InputError for a bad type)."""
    try:
        return _code_text(value)
    except _NotACode as problem:
        raise table_error("invalid region code", [("code", *problem.wording)]) from None


def _field_place(location: str, field: str) -> str:
    """Where a field of a row is: "/regions/3/parent", or "row 4, column 'parent'"."""
    if location.startswith("/"):
        return f"{location}/{field}"
    return f"{location}, column {field!r}"


def _row(values: Mapping[str, Any], location: str, issues: list[Problem]) -> dict[str, Any]:
    """A row for the core: code and parent as text, name and level as they are (text), absent
    level and parent as None. Problems of type go to ``issues`` with the field's place."""
    row: dict[str, Any] = {"location": location}
    for field in COLUMNS:
        value = _plain(values.get(field))
        optional = field in ("level", "parent")
        if _is_missing(value):
            row[field] = None if optional else ""
        elif field in ("code", "parent"):
            try:
                row[field] = _code_text(value)
            except _NotACode as problem:
                issues.append((_field_place(location, field), *problem.wording))
                row[field] = None if optional else ""
        elif isinstance(value, str):
            text = value.strip()
            row[field] = (text or None) if optional else text
        else:
            given = type(value).__name__
            issues.append(
                (
                    _field_place(location, field),
                    f"must be text, not {given}",
                    f"应为文字，而不是 {given}",
                )
            )
            row[field] = None if optional else ""
    return row


def _build(rows: list[dict[str, Any]], issues: list[Problem], heading: str) -> Regions:
    if issues:
        raise table_error(heading, issues)
    sync_level()
    try:
        return Regions(_core.RegionTree(rows))
    except InputError as error:
        if heading == _HEADING:
            raise
        raise input_error(heading, issues_of(error), issues_of(error, "zh")) from None


# ---- reading -------------------------------------------------------------------------------


def _csv_rows(path: PathLike, heading: str) -> list[dict[str, Any]]:
    name = Path(path).name
    text = read_document_file(path, InputError, heading)
    limit = int(_core.document_limits()["max_bytes"])
    if len(text.encode("utf-8")) > limit:
        too_large = ("", f"larger than {limit} bytes; not read", f"超过 {limit} 字节，未读取")
        raise table_error(heading, [too_large])
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    issues: list[Problem] = []
    first = f"{name} line 1"
    try:
        header = next(reader)
    except StopIteration:
        raise table_error(heading, [(first, "empty file: no header", "空文件：没有表头")]) from None
    except csv.Error as problem:
        raise table_error(heading, [(first, str(problem), str(problem))]) from None
    columns = [cell.strip() for cell in header]
    issues.extend((first, *wording) for wording in _column_problems(columns))
    if issues:
        raise table_error(heading, issues)
    rows: list[dict[str, Any]] = []
    limit_rows = int(_core.RegionTree.max_regions)
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as problem:
            issues.append((f"{name} line {start}", str(problem), str(problem)))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        location = f"{name} line {start}"
        if len(cells) > len(columns):
            cells_, header_ = len(cells), len(columns)
            issues.append(
                (
                    location,
                    f"{cells_} cells; the header has {header_} columns",
                    f"{cells_} 个单元格，而表头只有 {header_} 列",
                )
            )
            continue
        if len(rows) == limit_rows:
            raise table_error(
                heading,
                [
                    (
                        location,
                        f"more than {limit_rows} regions; a region file holds fewer",
                        f"超过 {limit_rows} 个地区；地区文件所含地区应少于此数",
                    )
                ],
            )
        # A short row (trailing empty cells left off) leaves its last columns blank.
        rows.append(_row(dict(zip(columns, cells, strict=False)), location, issues))
    if issues:
        raise table_error(heading, issues)
    return rows


def _column_problems(columns: Sequence[Any]) -> list[Wording]:
    """What is wrong with a region table's columns: one not of the layout, one twice, code or
    name missing."""
    problems = []
    seen: set[Any] = set()
    for column in columns:
        if column not in COLUMNS:
            problems.append(
                Wording(
                    f"column {column!r} is not code, name, level or parent",
                    f"列 {column!r} 不是 code、name、level 或 parent",
                )
            )
        elif column in seen:
            problems.append(
                Wording(f"column {column!r} appears twice", f"列 {column!r} 出现了两次")
            )
        seen.add(column)
    for wanted in ("code", "name"):
        if wanted not in columns:
            problems.append(Wording(f"no column {wanted!r}", f"缺少列 {wanted!r}"))
    return problems


def _unknown_key(key: Any, keys: Sequence[str]) -> Wording:
    return Wording(
        f"unknown key {key!r} ({', '.join(keys)})", f"未知的键 {key!r}（{'、'.join(keys)}）"
    )


def _json_rows(path: PathLike, heading: str) -> list[dict[str, Any]]:
    text = read_document_file(path, InputError, heading)
    try:
        document = _core.parse_json(text, "other")
    except InputError as error:
        raise input_error(heading, issues_of(error), issues_of(error, "zh")) from None
    return _document_rows(document, heading)


def _document_rows(document: Any, heading: str) -> list[dict[str, Any]]:
    """Rows of a region document: ``{"format": ..., "note": ..., "regions": [...]}`` or a bare
    list, each entry ``{code, name, level?, parent?}``; places are JSON Pointers."""
    issues: list[Problem] = []
    base: tuple[str, ...] = ()
    if isinstance(document, dict):
        for key in document:
            if key not in _JSON_KEYS:
                issues.append((pointer(key), *_unknown_key(key, _JSON_KEYS)))
        if document.get("format") != REGIONS_FORMAT:
            given = repr(document.get("format"))
            issues.append(
                (
                    pointer("format"),
                    f"must be {REGIONS_FORMAT!r}, not {given}",
                    f"应为 {REGIONS_FORMAT!r}，而不是 {given}",
                )
            )
        note = document.get("note")
        if note is not None and not isinstance(note, str):
            issues.append((pointer("note"), "must be text", "应为文字"))
        entries = document.get("regions")
        base = ("regions",)
        if not isinstance(entries, list):
            issues.append((pointer("regions"), "must be a list of regions", "应为地区的列表"))
            raise table_error(heading, issues)
    elif isinstance(document, list):
        entries = document
    else:
        given = str(type(document))
        raise table_error(
            heading,
            [
                (
                    "/",
                    f"must be an object with 'regions' or a list, not {given}",
                    f"应为含 'regions' 的对象或列表，而不是 {given}",
                )
            ],
        )
    rows = []
    for index, entry in enumerate(entries):
        location = pointer(*base, index)
        if not isinstance(entry, dict):
            issues.append(
                (location, "must be an object with code and name", "应为含 code 和 name 的对象")
            )
            continue
        for key in entry:
            if key not in COLUMNS:
                issues.append((pointer(*base, index, key), *_unknown_key(key, COLUMNS)))
        rows.append(_row(entry, location, issues))
    if issues:
        raise table_error(heading, issues)
    return rows


# ---- the hierarchy ---------------------------------------------------------------------------


class Regions(Mapping[str, Region]):
    """The region hierarchy, checked: a mapping code -> :class:`Region` in code order, with
    the tree's queries (``children``, ``descendants``, ``ancestors``, ``at_level``...).

    Build one with :meth:`load`, :meth:`from_records` or :meth:`from_frame`; every problem of
    the input is reported at once in a :class:`qualityassess.InputError` whose ``issues`` name
    the rows (``regions.csv line 5``, ``/regions/2/parent``). Codes may be given as text or as
    whole numbers (990100). A region's level and parent, when not given, follow from its
    six-digit code (GB/T 2260).

    Examples
    --------
    >>> import qualityassess as qa
    >>> regions = qa.Regions.from_records([
    ...     {"code": "990000", "name": "示例省"},
    ...     {"code": "990100", "name": "东川市"},
    ...     {"code": 990200, "name": "西川市"},
    ... ])
    >>> regions
    <Regions: 1 province, 2 prefectures, 0 counties>
    >>> regions.children("990000"), regions["990200"].parent
    (['990100', '990200'], '990000')
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.RegionTree) -> None:
        if not isinstance(core, _core.RegionTree):
            raise TypeError("use Regions.load, Regions.from_records or Regions.from_frame")
        self._core = core

    # -- building --

    @classmethod
    def load(cls, path: PathLike) -> Regions:
        """Read a region file.

        Parameters
        ----------
        path : str or os.PathLike
            A ``.csv`` file (UTF-8, with or without a BOM; header ``code,name`` and
            optionally ``level``, ``parent``, in any order) or a ``.json`` one
            (``{"format": "qualityassess-regions/1", "regions": [...]}`` or a bare list of
            records as :meth:`from_records` takes them).

        Returns
        -------
        Regions

        Raises
        ------
        InputError
            The file is not a valid region file; ``issues`` names every row at fault
            (``regions.csv line 5``).
        OSError
            The file cannot be read.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import qualityassess as qa
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "regions.csv"
        >>> _ = path.write_text("code,name\\n990000,示例省\\n990100,东川市\\n", encoding="utf-8")
        >>> regions = qa.Regions.load(path)
        >>> regions.level("990100"), regions.ancestors("990100")
        ('prefecture', ['990000'])
        """
        suffix = Path(path).suffix.lower()
        heading = f"{_HEADING} {Path(path).name}"
        if suffix == ".csv":
            return _build(_csv_rows(path, heading), [], heading)
        if suffix == ".json":
            return _build(_json_rows(path, heading), [], heading)
        raise table_error(
            heading,
            [
                (
                    "",
                    f"a region file ends in .csv or .json, not {suffix!r}",
                    f"地区文件应以 .csv 或 .json 结尾，而不是 {suffix!r}",
                )
            ],
        )

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any] | Region]) -> Regions:
        """A region hierarchy from records.

        Parameters
        ----------
        records : iterable of dict or Region
            Each with ``code`` and ``name``, and optionally ``level`` and ``parent``.

        Returns
        -------
        Regions

        Raises
        ------
        InputError
            A record is invalid or the tree is broken (a parent missing, a code twice...);
            ``issues`` names every place at fault as a JSON Pointer (``/3/parent``).

        Examples
        --------
        >>> import qualityassess as qa
        >>> regions = qa.Regions.from_records([
        ...     {"code": "990000", "name": "示例省"},
        ...     {"code": "990101", "name": "示例县", "level": "county", "parent": "990000"},
        ... ])
        >>> regions.at_level("county"), regions.counts()
        (['990101'], {'province': 1, 'prefecture': 0, 'county': 1})
        """
        issues: list[Problem] = []
        rows = []
        for index, given in enumerate(records):
            location = pointer(index)
            record: object = given  # checked: callers may pass anything
            if isinstance(record, Region):
                record = {
                    "code": record.code,
                    "name": record.name,
                    "level": record.level,
                    "parent": record.parent,
                }
            if not isinstance(record, Mapping):
                kind = type(record).__name__
                issues.append(
                    (location, f"must be a dict, not {kind}", f"应为 dict，而不是 {kind}")
                )
                continue
            for key in record:
                if key not in COLUMNS:
                    issues.append((pointer(index, key), *_unknown_key(key, COLUMNS)))
            rows.append(_row(record, location, issues))
        return _build(rows, issues, _HEADING)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Regions:
        """A region hierarchy from a table.

        Parameters
        ----------
        frame : pandas.DataFrame
            With columns ``code`` and ``name`` (or the codes as its index, named ``code`` or
            ``region``, as :meth:`to_frame` gives them) and optionally ``level`` and
            ``parent``; an empty cell is a value not given.

        Returns
        -------
        Regions

        Raises
        ------
        InputError
            A column or row is invalid; ``issues`` names each place as ``row N`` (1-based)
            or ``columns``.

        Examples
        --------
        >>> import pandas as pd
        >>> import qualityassess as qa
        >>> frame = pd.DataFrame({"code": ["990000", "990100"], "name": ["示例省", "东川市"]})
        >>> regions = qa.Regions.from_frame(frame)
        >>> regions.to_frame().loc["990100", "parent"]
        '990000'
        """
        if frame.index.name in ("code", REGION) and "code" not in frame.columns:
            frame = frame.rename_axis("code").reset_index()
        issues: list[Problem] = [
            ("columns", *wording) for wording in _column_problems(list(frame.columns))
        ]
        if issues:
            raise table_error(_HEADING, issues)
        rows = [
            _row(dict(zip(frame.columns, values, strict=True)), f"row {position}", issues)
            for position, values in enumerate(frame.itertuples(index=False, name=None), start=1)
        ]
        return _build(rows, issues, _HEADING)

    # -- the mapping --

    def __len__(self) -> int:
        return len(self._core)

    def __iter__(self) -> Iterator[str]:
        """Codes in code order."""
        return iter([entry["code"] for entry in self._core.entries()])

    def __contains__(self, code: object) -> bool:
        try:
            return _code_text(code) in self._core
        except ValueError:
            return False

    def __getitem__(self, code: CodeLike) -> Region:
        try:
            text = _code_text(code)
        except ValueError:
            raise KeyError(code) from None
        entry = self._core.find(text)
        if entry is None:
            raise KeyError(code)
        return Region(
            code=str(entry["code"]),
            name=str(entry["name"]),
            level=_level(entry["level"]),
            parent=None if entry["parent"] is None else str(entry["parent"]),
        )

    # -- queries (InputError for a code that is not in the file) --

    def level(self, code: CodeLike) -> Level:
        """``"province"``, ``"prefecture"`` or ``"county"``."""
        return _level(self._core.level(_code(code)))

    def children(self, code: CodeLike) -> list[str]:
        """Codes directly under ``code``, in code order."""
        return list(self._core.children(_code(code)))

    def descendants(self, code: CodeLike, level: str | None = None) -> list[str]:
        """Codes below ``code`` (only those at ``level`` if given), in code order."""
        return list(self._core.descendants(_code(code), level))

    def ancestors(self, code: CodeLike) -> list[str]:
        """Codes above ``code``: parent first, then its parent."""
        return list(self._core.ancestors(_code(code)))

    def ancestor_at(self, code: CodeLike, level: str) -> str | None:
        """The code of the region above ``code`` at ``level``, or None (e.g. the prefecture
        of a county directly under its province, 省直辖县级)."""
        found = self._core.ancestor_at(_code(code), level)
        return None if found is None else str(found)

    def at_level(self, level: str, under: CodeLike | None = None) -> list[str]:
        """Codes at ``level`` (``"province"``, ``"prefecture"``, ``"county"`` or 省/市/县), in
        code order; with ``under``, only those in its part of the tree (itself included)."""
        return list(self._core.at_level(level, None if under is None else _code(under)))

    # -- output --

    def to_records(self) -> list[dict[str, Any]]:
        """Every region as ``{code, name, level, parent}``, in code order."""
        return [
            {key: entry[key] for key in ("code", "name", "level", "parent")}
            for entry in self._core.entries()
        ]

    def to_frame(self) -> pd.DataFrame:
        """One row per region, indexed by its code (an index named ``region``, as in every
        table the package returns, so that it joins with results): ``name``, ``level``,
        ``parent``."""
        import pandas as pd

        records = self.to_records()
        columns = {key: pd.Series([r[key] for r in records], dtype=object) for key in COLUMNS}
        return pd.DataFrame(columns).set_index("code").rename_axis(REGION)

    def counts(self) -> dict[str, int]:
        """Regions per level: ``{"province": 1, "prefecture": 2, "county": 5}``."""
        return {level: len(self._core.at_level(level)) for level in LEVELS}

    def _summary(self) -> str:
        counts = self.counts()
        parts = [f"{n} {level if n == 1 else _plural(level)}" for level, n in counts.items()]
        return ", ".join(parts)

    def _repr_html_(self) -> str:
        shown = 20
        records = self.to_records()
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape('' if r[key] is None else str(r[key]))}</td>" for key in COLUMNS
            )
            + "</tr>"
            for r in records[:shown]
        )
        more = f"<p>… {len(records) - shown} more</p>" if len(records) > shown else ""
        head = "".join(f"<th>{key}</th>" for key in COLUMNS)
        return (
            f"<div><p><strong>Regions</strong>: {html.escape(self._summary())}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{more}</div>"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (Regions.from_records, (self.to_records(),))

    def __repr__(self) -> str:
        return f"<Regions: {self._summary()}>"


def _level(text: object) -> Level:
    for level in LEVELS:
        if text == level:
            return level
    raise AssertionError(f"the core gave an unknown level {text!r}")  # pragma: no cover


def _plural(level: str) -> str:
    return "counties" if level == "county" else f"{level}s"


# ---- roll-ups ------------------------------------------------------------------------------


def roll_up(
    results: Iterable[Result], regions: Regions, level: Level | None = None
) -> pd.DataFrame:
    """Results grouped under their region at a higher level (Art. 10).

    Parameters
    ----------
    results : iterable of Result
        Results of regions of one level, e.g. :func:`assess_level`'s.
    regions : Regions
        The region hierarchy they belong to.
    level : {"province", "prefecture"}, optional
        The level to group under: by default the level directly above the results' (counties
        per prefecture, prefectures per province); counties may go straight to their
        province with ``level="province"``.

    Returns
    -------
    pandas.DataFrame
        One row per region at ``level`` with regions of the results' level under it, indexed
        by its code (an index named ``region``): ``name``, ``expected`` (regions of the
        results' level under it in the region file), ``graded`` (results), one column per
        grade of the scheme (best first), ``mean_total`` (exact, rounded half away from zero
        to 4 decimals; NaN when none graded), ``lowest_total`` and ``lowest_region`` (ties:
        the smallest code), ``vetoed`` and ``misreporting`` (lists of codes; misreporting: an
        overstated or concealed finding, Art. 9) and ``misreporting_findings``.
        ``frame.attrs`` holds ``scheme``, ``level`` and ``results_level``.

    Raises
    ------
    InputError
        A result is not a :class:`Result`, or a region is not in ``regions`` or not of the
        results' level; ``issues`` names each region at fault.
    TypeError
        ``regions`` is not a :class:`Regions`.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> regions = qa.Regions.from_records([{"code": "990000", "name": "示例省"},
    ...     {"code": "990100", "name": "东川市"}, {"code": "990200", "name": "西川市"}])
    >>> beijing, jilin = (load_sample()["submissions"][i] for i in (0, 6))  # B 89.9, C 73.7
    >>> results = qa.assess_many("cn-2013", [{**beijing, "region": {"code": "990100"}},
    ...                                      {**jilin, "region": {"code": "990200"}}])
    >>> table = qa.roll_up(results, regions)
    >>> print(*(table.at["990000", column] for column in ("graded", "B", "C", "mean_total")))
    2 1 1 81.8
    """
    import pandas as pd

    if not isinstance(regions, Regions):
        raise TypeError(f"regions must be a Regions, not {type(regions).__name__}")
    core_results = []
    issues: list[Problem] = []
    for index, given in enumerate(results):
        result: object = given  # checked: callers may pass anything
        if isinstance(result, Result):
            core_results.append(result._core)
        elif isinstance(result, _core.Result):
            core_results.append(result)
        else:
            kind = type(result).__name__
            issues.append(
                (
                    f"results[{index}]",
                    f"must be a Result, not {kind}",
                    f"应为 Result，而不是 {kind}",
                )
            )
    if issues:
        raise table_error("invalid roll-up", issues)
    sync_level()
    rolled = _core.roll_up(regions._core, core_results, level)
    grades = [str(grade) for grade in rolled["grades"]]
    fixed = ("name", "expected", "graded")
    tail = (
        "mean_total",
        "lowest_total",
        "lowest_region",
        "vetoed",
        "misreporting",
        "misreporting_findings",
    )
    grade_columns = [f"grade {g}" if g in fixed or g in tail else g for g in grades]
    records = []
    for row in rolled["rows"]:
        record: dict[str, Any] = {
            "parent": row["parent"],
            "name": row["name"],
            "expected": row["expected"],
            "graded": row["graded"],
        }
        record.update(zip(grade_columns, row["grade_counts"], strict=True))
        record.update(
            mean_total=math.nan if row["mean_total"] is None else row["mean_total"],
            lowest_total=math.nan if row["lowest_total"] is None else row["lowest_total"],
            lowest_region=row["lowest_region"],
            vetoed=list(row["vetoed"]),
            misreporting=list(row["misreporting"]),
            misreporting_findings=row["misreporting_findings"],
        )
        records.append(record)
    columns = ["parent", *fixed, *grade_columns, *tail]
    floats = ("mean_total", "lowest_total")
    integers = ("expected", "graded", *grade_columns, "misreporting_findings")
    frame = pd.DataFrame(
        {
            column: pd.Series(
                [record[column] for record in records],
                dtype="float64" if column in floats else "int64" if column in integers else object,
            )
            for column in columns
        }
    ).set_index("parent")
    frame.index.name = REGION
    frame.attrs.update(
        scheme=str(rolled["scheme"].id),
        level=str(rolled["level"]),
        results_level=str(rolled["results_level"]),
    )
    return frame


# ---- the roll-up as a table for people (CLI, HTML report) -----------------------------------

_LEVEL_ZH = {"province": "省", "prefecture": "市", "county": "县"}


@dataclass(frozen=True)
class RollupTable:
    """A roll-up frame as text cells: a title, headers, rows and which columns are numbers."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    right: list[bool]


def _half_up(value: Any) -> str:
    # Two decimals half up, as the core rounds (a float's own formatting gives 82.625 -> 82.62).
    if value is None or value != value:
        return ""
    return str(Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def rollup_table(frame: pd.DataFrame, lang: Lang = "zh") -> RollupTable:
    """The roll-up ``frame`` (:func:`roll_up`) as a titled table in Chinese or English."""
    zh = lang == "zh"
    columns = list(frame.columns)
    # The grade columns lie between "graded" and "mean_total" (a grade whose id is another
    # column's name is renamed there).
    grades = columns[columns.index("graded") + 1 : columns.index("mean_total")]
    headers = (
        [
            "代码",
            "地区",
            "应评",
            "已评",
            *grades,
            "平均分",
            "最低分",
            "最低地区",
            "否决",
            "瞒报谎报",
        ]
        if zh
        else [
            "code",
            "region",
            "expected",
            "graded",
            *grades,
            "mean",
            "lowest",
            "lowest region",
            "vetoed",
            "misreporting",
        ]
    )
    rows = [
        [
            str(code),
            str(row["name"]),
            str(row["expected"]),
            str(row["graded"]),
            *(str(row[grade]) for grade in grades),
            _half_up(row["mean_total"]),
            _half_up(row["lowest_total"]),
            str(row["lowest_region"] or ""),
            " ".join(row["vetoed"]),
            " ".join(row["misreporting"]),
        ]
        for code, row in frame.iterrows()
    ]
    right = [False, False, True, True, *([True] * len(grades)), True, True, False, False, False]
    below, above = str(frame.attrs["results_level"]), str(frame.attrs["level"])
    scheme = str(frame.attrs["scheme"])
    title = (
        f"{below} → {above} roll-up ({scheme})"
        if not zh
        else f"按{_LEVEL_ZH[above]}汇总{_LEVEL_ZH[below]}级结果（{scheme}）"
    )
    return RollupTable(title, headers, rows, right)
