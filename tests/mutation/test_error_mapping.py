"""``smsv2._error_mapping``, rule by rule: what each failure of one attempt becomes, what it
keeps (status, request id, code, the error shape), what it may chain as its cause (never the
request's values or the service's raw text), and when it is retryable or an unknown outcome.

Most tests drive a real ``smsv2.Client`` whose transport raises or answers as scripted; the
rules about what botocore's parse can lose (no code, no status) call the mapping directly with
the ``ResponseSeen`` the transport would have recorded.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    ReadTimeoutError,
)

import smsv2
from smsv2 import errors
from smsv2._error_mapping import from_client_error, from_exception, safe_cause
from smsv2._generated import operations
from smsv2._operation import Operation
from smsv2._transport import ResponseSeen
from tests.core.stub import StubService, error

NUMBER = "+12065550177"
MASKED = "+1206*****77"

SEND: Callable[[smsv2.Client], object] = lambda c: c.send_text_message(  # noqa: E731
    destination_phone_number="+12065550100", message_body="hi"
)
READ: Callable[[smsv2.Client], object] = lambda c: c.describe_pools()  # noqa: E731

READ_OP: Operation[object] = operations.DESCRIBE_POOLS
SEND_OP: Operation[object] = operations.SEND_TEXT_MESSAGE
PLAIN_WRITE_OP: Operation[object] = operations.DELETE_POOL


def raised(
    call: Callable[[smsv2.Client], object], answer: object, **options: object
) -> tuple[StubService, errors.SmsV2Error]:
    stub = StubService(lambda op, body: answer)  # type: ignore[arg-type,return-value]
    with pytest.raises(errors.SmsV2Error) as info:
        call(stub.client(**options))
    return stub, info.value


def service(err: errors.SmsV2Error) -> errors.ServiceError:
    assert isinstance(err, errors.ServiceError)
    return err


def client_error(response: dict[str, object]) -> ClientError:
    return ClientError(response, "DescribePools")  # type: ignore[arg-type]


# -- the code, the message, the status and request id ----------------------------------------


def test_a_client_error_without_a_code_is_a_service_error_coded_unknown() -> None:
    # botocore always fills Code from a response; a ClientError made by hand (a wrapper, a
    # stubbed client) may not have one.
    stub, err = raised(READ, client_error({"Error": {"Message": "it failed"}}), max_attempts=3)
    assert type(err) is errors.ServiceError
    assert err.error_code == "Unknown"
    assert err.message == "it failed"
    assert err.retryable is False
    assert len(stub.calls) == 1


def test_an_error_that_is_not_a_mapping_reads_as_no_error_members() -> None:
    odd = client_error({"Error": {}})
    odd.response = {"Error": "boom", "ResponseMetadata": "x"}  # type: ignore[typeddict-item]
    _, err = raised(READ, odd)
    assert type(err) is errors.ServiceError
    assert err.error_code == "Unknown"
    assert err.message == "Unknown"
    assert err.http_status is None
    assert err.request_id is None
    assert err.__cause__ is None  # no copy of a response ClientError cannot hold


def test_an_empty_message_is_replaced_by_the_code() -> None:
    _, err = raised(READ, error("AccessDeniedException", message="", status=403))
    assert type(err) is errors.AccessDeniedException
    assert err.message == "AccessDeniedException"


def test_the_service_message_is_kept_with_numbers_masked() -> None:
    _, err = raised(READ, error("ValidationException", message=f"bad number {NUMBER}"))
    assert service(err).message == f"bad number {MASKED}"
    assert NUMBER not in str(err)


def test_what_botocore_lost_is_filled_from_the_response_seen() -> None:
    seen = ResponseSeen(503, "req-seen")
    bare = client_error({"Error": {"Code": "SomethingNewException", "Message": "x"}})
    err = from_client_error(bare, READ_OP, 2, seen)
    assert type(err) is errors.ServiceError
    assert (err.http_status, err.request_id, err.attempts) == (503, "req-seen", 2)
    assert err.error_code == "SomethingNewException"
    assert err.retryable is True  # 503 on a read
    # What botocore did parse wins over what the transport saw.
    full = client_error(
        {
            "Error": {"Code": "ThrottlingException", "Message": "x"},
            "ResponseMetadata": {"HTTPStatusCode": 400, "RequestId": "req-parsed"},
        }
    )
    err = from_client_error(full, READ_OP, 1, seen)
    assert type(err) is errors.ThrottlingException
    assert (err.http_status, err.request_id) == (400, "req-parsed")
    # Neither: nothing is invented.
    err = service(from_client_error(bare, READ_OP, 1))
    assert (err.http_status, err.request_id, err.retryable) == (None, None, False)


def test_a_status_or_request_id_of_the_wrong_type_is_dropped() -> None:
    odd = client_error(
        {
            "Error": {"Code": "ValidationException", "Message": "x"},
            "ResponseMetadata": {"HTTPStatusCode": "500", "RequestId": 7},
        }
    )
    err = service(from_client_error(odd, READ_OP, 1))
    assert type(err) is errors.ValidationException
    assert err.http_status is None
    assert err.request_id is None
    assert err.retryable is False


def test_an_empty_request_id_reads_as_none() -> None:
    odd = client_error(
        {
            "Error": {"Code": "ValidationException", "Message": "x"},
            "ResponseMetadata": {"HTTPStatusCode": 400, "RequestId": ""},
        }
    )
    assert service(from_client_error(odd, READ_OP, 1, ResponseSeen(400, ""))).request_id is None
    seen = ResponseSeen(400, "r-2")
    assert service(from_client_error(odd, READ_OP, 1, seen)).request_id == "r-2"


# -- the error shape (details) -----------------------------------------------------------------


def test_details_hold_the_error_shape_and_nothing_of_the_envelope() -> None:
    answer = error(
        "ConflictException",
        message=f"conflict on {NUMBER}",
        Reason="RESOURCE_NOT_ACTIVE",
        ResourceType="pool",
        ResourceId="pool-1",
    )
    _, err = raised(operations_delete_pool, answer)
    assert type(err) is errors.ResourceNotActiveError
    assert err.details is not None
    assert err.details.model_dump()["ResourceId"] == "pool-1"
    assert getattr(err, "resource_id", None) == "pool-1"
    extra = err.details.model_extra or {}
    assert "Error" not in extra and "ResponseMetadata" not in extra


def operations_delete_pool(client: smsv2.Client) -> object:
    return client.delete_pool(pool_id="pool-1")


def test_a_malformed_error_shape_still_gives_the_typed_error_without_details() -> None:
    answer = error("ConflictException", Reason=["not", "a", "string"])
    _, err = raised(operations_delete_pool, answer)
    assert type(err) is errors.ConflictException
    assert err.details is None


def test_an_unmodeled_code_has_no_details() -> None:
    _, err = raised(READ, error("SomethingNewException", Reason="RESOURCE_NOT_ACTIVE"))
    assert type(err) is errors.ServiceError
    assert err.details is None


# -- throttling, server faults and sends --------------------------------------------------------


def test_throttling_with_a_server_status_on_a_send_is_retried_not_an_unknown_outcome() -> None:
    # Throttling means the service did nothing: even with a 5xx status the send is repeated.
    stub, err = raised(SEND, error("ThrottlingException", status=503), max_attempts=3)
    assert type(err) is errors.ThrottlingException
    assert err.retryable is True
    assert len(stub.calls) == 3


def test_a_server_fault_on_a_plain_write_is_not_an_unknown_outcome() -> None:
    err = from_client_error(
        client_error(
            {
                "Error": {"Code": "InternalServerException", "Message": "x"},
                "ResponseMetadata": {"HTTPStatusCode": 500, "RequestId": "r"},
            }
        ),
        PLAIN_WRITE_OP,
        4,
    )
    assert type(err) is errors.InternalServerException
    assert err.retryable is False
    assert err.attempts == 4


def test_a_server_fault_on_a_send_wraps_the_service_error() -> None:
    stub, err = raised(SEND, error("InternalServerException", status=500), max_attempts=3)
    assert isinstance(err, errors.SendOutcomeUnknownError)
    assert err.operation == "SendTextMessage"
    inner = err.error
    assert type(inner) is errors.InternalServerException
    assert inner.operation == "SendTextMessage"
    assert inner.http_status == 500 and err.http_status == 500
    assert inner.request_id == "req-1"
    assert inner.attempts == 1 and err.attempts == 1
    assert len(stub.calls) == 1


# -- what the typed error chains as its cause ---------------------------------------------------


def test_the_cause_of_a_service_error_is_a_masked_copy() -> None:
    answer = error(
        "ValidationException",
        message=f"bad {NUMBER}",
        Reason="INVALID_PARAMETER",
        Fields=[{"Name": "destinationPhoneNumber", "Message": f"{NUMBER} is not valid"}],
    )
    _, err = raised(READ, answer)
    cause = err.__cause__
    assert isinstance(cause, ClientError)
    assert cause.operation_name == "DescribePools"
    response = cause.response
    assert response["Error"]["Message"] == f"bad {MASKED}"
    assert response["Error"]["Code"] == "ValidationException"
    fields = response.get("Fields")
    assert fields == [{"Name": "destinationPhoneNumber", "Message": f"{MASKED} is not valid"}]
    assert response["ResponseMetadata"]["RequestId"] == "req-1"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert NUMBER not in repr(cause.response)
    assert err.__suppress_context__ is True


def test_masking_keeps_values_that_are_not_text() -> None:
    original = client_error(
        {
            "Error": {"Code": "X", "Message": NUMBER},
            "Count": 12065550177,
            "Flags": [True, None, NUMBER],
            "ResponseMetadata": {"RequestId": NUMBER},
        }
    )
    copy = safe_cause(original)
    assert isinstance(copy, ClientError)
    response = dict(copy.response)
    assert response["Count"] == 12065550177
    assert response["Flags"] == [True, None, MASKED]
    assert response["Error"] == {"Code": "X", "Message": MASKED}
    assert response["ResponseMetadata"] == {"RequestId": NUMBER}  # ids are not request values
    assert original.response["Error"]["Message"] == NUMBER  # the original is left alone


def test_the_cause_of_a_connection_failure_is_botocores_error() -> None:
    failure = EndpointConnectionError(endpoint_url="https://x")
    _, err = raised(READ, failure, max_attempts=1)
    assert err.__cause__ is failure
    assert safe_cause(ReadTimeoutError(endpoint_url="https://x")) is not None


def test_parameter_reports_and_other_failures_are_never_chained() -> None:
    report = ParamValidationError(report=f"Invalid type for parameter X, value: {NUMBER}")
    assert safe_cause(report) is None
    assert safe_cause(ValueError(NUMBER)) is None
    _, err = raised(READ, ValueError(NUMBER))
    assert err.__cause__ is None
    assert err.__suppress_context__ is True


def test_an_smsv2_error_from_the_transport_passes_through_unchanged() -> None:
    own = errors.ThrottlingException("slow", operation="DescribePools", retryable=False)
    stub, err = raised(READ, own, max_attempts=3)
    assert err is own
    assert len(stub.calls) == 1
    assert err.__cause__ is None


# -- failures other than a service answer ----------------------------------------------------


def test_no_region_or_credentials_is_a_setup_error_that_says_so() -> None:
    _, err = raised(READ, NoRegionError())
    assert type(err) is errors.ClientSetupError
    assert err.retryable is False
    assert "DescribePools" in str(err) and "region" in str(err)
    _, err = raised(READ, NoCredentialsError())
    assert type(err) is errors.ClientSetupError
    assert "DescribePools" in str(err) and "credentials" in str(err)


def test_a_client_error_gets_the_response_the_transport_saw() -> None:
    bare = client_error({"Error": {"Code": "InternalServerException", "Message": "x"}})
    err = service(from_exception(bare, READ_OP, 1, ResponseSeen(503, "req-seen")))
    assert (err.http_status, err.request_id) == (503, "req-seen")


def test_a_parameter_report_is_a_request_validation_error_with_masked_text() -> None:
    report = f"Invalid type for parameter X, value: {NUMBER}"
    stub, err = raised(READ, ParamValidationError(report=report), max_attempts=3)
    assert type(err) is errors.RequestValidationError
    assert [(p.field, p.message) for p in err.problems] == [("<request>", mask(report))]
    assert err.operation == "DescribePools"
    assert len(stub.calls) == 1


def mask(text: str) -> str:
    return text.replace(NUMBER, MASKED)


@pytest.mark.parametrize(("status", "retryable"), [(400, False), (499, False), (500, True)])
def test_an_unreadable_response_keeps_its_status_and_request_id(
    status: int, retryable: bool
) -> None:
    failure = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")
    err = from_exception(failure, READ_OP, 3, ResponseSeen(status, "req-html"))
    assert type(err) is errors.ServiceError
    assert (err.http_status, err.request_id, err.attempts) == (status, "req-html", 3)
    assert err.error_code == "Unknown"
    assert err.retryable is retryable
    assert err.operation == "DescribePools"
    on_send = from_exception(failure, SEND_OP, 1, ResponseSeen(status, "req-html"))
    assert isinstance(on_send, errors.SendOutcomeUnknownError) is retryable


def test_a_failure_nothing_explains_is_assumed_sent_and_never_retried() -> None:
    stub, err = raised(READ, RuntimeError("?"), max_attempts=3)
    assert type(err) is errors.TransportError
    assert err.request_sent is True
    assert err.retryable is False
    assert err.attempts == 1
    assert err.operation == "DescribePools"
    assert len(stub.calls) == 1
    stub, sent = raised(SEND, RuntimeError("?"), max_attempts=3)
    assert type(sent) is errors.SendOutcomeUnknownError
    assert (sent.operation, sent.attempts) == ("SendTextMessage", 1)
    assert type(sent.error) is errors.TransportError
    assert len(stub.calls) == 1


def test_a_connection_never_made_counts_its_attempts() -> None:
    err = from_exception(EndpointConnectionError(endpoint_url="https://x"), SEND_OP, 2)
    assert type(err) is errors.TransportError
    assert (err.request_sent, err.retryable, err.attempts) == (False, True, 2)
    assert err.operation == "SendTextMessage"


@pytest.mark.parametrize(("operation", "retryable"), [(READ_OP, True), (PLAIN_WRITE_OP, False)])
def test_a_lost_answer_counts_its_attempts(operation: Operation[object], retryable: bool) -> None:
    err = from_exception(ReadTimeoutError(endpoint_url="https://x"), operation, 3)
    assert type(err) is errors.TransportError
    assert (err.request_sent, err.retryable, err.attempts) == (True, retryable, 3)
    assert err.operation == operation.name
    sent = from_exception(ReadTimeoutError(endpoint_url="https://x"), SEND_OP, 2)
    assert isinstance(sent, errors.SendOutcomeUnknownError)
    assert sent.attempts == 2 and sent.operation == "SendTextMessage"
