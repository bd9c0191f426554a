"""The one ranking order and the cohort's two tables (``Results.to_frame()`` and
``Results.ranking()``), below the facade: they need only what a result says of itself
(:class:`Graded`), so ``assessment``, the notebook views and the report all use them without
importing one another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from .. import _core
from .._frames import REGION, grade_categorical
from .._i18n import text

if TYPE_CHECKING:
    import pandas as pd

    from .._findings import AppliedCondition
    from ..assessment import Result
    from ..scheme import Scheme

__all__ = [
    "Graded",
    "condition_names",
    "grade_changed",
    "grade_changed_by",
    "grade_reason",
    "rank_column",
    "ranked",
    "ranking_frame",
    "results_frame",
]


class Graded(Protocol):
    """What a ranking needs of a region's result (a :class:`Result` or a :class:`Summary`)."""

    @property
    def region_code(self) -> str: ...
    @property
    def region_name(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def total(self) -> float: ...
    @property
    def grade(self) -> str: ...
    @property
    def grade_before_conditions(self) -> str: ...
    @property
    def vetoed(self) -> bool: ...
    @property
    def rank(self) -> int | None: ...
    @property
    def finding_count(self) -> int: ...
    @property
    def conditions(self) -> Sequence[AppliedCondition]: ...


G = TypeVar("G", bound=Graded)


def ranked(results: Sequence[G], grades: Sequence[str]) -> list[tuple[int, G]]:
    """Results best first with their rank, in the one ranking order the core keeps
    (``rank_order``; docs/architecture.md, "Where a rule lives"): by grade (``grades``: the
    scheme's, best first; a grade not in it comes after every grade), then total (highest
    first); equal grade and total share a rank (1, 2, 2, 4); ties are listed by region code.
    :func:`qualityassess.frame.ranked` takes the grades from the results' scheme."""
    place: dict[str, int] = {}
    for position, grade in enumerate(grades):
        place.setdefault(grade, position)  # as grades.index(grade)
    order, ranks = _core.rank_order(
        [place.get(r.grade, len(place)) for r in results],
        [r.total for r in results],
        [r.region_code for r in results],
    )
    return [(ranks[index], results[index]) for index in order]


def grade_changed(result: Graded) -> bool:
    """Whether a condition decided the region's grade: it differs from the grade by score, or
    a veto applied (a vetoed region ranks by its grade whatever its total)."""
    return result.grade != result.grade_before_conditions or result.vetoed


def grade_changed_by(result: Graded) -> list[str]:
    """The ids of the applied conditions behind a grade that is not the grade by score (or a
    veto), in the scheme's order: why a region can be listed below one with a lower total.
    Empty when no condition decided the grade; notices, which change nothing, are left out."""
    if not grade_changed(result):
        return []
    return [c.id for c in result.conditions if c.veto or c.effect.type != "notice"]


def condition_names(scheme: Scheme, lang: str) -> dict[str, str]:
    """The scheme's conditions by id, each named in ``lang`` ("" when it has no name)."""
    return {str(c["id"]): text(c.get("name"), lang) for c in scheme.to_dict().get("conditions", [])}


def grade_reason(
    result: Graded, names: Mapping[str, str], lang: str, *, change: bool = True
) -> str:
    """The ranking's reason for a grade a condition decided, as one line: the grade by score
    and the grade given (unless ``change`` is false: a table that shows the grade by score
    beside it), then the conditions by their names in ``names`` (id to the scheme's name in
    the language of the output; the id when it has none), e.g. ``A→B 发生造成人员死亡的质量
    安全事件的，不得评为 A 级``. Empty when no condition decided the grade."""
    if not grade_changed(result):
        return ""
    named = ("；" if lang == "zh" else "; ").join(
        names.get(i) or i for i in grade_changed_by(result)
    )
    before = result.grade_before_conditions
    moved = f"{before}→{result.grade}" if change and before != result.grade else ""
    return " ".join(part for part in (moved, named) if part)


def rank_column(results: Sequence[Graded]) -> list[str]:
    return ["rank"] if any(r.rank is not None for r in results) else []


def results_frame(results: Sequence[Result]) -> pd.DataFrame:
    """``Results.to_frame()``: one row per result, indexed by region code."""
    import pandas as pd

    node_ids = [node["id"] for node in results[0].scheme.nodes()] if results else []
    records = [
        {
            "region": r.region_code,
            "name": r.region_name,
            "year": r.year,
            "total": r.total,
            "grade": r.grade,
            "grade_before_conditions": r.grade_before_conditions,
            "vetoed": r.vetoed,
            **({"rank": r.rank} if r.rank is not None else {}),
            **r.nodes,
        }
        for r in results
    ]
    head = ["region", "name", "year", "total", "grade", "grade_before_conditions", "vetoed"]
    columns = [*head, *rank_column(results), *node_ids]
    table = pd.DataFrame.from_records(records, columns=columns).set_index(REGION)
    grades = results[0].scheme.grades if results else []
    for column in ("grade", "grade_before_conditions"):
        table[column] = grade_categorical(table[column], grades)
    return table


def ranking_frame(results: Sequence[Result]) -> pd.DataFrame:
    """``Results.ranking()``."""
    import pandas as pd

    grades = results[0].scheme.grades if results else []
    rows = [
        {
            "rank": rank,
            "region": r.region_code,
            "name": r.region_name,
            "total": r.total,
            "grade": r.grade,
            "vetoed": r.vetoed,
        }
        for rank, r in ranked(results, grades)
    ]
    columns = ["rank", "region", "name", "total", "grade", "vetoed"]
    table = pd.DataFrame.from_records(rows, columns=columns).set_index(REGION)
    table["grade"] = grade_categorical(table["grade"], grades)
    return table
