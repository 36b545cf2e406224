"""Tracebacks and reprs name the module users import a class from, not where it is defined."""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping


def publish(module: str, names: Iterable[str], namespace: Mapping[str, object]) -> None:
    """Give each class and function among `names` the public `module` as its `__module__`.

    Only names still reporting a private smsv2 module change, so a name re-exported from a
    second public module keeps its first one.
    """
    for name in names:
        value = namespace.get(name)
        if isinstance(value, (type, types.FunctionType)) and _is_private(value.__module__):
            value.__module__ = module


def _is_private(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "smsv2" and any(part.startswith("_") for part in parts[1:])


__all__ = ["publish"]
