"""Tables of every kind a user holds: pandas, Polars, pyarrow (anything that offers the Arrow
PyCapsule interface, ``__arrow_c_stream__``) and Parquet, CSV or Excel files.

A table that is not pandas is wrapped as pandas with Arrow-backed columns (no copy of its
buffers); the one door (:mod:`qualityassess.batch`) then reads its text and dictionary columns
in the core through the Arrow C Data Interface (``_core.arrow_label_codes``), with no Python
object per cell, and its numbers as NumPy arrays. The results go back in the kind of table that
came in (docs/architecture.md, "Arrow tables"). pyarrow is needed only for tables that are not
pandas and for Parquet files: ``pip install 'qualityassess[arrow]'``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TableKind", "arrow_stream", "as_pandas", "like_input", "read_table", "table_kind"]

TableKind = Literal["pandas", "polars", "arrow"]
INSTALL = "pip install 'qualityassess[arrow]'"


def table_kind(table: Any) -> TableKind:
    """``"pandas"``, ``"polars"`` (a Polars DataFrame) or ``"arrow"`` (any other table with
    ``__arrow_c_stream__``: a pyarrow Table or RecordBatchReader, a DuckDB relation ...); a
    TypeError for anything else."""
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        return "pandas"
    module = type(table).__module__.split(".")[0]
    if module == "polars" and type(table).__name__ == "DataFrame":
        return "polars"
    if hasattr(table, "__arrow_c_stream__"):
        return "arrow"
    raise TypeError(
        f"a table must be a pandas or Polars DataFrame or an Arrow table "
        f"(__arrow_c_stream__), not {type(table).__name__}"
    )


def _pyarrow() -> Any:
    import importlib

    try:
        return importlib.import_module("pyarrow")  # (pyarrow ships no type information)
    except ImportError:  # pragma: no cover - the test environment has pyarrow
        raise ImportError(f"reading Polars and Arrow tables needs pyarrow: {INSTALL}") from None


def as_pandas(table: Any, label_columns: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The table as pandas: a pandas DataFrame as it is; another table with Arrow-backed
    columns (``pd.ArrowDtype``) that share its buffers. ``label_columns``: columns only ever
    read as labels by the core (levels, yes/no), which may stay string views."""
    import pandas as pd

    if table_kind(table) == "pandas":
        return cast("pd.DataFrame", table)
    pa = _pyarrow()
    arrow = pa.table(table)  # through __arrow_c_stream__: the producer's buffers, not a copy
    plain = _without_string_views(arrow, label_columns)
    frame: pd.DataFrame = plain.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def _without_string_views(table: Any, label_columns: frozenset[str]) -> Any:
    """Polars hands text over as string views, which pandas cannot filter, sort or convert:
    those columns (and dictionaries of them) become large strings, a copy of their text only,
    except the columns the core reads as labels in place (it reads string views)."""
    pa = _pyarrow()

    def plain(kind: Any) -> Any:
        if kind == pa.string_view():
            return pa.large_string()
        if pa.types.is_dictionary(kind) and kind.value_type == pa.string_view():
            return pa.dictionary(kind.index_type, pa.large_string(), kind.ordered)
        return kind

    fields = [
        field if field.name in label_columns else field.with_type(plain(field.type))
        for field in table.schema
    ]
    if all(field.type == old.type for field, old in zip(fields, table.schema, strict=True)):
        return table
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def arrow_stream(series: pd.Series) -> Any | None:
    """What hands a pandas column's Arrow memory to the core (an object with
    ``__arrow_c_stream__``), or None when pandas keeps the column in NumPy memory."""
    import pandas as pd

    dtype = series.dtype
    arrow_backed = isinstance(dtype, pd.ArrowDtype) or (
        isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
    )
    if not arrow_backed:
        return None
    return series.array.__arrow_array__()  # a pyarrow ChunkedArray: its chunks, not a copy


def like_input(results: pd.DataFrame, kind: TableKind) -> Any:
    """``results`` (indexed by region, the grade an ordered Categorical, as
    :func:`assess_frame` makes them) as the kind of table that came in: pandas as it is;
    Polars or a pyarrow Table with the region's code first (tables have no index) and the
    grade an ordered dictionary (``pl.Enum`` in Polars)."""
    if kind == "pandas":
        return results
    table = _arrow_table(results)
    if kind == "arrow":
        return table
    import polars as pl

    polars = pl.from_arrow(table)
    assert isinstance(polars, pl.DataFrame)
    grades = list(results["grade"].cat.categories)
    return polars.with_columns(pl.col("grade").cast(pl.Enum(grades)))


def _arrow_table(results: pd.DataFrame) -> Any:
    """``results`` as a pyarrow Table, column by column: the core's number columns are each one
    contiguous array (its node points come column-major) and Arrow takes them without a copy;
    text stays the Arrow text pandas holds. (``pa.Table.from_pandas`` would first gather the
    frame with its index, about 30 ms for 100,000 regions.)"""
    import pandas as pd

    pa = _pyarrow()
    names = [results.index.name or "region", *map(str, results.columns)]
    columns = [pd.Series(results.index), *(results[column] for column in results.columns)]
    return pa.Table.from_arrays([_arrow_array(column) for column in columns], names=names)


def _arrow_array(column: pd.Series) -> Any:
    """One pandas column as an Arrow array: Arrow-backed text and categoricals through pandas'
    own export, NumPy columns from their memory."""
    import pandas as pd

    pa = _pyarrow()
    values = column.array
    if hasattr(values, "__arrow_array__") or isinstance(values, pd.Categorical):
        return pa.array(values)
    return pa.array(column.to_numpy())


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """A table of regions (or incidents) from a Parquet, CSV or Excel file, as pandas, for
    :func:`qualityassess.assess_frame`.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.parquet`` (``.pq``) file, kept in its Arrow columns (read through pyarrow: text
        and dictionaries reach the core without Python objects); a ``.csv`` (``.txt``) file,
        read with pandas' defaults; or an ``.xlsx`` (``.xlsm``) workbook. Region codes, names
        and incident ids are kept as text.
    sheet : str or int, optional
        The Excel sheet, by name or position (default: the first).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        The file's suffix is none of these.
    ImportError
        A Parquet file without pyarrow installed (``pip install 'qualityassess[arrow]'``).

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import sample_path
    >>> frame = qa.read_table(sample_path(2019, ".csv"))
    >>> len(frame), frame["region"].iloc[0]
    (31, '110000')
    >>> qa.assess_frame("cn-2013", frame, year=2019)["grade"].iloc[0]
    'B'
    """
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        parquet = _pyarrow_parquet()
        frame: pd.DataFrame = parquet.read_table(path).to_pandas(types_mapper=pd.ArrowDtype)
        return frame
    text_columns = {"region": str, "name": str, "id": str}
    if suffix in (".csv", ".txt"):
        return pd.read_csv(path, dtype=text_columns, keep_default_na=True)
    if suffix in (".xlsx", ".xlsm"):
        return pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, dtype=text_columns)
    raise ValueError(
        f"{path}: a table must be .parquet, .csv or .xlsx, not {suffix or 'no suffix'}"
    )


def _pyarrow_parquet() -> Any:
    import importlib

    _pyarrow()
    return importlib.import_module("pyarrow.parquet")
