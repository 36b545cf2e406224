"""Notify, RCS agents and CarrierLookup through plain boto3 against the fake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._backend import notify as notify_module
from smsv2.testing._backend import rcs as rcs_module

Client = Any
SIM = "+14254147755"


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str | None]:
    response = exc.value.response
    return response["Error"]["Code"], response.get("Reason")  # type: ignore[return-value]


@pytest.fixture
def manual() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice(settle="manual", start_time=1_700_000_000.0) as active:
        yield active


def _client() -> Client:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")


# --- notify ----------------------------------------------------------------------------------
def test_notify_configuration_lifecycle(manual: FakeSmsVoice) -> None:
    client = _client()
    created = client.create_notify_configuration(
        DisplayName="ExampleApp",
        UseCase="CODE_VERIFICATION",
        EnabledChannels=["SMS", "VOICE"],
        DeletionProtectionEnabled=True,
        Tags=[{"Key": "env", "Value": "test"}],
    )
    nid = created["NotifyConfigurationId"]
    assert nid.startswith("notify-")
    assert (created["Status"], created["Tier"], created["TierUpgradeStatus"]) == (
        "PENDING",
        "BASIC",
        "BASIC",
    )
    assert created["Tags"] == [{"Key": "env", "Value": "test"}]
    with pytest.raises(ClientError) as exc:
        client.send_notify_text_message(
            NotifyConfigurationId=nid,
            DestinationPhoneNumber=SIM,
            TemplateVariables={"code": "123456"},
        )
    assert error_of(exc) == ("ConflictException", "NOTIFY_CONFIGURATION_NOT_ACTIVE")
    manual.advance(notify_module.NOTIFY_ACTIVATION_SECONDS)
    active = client.describe_notify_configurations(
        Filters=[{"Name": "status", "Values": ["ACTIVE"]}]
    )["NotifyConfigurations"]
    assert [c["NotifyConfigurationId"] for c in active] == [nid]

    updated = client.update_notify_configuration(
        NotifyConfigurationId=nid,
        DefaultTemplateId="otp-sms-en-expiry",
        EnabledCountries=["US", "GB"],
    )
    assert updated["DefaultTemplateId"] == "otp-sms-en-expiry"
    assert updated["EnabledCountries"] == ["US", "GB"]
    by_template = client.describe_notify_configurations(
        Filters=[{"Name": "default-template", "Values": ["otp-sms-en-expiry"]}]
    )["NotifyConfigurations"]
    assert len(by_template) == 1
    unset = client.update_notify_configuration(
        NotifyConfigurationId=nid, DefaultTemplateId="UNSET_DEFAULT_TEMPLATE"
    )
    assert "DefaultTemplateId" not in unset
    with pytest.raises(ClientError) as exc:
        client.update_notify_configuration(NotifyConfigurationId=nid, DefaultTemplateId="nope")
    assert error_of(exc)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        client.update_notify_configuration(NotifyConfigurationId=nid, EnabledCountries=["ZZ"])
    assert error_of(exc) == ("ValidationException", "COUNTRY_NOT_ENABLED")

    with pytest.raises(ClientError) as exc:
        client.delete_notify_configuration(NotifyConfigurationId=nid)
    assert error_of(exc) == ("ConflictException", "DELETION_PROTECTION_ENABLED")
    client.update_notify_configuration(NotifyConfigurationId=nid, DeletionProtectionEnabled=False)
    deleted = client.delete_notify_configuration(NotifyConfigurationId=nid)
    assert deleted["NotifyConfigurationId"] == nid
    with pytest.raises(ClientError) as exc:
        client.describe_notify_configurations(NotifyConfigurationIds=[nid])
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_notify_sends_are_recorded(client: Client, fake: FakeSmsVoice) -> None:
    nid = client.create_notify_configuration(
        DisplayName="ExampleApp", UseCase="CODE_VERIFICATION", EnabledChannels=["SMS"]
    )["NotifyConfigurationId"]
    sent = client.send_notify_text_message(
        NotifyConfigurationId=nid,
        DestinationPhoneNumber=SIM,
        TemplateId="otp-sms-en-expiry",
        TemplateVariables={"code": "482910", "expirationMinutes": "5"},
        Context={"k": "v"},
        MessageFeedbackEnabled=True,
    )
    assert sent["TemplateId"] == "otp-sms-en-expiry"
    assert sent["ResolvedMessageBody"] == (
        "Your ExampleApp verification code is 482910. It expires in 5 minutes."
    )
    record = fake.sent_messages[-1]
    assert (record.message_id, record.operation, record.destination) == (
        sent["MessageId"],
        "SendNotifyTextMessage",
        SIM,
    )
    assert record.origination == notify_module.MANAGED_ORIGINATION
    assert record.context == {"k": "v"}
    feedback = client.put_message_feedback(
        MessageId=sent["MessageId"], MessageFeedbackStatus="RECEIVED"
    )
    assert feedback["MessageFeedbackStatus"] == "RECEIVED"
    # Defaults: the channel's default template and its default variable values.
    default = client.send_notify_text_message(
        NotifyConfigurationId=nid, DestinationPhoneNumber=SIM, TemplateVariables={"code": "1234"}
    )
    assert default["TemplateId"] == notify_module.DEFAULT_TEMPLATES["SMS"]
    dry = client.send_notify_text_message(
        NotifyConfigurationId=nid,
        DestinationPhoneNumber=SIM,
        TemplateVariables={"code": "1234"},
        DryRun=True,
    )
    assert dry["MessageId"] not in {m.message_id for m in fake.sent_messages}
    assert len(fake.sent_messages) == 2

    errors: list[tuple[dict[str, Any], tuple[str, str]]] = [
        ({"TemplateVariables": {}}, ("ValidationException", "MISSING_PARAMETER")),
        ({"TemplateVariables": {"code": "12"}}, ("ValidationException", "FIELD_VALIDATION_FAILED")),
        (
            {"TemplateVariables": {"code": "1234", "appName": "x"}},
            ("ValidationException", "INVALID_PARAMETER"),
        ),
        (
            {"TemplateVariables": {"code": "1234"}, "TemplateId": "otp-voice-en-basic"},
            ("ValidationException", "INVALID_PARAMETER"),
        ),
        (
            # +999 is assigned to no country: the number is not valid.
            {"TemplateVariables": {"code": "1234"}, "DestinationPhoneNumber": "+99913800138000"},
            ("ValidationException", "INVALID_PARAMETER"),
        ),
        (
            # China is a supported country, but not one of Notify's.
            {"TemplateVariables": {"code": "1234"}, "DestinationPhoneNumber": "+8613800138000"},
            ("ValidationException", "COUNTRY_NOT_ENABLED"),
        ),
        (
            {"TemplateVariables": {"code": "1234"}, "DestinationPhoneNumber": "+14255550199"},
            ("ConflictException", "DESTINATION_PHONE_NUMBER_NOT_VERIFIED"),
        ),
    ]
    for kwargs, expected in errors:
        call = {"NotifyConfigurationId": nid, "DestinationPhoneNumber": SIM, **kwargs}
        with pytest.raises(ClientError) as exc:
            client.send_notify_text_message(**call)
        assert error_of(exc) == expected, kwargs
    with pytest.raises(ClientError) as exc:
        client.send_notify_voice_message(
            NotifyConfigurationId=nid,
            DestinationPhoneNumber=SIM,
            TemplateVariables={"code": "1234"},
        )
    assert error_of(exc) == ("ValidationException", "CHANNEL_NOT_ENABLED")


def test_notify_voice_countries_templates_and_protect(client: Client, fake: FakeSmsVoice) -> None:
    nid = client.create_notify_configuration(
        DisplayName="Voice", UseCase="CODE_VERIFICATION", EnabledChannels=["VOICE"]
    )["NotifyConfigurationId"]
    voice = client.send_notify_voice_message(
        NotifyConfigurationId=nid,
        DestinationPhoneNumber=SIM,
        TemplateVariables={"code": "7788"},
        VoiceId="JOANNA",
    )
    assert voice["ResolvedMessageBody"] == "Your Voice verification code is 7788."
    assert fake.sent_messages[-1].voice_id == "JOANNA"
    with pytest.raises(ClientError) as exc:
        client.send_notify_voice_message(
            NotifyConfigurationId=nid,
            DestinationPhoneNumber=SIM,
            TemplateVariables={"code": "7788"},
            VoiceId="HANS",
        )
    assert error_of(exc) == ("ValidationException", "INVALID_PARAMETER")
    # A protect configuration set as account default applies to Notify sends too.
    pid = client.create_protect_configuration()["ProtectConfigurationId"]
    client.update_protect_configuration_country_rule_set(
        ProtectConfigurationId=pid,
        NumberCapability="VOICE",
        CountryRuleSetUpdates={"US": {"ProtectStatus": "BLOCK"}},
    )
    client.set_account_default_protect_configuration(ProtectConfigurationId=pid)
    with pytest.raises(ClientError) as exc:
        client.send_notify_voice_message(
            NotifyConfigurationId=nid,
            DestinationPhoneNumber=SIM,
            TemplateVariables={"code": "7788"},
        )
    assert error_of(exc)[1] == "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION"

    countries = client.list_notify_countries(Channels=["VOICE"])["NotifyCountries"]
    assert {c["IsoCountryCode"] for c in countries} == {"US", "CA", "GB"}
    assert all(c["SupportedUseCases"] == ["CODE_VERIFICATION"] for c in countries)
    advanced_only = client.list_notify_countries(Tier="BASIC")["NotifyCountries"]
    assert "IN" not in {c["IsoCountryCode"] for c in advanced_only}
    paged = client.list_notify_countries(MaxResults=2)
    assert len(paged["NotifyCountries"]) == 2 and "NextToken" in paged

    templates = client.describe_notify_templates(
        Filters=[{"Name": "language-code", "Values": ["es-ES"]}]
    )["NotifyTemplates"]
    assert [t["TemplateId"] for t in templates] == ["otp-sms-es-basic"]
    one = client.describe_notify_templates(TemplateIds=["otp-voice-en-basic"])["NotifyTemplates"]
    assert one[0]["Variables"]["code"]["Required"] is True
    assert "JOANNA" in one[0]["SupportedVoiceIds"]
    with pytest.raises(ClientError) as exc:
        client.describe_notify_templates(TemplateIds=["nope"])
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_notify_pool_and_quota(client: Client, fake: FakeSmsVoice) -> None:
    with pytest.raises(ClientError) as exc:
        client.create_notify_configuration(
            DisplayName="X",
            UseCase="CODE_VERIFICATION",
            EnabledChannels=["SMS"],
            PoolId="pool-" + "0" * 32,
        )
    assert error_of(exc)[0] == "ResourceNotFoundException"
    for i in range(notify_module.MAX_NOTIFY_CONFIGURATIONS):
        client.create_notify_configuration(
            DisplayName=f"App{i}", UseCase="CODE_VERIFICATION", EnabledChannels=["SMS"]
        )
    with pytest.raises(ClientError) as exc:
        client.create_notify_configuration(
            DisplayName="Over", UseCase="CODE_VERIFICATION", EnabledChannels=["SMS"]
        )
    assert error_of(exc) == ("ServiceQuotaExceededException", "NOTIFY_CONFIGURATIONS_PER_ACCOUNT")


# --- RCS agents ------------------------------------------------------------------------------
def test_rcs_agent_lifecycle(manual: FakeSmsVoice) -> None:
    client = _client()
    created = client.create_rcs_agent(
        DeletionProtectionEnabled=True, Tags=[{"Key": "Name", "Value": "agent"}]
    )
    agent_id = created["RcsAgentId"]
    assert created["Status"] == "CREATED"
    assert created["OptOutListName"] == "Default"
    assert (created["TwoWayEnabled"], created["SelfManagedOptOutsEnabled"]) == (False, False)
    manual.advance(rcs_module.RCS_AGENT_TESTING_SECONDS)
    agents = client.describe_rcs_agents(Filters=[{"Name": "status", "Values": ["TESTING"]}])
    assert [a["RcsAgentId"] for a in agents["RcsAgents"]] == [agent_id]
    assert client.describe_rcs_agents(Owner="SHARED")["RcsAgents"] == []

    with pytest.raises(ClientError) as exc:
        client.update_rcs_agent(RcsAgentId=agent_id, TwoWayEnabled=True)
    assert error_of(exc) == ("ValidationException", "TWO_WAY_CHANNEL_NOT_PRESENT")
    channel = "arn:aws:sns:us-east-1:123456789012:inbound"
    updated = client.update_rcs_agent(
        RcsAgentId=agent_id, TwoWayEnabled=True, TwoWayChannelArn=channel
    )
    assert updated["TwoWayChannelArn"] == channel
    two_way = client.describe_rcs_agents(Filters=[{"Name": "two-way-enabled", "Values": ["true"]}])[
        "RcsAgents"
    ]
    assert len(two_way) == 1

    # Resource policies and tags are generic over the agent ARN.
    arn = created["RcsAgentArn"]
    client.put_resource_policy(ResourceArn=arn, Policy='{"Version": "2012-10-17"}')
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "Name", "Value": "agent"}
    ]

    with pytest.raises(ClientError) as exc:
        client.delete_rcs_agent(RcsAgentId=agent_id)
    assert error_of(exc) == ("ConflictException", "DELETION_PROTECTION_ENABLED")
    client.update_rcs_agent(RcsAgentId=arn, DeletionProtectionEnabled=False)
    deleted = client.delete_rcs_agent(RcsAgentId=agent_id)
    assert deleted["Status"] == "DELETED"
    with pytest.raises(ClientError) as exc:
        client.describe_rcs_agents(RcsAgentIds=[agent_id])
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_rcs_launch_status_and_sending(manual: FakeSmsVoice) -> None:
    client = _client()
    agent = client.create_rcs_agent()
    agent_id = agent["RcsAgentId"]
    # Not yet testing: cannot send.
    with pytest.raises(ClientError) as exc:
        client.send_text_message(
            DestinationPhoneNumber=SIM, OriginationIdentity=agent_id, MessageBody="hi"
        )
    assert error_of(exc) == ("ConflictException", "RESOURCE_NOT_ACTIVE")
    manual.advance(rcs_module.RCS_AGENT_TESTING_SECONDS)
    client.send_text_message(
        DestinationPhoneNumber=SIM, OriginationIdentity=agent["RcsAgentArn"], MessageBody="hi"
    )
    assert manual.sent_messages[-1].origination == agent_id
    with pytest.raises(ClientError) as exc:
        client.send_voice_message(
            DestinationPhoneNumber=SIM, OriginationIdentity=agent_id, MessageBody="hi"
        )
    assert error_of(exc) == ("ValidationException", "VOICE_CAPABILITY_NOT_AVAILABLE")

    launch_type = "US_RCS_AGENT_LAUNCH_REGISTRATION"
    rid = client.create_registration(RegistrationType=launch_type)["RegistrationId"]
    assoc = client.create_registration_association(RegistrationId=rid, ResourceId=agent_id)
    assert (assoc["ResourceType"], assoc["IsoCountryCode"]) == ("RCS_AGENT", "US")
    second = client.create_registration(RegistrationType=launch_type)["RegistrationId"]
    with pytest.raises(ClientError) as exc:
        client.create_registration_association(RegistrationId=second, ResourceId=agent_id)
    assert error_of(exc) == (
        "ConflictException",
        "RCS_AGENT_ALREADY_ASSOCIATED_TO_REGISTRATION_TYPE",
    )
    launch = client.describe_rcs_agent_country_launch_status(RcsAgentId=agent_id)
    assert launch["RcsAgentArn"] == agent["RcsAgentArn"]
    entry = launch["CountryLaunchStatus"][0]
    assert (entry["IsoCountryCode"], entry["Status"], entry["RegistrationId"]) == (
        "US",
        "CREATED",
        rid,
    )
    for field, value in (
        ("agentDetails.brandName", "Example"),
        ("agentDetails.agentDescription", "Codes"),
    ):
        client.put_registration_field_value(RegistrationId=rid, FieldPath=field, TextValue=value)
    client.put_registration_field_value(
        RegistrationId=rid, FieldPath="agentDetails.useCase", SelectChoices=["OTP"]
    )
    client.submit_registration_version(RegistrationId=rid)
    pending = client.describe_rcs_agent_country_launch_status(
        RcsAgentId=agent_id, Filters=[{"Name": "country-launch-status", "Values": ["PENDING"]}]
    )["CountryLaunchStatus"]
    assert [e["IsoCountryCode"] for e in pending] == ["US"]
    assert client.describe_rcs_agents()["RcsAgents"][0]["Status"] == "PENDING"
    manual.approve(rid)
    active = client.describe_rcs_agent_country_launch_status(
        RcsAgentId=agent_id, IsoCountryCodes=["US"]
    )["CountryLaunchStatus"][0]
    assert active["Status"] == "ACTIVE"
    assert {c["Status"] for c in active["CarrierStatus"]} == {"ACTIVE"}
    assert client.describe_rcs_agents()["RcsAgents"][0]["Status"] == "ACTIVE"


def test_rcs_quota(client: Client) -> None:
    for _ in range(rcs_module.MAX_RCS_AGENTS):
        client.create_rcs_agent()
    with pytest.raises(ClientError) as exc:
        client.create_rcs_agent()
    assert error_of(exc) == ("ServiceQuotaExceededException", "RCS_AGENTS_PER_ACCOUNT")


# --- CarrierLookup ---------------------------------------------------------------------------
def test_carrier_lookup_is_deterministic_and_plausible(client: Client) -> None:
    first = client.carrier_lookup(PhoneNumber="+1 (206) 555-0123")
    again = client.carrier_lookup(PhoneNumber="+12065550123")
    strip = {"ResponseMetadata"}
    assert {k: v for k, v in first.items() if k not in strip} == {
        k: v for k, v in again.items() if k not in strip
    }
    assert first["E164PhoneNumber"] == "+12065550123"
    assert (first["IsoCountryCode"], first["DialingCountryCode"], first["Country"]) == (
        "US",
        "1",
        "United States",
    )
    assert first["PhoneNumberType"] in ("MOBILE", "LANDLINE")
    if first["PhoneNumberType"] == "MOBILE":
        assert first["MCC"] == "310" and first["Carrier"]
    simulator = client.carrier_lookup(PhoneNumber=SIM)
    assert simulator["PhoneNumberType"] == "MOBILE"
    assert client.carrier_lookup(PhoneNumber="+18885550100")["PhoneNumberType"] == "OTHER"
    assert client.carrier_lookup(PhoneNumber="+1206555")["PhoneNumberType"] == "INVALID"
    assert client.carrier_lookup(PhoneNumber="+99912345678")["PhoneNumberType"] == "INVALID"
    types = {
        client.carrier_lookup(PhoneNumber=f"+4477009001{i:02d}")["PhoneNumberType"]
        for i in range(40)
    }
    assert types == {"MOBILE", "LANDLINE"}
