"""Base classes of the generated models: the model layer's behaviour lives here, not in generated code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator
from typing_extensions import Self

_COMMON = ConfigDict(
    # Both the snake_case field names and the service's PascalCase wire names are accepted.
    validate_by_name=True,
    validate_by_alias=True,
    serialize_by_alias=True,
    # Building ~300 validators eagerly costs a quarter second at import; build each on first use.
    defer_build=True,
    # The model's patterns use look-around, which the default Rust engine lacks.
    regex_engine="python-re",
    val_json_bytes="base64",
    ser_json_bytes="base64",
    protected_namespaces=(),
    # Errors name the Python field the caller passed, not the wire name.
    loc_by_alias=False,
)


class SmsV2Model(BaseModel):
    """Base of every model smsv2 generates from the service's shapes."""

    model_config = _COMMON | ConfigDict(extra="allow")

    def to_wire(self) -> dict[str, object]:
        """This model as the service's wire dict: PascalCase keys, unset members left out."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="python")


class ResultModel(SmsV2Model):
    """A shape the service sends back.

    Forward compatible: members a newer service adds are kept (`model_extra`), enum values
    smsv2 does not know yet stay plain `str`, and no length or pattern is enforced.
    """

    model_config = _COMMON | ConfigDict(extra="allow")


@dataclass(frozen=True)
class ResponseMetadata:
    """How one result came back: for logs, support cases and retry metrics.

    Read it as `result.response_metadata`. It is not a member of the result, so
    `model_dump()` and equality leave it out.
    """

    request_id: str | None
    """The service's request id (`x-amzn-RequestId`); quote it in an AWS support case."""
    http_status: int | None
    """The HTTP status of the response (200); None for a result not returned by a call."""
    attempts: int
    """Requests sent for this result, the first included (2 means one retry)."""

    NONE: ClassVar[ResponseMetadata]
    """The metadata of a result built locally rather than returned by a call."""


ResponseMetadata.NONE = ResponseMetadata(request_id=None, http_status=None, attempts=0)


class OperationResult(ResultModel):
    """What one operation returns, plus `response_metadata` about the call."""

    # None (not NONE) as the default: pydantic deep-copies a default per instance, but not None.
    _response_metadata: ResponseMetadata | None = PrivateAttr(default=None)

    @property
    def response_metadata(self) -> ResponseMetadata:
        """The request id, HTTP status and attempts of the call that returned this result."""
        return self._response_metadata or ResponseMetadata.NONE

    def __eq__(self, other: object) -> bool:
        # The same members are the same result, whichever request carried them.
        if not isinstance(other, OperationResult):
            return NotImplemented
        return (
            type(self) is type(other)
            and self.__dict__ == other.__dict__
            and self.__pydantic_extra__ == other.__pydantic_extra__
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like every pydantic model


def attach_response_metadata(
    result: OperationResult, response_metadata: Mapping[str, object], *, attempts: int
) -> None:
    """Record botocore's `ResponseMetadata` and the attempt count on an operation's result."""
    request_id = response_metadata.get("RequestId")
    status = response_metadata.get("HTTPStatusCode")
    result._response_metadata = ResponseMetadata(
        request_id=request_id if isinstance(request_id, str) and request_id else None,
        http_status=status if isinstance(status, int) else None,
        attempts=attempts,
    )


class InputModel(SmsV2Model):
    """A structure only requests carry: every constraint of the model is checked locally."""

    model_config = _COMMON | ConfigDict(extra="forbid", use_enum_values=True)


class UnionInputModel(InputModel):
    """A tagged union the service takes: exactly one member must be set."""

    @model_validator(mode="after")
    def _exactly_one_member(self) -> Self:
        chosen = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(chosen) != 1:
            members = ", ".join(type(self).model_fields)
            raise ValueError(
                f"set exactly one of {members} ({len(chosen)} set: {', '.join(chosen) or 'none'})"
            )
        return self


class RequestModel(InputModel):
    """The input of one operation."""
