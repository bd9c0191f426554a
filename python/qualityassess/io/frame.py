"""pandas in and out: assess a table of regions, and results as tables.

The table layout (docs/contracts.md): one row per region; columns ``region`` (code), optionally
``name`` and ``year``, and per assessment point ``<leaf>.target``, ``<leaf>.self``,
``<leaf>.verified`` (and ``<leaf>.previous`` for rules that compare with last year); bonus and
penalty items as ``<adjustment>.value``. An empty cell (NaN, None) is a value not given.
Incidents come as a long table with columns ``region``, ``date``, ``scope`` and optionally
``id``, ``severity``, ``deaths``, ``reported_in_self_evaluation``, ``summary``; other columns are
kept in the incident's ``meta``.

A table enters through one door: :func:`assess_frame` converts it to the core's columns once
(:mod:`qualityassess.batch`) and the core checks and assesses them, every problem named with its
row and column. :func:`frame_submissions` shapes a table that passed into Submission documents
(the command line's ``grade`` builds each region's full Result from them); nothing here scores
or grades."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from .._frames import grade_categorical, region_index, with_region_column
from ..assessment import Result, Results
from ..display.ranking import Graded, ranking_frame, results_frame
from ..display.ranking import rank_column as _rank_column
from ..display.ranking import ranked as _ranked
from ..scheme import Scheme
from . import _table_problems as problem
from ._inputs import (
    MISSING,
    SchemeInputs,
    as_boolean,
    as_whole_number,
    convert_adjustment_value,
    convert_leaf_value,
    is_blank,
    plain_scalar,
    region_code,
    scheme_inputs,
)
from ._issues import assess_located, pointer
from ._table_problems import Problem, Wording, column_role

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SECTIONS",
    "assess_frame",
    "frame_submissions",
    "ranked",
    "ranking_frame",
    "results_frame",
]

# Column suffix -> the section of the Submission JSON it fills.
SECTIONS = {
    "target": "targets",
    "self": "self_evaluation",
    "verified": "verification",
    "previous": "previous",
}
REGION_COLUMNS = ("region", "name", "year", "scheme")
INCIDENT_FIELDS = (
    "id",
    "date",
    "scope",
    "severity",
    "deaths",
    "reported_in_self_evaluation",
    "summary",
)


@dataclass
class FrameSubmissions:
    """Submission documents built from a table, with where each value came from."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    locators: list[dict[str, str]] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    issues: list[Problem] = field(default_factory=list)

    def add(self, place: str, message: Wording) -> None:
        self.issues.append((place, message.en, message.zh))

    def assess(self, scheme: Scheme) -> Results:
        return assess_located(
            scheme,
            self.documents,
            self.locators,
            self.fallbacks,
            "invalid table",
            [(place, en) for place, en, _ in self.issues],
            [(place, zh) for place, _, zh in self.issues],
        )


def _year(value: Any) -> Any:
    value = plain_scalar(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _date_text(value: Any) -> Any:
    value = plain_scalar(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _scope_id(value: Any, inputs: SchemeInputs) -> Any:
    if isinstance(value, str):
        for scope in inputs.scopes:
            if value in (scope.id, scope.zh, scope.en):
                return scope.id
    return value


def incident_document(
    values: dict[str, Any], inputs: SchemeInputs, default_id: str
) -> dict[str, Any]:
    """An incident in the Submission JSON shape from named cell values (blank ones left out);
    columns other than the contract's go to ``meta``."""
    incident: dict[str, Any] = {"id": default_id}
    meta: dict[str, Any] = {}
    for name, raw in values.items():
        if is_blank(raw):
            continue
        value = plain_scalar(raw)
        if name == "date":
            value = _date_text(value)
        elif name == "scope":
            value = _scope_id(value, inputs)
        elif name == "deaths":
            value = as_whole_number(value)
        elif name == "reported_in_self_evaluation":
            value = as_boolean(value)
        elif name == "id":
            value = region_code(value)
        if name in INCIDENT_FIELDS:
            incident[name] = value
        else:
            meta[name] = value
    if meta:
        incident["meta"] = meta
    return incident


def _row_year(
    row: Mapping[Hashable, Any], year: int | None, label: str, out: FrameSubmissions
) -> Any:
    given = MISSING if is_blank(row.get("year")) else _year(row.get("year"))
    if year is None:
        return given
    if given is not MISSING and given != year:
        out.add(f"{label}, column 'year'", problem.year_differs(given, year))
    return year


def frame_submissions(
    scheme: Scheme,
    frame: pd.DataFrame,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
) -> FrameSubmissions:
    """Submission documents from a table in the layout above, one per row, in row order."""
    inputs = scheme_inputs(scheme)
    out = FrameSubmissions()
    columns: dict[str, tuple[str, str]] = {}
    for column in frame.columns[frame.columns.duplicated()].unique():
        out.add(f"column {column!r}", problem.APPEARS_TWICE)
    if out.issues:
        return out
    for column in frame.columns:
        if column in REGION_COLUMNS:
            continue
        role = column_role(column, inputs, scheme.id)
        if isinstance(role, Wording):
            out.add(f"column {column!r}", role)
        else:
            kind, item_id, suffix = role
            columns[str(column)] = (SECTIONS[suffix] if kind == "leaf" else "adjustments", item_id)
    if "region" not in frame.columns:
        out.add("column 'region'", problem.NO_REGION_COLUMN)
        return out
    if year is None and "year" not in frame.columns:
        out.add("year", problem.NO_YEAR)
        return out

    rows_of_code: dict[str, list[int]] = {}
    for label, row in zip(frame.index, frame.to_dict("records"), strict=True):
        code = region_code(row.get("region"))
        where = f"row {label} ({code})" if code else f"row {label}"
        document: dict[str, Any] = {
            "region": {"code": code, "name": "" if is_blank(row.get("name")) else str(row["name"])},
        }
        document["year"] = _row_year(row, year, where, out)
        if document["year"] is MISSING:
            del document["year"]
        locator = {
            "/region": f"{where}, column 'region'",
            "/region/name": f"{where}, column 'name'",
            "/year": f"{where}, column 'year'" if year is None else "year",
        }
        if "scheme" in frame.columns and not is_blank(row.get("scheme")):
            document["scheme"] = str(row["scheme"])
            locator["/scheme"] = f"{where}, column 'scheme'"
        for column, (section, item_id) in columns.items():
            raw = row.get(column)
            if section == "adjustments":
                value = convert_adjustment_value(inputs.adjustment(item_id), raw)
            else:
                value = convert_leaf_value(inputs.leaf(item_id), raw)
            if value is MISSING:
                continue
            document.setdefault(section, {})[item_id] = value
            locator[pointer(section, item_id)] = f"{where}, column {column!r}"
        rows_of_code.setdefault(code, []).append(len(out.documents))
        out.documents.append(document)
        out.locators.append(locator)
        out.fallbacks.append(where)
    if incidents is not None:
        _attach_incidents(incidents, inputs, rows_of_code, out)
    return out


def _attach_incidents(
    incidents: pd.DataFrame,
    inputs: SchemeInputs,
    rows_of_code: dict[str, list[int]],
    out: FrameSubmissions,
) -> None:
    for required in ("region", "date", *(("scope",) if inputs.scopes else ())):
        if required not in incidents.columns:
            out.add(f"incidents column {required!r}", problem.MISSING_COLUMN)
    if "region" not in incidents.columns:
        return
    for label, row in zip(incidents.index, incidents.to_dict("records"), strict=True):
        code = region_code(row.get("region"))
        where = f"incidents row {label} ({code})" if code else f"incidents row {label}"
        if code not in rows_of_code:
            out.add(f"{where}, column 'region'", problem.not_a_region_of_the_table(code))
            continue
        values = {str(k): v for k, v in row.items() if k != "region"}
        for index in rows_of_code[code]:
            document = out.documents[index]
            found = document.setdefault("incidents", [])
            incident = incident_document(values, inputs, f"{code}-{len(found) + 1}")
            locator = out.locators[index]
            locator[pointer("incidents", len(found))] = where
            for name in values:
                key = name if name in INCIDENT_FIELDS else "meta"
                locator[pointer("incidents", len(found), key)] = f"{where}, column {name!r}"
            found.append(incident)


def assess_frame(
    scheme: Scheme | str,
    frame: Any,
    incidents: Any = None,
    year: int | None = None,
) -> Any:
    """Assess a table of regions, one row each.

    Runs in the core's columnar batch (all cores, the GIL released): the table is converted
    once (:func:`qualityassess.batch.frame_columns`) and checked once, every problem reported
    together with its place (docs/architecture.md, "The pipeline"). The results are those of
    :func:`qualityassess.assess` region by region, which :func:`assess_frame_rows` computes.

    Parameters
    ----------
    scheme : Scheme or str
        A :class:`Scheme`, a built-in id or a scheme file's path.
    frame : DataFrame or Arrow table
        The regions, in the layout of this module's docs (``region``, then
        ``<point>.target``, ``<point>.self``, ...): a pandas or Polars DataFrame or an Arrow
        table (anything with ``__arrow_c_stream__``), indexed by region or with a ``region``
        column.
    incidents : DataFrame or Arrow table, optional
        The incidents, one row each, with ``region``, ``date`` and ``scope``.
    year : int, optional
        The assessment year of every row; without it each row's ``year`` column is used.

    Returns
    -------
    DataFrame or Arrow table
        ``total``, ``grade``, ``vetoed`` (``rank`` under rank grading) and one column per
        node id (points), of the kind that came in: pandas indexed by region code (with
        ``name`` and ``year`` first) and the grade an ordered Categorical; Polars or a pyarrow
        Table with ``region`` (and ``name``, ``year``) first and the grade an ordered
        dictionary (:mod:`qualityassess.io.tables`).

    Raises
    ------
    InputError
        Bad cells, each issue naming its row and column, e.g. ``row 3 (420000), column
        'development_plan.self'``.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample_table
    >>> frame, incidents = load_sample_table()
    >>> table = qa.assess_frame("cn-2013", frame, incidents, year=2019)
    >>> print(*table.loc["420000", ["name", "total", "grade"]])
    湖北省 89.8 B
    >>> table["grade"].value_counts(sort=False).to_dict()
    {'A': 4, 'B': 22, 'C': 5, 'D': 0}
    """
    from .batch import as_frame, assess_columns
    from .tables import as_pandas, like_input, table_kind

    kind = table_kind(frame)
    resolved = Scheme.resolve(scheme)
    regions = as_frame(resolved, frame)
    results = assess_columns(
        resolved, regions, as_pandas(incidents) if incidents is not None else None, year
    )
    return like_input(results, kind)


def assess_frame_rows(
    scheme: Scheme | str,
    frame: pd.DataFrame,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """:func:`assess_frame` one submission at a time through :func:`qualityassess.assess_many`:
    the reference the columnar batch is tested against (tests only: neither
    :func:`assess_frame` nor the command line reads a table this way)."""
    import pandas as pd

    resolved = Scheme.resolve(scheme)
    frame = with_region_column(frame)
    results = frame_submissions(resolved, frame, incidents, year).assess(resolved)
    node_ids = [node["id"] for node in resolved.nodes()]
    records = [_summary(result) | result.nodes for result in results]
    names = ["name"] if "name" in frame.columns else []
    columns = [*names, "year", "total", "grade", "vetoed", *_rank_column(results), *node_ids]
    index = region_index([result.region_code for result in results])
    table = pd.DataFrame.from_records(records, index=index, columns=columns)
    table["grade"] = grade_categorical(table["grade"], resolved.grades)
    return table


def _summary(result: Result) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "name": result.region_name,
        "year": result.year,
        "total": result.total,
        "grade": result.grade,
        "vetoed": result.vetoed,
    }
    if result.rank is not None:
        summary["rank"] = result.rank
    return summary


G = TypeVar("G", bound=Graded)


def ranked(results: Sequence[G], grades: Sequence[str] | None = None) -> list[tuple[int, G]]:
    """Results best first with their rank, in the one ranking order the core keeps
    (``rank_order``; docs/architecture.md, "Where a rule lives"): by grade (the scheme's order,
    best first), then total (highest first); equal grade and total share a rank (1, 2, 2, 4);
    ties are listed by region code. Under rank grading too: there the rank is the core's
    ``Result.rank`` unless a condition changed a region's grade, which puts the region among
    its grade. ``grades``: the scheme's, best first (default: the first result's scheme's); a
    grade not in it comes after every grade."""
    if grades is None:
        first = results[0] if results else None
        grades = first.scheme.grades if isinstance(first, Result) else []
    return _ranked(results, grades)
