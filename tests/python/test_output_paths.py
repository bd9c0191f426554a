"""Every output goes through one writer (qualityassess._files): a regular file is replaced
whole or not at all, a link is followed, a special file is written directly and never
replaced, ``-`` is standard output, and a full device is an error (exit 3 from the CLI), with
no temporary file left behind (issue 12, "Output paths")."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from qualityassess import _files
from qualityassess.cli import main

needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_special_file_is_written_not_replaced() -> None:
    _files.write_text_atomic("/dev/null", "discarded\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # still the device, even as root


def test_a_fifo_receives_the_data(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    _files.write_text_atomic(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_link_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    _files.write_text_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    assert leftovers(tmp_path) == []


def test_dash_is_standard_output(capfd: pytest.CaptureFixture[str]) -> None:
    _files.write_text_atomic("-", "to stdout\n")
    assert capfd.readouterr().out == "to stdout\n"
    assert not Path("-").exists()


@needs_dev_full
def test_a_full_device_is_an_error() -> None:
    with pytest.raises(OSError) as raised:
        _files.write_text_atomic("/dev/full", "x" * 100_000)
    assert raised.value.errno == errno.ENOSPC


def test_a_failed_write_keeps_what_was_saved_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("saved before")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_files.os, "fsync", full)
    with pytest.raises(OSError):
        _files.write_text_atomic(target, "new report")
    assert target.read_text() == "saved before"
    assert leftovers(tmp_path) == []


@needs_dev_full
def test_the_cli_reports_a_full_device_with_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--lang", "en", "demo", "--out", "/dev/full"])
    err = capsys.readouterr().err
    assert code == 3
    assert err.startswith("qualityassess: /dev/full: cannot write: No space left on device")


def test_the_cli_writes_to_dev_null_without_replacing_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--lang", "en", "demo", "--out", "/dev/null"]) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
