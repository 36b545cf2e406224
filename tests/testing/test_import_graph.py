"""smsv2.testing's imports run one way: no cycle outside TYPE_CHECKING, no function-level
import that only hides one, families independent of each other, no reach into private
state of another object."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from smsv2.testing._backend import wiring

ROOT = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "smsv2.testing"
BACKEND = f"{PACKAGE}._backend"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in (ROOT / "smsv2" / "testing").rglob("*.py")}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(current: str, node: ast.ImportFrom | ast.Import) -> Iterator[str]:
    """The smsv2.testing modules an import statement loads (submodules when named)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in MODULES:
                yield alias.name
        return
    if node.level:
        base = current if _is_package(current) else current.rsplit(".", 1)[0]
        for _ in range(node.level - 1):
            base = base.rsplit(".", 1)[0]
        target = f"{base}.{node.module}" if node.module else base
    else:
        target = node.module or ""
    for alias in node.names:
        if f"{target}.{alias.name}" in MODULES:
            yield f"{target}.{alias.name}"
        elif target in MODULES:
            yield target


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str) -> tuple[set[str], set[str]]:
    """(module-level targets outside TYPE_CHECKING, targets imported inside functions)."""
    tree = ast.parse(MODULES[name].read_text())
    top: set[str] = set()
    nested: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for stmt in child.orelse:
                    visit(stmt, in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (nested if in_function else top).update(_resolve(name, child))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True)
            else:
                visit(child, in_function)

    visit(tree, False)
    return top, nested


GRAPH = {name: _imports(name) for name in MODULES}


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``edges``, or None."""
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


def test_the_graph_sees_the_backend() -> None:
    assert f"{BACKEND}.wiring" in GRAPH
    assert f"{BACKEND}.sending" in GRAPH[f"{BACKEND}.wiring"][0]
    assert f"{BACKEND}.rules.send" in GRAPH[f"{BACKEND}.sending"][0]


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_outside_type_checking() -> None:
    assert _cycle({name: top for name, (top, _) in GRAPH.items()}) is None


@pytest.mark.parametrize(
    "module", sorted(name for name, (_, nested) in GRAPH.items() if nested), ids=str
)
def test_no_function_level_import_only_breaks_a_cycle(module: str) -> None:
    edges = {name: set(top) for name, (top, _) in GRAPH.items()}
    edges[module] |= GRAPH[module][1]
    assert _cycle(edges) is None, f"a function-level import in {module} hides a cycle"


FAMILY_MODULES = {f"{BACKEND}.{family.name}" for family in wiring.FAMILIES}


def test_every_family_is_a_module_of_the_backend() -> None:
    assert FAMILY_MODULES.issubset(MODULES)
    assert len(FAMILY_MODULES) == len(wiring.FAMILIES)


@pytest.mark.parametrize("module", sorted(FAMILY_MODULES))
def test_families_do_not_import_each_other(module: str) -> None:
    top, nested = GRAPH[module]
    assert not (top | nested) & (FAMILY_MODULES - {module})


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if m.startswith(f"{BACKEND}.") and m not in FAMILY_MODULES)
)
def test_only_wiring_and_above_import_families(module: str) -> None:
    top, nested = GRAPH[module]
    if module in (f"{BACKEND}.wiring", f"{BACKEND}._core"):
        return
    assert not (top | nested) & FAMILY_MODULES, f"{module} imports a family"


def _private_reaches(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
    return found


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if m.startswith(f"{BACKEND}.")), ids=str
)
def test_no_reach_into_private_attributes(module: str) -> None:
    assert _private_reaches(MODULES[module]) == []
