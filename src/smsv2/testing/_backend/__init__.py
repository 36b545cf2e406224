"""Backend of the fake.

Layers, each importing only those below it: `_base`/`_model`/`_records`/`_state`/
`quotas`/`countries` -> `engine` -> `_context` (`Ctx`) -> `rules` (rules shared by
families) -> the family modules -> `wiring` (the operation table) -> `_core`
(`FakeSmsVoice`: dispatch, faults, locking).
"""

from __future__ import annotations

from ._base import FakeServiceError
from ._core import FakeSmsVoice
from .wiring import OPERATIONS

__all__ = ["OPERATIONS", "FakeSmsVoice", "FakeServiceError"]
