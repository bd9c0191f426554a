"""`qualityassess campaign ...`: a year run from the command line (issue 3, item 7)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from qualityassess import cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qualityassess", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def ok(*args: str) -> str:
    done = run(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_year_from_the_command_line(tmp_path: Path, sample_2019: dict[str, Any]) -> None:
    submissions = sample_2019["submissions"][:3]
    data = tmp_path / "three.json"
    data.write_text(json.dumps({"submissions": submissions}, ensure_ascii=False), encoding="utf-8")
    campaign = str(tmp_path / "2019.qa")

    assert "3 regions" in ok(
        "campaign",
        "init",
        campaign,
        "--year",
        "2019",
        "--regions",
        str(data),
        "--date",
        "2019-06-01",
    )
    ok(
        "campaign",
        "file-targets",
        campaign,
        str(data),
        "--date",
        "2019-06-28",
        "--actor",
        "provinces",
    )

    refused = run("campaign", "approve", campaign, "--date", "2020-09-01")
    assert refused.returncode == cli.EXIT_INVALID
    assert "phase 'filing'; this step needs 'assessed'" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr

    ok("campaign", "self-eval", campaign, str(data), "--date", "2020-07-14")
    plan = ok(
        "campaign",
        "plan-verification",
        campaign,
        "--rule",
        "manual",
        "--regions",
        "110000",
        "--date",
        "2020-07-20",
    )
    assert plan.startswith("110000\t")
    verification = tmp_path / "verify.json"
    verification.write_text(
        json.dumps(
            {
                "region": {"code": "110000"},
                "verification": {"development_plan": "poor"},
                "evidence": {"development_plan": "invented: not adopted"},
            }
        ),
        encoding="utf-8",
    )
    ok("campaign", "verify", campaign, str(verification), "--date", "2020-08-01")
    assert "北京市" in ok("campaign", "assess", campaign, "--date", "2020-08-20")
    ok("campaign", "approve", campaign, "--date", "2020-09-10", "--actor", "State Council")
    notice = ok("--lang", "en", "campaign", "announce", campaign, "--date", "2020-09-25")
    assert "Announced on 2020-09-25" in notice and notice.count("北京市") == 1

    criticism = ok("campaign", "notice", campaign, "--kind", "criticism")
    assert "北京市" in criticism and "invented: not adopted" in criticism
    status = ok("--lang", "en", "campaign", "status", campaign, "--as-of", "2020-10-01")
    assert "phase announced" in status and "110000" in status
    history = ok("campaign", "history", campaign, "--region", "110000")
    assert [line.split("\t")[4] for line in history.splitlines()] == [
        "create",
        "file_targets",
        "self_evaluate",
        "plan_verification",
        "verify",
        "assess",
        "approve",
        "announce",
    ]

    exported = tmp_path / "export.json"
    ok("campaign", "export", campaign, str(exported))
    assert "12 steps imported, phase announced" in ok(
        "campaign", "import", str(exported), str(tmp_path / "copy.qa")
    )


def test_missing_campaign_file_is_exit_3(tmp_path: Path) -> None:
    done = run("campaign", "status", str(tmp_path / "none.qa"))
    assert done.returncode == cli.EXIT_FILE and "no campaign file" in done.stderr
