"""Base classes of the generated models: the model layer's behaviour lives here, not in generated code."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator
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

    Forward compatible: members a newer service adds are kept (``model_extra``), enum values
    smsv2 does not know yet stay plain ``str``, and no length or pattern is enforced.
    """

    model_config = _COMMON | ConfigDict(extra="allow")


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
