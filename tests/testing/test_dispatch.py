from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._backend import OPERATIONS
from smsv2.testing._backend._model import operation_model, output_problems
from tests.testing._util import response_of

Client = Any


def test_validation_missing_member_and_pattern() -> None:
    fake = FakeSmsVoice()
    status, body = fake.handle("CreatePool", {"MessageType": "TRANSACTIONAL"})
    assert status == 400
    assert body["__type"] == "com.amazonaws.pinpointsmsvoicev2#ValidationException"
    assert body["Reason"] == "MISSING_PARAMETER"
    assert body["Fields"] == [{"Name": "originationIdentity", "Message": "is required"}]
    status, body = fake.handle("CreateOptOutList", {"OptOutListName": "bad name!"})
    assert (status, body["Reason"]) == (400, "FIELD_VALIDATION_FAILED")
    assert body["Fields"] == [
        {"Name": "optOutListName", "Message": "must match pattern [A-Za-z0-9_-]+"}
    ]
    status, body = fake.handle("CreateOptOutList", {"OptOutListName": "ok", "Bogus": 1})
    assert body["Reason"] == "UNSPECIFIED_PARAMETER_NOT_SUPPORTED"
    status, body = fake.handle("DescribePools", {"MaxResults": "10"})
    assert body["Reason"] == "INVALID_PARAMETER"
    status, body = fake.handle("NoSuchOperation", {})
    assert (status, body["Reason"]) == (400, "UNKNOWN_OPERATION")


def test_validation_error_through_boto3(client: Client) -> None:
    # botocore validates client-side too, so bypass it for a pattern the client does not check
    with pytest.raises(ClientError) as exc:
        client.send_text_message(DestinationPhoneNumber="+1", MessageBody="x")
    assert response_of(exc)["Error"]["Code"] == "ValidationException"
    assert response_of(exc)["Reason"] == "FIELD_VALIDATION_FAILED"
    assert response_of(exc)["Fields"][0]["Name"] == "destinationPhoneNumber"


def test_pagination_and_invalid_token(client: Client) -> None:
    for i in range(7):
        client.create_configuration_set(ConfigurationSetName=f"cs{i}")
    names: list[str] = []
    token = None
    pages = 0
    while True:
        kwargs: dict[str, Any] = {"MaxResults": 3}
        if token:
            kwargs["NextToken"] = token
        page = client.describe_configuration_sets(**kwargs)
        pages += 1
        assert len(page["ConfigurationSets"]) <= 3
        names += [c["ConfigurationSetName"] for c in page["ConfigurationSets"]]
        token = page.get("NextToken")
        if not token:
            break
    assert pages == 3 and names == [f"cs{i}" for i in range(7)]
    paginated = client.get_paginator("describe_configuration_sets").paginate(
        PaginationConfig={"PageSize": 2}
    )
    assert len(paginated.build_full_result()["ConfigurationSets"]) == 7
    with pytest.raises(ClientError) as exc:
        client.describe_configuration_sets(NextToken="garbage")
    assert response_of(exc)["Reason"] == "INVALID_NEXT_TOKEN"
    first = client.describe_configuration_sets(MaxResults=3)
    with pytest.raises(ClientError) as exc:  # a token is bound to its query
        client.describe_pools(NextToken=first["NextToken"])
    assert response_of(exc)["Reason"] == "INVALID_NEXT_TOKEN"


def test_idempotency_with_client_token(client: Client, fake: FakeSmsVoice) -> None:
    args = {
        "IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL",
        "NumberCapabilities": ["SMS"],
        "NumberType": "SIMULATOR",
        "ClientToken": "token-1",
    }
    first = client.request_phone_number(**args)
    second = client.request_phone_number(**args)
    assert first["PhoneNumberId"] == second["PhoneNumberId"]
    assert len(client.describe_phone_numbers()["PhoneNumbers"]) == 1
    third = client.request_phone_number(**{**args, "ClientToken": "token-2"})
    assert third["PhoneNumberId"] != first["PhoneNumberId"]
    # botocore fills a fresh token per call when none is given
    client.create_opt_out_list(OptOutListName="a")
    with pytest.raises(ClientError):
        client.create_opt_out_list(OptOutListName="a")


def test_manual_clock() -> None:
    with mock_sms_voice(settle="manual", start_time=1_700_000_000.0) as fake:
        client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
        number = client.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="SIMULATOR",
        )
        assert number["CreatedTimestamp"].timestamp() == 1_700_000_000.0
        ids = [number["PhoneNumberId"]]
        assert (
            client.describe_phone_numbers(PhoneNumberIds=ids)["PhoneNumbers"][0]["Status"]
            == "PENDING"
        )
        with pytest.raises(ClientError) as exc:
            client.create_pool(OriginationIdentity=ids[0], MessageType="TRANSACTIONAL")
        assert response_of(exc)["Reason"] == "RESOURCE_NOT_ACTIVE"
        fake.advance(59)
        assert (
            client.describe_phone_numbers(PhoneNumberIds=ids)["PhoneNumbers"][0]["Status"]
            == "PENDING"
        )
        fake.advance(1)
        assert fake.now == 1_700_000_060.0
        assert (
            client.describe_phone_numbers(PhoneNumberIds=ids)["PhoneNumbers"][0]["Status"]
            == "ACTIVE"
        )
        pool = client.create_pool(OriginationIdentity=ids[0], MessageType="TRANSACTIONAL")
        assert client.describe_pools()["Pools"][0]["Status"] == "CREATING"
        fake.advance(5)
        assert client.describe_pools(PoolIds=[pool["PoolId"]])["Pools"][0]["Status"] == "ACTIVE"


def _run_faulty(seed: int) -> list[tuple[int, int]]:
    fake = FakeSmsVoice(seed=seed)
    fake.faults.throttle(0.3)
    fake.faults.error(0.2, status=503, operations=["DescribePools"])
    statuses = []
    for i in range(40):
        op = "DescribePools" if i % 2 else "DescribeOptOutLists"
        statuses.append((i, fake.handle(op, {})[0]))
    return statuses


def test_fault_injection_is_reproducible() -> None:
    first, second = _run_faulty(7), _run_faulty(7)
    assert first == second
    codes = {s for _, s in first}
    assert {200, 400, 503} <= codes
    assert _run_faulty(8) != first


def test_fail_next_and_injected_log(fake: FakeSmsVoice) -> None:
    client = boto3.client(
        "pinpoint-sms-voice-v2",
        region_name="us-east-1",
        config=Config(retries={"total_max_attempts": 1}),
    )
    fake.faults.fail_next("DescribePools", error="InternalServerException", times=2)
    for _ in range(2):
        with pytest.raises(ClientError) as exc:
            client.describe_pools()
        assert response_of(exc)["Error"]["Code"] == "InternalServerException"
        assert response_of(exc)["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert client.describe_pools()["Pools"] == []
    fake.faults.fail_next("DescribePools")
    with pytest.raises(ClientError) as exc:
        client.describe_pools()
    assert response_of(exc)["Error"]["Code"] == "ThrottlingException"
    assert [(f.operation, f.kind) for f in fake.faults.injected] == [
        ("DescribePools", "fail_next")
    ] * 3
    fake.faults.latency(0.05, operations=["DescribeOptOutLists"])
    client.describe_opt_out_lists()
    assert fake.faults.injected[-1].kind == "latency"


def test_threads_lose_nothing(fake: FakeSmsVoice) -> None:
    threads_count, calls = 16, 500
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(calls):
                status, _ = fake.handle(
                    "PutOptedOutNumber",
                    {"OptOutListName": "Default", "OptedOutNumber": f"+1206{n:02d}{i:05d}"},
                )
                assert status == 200
        except BaseException as err:  # surface failures from threads
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
    pages = client.get_paginator("describe_opted_out_numbers").paginate(OptOutListName="Default")
    assert len(pages.build_full_result()["OptedOutNumbers"]) == threads_count * calls


def _sample(shape: Any, depth: int = 0) -> Any:
    """A small value of ``shape`` (first enum value / minimal sizes) for smoke calls."""
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        return {
            n: _sample(m, depth + 1)
            for n, m in shape.members.items()
            if n in shape.required_members
        }
    if kind == "list":
        return [_sample(shape.member, depth + 1)] * max(1, int(meta.get("min", 1)))
    if kind == "map":
        return {}
    if kind == "string":
        if meta.get("enum"):
            return meta["enum"][0]
        name = shape.name.lower()
        if "phonenumber" in name and "id" not in name:
            return "+14254147755"
        if "arn" in name:
            return "arn:aws:sms-voice:us-east-1:123456789012:pool/pool-0"
        return "x" * max(1, int(meta.get("min", 1)))
    if kind in ("integer", "long"):
        return int(meta.get("min", 1))
    if kind == "boolean":
        return False
    if kind == "blob":
        return "AA=="
    return 0


def test_every_registered_operation_answers_valid_json(fake: FakeSmsVoice) -> None:
    """Minimal requests to every registered operation: no 500s, and every 200 satisfies
    the output shape (required members, JSON types)."""
    checked = 0
    for name in sorted(OPERATIONS):
        model = operation_model(name)
        body = _sample(model.input_shape) if model.input_shape is not None else {}
        status, payload = fake.handle(name, body)
        assert status != 500, (name, payload)
        if status == 200:
            assert output_problems(model.output_shape, payload) == [], name
            checked += 1
    assert checked > 10


def test_output_check_catches_missing_required_member() -> None:
    model = operation_model("RequestSenderId")
    assert output_problems(model.output_shape, {"SenderId": "X"}) != []


def test_pytest_fixture(sms_voice: FakeSmsVoice) -> None:
    client = boto3.client("pinpoint-sms-voice-v2", region_name="eu-west-1")
    client.create_opt_out_list(OptOutListName="from-fixture")
    assert (
        sms_voice.handle(
            "DescribeOptOutLists", {"OptOutListNames": ["from-fixture"]}, region="eu-west-1"
        )[0]
        == 200
    )


def test_decorator_form() -> None:
    calls: list[int] = []

    @mock_sms_voice()
    def run() -> None:
        boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1").describe_pools()
        calls.append(1)

    run()
    assert calls == [1]
