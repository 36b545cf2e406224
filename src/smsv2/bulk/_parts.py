"""How many message parts a body takes: the unit the service's throughput limit counts."""

from __future__ import annotations

from smsv2.encoding import segments


def message_parts(body: str | None) -> tuple[int, str | None]:
    """(parts, problem): the parts `body` is split into, or why it cannot be sent."""
    if not body:
        return 1, None  # an empty body is the request validation's to reject
    counted = segments(body)
    if counted.exceeds_limit:
        return counted.parts, (
            f"too long: {counted.units} {counted.encoding} units take {counted.parts} parts "
            f"(at most {counted.max_units} units)"
        )
    return counted.parts, None
