"""The README's campaign session runs as written (a front-door example must not rot)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def campaign_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## A year as a campaign") :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None, "the campaign section has no Python block"
    return match.group(1)


def test_the_readme_campaign_session_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Art. 6, 7: the year as the README shows it, from filing to the announcement."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec("import qualityassess as qa\n" + campaign_block(), namespace)
    out = capsys.readouterr().out
    assert "D级（1个）：西藏自治区（整改报告须于2020-10-25前报送）" in out
    campaign = namespace["campaign"]
    rows = {row["region"]: row for row in campaign.status(as_of="2020-11-02")}  # type: ignore[attr-defined]
    assert rows["540000"]["self_evaluation_not_submitted"] is True
    assert rows["540000"]["rectification_state"] == "overdue"
    assert rows["420000"]["spot_checked"] is True
