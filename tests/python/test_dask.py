"""Assessment on a Dask cluster (issue 15, part 3): a LocalCluster of 2 worker processes gives
bit for bit the local results, whatever the partitioning; what one table refuses across its
rows (a region twice, an incident naming no region) is refused across partitions; rank
grading, which compares every region, is refused."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import qualityassess as qa

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_arrow_tables import YEAR, incidents, regions  # noqa: E402


@pytest.fixture(scope="module")
def scheme() -> qa.Scheme:
    return qa.Scheme.builtin("cn-2013")


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def bits(frame: pd.DataFrame) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype == np.float64:
            out[column] = values.to_numpy().view(np.int64).tolist()
        else:
            out[column] = values.astype(str).tolist()
    return out


def test_a_two_worker_cluster_gives_the_local_results_bit_for_bit(
    scheme: qa.Scheme, client: Any
) -> None:
    frame = regions(scheme, n=400, seed=11)
    events = incidents(frame)
    local = qa.assess_frame(scheme, frame, events, year=YEAR)
    assert local["vetoed"].sum() == 2  # the veto incidents fall in two partitions (Art. 5)
    for partitions in (1, 3, 7):
        ddf = dd.from_pandas(frame, npartitions=partitions)
        lazy = qa.dask.assess_frame(scheme, ddf, events, year=YEAR)
        assert list(lazy.columns) == list(local.columns)
        remote = lazy.compute()
        assert list(remote.index) == list(local.index)
        assert bits(remote) == bits(local)
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2  # two processes did the work


def test_what_one_table_refuses_is_refused_across_partitions(scheme: qa.Scheme) -> None:
    frame = regions(scheme, n=50)
    twice = pd.concat([frame, frame.iloc[[3]]], ignore_index=True)
    with pytest.raises(qa.InputError) as error:
        qa.dask.assess_frame(scheme, dd.from_pandas(twice, npartitions=4), year=YEAR)
    assert error.value.issues[0][0] == "region 100003"
    assert "is given again" in error.value.issues[0][1]

    events = incidents(frame).iloc[:1].assign(region="999999")
    with pytest.raises(qa.InputError) as error:
        qa.dask.assess_frame(scheme, dd.from_pandas(frame, npartitions=2), events, year=YEAR)
    assert error.value.issues == [
        ("incidents row 0 (999999), column 'region'", "'999999' is not a region of the table")
    ]


def test_a_bad_cell_in_a_partition_is_named_by_its_row(scheme: qa.Scheme) -> None:
    frame = regions(scheme, n=20)
    level_column = frame.columns[10]
    frame.loc[17, level_column] = "superb"
    lazy = qa.dask.assess_frame(scheme, dd.from_pandas(frame, npartitions=3), year=YEAR)
    with pytest.raises(qa.InputError) as error:
        lazy.compute(scheduler="sync")
    assert error.value.issues[0][0] == f"row 17 (100017), column '{level_column}'"


def test_rank_grading_is_refused(scheme: qa.Scheme) -> None:
    document = scheme.to_dict()
    document["id"] = "cn-2013-by-rank"
    document["grading"] = {
        "method": "rank",
        "tiers": [
            {"grade": "A", "share": 0.25},
            {"grade": "B", "share": 0.5},
            {"grade": "C", "share": 0.25},
            {"grade": "D"},  # reached only by a condition (the veto)
        ],
        "labels": document["grading"]["labels"],
    }
    ranked = qa.Scheme.from_dict(document)
    frame = regions(scheme, n=10)
    with pytest.raises(ValueError, match="grades by rank"):
        qa.dask.assess_frame(ranked, dd.from_pandas(frame, npartitions=2), year=YEAR)


def test_uncertainty_and_sensitivity_on_the_cluster_equal_the_local_runs(
    scheme: qa.Scheme, client: Any
) -> None:
    frame = regions(scheme, n=60, seed=5)
    events = incidents(frame)
    vary = {"points": 0.2, "thresholds": 2.0, "verification": 0.7}
    local = qa.uncertainty(scheme, frame, n=37, seed=9, vary=vary, incidents=events, year=YEAR)
    remote = qa.uncertainty(
        scheme, frame, n=37, seed=9, vary=vary, incidents=events, year=YEAR, client=client
    )
    for name in ("grades", "rank", "total", "replications"):
        pd.testing.assert_frame_equal(getattr(remote, name), getattr(local, name), check_exact=True)
    pd.testing.assert_series_equal(remote.baseline_grade, local.baseline_grade)
    assert (local.grades.max(axis=1) < 1).any()  # the grades do move under these variations

    kept = qa.uncertainty(scheme, frame, n=5, seed=2, vary=vary, year=YEAR, keep=True)
    kept_remote = qa.uncertainty(
        scheme, frame, n=5, seed=2, vary=vary, year=YEAR, keep=True, client=client
    )
    assert np.array_equal(kept.totals, kept_remote.totals)
    assert np.array_equal(kept.ranks, kept_remote.ranks)

    s_local = qa.sensitivity(scheme, frame, n=9, seed=4, vary=vary, year=YEAR, bootstrap=20)
    s_remote = qa.sensitivity(
        scheme, frame, n=9, seed=4, vary=vary, year=YEAR, bootstrap=20, client=client
    )
    assert np.array_equal(s_local.values, s_remote.values)
    pd.testing.assert_frame_equal(s_remote.indices, s_local.indices, check_exact=True)


def test_a_bad_analysis_on_the_cluster_is_refused_as_locally(
    scheme: qa.Scheme, client: Any
) -> None:
    frame = regions(scheme, n=10)
    with pytest.raises(qa.InputError) as local:
        qa.uncertainty(scheme, frame, n=0, year=YEAR)
    with pytest.raises(qa.InputError) as remote:
        qa.uncertainty(scheme, frame, n=0, year=YEAR, client=client)
    assert str(remote.value) == str(local.value)
    with pytest.raises(qa.InputError, match="vary/points"):
        qa.uncertainty(scheme, frame, n=4, year=YEAR, vary={"points": 3}, client=client)
