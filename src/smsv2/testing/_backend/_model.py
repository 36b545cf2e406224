"""botocore model access, request validation and output checks."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import botocore.session
from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape

from ._base import is_json_list, is_json_object

SERVICE_NAME = "pinpoint-sms-voice-v2"

# Reasons chosen for shape violations (GUESS: the service does not document them).
REASON_MISSING = "MISSING_PARAMETER"
REASON_CONSTRAINT = "FIELD_VALIDATION_FAILED"
REASON_TYPE = "INVALID_PARAMETER"
REASON_UNKNOWN_MEMBER = "UNSPECIFIED_PARAMETER_NOT_SUPPORTED"


class Problem(NamedTuple):
    field: str
    message: str
    reason: str


@functools.lru_cache(maxsize=1)
def service_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model(SERVICE_NAME)


def operation_names() -> list[str]:
    return list(service_model().operation_names)


@functools.cache
def operation_model(name: str) -> OperationModel:
    return service_model().operation_model(name)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:  # a Java-only construct: skip rather than reject valid input
        return None


def _field(path: str, name: str) -> str:
    name = name[:1].lower() + name[1:]
    return f"{path}.{name}" if path else name


def validate(shape: Shape, value: object, path: str, out: list[Problem]) -> None:
    """Append every constraint `value` violates against `shape` to `out`."""
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        if not is_json_object(value):
            out.append(Problem(path or "body", "must be an object", REASON_TYPE))
            return
        for name in shape.required_members:
            if value.get(name) is None:
                out.append(Problem(_field(path, name), "is required", REASON_MISSING))
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                out.append(
                    Problem(_field(path, key), "is not a known member", REASON_UNKNOWN_MEMBER)
                )
            elif item is not None:
                validate(member, item, _field(path, key), out)
        return
    if kind == "list":
        assert isinstance(shape, ListShape)
        if not is_json_list(value):
            out.append(Problem(path, "must be a list", REASON_TYPE))
            return
        _check_size(len(value), meta, path, "items", out)
        for i, item in enumerate(value):
            validate(shape.member, item, f"{path}[{i}]", out)
        return
    if kind == "map":
        assert isinstance(shape, MapShape)
        if not is_json_object(value):
            out.append(Problem(path, "must be an object", REASON_TYPE))
            return
        _check_size(len(value), meta, path, "entries", out)
        for key, item in value.items():
            validate(shape.key, key, f"{path}.key", out)
            validate(shape.value, item, f"{path}[{key}]", out)
        return
    if kind == "string":
        if not isinstance(value, str):
            out.append(Problem(path, "must be a string", REASON_TYPE))
            return
        enum = meta.get("enum")
        if enum and value not in enum:
            out.append(Problem(path, f"must be one of: {', '.join(enum)}", REASON_CONSTRAINT))
            return
        _check_size(len(value), meta, path, "characters", out)
        pattern = meta.get("pattern")
        compiled = _compiled(pattern) if pattern else None
        if compiled is not None and compiled.fullmatch(value) is None:
            out.append(Problem(path, f"must match pattern {pattern}", REASON_CONSTRAINT))
        return
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            out.append(Problem(path, "must be an integer", REASON_TYPE))
            return
        _check_range(value, meta, path, out)
        return
    if kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            out.append(Problem(path, "must be a number", REASON_TYPE))
            return
        _check_range(value, meta, path, out)
        return
    if kind == "boolean":
        if not isinstance(value, bool):
            out.append(Problem(path, "must be a boolean", REASON_TYPE))
        return
    if kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            out.append(Problem(path, "must be a timestamp", REASON_TYPE))
        return
    if kind == "blob" and not isinstance(value, str):
        out.append(Problem(path, "must be base64 text", REASON_TYPE))


def _check_size(
    size: int, meta: dict[str, object], path: str, unit: str, out: list[Problem]
) -> None:
    low, high = meta.get("min"), meta.get("max")
    if isinstance(low, int) and size < low:
        out.append(Problem(path, f"must have at least {low} {unit}", REASON_CONSTRAINT))
    elif isinstance(high, int) and size > high:
        out.append(Problem(path, f"must have at most {high} {unit}", REASON_CONSTRAINT))


def _check_range(value: float, meta: dict[str, object], path: str, out: list[Problem]) -> None:
    low, high = meta.get("min"), meta.get("max")
    if isinstance(low, (int, float)) and value < low:
        out.append(Problem(path, f"must be at least {low}", REASON_CONSTRAINT))
    elif isinstance(high, (int, float)) and value > high:
        out.append(Problem(path, f"must be at most {high}", REASON_CONSTRAINT))


def output_problems(shape: Shape | None, value: object, path: str = "") -> list[str]:
    """Required members missing (recursively) or values of the wrong JSON type in an output."""
    problems: list[str] = []
    if shape is None:
        return problems
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        if not is_json_object(value):
            return [f"{path or 'output'}: not an object"]
        for name in shape.required_members:
            if value.get(name) is None:
                problems.append(f"{path}.{name}: required member missing")
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                problems.append(f"{path}.{key}: not in the model")
            elif item is not None:
                problems.extend(output_problems(member, item, f"{path}.{key}"))
    elif kind == "list":
        assert isinstance(shape, ListShape)
        if not is_json_list(value):
            return [f"{path}: not a list"]
        for i, item in enumerate(value):
            problems.extend(output_problems(shape.member, item, f"{path}[{i}]"))
    elif kind == "map":
        assert isinstance(shape, MapShape)
        if not is_json_object(value):
            return [f"{path}: not a map"]
        for key, item in value.items():
            problems.extend(output_problems(shape.value, item, f"{path}[{key}]"))
    elif kind == "string" and not isinstance(value, str):
        problems.append(f"{path}: not a string")
    elif kind == "boolean" and not isinstance(value, bool):
        problems.append(f"{path}: not a boolean")
    elif kind in ("integer", "long", "float", "double", "timestamp") and (
        isinstance(value, bool) or not isinstance(value, (int, float))
    ):
        problems.append(f"{path}: not a number")
    return problems


@functools.cache
def shape_members(shape_name: str) -> tuple[str, ...]:
    shape = service_model().shape_for(shape_name)
    assert isinstance(shape, StructureShape)
    return tuple(shape.members)
