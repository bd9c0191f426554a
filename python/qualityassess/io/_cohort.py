"""A graded cohort held as one small row per region, so that ranking and reporting 100,000
regions does not hold 100,000 full results.

A core ``Result`` keeps every leaf's explanation, every finding and consequence in two
languages: about 28 kB for a region that filed nothing, 2.8 GB for 100,000 such regions, which
``grade`` held all at once before (9.95 GB peak with the report built in memory). Under band
grading each region's result depends on its submission alone (``assess_many`` is the same as
``assess`` one by one), so the cohort is assessed in chunks and each result is reduced to a
:class:`Summary` before the next chunk is assessed. Under rank grading the cohort is graded
together, in one call, as the rules require (its memory then grows with the regions).

Everything in a summary is read from the core's results: nothing here scores or grades."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import _core
from .._errors import InputError
from .._findings import AppliedCondition
from .._logging import sync_level
from ..assessment import Result, Results, SubmissionLike, _as_core_submission
from ..display.ranking import Graded
from ..scheme import Scheme

__all__ = ["CHUNK", "PROGRESS_STEPS", "Cohort", "Graded", "Summary", "grade_cohort", "summarise"]

# Regions assessed per call of the core under band grading: large enough that the calls cost
# nothing beside the assessment, small enough that one chunk's results stay a few tens of MB.
CHUNK = 2_000
# With a progress bar to feed, band grading is assessed in about this many calls (no call
# smaller than PROGRESS_MIN_CHUNK regions): a county cohort of 2,850 rows, otherwise assessed in
# one call, moves in steps of 57 regions; a call costs next to nothing beside its regions.
PROGRESS_STEPS = 50
PROGRESS_MIN_CHUNK = 20


@dataclass(frozen=True)
class Summary:
    """One region's place in the ranking, and the points of the nodes a report charts."""

    __slots__ = (
        "conditions",
        "finding_count",
        "grade",
        "grade_before_conditions",
        "points",
        "rank",
        "region_code",
        "region_name",
        "total",
        "vetoed",
        "year",
    )

    region_code: str
    region_name: str
    year: int
    total: float
    grade: str
    grade_before_conditions: str
    vetoed: bool
    rank: int | None
    finding_count: int
    points: tuple[float, ...]  # of the nodes asked for (``summarise``'s ``nodes``), in order
    # The conditions that applied (as ``Result.conditions``), read only where one decided the
    # grade (display.ranking.grade_changed: the ranking names them); () elsewhere, as reading
    # them costs the region's whole document (0.3 ms).
    conditions: tuple[AppliedCondition, ...]


def summarise(result: Result, nodes: Sequence[str] = ()) -> Summary:
    """The summary of ``result``, with the points of ``nodes`` (ids)."""
    core = result._core
    points = core.node_points if nodes else {}
    decided = core.grade != core.grade_before_conditions or core.vetoed  # (grade_changed)
    return Summary(
        region_code=str(core.region_code),
        region_name=str(core.region_name),
        year=int(core.year),
        total=float(core.total),
        grade=str(core.grade),
        grade_before_conditions=str(core.grade_before_conditions),
        vetoed=bool(core.vetoed),
        rank=core.rank,
        finding_count=int(core.finding_count),
        points=tuple(float(points.get(node, 0.0)) for node in nodes),
        conditions=tuple(result.conditions) if decided else (),
    )


@dataclass
class Cohort:
    """A graded cohort: a summary per region in input order and, when kept, the full results
    (for a report's per-region detail or a workbook)."""

    scheme: Scheme
    summaries: list[Summary]
    nodes: list[str]  # the node ids whose points the summaries hold
    results: Results | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.summaries)

    @classmethod
    def of(cls, scheme: Scheme, results: Sequence[Result], nodes: Sequence[str]) -> Cohort:
        """A cohort of results assessed already (kept whole)."""
        return cls(
            scheme,
            [summarise(r, nodes) for r in results],
            list(nodes),
            results if isinstance(results, Results) else Results(results),
        )


def _chunks(
    scheme: Scheme, core: list[Any], size: int, whole: Callable[[], list[Any]]
) -> Iterator[Any]:
    """The core's results of ``core`` (core submissions), a chunk at a time. ``whole``
    assesses the whole cohort at once: on bad input it raises the error that names every
    region's problem, exactly as ``assess_many`` would."""
    try:
        # Problems of the cohort as a whole (a region given twice, in two chunks) and of each
        # submission's structure, checked before anything is assessed.
        _core.check_submissions(scheme._core, core)
    except InputError:
        yield from whole()  # raises: it checks all that check_submissions does, and more
        return
    for start in range(0, len(core), size):
        try:
            results = _core.assess_cohort(scheme._core, core[start : start + size])
        except InputError:
            # (Points that only the level below can supply, Art. 10: found per chunk.)
            whole()
            raise
        yield from results
        del results


def grade_cohort(
    scheme: Scheme,
    submissions: Sequence[SubmissionLike],
    *,
    nodes: Sequence[str] = (),
    keep: bool = False,
    whole: Callable[[], Results] | None = None,
    chunk: int | None = None,
    on_assessed: Callable[[int], None] | None = None,
) -> Cohort:
    """Assess ``submissions`` into a :class:`Cohort` with the same totals, grades and ranks as
    ``assess_many(scheme, submissions)``; ``nodes``: ids of the nodes whose points to keep per
    region; ``keep``: keep every full result too. ``whole`` assesses the whole cohort at once
    (default ``assess_many``), to raise its error, naming every problem, on bad input.
    ``chunk``: regions per call of the core (default :data:`CHUNK`). ``on_assessed(n)`` is
    called as each n more regions are assessed (a progress bar): under band grading the
    cohort is then assessed in up to :data:`PROGRESS_STEPS` calls even when kept whole; under
    rank grading, in one call, it is called once at the end."""
    size = CHUNK if chunk is None else chunk
    assess_whole = whole or (lambda: _assess_all(scheme, submissions))
    ranked = scheme.to_dict()["grading"].get("method") == "rank"
    count = len(submissions)
    if on_assessed is not None and not ranked:
        size = min(size, max(PROGRESS_MIN_CHUNK, -(-count // PROGRESS_STEPS)))
    if ranked or count <= size or (keep and on_assessed is None):
        cohort = Cohort.of(scheme, assess_whole(), nodes)
        if on_assessed is not None:
            on_assessed(count)
        return cohort
    core = [_as_core_submission(s) for s in submissions]
    sync_level()
    results = _chunks(scheme, core, size, lambda: [r._core for r in assess_whole()])
    if keep:
        kept = Results(Result(r) for r in _counted(results, size, on_assessed))
        return Cohort.of(scheme, kept, nodes)
    summaries = [summarise(Result(r), nodes) for r in _counted(results, size, on_assessed)]
    return Cohort(scheme, summaries, list(nodes))


def _counted(
    results: Iterator[Any], size: int, on_assessed: Callable[[int], None] | None
) -> Iterator[Any]:
    """``results`` as they come, with ``on_assessed(n)`` called after each n of them (a chunk;
    the last may be smaller)."""
    if on_assessed is None:
        yield from results
        return
    done = 0
    for result in results:
        yield result
        done += 1
        if done == size:
            on_assessed(done)
            done = 0
    if done:
        on_assessed(done)


def _assess_all(scheme: Scheme, submissions: Sequence[SubmissionLike]) -> Results:
    from ..assessment import assess_many

    return assess_many(scheme, submissions)
