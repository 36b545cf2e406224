"""The exception hierarchy's hand-written base classes (the service's own errors are generated).

Messages never carry request values: phone numbers, message bodies and credentials stay out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, cast

if TYPE_CHECKING:
    from smsv2._model_base import ResultModel


class SmsV2Error(Exception):
    """Base class of everything smsv2 raises."""

    retryable: bool = False
    """Whether repeating the same call could succeed and cannot do anything twice."""

    operation: str | None = None
    """The service operation (e.g. ``"CreatePool"``), where one was involved."""

    attempts: int = 0
    """How many requests were sent (0 when the error was raised before sending)."""

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only constructors don't survive default pickling; restore the state instead.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(
    cls: type[SmsV2Error], args: tuple[object, ...], state: dict[str, object]
) -> SmsV2Error:
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err


class ServiceError(SmsV2Error):
    """The service answered with an error. Subclasses exist for each of its error shapes."""

    code: ClassVar[str] = "Unknown"
    """The service's error code, e.g. ``ConflictException``."""
    throttling: ClassVar[bool] = False
    server_fault: ClassVar[bool] = False

    message: str
    http_status: int | None
    request_id: str | None
    details: ResultModel | None
    """The error shape parsed as its model (``smsv2.models.<Code>``), when it is a modeled error."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        http_status: int | None = None,
        request_id: str | None = None,
        code: str | None = None,
        retryable: bool = False,
        attempts: int = 0,
        details: ResultModel | None = None,
    ) -> None:
        self.message = message
        self.operation = operation
        self.http_status = http_status
        self.request_id = request_id
        self.retryable = retryable
        self.attempts = attempts
        self.details = details
        if code is not None and code != type(self).code:
            self.error_code = code
        if details is not None:
            for name in type(details).model_fields:
                value = getattr(details, name)
                # A member the body left out must not hide what the response headers said.
                if name != "message" and (value is not None or name not in self.__dict__):
                    setattr(self, name, value)
        super().__init__(message)

    @property
    def error_code(self) -> str:
        """The error code as the service sent it."""
        return str(self.__dict__.get("_error_code", type(self).code))

    @error_code.setter
    def error_code(self, value: str) -> None:
        self.__dict__["_error_code"] = value

    def __getattr__(self, name: str) -> object:
        # Typed members declared on a subclass but absent from this response read as None.
        if name in _declared_members(type(self)):
            return None
        raise AttributeError(name)

    def __str__(self) -> str:
        parts = [f"{self.error_code}: {self.message}"]
        reason = self.__dict__.get("reason")
        if reason is not None:
            parts.append(f"reason={_plain(reason)}")
        resource_type = self.__dict__.get("resource_type")
        resource_id = self.__dict__.get("resource_id")
        if resource_type is not None or resource_id is not None:
            parts.append(f"resource={_plain(resource_type)}/{resource_id}")
        if self.operation:
            parts.append(f"operation={self.operation}")
        if self.attempts > 1:
            parts.append(f"after {self.attempts} attempts")
        return " ".join(parts)


def _plain(value: object) -> str:
    return str(getattr(value, "value", value))


def _declared_members(cls: type) -> set[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is ServiceError:
            break
        names.update(getattr(klass, "__annotations__", {}))
    return names


class FieldProblem:
    """One invalid field of a request: where it is and what is wrong (never its value)."""

    __slots__ = ("field", "message")

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message

    def __repr__(self) -> str:
        return f"FieldProblem({self.field!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldProblem) and (self.field, self.message) == (
            other.field,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.field, self.message))


class RequestValidationError(SmsV2Error, ValueError):
    """Input rejected locally, before anything was sent. ``problems`` names each field."""

    def __init__(self, operation: str | None, problems: Sequence[FieldProblem]) -> None:
        self.operation = operation
        self.problems = list(problems)
        self.attempts = 0
        where = f" for {operation}" if operation else ""
        detail = "; ".join(f"{p.field}: {p.message}" for p in self.problems)
        super().__init__(f"invalid request{where}: {detail}")

    @property
    def fields(self) -> list[str]:
        """The names of the invalid fields."""
        return [p.field for p in self.problems]


class PhoneNumberProblem(str, Enum):
    """Why a phone number was rejected (:class:`InvalidPhoneNumberError`)."""

    NOT_A_NUMBER = "NOT_A_NUMBER"
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    INVALID_COUNTRY_CODE = "INVALID_COUNTRY_CODE"
    INVALID_FOR_REGION = "INVALID_FOR_REGION"
    NOT_E164 = "NOT_E164"


class InvalidPhoneNumberError(RequestValidationError):
    """A phone number could not be read as E.164; ``problem`` says why (never the number)."""

    def __init__(
        self, field: str, problem: PhoneNumberProblem, detail: str, operation: str | None = None
    ) -> None:
        self.problem = problem
        super().__init__(operation, [FieldProblem(field, f"{problem.value}: {detail}")])


class EventParseError(SmsV2Error, ValueError):
    """An event payload could not be read; ``format`` and ``field`` say where (never a value).

    ``format`` is the transport detected (``sns``, ``lambda-sns``, ``sqs``, ``kinesis``,
    ``firehose``, ``cloudwatch-logs``, ``eventbridge`` or ``raw``); ``field`` is the path
    inside the payload, e.g. ``$.Records[0].Sns.Message.messageId``.
    """

    def __init__(self, format: str, field: str, problem: str) -> None:
        self.format = format
        self.field = field
        self.problem = problem
        super().__init__(f"cannot read {format} payload: {field} {problem}")


class ClientSetupError(SmsV2Error):
    """The client could not be set up (no region, no credentials); nothing was sent."""


class OperationNotAvailableError(ClientSetupError):
    """The installed botocore does not know this operation: it is older than the model smsv2
    was generated from. Nothing was sent; upgrade botocore (and aiobotocore) to use it."""

    def __init__(self, operation: str, *, model_version: str, installed_version: str) -> None:
        self.operation = operation
        self.model_version = model_version
        """The botocore version whose model smsv2 was generated from."""
        self.installed_version = installed_version
        """The botocore version installed."""
        self.retryable = False
        super().__init__(
            f"{operation} is not in the installed botocore {installed_version}; smsv2 was "
            f"generated from botocore {model_version}'s model: upgrade botocore to use it"
        )


class TransportError(SmsV2Error):
    """The request could not complete at the HTTP level (connection, timeout)."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None,
        request_sent: bool,
        retryable: bool,
        attempts: int = 0,
    ) -> None:
        self.operation = operation
        self.request_sent = request_sent
        self.retryable = retryable
        self.attempts = attempts
        super().__init__(message)


class SendOutcomeUnknownError(SmsV2Error):
    """A send failed after the request left: the message may or may not have gone out.

    smsv2 never repeats such a send. Reconcile (for example through your event destination)
    before sending again. ``error`` is the underlying failure.
    """

    def __init__(self, operation: str, error: SmsV2Error, *, attempts: int) -> None:
        self.operation = operation
        self.error = error
        self.attempts = attempts
        self.retryable = False
        super().__init__(
            f"{operation} failed after the request was sent; the message may have been sent "
            f"({type(error).__name__}). It was not retried."
        )


class ResponseParseError(SmsV2Error):
    """A response did not match its shape (for example a required member was missing)."""

    def __init__(self, operation: str, shape: str, problems: Sequence[FieldProblem]) -> None:
        self.operation = operation
        self.shape = shape
        self.problems = list(problems)
        detail = "; ".join(f"{shape}.{p.field}: {p.message}" for p in self.problems)
        super().__init__(f"unexpected {operation} response: {detail}")


class PaginationError(SmsV2Error):
    """The service repeated a NextToken, which would otherwise loop forever."""


def problems_from_pydantic(errors: Sequence[Mapping[str, object]]) -> list[FieldProblem]:
    """One problem per invalid field from pydantic's errors, without the offending values.

    A union (``Enum | Literal``) reports once per branch, under locations such as
    ``literal['A','B']``: those steps are dropped and the last branch's message is kept.
    """
    by_path: dict[str, str] = {}
    for e in errors:
        loc = e.get("loc", ())
        steps: tuple[object, ...] = (
            cast("tuple[object, ...]", loc) if isinstance(loc, tuple) else (loc,)
        )
        path = ".".join(str(p) for p in steps if isinstance(p, int) or str(p).isidentifier())
        by_path[path or "<request>"] = str(e.get("msg", "invalid"))
    return [FieldProblem(path, message) for path, message in by_path.items()]
