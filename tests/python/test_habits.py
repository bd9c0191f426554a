"""Habits (issue 14, part 4): one source for the version, one Python floor, and the committed
stubs of the compiled core kept equal to the ones the build generates."""

from __future__ import annotations

import ast
import difflib
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

import qualityassess as qa
from qualityassess import _core

REPO = Path(__file__).resolve().parents[2]
COMMITTED_STUB = REPO / "python" / "qualityassess" / "_core.pyi"
# Where the build writes it (cpp/CMakeLists.txt, QA_GENERATE_STUBS) for the editable install.
DEV_BUILD_STUB = REPO / "build" / "dev" / "cpp" / "stubgen" / "out" / "qualityassess" / "_core.pyi"
REGENERATE = "regenerate it with `make stubs` and commit python/qualityassess/_core.pyi"


def _pyproject() -> str:
    return (REPO / "pyproject.toml").read_text(encoding="utf-8")


def _project_version() -> str:
    if sys.version_info >= (3, 11):
        import tomllib

        return str(tomllib.loads(_pyproject())["project"]["version"])
    found = re.search(r'(?ms)^\[project\]$.*?^version\s*=\s*"([^"]+)"', _pyproject())
    assert found, "no version in [project] of pyproject.toml"
    return found.group(1)


def test_the_version_has_one_source() -> None:
    # pyproject.toml -> scikit-build-core (SKBUILD_PROJECT_VERSION_FULL) -> CMake ->
    # QA_VERSION_INFO -> _core.__version__ -> qa.__version__; the metadata comes from
    # pyproject.toml directly. A mismatch means the package was built from another version.
    assert qa.__version__ == _core.__version__
    assert qa.__version__ == importlib.metadata.version("qualityassess"), (
        "the compiled core and the installed metadata disagree: reinstall the package"
    )
    assert qa.__version__ == _project_version(), (
        "the installed package is not built from this pyproject.toml: reinstall it"
    )


def test_no_second_version_in_the_build_files() -> None:
    version = _project_version()
    for path in ("CMakeLists.txt", "cpp/CMakeLists.txt", "cpp/bindings/module.cpp"):
        text = (REPO / path).read_text(encoding="utf-8")
        assert version not in text, f"{path} repeats the version; pyproject.toml is its one source"


def test_one_python_floor_everywhere() -> None:
    text = _pyproject()
    floor = re.search(r'^requires-python\s*=\s*">=\s*3\.(\d+)"', text, re.M)
    ruff = re.search(r'^target-version\s*=\s*"py3(\d+)"', text, re.M)
    cmake = re.search(
        r"find_package\(Python\s+3\.(\d+)\b",
        (REPO / "cpp" / "CMakeLists.txt").read_text(encoding="utf-8"),
    )
    assert floor and ruff and cmake
    minors = {
        "requires-python": floor.group(1),
        "ruff target-version": ruff.group(1),
        "cpp/CMakeLists.txt find_package(Python)": cmake.group(1),
    }
    assert len(set(minors.values())) == 1, minors


def _generated_stub() -> Path:
    """The stub pybind11-stubgen wrote for the `_core` that is imported: the build installs it
    next to the module (the wheel ships that one, not the committed copy: scikit-build-core skips
    a package file the CMake install already wrote); else the editable build's output."""
    beside = Path(_core.__file__).with_name("_core.pyi")
    if beside.is_file() and not beside.samefile(COMMITTED_STUB):
        return beside
    if DEV_BUILD_STUB.is_file():
        return DEV_BUILD_STUB
    pytest.fail(
        f"no generated _core.pyi beside {_core.__file__} nor at {DEV_BUILD_STUB}: build the "
        "package with QA_GENERATE_STUBS=ON (the default), e.g. `make stubs`"
    )


def test_committed_stubs_match_the_generated_ones() -> None:
    generated = _generated_stub()
    expected = generated.read_text(encoding="utf-8")
    committed = COMMITTED_STUB.read_text(encoding="utf-8") if COMMITTED_STUB.is_file() else ""
    if committed != expected:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                expected.splitlines(keepends=True),
                "python/qualityassess/_core.pyi (committed)",
                f"{generated} (generated)",
                n=1,
            )
        )
        lines = diff.splitlines()
        shown = "\n".join(lines[:60])
        if len(lines) > 60:
            shown += f"\n... {len(lines) - 60} more lines"
        pytest.fail(
            f"the committed stubs of qualityassess._core differ from the ones generated from the "
            f"built module: {REGENERATE}.\n{shown}",
            pytrace=False,
        )


def test_committed_stubs_name_what_the_module_has() -> None:
    # Against the live module, so that it holds even where the stub beside _core is the
    # committed copy (a wheel built with QA_GENERATE_STUBS=OFF).
    tree = ast.parse(COMMITTED_STUB.read_text(encoding="utf-8"))
    declared: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "__all__" and node.value is not None:
                declared = list(ast.literal_eval(node.value))
    public = sorted(name for name in vars(_core) if not name.startswith("_"))
    assert sorted(declared) == public, f"{REGENERATE} (names differ from the built module)"
