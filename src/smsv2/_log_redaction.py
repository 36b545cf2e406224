"""Keep phone numbers and message bodies out of botocore's DEBUG log for smsv2's calls.

botocore logs each request's parameters and each parsed error body at DEBUG. While smsv2 is
making a call, a filter on those loggers replaces the arguments of such records, so turning
on DEBUG logging for a service that sends SMS does not copy recipients and texts into logs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Generator
from contextlib import contextmanager
from contextvars import ContextVar

# The loggers whose DEBUG records carry request or response bodies.
_LOGGERS = ("botocore.endpoint", "botocore.parsers", "botocore.auth", "botocore.httpchecksum")
REDACTED = "<redacted by smsv2>"

_in_call: ContextVar[bool] = ContextVar("smsv2_in_call", default=False)
_installed = False
_install_lock = threading.Lock()


class _RedactBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _in_call.get() and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            # Keep the first argument when it only names the operation.
            kept = tuple(a if i == 0 and _names_only(a) else REDACTED for i, a in enumerate(args))
            record.args = kept
        return True


def _names_only(value: object) -> bool:
    return type(value).__name__ == "OperationModel"


def install() -> None:
    """Attach the filter once per process."""
    global _installed
    if _installed:
        return
    with _install_lock:
        if not _installed:
            redact = _RedactBodies()
            for name in _LOGGERS:
                logging.getLogger(name).addFilter(redact)
            _installed = True


@contextmanager
def smsv2_call() -> Generator[None, None, None]:
    """Mark the current context as inside an smsv2 call."""
    token = _in_call.set(True)
    try:
        yield
    finally:
        _in_call.reset(token)
