"""Keywords of inbound messages: opt-out, opt-in and help, as the service recognises them."""

from __future__ import annotations

import enum

__all__ = [
    "HELP_KEYWORDS",
    "OPT_IN_KEYWORDS",
    "OPT_OUT_KEYWORDS",
    "KeywordKind",
    "classify_keyword",
]

OPT_OUT_KEYWORDS: frozenset[str] = frozenset(
    {"ARRET", "CANCEL", "END", "OPT-OUT", "OPTOUT", "QUIT", "REMOVE", "STOP", "TD", "UNSUBSCRIBE"}
)
"""The service's required opt-out keywords (AWS's "Required opt-out keywords" page)."""

OPT_IN_KEYWORDS: frozenset[str] = frozenset({"START", "UNSTOP"})
"""The keywords AWS documents for re-subscribing (set up with the OPT_IN keyword action)."""

HELP_KEYWORDS: frozenset[str] = frozenset({"HELP"})
"""The help keyword every number answers."""


class KeywordKind(str, enum.Enum):
    """What an inbound message asks for."""

    OPT_OUT = "OPT_OUT"
    OPT_IN = "OPT_IN"
    HELP = "HELP"
    OTHER = "OTHER"


def classify_keyword(text: str) -> KeywordKind:
    """Whether `text` is an opt-out, opt-in or help keyword (case-insensitive, trimmed)."""
    word = text.strip().upper()
    if word in OPT_OUT_KEYWORDS:
        return KeywordKind.OPT_OUT
    if word in OPT_IN_KEYWORDS:
        return KeywordKind.OPT_IN
    if word in HELP_KEYWORDS:
        return KeywordKind.HELP
    return KeywordKind.OTHER
