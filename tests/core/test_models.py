"""Generated models: names, aliases, constraints, forward compatibility, and agreement with botocore."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import botocore.session
import pytest
from botocore.model import ServiceModel
from botocore.parsers import JSONParser
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smsv2 import models
from smsv2._generated import public_names
from smsv2._generated.operations import OPERATIONS
from smsv2.errors import ResponseParseError

from .shape_strategies import request_value, wire_value
from .stub import POOL_INFO, StubService

SERVICE: ServiceModel = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
OPERATION_NAMES = sorted(SERVICE.operation_names)


def test_snake_case_names_and_wire_aliases_are_both_accepted() -> None:
    by_name = models.Tag(key="team", value="sms")
    by_alias = models.Tag.model_validate({"Key": "team", "Value": "sms"})
    assert by_name == by_alias
    assert by_name.to_wire() == {"Key": "team", "Value": "sms"}


def test_required_members_are_non_optional() -> None:
    field = models.PhoneNumberInformation.model_fields["phone_number_arn"]
    assert field.is_required()
    assert not models.PhoneNumberInformation.model_fields["two_way_channel_arn"].is_required()


def test_unknown_result_members_and_enum_values_are_kept() -> None:
    body = {**POOL_INFO, "Status": "SOMETHING_NEW", "BrandNewMember": {"x": 1}}
    pool = models.PoolInformation.model_validate_json(json.dumps(body))
    assert pool.status == "SOMETHING_NEW"
    assert pool.message_type is models.MessageType.TRANSACTIONAL
    assert pool.model_extra == {"BrandNewMember": {"x": 1}}
    assert isinstance(pool.created_timestamp, datetime)


def test_request_models_reject_unknown_members() -> None:
    with pytest.raises(ValueError, match="extra"):
        models.CreatePoolRequest.model_validate(
            {"origination_identity": "phone-1", "message_type": "TRANSACTIONAL", "colour": "red"}
        )


def test_enums_are_str_enums_with_literal_aliases() -> None:
    assert issubclass(models.NumberStatus, str)
    assert models.NumberStatus("ACTIVE") == "ACTIVE"
    assert str(models.NumberStatus.ACTIVE) == "ACTIVE"


def test_missing_required_member_in_a_response_names_shape_and_member() -> None:
    body = {k: v for k, v in POOL_INFO.items() if k != "OptOutListName"}
    stub = StubService(lambda op, b: (200, {"Pools": [body]}))
    with pytest.raises(ResponseParseError) as info:
        stub.client().describe_pools()
    assert "DescribePoolsResult.pools.0.opt_out_list_name" in str(info.value)


def test_every_structure_has_a_model_named_as_its_shape() -> None:
    structures = [n for n in SERVICE.shape_names if SERVICE.shape_for(n).type_name == "structure"]
    assert len(structures) >= 285
    renamed = public_names.RENAMED  # an error body or a resource's shape: see docs/policy.md
    for name in structures:
        expected = renamed.get(name, name)
        assert getattr(models, expected).__name__ == expected
        assert name not in renamed or name not in models.__all__


@pytest.mark.parametrize("operation", OPERATION_NAMES)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_valid_requests_round_trip_and_pass_botocore_validation(
    operation: str, data: st.DataObject
) -> None:
    input_shape = SERVICE.operation_model(operation).input_shape
    assert input_shape is not None
    params: dict[str, Any] = data.draw(request_value(input_shape))
    request = OPERATIONS[operation].request_model().model_validate(params)
    wire = request.to_wire()
    assert wire == params
    report = ParamValidator().validate(wire, input_shape)
    assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize("operation", OPERATION_NAMES)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_results_parse_like_botocore_does(operation: str, data: st.DataObject) -> None:
    output_shape = SERVICE.operation_model(operation).output_shape
    assert output_shape is not None
    body = json.dumps(data.draw(wire_value(output_shape))).encode()
    parsed = JSONParser().parse({"status_code": 200, "headers": {}, "body": body}, output_shape)
    parsed.pop("ResponseMetadata", None)
    model = OPERATIONS[operation].result_model()
    fast = model.model_validate_json(body)  # type: ignore[attr-defined]
    slow = model.model_validate(parsed)  # type: ignore[attr-defined]
    assert fast == slow


def test_union_input_models_take_exactly_one_member() -> None:
    from pydantic import Field

    from smsv2._model_base import UnionInputModel

    class Choice(UnionInputModel):
        text: str | None = Field(None, validation_alias="Text", serialization_alias="Text")
        file: str | None = Field(None, validation_alias="File", serialization_alias="File")

    assert Choice.model_validate({"text": "hi"}).to_wire() == {"Text": "hi"}
    for bad in ({}, {"text": "hi", "file": "f"}):
        with pytest.raises(ValueError, match="exactly one of text, file"):
            Choice.model_validate(bad)
