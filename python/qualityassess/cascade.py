"""One level of the region hierarchy graded under a parent (Art. 10: a province assesses its
prefectures, a prefecture its counties, each with a scheme adapted from the one above).

    regions = qa.Regions.load("examples/data/shili/regions.json")
    counties = qa.assess_level("examples/schemes/shili-county-2019.json", county_submissions,
                               regions, level="county", under="990000")
    counties.roll_up()                      # per prefecture: grades, mean and lowest total, ...
    prefectures = qa.assess_level("examples/schemes/shili-prefecture-2019.json",
                                  prefecture_submissions, regions, level="prefecture",
                                  under="990000", lower=counties)

The matching of submissions to the region file and the points taken from the level below
(``from_lower_level`` in the scheme) are worked out in the core (cascade.hpp)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Union

from . import _core
from ._logging import sync_level
from .assessment import Result, Results, SubmissionLike, _as_core_submission
from .io._issues import input_error
from .io.regions import LEVELS, Level, Regions, _code, roll_up
from .scheme import Scheme

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LevelResults", "assess_level"]

RegionsLike = Union[Regions, str, "os.PathLike[str]"]


class LevelResults(Results):
    """The results of one level under a parent, in code order: a :class:`Results` that also
    knows its region file, the level and parent graded, and the submissions it skipped
    (regions outside the selection)."""

    __slots__ = ("level", "regions", "skipped", "under")

    def __init__(
        self,
        results: Iterable[Result],
        *,
        regions: Regions,
        level: Level,
        under: str | None,
        skipped: list[str],
    ) -> None:
        super().__init__(results)
        self.regions = regions
        self.level = level
        self.under = under
        self.skipped = skipped

    def roll_up(self, level: str | None = None) -> pd.DataFrame:
        """Per region at ``level`` (by default the level directly above): grade counts, mean
        and lowest total, vetoed regions, misreporting (see :func:`qualityassess.roll_up`)."""
        frame = roll_up(self, self.regions, level=level)
        if self.under is None:
            return frame
        # Only the part of the hierarchy graded: the parent itself, what lies under it, and
        # what lies above it (the roll-up of a prefecture's counties to their province).
        around = {
            self.under,
            *self.regions.descendants(self.under),
            *self.regions.ancestors(self.under),
        }
        return frame[frame.index.isin(around)]

    def __repr__(self) -> str:
        counts = ", ".join(f"{g}: {n}" for g, n in self.grade_counts().items())
        where = f" under {self.under}" if self.under else ""
        return f"<LevelResults of {len(self)} {self.level} regions{where} ({counts})>"


def assess_level(
    scheme: Scheme | str | os.PathLike[str],
    submissions: Iterable[SubmissionLike],
    regions: RegionsLike,
    *,
    level: str,
    under: str | int | None = None,
    lower: Iterable[Result] | None = None,
) -> LevelResults:
    """Grade every region at ``level`` (``"province"``, ``"prefecture"``, ``"county"``) under
    ``under`` (a region code; all of them when None) in one call.

    Submissions of regions outside the selection are skipped (listed in ``.skipped``); every
    region of the selection needs exactly one, named as in the region file. Points the scheme
    takes from the level below (``from_lower_level``) are computed from ``lower``, the results
    of that level, and must not be filed. Raises :class:`qualityassess.InputError` naming every
    problem at once."""
    level = _level_name(level)
    resolved = Scheme.resolve(scheme)
    tree = regions if isinstance(regions, Regions) else Regions.load(regions)
    parent = None if under is None else _code(under)
    core_submissions = [_as_core_submission(s) for s in submissions]
    core_lower = None if lower is None else [result._core for result in lower]
    sync_level()
    results, skipped = _core.assess_level(
        resolved._core, tree._core, level, parent, core_submissions, core_lower
    )
    return LevelResults(
        (Result(r) for r in results),
        regions=tree,
        level=level,
        under=parent,
        skipped=list(skipped),
    )


_LEVELS_ZH: dict[str, Level] = {"省": "province", "市": "prefecture", "县": "county"}


def _level_name(level: str) -> Level:
    """``"province"``, ``"prefecture"`` or ``"county"`` (省 / 市 / 县 accepted)."""
    for name in LEVELS:
        if level == name:
            return name
    if level in _LEVELS_ZH:
        return _LEVELS_ZH[level]
    raise input_error(
        "unknown level", [("level", f"{level!r} is not a level (province, prefecture, county)")]
    )
