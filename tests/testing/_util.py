from __future__ import annotations

from typing import Any, cast

import pytest
from botocore.exceptions import ClientError


def response_of(exc: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    """The parsed error response; modelled members (Reason, Fields, ResourceType...) are at
    the top level, which botocore's TypedDict does not declare."""
    return cast(dict[str, Any], exc.value.response)
