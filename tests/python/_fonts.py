"""Whether this machine has a CJK font, for the tests that look at Chinese as it is drawn (in
headless Chromium, by matplotlib). Shared by those tests."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

__all__ = ["needs_cjk_font", "system_cjk_fonts"]


def system_cjk_fonts() -> list[str]:
    """The font families fontconfig (which Chromium on Linux draws with, and where matplotlib
    looks) has for Chinese; none where fontconfig is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    listed = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    return sorted({line.strip() for line in listed.splitlines() if line.strip()})


# Skipped where no CJK font is installed, except under CI, whose set-up (scripts/setup.sh)
# installs fonts-noto-cjk: there a missing font must fail, not pass unseen.
needs_cjk_font = pytest.mark.skipif(
    not system_cjk_fonts() and not os.environ.get("CI"),
    reason="no CJK font installed (Debian: apt-get install fonts-noto-cjk; scripts/setup.sh)",
)
