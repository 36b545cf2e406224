"""Protect configurations through plain boto3 against the fake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice

Client = Any
NumberFactory = Callable[[Client], dict[str, Any]]
SIM = "+14254147755"  # a destination simulator number: no verification needed in the sandbox


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str | None]:
    response = exc.value.response
    return response["Error"]["Code"], response.get("Reason")  # type: ignore[return-value]


def _protect(client: Client, **kwargs: Any) -> str:
    created = client.create_protect_configuration(**kwargs)
    assert created["AccountDefault"] is False
    protect_id: str = created["ProtectConfigurationId"]
    return protect_id


def _block_us(client: Client, protect_id: str, capability: str = "SMS") -> None:
    client.update_protect_configuration_country_rule_set(
        ProtectConfigurationId=protect_id,
        NumberCapability=capability,
        CountryRuleSetUpdates={"US": {"ProtectStatus": "BLOCK"}},
    )


def _send(client: Client, **kwargs: Any) -> str:
    message_id: str = client.send_text_message(
        DestinationPhoneNumber=SIM, MessageBody="hello", **kwargs
    )["MessageId"]
    return message_id


def test_lifecycle_rule_sets_and_filters(client: Client) -> None:
    pid = _protect(client, DeletionProtectionEnabled=True, Tags=[{"Key": "Name", "Value": "p"}])
    rules = client.get_protect_configuration_country_rule_set(
        ProtectConfigurationId=pid, NumberCapability="SMS"
    )["CountryRuleSet"]
    assert rules["US"] == {"ProtectStatus": "ALLOW"}
    assert {r["ProtectStatus"] for r in rules.values()} == {"ALLOW"}
    updated = client.update_protect_configuration_country_rule_set(
        ProtectConfigurationId=pid,
        NumberCapability="SMS",
        CountryRuleSetUpdates={
            "GB": {"ProtectStatus": "MONITOR"},
            "FR": {"ProtectStatus": "BLOCK"},
        },
    )["CountryRuleSet"]
    assert updated["GB"]["ProtectStatus"] == "MONITOR"
    assert updated["FR"]["ProtectStatus"] == "BLOCK"
    assert updated["US"]["ProtectStatus"] == "ALLOW"  # the full rule set comes back
    with pytest.raises(ClientError) as exc:
        client.update_protect_configuration_country_rule_set(
            ProtectConfigurationId=pid,
            NumberCapability="VOICE",
            CountryRuleSetUpdates={"GB": {"ProtectStatus": "FILTER"}},
        )
    assert error_of(exc) == ("ValidationException", "INVALID_PARAMETER")

    other = _protect(client)
    described = client.describe_protect_configurations(
        Filters=[{"Name": "deletion-protection-enabled", "Values": ["true"]}]
    )["ProtectConfigurations"]
    assert [p["ProtectConfigurationId"] for p in described] == [pid]
    with pytest.raises(ClientError) as exc:
        client.delete_protect_configuration(ProtectConfigurationId=pid)
    assert error_of(exc) == ("ConflictException", "DELETION_PROTECTION_ENABLED")
    off = client.update_protect_configuration(
        ProtectConfigurationId=pid, DeletionProtectionEnabled=False
    )
    assert off["DeletionProtectionEnabled"] is False

    default = client.set_account_default_protect_configuration(ProtectConfigurationId=pid)
    assert default["DefaultProtectConfigurationId"] == pid
    attributes = client.describe_account_attributes()["AccountAttributes"]
    assert {"Name": "DEFAULT_PROTECT_CONFIGURATION_ID", "Value": pid} in attributes
    flagged = client.describe_protect_configurations(
        Filters=[{"Name": "account-default", "Values": ["true"]}]
    )["ProtectConfigurations"]
    assert [p["ProtectConfigurationId"] for p in flagged] == [pid]
    with pytest.raises(ClientError) as exc:
        client.delete_protect_configuration(ProtectConfigurationId=pid)
    assert error_of(exc) == ("ConflictException", "PROTECT_CONFIGURATION_IS_ACCOUNT_DEFAULT")
    removed = client.delete_account_default_protect_configuration()
    assert removed["DefaultProtectConfigurationId"] == pid
    with pytest.raises(ClientError) as exc:
        client.delete_account_default_protect_configuration()
    assert error_of(exc)[0] == "ResourceNotFoundException"

    client.create_configuration_set(ConfigurationSetName="cs")
    assoc = client.associate_protect_configuration(
        ProtectConfigurationId=pid, ConfigurationSetName="cs"
    )
    assert assoc["ConfigurationSetName"] == "cs"
    sets = client.describe_configuration_sets(
        Filters=[{"Name": "protect-configuration-id", "Values": [pid]}]
    )["ConfigurationSets"]
    assert [s["ConfigurationSetName"] for s in sets] == ["cs"]
    with pytest.raises(ClientError) as exc:
        client.delete_protect_configuration(ProtectConfigurationId=pid)
    assert error_of(exc) == (
        "ConflictException",
        "PROTECT_CONFIGURATION_ASSOCIATED_WITH_CONFIGURATION_SET",
    )
    with pytest.raises(ClientError) as exc:
        client.disassociate_protect_configuration(
            ProtectConfigurationId=other, ConfigurationSetName="cs"
        )
    assert error_of(exc) == (
        "ConflictException",
        "PROTECT_CONFIGURATION_NOT_ASSOCIATED_WITH_CONFIGURATION_SET",
    )
    client.disassociate_protect_configuration(ProtectConfigurationId=pid, ConfigurationSetName="cs")
    deleted = client.delete_protect_configuration(ProtectConfigurationId=pid)
    assert deleted["ProtectConfigurationId"] == pid
    with pytest.raises(ClientError) as exc:
        client.get_protect_configuration_country_rule_set(
            ProtectConfigurationId=pid, NumberCapability="SMS"
        )
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_number_overrides_and_filters(client: Client, fake: FakeSmsVoice) -> None:
    pid = _protect(client)
    put = client.put_protect_configuration_rule_set_number_override(
        ProtectConfigurationId=pid, DestinationPhoneNumber="+447700900123", Action="BLOCK"
    )
    assert put["IsoCountryCode"] == "GB"
    client.put_protect_configuration_rule_set_number_override(
        ProtectConfigurationId=pid,
        DestinationPhoneNumber="+14255550100",
        Action="ALLOW",
        ExpirationTimestamp=fake.now + 3600,
    )
    listed = client.list_protect_configuration_rule_set_number_overrides(ProtectConfigurationId=pid)
    assert listed["ProtectConfigurationId"] == pid
    assert len(listed["RuleSetNumberOverrides"]) == 2
    by_filter = {
        "action": ["ALLOW"],
        "iso-country-code": ["US"],
        "destination-phone-number-begins-with": ["+1425"],
        "expires-after": [str(int(fake.now))],
    }
    for name, values in by_filter.items():
        found = client.list_protect_configuration_rule_set_number_overrides(
            ProtectConfigurationId=pid, Filters=[{"Name": name, "Values": values}]
        )["RuleSetNumberOverrides"]
        assert [o["DestinationPhoneNumber"] for o in found] == ["+14255550100"], name
    gone = client.delete_protect_configuration_rule_set_number_override(
        ProtectConfigurationId=pid, DestinationPhoneNumber="+447700900123"
    )
    assert gone["Action"] == "BLOCK"
    with pytest.raises(ClientError) as exc:
        client.delete_protect_configuration_rule_set_number_override(
            ProtectConfigurationId=pid, DestinationPhoneNumber="+447700900123"
        )
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_block_rule_stops_send_and_override_allow_wins(
    client: Client, fake: FakeSmsVoice, simulator_number: NumberFactory
) -> None:
    origination = simulator_number(client)["PhoneNumber"]
    pid = _protect(client)
    _block_us(client, pid)
    with pytest.raises(ClientError) as exc:
        _send(client, ProtectConfigurationId=pid)
    assert error_of(exc) == (
        "ConflictException",
        "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION",
    )
    assert fake.sent_messages == []
    # VOICE has its own rule set: still ALLOW.
    client.send_voice_message(
        DestinationPhoneNumber=SIM,
        OriginationIdentity=origination,
        MessageBody="hello",
        ProtectConfigurationId=pid,
    )
    client.put_protect_configuration_rule_set_number_override(
        ProtectConfigurationId=pid, DestinationPhoneNumber=SIM, Action="ALLOW"
    )
    assert _send(client, ProtectConfigurationId=pid)
    # A BLOCK override beats an ALLOW country rule.
    other = _protect(client)
    client.put_protect_configuration_rule_set_number_override(
        ProtectConfigurationId=other, DestinationPhoneNumber=SIM, Action="BLOCK"
    )
    with pytest.raises(ClientError) as exc:
        _send(client, ProtectConfigurationId=other)
    assert error_of(exc) == (
        "ConflictException",
        "DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE",
    )
    # MONITOR lets messages through.
    client.update_protect_configuration_country_rule_set(
        ProtectConfigurationId=pid,
        NumberCapability="SMS",
        CountryRuleSetUpdates={"US": {"ProtectStatus": "MONITOR"}},
    )
    client.delete_protect_configuration_rule_set_number_override(
        ProtectConfigurationId=pid, DestinationPhoneNumber=SIM
    )
    assert _send(client, ProtectConfigurationId=pid)


def test_expired_override_is_ignored(
    simulator_number: NumberFactory, client: Client, fake: FakeSmsVoice
) -> None:
    simulator_number(client)
    pid = _protect(client)
    _block_us(client, pid)
    client.put_protect_configuration_rule_set_number_override(
        ProtectConfigurationId=pid,
        DestinationPhoneNumber=SIM,
        Action="ALLOW",
        ExpirationTimestamp=fake.now + 1,
    )
    assert _send(client, ProtectConfigurationId=pid)
    fake.advance(2)
    with pytest.raises(ClientError) as exc:
        _send(client, ProtectConfigurationId=pid)
    assert error_of(exc)[1] == "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION"


def test_precedence_request_then_config_set_then_account_default(
    client: Client, simulator_number: NumberFactory
) -> None:
    simulator_number(client)
    blocking = _protect(client)
    _block_us(client, blocking)
    allowing = _protect(client)
    # Account default applies when neither the request nor a configuration set names one.
    client.set_account_default_protect_configuration(ProtectConfigurationId=blocking)
    with pytest.raises(ClientError) as exc:
        _send(client)
    assert error_of(exc)[1] == "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION"
    # The configuration set's configuration beats the account default.
    client.create_configuration_set(ConfigurationSetName="open")
    client.associate_protect_configuration(
        ProtectConfigurationId=allowing, ConfigurationSetName="open"
    )
    assert _send(client, ConfigurationSetName="open")
    # The request parameter beats the configuration set.
    with pytest.raises(ClientError) as exc:
        _send(client, ConfigurationSetName="open", ProtectConfigurationId=blocking)
    assert error_of(exc)[1] == "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION"
    assert _send(client, ProtectConfigurationId=allowing)
    client.delete_account_default_protect_configuration()
    assert _send(client)


def test_quota(client: Client) -> None:
    from smsv2.testing._backend.protect import MAX_PROTECT_CONFIGURATIONS

    for _ in range(MAX_PROTECT_CONFIGURATIONS):
        _protect(client)
    with pytest.raises(ClientError) as exc:
        _protect(client)
    assert error_of(exc) == (
        "ServiceQuotaExceededException",
        "PROTECT_CONFIGURATIONS_PER_ACCOUNT",
    )
