"""Protect configurations and verified destination numbers through the object API."""

from __future__ import annotations

import pytest

import smsv2
from smsv2.errors import ConflictException, DeletionProtectionError, ResourceNotFoundException
from smsv2.resources import (
    ConfigurationSet,
    PhoneNumber,
    ProtectConfiguration,
    VerifiedDestinationNumber,
)
from smsv2.testing import FakeSmsVoice


def test_country_rules_block_and_allow(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    protect = ProtectConfiguration.create(tags={"env": "test"}, client=client)
    assert protect.account_default is False
    rules = protect.country_rules("SMS")
    assert "DE" in rules
    protect.block("DE", "FR")
    assert protect.country_rules("SMS")["DE"] == "BLOCK"
    assert protect.country_rules()["FR"] == "BLOCK"
    protect.allow("FR")
    assert protect.country_rules()["FR"] == "ALLOW"
    protect.monitor("GB")
    assert protect.country_rules("SMS")["GB"] == "MONITOR"
    protect.block("GB", capability="VOICE")
    assert protect.country_rules("VOICE")["GB"] == "BLOCK"
    assert protect.country_rules("SMS")["GB"] == "MONITOR"
    after = protect.set_country_rules({"DE": "ALLOW"})
    assert after["DE"] == "ALLOW"
    assert protect.tags() == {"env": "test"}
    assert ProtectConfiguration.get(protect.id, client=client) == protect
    assert protect in ProtectConfiguration.list(client=client).to_list()


def test_account_default_and_sending(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    fake.leave_sandbox()
    number = PhoneNumber.request(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
        client=client,
    ).wait_until_active(sleep=fake.advance)
    protect = ProtectConfiguration.create(client=client)
    protect.block("US")
    protect.make_account_default()
    assert protect.account_default is True
    assert protect.refresh().account_default is True
    with pytest.raises(ConflictException) as caught:
        number.send_text("+12065550100", "hi")
    assert caught.value.reason == "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION"
    protect.set_number_override("+12065550100", "ALLOW")
    assert [o.destination_phone_number for o in protect.number_overrides()] == ["+12065550100"]
    assert number.send_text("+12065550100", "hi").message_id
    protect.remove_number_override("+12065550100")
    protect.remove_number_override("+12065550100", missing_ok=True)
    protect.clear_account_default()
    assert protect.account_default is False
    assert number.send_text("+12065550100", "hi").message_id


def test_configuration_set_association(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    protect = ProtectConfiguration.create(client=client)
    events = ConfigurationSet.ensure("with-protect", client=client)
    events.associate_protect_configuration(protect)
    assert events.protect_configuration_id == protect.id
    assert events.refresh().protect_configuration_id == protect.id
    events.disassociate_protect_configuration()
    assert events.protect_configuration_id is None
    protect.associate(events)
    assert events.refresh().protect_configuration_id == protect.id
    protect.disassociate("with-protect")
    assert events.refresh().protect_configuration_id is None


def test_deletion_protection(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    protect = ProtectConfiguration.create(deletion_protection_enabled=True, client=client)
    with pytest.raises(DeletionProtectionError):
        protect.delete()
    protect.update(deletion_protection_enabled=False)
    assert protect.deletion_protection_enabled is False
    protect.delete()
    protect.delete(missing_ok=True)
    with pytest.raises(ResourceNotFoundException):
        protect.refresh()


def test_verified_destination_number(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    dest = VerifiedDestinationNumber.create("+12065550123", client=client)
    assert dest.status == "PENDING"
    assert dest.destination_phone_number == "+12065550123"
    assert dest.send_code()
    code = fake.verification_code("+12065550123")
    assert code is not None
    dest.verify(code)
    assert dest.status == "VERIFIED"
    assert dest.wait_until_verified(sleep=fake.advance).status == "VERIFIED"
    assert VerifiedDestinationNumber.list(client=client).to_list() == [dest]
    assert (
        VerifiedDestinationNumber.list(
            destination_phone_numbers=["+12065550123"], client=client
        ).first()
        == dest
    )
    with pytest.raises(ConflictException) as caught:
        dest.delete()  # too young to delete (the service waits a day)
    assert caught.value.reason == "RESOURCE_DELETION_NOT_ALLOWED"
    fake.advance(86400)
    dest.delete()
    dest.delete(missing_ok=True)
