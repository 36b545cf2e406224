"""Service errors, JSON aliases and the per-family handler registry (the bottom layer)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeGuard

from smsv2._public import publish

if TYPE_CHECKING:
    from ._context import Ctx

#: Internal JSON object alias (kept private; public signatures use ``dict[str, object]``).
JsonDict = dict[str, Any]

Handler = Callable[["Ctx", JsonDict], JsonDict]

#: Filter name -> the record's value(s) it matches (see ``Ctx.filter``).
Getters = Mapping[str, Callable[[JsonDict], object]]


def data_text(name: str) -> str:
    """The text of `data/<name>`, shipped with this package."""
    return resources.files(__name__.rpartition(".")[0]).joinpath(f"data/{name}").read_text()


def is_json_object(value: object) -> TypeGuard[dict[str, object]]:
    """A decoded JSON object (its keys are always strings)."""
    return isinstance(value, dict)


def is_json_list(value: object) -> TypeGuard[list[object]]:
    return isinstance(value, list)


#: botocore keeps only what follows ``#``; the namespace itself is a GUESS.
ERROR_TYPE_PREFIX = "com.amazonaws.pinpointsmsvoicev2#"


class Family:
    """The handlers of one family module. `@family.operation("Name")` fills only this
    object; `wiring.py` collects the families explicitly, so importing a family changes no
    shared state."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: dict[str, Handler] = {}

    def operation(self, name: str) -> Callable[[Handler], Handler]:
        """Register `fn` as this family's handler of the model operation `name`."""

        def register(fn: Handler) -> Handler:
            self.add(name, fn)
            return fn

        return register

    def add(self, name: str, fn: Handler) -> None:
        """Register `fn` for `name` (for handlers built in a loop)."""
        if name in self._handlers:
            raise RuntimeError(f"operation {name} registered twice in family {self.name}")
        self._handlers[name] = fn

    @property
    def handlers(self) -> Mapping[str, Handler]:
        """Operation name -> handler, read-only."""
        return dict(self._handlers)


class FakeServiceError(Exception):
    """An error the fake answers with; the dispatcher turns it into the JSON error body.

    Distinct from [`smsv2.errors.ServiceError`][smsv2.errors.ServiceError], which is what a client
    raises.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        reason: str | None = None,
        resource_type: str | None = None,
        resource_id: str | None = None,
        fields: list[dict[str, str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.reason = reason
        self.resource_type = resource_type
        self.resource_id = resource_id
        self.fields = fields
        self.status = (
            status if status is not None else (500 if code.startswith("Internal") else 400)
        )

    def to_body(self, request_id: str) -> dict[str, object]:
        """The service's JSON error body for this error."""
        body: JsonDict = {"__type": ERROR_TYPE_PREFIX + self.code, "Message": self.message}
        if self.reason is not None:
            body["Reason"] = self.reason
        if self.resource_type is not None:
            body["ResourceType"] = self.resource_type
        if self.resource_id is not None:
            body["ResourceId"] = self.resource_id
        if self.fields is not None:
            body["Fields"] = self.fields
        if self.code == "InternalServerException":
            body["RequestId"] = request_id
        return body


def not_found(resource_type: str, resource_id: str) -> FakeServiceError:
    return FakeServiceError(
        "ResourceNotFoundException",
        f"The {resource_type} {resource_id} does not exist.",
        resource_type=resource_type,
        resource_id=resource_id,
    )


def conflict(
    reason: str, resource_type: str, resource_id: str, message: str | None = None
) -> FakeServiceError:
    return FakeServiceError(
        "ConflictException",
        message or f"Conflict on {resource_type} {resource_id}: {reason}",
        reason=reason,
        resource_type=resource_type,
        resource_id=resource_id,
    )


def validation(reason: str, message: str, field: str | None = None) -> FakeServiceError:
    fields = [{"Name": field, "Message": message}] if field else []
    return FakeServiceError("ValidationException", message, reason=reason, fields=fields)


def quota(reason: str, message: str | None = None) -> FakeServiceError:
    return FakeServiceError(
        "ServiceQuotaExceededException",
        message or f"Service quota exceeded: {reason}",
        reason=reason,
    )


publish("smsv2.testing", ["FakeServiceError"], globals())
