"""SMS encodings and message parts: [`segments`][smsv2.encoding.segments] and the opt-in
[`to_gsm7`][smsv2.encoding.to_gsm7].

The service picks GSM-7 when every character is in the GSM 03.38 basic or extension table
(an extension character costs two septets: the escape and the character) and UCS-2 otherwise.
A single part holds 160 septets or 70 UTF-16 code units; a longer message is split into parts
of 153 septets or 67 code units (the rest carries the concatenation header). An escape pair or
a surrogate pair is never split across two parts. Sources: AWS's "SMS character limits" and
"Message Parts per Second (MPS) limits" pages (throughput is counted in parts, so is the bill).
"""

from __future__ import annotations

import bisect
import enum
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "GSM7_BASIC",
    "GSM7_EXTENSION",
    "MAX_GSM7_UNITS",
    "MAX_UCS2_UNITS",
    "Encoding",
    "Gsm7Conversion",
    "Replacement",
    "Segments",
    "segments",
    "to_gsm7",
]

GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
"""The GSM 03.38 basic table: one septet each."""

GSM7_EXTENSION: frozenset[str] = frozenset("\f^{}\\[~]|€")
"""The GSM 03.38 extension table: two septets each (escape + character)."""

_GSM7 = GSM7_BASIC | GSM7_EXTENSION

MAX_GSM7_UNITS = 1530
"""The service's maximum for a GSM-7 message (AWS's SMS character-limits page)."""
MAX_UCS2_UNITS = 630
"""The service's maximum for a UCS-2 message (AWS's SMS character-limits page)."""


class Encoding(str, enum.Enum):
    """The encoding the service uses for a text."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"

    def __str__(self) -> str:
        return self.value


# (single-part capacity, per-part capacity when concatenated, service maximum)
_LIMITS = {
    Encoding.GSM7: (160, 153, MAX_GSM7_UNITS),
    Encoding.UCS2: (70, 67, MAX_UCS2_UNITS),
}
_GSM7_COST = {c: 2 for c in GSM7_EXTENSION}


@dataclass(frozen=True)
class Segments:
    """How the service encodes and splits one text. Build it with
    [`segments`][smsv2.encoding.segments]."""

    text: str = field(repr=False)
    encoding: Encoding
    parts: int
    """Message parts billed and throttled (0 for the empty text)."""
    units: int
    """GSM-7 septets (extension characters count 2) or UTF-16 code units for UCS-2."""
    non_gsm_characters: tuple[str, ...] = field(repr=False)
    """The characters that forced UCS-2, in order of first appearance (empty for GSM-7)."""
    exceeds_limit: bool
    """Whether `units` is over the service's maximum (1,530 GSM-7 or 630 UCS-2)."""
    _ends: tuple[int, ...] = field(repr=False, compare=False)

    @property
    def characters(self) -> int:
        """The number of characters (code points) of the text."""
        return len(self.text)

    @property
    def max_units(self) -> int:
        """The service's maximum number of units for this encoding."""
        return _LIMITS[self.encoding][2]

    def split(self) -> list[str]:
        """Each part's text, in order; joined they give the text back."""
        starts = (0, *self._ends[:-1]) if self._ends else ()
        return [self.text[start:end] for start, end in zip(starts, self._ends, strict=True)]


def segments(text: str) -> Segments:
    """The encoding, parts and units of `text` as the service counts them.

    ```python
    segments("Hello").parts
    # 1
    segments("Olá " * 20).encoding
    # <Encoding.UCS2: 'UCS-2'>
    ```
    """
    # For callers without a type checker.
    if not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"segments() takes a str, not {type(text).__name__}")
    used = set(text)
    outside = used - _GSM7
    if not outside:
        encoding = Encoding.GSM7
        costly = used & GSM7_EXTENSION
        units = len(text) + sum(text.count(c) for c in costly)
        non_gsm: tuple[str, ...] = ()
    else:
        encoding = Encoding.UCS2
        costly = {c for c in outside if c > "\uffff"}
        units = len(text) + sum(text.count(c) for c in costly)
        non_gsm = tuple(sorted(outside, key=text.index))
    single, per_part, maximum = _LIMITS[encoding]
    n = len(text)
    if units <= single:
        ends: tuple[int, ...] = (n,) if n else ()
    elif not costly:
        ends = (*range(per_part, n, per_part), n)
    else:
        ends = _part_ends(text, encoding, per_part)
    return Segments(
        text=text,
        encoding=encoding,
        parts=len(ends),
        units=units,
        non_gsm_characters=non_gsm,
        exceeds_limit=units > maximum,
        _ends=ends,
    )


def _part_ends(text: str, encoding: Encoding, per_part: int) -> tuple[int, ...]:
    # Greedy fill by whole characters: a two-unit character that does not fit starts a part.
    costs: Iterable[int]
    if encoding is Encoding.GSM7:
        costs = map(_GSM7_COST.get, text, itertools.repeat(1))
    else:
        costs = (2 if c > "\uffff" else 1 for c in text)
    cumulative = list(itertools.accumulate(costs))
    ends: list[int] = []
    start_units = 0
    while True:
        end = bisect.bisect_right(cumulative, start_units + per_part)
        ends.append(end)
        if end >= len(text):
            return tuple(ends)
        start_units = cumulative[end - 1]


@dataclass(frozen=True)
class Replacement:
    """One look-alike [`to_gsm7`][smsv2.encoding.to_gsm7] replaced: `original` became `replacement`,
    `count` times."""

    original: str
    replacement: str
    count: int


@dataclass(frozen=True)
class Gsm7Conversion:
    """What [`to_gsm7`][smsv2.encoding.to_gsm7] did to a text."""

    text: str = field(repr=False)
    """The converted text."""
    replacements: tuple[Replacement, ...]
    """Every character replaced, in order of first appearance in the original text."""
    remaining: tuple[str, ...]
    """Characters still outside GSM-7 (no look-alike known): the text still needs UCS-2."""

    @property
    def changed(self) -> bool:
        """Whether anything was replaced."""
        return bool(self.replacements)

    @property
    def is_gsm7(self) -> bool:
        """Whether the converted text is pure GSM-7."""
        return not self.remaining


_LOOKALIKES: dict[str, str] = {
    # quotes and apostrophes
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    # dashes and hyphens
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    # spaces
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u3000": " ",
    # other punctuation
    "\u2026": "...",
    "\u2022": "-",
    "\u00b7": ".",
    "\u02c6": "^",
    "\u02dc": "~",
    # invisible characters that would force UCS-2 on their own
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)


def to_gsm7(text: str) -> Gsm7Conversion:
    r"""Replace common look-alikes (curly quotes, dashes, NBSP, ellipsis...) by GSM-7 characters.

    Opt-in: [`segments`][smsv2.encoding.segments] never does this. The result reports each
    replacement and the characters left outside GSM-7, so nothing changes silently.

    ```python
    result = to_gsm7("It\u2019s 9\u20135")
    result.text, [r.replacement for r in result.replacements]
    # ("It's 9-5", ["'", '-'])
    ```
    """
    # For callers without a type checker.
    if not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"to_gsm7() takes a str, not {type(text).__name__}")
    used = set(text)
    found = used.intersection(_LOOKALIKES)
    converted = text.translate(_LOOKALIKE_TABLE) if found else text
    replacements = tuple(
        Replacement(c, _LOOKALIKES[c], text.count(c)) for c in sorted(found, key=text.index)
    )
    outside = set(converted) - _GSM7
    remaining = tuple(sorted(outside, key=converted.index))
    return Gsm7Conversion(text=converted, replacements=replacements, remaining=remaining)
