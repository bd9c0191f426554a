"""Habits (issue 14, part 4): one source for the version, one Python floor, and the committed
stubs of the compiled core kept equal to the ones the build generates."""

from __future__ import annotations

import ast
import difflib
import importlib.metadata
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

import qualityassess as qa
from qualityassess import _core

REPO = Path(__file__).resolve().parents[2]
# A stub package: __init__.pyi for the module's own names, one stub per submodule (campaign.pyi).
COMMITTED_STUBS = REPO / "python" / "qualityassess" / "_core"
# Where the build writes them (cpp/CMakeLists.txt, QA_GENERATE_STUBS) for the editable install.
DEV_BUILD_STUBS = REPO / "build" / "dev" / "cpp" / "stubgen" / "out" / "qualityassess" / "_core"
REGENERATE = "regenerate them with `make stubs` and commit python/qualityassess/_core/"


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


def _generated_stubs() -> Path:
    """The stubs pybind11-stubgen wrote for the `_core` that is imported: the build installs them
    next to the module (the wheel ships those, not the committed copy: scikit-build-core skips
    a package file the CMake install already wrote); else the editable build's output."""
    beside = Path(_core.__file__).with_name("_core")
    if (beside / "__init__.pyi").is_file() and not beside.samefile(COMMITTED_STUBS):
        return beside
    if (DEV_BUILD_STUBS / "__init__.pyi").is_file():
        return DEV_BUILD_STUBS
    pytest.fail(
        f"no generated _core stubs beside {_core.__file__} nor at {DEV_BUILD_STUBS}: build the "
        "package with QA_GENERATE_STUBS=ON (the default), e.g. `make stubs`"
    )


def _stub_files(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.pyi"))}


def test_committed_stubs_match_the_generated_ones() -> None:
    generated = _generated_stubs()
    expected = _stub_files(generated)
    committed = _stub_files(COMMITTED_STUBS)
    assert not (COMMITTED_STUBS.parent / "_core.pyi").exists(), (
        f"python/qualityassess/_core.pyi is left over beside the stub package: {REGENERATE}"
    )
    if committed != expected:
        lines: list[str] = []
        for name in sorted(committed.keys() | expected.keys()):
            lines += difflib.unified_diff(
                committed.get(name, "").splitlines(keepends=True),
                expected.get(name, "").splitlines(keepends=True),
                f"python/qualityassess/_core/{name} (committed)",
                f"{generated / name} (generated)",
                n=1,
            )
        lines = "".join(lines).splitlines()
        shown = "\n".join(lines[:60])
        if len(lines) > 60:
            shown += f"\n... {len(lines) - 60} more lines"
        pytest.fail(
            f"the committed stubs of qualityassess._core differ from the ones generated from the "
            f"built module: {REGENERATE}.\n{shown}",
            pytrace=False,
        )


def _declared(stub: Path) -> list[str]:
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "__all__" and node.value is not None:
                return list(ast.literal_eval(node.value))
    return []


def test_committed_stubs_name_what_the_module_has() -> None:
    # Against the live module, so that it holds even where the stubs beside _core are the
    # committed copy (a wheel built with QA_GENERATE_STUBS=OFF).
    public = sorted(name for name in vars(_core) if not name.startswith("_"))
    assert sorted(_declared(COMMITTED_STUBS / "__init__.pyi")) == public, (
        f"{REGENERATE} (names differ from the built module)"
    )
    submodules = [name for name in public if isinstance(getattr(_core, name), ModuleType)]
    assert submodules == ["campaign"]
    for name in submodules:
        module = getattr(_core, name)
        names = sorted(n for n in vars(module) if not n.startswith("_"))
        assert sorted(_declared(COMMITTED_STUBS / f"{name}.pyi")) == names, (
            f"{REGENERATE} (names of _core.{name} differ from the built module)"
        )
