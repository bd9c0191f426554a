"""How firm are the grades? Uncertainty and sensitivity analysis of a cohort's assessment, run by
the core on the columnar batch (the model is COINr's: one assessment regenerated with changed
settings).

Each replication re-assesses every region under perturbed scheme numbers (``vary``):

``points`` = x
    the points of each *unit* (a leaf whose points add up into the total, or a ``min`` /
    ``weighted_mean`` branch) times 1 + U(-x, x), re-scaled so that they still add up to the
    scheme's maximum and rounded to its digits (largest remainders); branches above are re-summed.
    Within a point the scheme's other numbers stand: levels and target tables are fractions of
    the new points, deductions (and checklists per missing item) come off the new points,
    ``per_point`` is unchanged; a checklist's item points and an assessor's direct points are
    scaled with the point's.
``thresholds`` = t
    each grade band's minimum + U(-t, t) points, rounded to the scheme's digits, kept in order.
``per_point`` = p
    each deduction rate of a target point times 1 + U(-p, p), to four decimals.
``verification`` = q
    each verified value is used with probability q; otherwise the self-evaluation stands, as if
    that point had not been picked for verification (q = 1: as assessed).

Draws come from SplitMix64 streams, one per replication and group of inputs (``seed`` fixes them
all): results are reproducible and do not depend on the number of threads. Each replication's
numbers are exact (fixed-point) and the assessment under them is exactly what
:func:`qualityassess.assess` gives under a scheme with those numbers. Ranks are competition
ranks (1, 2, 2, 4) in the one ranking order of :meth:`Results.ranking`: the better grade first,
then the higher total, so a vetoed region ranks below every region of a better grade whatever
its points; under rank grading, by total alone (the grade comes from the rank).

    u = qa.uncertainty(scheme, frame, n=10_000, seed=1, vary={"points": 0.1}, year=2019)
    u.grades        # P(grade) per region
    u.rank, u.total # baseline and 5th / 50th / 95th percentiles per region
    u.replications  # each replication's numbers

    s = qa.sensitivity(scheme, frame, n=1000, vary={"points": 0.1, "thresholds": 2}, year=2019)
    s.indices       # first-order and total Sobol indices per group, with bootstrap intervals

Both take ``client=``, a Dask client (``dask.distributed.Client``): the replications (or base
samples) are cut into shares run on the cluster's workers, each share drawing exactly the
numbers of the same replications of one local run, and summarised here by the core: the result
is bit for bit the local run's for the same seed, whatever the number of workers.

(About 490 lines: the two analyses, their result types and their shares on a cluster stay
together, so that each analysis reads from its inputs to its result in one place.)

Examples
--------
>>> import qualityassess as qa
>>> from qualityassess.sample import load_sample_table
>>> frame, incidents = load_sample_table()
>>> u = qa.uncertainty("cn-2013", frame, n=200, seed=1, incidents=incidents, year=2019)
>>> print(*u.summary().loc["110000", ["grade", "p_grade"]])  # the least firm grade
B 0.74
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from . import _core
from ._frames import grades_from_codes, region_index
from .io.batch import BatchColumns, frame_columns
from .scheme import Scheme

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from ._i18n import Lang

__all__ = ["Prepared", "Sensitivity", "Uncertainty", "prepare", "sensitivity", "uncertainty"]

GROUPS = ("points", "thresholds", "per_point", "verification")
PERCENTILES = ("p5", "p50", "p95")
Progress = Callable[[int, int], Any] | bool | None


@dataclass
class Prepared:
    """A cohort checked and prepared once for any number of analyses (:func:`prepare`)."""

    scheme: Scheme
    columns: BatchColumns
    index: pd.Index  # the regions' codes (docs/contracts.md, "Tables")
    core: _core.Analysis
    names: pd.Series | None = None  # the regions' names, when the table has them


def prepare(
    scheme: Scheme | str,
    data: pd.DataFrame,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
    threads: int | None = None,
) -> Prepared:
    """Check a table (the layout of :func:`qualityassess.assess_frame`) and prepare it for
    :func:`uncertainty` and :func:`sensitivity`; bad cells raise ``InputError``."""
    import pandas as pd

    columns = frame_columns(scheme, data, incidents, year)  # any kind of table
    core = columns.call(_core.Analysis, threads or 0)
    index = region_index(columns.region_codes)
    frame = columns.places.frame
    names = None
    if "name" in frame.columns:
        names = pd.Series(frame["name"].to_numpy(dtype=object), index=index, name="name")
    return Prepared(columns.scheme, columns, index, core, names)


def _prepared(
    scheme: Scheme | str,
    data: pd.DataFrame | Prepared,
    incidents: pd.DataFrame | None,
    year: int | None,
    threads: int | None,
) -> Prepared:
    if isinstance(data, Prepared):
        return data
    return prepare(scheme, data, incidents, year, threads)


def _vary(vary: Mapping[str, float] | None) -> dict[str, float]:
    if not vary:
        return {"points": 0.1}
    return {str(key): _number(value) for key, value in vary.items() if value is not None}


def _number(value: Any) -> Any:
    """``value`` as a float, or as given for the core to refuse in both languages ("must be a
    number", 应为数字) with the other problems of ``vary``."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _progress(progress: Progress, label: str) -> tuple[Any, Callable[[], None]]:
    """A callback for the core and a function that closes what it opened (``True``: a rich
    bar on a terminal, rendered in place in a notebook; ipywidgets is not needed)."""
    from ._progress import progress_callback

    return progress_callback(progress, label)


@dataclass
class Uncertainty:
    """The outcome of :func:`uncertainty`; tables are indexed by region code."""

    grades: pd.DataFrame  # P(grade), one column per grade, best first
    rank: pd.DataFrame  # baseline, p5, p50, p95 (competition rank: grade, then total; 1 = best)
    total: pd.DataFrame  # baseline, p5, p50, p95 (points)
    replications: pd.DataFrame  # each replication's numbers
    baseline_grade: pd.Series
    n: int
    seed: int
    vary: dict[str, float]
    totals: np.ndarray | None = None  # replications x regions, with keep=True
    ranks: np.ndarray | None = None
    names: pd.Series | None = None  # the regions' names, when the table had them

    def summary(self) -> pd.DataFrame:
        """Per region (indexed by code, with its ``name`` when the table had one): the grade as
        assessed, its probability (``p_grade``), the likeliest grade (both ordered
        Categoricals) and the rank and total intervals."""
        import pandas as pd

        grades = [str(g) for g in self.grades.columns]
        probabilities = self.grades.to_numpy(dtype=np.float64)
        column = {grade: position for position, grade in enumerate(grades)}
        held = np.asarray([column[str(g)] for g in self.baseline_grade], dtype=np.int64)
        rows = np.arange(len(held))
        out = pd.DataFrame(
            {
                "grade": self.baseline_grade,
                "p_grade": probabilities[rows, held],
                "likeliest": grades_from_codes(probabilities.argmax(axis=1), grades),
            },
            index=self.grades.index,
        )
        if self.names is not None:
            out.insert(0, "name", self.names)
        for name, table in (("rank", self.rank), ("total", self.total)):
            for position, heading in enumerate(table.columns):
                out[f"{name}_{heading}"] = table.iloc[:, position].to_numpy()
        return out

    def plot(
        self,
        kind: Literal["rank", "grades"] = "rank",
        ax: Axes | None = None,
        lang: Lang | None = None,
        top: int | None = None,
    ) -> Axes:
        """``kind="rank"``: each region's rank from the 5th to the 95th percentile, its median
        and its rank as assessed; ``"grades"``: the probability of each grade. Regions in
        the order of their rank as assessed (the best ``top`` when given); on ``ax`` or a new
        figure; ``lang`` by default the ``lang`` option. Returns the Axes."""
        from .display.analyses import uncertainty_plot

        return uncertainty_plot(self, kind, ax, lang, top)

    def to_html(self, lang: Lang | None = None) -> str:
        """Per region in rank order: grade, probability it holds, likeliest grade, rank and
        total intervals, as an HTML fragment (what a notebook shows)."""
        from .display.analyses import uncertainty_html

        return uncertainty_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        from .display.analyses import uncertainty_text

        return uncertainty_text(self)


def uncertainty(
    scheme: Scheme | str,
    data: pd.DataFrame | Prepared,
    n: int = 1000,
    seed: int = 0,
    vary: Mapping[str, float] | None = None,
    *,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
    threads: int | None = None,
    progress: Progress = None,
    keep: bool = False,
    client: Any = None,
) -> Uncertainty:
    """How firm each region's grade and rank are: ``n`` replications of the cohort's
    assessment with the scheme's numbers in ``vary`` perturbed (see this module's docs).

    Parameters
    ----------
    scheme : Scheme or str
        A :class:`Scheme`, a built-in id or a scheme file's path.
    data : pandas.DataFrame or Prepared
        A table in the layout of :func:`qualityassess.assess_frame`, or what :func:`prepare`
        returned (to run several analyses on one conversion).
    n : int, default 1000
        Replications.
    seed : int, default 0
        Fixes every draw: the same seed gives the same numbers, whatever the threads.
    vary : dict of str to float, optional
        Perturbation per group (``points``, ``thresholds``, ``per_point``,
        ``verification``); default ``{"points": 0.1}``.
    incidents, year
        As for :func:`qualityassess.assess_frame`.
    threads : int, optional
        Worker threads (default: one per core).
    progress : callable or bool, optional
        A callable ``(done, total)`` called now and then (it may raise to stop), or ``True``
        for a progress bar.
    keep : bool, default False
        Keep the replications x regions matrices of totals and ranks (``totals``,
        ``ranks``).
    client : dask.distributed.Client, optional
        Spread the replications over the cluster's workers (``progress`` is then Dask's own,
        on its dashboard); the result is the local run's, bit for bit.

    Returns
    -------
    Uncertainty
        Tables indexed by region code: ``grades`` (P(grade), one column per grade),
        ``rank`` and ``total`` (baseline and 5th, 50th and 95th percentiles),
        ``replications``; ``summary()`` puts them in one table.

    Raises
    ------
    InputError
        A cell of the table or a ``vary`` entry is invalid.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample_table
    >>> frame, incidents = load_sample_table()
    >>> u = qa.uncertainty("cn-2013", frame, n=200, seed=1, incidents=incidents, year=2019)
    >>> u.grades.loc["420000"].to_dict()  # 湖北省, B at 89.8: A in 6.5% of replications
    {'A': 0.065, 'B': 0.935, 'C': 0.0, 'D': 0.0}
    """
    import pandas as pd

    prepared = _prepared(scheme, data, incidents, year, threads)
    spec = _vary(vary)
    if client is not None:
        out = _uncertainty_on(client, prepared, int(n), int(seed), spec, keep, threads)
    else:
        report, close = _progress(progress, "uncertainty")
        try:
            out = dict(
                prepared.core.uncertainty(int(n), int(seed), spec, threads or 0, keep, report)
            )
        finally:
            close()
    index = prepared.index
    grades = list(out["grades"])
    counts = np.asarray(out["grade_counts"], dtype=np.float64)
    probability = pd.DataFrame(counts / float(n), index=index, columns=grades)
    rank = pd.DataFrame(out["rank_percentiles"], index=index, columns=list(PERCENTILES))
    rank.insert(0, "baseline", np.asarray(out["baseline_rank"], dtype=np.int64))
    total = pd.DataFrame(out["total_percentiles"], index=index, columns=list(PERCENTILES))
    total.insert(0, "baseline", out["baseline_total"])
    baseline_grade = pd.Series(
        grades_from_codes(np.asarray(out["baseline_grade"]), grades), index=index, name="grade"
    )
    return Uncertainty(
        grades=probability,
        rank=rank,
        total=total,
        replications=_replications(prepared, out, spec),
        baseline_grade=baseline_grade,
        n=int(n),
        seed=int(seed),
        vary=spec,
        totals=out.get("totals"),
        ranks=out.get("ranks"),
        names=prepared.names,
    )


# ---- shares of a run on a Dask cluster ----------------------------------------------------------


def _shares(client: Any, total: int) -> list[tuple[int, int]]:
    """(first, count) of each share: about two per worker, so that a slow worker holds no one up."""
    try:
        workers = len(client.nthreads())
    except (AttributeError, TypeError):
        workers = 1
    size = -(-total // max(1, min(total, 2 * max(1, workers))))
    return [(first, min(size, total - first)) for first in range(0, total, size)]


def _core_analysis(scheme: Scheme, arguments: tuple[Any, ...]) -> Any:
    return _core.Analysis(scheme._core, *arguments)


def _uncertainty_share(
    scheme: Scheme, arguments: tuple[Any, ...], count: int, seed: int, spec: Any, first: int
) -> dict[str, Any]:
    """Replications first .. first + count - 1, run on a worker: their numbers and matrices."""
    core = _core_analysis(scheme, arguments)
    return dict(core.uncertainty(count, seed, spec, 0, True, None, first))


def _sensitivity_share(
    scheme: Scheme,
    arguments: tuple[Any, ...],
    count: int,
    seed: int,
    spec: Any,
    output: str,
    first: int,
) -> dict[str, Any]:
    core = _core_analysis(scheme, arguments)
    return dict(core.sensitivity(count, seed, spec, output, 0, None, first))


def _arguments(prepared: Prepared) -> tuple[Any, ...]:
    """What a worker needs to prepare the cohort itself: the core's columns (NumPy arrays)."""
    return prepared.columns.core_arguments()[1:]


def _uncertainty_on(
    client: Any,
    prepared: Prepared,
    n: int,
    seed: int,
    spec: Mapping[str, float],
    keep: bool,
    threads: int | None,
) -> dict[str, Any]:
    if n < 1:  # refused by the core, as a local run is
        return dict(prepared.core.uncertainty(n, seed, dict(spec), 0, keep, None))
    arguments = _arguments(prepared)
    futures = [
        client.submit(
            _uncertainty_share,
            prepared.scheme,
            arguments,
            count,
            seed,
            dict(spec),
            first,
            pure=False,
        )
        for first, count in _shares(client, n)
    ]
    parts = client.gather(futures)
    out = dict(parts[0])

    def stacked(key: str) -> np.ndarray:
        return np.concatenate([part[key] for part in parts])

    matrices = {key: stacked(key) for key in ("totals", "ranks", "grade_matrix")}
    summary = _core.summarise_replications(
        list(out["grades"]),
        np.ascontiguousarray(matrices["totals"]),
        np.ascontiguousarray(matrices["ranks"]),
        np.ascontiguousarray(matrices["grade_matrix"]),
        threads or 0,
    )
    out.update(summary)
    for key in ("unit_points", "band_min", "per_point", "verified_used"):
        out[key] = stacked(key)
    for key in ("totals", "ranks", "grade_matrix"):
        out.pop(key, None)
    if keep:
        out["totals"], out["ranks"] = matrices["totals"], matrices["ranks"]
    return out


def _sensitivity_on(
    client: Any, prepared: Prepared, n: int, seed: int, spec: Mapping[str, float], output: str
) -> dict[str, Any]:
    arguments = _arguments(prepared)
    if n < 2:  # (a share may hold one base sample; the design needs two)
        return dict(prepared.core.sensitivity(n, seed, dict(spec), output, 0, None))
    futures = [
        client.submit(
            _sensitivity_share,
            prepared.scheme,
            arguments,
            count,
            seed,
            dict(spec),
            output,
            first,
            pure=False,
        )
        for first, count in _shares(client, n)
    ]
    parts = client.gather(futures)
    return {"groups": parts[0]["groups"], "values": np.concatenate([p["values"] for p in parts])}


def _replications(prepared: Prepared, out: Mapping[str, Any], spec: Mapping[str, float]) -> Any:
    import pandas as pd

    core = prepared.core
    columns: dict[str, Any] = {}
    if spec.get("points", 0) > 0:
        for position, unit in enumerate(core.unit_ids):
            columns[f"points.{unit}"] = out["unit_points"][:, position]
    if spec.get("thresholds", 0) > 0:
        for position, grade in enumerate(core.threshold_grades):
            columns[f"threshold.{grade}"] = out["band_min"][:, position]
    if spec.get("per_point", 0) > 0:
        for position, leaf in enumerate(core.per_point_leaves):
            columns[f"per_point.{leaf}"] = out["per_point"][:, position]
    if spec.get("verification", -1) >= 0:
        available = max(int(core.verified_values), 1)
        columns["verified_share"] = np.asarray(out["verified_used"]) / available
    return pd.DataFrame(columns, index=pd.RangeIndex(len(out["verified_used"]), name="replication"))


# ---- sensitivity ------------------------------------------------------------------------------


@dataclass
class Sensitivity:
    """The outcome of :func:`sensitivity`."""

    indices: pd.DataFrame  # per group: first_order, total and their bootstrap intervals
    # N x (d + 2): f(A), f(B), f(A_B^(j)) per base sample; left out of repr (it is long)
    values: np.ndarray = field(repr=False)
    groups: list[str]
    output: str
    variance: float
    n: int
    seed: int

    def plot(self, ax: Axes | None = None, lang: Lang | None = None) -> Axes:
        """First-order and total Sobol indices per group of inputs, with their 95%
        intervals; on ``ax`` or a new figure; ``lang`` by default the ``lang`` option."""
        from .display.analyses import sensitivity_plot

        return sensitivity_plot(self, ax, lang)

    def to_html(self, lang: Lang | None = None) -> str:
        """The indices per group with their intervals, as an HTML fragment."""
        from .display.analyses import sensitivity_html

        return sensitivity_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        from .display.analyses import sensitivity_text

        return sensitivity_text(self)


def sobol_indices(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """First-order (Saltelli et al. 2010) and total (Jansen 1999) indices from the N x (d + 2)
    evaluations f(A), f(B), f(A_B^(1)), ..., f(A_B^(d)); NaN when the output does not vary."""
    # Centred on the mean of f(A) and f(B): the estimators' expectations do not change, their
    # variance does (a mean far from zero swamps the first-order estimator).
    values = values - np.mean(values[:, :2])
    f_a, f_b, f_ab = values[:, 0], values[:, 1], values[:, 2:]
    variance = float(np.var(np.concatenate([f_a, f_b])))
    if variance == 0:
        nan = np.full(f_ab.shape[1], np.nan)
        return nan, nan.copy(), 0.0
    first = np.mean(f_b[:, None] * (f_ab - f_a[:, None]), axis=0) / variance
    total = 0.5 * np.mean((f_a[:, None] - f_ab) ** 2, axis=0) / variance
    return first, total, variance


def sensitivity(
    scheme: Scheme | str,
    data: pd.DataFrame | Prepared,
    n: int = 1000,
    seed: int = 0,
    vary: Mapping[str, float] | None = None,
    output: Literal["rank_shift", "grade_changes"] = "rank_shift",
    *,
    incidents: pd.DataFrame | None = None,
    year: int | None = None,
    threads: int | None = None,
    progress: Progress = None,
    bootstrap: int = 200,
    client: Any = None,
) -> Sensitivity:
    """Which perturbed numbers move the outcome most: first-order and total Sobol indices of
    ``output`` against each group of inputs in ``vary`` (see this module's docs), from
    Saltelli's design: ``n`` base samples, n x (d + 2) assessments of the cohort for d groups.

    Parameters
    ----------
    scheme : Scheme or str
        A :class:`Scheme`, a built-in id or a scheme file's path.
    data : pandas.DataFrame or Prepared
        A table in the layout of :func:`qualityassess.assess_frame`, or what :func:`prepare`
        returned.
    n : int, default 1000
        Base samples.
    seed : int, default 0
        Fixes every draw and the bootstrap.
    vary : dict of str to float, optional
        Perturbation per group, as for :func:`uncertainty`; default ``{"points": 0.1}``.
    output : {"rank_shift", "grade_changes"}, default "rank_shift"
        The mean absolute change of rank (grade first, then total) against the assessment
        as it stands, or the number of regions whose grade changes.
    incidents, year, threads, progress
        As for :func:`uncertainty`.
    bootstrap : int, default 200
        Resamples of the base samples for the 95% intervals; 0 for none.
    client : dask.distributed.Client, optional
        Spread the base samples over the cluster's workers.

    Returns
    -------
    Sensitivity
        ``indices``: per group, ``first_order`` and ``total`` with their interval bounds
        (``first_order_low``, ``first_order_high``, ...).

    Raises
    ------
    InputError
        A cell of the table, a ``vary`` entry or ``output`` is invalid.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample_table
    >>> frame, incidents = load_sample_table()
    >>> s = qa.sensitivity("cn-2013", frame, n=256, seed=1, vary={"points": 0.1, "thresholds": 2},
    ...                    output="grade_changes", incidents=incidents, year=2019, bootstrap=0)
    >>> s.indices["total"].round(2).to_dict()  # grades move with the thresholds, not the points
    {'points': 0.05, 'thresholds': 1.12}
    """
    import pandas as pd

    prepared = _prepared(scheme, data, incidents, year, threads)
    spec = _vary(vary)
    if client is not None:
        out = _sensitivity_on(client, prepared, int(n), int(seed), spec, output)
    else:
        report, close = _progress(progress, "sensitivity")
        try:
            out = dict(
                prepared.core.sensitivity(int(n), int(seed), spec, output, threads or 0, report)
            )
        finally:
            close()
    values = np.asarray(out["values"], dtype=np.float64)
    groups = [str(g) for g in out["groups"]]
    first, total, variance = sobol_indices(values)
    table = pd.DataFrame(
        {"first_order": first, "total": total}, index=pd.Index(groups, name="group")
    )
    if bootstrap > 0 and variance > 0:
        rng = np.random.default_rng(seed)
        samples = np.empty((bootstrap, 2, len(groups)))
        for b in range(bootstrap):
            rows = rng.integers(0, len(values), len(values))
            samples[b, 0], samples[b, 1], _ = sobol_indices(values[rows])
        for position, name in enumerate(("first_order", "total")):
            low, high = np.nanpercentile(samples[:, position], [2.5, 97.5], axis=0)
            table[f"{name}_low"] = low
            table[f"{name}_high"] = high
    return Sensitivity(table, values, groups, output, variance, int(n), int(seed))
