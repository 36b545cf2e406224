"""Writes the API reference at build time (mkdocs-gen-files): a page per public module, an entry
per public name, so a name added to a module's ``__all__`` appears without editing a page."""

from __future__ import annotations

import functools
import importlib
import re
import sys
import types
from collections.abc import Callable, Iterable
from pathlib import Path

import griffe
import mkdocs_gen_files

SRC = Path(__file__).resolve().parent.parent / "src"

# page -> (title, introduction, module whose public names it lists)
PAGES: dict[str, tuple[str, str, str]] = {
    "client": ("Client", "The typed client: one method per operation.", "smsv2.client"),
    "errors": ("Errors", "Every error smsv2 raises.", "smsv2.errors"),
    "retries": ("Retries", "The retry policy and its hook.", "smsv2.retries"),
    "pagination": ("Pagination", "Lazy iterators over paginated operations.", "smsv2.pagination"),
    "resources": ("Object API", "Resource classes over the client.", "smsv2.resources"),
    "testing": ("Testing", "The offline fake of the service.", "smsv2.testing"),
    "encoding": ("Segments and encodings", "`smsv2.segments`, `smsv2.to_gsm7`.", "smsv2.encoding"),
    "phone": ("Phone numbers", "`smsv2.normalize_phone_number`.", "smsv2.phone"),
    "telemetry": ("Telemetry", "OpenTelemetry traces and metrics.", "smsv2.telemetry"),
}
# Optional public modules other parts of the project add; each gets a page once it exists.
OPTIONAL_PAGES: dict[str, tuple[str, str, str]] = {
    "async_client": ("AsyncClient", "The same surface on aiobotocore.", "smsv2.async_client"),
    "events": ("Events", "Delivery and inbound events.", "smsv2.events"),
    "bulk": ("Bulk sending", "Rate-limited, resumable bulk sends.", "smsv2.bulk"),
    "celery": ("Celery", "Shared-rate sending from Celery.", "smsv2.integrations.celery"),
    "fastapi": ("FastAPI", "A verified SNS endpoint for FastAPI.", "smsv2.integrations.fastapi"),
    "django": ("Django", "A verified SNS endpoint for Django.", "smsv2.integrations.django"),
    "cli": ("Command line", "The `smsv2` command.", "smsv2.cli"),
}
MODEL_GROUPS: dict[str, tuple[str, Callable[[str], bool]]] = {
    "requests": ("Request models", lambda name: name.endswith("Request")),
    "results": ("Result models", lambda name: name.endswith("Result")),
    "typeddicts": ("Dict forms of nested inputs", lambda name: name.endswith("Dict")),
}


@functools.cache
def _source(path: str) -> str:
    # Re-exporting packages are read once each, not once per name they hold.
    return Path(path).read_text(encoding="utf-8")


def defining_path(obj: object, public: str, name: str) -> str:
    """Where griffe finds ``obj``'s source: the module whose file defines it.

    ``__module__`` names the public module (what tracebacks show), so the defining one is
    found among the loaded smsv2 modules holding ``obj``: the one whose source has its
    ``class`` or ``def`` statement.
    """
    qualname = getattr(obj, "__qualname__", name)
    statement = re.compile(rf"^(?:class|def|async def) {re.escape(qualname)}\b", re.MULTILINE)
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("smsv2") or vars(module).get(qualname) is not obj:
            continue
        source = getattr(module, "__file__", None)
        if source and statement.search(_source(source)):
            return f"{module_name}.{qualname}"
    return f"{public}.{name}"


# Each object is documented once, on the first page that lists it (errors on the errors page,
# even where another module re-exports them); later pages point there.
DOCUMENTED: dict[str, str] = {}


@functools.cache
def _package() -> griffe.Object | griffe.Alias:
    return griffe.load("smsv2", search_paths=[str(SRC)], resolve_aliases=True)


def identifier(public: str, defining: str) -> str:
    """The public path when griffe resolves it (anchors and links then say smsv2.bulk.BulkRun,
    members included); the defining one otherwise (models load lazily, out of griffe's sight)."""
    try:
        _ = _package()[public.split(".", 1)[1]].canonical_path
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return defining
    return public


def entries(module: str, names: Iterable[str], page: str) -> str:
    mod = importlib.import_module(module)
    out: list[str] = []
    for name in names:
        path = defining_path(getattr(mod, name), module, name)
        home = DOCUMENTED.setdefault(path, page)
        shown = identifier(f"{module}.{name}", path)
        if home != page:
            out.append(f"- `{name}`: documented in [{home}]({home}.md#{DOCUMENTED_AS[path]})\n")
        else:
            DOCUMENTED_AS[path] = shown
            out.append(f"::: {shown}\n    options:\n      show_root_heading: true\n")
    return "\n".join(out)


# The identifier each documented object's anchor has.
DOCUMENTED_AS: dict[str, str] = {}


def write(page: str, title: str, intro: str, body: str) -> None:
    with mkdocs_gen_files.open(f"reference/{page}.md", "w") as fh:
        fh.write(f"# {title}\n\n{intro}\n\n{body}")


def public_names(module: str) -> list[str]:
    """The module's public names, submodules left out (each has its page)."""
    mod = importlib.import_module(module)
    names = getattr(mod, "__all__", ())
    return sorted(n for n in names if not isinstance(getattr(mod, n), types.ModuleType))


def main() -> None:
    index = ["# API reference", "", "| page | module |", "|---|---|"]
    pages = dict(PAGES)
    for page, spec in OPTIONAL_PAGES.items():
        try:
            importlib.import_module(spec[2])
        except ImportError:
            continue
        pages[page] = spec
    # Last: the package's own names (NOT_GIVEN, ...); the rest point to their module's page.
    pages["package"] = ("The smsv2 package", "What `import smsv2` gives.", "smsv2")
    for page, (title, intro, module) in pages.items():
        write(page, title, intro, entries(module, public_names(module), page))
        index.append(f"| [{title}]({page}.md) | `{module}` |")

    from smsv2 import models

    names = sorted(n for n in dir(models) if not n.startswith("_"))
    enums = importlib.import_module("smsv2._generated.enums")
    typeddicts = importlib.import_module("smsv2._generated.typeddicts")
    grouped: set[str] = set()
    for page, (title, test) in MODEL_GROUPS.items():
        pool = typeddicts.__all__ if page == "typeddicts" else names
        chosen = [n for n in pool if test(n)]
        grouped.update(chosen)
        write(
            f"models-{page}",
            title,
            f"`smsv2.models.<Name>`: {title.lower()}.",
            entries("smsv2.models", chosen, f"models-{page}"),
        )
        index.append(f"| [{title}](models-{page}.md) | `smsv2.models` |")
    enum_names = [n for n in enums.__all__ if not n.endswith("Literal")]
    write(
        "models-enums",
        "Enums",
        "`str` enums, each with a `Literal` alias (`<Name>Literal`).",
        entries("smsv2.models", enum_names, "models-enums"),
    )
    index.append("| [Enums](models-enums.md) | `smsv2.models` |")
    shapes = [n for n in names if n not in grouped and n not in set(enums.__all__)]
    write(
        "models-shapes",
        "Other shapes",
        "Nested structures the requests and results use.",
        entries("smsv2.models", shapes, "models-shapes"),
    )
    index.append("| [Other shapes](models-shapes.md) | `smsv2.models` |")
    with mkdocs_gen_files.open("reference/index.md", "w") as fh:
        fh.write("\n".join(index) + "\n")


main()
