"""The base classes the generated service errors derive from; the public home is `smsv2.errors`.

Nothing here imports botocore or pydantic, so `smsv2.errors` is cheap to import anywhere.
Messages never carry request values: phone numbers, message bodies and credentials stay out,
and digit runs in text that came from the service are masked (`+1206*****77`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, cast

from typing_extensions import Self

if TYPE_CHECKING:
    from smsv2._model_base import ResultModel

# A run of at least 7 digits (not inside a word such as a hex ID), optionally with a leading "+"
# and separators such as " (" inside, is treated as a phone number (account IDs in ARNs are masked
# too, which does no harm).
_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9])\+?\d(?:[ ().-]{0,2}\d){6,}(?![A-Za-z0-9])")
_KEEP_LAST = 2
_MIN_MASKED = 5


def mask_digits(text: str) -> str:
    """`text` with every number-like digit run masked: `+12065550177` -> `+1206*****77`."""
    return _DIGIT_RUN.sub(_mask_run, text)


def _mask_run(match: re.Match[str]) -> str:
    run = match.group()
    digits = [c for c in run if c.isdigit()]
    head = max(0, min(4, len(digits) - _MIN_MASKED - _KEEP_LAST))
    masked = len(digits) - head - _KEEP_LAST
    plus = "+" if run.startswith("+") else ""
    return plus + "".join(digits[:head]) + "*" * masked + "".join(digits[-_KEEP_LAST:])


class SmsV2Error(Exception):
    """Base class of everything smsv2 raises."""

    retryable: bool = False
    """Whether repeating the same call could succeed and cannot do anything twice."""

    operation: str | None = None
    """The service operation (e.g. `"CreatePool"`), where one was involved."""

    attempts: int = 0
    """How many requests were sent (0 when the error was raised before sending)."""

    def add_note(self, note: str, /) -> None:
        """Add a note (PEP 678) with number-like digit runs masked; also on Python 3.10."""
        notes = self.__dict__.setdefault("__notes__", [])
        notes.append(mask_digits(str(note)))

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


class FieldProblem(str):
    """One invalid field: a `str` holding the field's path (`"pool_ids.2"`), plus `message`.

    The same type in `RequestValidationError.fields` (checked locally) and
    `ValidationException.fields` (checked by the service). It compares and hashes as its
    path, so `error.fields == ["pool_ids.2"]` holds. Never holds the field's value.
    """

    message: str

    def __new__(cls, field: str, message: str) -> Self:
        problem = super().__new__(cls, field)
        problem.message = message
        return problem

    @property
    def field(self) -> str:
        """The field's path, e.g. `"pool_ids.2"` or the service's `"PoolId"`."""
        return str.__str__(self)

    @property
    def name(self) -> str:
        """The field's path (the name the service's `ValidationExceptionField` uses)."""
        return str.__str__(self)

    def __reduce__(self) -> tuple[type[FieldProblem], tuple[str, str]]:
        return (type(self), (str.__str__(self), self.message))

    def __repr__(self) -> str:
        return f"FieldProblem({self.field!r}, {self.message!r})"


class ServiceError(SmsV2Error):
    """The service answered with an error. Subclasses exist for each of its error shapes."""

    code: ClassVar[str] = "Unknown"
    """The service's error code, e.g. `ConflictException`."""
    throttling: ClassVar[bool] = False
    server_fault: ClassVar[bool] = False
    field_problem_members: ClassVar[tuple[str, ...]] = ()
    """Members holding the service's field list, exposed as `list[FieldProblem]`."""

    message: str
    """The service's message, with number-like digit runs masked."""
    http_status: int | None
    request_id: str | None
    details: ResultModel | None
    """The error shape parsed as its model (`smsv2.models.<Code>`), when it is a modeled error."""

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
        self.message = mask_digits(message)
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
        for name in type(self).field_problem_members:
            self.__dict__[name] = field_problems(self.__dict__.get(name))
        super().__init__(self.message)

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
            # The ID may be a phone number (an opted-out or verified number): masked here only.
            parts.append(f"resource={_plain(resource_type)}/{mask_digits(str(resource_id))}")
        if self.operation:
            parts.append(f"operation={self.operation}")
        if self.attempts > 1:
            parts.append(f"after {self.attempts} attempts")
        return " ".join(parts)


def field_problems(value: object) -> list[FieldProblem]:
    """The service's field list (`ValidationExceptionField` models) as FieldProblems."""
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes)):
        return []
    problems: list[FieldProblem] = []
    for item in cast("Iterable[object]", value):
        name = getattr(item, "name", None)
        message = getattr(item, "message", None)
        if isinstance(name, str):
            problems.append(FieldProblem(name, mask_digits(str(message or ""))))
    return problems


def _plain(value: object) -> str:
    return str(getattr(value, "value", value))


def _declared_members(cls: type) -> set[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is ServiceError:
            break
        names.update(getattr(klass, "__annotations__", {}))
    return names


class RequestValidationError(SmsV2Error, ValueError):
    """Input rejected locally, before anything was sent. `problems` names each field."""

    def __init__(self, operation: str | None, problems: Sequence[FieldProblem]) -> None:
        self.operation = operation
        self.problems = list(problems)
        self.attempts = 0
        what = f"request for {operation}" if operation else "arguments"
        detail = "; ".join(f"{p.field}: {p.message}" for p in self.problems)
        super().__init__(f"invalid {what}: {detail}")

    @property
    def fields(self) -> list[FieldProblem]:
        """The invalid fields: each a `str` (its path) with its `message`."""
        return list(self.problems)


class PhoneNumberProblem(str, Enum):
    """Why a phone number was rejected
    ([`InvalidPhoneNumberError`][smsv2.errors.InvalidPhoneNumberError])."""

    NOT_A_NUMBER = "NOT_A_NUMBER"
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    INVALID_COUNTRY_CODE = "INVALID_COUNTRY_CODE"
    INVALID_FOR_REGION = "INVALID_FOR_REGION"
    NOT_E164 = "NOT_E164"


class InvalidPhoneNumberError(RequestValidationError):
    """A phone number could not be read as E.164; `problem` says why (never the number)."""

    def __init__(
        self, field: str, problem: PhoneNumberProblem, detail: str, operation: str | None = None
    ) -> None:
        self.problem = problem
        super().__init__(operation, [FieldProblem(field, f"{problem.value}: {detail}")])


class EventParseError(SmsV2Error, ValueError):
    """An event payload could not be read; `format` and `field` say where (never a value).

    `format` is the transport detected (`sns`, `lambda-sns`, `sqs`, `kinesis`,
    `firehose`, `cloudwatch-logs`, `eventbridge` or `raw`); `field` is the path
    inside the payload, e.g. `$.Records[0].Sns.Message.messageId`.
    """

    def __init__(self, format: str, field: str, problem: str) -> None:
        self.format = format
        self.field = field
        self.problem = problem
        super().__init__(f"cannot read {format} payload: {field} {problem}")


class ClientSetupError(SmsV2Error):
    """The client could not be set up (no region, no credentials); nothing was sent."""


class ClientOptionError(ClientSetupError, ValueError):
    """A client or `with_options` option has the wrong type or value; nothing was sent."""

    def __init__(self, option: str, problem: str) -> None:
        self.option = option
        """The option's name, e.g. `"timeout"`."""
        self.problem = problem
        super().__init__(f"{option}: {problem}")


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
    before sending again. `error` is the underlying failure.
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

    @property
    def http_status(self) -> int | None:
        """The HTTP status of the underlying failure, when the service answered."""
        status = getattr(self.error, "http_status", None)
        return status if isinstance(status, int) else None

    @property
    def request_id(self) -> str | None:
        """The request id of the underlying failure, when the service answered."""
        request_id = getattr(self.error, "request_id", None)
        return request_id if isinstance(request_id, str) else None


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

    A union (`Enum | Literal`) reports once per branch, under locations such as
    `literal['A','B']`: those steps are dropped and the last branch's message is kept.
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
