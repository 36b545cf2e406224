"""How many message parts a body takes: the unit the service's throughput limit counts.

Kept behind one function so the bulk engine has a single place that knows about encodings.
"""

from __future__ import annotations

# GSM 03.38 basic set; the extension set costs two septets per character.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
# The service rejects bodies longer than 10 parts (1530 GSM-7 septets, 630 UCS-2 characters).
MAX_PARTS = 10


def message_parts(body: str | None) -> tuple[int, str | None]:
    """(parts, problem): the parts ``body`` is split into, or why it cannot be sent."""
    if not body:
        return 1, None
    septets = 0
    for char in body:
        if char in _GSM_BASIC:
            septets += 1
        elif char in _GSM_EXTENSION:
            septets += 2
        else:
            septets = -1
            break
    if septets >= 0:
        units, single, multi, encoding = septets, 160, 153, "GSM-7 characters"
    else:
        # UCS-2 counts UTF-16 code units: characters outside the BMP take two.
        units = len(body.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2 characters"
    parts = 1 if units <= single else -(-units // multi)
    if parts > MAX_PARTS:
        return parts, f"too long: {units} {encoding} need {parts} parts (at most {MAX_PARTS})"
    return parts, None
