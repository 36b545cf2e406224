"""The fake returns every member that codegen/always_present.py types as always present."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel

import smsv2
from codegen.always_present import ALWAYS_PRESENT
from smsv2.testing import mock_sms_voice

SIM = "+12065550100"


@pytest.fixture
def client() -> Iterator[smsv2.Client]:
    with mock_sms_voice() as fake:
        fake.leave_sandbox()
        yield smsv2.Client(region_name="us-east-1", backoff_base=0.0)


def _every_overlaid_result(client: smsv2.Client) -> list[BaseModel]:
    """One answer of every shape in the overlay, all from the fake."""
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS", "VOICE", "MMS"],
        number_type="TOLL_FREE",
    )
    described = client.describe_phone_numbers(phone_number_ids=[number.phone_number_id])
    origination = number.phone_number_id
    text = client.send_text_message(
        destination_phone_number=SIM, origination_identity=origination, message_body="hi"
    )
    voice = client.send_voice_message(
        destination_phone_number=SIM, origination_identity=origination, message_body="hi"
    )
    media = client.send_media_message(
        destination_phone_number=SIM, origination_identity=origination, message_body="hi"
    )
    notify_id = client.create_notify_configuration(
        display_name="App", use_case="CODE_VERIFICATION", enabled_channels=["SMS", "VOICE"]
    ).notify_configuration_id
    notify_text = client.send_notify_text_message(
        notify_configuration_id=notify_id,
        destination_phone_number=SIM,
        template_variables={"code": "1234"},
    )
    notify_voice = client.send_notify_voice_message(
        notify_configuration_id=notify_id,
        destination_phone_number=SIM,
        template_variables={"code": "1234"},
    )
    agent = client.create_rcs_agent().rcs_agent_id
    rcs = client.send_rcs_message(
        destination_phone_number=SIM,
        origination_identity=agent,
        rcs_message_content={"content": {"text_message": {"body": "hi"}}},
    )
    created_list = client.create_opt_out_list(opt_out_list_name="always")
    deleted_list = client.delete_opt_out_list(opt_out_list_name="always")
    created_set = client.create_configuration_set(configuration_set_name="always")
    deleted_set = client.delete_configuration_set(configuration_set_name="always")
    updated_number = client.update_phone_number(phone_number_id=origination, two_way_enabled=False)
    pool = client.create_pool(origination_identity=origination, message_type="TRANSACTIONAL")
    updated_pool = client.update_pool(pool_id=pool.pool_id, two_way_enabled=False)
    deleted_pool = client.delete_pool(pool_id=pool.pool_id)
    released = client.release_phone_number(phone_number_id=origination)
    return [
        number,
        *(described.phone_numbers or []),
        text,
        voice,
        media,
        notify_text,
        notify_voice,
        rcs,
        created_list,
        deleted_list,
        created_set,
        deleted_set,
        updated_number,
        pool,
        updated_pool,
        deleted_pool,
        released,
    ]


def test_every_overlaid_member_comes_back_from_the_fake_as_text(client: smsv2.Client) -> None:
    results = _every_overlaid_result(client)
    seen = {type(r).__name__ for r in results}
    assert seen == set(ALWAYS_PRESENT)  # every entry of the overlay is exercised
    for result in results:
        wire = result.model_dump(by_alias=True)
        for member in ALWAYS_PRESENT[type(result).__name__]:
            value = wire[member]
            assert isinstance(value, str) and value, (type(result).__name__, member)
