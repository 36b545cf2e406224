"""smsv2's exceptions: every class smsv2 raises, importable from this one module.

Hierarchy:

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
    │   └── InvalidPhoneNumberError       normalize_phone_number could not read a number
    ├── SendOutcomeUnknownError           a send failed after leaving; it may have gone out
    ├── TransportError                    connection failures and timeouts
    ├── EventParseError                   an event payload could not be read
    ├── SnsSignatureError                 an SNS message failed verification (`check` says which)
    ├── ClientSetupError                  no region or credentials, aiobotocore missing
    │   ├── ClientOptionError             an option of the wrong type or value (a ValueError)
    │   └── OperationNotAvailableError    the installed botocore predates the operation
    ├── ResponseParseError                a response did not match its shape
    ├── PaginationError                   the service repeated a NextToken
    ├── WaitTimeoutError                  a resource did not reach a status in time
    ├── UnexpectedStatusError             a resource reached a status the wanted one cannot follow
    ├── JournalError                      a bulk journal cannot be used; nothing was sent
    │   ├── JournalCorruptError           empty, damaged or not a journal
    │   └── JournalMismatchError          the journal belongs to another job
    └── CoordinationError                 Redis (claims, shared rate) failed or is unsafe

This module imports neither botocore nor pydantic: the mapping from botocore's failures to
these classes lives in `smsv2._error_mapping`. Every class here reports `smsv2.errors` as
its module, wherever it is defined, so tracebacks show the name to import.
"""

from __future__ import annotations

from collections.abc import Sequence

from smsv2._errors_base import (
    ClientOptionError,
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
    mask_digits,
)
from smsv2._generated.errors import (
    AccessDeniedException,
    ConflictException,
    InternalServerException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ThrottlingException,
    ValidationException,
)
from smsv2._public import publish


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


class WaitTimeoutError(SmsV2Error):
    """A resource did not reach the wanted status in time. `last_status` is what was seen."""

    def __init__(
        self, resource: str, wanted: Sequence[str], last_status: str | None, waited: float
    ) -> None:
        self.resource = resource
        self.wanted = list(wanted)
        self.last_status = last_status
        self.waited = waited
        super().__init__(
            f"{mask_digits(resource)} did not reach {' or '.join(self.wanted)} within "
            f"{waited:g}s; last status seen: {last_status}"
        )


class UnexpectedStatusError(SmsV2Error):
    """While waiting, a resource reached a status from which the wanted one cannot follow."""

    def __init__(self, resource: str, wanted: Sequence[str], status: str) -> None:
        self.resource = resource
        self.wanted = list(wanted)
        self.status = status
        super().__init__(
            f"{mask_digits(resource)} reached status {status} while waiting for "
            f"{' or '.join(self.wanted)}"
        )


class JournalError(SmsV2Error):
    """A bulk journal cannot be used (`Client.send_bulk(journal=...)`). Nothing was sent."""

    path: str
    """The journal file."""

    def __init__(self, message: str, *, path: str) -> None:
        self.path = path
        super().__init__(message)


class JournalCorruptError(JournalError):
    """The journal file is not a readable smsv2 journal: empty, damaged, or another file."""


class JournalMismatchError(JournalError):
    """The journal belongs to another job: its first messages differ from this job's."""


class CoordinationError(SmsV2Error):
    """Redis, which coordinates bulk workers (claims, a shared rate), failed or is unsafe.

    Raised for a connection that failed or timed out (the cause is a masked copy of Redis's
    error) and for a server that would lose claims on a restart (see docs/bulk-sending.md).
    Messages in flight when it happened are reported OUTCOME_UNKNOWN by later runs.
    """


class SnsSignatureError(SmsV2Error):
    """An SNS message failed verification; nothing in it may be trusted.

    `check` names the check that failed: `message` (not an SNS message), `type`,
    `signature_version`, `certificate_url`, `certificate` (fetch, subject or validity),
    `signature` or `timestamp` (too old, or in the future).
    """

    check: str
    """The check that failed."""
    problem: str
    """What was wrong, without any value from the message."""

    def __init__(self, check: str, problem: str) -> None:
        self.check = check
        self.problem = problem
        super().__init__(f"SNS message rejected ({check}): {problem}")


__all__ = [
    "AccessDeniedException",
    "ClientOptionError",
    "ClientSetupError",
    "ConflictException",
    "CoordinationError",
    "DeletionProtectionError",
    "DestinationNotVerifiedError",
    "DestinationOptedOutError",
    "EventParseError",
    "FieldProblem",
    "InternalServerException",
    "InvalidPhoneNumberError",
    "JournalCorruptError",
    "JournalError",
    "JournalMismatchError",
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
    "SnsSignatureError",
    "ThrottlingException",
    "TransportError",
    "UnexpectedStatusError",
    "ValidationException",
    "WaitTimeoutError",
]


publish(__name__, __all__, globals())
