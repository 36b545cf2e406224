"""Errors: one public home, no phone numbers anywhere in them, every failure typed."""

from __future__ import annotations

import contextlib
import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import smsv2
from smsv2 import errors

from .stub import StubService, error

NUMBER = "+12065550177"
BODY = "Your code is 4242 and only yours"


def reachable(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [e.__cause__, e.__context__, getattr(e, "error", None)]


def leaks(exc: BaseException) -> list[str]:
    found = []
    for e in reachable(exc):
        texts = [str(e), repr(e), *map(str, e.args), *getattr(e, "__notes__", [])]
        found += [t for t in texts if "2065550177" in t or "4242 and" in t]
    return found


def conflict_on_number(reason: str) -> Any:
    return lambda op, body: error(
        "ConflictException",
        f"The destination phone number {NUMBER} is not allowed",
        Reason=reason,
        ResourceType="opted-out-number",
        ResourceId=NUMBER,
    )


@pytest.mark.parametrize(
    ("reason", "cls"),
    [
        ("DESTINATION_PHONE_NUMBER_OPTED_OUT", errors.DestinationOptedOutError),
        ("DESTINATION_PHONE_NUMBER_NOT_VERIFIED", errors.DestinationNotVerifiedError),
        ("RESOURCE_ALREADY_EXISTS", errors.ResourceAlreadyExistsError),
    ],
)
def test_no_phone_number_in_service_errors_yet_kept_on_attributes(
    reason: str, cls: type[errors.ConflictException]
) -> None:
    stub = StubService(conflict_on_number(reason))
    with pytest.raises(cls) as info:
        stub.client().send_text_message(destination_phone_number=NUMBER, message_body=BODY)
    err = info.value
    assert isinstance(err, errors.ConflictException)
    err.add_note(f"while sending to {NUMBER}")
    assert leaks(err) == []
    assert "+1206*****77" in str(err)
    assert err.resource_id == NUMBER  # the typed attribute keeps the value
    assert leaks(pickle.loads(pickle.dumps(err))) == []


def test_request_validation_error_keeps_pydantic_unreachable() -> None:
    stub = StubService(lambda op, body: (200, {}))
    with pytest.raises(errors.RequestValidationError) as info:
        stub.client().send_text_message(destination_phone_number=NUMBER + "x", message_body=BODY)
    assert info.value.__context__ is None
    assert info.value.__cause__ is None
    assert leaks(info.value) == []


def test_a_malformed_success_body_keeps_values_out() -> None:
    stub = StubService(lambda op, body: (200, {"MessageId": {"number": NUMBER}}))
    with pytest.raises(errors.SendOutcomeUnknownError) as info:
        stub.client().send_text_message(destination_phone_number=NUMBER, message_body=BODY)
    assert leaks(info.value) == []


def test_digit_runs_are_masked_but_ids_are_not() -> None:
    assert errors.SmsV2Error.__module__ == "smsv2.errors"
    from smsv2._errors_base import mask_digits

    assert mask_digits(f"to {NUMBER}.") == "to +1206*****77."
    assert mask_digits("call +1 (206) 555-0177") == "call +1206*****77"
    assert mask_digits("pool-a1aa826f59c82438dce7795413d532fc") == (
        "pool-a1aa826f59c82438dce7795413d532fc"
    )
    assert "7" not in mask_digits("1234567")[:-2]


class RawService:
    """Answers every request with the given status, raw body and headers."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.status, self.body, self.headers = status, body, headers
        self.calls = 0

    def handle(self, request: AWSPreparedRequest, **_: object) -> AWSResponse:
        self.calls += 1
        return AWSResponse(request.url, self.status, self.headers, _Raw(self.body))  # type: ignore[arg-type]

    def client(self) -> smsv2.Client:
        client = smsv2.Client(region_name="us-east-1", backoff_base=0.0, max_attempts=2)
        client.boto3_client.meta.events.register("before-send", self.handle)  # type: ignore[arg-type]
        return client


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._body

    def read(self, *_: object) -> bytes:
        return self._body


MALFORMED = [
    (503, "<html><body>Service indisponible \xe9</body></html>".encode("latin-1"), "text/html"),
    (502, b"[1, 2, 3]", "application/x-amz-json-1.0"),
    (400, b'{"__type": 42, "message": "x"}', "application/x-amz-json-1.0"),
    (500, b"[" * 5000 + b"]" * 5000, "application/x-amz-json-1.0"),
]


@pytest.mark.parametrize(("status", "body", "ctype"), MALFORMED)
def test_malformed_error_responses_are_typed_with_status_and_request_id(
    status: int, body: bytes, ctype: str
) -> None:
    service = RawService(status, body, {"x-amzn-requestid": "rid-7", "content-type": ctype})
    with pytest.raises(errors.ServiceError) as info:
        service.client().describe_account_attributes()
    assert info.value.http_status == status
    assert info.value.request_id == "rid-7"
    with pytest.raises(errors.SmsV2Error) as sent:
        service.client().send_text_message(destination_phone_number=NUMBER, message_body=BODY)
    if status >= 500:
        assert isinstance(sent.value, errors.SendOutcomeUnknownError)
        assert sent.value.http_status == status
        assert sent.value.request_id == "rid-7"


METHODS = [
    ("describe_account_attributes", {}),
    ("describe_account_limits", {}),
    ("describe_spend_limits", {}),
    ("describe_pools", {}),
    ("describe_phone_numbers", {}),
    ("describe_opt_out_lists", {}),
    ("describe_configuration_sets", {}),
    ("describe_sender_ids", {}),
    ("describe_keywords", {"origination_identity": "phone-1"}),
    ("describe_registrations", {}),
    ("describe_verified_destination_numbers", {}),
    ("describe_protect_configurations", {}),
    ("list_tags_for_resource", {"resource_arn": "arn:aws:sms-voice:us-east-1:1:pool/pool-1"}),
    (
        "create_pool",
        {
            "origination_identity": "phone-1",
            "iso_country_code": "US",
            "message_type": "TRANSACTIONAL",
        },
    ),
    ("delete_pool", {"pool_id": "pool-1"}),
    ("create_opt_out_list", {"opt_out_list_name": "list"}),
    ("put_opted_out_number", {"opt_out_list_name": "list", "opted_out_number": NUMBER}),
    ("send_text_message", {"destination_phone_number": NUMBER, "message_body": BODY}),
    (
        "send_voice_message",
        {"destination_phone_number": NUMBER, "origination_identity": "p", "message_body": BODY},
    ),
    ("release_phone_number", {"phone_number_id": "phone-1"}),
    ("get_resource_policy", {"resource_arn": "arn:aws:sms-voice:us-east-1:1:pool/pool-1"}),
]

bodies = st.one_of(
    st.binary(max_size=200),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=10,
    ).map(lambda v: json.dumps(v).encode()),
    st.sampled_from([b for _, b, _ in MALFORMED]),
)
headers = st.dictionaries(
    st.sampled_from(["content-type", "x-amzn-requestid", "x-amzn-errortype", "content-length"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    method=st.sampled_from(METHODS),
    status=st.sampled_from([200, 400, 403, 404, 409, 429, 500, 502, 503, 504]),
    body=bodies,
    hdrs=headers,
)
def test_any_response_gives_a_result_or_an_smsv2_error(
    method: tuple[str, dict[str, object]], status: int, body: bytes, hdrs: dict[str, str]
) -> None:
    name, kwargs = method
    hdrs.pop("content-length", None)
    service = RawService(status, body, hdrs)
    with contextlib.suppress(errors.SmsV2Error):  # anything else fails the test
        getattr(service.client(), name)(**kwargs)


def test_unknown_keyword_is_a_type_error_naming_client() -> None:
    with pytest.raises(TypeError, match=r"^Client\.send_text_message\(\) got an unexpected"):
        smsv2.Client(region_name="us-east-1").send_text_message(  # type: ignore[call-arg]
            destination_phone_number=NUMBER, body=BODY
        )


def test_every_exported_error_class_lives_in_smsv2_errors() -> None:
    for name in errors.__all__:
        value = getattr(errors, name)
        assert isinstance(value, type), name
        assert value.__module__ == "smsv2.errors", name
    assert issubclass(errors.WaitTimeoutError, errors.SmsV2Error)
    assert smsv2.WaitTimeoutError is errors.WaitTimeoutError
    assert smsv2.resources.UnexpectedStatusError is errors.UnexpectedStatusError


def test_smsv2_errors_imports_nothing_heavy() -> None:
    code = (
        "import sys, smsv2.errors; "
        "heavy = [m for m in ('botocore', 'boto3', 'pydantic') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_fields_are_one_type_locally_and_from_the_service() -> None:
    stub = StubService(
        lambda op, body: error(
            "ValidationException",
            "bad",
            Reason="OTHER",
            Fields=[{"Name": "PoolId", "Message": "m"}],
        )
    )
    with pytest.raises(errors.ValidationException) as service:
        stub.client().delete_pool(pool_id="pool-1")
    with pytest.raises(errors.RequestValidationError) as local:
        stub.client().pools(pool_ids=["bad id with spaces"])
    for problems in (service.value.fields, local.value.fields):
        assert problems and all(isinstance(p, errors.FieldProblem) for p in problems)
    assert service.value.fields[0].name == "PoolId" and service.value.fields[0].message == "m"
    assert local.value.fields == ["pool_ids.0"]


def test_missing_credentials_say_how_to_fix() -> None:
    from botocore.exceptions import NoCredentialsError

    stub = StubService(lambda op, body: NoCredentialsError())
    with pytest.raises(errors.ClientSetupError) as info:
        stub.client().describe_pools()
    text = str(info.value)
    for hint in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "mock_sms_voice()"):
        assert hint in text


def test_unknown_region_names_the_endpoint() -> None:
    from botocore.exceptions import EndpointConnectionError

    url = "https://sms-voice.us-east-42.amazonaws.com/"
    stub = StubService(lambda op, body: EndpointConnectionError(endpoint_url=url))
    with pytest.raises(errors.TransportError) as info:
        stub.client(max_attempts=1).describe_pools()
    assert url in str(info.value)
    assert "region_name" in str(info.value)


def test_a_client_made_from_your_boto3_client_redacts_its_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    import boto3

    raw = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
    stub = StubService(lambda op, body: (200, {"MessageId": "m-1"}))
    client = stub.attach(smsv2.Client(boto3_client=raw))
    with caplog.at_level(logging.DEBUG, logger="botocore"):
        client.send_text_message(destination_phone_number=NUMBER, message_body=BODY)
    assert stub.calls, "the request went through the stub"
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "botocore.endpoint" in {r.name for r in caplog.records}
    assert BODY not in text and "2065550177" not in text
