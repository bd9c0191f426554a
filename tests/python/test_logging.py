"""The spdlog -> logging bridge: records reach the "qualityassess" logger, levels are
respected, and threads logging at once neither deadlock nor lose records."""

from __future__ import annotations

import logging
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import qualityassess as qa


def core_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "qualityassess"]


def test_debug_records_reach_python_logging(caplog, make_submission) -> None:
    with caplog.at_level(logging.DEBUG, logger="qualityassess"):
        qa.assess("cn-2013", make_submission())
    messages = [r.getMessage() for r in core_records(caplog)]
    assert "assessing 420000 湖北省 for 2019 with scheme cn-2013" in messages
    assert "420000 湖北省: total 100.00 of 100, grade A" in messages


def test_veto_is_logged_at_info(caplog, make_submission) -> None:
    incident = {"id": "i-1", "date": "2020-01-01", "scope": "systemic"}
    with caplog.at_level(logging.INFO, logger="qualityassess"):
        qa.assess("cn-2013", make_submission(incidents=[incident]))
    records = core_records(caplog)
    assert [r.levelno for r in records] == [logging.INFO]
    assert "veto applied, grade D (score alone: A)" in records[0].getMessage()


def test_level_above_debug_keeps_debug_records_out(caplog, make_submission) -> None:
    with caplog.at_level(logging.WARNING, logger="qualityassess"):
        qa.assess("cn-2013", make_submission())
    assert core_records(caplog) == []


def test_a_level_changed_between_two_assessments_is_followed(caplog, make_submission) -> None:
    """The facade passes the level down again after any change made through logging, on the
    logger itself or on a parent it inherits its level from."""
    logger, root = logging.getLogger("qualityassess"), logging.getLogger()
    old_root_level = root.level
    try:
        with caplog.at_level(logging.WARNING, logger="qualityassess"):
            caplog.handler.setLevel(logging.DEBUG)
            qa.assess("cn-2013", make_submission())
            assert core_records(caplog) == []
            logger.setLevel(logging.DEBUG)
            qa.assess("cn-2013", make_submission())
            assert logging.DEBUG in {r.levelno for r in core_records(caplog)}
            caplog.clear()
            logger.setLevel(logging.WARNING)
            qa.assess("cn-2013", make_submission())
            assert core_records(caplog) == []
            logger.setLevel(logging.NOTSET)  # inherited from the root logger from now on
            root.setLevel(logging.DEBUG)
            qa.assess("cn-2013", make_submission())
            assert logging.DEBUG in {r.levelno for r in core_records(caplog)}
    finally:
        root.setLevel(old_root_level)


def test_many_threads_logging_at_once_do_not_deadlock(caplog, make_submission) -> None:
    submissions = [make_submission(region={"code": f"{i:06d}", "name": ""}) for i in range(200)]
    with caplog.at_level(logging.DEBUG, logger="qualityassess"):
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(qa.assess, "cn-2013", s) for s in submissions]
            grades = [f.result(timeout=60) for f in futures]
    assert {r.grade for r in grades} == {"A"}
    assessing = [r for r in core_records(caplog) if r.getMessage().startswith("assessing ")]
    assert len(assessing) == 200


def test_a_handler_that_takes_a_lock_held_by_another_thread(make_submission) -> None:
    """A handler blocking on a lock that the main thread holds while it waits for a worker:
    the worker's assessment runs without the GIL, so the main thread's wait must not stop it
    logging once the lock is released."""
    lock = threading.Lock()
    seen: list[str] = []

    class Blocking(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            with lock:
                seen.append(record.getMessage())

    logger = logging.getLogger("qualityassess")
    handler = Blocking(level=logging.DEBUG)
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with lock:
            worker = threading.Thread(target=qa.assess, args=("cn-2013", make_submission()))
            worker.start()
            worker.join(timeout=0.2)  # the worker is blocked in the handler, on our lock
        worker.join(timeout=30)
        assert not worker.is_alive()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert any(m.startswith("assessing 420000") for m in seen)


def test_a_failing_handler_does_not_break_the_assessment(make_submission, monkeypatch) -> None:
    class Broken(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler broke")

        def handleError(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler broke again")

    logger = logging.getLogger("qualityassess")
    handler = Broken(level=logging.DEBUG)
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    unraisable: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: unraisable.append(info.exc_value))
    try:
        result = qa.assess("cn-2013", make_submission())
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert result.grade == "A"
    assert unraisable and all(isinstance(e, RuntimeError) for e in unraisable)


_GIL_AND_NO_GIL = """
import logging, threading
from qualityassess import _core
from qualityassess.scheme import Scheme
logging.getLogger("qualityassess").setLevel(logging.DEBUG)
logging.getLogger("qualityassess").addHandler(logging.NullHandler())
from qualityassess import _logging
_logging.sync_level()
create = {"type": "create", "date": "2019-06-01", "actor": "", "data": {
    "scheme": Scheme.builtin("cn-2013").to_dict(), "year": 2019,
    "regions": [{"code": "110000", "name": "北京市"}]}}
text = _core.campaign.state_text(_core.campaign.start(create)).decode()
def without_gil():
    for _ in range(200):
        _core.campaign.state_from_text(text)  # releases the GIL, logs as it reads the scheme
worker = threading.Thread(target=without_gil)
worker.start()
for _ in range(200):
    _core.campaign.start(create)  # holds the GIL, logs as it reads the scheme
worker.join()
print("done")
"""


def test_a_thread_without_the_gil_and_one_with_it_log_at_once() -> None:
    """A core call that releases the GIL (reading a campaign file's state in a thread of its
    own) and one that holds it, both logging: the distributor must not hold its lock while the
    bridge waits for the GIL (that deadlocked)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _GIL_AND_NO_GIL], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "done\n"
