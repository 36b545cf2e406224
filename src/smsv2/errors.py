"""smsv2's exceptions, and the one place where botocore's failures become them.

Hierarchy::

    SmsV2Error
    ├── ServiceError                      the service answered with an error
    │   ├── AccessDeniedException
    │   ├── ConflictException
    │   │   ├── DestinationOptedOutError        reason DESTINATION_PHONE_NUMBER_OPTED_OUT
    │   │   ├── DestinationNotVerifiedError     reason DESTINATION_PHONE_NUMBER_NOT_VERIFIED
    │   │   ├── ResourceAlreadyExistsError      reason RESOURCE_ALREADY_EXISTS
    │   │   ├── DeletionProtectionError         reason DELETION_PROTECTION_ENABLED
    │   │   └── ResourceNotActiveError          reason RESOURCE_NOT_ACTIVE
    │   ├── InternalServerException
    │   ├── ResourceNotFoundException
    │   ├── ServiceQuotaExceededException
    │   ├── ThrottlingException
    │   └── ValidationException
    ├── RequestValidationError            rejected locally; nothing was sent
    │   └── InvalidPhoneNumberError         normalize_phone_number could not read a number
    ├── SendOutcomeUnknownError           a send failed after leaving; it may have gone out
    ├── TransportError                    connection failures and timeouts
    ├── ClientSetupError                  no region or credentials, aiobotocore missing
    │   └── OperationNotAvailableError      the installed botocore predates the operation
    ├── EventParseError                   an event payload could not be read
    ├── ResponseParseError                a response did not match its shape
    └── PaginationError                   the service repeated a NextToken
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    ReadTimeoutError,
)

from smsv2._errors_base import (
    ClientSetupError,
    EventParseError,
    FieldProblem,
    InvalidPhoneNumberError,
    OperationNotAvailableError,
    PaginationError,
    PhoneNumberProblem,
    RequestValidationError,
    ResponseParseError,
    SendOutcomeUnknownError,
    ServiceError,
    SmsV2Error,
    TransportError,
)
from smsv2._generated.errors import (
    ERROR_CLASSES,
    AccessDeniedException,
    ConflictException,
    InternalServerException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ThrottlingException,
    ValidationException,
)

if TYPE_CHECKING:
    from smsv2._model_base import ResultModel
    from smsv2._operation import Operation


class DestinationOptedOutError(ConflictException):
    """The destination number opted out of messages from this sender (or its opt-out list)."""


class DestinationNotVerifiedError(ConflictException):
    """In the sandbox, the destination must first be a verified destination number."""


class ResourceAlreadyExistsError(ConflictException):
    """A resource with that name or identity already exists."""


class DeletionProtectionError(ConflictException):
    """The resource has deletion protection enabled; disable it first."""


class ResourceNotActiveError(ConflictException):
    """The resource is not ACTIVE yet (or any more)."""


_CONFLICT_BY_REASON: dict[str, type[ConflictException]] = {
    "DESTINATION_PHONE_NUMBER_OPTED_OUT": DestinationOptedOutError,
    "DESTINATION_PHONE_NUMBER_NOT_VERIFIED": DestinationNotVerifiedError,
    "RESOURCE_ALREADY_EXISTS": ResourceAlreadyExistsError,
    "DELETION_PROTECTION_ENABLED": DeletionProtectionError,
    "RESOURCE_NOT_ACTIVE": ResourceNotActiveError,
}

_NEVER_SENT = (EndpointConnectionError, ConnectTimeoutError)
_SENT_BUT_UNANSWERED = (ReadTimeoutError, ConnectionClosedError)


def from_client_error(
    error: ClientError, operation: Operation[object], attempts: int
) -> SmsV2Error:
    """The typed error for a botocore ClientError (the ClientError becomes its ``__cause__``)."""
    response = cast("Mapping[str, object]", error.response)
    err_info = cast("Mapping[str, object]", response.get("Error", {}))
    meta = cast("Mapping[str, object]", response.get("ResponseMetadata", {}))
    code = str(err_info.get("Code", "Unknown"))
    message = str(err_info.get("Message", "")) or code
    status = meta.get("HTTPStatusCode")
    http_status = status if isinstance(status, int) else None
    request_id = meta.get("RequestId")
    cls: type[ServiceError] = ERROR_CLASSES.get(code, ServiceError)
    details = _details(code, response) if cls is not ServiceError else None
    reason = getattr(details, "reason", None)
    if cls is ConflictException and reason is not None:
        cls = _CONFLICT_BY_REASON.get(str(getattr(reason, "value", reason)), cls)
    server_side = cls.server_fault or (http_status is not None and http_status >= 500)
    retryable = cls.throttling or (server_side and operation.safe_to_repeat)
    typed = cls(
        message,
        operation=operation.name,
        http_status=http_status,
        request_id=request_id if isinstance(request_id, str) else None,
        code=code,
        retryable=retryable,
        attempts=attempts,
        details=details,
    )
    if server_side and not cls.throttling and operation.sends_message:
        return SendOutcomeUnknownError(operation.name, typed, attempts=attempts)
    return typed


def _details(code: str, response: Mapping[str, object]) -> ResultModel | None:
    from smsv2._generated import models

    model = cast("type[ResultModel] | None", getattr(models, code, None))
    if model is None:
        return None
    members = {k: v for k, v in response.items() if k not in ("Error", "ResponseMetadata")}
    try:
        return model.model_validate(members)
    except Exception:  # a malformed error body must not hide the error itself
        return None


def from_exception(error: Exception, operation: Operation[object], attempts: int) -> SmsV2Error:
    """Map any failure of one attempt to smsv2's typed error."""
    if isinstance(error, SmsV2Error):
        return error
    if isinstance(error, ClientError):
        return from_client_error(error, operation, attempts)
    if isinstance(error, _NEVER_SENT):
        return TransportError(
            f"{operation.name}: could not connect ({type(error).__name__})",
            operation=operation.name,
            request_sent=False,
            retryable=True,
            attempts=attempts,
        )
    if isinstance(error, _SENT_BUT_UNANSWERED):
        transport = TransportError(
            f"{operation.name}: no response after the request was sent ({type(error).__name__})",
            operation=operation.name,
            request_sent=True,
            retryable=operation.safe_to_repeat,
            attempts=attempts,
        )
        if operation.sends_message:
            return SendOutcomeUnknownError(operation.name, transport, attempts=attempts)
        return transport
    if isinstance(error, (NoCredentialsError, NoRegionError)):
        return ClientSetupError(f"{operation.name}: {error}")
    if isinstance(error, ParamValidationError):
        # botocore's message lists the invalid parameters by name only.
        return RequestValidationError(
            operation.name, [FieldProblem("<request>", str(error.kwargs.get("report", error)))]
        )
    raise error


__all__ = [
    "AccessDeniedException",
    "ClientSetupError",
    "ConflictException",
    "DeletionProtectionError",
    "DestinationNotVerifiedError",
    "DestinationOptedOutError",
    "EventParseError",
    "FieldProblem",
    "InternalServerException",
    "InvalidPhoneNumberError",
    "OperationNotAvailableError",
    "PaginationError",
    "PhoneNumberProblem",
    "RequestValidationError",
    "ResourceAlreadyExistsError",
    "ResourceNotActiveError",
    "ResourceNotFoundException",
    "ResponseParseError",
    "SendOutcomeUnknownError",
    "ServiceError",
    "ServiceQuotaExceededException",
    "SmsV2Error",
    "ThrottlingException",
    "TransportError",
    "ValidationException",
    "from_client_error",
    "from_exception",
]
