"""The one convention for "the caller did not pass this option": `NOT_GIVEN`.

`None` stays a value where it means something (`timeout=None` is "no deadline",
`on_retry=None` is "no hook"), so leaving an option as it is needs a marker of its own. Every
option that can be left out takes `X | NotGiven = NOT_GIVEN`; request parameters keep `None`,
because for them "not given" and "not sent" are the same thing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final


class NotGiven(enum.Enum):
    """The type of [`NOT_GIVEN`][smsv2.NotGiven.NOT_GIVEN]: an option the caller left out."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven.NOT_GIVEN
"""Pass (or default to) this to leave an option unchanged."""


def given(options: Mapping[str, object]) -> dict[str, object]:
    """The options the caller did pass."""
    return {name: value for name, value in options.items() if not isinstance(value, NotGiven)}


NotGiven.__module__ = "smsv2"

__all__ = ["NOT_GIVEN", "NotGiven", "asyncio_sleep", "given"]


async def asyncio_sleep(seconds: float) -> None:
    """`asyncio.sleep`, with asyncio imported on the first async wait, not with smsv2."""
    import asyncio

    await asyncio.sleep(seconds)
