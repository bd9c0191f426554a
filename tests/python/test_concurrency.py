"""One Scheme shared by many Python threads assessing at once (the GIL is released inside
qa.assess and qa.assess_many) gives the same results as assessing serially (issue 6). The
logging bridge under threads is covered in test_logging.py; here it is on while results are
compared, with the level changing under the threads' feet."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import qualityassess as qa

THREADS = 8


def _results(results: list[qa.Result]) -> list[dict[str, Any]]:
    return [r.to_dict() for r in results]


def test_one_scheme_shared_by_many_threads_gives_the_serial_results(
    cn2013: qa.Scheme, sample_2019: dict[str, Any]
) -> None:
    submissions = sample_2019["submissions"]
    serial_one = [qa.assess(cn2013, s).to_dict() for s in submissions]
    serial_many = _results(qa.assess_many(cn2013, submissions))
    assert serial_one == serial_many
    start = threading.Barrier(THREADS)

    def work(index: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        start.wait(timeout=30)  # all threads assess at the same moment
        rotated = submissions[index:] + submissions[:index]
        singles = [qa.assess(cn2013, s).to_dict() for s in rotated]
        many = _results(qa.assess_many(cn2013, rotated))
        back = len(submissions) - index
        return singles[back:] + singles[:back], many[back:] + many[:back]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = [f.result(timeout=120) for f in [pool.submit(work, i) for i in range(THREADS)]]
    for singles, many in outcomes:
        assert singles == serial_one
        assert many == serial_many


def test_schemes_built_while_others_assess(sample_2019: dict[str, Any]) -> None:
    """Scheme loading, assessing and the results' documents from many threads at once."""
    document = qa.Scheme.builtin("cn-2013").to_json()
    submission = sample_2019["submissions"][0]
    expected = qa.assess(qa.Scheme.from_json(document), submission).to_dict()

    def work(_: int) -> list[dict[str, Any]]:
        return [qa.assess(qa.Scheme.from_json(document), submission).to_dict() for _ in range(20)]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for outcome in pool.map(work, range(THREADS * 2), timeout=120):
            assert all(r == expected for r in outcome)


def test_errors_in_some_threads_do_not_disturb_the_others(
    cn2013: qa.Scheme, make_submission: Any
) -> None:
    good = make_submission()
    bad = make_submission(self_evaluation={"development_plan": "superb"})
    expected = qa.assess(cn2013, good).to_dict()

    def work(index: int) -> str:
        if index % 2:
            with pytest.raises(qa.InputError, match="superb"):
                qa.assess(cn2013, bad)
            return "refused"
        assert qa.assess(cn2013, good).to_dict() == expected
        return "ok"

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(work, range(200), timeout=120))
    assert outcomes.count("ok") == outcomes.count("refused") == 100


def test_the_gil_is_released_while_assessing(
    cn2013: qa.Scheme, sample_2019: dict[str, Any]
) -> None:
    """While one thread is inside a long qa.assess_many, another Python thread keeps running."""
    # 6,200 regions: the sample's 31 two hundred times over, each copy under a code of its own
    # (a region given twice is refused).
    submissions = [
        qa.Submission.from_dict({**s, "region": {"code": f"{copy:03d}{i:03d}", "name": ""}})
        for copy in range(200)
        for i, s in enumerate(sample_2019["submissions"])
    ]
    ticks = 0
    running = threading.Event()
    done = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        running.set()
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    thread = threading.Thread(target=ticker)
    thread.start()
    running.wait(timeout=10)
    try:
        before = ticks
        started = time.monotonic()
        qa.assess_many(cn2013, submissions)
        elapsed = time.monotonic() - started
        during = ticks - before
    finally:
        done.set()
        thread.join(timeout=10)
    # With the GIL held for the whole call the ticker would barely move (one switch interval
    # of 5 ms at most); released, it runs all along.
    assert elapsed > 0.02, "too fast to tell; make the cohort larger"
    assert during > 50


def test_results_stay_exact_with_logging_on_and_the_level_changing(
    cn2013: qa.Scheme, sample_2019: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    submissions = sample_2019["submissions"]
    expected = _results(qa.assess_many(cn2013, submissions))
    logger = logging.getLogger("qualityassess")
    stop = threading.Event()

    def flip() -> None:
        while not stop.is_set():
            for level in (logging.DEBUG, logging.WARNING, logging.INFO):
                logger.setLevel(level)
                time.sleep(0.001)

    flipper = threading.Thread(target=flip)
    with caplog.at_level(logging.DEBUG, logger="qualityassess"):
        flipper.start()
        try:
            with ThreadPoolExecutor(max_workers=THREADS) as pool:
                futures = [pool.submit(qa.assess_many, cn2013, submissions) for _ in range(16)]
                outcomes = [_results(f.result(timeout=120)) for f in futures]
        finally:
            stop.set()
            flipper.join(timeout=10)
    assert all(outcome == expected for outcome in outcomes)
    assert all(r.name == "qualityassess" for r in caplog.records if r.name.startswith("quality"))
