"""Every shape of the service: `smsv2.models.<ShapeName>` (pydantic models and str enums).

Models load on first access, so importing this module is cheap.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from smsv2._generated import enums as _enums
from smsv2._generated import public_names as _public_names
from smsv2._generated.models import MODULES as _MODULES
from smsv2._model_base import (
    InputModel,
    OperationResult,
    RequestModel,
    ResponseMetadata,
    ResultModel,
    SmsV2Model,
)
from smsv2._public import publish

if TYPE_CHECKING:
    from smsv2._generated.enums import *  # noqa: F403
    from smsv2._generated.models import *  # noqa: F403
    from smsv2._generated.typeddicts import *  # noqa: F403


def __getattr__(name: str) -> object:
    if name in _public_names.RENAMED:
        new = _public_names.RENAMED[name]
        warnings.warn(
            f"smsv2.models.{name} is deprecated (removed in 0.4): use smsv2.models.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        name = new
    if name in _MODULES:
        from smsv2._generated import models

        return getattr(models, name)
    if name.endswith("Dict"):
        from smsv2._generated import typeddicts

        if hasattr(typeddicts, name):
            return getattr(typeddicts, name)
    try:
        return getattr(_enums, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(__all__)


# Literal lists and ``+= module.__all__`` are the forms type checkers read as the exports.
__all__ = [
    "InputModel",
    "OperationResult",
    "RequestModel",
    "ResponseMetadata",
    "ResultModel",
    "SmsV2Model",
]
__all__ += _public_names.__all__
publish(__name__, __all__, globals())
