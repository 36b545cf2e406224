"""What the bulk promise suite needs: a scanner for the test messages' personal data (numbers
+1206555XXXX, bodies marked with BODY_MARK) in texts, error chains, logs, files and Redis.

The error-chain walk is the client suite's (`tests/promises/support.py`); what differs here
is the secrets: every test number and marked body, in texts, files and Redis values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import smsv2
from tests.promises.support import reachable, texts

#: Every test number is +1206555 followed by four digits; its national part, unmasked, is a leak.
NUMBER = re.compile(r"206555\d{4}")
#: Every test body carries this marker.
BODY_MARK = "PRIVATE-BODY"


def leaks(text: str | bytes) -> list[str]:
    """The personal data found in ``text``: unmasked numbers and marked bodies."""
    plain = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    found = NUMBER.findall(plain)
    if BODY_MARK in plain:
        found.append(BODY_MARK)
    return found


def error_texts(error: BaseException | None) -> Iterator[str]:
    """`str`, `repr`, `args` and notes of `error` and of everything it chains to (both
    `__cause__` and `__context__`: the client suite's walk, `support.reachable`)."""
    if error is not None:
        for chained in reachable(error):
            yield from texts(chained)


def outcome_texts(outcome: smsv2.BulkOutcome) -> Iterator[str]:
    """Everything an outcome shows: repr, str, its dict and its error's chain."""
    yield repr(outcome)
    yield str(outcome)
    yield repr(outcome.to_dict())
    yield from error_texts(outcome.error)


def file_bytes(path: Path) -> bytes:
    """A file with its sqlite side files, if any (the WAL holds recent rows)."""
    return b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(f"{path}{suffix}").exists()
    )


def assert_private(where: str, texts: Iterable[str | bytes]) -> None:
    """Fail naming ``where`` when any text holds a number or a body."""
    found = [leak for text in texts for leak in leaks(text)]
    assert not found, f"personal data in {where}: {found[:5]}"
