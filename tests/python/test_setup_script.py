"""The set-up the README's front-door commands run (issue 17, item 6): `make demo` installs only
what the main job needs, and every apt-get waits for the dpkg lock a fresh cloud machine often
holds at boot instead of failing at once. Read from scripts/setup.sh and the Makefile (running
them would install packages)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETUP = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")


def _code(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.lstrip().startswith("#")]


def test_every_apt_get_waits_for_the_dpkg_lock() -> None:
    calls = [line for line in _code(SETUP) if re.search(r"\bapt-get\b", line)]
    assert calls, "the set-up installs with apt-get"
    assert all('"${APT_LOCK_WAIT[@]}"' in line for line in calls), calls
    wait = re.search(r"^APT_LOCK_WAIT=\(-o DPkg::Lock::Timeout=(\d+)\)", SETUP, re.M)
    assert wait is not None and int(wait.group(1)) >= 300


def test_make_demo_sets_up_only_the_main_job() -> None:
    demo = re.search(r"^demo: (.*)$", MAKEFILE, re.M)
    assert demo is not None and demo.group(1).split() == ["setup-main"]
    assert re.search(r"^setup-main:\n\tbash scripts/setup.sh --main$", MAKEFILE, re.M)
    main = re.search(r"^SYSTEM_PACKAGES=\(([^)]*)\)", SETUP, re.M)
    assert main is not None
    for heavy in ("chromium", "clang", "libgtest-dev", "fonts-noto-cjk", "libreoffice"):
        assert heavy not in main.group(1), heavy
    # The test extras only in the full set-up.
    install = re.search(r'if \[ "\$MODE" = full \]; then\n(.*?)\nelse\n(.*?)\nfi', SETUP, re.S)
    assert install is not None
    assert '".[test]"' in install.group(1) and "[test]" not in install.group(2)
