"""The one module that wires the families together: every family, imported by name, and
the operation table built from them."""

from __future__ import annotations

from collections.abc import Mapping

from . import (
    account,
    config_sets,
    misc,
    notify,
    numbers,
    optouts,
    pools,
    protect,
    rcs,
    registrations,
    sending,
)
from ._base import Family, Handler

FAMILIES: tuple[Family, ...] = (
    account.family,
    numbers.family,
    pools.family,
    optouts.family,
    config_sets.family,
    sending.family,
    registrations.family,
    protect.family,
    notify.family,
    rcs.family,
    misc.family,
)


def build_operations(families: tuple[Family, ...]) -> dict[str, Handler]:
    """Operation name -> handler; an operation claimed by two families is an error."""
    table: dict[str, Handler] = {}
    owner: dict[str, str] = {}
    for fam in families:
        for name, handler in fam.handlers.items():
            if name in table:
                raise RuntimeError(f"operation {name} is in families {owner[name]} and {fam.name}")
            table[name] = handler
            owner[name] = fam.name
    return table


#: Operation name -> handler, for every family.
OPERATIONS: Mapping[str, Handler] = build_operations(FAMILIES)
