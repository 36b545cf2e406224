"""The one place where botocore's failures become smsv2's typed errors (`smsv2.errors`).

Every failure of one attempt comes out as an `SmsV2Error`, including error responses that
botocore's parser cannot read (an HTML page from a proxy, a JSON array, a numeric `__type`,
JSON nested too deeply): those keep the HTTP status and request id the transport recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    ReadTimeoutError,
)

from smsv2 import errors
from smsv2._errors_base import mask_digits
from smsv2._generated import models
from smsv2._generated.errors import BODY_MODELS, ERROR_CLASSES
from smsv2._transport import ResponseSeen

if TYPE_CHECKING:
    from smsv2._model_base import ResultModel
    from smsv2._operation import Operation

_CONFLICT_BY_REASON: dict[str, type[errors.ConflictException]] = {
    "DESTINATION_PHONE_NUMBER_OPTED_OUT": errors.DestinationOptedOutError,
    "DESTINATION_PHONE_NUMBER_NOT_VERIFIED": errors.DestinationNotVerifiedError,
    "RESOURCE_ALREADY_EXISTS": errors.ResourceAlreadyExistsError,
    "DELETION_PROTECTION_ENABLED": errors.DeletionProtectionError,
    "RESOURCE_NOT_ACTIVE": errors.ResourceNotActiveError,
}

_NEVER_SENT = (EndpointConnectionError, ConnectTimeoutError)
_SENT_BUT_UNANSWERED = (ReadTimeoutError, ConnectionClosedError)

_NO_CREDENTIALS = (
    "no AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
    "AWS_SESSION_TOKEN for temporary ones), or name a profile from ~/.aws/credentials or "
    "~/.aws/config with AWS_PROFILE or profile_name=, or run where an instance or task role "
    "applies. In tests, use smsv2.testing.mock_sms_voice()."
)
_NO_REGION = "no AWS region: pass region_name= or set AWS_REGION / AWS_DEFAULT_REGION"


def from_client_error(
    error: ClientError,
    operation: Operation[object],
    attempts: int,
    seen: ResponseSeen | None = None,
) -> errors.SmsV2Error:
    """The typed error for a botocore ClientError (`seen` fills what botocore's parse lost)."""
    response = cast("Mapping[str, object]", error.response)
    err_info = _mapping(response.get("Error"))
    meta = _mapping(response.get("ResponseMetadata"))
    code = str(err_info.get("Code", "Unknown"))
    message = str(err_info.get("Message", "")) or code
    status = meta.get("HTTPStatusCode") or (seen.status if seen else None)
    request_id = meta.get("RequestId") or (seen.request_id if seen else None)
    cls: type[errors.ServiceError] = ERROR_CLASSES.get(code, errors.ServiceError)
    details = _details(code, response) if cls is not errors.ServiceError else None
    reason = getattr(details, "reason", None)
    if cls is errors.ConflictException and reason is not None:
        cls = _CONFLICT_BY_REASON.get(str(getattr(reason, "value", reason)), cls)
    return _service_error(
        cls,
        message,
        operation,
        attempts,
        http_status=status if isinstance(status, int) else None,
        request_id=request_id if isinstance(request_id, str) else None,
        code=code,
        details=details,
    )


def _service_error(
    cls: type[errors.ServiceError],
    message: str,
    operation: Operation[object],
    attempts: int,
    *,
    http_status: int | None,
    request_id: str | None,
    code: str,
    details: ResultModel | None = None,
) -> errors.SmsV2Error:
    server_side = cls.server_fault or (http_status is not None and http_status >= 500)
    retryable = cls.throttling or (server_side and operation.safe_to_repeat)
    typed = cls(
        message,
        operation=operation.name,
        http_status=http_status,
        request_id=request_id or None,
        code=code,
        retryable=retryable,
        attempts=attempts,
        details=details,
    )
    if server_side and not cls.throttling and operation.sends_message:
        return errors.SendOutcomeUnknownError(operation.name, typed, attempts=attempts)
    return typed


def _mapping(value: object) -> Mapping[str, object]:
    return cast("Mapping[str, object]", value) if isinstance(value, Mapping) else {}


def _details(code: str, response: Mapping[str, object]) -> ResultModel | None:
    model = cast("type[ResultModel] | None", getattr(models, BODY_MODELS.get(code, code), None))
    if model is None:
        return None
    members = {k: v for k, v in response.items() if k not in ("Error", "ResponseMetadata")}
    try:
        return model.model_validate(members)
    except Exception:  # a malformed error body must not hide the error itself
        return None


def safe_cause(error: Exception) -> BaseException | None:
    """What the typed error may chain as `__cause__`: nothing that holds request values.

    A ClientError is copied with the service's text masked; botocore's connection errors name
    only the endpoint; anything else (parameter reports, parser failures holding the body) is
    left off.
    """
    if isinstance(error, ClientError):
        response = cast("dict[str, Any]", error.response)
        masked = {
            key: _masked(value) if key != "ResponseMetadata" else value
            for key, value in response.items()
        }
        try:
            return ClientError(masked, error.operation_name)  # type: ignore[arg-type]
        except Exception:  # a response ClientError cannot read (its Error is not a mapping)
            return None
    if isinstance(error, BotoCoreError) and not isinstance(error, ParamValidationError):
        return error
    return None


def _masked(value: object) -> object:
    if isinstance(value, str):
        return mask_digits(value)
    if isinstance(value, Mapping):
        return {k: _masked(v) for k, v in cast("Mapping[str, object]", value).items()}
    if isinstance(value, list):
        return [_masked(v) for v in cast("list[object]", value)]
    return value


def from_exception(
    error: Exception,
    operation: Operation[object],
    attempts: int,
    response: ResponseSeen | None = None,
) -> errors.SmsV2Error:
    """Map any failure of one attempt to smsv2's typed error.

    `response` is what the transport saw of this attempt's HTTP response, if one came back.
    """
    if isinstance(error, errors.SmsV2Error):
        return error
    if isinstance(error, ClientError):
        return from_client_error(error, operation, attempts, response)
    if isinstance(error, _NEVER_SENT):
        endpoint = error.kwargs.get("endpoint_url")
        where = f" to {endpoint}" if endpoint else ""
        return errors.TransportError(
            f"{operation.name}: could not connect{where} ({type(error).__name__}); "
            "check region_name (is the service offered there?), endpoint_url and the network",
            operation=operation.name,
            request_sent=False,
            retryable=True,
            attempts=attempts,
        )
    if isinstance(error, _SENT_BUT_UNANSWERED):
        transport = errors.TransportError(
            f"{operation.name}: no response after the request was sent ({type(error).__name__})",
            operation=operation.name,
            request_sent=True,
            retryable=operation.safe_to_repeat,
            attempts=attempts,
        )
        if operation.sends_message:
            return errors.SendOutcomeUnknownError(operation.name, transport, attempts=attempts)
        return transport
    if isinstance(error, NoCredentialsError):
        return errors.ClientSetupError(f"{operation.name}: {_NO_CREDENTIALS}")
    if isinstance(error, NoRegionError):
        return errors.ClientSetupError(f"{operation.name}: {_NO_REGION}")
    if isinstance(error, ParamValidationError):
        # botocore's message lists the invalid parameters by name only.
        report = str(error.kwargs.get("report", "invalid parameters"))
        return errors.RequestValidationError(
            operation.name, [errors.FieldProblem("<request>", mask_digits(report))]
        )
    if response is not None:
        # botocore's parser failed on the response itself (UnicodeDecodeError on an HTML page,
        # AttributeError on a JSON array, RecursionError on deep nesting...).
        return _service_error(
            errors.ServiceError,
            f"HTTP {response.status} response that could not be read ({type(error).__name__})",
            operation,
            attempts,
            http_status=response.status,
            request_id=response.request_id,
            code="Unknown",
        )
    # Nothing says whether the request left: assume it did, so a send is never repeated.
    unknown = errors.TransportError(
        f"{operation.name}: the request failed ({type(error).__name__})",
        operation=operation.name,
        request_sent=True,
        retryable=False,
        attempts=attempts,
    )
    if operation.sends_message:
        return errors.SendOutcomeUnknownError(operation.name, unknown, attempts=attempts)
    return unknown
