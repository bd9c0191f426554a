"""Tables at native speed from pandas, Polars and Arrow (issue 15): the same regions given as
NumPy-backed pandas, Arrow-backed pandas (pandas 3's default text), categoricals, a pyarrow
Table in several chunks, a Polars DataFrame and a Parquet file give identical results; the
text and dictionary columns are read by the core through the Arrow C Data Interface; bad cells
are named by row and column whichever kind of table held them; results come back in the kind
of table that came in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import qualityassess as qa
from qualityassess import _core
from qualityassess.io import tables

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LEVELS = ["excellent", "good", "fair", "poor", "none", "优秀", "良好", "一般", " good "]
YEAR = 2019


@pytest.fixture(scope="module")
def scheme() -> qa.Scheme:
    return qa.Scheme.builtin("cn-2013")


def regions(scheme: qa.Scheme, n: int = 300, seed: int = 7) -> pd.DataFrame:
    """NumPy-backed pandas: numbers as float64, levels as Python str objects (None blank)."""
    rng = np.random.default_rng(seed)
    leaves = scheme.leaf_ids
    columns: dict[str, Any] = {"region": np.array([f"{100000 + i}" for i in range(n)], object)}
    for leaf in leaves[:3]:
        target = rng.uniform(85, 99, n).round(2)
        columns[f"{leaf}.target"] = target
        columns[f"{leaf}.self"] = np.where(rng.random(n) < 0.1, np.nan, (target - 2).round(2))
        columns[f"{leaf}.verified"] = np.where(rng.random(n) < 0.6, np.nan, (target - 3).round(2))
    for leaf in leaves[3:]:
        for section, blank in (("self", 0.1), ("verified", 0.6)):
            values = rng.choice(np.array(LEVELS, dtype=object), n)
            values[rng.random(n) < blank] = None
            columns[f"{leaf}.{section}"] = values
    return pd.DataFrame(columns)


def incidents(frame: pd.DataFrame) -> pd.DataFrame:
    codes = frame["region"].to_numpy()
    return pd.DataFrame(
        {
            "region": [codes[3], codes[10], codes[11], codes[40]],
            "date": ["2019-07-01", "2020-06-30", "2019-06-30", "2020-01-15"],
            "scope": ["regional", "systemic", "regional", "local"],
        }
    )


def same(expected: pd.DataFrame, got: pd.DataFrame) -> None:
    """Byte for byte: totals and node points as float64 bits, grades and vetoes as given, the
    regions in the same order."""
    assert list(got.columns) == list(expected.columns)
    assert got.index.tolist() == expected.index.tolist()
    for column in expected.columns:
        if column == "grade":
            assert got[column].astype(str).tolist() == expected[column].tolist()
        elif expected[column].dtype == np.float64:
            left = expected[column].to_numpy().view(np.int64)
            right = got[column].to_numpy(dtype=np.float64).view(np.int64)
            assert (left == right).all(), column
        else:
            assert got[column].tolist() == expected[column].tolist(), column


def arrow_results(table: Any) -> pd.DataFrame:
    """A pyarrow or Polars result as pandas indexed by region, as pandas results are."""
    return table.to_pandas().set_index("region")


def test_every_kind_of_table_gives_the_numpy_results(scheme: qa.Scheme, tmp_path: Path) -> None:
    frame = regions(scheme)
    events = incidents(frame)
    expected = qa.assess_frame(scheme, frame, events, year=YEAR)
    assert expected["vetoed"].sum() == 2  # the two veto incidents inside the year (Art. 5)

    arrow_backed = frame.astype({c: pd.ArrowDtype(pa.string()) for c in frame.columns[10:]})
    same(expected, qa.assess_frame(scheme, arrow_backed, events, year=YEAR))
    strings = frame.astype({c: pd.StringDtype("pyarrow") for c in frame.columns[10:]})
    same(expected, qa.assess_frame(scheme, strings, events, year=YEAR))
    categoricals = frame.astype({c: "category" for c in frame.columns[10:]})
    same(expected, qa.assess_frame(scheme, categoricals, events, year=YEAR))

    table = pa.Table.from_pandas(frame, preserve_index=False)
    chunked = pa.Table.from_batches(table.to_batches(max_chunksize=70))  # 70, 70, 70, 70, 20
    assert chunked.column("region").num_chunks == 5
    same(expected, arrow_results(qa.assess_frame(scheme, chunked, events, year=YEAR)))
    dictionaries = table.cast(
        pa.schema(
            [
                f.with_type(pa.dictionary(pa.int16(), pa.string())) if i >= 10 else f
                for i, f in enumerate(table.schema)
            ]
        )
    )
    same(expected, arrow_results(qa.assess_frame(scheme, dictionaries, events, year=YEAR)))

    polars = pl.from_pandas(frame)
    got = qa.assess_frame(scheme, polars, pl.from_pandas(events), year=YEAR)
    assert isinstance(got, pl.DataFrame)
    same(expected, arrow_results(got))
    enums = polars.with_columns(pl.col(frame.columns[12]).cast(pl.Categorical))
    same(expected, arrow_results(qa.assess_frame(scheme, enums, events, year=YEAR)))

    path = tmp_path / "regions.parquet"
    table.to_batches()  # (a Parquet file is written in row groups: read back in chunks)
    import pyarrow.parquet as pq

    pq.write_table(table, path, row_group_size=100)
    read = qa.read_table(path)
    same(expected, qa.assess_frame(scheme, read, events, year=YEAR))


def test_text_columns_are_read_by_the_core_not_as_python_objects(
    scheme: qa.Scheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = regions(scheme, n=50)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    calls: list[Any] = []
    original = _core.arrow_label_codes

    def counted(column: Any, table: Any, *args: Any) -> Any:
        if table:  # a level column (the region column is checked for blanks the same way)
            calls.append(column)
        return original(column, table, *args)

    monkeypatch.setattr(_core, "arrow_label_codes", counted)

    objects = _core.label_codes

    def refused(values: Any, table: Any, *args: Any) -> Any:
        if table:  # (the region column's blanks are found with an empty table)
            raise AssertionError("a level column went through Python objects")
        return objects(values, table, *args)

    monkeypatch.setattr(_core, "label_codes", refused)
    qa.assess_frame(scheme, table, year=YEAR)
    assert len(calls) == 2 * (len(scheme.leaf_ids) - 3)  # every level column, self and verified


def test_bad_cells_in_arrow_columns_are_named_by_row_and_column(scheme: qa.Scheme) -> None:
    frame = regions(scheme, n=6)
    level_column = frame.columns[10]
    frame.loc[4, level_column] = "superb"
    frame.loc[2, frame.columns[1]] = 130.0  # a target above 100%
    with pytest.raises(qa.InputError) as numpy_error:
        qa.assess_frame(scheme, frame, year=YEAR)
    for table in (pa.Table.from_pandas(frame, preserve_index=False), pl.from_pandas(frame)):
        with pytest.raises(qa.InputError) as arrow_error:
            qa.assess_frame(scheme, table, year=YEAR)
        assert arrow_error.value.issues == numpy_error.value.issues
    places = [issue[0] for issue in numpy_error.value.issues]
    assert f"row 4 (100004), column '{level_column}'" in places
    assert f"row 2 (100002), column '{frame.columns[1]}'" in places


def test_nulls_in_arrow_columns_are_values_not_given(scheme: qa.Scheme) -> None:
    frame = regions(scheme, n=3)
    for column in frame.columns[1:]:
        frame[column] = None
    frame = frame.astype({c: float for c in frame.columns[1:10]})
    expected = qa.assess_frame(scheme, frame, year=YEAR)
    assert expected["total"].tolist() == [0.0, 0.0, 0.0]  # nothing given scores 0 (Art. 6)
    table = pa.table(
        {
            c: pa.nulls(3, pa.string() if i > 9 else pa.float64()) if c != "region" else frame[c]
            for i, c in enumerate(frame.columns)
        }
    )
    same(expected, arrow_results(qa.assess_frame(scheme, table, year=YEAR)))
    all_null = pa.table({"region": frame["region"], frame.columns[12]: pa.nulls(3)})
    assert qa.assess_frame(scheme, all_null, year=YEAR)["total"].to_pylist() == [0.0] * 3


def test_numbers_of_every_arrow_width_are_read_as_their_values(scheme: qa.Scheme) -> None:
    """Targets and values as Arrow integers, floats and nulls: the values themselves, NaN
    (not given) where null, exactly as the float64 column."""
    frame = regions(scheme, n=5)
    rate = frame.columns[1].split(".")[0]
    frame[f"{rate}.target"] = [90.0, 95.0, 100.0, 96.0, 99.0]
    frame[f"{rate}.self"] = [91.0, 94.0, np.nan, 0.0, 99.0]
    expected = qa.assess_frame(scheme, frame, year=YEAR)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for target_type, self_type in ((pa.int8(), pa.uint16()), (pa.int64(), pa.float32())):
        cast = table.set_column(
            table.column_names.index(f"{rate}.target"),
            f"{rate}.target",
            table.column(f"{rate}.target").cast(target_type),
        ).set_column(
            table.column_names.index(f"{rate}.self"),
            f"{rate}.self",
            table.column(f"{rate}.self").cast(self_type),
        )
        same(expected, arrow_results(qa.assess_frame(scheme, cast, year=YEAR)))
    assert _core.arrow_numbers(pa.chunked_array([[1, None, 3]], pa.int32())).tolist()[::2] == [
        1.0,
        3.0,
    ]
    assert _core.arrow_numbers(pa.chunked_array([["1"]])) is None  # text: Python's way


def test_checklists_and_deductions_from_arrow_equal_pandas() -> None:
    """Checklists and deduction lists as JSON text in Arrow string columns, numeric region
    codes, incident dates as Arrow timestamps: the same as pandas (fire-safety, year 2023)."""
    import json

    from test_batch import fire_frame

    fire = qa.Scheme.load(EXAMPLES / "schemes" / "fire-safety.json")
    frame, events = fire_frame(fire, 120, seed=3)
    for column in ("responsibility.self", "hazards.self"):
        frame[column] = (
            frame[column]
            .map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v)
            .astype(object)
        )
    expected = qa.assess_frame(fire, frame, events, year=2023)
    assert expected["vetoed"].any() and (expected["total"] > 0).any()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    got = qa.assess_frame(
        fire, table, pa.Table.from_pandas(events, preserve_index=False), year=2023
    )
    same(expected, arrow_results(got))  # (numeric codes come back as text, as from pandas)


def test_results_come_back_as_the_kind_of_table_that_came_in(scheme: qa.Scheme) -> None:
    frame = regions(scheme, n=4)
    frame.insert(1, "name", ["甲", "乙", "丙", "丁"])
    table = qa.assess_frame(scheme, pa.Table.from_pandas(frame, preserve_index=False), year=YEAR)
    assert isinstance(table, pa.Table)
    assert table.column_names[:6] == ["region", "name", "year", "total", "grade", "vetoed"]
    grade = table.schema.field("grade").type
    assert pa.types.is_dictionary(grade) and grade.ordered
    assert table.column("grade").type.value_type in (pa.string(), pa.large_string())
    assert table.column("region").to_pylist() == frame["region"].tolist()

    polars = qa.assess_frame(scheme, pl.from_pandas(frame), year=YEAR)
    assert polars.schema["grade"] == pl.Enum(["A", "B", "C", "D"])
    assert polars["name"].to_list() == ["甲", "乙", "丙", "丁"]
    # The Enum orders grades as the scheme does: A is the best, so the smallest.
    assert polars.sort("grade")["grade"].to_list() == sorted(
        polars["grade"].to_list(), key="ABCD".index
    )

    pandas_out = qa.assess_frame(scheme, frame, year=YEAR)
    assert isinstance(pandas_out, pd.DataFrame)
    assert list(pandas_out.index) == list(frame["region"])
    assert pandas_out["grade"].cat.ordered


def test_what_is_not_a_table_is_refused_by_name(scheme: qa.Scheme) -> None:
    with pytest.raises(TypeError, match="not list"):
        qa.assess_frame(scheme, [{"region": "110000"}], year=YEAR)
    assert tables.table_kind(pa.table({"a": [1]})) == "arrow"
    assert tables.table_kind(pl.DataFrame({"a": [1]})) == "polars"
    with pytest.raises(ValueError, match=r"not \.json"):
        qa.read_table("regions.json")


def test_read_table_reads_csv_codes_as_text(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("region,name,x.self\n010000,甲,1\n", encoding="utf-8")
    frame = qa.read_table(path)
    assert frame["region"].tolist() == ["010000"]  # the leading zero is kept


def test_the_analyses_take_polars_and_arrow_tables_too(scheme: qa.Scheme) -> None:
    frame = regions(scheme, n=40, seed=3)
    polars = pl.from_pandas(frame)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    u = qa.uncertainty(scheme, frame, n=8, seed=1, year=YEAR)
    for other in (polars, table):
        pd.testing.assert_frame_equal(
            qa.uncertainty(scheme, other, n=8, seed=1, year=YEAR).grades, u.grades
        )
        pd.testing.assert_frame_equal(
            qa.next_grade(scheme, other, year=YEAR), qa.next_grade(scheme, frame, year=YEAR)
        )
        pd.testing.assert_frame_equal(
            qa.regrade(scheme, scheme, other, year=YEAR),
            qa.regrade(scheme, scheme, frame, year=YEAR),
        )
