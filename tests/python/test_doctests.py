"""The examples in the package's docstrings run, and every public name has a numpydoc docstring
with one (issue 14, "Habits").

The examples are run here with :mod:`doctest` rather than by ``pytest --doctest-modules``: that
collects the modules by their file paths under ``python/``, and would import ``__main__`` (which
runs the CLI) and each old module name beside the module it now stands for. Here every module
is imported through the package as installed, each once, and each module's examples run in a
fresh temporary working directory (and ``tempfile``'s), with the options at their defaults: an
example writes nothing into the tree and does not depend on the examples run before it."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import qualityassess as qa


def _modules() -> dict[str, ModuleType]:
    """Every module of the package by name, each once: an old name that is the same module
    object as its new one (``qualityassess.excel`` is ``qualityassess.io.excel``) is left out,
    so that its examples do not run twice."""
    modules: dict[str, ModuleType] = {"qualityassess": qa}
    for info in pkgutil.walk_packages(qa.__path__, "qualityassess."):
        if info.name.rpartition(".")[2] != "__main__":  # runs the CLI when imported
            modules[info.name] = importlib.import_module(info.name)
    seen: set[int] = set()
    unique = {}
    for name, module in sorted(modules.items()):
        if module.__name__ == name and id(module) not in seen:
            seen.add(id(module))
            unique[name] = module
    return unique


MODULES = _modules()


def _examples(module: ModuleType) -> list[doctest.DocTest]:
    tests = doctest.DocTestFinder(exclude_empty=True).find(module, module.__name__)
    return [test for test in tests if test.examples]


WITH_EXAMPLES = [name for name, module in MODULES.items() if _examples(module)]


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    qa.reset_option("lang")
    yield tmp_path
    qa.reset_option("lang")


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name: str, isolated: Path) -> None:
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in _examples(MODULES[name]):
        runner.run(test, out=report.append)
    outcome = runner.summarize(verbose=False)
    assert outcome.attempted > 0
    assert outcome.failed == 0, "".join(report)


# The main public methods of the public classes, documented like the functions.
METHODS = {
    "Scheme": ["builtin", "load", "from_json", "from_dict", "to_dict", "to_json"],
    "Submission": ["from_dict", "from_json", "load"],
    "Result": ["explain", "to_dict", "to_json"],
    "Results": ["to_frame", "ranking", "grade_counts"],
    "LevelResults": ["roll_up"],
    "Regions": ["load", "from_records", "from_frame"],
    "Campaign": ["create", "open"],
    "Finding": ["from_dict", "to_dict", "detail_in"],
    "AppliedCondition": ["from_dict", "to_dict", "reason_in"],
    "NotAppliedCondition": ["from_dict", "to_dict", "reason_in"],
    "ConditionEffect": ["from_dict", "to_dict"],
    "Consequence": ["from_dict", "to_dict", "text_in"],
}
MODULE_NAMES = {name for name in qa.__all__ if inspect.ismodule(getattr(qa, name))}


def _documented() -> list[object]:
    out = []
    for name in qa.__all__:
        if name == "__version__":  # a str has no docstring of its own: the package's shows it
            out.append(pytest.param(name, qa, id=name))
            continue
        target = getattr(qa, name)
        out.append(pytest.param(name, target, id=name))
        for method in METHODS.get(name, []):
            qualified = f"{name}.{method}"
            out.append(pytest.param(qualified, getattr(target, method), id=qualified))
    return out


_HEADING = re.compile(r"^(\w[\w ]*)\n-{3,}$", flags=re.MULTILINE)


def _sections(doc: str) -> dict[str, str]:
    """The numpydoc sections of a docstring (a heading underlined with dashes) and their text."""
    found = list(_HEADING.finditer(doc))
    ends = [m.start() for m in found[1:]] + [len(doc)]
    return {m.group(1): doc[m.end() : end] for m, end in zip(found, ends, strict=True)}


def _signature(target: object) -> inspect.Signature | None:
    try:
        return inspect.signature(target)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # some C callables have none
        return None


def _parameters(signature: inspect.Signature | None) -> list[str]:
    """The parameters a caller gives (``_recorded_at`` and the like are not the caller's)."""
    if signature is None:
        return []
    return [p for p in signature.parameters if p not in ("self", "cls") and not p.startswith("_")]


@pytest.mark.parametrize(("name", "target"), _documented())
def test_public_name_has_a_numpydoc_docstring_with_an_example(name: str, target: object) -> None:
    doc = inspect.getdoc(target) or ""
    sections = _sections(doc)
    assert "Examples" in sections and ">>>" in doc, f"{name}: no Examples section"
    if name == "__version__":
        assert "__version__" in sections["Examples"]
        return
    if inspect.isroutine(target):
        signature = _signature(target)
        parameters = _parameters(signature)
        returns = signature is None or signature.return_annotation not in (None, "None")
        wanted = ({"Parameters"} if parameters else set()) | ({"Returns"} if returns else set())
        assert wanted <= sections.keys(), f"{name}: missing {sorted(wanted - sections.keys())}"
        described = sections.get("Parameters", "")
        for parameter in parameters:
            # numpydoc lists a parameter at the start of a line, alone or with others
            # ("scheme, other : Scheme or str").
            line = rf"^(\*{{0,2}}\w+, )*\*{{0,2}}{parameter}\b"
            assert re.search(line, described, flags=re.MULTILINE), (
                f"{name}: parameter {parameter!r} not described"
            )


def test_every_public_module_has_examples_that_run() -> None:
    # The six public submodules (qa.analysis, qa.excel, ...) are documented by their examples.
    assert MODULE_NAMES
    for name in MODULE_NAMES:
        module = getattr(qa, name)
        assert module.__name__ in WITH_EXAMPLES, f"qa.{name}: no examples"
