"""smsv2.testing's own structure: the backend's layers (CONVENTIONS.md), families independent
of each other, only the wiring imports them, no reach into private state of another object. Cycles and layers of the
whole package, the fake included, are tests/test_architecture.py's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smsv2.testing._backend import wiring
from tests.import_graph import MODULES, read_graph

PACKAGE = "smsv2.testing"
BACKEND = f"{PACKAGE}._backend"

GRAPH = read_graph(m for m in MODULES if m == PACKAGE or m.startswith(f"{PACKAGE}."))


def _runtime(module: str) -> set[str]:
    return GRAPH[module].top | GRAPH[module].deferred


def test_the_graph_sees_the_backend() -> None:
    assert f"{BACKEND}.wiring" in GRAPH
    assert f"{BACKEND}.sending" in GRAPH[f"{BACKEND}.wiring"].top
    assert f"{BACKEND}.rules.send" in GRAPH[f"{BACKEND}.sending"].top


FAMILY_MODULES = {f"{BACKEND}.{family.name}" for family in wiring.FAMILIES}

# The backend's layers, lowest first (src/smsv2/testing/_backend/CONVENTIONS.md): a module
# imports its own layer and the ones below.
BACKEND_LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "_base",
            "_model",
            "_records",
            "_state",
            "_faults",
            "quotas",
            "countries",
            "aws_sinks",
            "webhooks",
        }
    ),
    frozenset({"engine"}),
    frozenset({"_context"}),
    frozenset({"rules", "inbox"}),
    frozenset(family.name for family in wiring.FAMILIES),
    frozenset({"wiring"}),
    frozenset({"_core"}),
)


def _backend_layer(module: str) -> int:
    if module == BACKEND:
        return len(BACKEND_LAYERS)  # the package re-exports the top
    top_name = module[len(BACKEND) + 1 :].split(".", 1)[0]
    return next(i for i, names in enumerate(BACKEND_LAYERS) if top_name in names)


def test_the_backend_imports_only_go_down_its_layers() -> None:
    upward = [
        f"{source} imports {target}"
        for source in sorted(GRAPH)
        if source == BACKEND or source.startswith(f"{BACKEND}.")
        for target in sorted(_runtime(source))
        if target.startswith(f"{BACKEND}.") and _backend_layer(target) > _backend_layer(source)
    ]
    assert upward == []


def test_every_family_is_a_module_of_the_backend() -> None:
    assert FAMILY_MODULES.issubset(MODULES)
    assert len(FAMILY_MODULES) == len(wiring.FAMILIES)


@pytest.mark.parametrize("module", sorted(FAMILY_MODULES))
def test_families_do_not_import_each_other(module: str) -> None:
    assert not _runtime(module) & (FAMILY_MODULES - {module})


@pytest.mark.parametrize(
    "module", sorted(m for m in GRAPH if m.startswith(f"{BACKEND}.") and m not in FAMILY_MODULES)
)
def test_only_wiring_and_above_import_families(module: str) -> None:
    if module in (f"{BACKEND}.wiring", f"{BACKEND}._core"):
        return
    assert not _runtime(module) & FAMILY_MODULES, f"{module} imports a family"


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


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m.startswith(f"{BACKEND}.")), ids=str)
def test_no_reach_into_private_attributes(module: str) -> None:
    assert _private_reaches(MODULES[module]) == []
