"""Typed package (issue 4, item 6): stubs for _core generated at build time, and mypy --strict
on the installed package against them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import qualityassess as qa

REPO = Path(__file__).resolve().parents[2]
INSTALLED = Path(qa.__file__).parent


def test_core_stubs_are_generated_and_installed() -> None:
    # A stub package: the module's own names, and one stub per submodule.
    stub = (INSTALLED / "_core" / "__init__.pyi").read_text(encoding="utf-8")
    campaign = (INSTALLED / "_core" / "campaign.pyi").read_text(encoding="utf-8")
    assert (INSTALLED / "py.typed").exists()
    # Generated from the built module (pybind11-stubgen), so they list what it has.
    for name in ("class Scheme", "def assess_cohort", "def _set_exception_types"):
        assert name in stub
    assert "def nodes(self) -> list[dict[str, typing.Any]]" in stub
    assert "def name(self) -> dict[str, str]" in stub
    # The errors are Python classes (qualityassess._errors), not the core's.
    assert "class InputError" not in stub and "class SchemeError" not in stub
    for name in ("class State", "def apply(state: State", "def replay("):
        assert name in campaign
    assert "campaign_" not in stub


def test_mypy_strict_passes_on_the_installed_package(tmp_path: Path) -> None:
    # Run outside the source tree so that the installed package (with its _core stubs) is checked.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",
            str(REPO / ".mypy_cache"),
            "-p",
            "qualityassess",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found")
