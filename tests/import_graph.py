"""The import graph of src/smsv2, read with ``ast`` (nothing is imported), for the
architecture tests: tests/test_architecture.py (the whole package) and
tests/testing/test_import_graph.py (the fake's own rules).

Three kinds of edge per module:

* ``top``: module-level imports outside ``if TYPE_CHECKING:``, the ones that run at import;
* ``deferred``: imports inside a function body (including ``importlib.import_module`` with a
  string literal), plus, for a module with a PEP 562 ``__getattr__``, every module its
  ``if TYPE_CHECKING:`` block names: that block is what its lazy attributes load;
* ``type_checking``: imports under ``if TYPE_CHECKING:`` that never run.

``from pkg import name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg``.
The implicit import of a module's parent packages is not an edge: every package would
otherwise "import" its submodules and be imported by them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted((SRC / "smsv2").rglob("*.py"))}


@dataclass
class Imports:
    """The smsv2 modules one module imports, by kind (see the module docstring)."""

    top: set[str] = field(default_factory=set[str])
    deferred: set[str] = field(default_factory=set[str])
    type_checking: set[str] = field(default_factory=set[str])
    dynamic: list[int] = field(default_factory=list[int])
    """Lines of ``importlib.import_module`` calls whose argument is not a string literal."""


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(current: str, module: str | None, level: int) -> str:
    if not level:
        return module or ""
    base = current if _is_package(current) else current.rsplit(".", 1)[0]
    for _ in range(level - 1):
        base = base.rsplit(".", 1)[0]
    return f"{base}.{module}" if module else base


def _resolve(current: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The smsv2 modules an import statement loads (submodules when named)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in MODULES:
                yield alias.name
        return
    target = _absolute(current, node.module, node.level)
    for alias in node.names:
        if f"{target}.{alias.name}" in MODULES:
            yield f"{target}.{alias.name}"
        elif target in MODULES:
            yield target


def _with_packages(current: str, targets: Iterable[str]) -> set[str]:
    """``targets`` plus the packages whose ``__init__`` importing them runs: every package on
    the way down that ``current`` is not itself inside (those have run already)."""
    found: set[str] = set()
    for target in targets:
        found.add(target)
        parts = target.split(".")
        for end in range(1, len(parts)):
            package = ".".join(parts[:end])
            if package in MODULES and not (current == package or current.startswith(f"{package}.")):
                found.add(package)
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_import_module(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id == "import_module"
    )


def _import_module_target(current: str, node: ast.Call) -> str | None:
    """The module ``importlib.import_module("...", package)`` loads, or None if not literal."""
    if not node.args:
        return None
    name = node.args[0]
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
        return None
    text = name.value
    level = len(text) - len(text.lstrip("."))
    # smsv2 passes package=__name__, so a relative name is relative to the current module.
    return _absolute(current, text[level:] or None, level)


def read_imports(name: str) -> Imports:
    """What module ``name`` imports."""
    tree = ast.parse(MODULES[name].read_text(), filename=str(MODULES[name]))
    found = Imports()

    def visit(node: ast.AST, in_function: bool, in_type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for stmt in child.body:
                    visit_stmt(stmt, in_function, True)
                for stmt in child.orelse:
                    visit_stmt(stmt, in_function, in_type_checking)
                continue
            visit_stmt(child, in_function, in_type_checking)

    def visit_stmt(child: ast.AST, in_function: bool, in_type_checking: bool) -> None:
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            targets = _with_packages(name, _resolve(name, child))
            if in_type_checking:
                found.type_checking |= targets
            elif in_function:
                found.deferred |= targets
            else:
                found.top |= targets
            return
        if isinstance(child, ast.Call) and _is_import_module(child):
            target = _import_module_target(name, child)
            if target is None:
                found.dynamic.append(child.lineno)
            elif target in MODULES:
                (found.deferred if in_function else found.top).update(
                    _with_packages(name, [target])
                )
        nested = in_function or isinstance(
            child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        )
        visit(child, nested, in_type_checking)

    visit(tree, False, False)
    if any(isinstance(stmt, ast.FunctionDef) and stmt.name == "__getattr__" for stmt in tree.body):
        # PEP 562 lazy attributes: what the TYPE_CHECKING block declares is what they load.
        found.deferred |= found.type_checking
    found.deferred -= found.top
    return found


def read_graph(names: Iterable[str] = MODULES) -> dict[str, Imports]:
    """The imports of every module in ``names``."""
    return {name: read_imports(name) for name in names}


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One import cycle of ``edges`` as a path ``[a, b, ..., a]``, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = walk(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            found = walk(start)
            if found:
                return found
    return None


def find_path(edges: Mapping[str, Iterable[str]], start: str, goal: str) -> list[str] | None:
    """The shortest import path ``[start, ..., goal]`` along ``edges``, or None."""
    previous: dict[str, str] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        following: list[str] = []
        for node in frontier:
            if node == goal:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return path[::-1]
            for nxt in sorted(edges.get(node, ())):
                if nxt not in seen:
                    seen.add(nxt)
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    return None
