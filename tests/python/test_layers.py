"""The package's layers (docs/architecture.md, "Layers"): its import graph, read from the
source with ``ast``, has no cycle and every import goes downwards; every public name imports
in a fresh interpreter.

An edge is every import of a ``qualityassess`` module that runs: at module level or inside a
function (a lazy import of our own code is still a dependency). Imports under
``if TYPE_CHECKING:`` never run and only name types for annotations; they are left out."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import qualityassess as qa

PACKAGE = Path(qa.__file__).resolve().parent
REPO = Path(__file__).resolve().parents[2]

# The layers, lowest first, written down once (docs/architecture.md, "Layers", has the same
# list). A module belongs to the first layer one of whose entries is its dotted name under
# ``qualityassess`` or a package above it. A module may import its own layer or lower ones.
LAYERS: list[tuple[str, list[str]]] = [
    (
        "base",
        [
            "_core",
            "_errors",
            "_frames",
            "_logging",
            "_files",
            "_text_table",
            "_progress",
            "_i18n",
            "_findings",
            "options",
            "sample",
            "_notices",
            "_console",
        ],
    ),
    ("display", ["display"]),
    ("facade", ["scheme", "assessment", "calendar"]),
    ("io", ["io", "batch", "frame", "regions", "excel"]),  # and the old names of io's modules
    ("report", ["report"]),
    ("analysis", ["analysis", "compare", "whatif", "diff", "cascade", "dask"]),
    ("campaign", ["campaign"]),
    ("cli", ["cli", "__main__"]),
    ("top", [""]),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of import nodes inside ``if TYPE_CHECKING:`` blocks."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for inner in node.body:
                    hidden.update(id(n) for n in ast.walk(inner))
    return hidden


def import_graph() -> dict[str, dict[str, int]]:
    """Module -> the package's modules it imports, each with the line of its first import."""
    modules = _package_modules()
    known = set(modules) | {"qualityassess._core"}
    graph: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        hidden = _type_checking_only(tree)
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets: dict[str, int] = {}

        def add(
            target: str, line: int, targets: dict[str, int] = targets, name: str = name
        ) -> None:
            if target in known and target != name:
                targets.setdefault(target, line)

        for node in ast.walk(tree):
            if id(node) in hidden:
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "qualityassess":
                        add(alias.name, node.lineno)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    base_name = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    base_name = node.module or ""
                if base_name.split(".")[0] != "qualityassess":
                    continue
                for alias in node.names:
                    submodule = f"{base_name}.{alias.name}"
                    # `from . import x` imports the module x; `from .m import f` imports m
                    add(submodule if submodule in known else base_name, node.lineno)
        graph[name] = targets
    return graph


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan): the modules that
    import one another through some cycle, each component sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def _one_cycle(graph: dict[str, dict[str, int]], component: list[str]) -> list[str]:
    """A path from the component's first module back to itself, within the component."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph.get(node, {})):
            if target == start:
                return [*paths[node], start]
            if target in members and target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return component  # pragma: no cover - a component always has a cycle


def layer_of(module: str) -> int:
    relative = module.removeprefix("qualityassess").removeprefix(".")
    for position, (_, entries) in enumerate(LAYERS):
        for entry in entries:
            if relative == entry or (entry and relative.startswith(entry + ".")):
                return position
    raise AssertionError(f"{module} is in no layer of LAYERS: add it to one")


def test_the_graph_sees_every_kind_of_import() -> None:
    graph = import_graph()
    assert "qualityassess.assessment" in graph["qualityassess"]  # from .assessment import ...
    assert "qualityassess._core" in graph["qualityassess.scheme"]  # from . import _core
    assert "qualityassess.cli" in graph["qualityassess.__main__"]


def test_no_import_cycle() -> None:
    graph = import_graph()
    cycles = [
        f"{len(c)} modules ({', '.join(c)}), e.g. {' -> '.join(_one_cycle(graph, c))}"
        for c in find_cycles(graph)
    ]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_every_module_is_in_a_layer() -> None:
    for module in import_graph():
        layer_of(module)


def test_imports_go_downwards() -> None:
    upwards = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} "
        f"({LAYERS[layer_of(target)][0]}), line {line}"
        for module, targets in sorted(import_graph().items())
        for target, line in sorted(targets.items())
        if layer_of(target) > layer_of(module)
    ]
    assert not upwards, "imports upwards:\n" + "\n".join(upwards)


def test_the_layers_are_documented() -> None:
    architecture = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    order = re.search(r"Python layers, lowest first: (.*)\.", architecture)
    assert order, "docs/architecture.md states the Python layers, lowest first"
    assert [n.strip(" `") for n in order.group(1).split(",")] == [n for n, _ in LAYERS]


def test_long_modules_say_why() -> None:
    long = []
    for name, path in _package_modules().items():
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 400:
            docstring = ast.get_docstring(ast.parse(source)) or ""
            if "lines" not in docstring.lower():
                long.append(f"{name}: {source.count(chr(10))} lines")
    assert not long, "modules over 400 lines without a reason in their docstring: " + str(long)


def _readme_names() -> set[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"\bqa\.([A-Za-z_]\w*)", readme))


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )


def test_every_public_name_imports_fresh() -> None:
    names = sorted(set(qa.__all__) | _readme_names())
    code = (
        "import json, qualityassess as qa\n"
        f"names = {json.dumps(names)}\n"
        "missing = [n for n in names if getattr(qa, n, None) is None]\n"
        "print(json.dumps(missing))\n"
    )
    done = _fresh(code)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [], "public names that do not import"


@pytest.mark.parametrize("name", sorted(qa.__all__))
def test_each_public_name_imports_alone(name: str) -> None:
    done = _fresh(f"from qualityassess import {name}")
    assert done.returncode == 0, done.stderr


def test_every_module_imports_alone() -> None:
    """Each module first in a fresh interpreter: an import cycle would show here as a
    partly initialised module."""
    modules = sorted(m for m in _package_modules() if not m.endswith("__main__"))
    code = (
        "import importlib, json, subprocess, sys\n"
        f"modules = {json.dumps(modules)}\n"
        "failed = []\n"
        "for m in modules:\n"
        "    done = subprocess.run([sys.executable, '-c', f'import {m}'], capture_output=True,\n"
        "                          text=True)\n"
        "    if done.returncode:\n"
        "        failed.append(m + ': ' + done.stderr.strip().splitlines()[-1])\n"
        "print(json.dumps(failed))\n"
    )
    done = _fresh(code)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
