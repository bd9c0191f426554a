"""Columnar batch assessment: a table of regions in, a table of results out, scored by the core's
compiled evaluation plan on NumPy columns.

The table layout is :func:`qualityassess.assess_frame`'s (module :mod:`qualityassess.frame`): one
row per region; ``region`` (code), optionally ``name``, ``year`` and ``scheme``; per assessment
point ``<leaf>.target``, ``<leaf>.self``, ``<leaf>.verified`` and ``<leaf>.previous``; bonus and
penalty items as ``<adjustment>.value``; an empty cell (NaN, None, "") is a value not given.
Incidents are a long table with ``region``, ``date``, ``scope`` and optionally ``id``,
``severity``, ``deaths``, ``reported_in_self_evaluation`` (more columns are allowed and ignored).

The results are identical to assessing each row with :func:`qualityassess.assess`: the core
applies the same exact fixed-point arithmetic, rounding, findings and conditions, whatever the
number of threads. Columns are converted whole (levels given as text or categoricals become
level codes, numbers are read in place when they are float64 already): no Python object per
region is made, and memory grows with the table.

Two leniencies against the row-by-row path: a yes/no column may hold 1.0/0.0 (how pandas keeps
0/1 with blanks), and a date column may hold datetimes.
(About 920 lines: every column kind's conversion and its checks are written once here; they
are one door, docs/architecture.md. What each check says, in English and Chinese, is worded in
:mod:`qualityassess.io._table_problems`, shared with the row path and the Dask door.)

Examples
--------
>>> import qualityassess as qa
>>> from qualityassess.sample import load_sample_table
>>> frame, incidents = load_sample_table()
>>> frame.loc[2, "development_plan.self"] = "superb"
>>> try:
...     qa.batch.check_frame("cn-2013", frame, incidents, year=2019)
... except qa.InputError as error:
...     print(error.issues[0][0])
row 2 (130000), column 'development_plan.self'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from .. import _core
from .._errors import InputError, input_error, issues_of
from .._frames import grades_from_codes, region_index, with_region_column
from .._logging import sync_level
from ..scheme import Scheme
from . import _table_problems as problem
from ._inputs import (
    CHECKLIST_STATES,
    FALSE_WORDS,
    TRUE_WORDS,
    LeafInput,
    NumberTextError,
    SchemeInputs,
    is_blank,
    number_from_text,
    plain_scalar,
    region_code,
    scheme_inputs,
)
from ._table_problems import (
    LEAF_SUFFIXES,
    MAX_COUNT,
    Problem,
    Wording,
    column_role,
    table_error,
)
from .tables import arrow_stream, as_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BatchColumns", "as_frame", "assess_columns", "check_frame", "frame_columns"]

SECTIONS = LEAF_SUFFIXES
REGION_COLUMNS = ("region", "name", "year", "scheme")
CHECKLIST_CODES = {"met": 2, "partly_met": 1, "not_met": 0, True: 2, False: 0}
NO_DATE = np.iinfo(np.int32).min
T = TypeVar("T")


@dataclass
class BatchColumns:
    """A table converted to the core's columns (:func:`frame_columns`)."""

    scheme: Scheme
    regions: int
    year: int | np.ndarray
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    incidents: dict[str, Any] | None = None
    # For each incident row the core sees, its position in the incidents table (an incident of
    # a region code that several rows share is given to each of them).
    incident_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    places: Any = None  # names rows and columns in messages
    region_codes: Any = None  # each row's region code as text (a pandas Series)

    def call(self, function: Callable[..., T], *extra: Any) -> T:
        """``function(*core_arguments(), *extra)``, its InputError naming rows and columns."""
        sync_level()
        try:
            return function(*self.core_arguments(), *extra)
        except InputError as error:
            issues = _core_issues(self) if self.places is not None else []
            if issues:
                raise table_error("invalid table", issues) from None
            english, chinese = issues_of(error), issues_of(error, "zh")
            raise input_error("invalid table", english, chinese) from None

    def core_arguments(self) -> tuple[Any, ...]:
        return (
            self.scheme._core,
            self.regions,
            self.year,
            self.numbers,
            self.codes,
            self.counts,
            self.incidents,
        )


class _Place(str):
    """A place named in a message, with where it sorts: the table's own problems first, then
    the rows in order (each row's columns in the table's order), then the incidents."""

    key: tuple[int, int, int]

    def __new__(cls, text: str, key: tuple[int, int, int]) -> _Place:
        place = super().__new__(cls, text)
        place.key = key
        return place


class _Places:
    """Row and column names for messages: ``row 3 (420000), column 'x.self'``."""

    def __init__(self, frame: pd.DataFrame, incidents: pd.DataFrame | None) -> None:
        self.frame = frame
        self.incidents = incidents
        self._columns = _positions(frame.columns)
        self._incident_columns = _positions(incidents.columns) if incidents is not None else {}

    _code = staticmethod(region_code)

    def row(self, position: int, column: str | None = None) -> str:
        label = self.frame.index[position]
        code = self._code(self.frame["region"].iloc[position]) if "region" in self.frame else ""
        where = f"row {label} ({code})" if code else f"row {label}"
        if column is None:
            return _Place(where, (1, position, -1))
        order = self._columns.get(column, len(self._columns))
        return _Place(f"{where}, column {column!r}", (1, position, order))

    def incident(self, position: int, column: str) -> str:
        assert self.incidents is not None
        label = self.incidents.index[position]
        code = self._code(self.incidents["region"].iloc[position])
        where = f"incidents row {label} ({code})" if code else f"incidents row {label}"
        order = self._incident_columns.get(column, len(self._incident_columns))
        return _Place(f"{where}, column {column!r}", (2, position, order))


def _positions(columns: pd.Index) -> dict[str, int]:
    """Each column name's first position in a table."""
    out: dict[str, int] = {}
    for position, column in enumerate(columns):
        out.setdefault(str(column), position)
    return out


class _Issues(list[Problem]):
    """Problems as (place, message, message in Chinese): every one of the table's own (its
    columns: as many as it has), at most LIMIT of its cells'; :meth:`in_order` sorts them by
    place."""

    LIMIT = 100

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[int, int, int]] = []
        self.cells = 0

    def add(self, place: str, message: Wording) -> None:
        if isinstance(place, _Place):
            if self.cells >= self.LIMIT:
                return
            self.cells += 1
        self.append((str(place), message.en, message.zh))
        self.keys.append(place.key if isinstance(place, _Place) else (0, len(self.keys), 0))

    def rows(
        self,
        places: _Places,
        positions: Sequence[int] | np.ndarray,
        column: str,
        message: Wording | Callable[[int], Wording],
    ) -> None:
        """One issue per row position; ``message`` is a wording or a function of the position."""
        for position in positions[: self.LIMIT]:
            wording = message if isinstance(message, Wording) else message(int(position))
            self.add(places.row(int(position), column), wording)

    def in_order(self) -> list[Problem]:
        """The problems by place: the table's, then row by row, then the incidents'."""
        order = sorted(range(len(self)), key=lambda index: (self.keys[index], index))
        return [self[index] for index in order]


def _is_text_dtype(series: pd.Series) -> bool:
    return (
        series.dtype == object
        or series.dtype.kind in "OSU"
        or str(series.dtype) in ("str", "string")
    )


def _numbers(series: pd.Series, column: str, places: _Places, issues: _Issues) -> np.ndarray:
    """float64 values, NaN where blank; read in place when the column is float64 already."""
    kind = series.dtype.kind
    if series.dtype == np.float64:
        return np.asarray(series.to_numpy())
    arrow = arrow_stream(series)
    if arrow is not None:
        values = _core.arrow_numbers(arrow)
        if values is not None:  # floats and integers: read in place, NaN where null
            return np.asarray(values, dtype=np.float64)
    if kind in "iuf" and not _is_text_dtype(series):
        return series.to_numpy(dtype=np.float64, na_value=np.nan)
    values = series.to_numpy(dtype=object)
    out = np.full(len(values), np.nan)
    for position, raw in enumerate(values):
        if _blank_object(raw):
            continue
        value = plain_scalar(raw)
        if isinstance(value, str):
            try:
                value = number_from_text(value)
            except NumberTextError as error:
                issues.add(places.row(position, column), Wording(str(error), error.zh))
                continue
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            issues.add(places.row(position, column), problem.not_a_number(value))
            continue
        out[position] = float(value)
    return out


def _blank_object(value: Any) -> bool:
    """Not given: what :func:`is_blank` says, and pandas' NA and NaT."""
    return is_blank(value) or type(value).__name__ in ("NAType", "NaTType")


def _map_unique(series: pd.Series, function: Any) -> pd.Series:
    """``series.map(function)`` calling ``function`` once per distinct value."""
    import pandas as pd

    values = series.astype(object)
    mapping = {value: function(value) for value in pd.unique(values.to_numpy(dtype=object))}
    return values.map(mapping)


def _label_table(choices: Sequence[Any]) -> dict[str, int]:
    """id, zh and en label -> position; the first choice that matches wins (LevelSet::find)."""
    table: dict[str, int] = {}
    for position in reversed(range(len(choices))):
        choice = choices[position]
        for text in (choice.en, choice.zh, choice.id):
            if text:
                table[text] = position
    return table


def _codes(
    series: pd.Series,
    table: dict[str, int],
    column: str,
    places: _Places,
    issues: _Issues,
    describe_unknown: Callable[[str], Wording],
    booleans: bool = False,
) -> np.ndarray:
    """int8 codes, -1 where blank, from text, categoricals or (yes/no) booleans and 0/1."""
    import pandas as pd

    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = series.cat.categories.to_numpy(dtype=object)
        lookup = _core.label_codes(categories, table, booleans, booleans)
        category_codes = series.cat.codes.to_numpy()
        codes = np.full(len(category_codes), -1, np.int8)
        given = category_codes >= 0
        codes[given] = lookup[category_codes[given]]
        for category in np.flatnonzero(lookup < -1):
            rows = np.flatnonzero(category_codes == category)
            issues.rows(places, rows, column, describe_unknown(str(categories[category]).strip()))
        codes[codes < 0] = -1
        return codes
    if series.dtype == bool:
        if booleans:
            return series.to_numpy().astype(np.int8)
        issues.rows(
            places, np.arange(len(series)), column, problem.not_level_text("a boolean", "布尔值")
        )
        return np.full(len(series), -1, np.int8)
    if series.dtype.kind in "iuf" and not _is_text_dtype(series):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        codes = np.full(len(values), -1, np.int8)
        given = ~np.isnan(values)
        if booleans:
            ok = given & ((values == 0) | (values == 1))
            codes[ok] = values[ok].astype(np.int8)
            issues.rows(places, np.flatnonzero(given & ~ok), column, problem.NOT_A_BOOLEAN)
        else:
            issues.rows(
                places, np.flatnonzero(given), column, problem.not_level_text("a number", "数字")
            )
        return codes
    arrow = arrow_stream(series)
    if arrow is not None:
        arrow_codes = _core.arrow_label_codes(arrow, table, booleans, booleans)
        if arrow_codes is not None:  # text, a dictionary of text, booleans: read in place
            unknown = np.flatnonzero(arrow_codes == -3)
            issues.rows(
                places, unknown, column, lambda p: describe_unknown(str(series.iloc[p]).strip())
            )
            arrow_codes[arrow_codes < 0] = -1
            return np.asarray(arrow_codes, dtype=np.int8)
    values = series.to_numpy(dtype=object)
    codes = _core.label_codes(values, table, booleans, booleans)
    for position in np.flatnonzero(codes == -2).tolist():
        raw = values[position]
        value = plain_scalar(raw)
        if _blank_object(raw) or is_blank(value):
            codes[position] = -1
        elif booleans and isinstance(value, (bool, numbers.Integral)) and value in (0, 1):
            codes[position] = int(value)
        elif booleans:
            issues.add(places.row(int(position), column), problem.not_true_or_false(value))
        else:
            kind = type(value).__name__
            issues.add(places.row(int(position), column), problem.not_level_text(kind, f" {kind}"))
    unknown = np.flatnonzero(codes == -3)
    issues.rows(places, unknown, column, lambda p: describe_unknown(str(values[p]).strip()))
    codes[codes < 0] = -1
    return codes


def _object_cell(value: Any) -> Any:
    # Parsed strictly by the core, as the row path does: a duplicate key is refused, not read
    # silently; text that is not such JSON stays text and is refused as the wrong type.
    if isinstance(value, str) and value.startswith("{"):
        try:
            return _core.parse_json(value)
        except ValueError:
            return value
    return value


def _checklist(
    series: pd.Series, leaf: LeafInput, column: str, places: _Places, issues: _Issues
) -> np.ndarray:
    """regions x items states (2 met, 1 partly met, 0 not met; -1 where the cell is blank)."""
    items = [item.id for item in leaf.items]
    out = np.full((len(series), len(items)), -1, np.int8)
    labels: dict[Any, int] = dict(CHECKLIST_CODES)
    for state, zh, en in CHECKLIST_STATES:
        labels[zh] = labels[en] = CHECKLIST_CODES[state]
    for position, raw in enumerate(series.to_numpy(dtype=object)):
        if _blank_object(raw):
            continue
        value = _object_cell(plain_scalar(raw))
        if not isinstance(value, dict):
            issues.add(places.row(position, column), problem.not_a_checklist(value))
            continue
        out[position] = 0
        for item, state in value.items():
            if item not in items:
                issues.add(places.row(position, column), problem.not_an_item(item, leaf.id))
                continue
            given: Any = plain_scalar(state)
            if isinstance(given, str):
                given = given.strip()
                word = given.lower()
                given = True if word in TRUE_WORDS else False if word in FALSE_WORDS else given
            code = labels.get(given) if isinstance(given, (str, bool)) else None
            if code is None:
                issues.add(places.row(position, column), problem.not_an_item_state(given))
                continue
            out[position, items.index(item)] = code
    return out


def _whole(raw: Any) -> int | None:
    value = plain_scalar(raw)
    if isinstance(value, str):
        try:
            value = number_from_text(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    if not math.isfinite(number) or number != math.floor(number):
        return None
    return int(number)


def _deductions(
    series: pd.Series, leaf: LeafInput, column: str, places: _Places, issues: _Issues
) -> np.ndarray:
    """regions x kinds occurrences (-1 where the cell is blank)."""
    kinds = [kind.id for kind in leaf.kinds]
    out = np.full((len(series), len(kinds)), -1, np.int64)
    for position, raw in enumerate(series.to_numpy(dtype=object)):
        if _blank_object(raw):
            continue
        value = _object_cell(plain_scalar(raw))
        if not isinstance(value, dict):
            if len(kinds) != 1:
                issues.add(places.row(position, column), problem.not_a_deduction(value))
                continue
            value = {kinds[0]: value}
        out[position] = 0
        for kind, count in value.items():
            if kind not in kinds:
                issues.add(places.row(position, column), problem.not_a_kind(kind, leaf.id))
                continue
            whole = _whole(count)
            if whole is None or not 0 <= whole <= MAX_COUNT:
                issues.add(
                    places.row(position, column), problem.not_a_count(count, problem.OCCURRENCES)
                )
                continue
            out[position, kinds.index(kind)] = whole
    return out


def _years(
    frame: pd.DataFrame, year: int | None, places: _Places, issues: _Issues
) -> int | np.ndarray:
    if "year" not in frame.columns:
        if year is None:
            issues.add("year", problem.NO_YEAR)
            return 0
        return int(year)
    column = frame["year"]
    values = _numbers(column, "year", places, issues)
    blank = np.isnan(values)
    if year is not None:
        differ = ~blank & (values != year)
        issues.rows(
            places,
            np.flatnonzero(differ),
            "year",
            lambda p: problem.year_differs(f"{values[p]:g}", year),
        )
        return int(year)
    issues.rows(places, np.flatnonzero(blank), "year", problem.NO_ROW_YEAR)
    whole = ~blank & (np.floor(values) == values)
    issues.rows(places, np.flatnonzero(~blank & ~whole), "year", problem.NOT_WHOLE)
    return np.where(whole, values, 0).astype(np.int32)


def _year_text(keys: pd.DataFrame, position: int) -> Any:
    """A row's year as written (2019.0 as 2019), or None when it has none."""
    if "year" not in keys.columns:
        return None
    value = plain_scalar(keys["year"].iloc[position])
    if _blank_object(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _regions_and_schemes(
    frame: pd.DataFrame, scheme: Scheme, year: int | None, places: _Places, issues: _Issues
) -> pd.Series | None:
    """Each row's region code as text; ``issues`` gets what is wrong with the codes, names
    and scheme columns."""
    if "region" not in frame.columns:
        issues.add("column 'region'", problem.NO_REGION_COLUMN)
        return None
    # -1: None, NaN or blank text; -3: other text; -2: another kind of object.
    arrow = arrow_stream(frame["region"])
    kinds = _core.arrow_label_codes(arrow, {}) if arrow is not None else None
    if kinds is None:
        values = frame["region"].to_numpy(dtype=object)
        kinds = _core.label_codes(values, {}, False, False)
        others = np.flatnonzero(kinds == -2)
        blank = kinds == -1
        blank[others] = [_blank_object(values[p]) for p in others]
    else:
        blank = kinds == -1
    issues.rows(places, np.flatnonzero(blank), "region", problem.NOT_EMPTY)
    # A region on two rows would be graded twice and counted twice in every tally (named as
    # the core names it in a list of submissions, with the row instead of a JSON pointer).
    # (Several years of one region are several assessments: the year is part of the key.)
    import pandas as pd

    codes = _region_codes(frame["region"])
    keys = pd.DataFrame({"region": codes.reset_index(drop=True)})
    # Codes and names as the submission reader takes them (one line; 0-9, not ０-９).
    region_texts = keys["region"].to_numpy(dtype=object)
    for position, en, zh in _core.region_text_problems(region_texts, True):
        issues.add(places.row(int(position), "region"), Wording(en, zh))
    if "name" in frame.columns:
        names = frame["name"].to_numpy(dtype=object)
        for position, en, zh in _core.region_text_problems(names, False):
            issues.add(places.row(int(position), "name"), Wording(en, zh))
    if "year" in frame.columns:
        keys["year"] = frame["year"].to_numpy(dtype=object)
    distinct = "year" not in keys.columns and _all_distinct(keys["region"])
    again = (
        np.zeros(0, np.int64)
        if distinct
        else np.flatnonzero(keys.duplicated(keep="first").to_numpy() & ~blank)
    )
    if len(again):
        group = keys.groupby(list(keys.columns), dropna=False, sort=False).ngroup().to_numpy()
        _, first_rows = np.unique(group, return_index=True)
        first_of = dict(zip(np.unique(group).tolist(), first_rows.tolist(), strict=True))
        texts = keys["region"].to_numpy(dtype=object)

        def again_message(position: int) -> Wording:
            first = frame.index[first_of[int(group[position])]]
            given = year if year is not None else _year_text(keys, position)
            return problem.given_again(texts[position], given, first)

        issues.rows(places, again, "region", again_message)
    if "scheme" in frame.columns:
        named = _map_unique(
            frame["scheme"], lambda v: "" if _blank_object(v) else str(plain_scalar(v))
        )
        other = ((named != "") & (named != scheme.id)).to_numpy(dtype=bool)
        issues.rows(
            places,
            np.flatnonzero(other),
            "scheme",
            lambda p: problem.scheme_differs(named.iloc[p], scheme.id),
        )
    return codes


def _region_codes(values: pd.Series) -> pd.Series:
    """Region codes as text, 420000.0 (how a CSV reader may give it) as "420000"."""
    if values.dtype.kind in "iu":
        return values.astype(str).astype(object)
    import pandas as pd

    if str(values.dtype) in ("str", "string") or str(values.dtype).startswith(
        ("string[", "large_string[")
    ):
        return values.str.strip()  # text only, stripped in place (Arrow-backed: in C++)
    objects = values.astype(object)
    if pd.api.types.infer_dtype(objects, skipna=False) == "string":
        return objects.str.strip().astype(object)  # as region_code does for text
    return _map_unique(values, _Places._code)


def _arrow_text(series: pd.Series) -> Any | None:
    """The column's Arrow text (a pyarrow ChunkedArray of strings), or None when pandas holds
    it otherwise."""
    arrow = arrow_stream(series)
    if arrow is None:
        return None
    pa = _arrow_module("pyarrow")
    return arrow if pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type) else None


def _arrow_module(name: str) -> Any:
    """pyarrow or one of its modules (imported by name: pyarrow ships no type information)."""
    import importlib

    return importlib.import_module(name)


def _isin(column: pd.Series, wanted: set[str]) -> np.ndarray:
    """``column.isin(wanted)`` as a NumPy mask. Arrow text is matched by pyarrow directly:
    pandas would first make a pyarrow scalar of each wanted value, about 7 us each (14 ms for
    the 2,000 incidents' codes of a national table)."""
    arrow = _arrow_text(column)
    if arrow is None:
        return np.asarray(column.isin(wanted).to_numpy(), dtype=bool)
    pa, pc = _arrow_module("pyarrow"), _arrow_module("pyarrow.compute")
    found = pc.is_in(arrow, value_set=pa.array(sorted(wanted), type=arrow.type))
    return np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _all_distinct(column: pd.Series) -> bool:
    """Whether no value of the column repeats, found by pyarrow for Arrow text (about 9 ms
    for 100,000 codes, where pandas' duplicated takes 15 ms and pyarrow's count_distinct 25);
    False when that is not known cheaply."""
    arrow = _arrow_text(column)
    if arrow is None:
        return False
    return len(_arrow_module("pyarrow.compute").unique(arrow)) == len(column)


def _rows_of_codes(region: pd.Series, wanted: set[str]) -> dict[str, list[int]]:
    """The rows of each wanted region code. The column's values are matched as they are first
    (numbers as numbers, text as text), and only when that misses a code is every value
    normalised (420000.0 as "420000", text stripped)."""
    import pandas as pd

    if region.dtype.kind in "iuf":
        numbers = pd.to_numeric(pd.Series(sorted(wanted), dtype=object), errors="coerce")
        candidates = region.isin(numbers.dropna().to_numpy()).to_numpy()
    else:
        candidates = _isin(region, wanted)
    positions = np.flatnonzero(candidates)
    rows_of: dict[str, list[int]] = {}
    matched = region.iloc[positions].to_numpy(dtype=object)  # (only the rows that match)
    for row, value in zip(positions.tolist(), matched, strict=True):
        rows_of.setdefault(_Places._code(value), []).append(int(row))
    if wanted <= rows_of.keys():
        return rows_of
    normalised = _region_codes(region)
    positions = np.flatnonzero(_isin(normalised, wanted))
    rows_of = {}
    for row, code in zip(
        positions.tolist(), normalised.to_numpy(dtype=object)[positions], strict=True
    ):
        rows_of.setdefault(code, []).append(int(row))
    return rows_of


def _incident_columns(
    incidents: pd.DataFrame,
    frame: pd.DataFrame,
    inputs: SchemeInputs,
    places: _Places,
    issues: _Issues,
) -> tuple[dict[str, Any] | None, np.ndarray]:
    import pandas as pd

    # A scheme without incident scopes needs none: every incident is then of the scope "".
    required = ("region", "date", *(("scope",) if inputs.scopes else ()))
    for column in required:
        if column not in incidents.columns:
            issues.add(f"incidents column {column!r}", problem.MISSING_COLUMN)
    if any(c not in incidents.columns for c in required):
        return None, np.zeros(0, np.int64)
    if "region" not in frame.columns:
        return None, np.zeros(0, np.int64)
    count = len(incidents)
    codes = _region_codes(incidents["region"]).to_numpy(dtype=object)
    rows_of = _rows_of_codes(frame["region"], set(codes))
    pair_incident: list[int] = []
    pair_region: list[int] = []
    for position, code in enumerate(codes):
        rows = rows_of.get(code)
        if not rows:
            issues.add(places.incident(position, "region"), problem.not_a_region_of_the_table(code))
            continue
        pair_incident.extend([position] * len(rows))
        pair_region.extend(rows)
    incident_rows = np.asarray(pair_incident, dtype=np.int64)

    # date -> days since 1970-01-01
    dates = incidents["date"]
    if dates.dtype.kind == "M":
        parsed = dates
    else:
        as_text = dates.astype(object).map(
            lambda v: v.isoformat()[:10] if hasattr(v, "isoformat") else v
        )
        parsed = pd.to_datetime(as_text, format="%Y-%m-%d", errors="coerce")
    day = (
        parsed.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)
        if len(parsed)
        else np.zeros(0, np.int64)
    )
    bad_date = parsed.isna().to_numpy()
    for position in np.flatnonzero(bad_date)[: _Issues.LIMIT].tolist():
        value = dates.iloc[position]
        message = problem.NO_DATE if is_blank(value) else problem.not_a_date(value)
        issues.add(places.incident(int(position), "date"), message)

    # scope and severity as codes into name lists
    scope_column = (
        incidents["scope"]
        if "scope" in incidents.columns
        else pd.Series("", index=incidents.index, dtype=object)
    )
    scope_text = _map_unique(
        scope_column, lambda v: "" if _blank_object(v) else str(plain_scalar(v))
    )
    scope_ids = {}
    for value in pd.unique(scope_text.to_numpy(dtype=object)):
        scope_ids[value] = next((s.id for s in inputs.scopes if value in (s.id, s.zh, s.en)), value)
    scope_codes, scope_names = pd.factorize(scope_text.map(scope_ids))
    blank_scopes = np.flatnonzero((scope_text == "").to_numpy() & bool(inputs.scopes))
    for position in blank_scopes[: _Issues.LIMIT]:
        issues.add(places.incident(int(position), "scope"), problem.NO_SCOPE)
    table: dict[str, Any] = {
        "scope_names": [str(s) for s in scope_names],
        "severity_names": [],
    }
    if "severity" in incidents.columns:
        severity_text = _map_unique(
            incidents["severity"], lambda v: None if _blank_object(v) else str(plain_scalar(v))
        )
        severity_codes, severity_names = pd.factorize(severity_text, use_na_sentinel=True)
        table["severity_names"] = [str(s) for s in severity_names]
        table["severity"] = severity_codes.astype(np.int32)[incident_rows]
    if "deaths" in incidents.columns:
        deaths = np.zeros(count, np.int64)
        for position, raw in enumerate(incidents["deaths"].to_numpy(dtype=object)):
            if _blank_object(raw):
                continue
            whole = _whole(raw)
            if whole is None or not 0 <= whole <= MAX_COUNT:
                issues.add(places.incident(position, "deaths"), problem.not_a_count(raw))
                continue
            deaths[position] = whole
        table["deaths"] = deaths[incident_rows]
    if "reported_in_self_evaluation" in incidents.columns:
        reported = np.ones(count, np.uint8)
        column = incidents["reported_in_self_evaluation"]
        for position, raw in enumerate(column.to_numpy(dtype=object)):
            if _blank_object(raw):
                continue
            value = plain_scalar(raw)
            if isinstance(value, str):
                word = value.strip().lower()
                value = True if word in TRUE_WORDS else False if word in FALSE_WORDS else value
            if isinstance(value, numbers.Integral) and value in (0, 1):
                value = bool(value)
            if not isinstance(value, bool):
                issues.add(
                    places.incident(position, "reported_in_self_evaluation"),
                    problem.not_true_or_false(raw),
                )
                continue
            reported[position] = 1 if value else 0
        table["reported"] = reported[incident_rows]
    if "id" in incidents.columns:
        ids = _map_unique(incidents["id"], lambda v: None if _blank_object(v) else _Places._code(v))
        for position, en, zh in _core.region_text_problems(ids.to_numpy(dtype=object), False):
            # One line, as a code.
            issues.add(places.incident(int(position), "id"), Wording(en, zh))
        keyed = pd.DataFrame({"region": codes, "id": ids.to_numpy(dtype=object)})
        repeated = keyed["id"].notna().to_numpy() & keyed.duplicated(keep="first").to_numpy()
        for position in np.flatnonzero(repeated)[: _Issues.LIMIT].tolist():
            issues.add(
                places.incident(int(position), "id"),
                problem.duplicate_incident_id(ids.iloc[position]),
            )
    table["region"] = np.asarray(pair_region, dtype=np.int32)
    table["day"] = np.where(bad_date, 0, day)[incident_rows].astype(np.int32)
    table["scope"] = scope_codes.astype(np.int32)[incident_rows]
    return table, incident_rows


def as_frame(scheme: Scheme, table: Any) -> pd.DataFrame:
    """Any table (pandas, Polars, Arrow: :mod:`qualityassess.io.tables`) as pandas for this
    door; the level and yes/no columns, which the core reads in place, keep their Arrow text."""
    labels = frozenset(
        f"{leaf.id}.{section}"
        for leaf in scheme_inputs(scheme).leaves
        if leaf.rule in ("levels", "boolean")
        for section in ("self", "verified")
    )
    return as_pandas(with_region_column(table), labels)


def frame_columns(
    scheme: Scheme | str,
    frame: pd.DataFrame,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
) -> BatchColumns:
    """The core's columns for a table in the layout above; raises :class:`InputError` naming
    every problem of the table at once, each at its place (``row 3 (420000), column
    'development_plan.self'``, ``incidents row 2 (210000), column 'date'``): the cells this
    reading refuses and, when there are any, what the core's check finds in the rest."""
    resolved = Scheme.resolve(scheme)
    frame = as_frame(resolved, frame)
    if incidents is not None:
        incidents = as_pandas(with_region_column(incidents))
    inputs = scheme_inputs(resolved)
    issues = _Issues()
    # A column given twice is refused; its first copy still names the rows (region, year).
    repeated = {str(c) for c in frame.columns[frame.columns.duplicated()]}
    for column in sorted(repeated):
        issues.add(f"column {column!r}", problem.APPEARS_TWICE)
    if repeated:
        frame = frame.loc[:, ~frame.columns.duplicated()]
    if incidents is not None and incidents.columns.duplicated().any():
        twice = {str(c) for c in incidents.columns[incidents.columns.duplicated()]}
        for column in sorted(twice):
            issues.add(f"incidents column {column!r}", problem.APPEARS_TWICE)
        incidents = incidents.loc[:, ~incidents.columns.duplicated()]
    places = _Places(frame, incidents)
    out = BatchColumns(resolved, len(frame), 0, places=places)
    out.region_codes = _regions_and_schemes(frame, resolved, year, places, issues)
    out.year = _years(frame, year, places, issues)
    for column in frame.columns:
        if column in REGION_COLUMNS or str(column) in repeated:
            continue
        role = column_role(column, inputs, resolved.id)
        if isinstance(role, Wording):
            issues.add(f"column {column!r}", role)
            continue
        kind, item_id, suffix = role
        name = str(column)
        series = frame[column]
        if kind == "adjustment":
            adjustment = inputs.adjustment(item_id)
            assert adjustment is not None
            if adjustment.input == "boolean":
                codes = _codes(
                    series,
                    {**dict.fromkeys(TRUE_WORDS, 1), **dict.fromkeys(FALSE_WORDS, 0)},
                    name,
                    places,
                    issues,
                    problem.not_a_yes_or_no,
                    booleans=True,
                )
                out.numbers[name] = np.where(codes < 0, np.nan, codes.astype(np.float64))
            else:
                out.numbers[name] = _numbers(series, name, places, issues)
            continue
        leaf = inputs.leaf(item_id)
        assert leaf is not None
        if suffix in ("target", "previous") or leaf.numeric:
            out.numbers[name] = _numbers(series, name, places, issues)
        elif leaf.rule == "levels":
            out.codes[name] = _codes(
                series,
                _label_table(leaf.levels),
                name,
                places,
                issues,
                partial(
                    problem.not_a_level,
                    leaf_id=leaf.id,
                    leaf_name_zh=leaf.name.zh,
                    levels=leaf.levels,
                ),
            )
        elif leaf.rule == "boolean":
            out.codes[name] = _codes(
                series,
                {**dict.fromkeys(TRUE_WORDS, 1), **dict.fromkeys(FALSE_WORDS, 0)},
                name,
                places,
                issues,
                problem.not_a_yes_or_no,
                booleans=True,
            )
        elif leaf.rule == "checklist":
            out.codes[name] = _checklist(series, leaf, name, places, issues)
        elif leaf.rule == "deduction":
            out.counts[name] = _deductions(series, leaf, name, places, issues)
    if incidents is not None:
        out.incidents, out.incident_rows = _incident_columns(
            incidents, frame, inputs, places, issues
        )
    if issues:
        # The cells read so far are blank in the columns; the core checks the rest (ranges,
        # scopes, what each rule takes), so that every problem of the table is named at once.
        _add_core_issues(out, issues)
        raise table_error("invalid table", issues.in_order())
    return out


def _add_core_issues(columns: BatchColumns, issues: _Issues) -> None:
    """The core's problems with the columns (``EvaluationPlan::check``), each at its place,
    added to ``issues`` unless a problem is named there already."""
    places: _Places = columns.places
    try:
        found = _core.check_columns(*columns.core_arguments())
    except InputError:  # (not columns frame_columns makes: arrays of the wrong shape)
        return
    # A place the table's reading found wrong is not named twice (a year not read is 0 here).
    named = {place for place, *_ in issues}
    if any(place == "year" or place.endswith(", column 'year'") for place in named):
        found = [entry for entry in found if entry[1] != "year"]
    for row, column, message, message_zh in found:
        place: str
        if column.startswith("incidents."):
            name = column.split(".", 1)[1]
            position = int(columns.incident_rows[row]) if row >= 0 else -1
            place = places.incident(position, name) if position >= 0 else "incidents"
        elif row >= 0:
            place = places.row(int(row), column)
        else:
            place = f"column {column!r}" if column else "columns"
        if str(place) not in named:
            issues.add(place, Wording(message, message_zh))


def _core_issues(columns: BatchColumns) -> list[Problem]:
    issues = _Issues()
    _add_core_issues(columns, issues)
    return issues.in_order()


def check_frame(
    scheme: Scheme | str,
    frame: pd.DataFrame,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
) -> BatchColumns:
    """A table checked as :func:`assess_columns` checks it, without assessing it: its columns,
    or :class:`InputError` naming every problem with its place."""
    columns = frame_columns(scheme, frame, incidents, year)
    issues = _core_issues(columns)
    if issues:
        raise table_error("invalid table", issues)
    return columns


def assess_columns(
    scheme: Scheme | str,
    frame: pd.DataFrame,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """Assess a table of regions (one row each; layout in this module's docs) in the core's
    columnar batch.

    ``year`` is the assessment year of every row; without it each row's ``year`` column is
    used. ``threads``: worker threads (default: one per core); the results do not depend on it.
    Returns a table with the same index and the columns ``total``, ``grade``, ``vetoed``
    (``rank`` under rank grading) and one column per node id (points) — the same as
    :func:`qualityassess.assess_frame`. Bad cells raise :class:`qualityassess.InputError`, each
    issue naming its row and column."""
    import pandas as pd

    columns = frame_columns(scheme, frame, incidents, year)
    resolved = columns.scheme
    arrays = dict(columns.call(_core.assess_columns, threads or 0, True))
    node_ids = [node["id"] for node in resolved.nodes()]
    out = pd.DataFrame(
        arrays["nodes"], index=region_index(columns.region_codes), columns=node_ids, copy=False
    )
    head: list[tuple[str, Any]] = _name_and_year(columns)
    head += [
        ("total", arrays["total"]),
        ("grade", grades_from_codes(arrays["grade"], resolved.grades)),
        ("vetoed", arrays["vetoed"]),
    ]
    if "rank" in arrays:
        head.append(("rank", arrays["rank"].astype(np.int64)))
    for position, (name, values) in enumerate(head):
        out.insert(position, name, values)
    return out


def _name_and_year(columns: BatchColumns) -> list[tuple[str, Any]]:
    """The ``name`` column of a table (when it has one) and each row's assessment year, for
    the head of a returned table."""
    frame = columns.places.frame
    head: list[tuple[str, Any]] = []
    if "name" in frame.columns:
        head.append(("name", frame["name"].to_numpy(dtype=object)))
    head.append(("year", np.zeros(columns.regions, dtype=np.int64) + columns.year))
    return head
