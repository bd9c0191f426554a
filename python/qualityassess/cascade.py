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
from typing import TYPE_CHECKING, Literal, Union

from . import _core
from ._logging import sync_level
from .assessment import Result, Results, SubmissionLike, _as_core_submission
from .io.regions import LEVELS, Level, Regions, _code, roll_up
from .scheme import Scheme

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LevelResults", "assess_level"]

RegionsLike = Union[Regions, str, "os.PathLike[str]"]
# A level by its name, or by its one-character Chinese name.
LevelName = Level | Literal["省", "市", "县"]


class LevelResults(Results):
    """The results of one level under a parent, in code order, as :func:`assess_level`
    returns them: a :class:`Results` that also knows its region file (``regions``), the level
    and parent graded (``level``, ``under``) and the submissions it skipped (``skipped``:
    regions outside the selection).

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> regions = qa.Regions.from_records([{"code": "990000", "name": "示例省"},
    ...     {"code": "990100", "name": "东川市"}, {"code": "990200", "name": "西川市"}])
    >>> beijing, jilin = (load_sample()["submissions"][i] for i in (0, 6))  # B 89.9, C 73.7
    >>> filings = [{**beijing, "region": {"code": "990100"}},
    ...            {**jilin, "region": {"code": "990200"}}]
    >>> qa.assess_level("cn-2013", filings, regions, level="prefecture", under="990000")
    <LevelResults of 2 prefecture regions under 990000 (A: 0, B: 1, C: 1, D: 0)>
    """

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

    def roll_up(self, level: Level | None = None) -> pd.DataFrame:
        """These results grouped under their regions at a higher level, within the part of
        the hierarchy graded (the parent, what lies under it and what lies above it).

        Parameters
        ----------
        level : {"province", "prefecture"}, optional
            The level to group under; by default the level directly above.

        Returns
        -------
        pandas.DataFrame
            Per region at ``level``: grade counts, mean and lowest total, vetoed regions,
            misreporting (the table of :func:`qualityassess.roll_up`).

        Examples
        --------
        >>> import qualityassess as qa
        >>> from qualityassess.sample import load_sample
        >>> regions = qa.Regions.from_records([{"code": "990000", "name": "示例省"},
        ...     {"code": "990100", "name": "东川市"}, {"code": "990200", "name": "西川市"}])
        >>> beijing, jilin = (load_sample()["submissions"][i] for i in (0, 6))
        >>> filings = [{**beijing, "region": {"code": "990100"}},
        ...            {**jilin, "region": {"code": "990200"}}]
        >>> level = qa.assess_level("cn-2013", filings, regions, level="prefecture")
        >>> print(*level.roll_up().loc["990000", ["lowest_total", "lowest_region"]])
        73.7 990200
        """
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
    level: LevelName,
    under: str | int | None = None,
    lower: Iterable[Result] | None = None,
) -> LevelResults:
    """Grade every region of one level under a parent in one call (Art. 10).

    Parameters
    ----------
    scheme : Scheme, str or os.PathLike
        The level's scheme: a :class:`Scheme`, a built-in id or a scheme file's path.
    submissions : iterable of dict, str or Submission
        One per region of the selection, named as in the region file; those of regions
        outside the selection are skipped (listed in ``.skipped``).
    regions : Regions, str or os.PathLike
        The region hierarchy, or a region file's path (:meth:`Regions.load`).
    level : {"province", "prefecture", "county"}
        The level graded (省, 市 and 县 are taken too).
    under : str or int, optional
        A region code: only the regions at ``level`` under it are graded; all of them when
        None.
    lower : iterable of Result, optional
        The results of the level below, from which the points the scheme takes from it
        (``from_lower_level``) are computed; those points must not be filed.

    Returns
    -------
    LevelResults
        The results in code order.

    Raises
    ------
    InputError
        An unknown level, a region of the selection without a submission or with two, a
        submission not valid under the scheme...: every problem at once.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> regions = qa.Regions.from_records([{"code": "990000", "name": "示例省"},
    ...     {"code": "990100", "name": "东川市"}, {"code": "990200", "name": "西川市"}])
    >>> beijing, jilin = (load_sample()["submissions"][i] for i in (0, 6))
    >>> filings = [{**beijing, "region": {"code": "990100"}},
    ...            {**jilin, "region": {"code": "990200"}}]
    >>> results = qa.assess_level("cn-2013", filings, regions, level="市", under="990000")
    >>> [(r.region_code, r.grade, r.total) for r in results]
    [('990100', 'B', 89.9), ('990200', 'C', 73.7)]
    """
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


def _level_name(level: LevelName) -> Level:
    """``"province"``, ``"prefecture"`` or ``"county"`` (省 / 市 / 县 accepted); the core
    words the refusal of any other (``省 (province)、市 (prefecture)、县 (county)`` in Chinese)."""
    name = _core.level_name(level)
    for known in LEVELS:
        if name == known:
            return known
    raise AssertionError(name)  # the core names only these
