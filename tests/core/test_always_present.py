"""Identity members the service always returns are typed ``str``; a missing one fails to parse."""

from __future__ import annotations

from pathlib import Path

import botocore.session
import pytest

from codegen.always_present import ALWAYS_PRESENT, check
from smsv2 import models
from smsv2.errors import ResponseParseError, SendOutcomeUnknownError

from .stub import POOL_INFO, StubService, phone_number_info
from .test_typing import run_mypy

SERVICE = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")


@pytest.mark.parametrize("shape", sorted(ALWAYS_PRESENT))
def test_overlaid_members_are_required_and_the_rest_is_as_the_model_says(shape: str) -> None:
    model_shape = SERVICE.shape_for(shape)
    model_required = set(model_shape.metadata.get("required", []))
    model_cls = getattr(models, shape)
    for field in model_cls.model_fields.values():
        wire = field.validation_alias
        assert isinstance(wire, str)
        expected = wire in model_required or wire in ALWAYS_PRESENT[shape]
        assert field.is_required() is expected, (shape, wire)
        if wire in ALWAYS_PRESENT[shape]:
            assert field.annotation is str, (shape, wire)


def test_the_overlay_is_small() -> None:
    # Only identity members and MessageId: a guard against the table growing into a second model.
    members = {m for ms in ALWAYS_PRESENT.values() for m in ms}
    assert all(m == "MessageId" or m.endswith(("Id", "Arn", "Name")) for m in members)


def test_a_stale_overlay_entry_stops_the_generator() -> None:
    from codegen.generate import load_model

    shapes = load_model()[0]["shapes"]
    check(shapes)  # the committed table matches the model
    pool = shapes["CreatePoolResult"]
    members = {k: v for k, v in pool["members"].items() if k != "PoolId"}
    with pytest.raises(ValueError, match=r"CreatePoolResult has no members \['PoolId'\]"):
        check({**shapes, "CreatePoolResult": {**pool, "members": members}})
    without = {k: v for k, v in shapes.items() if k != "SendTextMessageResult"}
    with pytest.raises(ValueError, match="no structure SendTextMessageResult"):
        check(without)


def test_a_missing_message_id_is_an_unknown_outcome_naming_it() -> None:
    # The service accepted the send (200): the message went out, only its id is unknown.
    stub = StubService(lambda op, body: (200, {}))
    with pytest.raises(SendOutcomeUnknownError) as outer:
        stub.client().send_text_message(destination_phone_number="+12065550100", message_body="x")
    assert len(stub.calls) == 1
    info = outer.value.error
    assert isinstance(info, ResponseParseError)
    assert info.shape == "SendTextMessageResult"
    assert [p.field for p in info.problems] == ["message_id"]
    assert "SendTextMessageResult.message_id" in str(info)


def test_a_missing_pool_id_is_a_parse_error_naming_it() -> None:
    body = {k: v for k, v in POOL_INFO.items() if k != "PoolId"}
    stub = StubService(lambda op, b: (200, body))
    with pytest.raises(ResponseParseError) as info:
        stub.client().create_pool(origination_identity="phone-1", message_type="TRANSACTIONAL")
    assert "CreatePoolResult.pool_id" in str(info.value)


def test_a_missing_phone_number_id_in_a_described_number_is_a_parse_error() -> None:
    number = {k: v for k, v in phone_number_info(1).items() if k != "PhoneNumberId"}
    stub = StubService(lambda op, b: (200, {"PhoneNumbers": [number]}))
    with pytest.raises(ResponseParseError) as info:
        stub.client().describe_phone_numbers()
    assert "DescribePhoneNumbersResult.phone_numbers.0.phone_number_id" in str(info.value)


def test_identity_members_type_check_as_str(tmp_path: Path) -> None:
    out = run_mypy(
        tmp_path,
        """
        import smsv2

        client = smsv2.Client(region_name="us-east-1")
        for n in client.phone_numbers():
            client.describe_keywords(origination_identity=n.phone_number_id)
        number = client.request_phone_number(
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            number_capabilities=["SMS"],
            number_type="TOLL_FREE",
        )
        pool = client.create_pool(origination_identity=number.phone_number_id, message_type="TRANSACTIONAL")
        pool_id: str = pool.pool_id
        sent: str = client.send_text_message(
            destination_phone_number="+12065550100", origination_identity=pool_id
        ).message_id
        listed: str = client.create_opt_out_list(opt_out_list_name="a").opt_out_list_name
        status: str = pool.status
        """,
    )
    # Only the last line fails: members outside the overlay stay optional.
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1, out
    assert f"snippet.py:{_line_of(tmp_path, 'status: str')}:" in errors[0], out


def _line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "snippet.py").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)
