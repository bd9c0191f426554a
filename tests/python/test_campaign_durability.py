"""Storage that loses nothing: a writer killed at random points never loses a committed step
and never leaves a file that does not open; readers in other processes see whole steps."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qualityassess.campaign import Campaign

REGIONS = [{"code": "420000", "name": "湖北省"}, {"code": "110000", "name": "北京市"}]

WRITER = textwrap.dedent(
    """
    import sys
    from qualityassess.campaign import Campaign

    campaign = Campaign.open(sys.argv[1])
    for i in range(100000):
        rate = 90 + (i % 100) / 10
        campaign.file_targets("420000", {"manufacturing_pass_rate": rate}, date="2019-06-20")
        print(len(campaign.history()), rate, flush=True)
    """
)


@pytest.fixture
def campaign_path(tmp_path: Path) -> Path:
    path = tmp_path / "durable.qa"
    Campaign.create(path, "cn-2013", 2019, REGIONS, date="2019-06-01").close()
    return path


def start_writer(tmp_path: Path, path: Path) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_first_commit(writer: subprocess.Popen[str]) -> str:
    assert writer.stdout is not None
    line = writer.stdout.readline()
    assert line, writer.stderr.read() if writer.stderr else "writer produced nothing"
    return line


def test_killed_writers_lose_no_committed_step(tmp_path: Path, campaign_path: Path) -> None:
    delays = random.Random(47)
    committed: list[tuple[int, float]] = []
    for _round in range(12):
        writer = start_writer(tmp_path, campaign_path)
        lines = [wait_for_first_commit(writer)]
        time.sleep(delays.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        lines += out.splitlines()
        committed += [
            (int(seq), float(rate))
            for seq, rate in (line.split() for line in lines if line.strip())
        ]

        reopened = Campaign.open(campaign_path)  # opens: the journal replays whole
        history = reopened.history()
        by_seq = {entry["seq"]: entry for entry in history}
        assert [entry["seq"] for entry in history] == list(range(1, len(history) + 1))
        for seq, rate in committed:  # every step reported as committed is there, as written
            assert by_seq[seq]["data"]["targets"] == {"manufacturing_pass_rate": rate}
        last_rate = history[-1]["data"]["targets"]["manufacturing_pass_rate"]
        assert reopened.submission("420000")["targets"] == {"manufacturing_pass_rate": last_rate}
        reopened.close()
    assert len(committed) >= 12


def test_readers_see_whole_steps_while_one_process_writes(
    tmp_path: Path, campaign_path: Path
) -> None:
    writer = start_writer(tmp_path, campaign_path)
    try:
        wait_for_first_commit(writer)
        reader = Campaign.open(campaign_path)
        seen: list[int] = []
        # Until a few steps were seen arriving (at most 20 s: a loaded machine writes slowly).
        deadline = time.monotonic() + 20.0
        while time.monotonic() < deadline and (len(seen) < 2 or seen[-1] < seen[0] + 3):
            reader.refresh()  # replays what was committed meanwhile; refuses a half-written step
            steps = len(reader.history())
            seen.append(steps)
            targets = reader.submission("420000")["targets"]
            assert set(targets) == {"manufacturing_pass_rate"}
        assert seen == sorted(seen) and seen[-1] > seen[0]
        reader.close()
    finally:
        writer.kill()
        writer.communicate()
