"""Backend of the fake: importing this package registers every operation family."""

from __future__ import annotations

import importlib

from ._base import OPERATIONS, FakeServiceError, operation
from ._core import FakeSmsVoice

# Families owned by this package's first part, then those a second part adds; a family
# module that does not exist yet is skipped (its operations answer UNKNOWN_OPERATION).
FAMILIES = ("account", "numbers", "pools", "optouts", "config_sets", "sending")
LATER_FAMILIES = ("registrations", "protect", "notify", "rcs", "misc")

for _name in FAMILIES:
    importlib.import_module(f"{__name__}.{_name}")
for _name in LATER_FAMILIES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _err:
        if _err.name != f"{__name__}.{_name}":
            raise

__all__ = ["OPERATIONS", "FakeSmsVoice", "FakeServiceError", "operation"]
