"""Which Describe operation reads each resource shape by ID, read from the service model.

A resource shape has an identity when one Describe operation answers a list of it and takes a
list of strings named after one of its members (``PoolIds`` for ``PoolId``, ``OptOutListNames``
for ``OptOutListName``), and the shape has the matching ARN member (``PoolArn``). The generator
writes ``id``, ``arn`` and the one-item Describe call from it into the shape's mixin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Identity:
    """How a resource shape is named and read again."""

    operation: str
    """The Describe operation (``DescribePools``)."""
    ids_param: str
    """Its input member listing the IDs to read (``PoolIds``)."""
    items: str
    """Its output member listing the shapes (``Pools``)."""
    id_member: str
    """The shape's ID (or name) member (``PoolId``)."""
    arn_member: str
    """The shape's ARN member (``PoolArn``)."""


def identity_of(shapes: dict[str, Any], operations: dict[str, Any], shape: str) -> Identity | None:
    """The identity of ``shape``, or None when no Describe operation reads it by an ID list."""
    members = shapes[shape]["members"]
    for name in sorted(operations):
        if not name.startswith("Describe"):
            continue
        op = operations[name]
        out = shapes[op["output"]["shape"]]["members"]
        items = [w for w, m in out.items() if _list_of(shapes, m["shape"]) == shape]
        if not items:
            continue
        for wire, spec in shapes[op["input"]["shape"]]["members"].items():
            element = _list_of(shapes, spec["shape"])
            if element is None or shapes[element]["type"] != "string" or "enum" in shapes[element]:
                continue
            id_member = wire[:-1]
            if not re.search(r"(Id|Name)$", id_member) or id_member not in members:
                continue
            arn_member = re.sub(r"(Id|Name)$", "Arn", id_member)
            if arn_member in members:
                return Identity(name, wire, items[0], id_member, arn_member)
    return None


def _list_of(shapes: dict[str, Any], shape: str) -> str | None:
    spec = shapes[shape]
    return str(spec["member"]["shape"]) if spec["type"] == "list" else None
