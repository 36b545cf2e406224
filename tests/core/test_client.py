"""The client: construction options, nested parameters, and the operation surface."""

from __future__ import annotations

import boto3
import botocore.session

import smsv2
from smsv2._generated.operations import OPERATIONS
from smsv2.models import KeywordAction, Tag

from .stub import POOL_INFO, StubService

SERVICE = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")


def test_every_operation_has_a_typed_method() -> None:
    for name in SERVICE.operation_names:
        method = getattr(smsv2.Client, botocore.xform_name(name))
        assert callable(method)
        output = SERVICE.operation_model(name).output_shape
        assert output is not None
        assert method.__annotations__["return"] == output.name
    assert set(OPERATIONS) == set(SERVICE.operation_names)


def test_every_paginator_has_an_iterator_named_after_its_result_key() -> None:
    loader = botocore.session.get_session().get_component("data_loader")
    paginators = loader.load_service_model("pinpoint-sms-voice-v2", "paginators-1")["pagination"]
    assert len(paginators) >= 27
    for config in paginators.values():
        assert callable(getattr(smsv2.Client, botocore.xform_name(config["result_key"])))


def test_nested_parameters_accept_models_and_dicts_alike() -> None:
    stub = StubService(lambda op, body: (200, POOL_INFO))
    client = stub.client()
    client.create_pool(
        origination_identity="phone-1",
        message_type="TRANSACTIONAL",
        tags=[Tag(key="a", value="1"), {"key": "b", "value": "2"}],
    )
    assert stub.calls[0].body["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]


def test_enum_members_and_literals_are_sent_as_strings() -> None:
    stub = StubService(lambda op, body: (200, {}))
    client = stub.client()
    client.put_keyword(
        origination_identity="phone-1",
        keyword="JOIN",
        keyword_message="ok",
        keyword_action=KeywordAction.AUTOMATIC_RESPONSE,
    )
    client.put_keyword(
        origination_identity="phone-1",
        keyword="JOIN",
        keyword_message="ok",
        keyword_action="AUTOMATIC_RESPONSE",
    )
    assert [c.body["KeywordAction"] for c in stub.calls] == ["AUTOMATIC_RESPONSE"] * 2


def test_a_handed_in_boto3_client_is_used_as_is() -> None:
    raw = boto3.client("pinpoint-sms-voice-v2", region_name="eu-west-1")
    stub = StubService(lambda op, body: (200, {"Pools": [POOL_INFO]}))
    client = stub.attach(smsv2.Client(boto3_client=raw))
    assert client.boto3_client is raw
    result = client.describe_pools()
    assert result.pools is not None and result.pools[0].status == "ACTIVE"


def test_a_handed_in_session_sets_the_region() -> None:
    session = boto3.Session(region_name="ap-southeast-2")
    client = smsv2.Client(session=session)
    assert client.boto3_client.meta.region_name == "ap-southeast-2"


def test_clients_smsv2_creates_do_not_retry_inside_botocore() -> None:
    client = smsv2.Client(region_name="us-east-1")
    retries = getattr(client.boto3_client.meta.config, "retries", None)
    assert retries == {"total_max_attempts": 1, "mode": "standard"}


def test_import_is_lazy() -> None:
    import subprocess
    import sys

    code = "import sys, smsv2; print('pydantic' in sys.modules, 'boto3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
