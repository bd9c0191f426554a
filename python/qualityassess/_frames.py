"""The conventions every pandas table the package returns follows (docs/contracts.md,
"Tables"): one row per region indexed by its code (an index named ``region``, the name as a
column), and grades as an ordered Categorical of the scheme's grades, best first, so that
``sort_values("grade")`` lists the best first and ``frame[frame.grade <= "B"]`` keeps B and
better. Written once here, so that every table says it the same way. pandas is imported when
a function is called, not with the package."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "REGION",
    "grade_categorical",
    "grade_dtype",
    "grades_from_codes",
    "region_index",
    "with_region_column",
]

REGION = "region"


def grade_dtype(grades: Iterable[str]) -> pd.CategoricalDtype:
    """The dtype of a ``grade`` column: the scheme's grades, best first, ordered."""
    import pandas as pd

    return pd.CategoricalDtype(list(grades), ordered=True)


def grade_categorical(values: Iterable[Any], grades: Sequence[str]) -> pd.Categorical:
    """Grades given as text (None for none) as an ordered Categorical of ``grades``; a grade
    not among them (results of several schemes in one list) comes after all of them, as the
    ranking order puts it (:func:`qualityassess.display.ranking.ranked`), rather than reading
    as missing."""
    import pandas as pd

    values = list(values)
    known = set(grades)
    others = sorted({str(v) for v in values if v is not None and v not in known})
    return pd.Categorical(values, dtype=grade_dtype([*grades, *others]))


def grades_from_codes(codes: np.ndarray, grades: Sequence[str]) -> pd.Categorical:
    """The core's grade positions (0 = best) as an ordered Categorical, without a text per
    row."""
    import pandas as pd

    return pd.Categorical.from_codes(codes, dtype=grade_dtype(grades))


def region_index(codes: Iterable[Any]) -> pd.Index:
    """Region codes (text) as the index of a returned table, of pandas' text dtype whichever
    way the codes came (an object array of texts and a list give the same index)."""
    import pandas as pd

    index: pd.Index = pd.Index(codes, name=REGION)
    if index.dtype == object or isinstance(index.dtype, pd.ArrowDtype):
        index = index.astype(str)  # (a Polars or Arrow table's large strings, say)
    return index


def with_region_column(frame: Any) -> Any:
    """A pandas table whose regions are in its index (named ``region``, alone or as a level)
    with them moved back to a ``region`` column, as every table door reads them: the tables
    this package returns can be given back to it. Any other table is returned unchanged."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame) or REGION in frame.columns:
        return frame
    if REGION not in (frame.index.names or []):
        return frame
    if isinstance(frame.index, pd.MultiIndex):
        return frame.reset_index(level=REGION)
    return frame.reset_index()
