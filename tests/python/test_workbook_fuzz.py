"""Fuzzing filled workbooks (issue 12; docs/security.md, "Workbooks"): random edits of a real
template's hidden metadata and of its region sheet's cells.

Properties: reading gives either an InputError/SchemeError whose every issue names a place, or
submissions that differ from the template's only where a value cell was edited, never another
exception and never a silently different grade. The libFuzzer targets (fuzz/) cover the core's
readers; workbooks are read in Python, so they are fuzzed here with hypothesis, deterministic and
small by default; QA_FUZZ_EXAMPLES widens the run (`make fuzz` runs 200 each)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualityassess as qa
from qualityassess import excel

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("QA_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SHEET = "湖北省"


@functools.cache
def template() -> tuple[bytes, list[dict[str, Any]]]:
    """A template filled in with Hubei's 2019 values and one incident, and what it reads as."""
    data = json.loads((REPO / "examples" / "data" / "sample-2019.json").read_text("utf-8"))
    hubei = next(s for s in data["submissions"] if s["region"]["code"] == "420000")
    hubei = {**hubei, "incidents": [_incident()]}
    with tempfile.TemporaryDirectory() as folder:
        path = excel.write_template(
            "cn-2013", Path(folder) / "t.xlsx", submissions=[hubei], incident_rows=2
        )
        return path.read_bytes(), excel.read_submissions(path)


def _incident() -> dict[str, Any]:
    return {
        "id": "HB-1",
        "summary": "local recall",
        "date": "2019-05-01",
        "scope": "local",
        "deaths": 0,
        "reported_in_self_evaluation": True,
    }


def _meta_cells() -> dict[str, str]:
    """Cell of the region sheet -> the JSON pointer write_template mapped it to."""
    workbook = openpyxl.load_workbook(io.BytesIO(template()[0]))
    return {
        str(row[2]): str(row[3])
        for row in workbook["_meta"].iter_rows(values_only=True)
        if row[0] == "cell"
    }


def _incident_rows() -> tuple[int, int]:
    workbook = openpyxl.load_workbook(io.BytesIO(template()[0]))
    row = next(r for r in workbook["_meta"].iter_rows(values_only=True) if r[0] == "incidents")
    return int(row[2]), int(row[3])


TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
ODD = st.sampled_from(
    [
        "ZZZZZZ0",
        "A0",
        "foo",
        "E8",
        "F12",
        "/region/code",
        "/self_evaluation/development_plan/x",
        "/verification/manufacturing_pass_rate",
        "cell",
        "region",
        "incidents",
        "scheme_json",
        "cn-2013",
        "fire-safety-example",
        "2013.0",
        SHEET,
        "420000",
        "=1+1",
        "excellent",
        "优秀",
        "是",
        "94.3%",
        "9,5",
        "9_5",
        "1e-400",
        "2019-02-30",
        "regional",
    ]
)
VALUE = st.one_of(
    st.none(),
    st.integers(-(10**7), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.booleans(),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    TEXT,
    ODD,
)
FORMAT = st.sampled_from([None, "0.0%", '0.0"%"', "General", "yyyy-mm-dd", "@"])


def _edited(edits: list[tuple[Any, ...]], sheet: str) -> Iterator[Path]:
    workbook = openpyxl.load_workbook(io.BytesIO(template()[0]))
    target = workbook[sheet]
    for edit in edits:
        if edit[0] == "set":
            _, row, column, value, number_format = edit
            cell = target.cell(row=row, column=column)
            cell.value = value
            if number_format is not None:
                cell.number_format = number_format
        elif edit[0] == "delete":
            target.delete_rows(edit[1])
        elif edit[0] == "insert":
            target.insert_rows(edit[1])
        else:  # swap two rows' values
            first, second = edit[1], edit[2]
            for column in range(1, 7):
                a, b = target.cell(row=first, column=column), target.cell(row=second, column=column)
                a.value, b.value = b.value, a.value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edited.xlsx"
        workbook.save(path)
        yield path


def _read(path: Path) -> list[dict[str, Any]] | None:
    """The submissions, or None when refused with every issue naming a place."""
    try:
        return excel.read_submissions(path)
    except (qa.InputError, qa.SchemeError) as error:
        issues = error.issues
        assert issues and all(place for place, _ in issues), issues
        return None


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)  # type: ignore[assignment]
    else:
        return {prefix: value}
    flat: dict[str, Any] = {}
    for key, item in items:
        flat.update(_flat(item, f"{prefix}/{key}"))
    return flat


META_ROWS = 60  # a one-region cn-2013 template's _meta has 57 rows
META_EDIT = st.one_of(
    st.tuples(st.just("set"), st.integers(1, META_ROWS), st.integers(1, 7), VALUE, st.just(None)),
    st.tuples(st.just("delete"), st.integers(1, META_ROWS)),
    st.tuples(st.just("insert"), st.integers(1, META_ROWS)),
    st.tuples(st.just("swap"), st.integers(1, META_ROWS), st.integers(1, META_ROWS)),
)


@FUZZ
@given(edits=st.lists(META_EDIT, min_size=1, max_size=3))
def test_edited_metadata_reads_the_same_or_is_refused_naming_a_place(
    edits: list[tuple[Any, ...]],
) -> None:
    """Nothing in _meta changes what a workbook says: it reads as before, or not at all."""
    for path in _edited(edits, "_meta"):
        read = _read(path)
        assert read is None or read == template()[1]


SHEET_EDIT = st.tuples(st.just("set"), st.integers(1, 45), st.integers(1, 10), VALUE, FORMAT)


@FUZZ
@given(edits=st.lists(SHEET_EDIT, min_size=1, max_size=4))
def test_edited_cells_change_only_their_own_values(edits: list[tuple[Any, ...]]) -> None:
    """A cell edit changes the value mapped to that cell (or the incident of its row) or is
    refused naming a place; labels, ids and notes change nothing; the heading changes nothing
    but a refusal."""
    cells = _meta_cells()
    first, last = _incident_rows()
    edited = {openpyxl.utils.get_column_letter(e[2]) + str(e[1]) for e in edits}
    allowed = {cells[ref] for ref in edited if ref in cells}
    incidents = any(first <= e[1] <= last and e[2] <= 7 for e in edits)
    for path in _edited(edits, SHEET):
        read = _read(path)
        if read is None:
            return
        assert len(read) == 1
        before, after = _flat(template()[1][0]), _flat(read[0])
        for key in set(before) | set(after):
            if before.get(key) == after.get(key):
                continue
            under = any(key == p or key.startswith(p + "/") for p in allowed)
            assert under or (incidents and key.startswith("/incidents")), (key, edits)


@pytest.mark.parametrize("scheme", [None, "cn-2013"])
def test_the_fuzzed_template_reads_back(scheme: str | None) -> None:
    """The base of both properties: the untouched template reads as written."""
    data, expected = template()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.xlsx"
        path.write_bytes(data)
        assert excel.read_submissions(path, scheme) == expected
    assert expected[0]["incidents"][0]["id"] == "HB-1"
