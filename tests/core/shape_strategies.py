"""Hypothesis strategies that draw values from botocore's shapes of this service."""

from __future__ import annotations

import base64
import re
from datetime import datetime, timezone
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StringShape, StructureShape
from hypothesis import strategies as st

from codegen.always_present import ALWAYS_PRESENT

_SIMPLE_TEXT = st.text(alphabet="abcXYZ019 _-:/", min_size=0, max_size=12)


def _string(shape: StringShape) -> st.SearchStrategy[str]:
    if shape.enum:
        return st.sampled_from(shape.enum)
    lo = int(shape.metadata.get("min", 0))
    hi = min(int(shape.metadata.get("max", lo + 12)), lo + 24)
    pattern = shape.metadata.get("pattern")
    if pattern:
        compiled = re.compile(r"^(?:" + pattern + r")\Z")
        try:
            base = st.from_regex(compiled, fullmatch=True)
        except Exception:  # look-around is beyond from_regex: filter plain text instead
            base = st.text(alphabet="abcXYZ019", min_size=max(lo, 1), max_size=hi)
        return base.filter(lambda s: lo <= len(s) <= hi and compiled.match(s) is not None)
    return st.text(min_size=lo, max_size=hi)


def request_value(shape: Shape) -> st.SearchStrategy[Any]:
    """A value botocore's parameter validation should accept (Python form: datetime, bytes)."""
    return _value(shape, wire=False)


def wire_value(shape: Shape) -> st.SearchStrategy[Any]:
    """A JSON-compatible value as the service could send it (no constraints applied)."""
    return _value(shape, wire=True)


def _value(shape: Shape, *, wire: bool) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        required = set(shape.required_members)
        if wire:  # the service always sends these, though the model leaves them optional
            required |= ALWAYS_PRESENT.get(shape.name, frozenset())
        members = shape.members
        if shape.metadata.get("union") and not wire:
            return st.one_of(
                [st.fixed_dictionaries({k: _value(v, wire=wire)}) for k, v in members.items()]
            )
        return st.fixed_dictionaries(
            {k: _value(v, wire=wire) for k, v in members.items() if k in required},
            optional={k: _value(v, wire=wire) for k, v in members.items() if k not in required},
        )
    if kind == "list":
        assert isinstance(shape, ListShape)
        lo = int(shape.metadata.get("min", 0)) if not wire else 0
        hi = min(int(shape.metadata.get("max", 3)), 3) if not wire else 3
        return st.lists(_value(shape.member, wire=wire), min_size=lo, max_size=max(lo, hi))
    if kind == "map":
        assert isinstance(shape, MapShape)
        lo = int(shape.metadata.get("min", 0)) if not wire else 0
        return st.dictionaries(
            _value(shape.key, wire=wire),
            _value(shape.value, wire=wire),
            min_size=lo,
            max_size=max(lo, 2),
        )
    if kind == "string":
        assert isinstance(shape, StringShape)
        if wire:
            return (
                st.sampled_from(shape.enum) | st.just("SOME_FUTURE_VALUE")
                if shape.enum
                else _SIMPLE_TEXT
            )
        return _string(shape)
    if kind in ("integer", "long"):
        lo = int(shape.metadata.get("min", 0))
        hi = int(shape.metadata.get("max", 1_000_000))
        return st.integers(lo, hi) if not wire else st.integers(0, 2**31)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        seconds = st.integers(0, 4_000_000_000)
        if wire:
            return seconds
        return seconds.map(lambda s: datetime.fromtimestamp(s, tz=timezone.utc))
    if kind == "blob":
        data = st.binary(min_size=1, max_size=16)
        return data.map(lambda b: base64.b64encode(b).decode()) if wire else data
    if kind in ("double", "float"):
        if wire:
            return st.floats(allow_nan=False, allow_infinity=False, width=32)
        return st.floats(
            min_value=shape.metadata.get("min"),
            max_value=shape.metadata.get("max"),
            allow_nan=False,
            allow_infinity=False,
            width=32,
        )
    raise AssertionError(f"no strategy for {kind}")
