"""The command line run in the test's own process (fast), shared by the CLI tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qualityassess import cli


def main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command run in this process: exit code, stdout, stderr."""
    try:
        code = cli.main(list(args))
    except SystemExit as stop:  # argparse refused the command line (exit 2)
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def write_json(path: Path, document: Any) -> str:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)
