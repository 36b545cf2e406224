"""The whole of src/smsv2 (the fake included) imports one way (docs/architecture.md).

What is asserted, over the graph tests/import_graph.py reads with ``ast``:

* no import cycle among module-level imports outside ``if TYPE_CHECKING:``;
* no function-level import that only hides a cycle: each one, made module-level, must
  still leave the graph acyclic. Deferred imports kept for start-up time are fine when they
  form no cycle: the lazy attributes of ``smsv2``, ``smsv2.resources``, ``smsv2.models`` and
  the generated model and enum packages, and imports of heavy or optional third-party
  packages inside functions (botocore, aiobotocore, redis, celery, phonenumbers, rich,
  typer, ...). Third-party modules are not nodes of the graph, so they can never close a
  cycle of ours; no allow-list is needed;
* every import, module-level or deferred, goes down the table of layers below (or stays in
  its layer). ``if TYPE_CHECKING:`` imports are left out of that rule: they never run, and
  naming a higher layer's class in an annotation (a ``Client`` parameter) is how the lower
  layers are handed one;
* ``importlib.import_module`` with a computed name is only used where the graph still sees
  what it loads: a PEP 562 ``__getattr__`` (whose ``TYPE_CHECKING`` block declares its
  targets, checked by importing them) or a loader that imports the module path it is given.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable

import pytest

from tests.import_graph import MODULES, Imports, find_cycle, find_path, read_graph

GRAPH: dict[str, Imports] = read_graph()

# The layers, lowest first. A module belongs to the entry naming it or its nearest package;
# it may import its own layer and the ones below, never above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base: error and model base classes, the operation record, log redaction, segments, "
        "the NOT_GIVEN convention, public module names",
        (
            "smsv2._errors_base",
            "smsv2._options",
            "smsv2._public",
            "smsv2._model_base",
            "smsv2._operation",
            "smsv2._log_redaction",
            "smsv2.encoding",
        ),
    ),
    (
        "generated data: models, enums, error classes, operation table (codegen/generate.py)",
        (
            "smsv2._generated",
            "smsv2._generated.enums",
            "smsv2._generated.errors",
            "smsv2._generated.models",
            "smsv2._generated.operations",
            "smsv2._generated.public_names",
            "smsv2._generated.resource_fields",
            "smsv2._generated.typeddicts",
        ),
    ),
    (
        "public vocabulary: errors, models, phone numbers",
        ("smsv2.errors", "smsv2.models", "smsv2.phone", "smsv2._libphonenumber"),
    ),
    (
        "call machinery: request building, transport, retries, pagination, error mapping",
        (
            "smsv2._requests",
            "smsv2._setup",
            "smsv2._botocore_session",
            "smsv2._direct",
            "smsv2._transport",
            "smsv2._async_transport",
            "smsv2.retries",
            "smsv2.pagination",
            "smsv2._error_mapping",
            "smsv2.telemetry",
        ),
    ),
    ("call engine: every decision of one call, no I/O", ("smsv2._engine",)),
    ("client drivers: the I/O of one call", ("smsv2._client_core", "smsv2._async_client_core")),
    (
        "generated clients: one method per operation",
        ("smsv2._generated.client", "smsv2._generated.async_client"),
    ),
    ("client features: bulk sending, event parsing", ("smsv2.bulk", "smsv2.events")),
    ("public clients", ("smsv2.client", "smsv2.async_client")),
    (
        "on top of a client: the object API, integrations",
        ("smsv2._default_client", "smsv2.resources", "smsv2.integrations"),
    ),
    (
        "the fake service: uses the public SDK only, never the client's internals",
        ("smsv2.testing",),
    ),
    ("the package facade: lazy attributes for every public module", ("smsv2",)),
    ("the command line: an application of all of the above", ("smsv2.cli",)),
)

LAYER_OF_ENTRY = {entry: index for index, (_, entries) in enumerate(LAYERS) for entry in entries}

# Modules that import a module path handed to them (not a name of their own choosing).
LOADERS = {"smsv2._operation": "loads the model module the generated operation table names"}


def layer(module: str) -> int:
    """The layer index of ``module``: its own entry or its nearest package's."""
    name = module
    while name not in LAYER_OF_ENTRY:
        if "." not in name:
            raise KeyError(module)
        name = name.rsplit(".", 1)[0]
    return LAYER_OF_ENTRY[name]


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _runtime_edges() -> dict[str, set[str]]:
    return {name: imports.top | imports.deferred for name, imports in GRAPH.items()}


def _closure(start: Iterable[str], edges: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(edges.get(name, ()))
    return seen


# -- the graph reader itself


def test_the_graph_sees_every_kind_of_import() -> None:
    assert len(GRAPH) > 400  # the fake and every generated model module included
    assert "smsv2._generated.client" in GRAPH["smsv2.client"].top
    # from pkg import submodule is an edge to the submodule
    assert "smsv2._generated.enums" in GRAPH["smsv2.models"].top
    # importing a.b.c from outside runs a and a.b first
    assert "smsv2._generated" in GRAPH["smsv2.client"].top
    assert "smsv2.client" in GRAPH["smsv2._default_client"].deferred
    assert "smsv2.async_client" in GRAPH["smsv2.bulk._async"].type_checking
    # relative imports in the fake
    assert "smsv2.testing._backend.sending" in GRAPH["smsv2.testing._backend.wiring"].top
    # a lazy package's TYPE_CHECKING block is what its __getattr__ loads
    assert "smsv2.client" in GRAPH["smsv2"].deferred


def test_cycle_and_path_finders() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert find_path({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}}, "a", "d") == ["a", "b", "d"]
    assert find_path({"a": {"b"}}, "b", "a") is None


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer(module)
    assert set(LAYER_OF_ENTRY) <= set(MODULES), "a layer names a module that does not exist"


# -- the rules


def test_no_import_cycle_outside_type_checking() -> None:
    cycle = find_cycle({name: imports.top for name, imports in GRAPH.items()})
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize(
    "module", sorted(name for name, imports in GRAPH.items() if imports.deferred), ids=str
)
def test_no_function_level_import_only_breaks_a_cycle(module: str) -> None:
    # Made module-level, ``module -> target`` closes a cycle iff target already reaches module.
    top = {name: imports.top for name, imports in GRAPH.items()}
    hidden = {
        target: path
        for target in sorted(GRAPH[module].deferred)
        if (path := find_path(top, target, module))
    }
    assert hidden == {}, "\n".join(
        f"{module} defers importing {target}, which would close the cycle "
        + " -> ".join([module, *path])
        for target, path in hidden.items()
    )


def test_imports_only_go_down_the_layers() -> None:
    upward = [
        f"{source} (layer {layer(source)}) imports {target} (layer {layer(target)})"
        for source, targets in sorted(_runtime_edges().items())
        for target in sorted(targets)
        if layer(target) > layer(source)
    ]
    assert upward == []


def test_only_the_facade_and_the_cli_import_the_fake() -> None:
    # The SDK must work without its own fake; `smsv2 demo` and `smsv2 fake serve` use it.
    outside = [
        f"{source} imports {target}"
        for source, targets in sorted(_runtime_edges().items())
        for target in sorted(targets)
        if _inside(target, "smsv2.testing")
        and not (_inside(source, "smsv2.testing") or _inside(source, "smsv2.cli"))
        and source != "smsv2"
    ]
    assert outside == []


def test_nothing_imports_the_cli() -> None:
    importers = [
        f"{source} imports {target}"
        for source, imports in sorted(GRAPH.items())
        for target in sorted(imports.top | imports.deferred | imports.type_checking)
        if _inside(target, "smsv2.cli") and not _inside(source, "smsv2.cli")
    ]
    assert importers == []


def test_bulk_never_names_the_sync_client_and_integrations_use_public_bulk() -> None:
    # Bulk meets clients through its BulkClient protocol (composition), so Client -> bulk is
    # the only edge; only the async adapter names AsyncClient, in an annotation.
    named = [
        f"{source} imports {target}"
        for source, imports in sorted(GRAPH.items())
        if _inside(source, "smsv2.bulk")
        for target in sorted(imports.top | imports.deferred | imports.type_checking)
        if target in ("smsv2.client", "smsv2.async_client")
        and not (source == "smsv2.bulk._async" and target in imports.type_checking)
    ]
    assert named == []
    private = [
        f"{source} imports {target}"
        for source, imports in sorted(GRAPH.items())
        if _inside(source, "smsv2.integrations")
        for target in sorted(imports.top | imports.deferred | imports.type_checking)
        if _inside(target, "smsv2.bulk") and target != "smsv2.bulk"
    ]
    assert private == []


# Private modules the fake may share with the SDK: they carry no behaviour on the wire.
SHARED_WITHOUT_BEHAVIOUR = frozenset({"smsv2._public"})


def test_the_fake_uses_only_the_public_sdk() -> None:
    # Sharing the client's internals would let one bug hide on both sides of the wire.
    private = [
        f"{source} imports {target}"
        for source, imports in sorted(GRAPH.items())
        if _inside(source, "smsv2.testing")
        for target in sorted(imports.top | imports.deferred | imports.type_checking)
        if not _inside(target, "smsv2.testing")
        and "._" in f".{target.split('.', 1)[1]}"
        and target not in SHARED_WITHOUT_BEHAVIOUR
    ]
    assert private == []


def test_computed_imports_are_visible_to_the_graph() -> None:
    unseen = [
        f"{name}:{line}"
        for name, imports in sorted(GRAPH.items())
        for line in imports.dynamic
        if name not in LOADERS and "__getattr__" not in MODULES[name].read_text()
    ]
    assert unseen == [], "importlib.import_module with a computed name the graph cannot follow"


LAZY_PACKAGES = sorted(
    name
    for name in MODULES
    if "def __getattr__" in MODULES[name].read_text() and GRAPH[name].dynamic
)

# Run in a fresh interpreter: touches every lazy name and reports what got imported.
_PROBE = """
import importlib, json, sys
package = importlib.import_module(sys.argv[1])
before = set(sys.modules)
names = list(getattr(package, "__all__", []))
names += [m.rsplit(".", 1)[1] for m in json.loads(sys.argv[2])]
for name in names:
    try:
        getattr(package, name)
    except AttributeError:
        pass
print(json.dumps(sorted(m for m in set(sys.modules) - before if m.startswith("smsv2"))))
"""


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_lazy_attributes_load_only_what_the_graph_sees(package: str) -> None:
    children = [m for m in MODULES if m != package and m.rsplit(".", 1)[0] == package]
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, package, json.dumps(children)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    loaded = set(json.loads(probe.stdout)) & set(MODULES)
    unseen = sorted(loaded - _closure([package], _runtime_edges()))
    assert unseen == [], (
        f"{package}.__getattr__ loads modules its TYPE_CHECKING block does not declare"
    )
