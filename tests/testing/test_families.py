from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice
from tests.testing._util import response_of

Client = Any
NumberFactory = Callable[[Client], dict[str, Any]]

SIM_OK = "+14254147755"


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str | None]:
    response = exc.value.response
    return response["Error"]["Code"], response.get("Reason")  # type: ignore[return-value]


def test_request_phone_number_defaults_and_activation(
    client: Client, simulator_number: NumberFactory
) -> None:
    number = simulator_number(client)
    assert number["Status"] == "PENDING"
    assert number["PhoneNumberId"].startswith("phone-") and len(number["PhoneNumberId"]) == 38
    assert number["PhoneNumberArn"] == (
        f"arn:aws:sms-voice:us-east-1:123456789012:phone-number/{number['PhoneNumberId']}"
    )
    assert number["OptOutListName"] == "Default"
    assert number["TwoWayEnabled"] is False and number["DeletionProtectionEnabled"] is False
    described = client.describe_phone_numbers(PhoneNumberIds=[number["PhoneNumberArn"]])
    assert described["PhoneNumbers"][0]["Status"] == "ACTIVE"
    keywords = client.describe_keywords(OriginationIdentity=number["PhoneNumberId"])["Keywords"]
    assert {k["Keyword"]: k["KeywordAction"] for k in keywords} == {
        "HELP": "AUTOMATIC_RESPONSE",
        "STOP": "OPT_OUT",
    }


def test_request_phone_number_rules(client: Client) -> None:
    with pytest.raises(ClientError) as exc:
        client.request_phone_number(
            IsoCountryCode="US",
            MessageType="PROMOTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="SIMULATOR",
        )
    assert error_of(exc) == ("ResourceNotFoundException", None)
    with pytest.raises(ClientError) as exc:
        client.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="LONG_CODE",
        )
    assert error_of(exc) == ("ValidationException", "INVALID_PARAMETER")


def test_release_blocked_by_protection_and_pool(
    client: Client, simulator_number: NumberFactory
) -> None:
    number = simulator_number(client)
    client.update_phone_number(
        PhoneNumberId=number["PhoneNumberId"], DeletionProtectionEnabled=True
    )
    with pytest.raises(ClientError) as exc:
        client.release_phone_number(PhoneNumberId=number["PhoneNumberId"])
    assert error_of(exc) == ("ConflictException", "DELETION_PROTECTION_ENABLED")
    assert response_of(exc)["ResourceType"] == "phone-number"
    assert response_of(exc)["ResourceId"] == number["PhoneNumberId"]
    client.update_phone_number(
        PhoneNumberId=number["PhoneNumberId"], DeletionProtectionEnabled=False
    )
    client.create_pool(OriginationIdentity=number["PhoneNumberId"], MessageType="TRANSACTIONAL")
    with pytest.raises(ClientError) as exc:
        client.release_phone_number(PhoneNumberId=number["PhoneNumberId"])
    assert error_of(exc) == ("ConflictException", "PHONE_NUMBER_ASSOCIATED_TO_POOL")
    with pytest.raises(ClientError) as exc:
        client.update_phone_number(PhoneNumberId=number["PhoneNumberId"], TwoWayEnabled=False)
    assert error_of(exc) == ("ConflictException", "PHONE_NUMBER_ASSOCIATED_TO_POOL")


def test_release_then_not_found(client: Client, simulator_number: NumberFactory) -> None:
    number = simulator_number(client)
    released = client.release_phone_number(PhoneNumberId=number["PhoneNumberId"])
    assert released["Status"] == "DELETED"
    with pytest.raises(ClientError) as exc:
        client.describe_phone_numbers(PhoneNumberIds=[number["PhoneNumberId"]])
    assert error_of(exc) == ("ResourceNotFoundException", None)
    assert response_of(exc)["ResourceType"] == "phone-number"


def test_phone_number_filters(client: Client, simulator_number: NumberFactory) -> None:
    first = simulator_number(client)
    simulator_number(client)
    client.update_phone_number(PhoneNumberId=first["PhoneNumberId"], DeletionProtectionEnabled=True)
    found = client.describe_phone_numbers(
        Filters=[{"Name": "deletion-protection-enabled", "Values": ["true"]}]
    )["PhoneNumbers"]
    assert [n["PhoneNumberId"] for n in found] == [first["PhoneNumberId"]]
    with pytest.raises(ClientError) as exc:
        client.describe_phone_numbers(Filters=[{"Name": "status", "Values": ["FOO"]}])
    assert error_of(exc) == ("ValidationException", "INVALID_FILTER_VALUES")


def test_sender_ids(client: Client) -> None:
    sender = client.request_sender_id(SenderId="Quinn", IsoCountryCode="GB")
    assert sender["SenderIdArn"].endswith(":sender-id/QUINN/GB")
    assert sender["Registered"] is False
    assert sender["MessageTypes"] == ["TRANSACTIONAL", "PROMOTIONAL"]
    with pytest.raises(ClientError) as exc:
        client.request_sender_id(SenderId="QUINN", IsoCountryCode="GB")
    assert error_of(exc) == ("ConflictException", "RESOURCE_ALREADY_EXISTS")
    with pytest.raises(ClientError) as exc:
        client.request_sender_id(SenderId="QUINN", IsoCountryCode="US")
    assert error_of(exc) == ("ValidationException", "SENDER_ID_NOT_SUPPORTED")
    client.update_sender_id(SenderId="QUINN", IsoCountryCode="GB", DeletionProtectionEnabled=True)
    with pytest.raises(ClientError) as exc:
        client.release_sender_id(SenderId="QUINN", IsoCountryCode="GB")
    assert error_of(exc) == ("ConflictException", "DELETION_PROTECTION_ENABLED")
    client.update_sender_id(SenderId="QUINN", IsoCountryCode="GB", DeletionProtectionEnabled=False)
    client.release_sender_id(SenderId="QUINN", IsoCountryCode="GB")
    assert client.describe_sender_ids()["SenderIds"] == []


def test_pool_lifecycle_and_association_checks(
    client: Client, simulator_number: NumberFactory
) -> None:
    first = simulator_number(client)
    second = simulator_number(client)
    pool = client.create_pool(
        OriginationIdentity=first["PhoneNumberArn"],
        MessageType="TRANSACTIONAL",
        Tags=[{"Key": "team", "Value": "a"}],
    )
    assert pool["Status"] == "CREATING"
    assert pool["OptOutListName"] == "Default" and pool["DeletionProtectionEnabled"] is False
    assert pool["Tags"] == [{"Key": "team", "Value": "a"}]
    assert client.describe_pools(PoolIds=[pool["PoolId"]])["Pools"][0]["Status"] == "ACTIVE"
    client.associate_origination_identity(
        PoolId=pool["PoolId"], OriginationIdentity=second["PhoneNumberId"]
    )
    other = client.create_opt_out_list(OptOutListName="other")
    third = simulator_number(client)
    client.update_phone_number(
        PhoneNumberId=third["PhoneNumberId"], OptOutListName=other["OptOutListName"]
    )
    with pytest.raises(ClientError) as exc:
        client.associate_origination_identity(
            PoolId=pool["PoolId"], OriginationIdentity=third["PhoneNumberId"]
        )
    assert error_of(exc) == ("ConflictException", "OPT_OUT_LIST_MISMATCH")
    second_pool = client.create_pool(
        OriginationIdentity=third["PhoneNumberId"], MessageType="TRANSACTIONAL"
    )
    with pytest.raises(ClientError) as exc:
        client.associate_origination_identity(
            PoolId=second_pool["PoolId"], OriginationIdentity=first["PhoneNumberId"]
        )
    assert error_of(exc) == ("ConflictException", "PHONE_NUMBER_ASSOCIATED_TO_POOL")
    identities = client.list_pool_origination_identities(PoolId=pool["PoolId"])
    assert {i["OriginationIdentity"] for i in identities["OriginationIdentities"]} == {
        first["PhoneNumberId"],
        second["PhoneNumberId"],
    }
    client.disassociate_origination_identity(
        PoolId=pool["PoolId"], OriginationIdentity=second["PhoneNumberId"]
    )
    with pytest.raises(ClientError) as exc:
        client.disassociate_origination_identity(
            PoolId=pool["PoolId"], OriginationIdentity=second["PhoneNumberId"]
        )
    assert error_of(exc) == ("ConflictException", "PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL")
    with pytest.raises(ClientError) as exc:
        client.disassociate_origination_identity(
            PoolId=pool["PoolId"], OriginationIdentity=first["PhoneNumberId"]
        )
    assert error_of(exc) == ("ConflictException", "LAST_PHONE_NUMBER")
    client.update_pool(PoolId=pool["PoolId"], DeletionProtectionEnabled=True)
    with pytest.raises(ClientError) as exc:
        client.delete_pool(PoolId=pool["PoolId"])
    assert error_of(exc) == ("ConflictException", "DELETION_PROTECTION_ENABLED")
    client.update_pool(PoolId=pool["PoolId"], DeletionProtectionEnabled=False)
    assert client.delete_pool(PoolId=pool["PoolId"])["Status"] == "DELETING"
    with pytest.raises(ClientError) as exc:
        client.describe_pools(PoolIds=[pool["PoolId"]])
    assert error_of(exc) == ("ResourceNotFoundException", None)
    # members are free again
    client.release_phone_number(PhoneNumberId=first["PhoneNumberId"])


def test_sender_id_pool_needs_country(client: Client) -> None:
    client.request_sender_id(SenderId="ACME", IsoCountryCode="DE")
    with pytest.raises(ClientError) as exc:
        client.create_pool(OriginationIdentity="ACME", MessageType="TRANSACTIONAL")
    assert error_of(exc) == ("ValidationException", "INVALID_ARN")
    pool = client.create_pool(
        OriginationIdentity="ACME", IsoCountryCode="DE", MessageType="TRANSACTIONAL"
    )
    with pytest.raises(ClientError) as exc:
        client.release_sender_id(SenderId="ACME", IsoCountryCode="DE")
    assert error_of(exc) == ("ConflictException", "SENDER_ID_ASSOCIATED_TO_POOL")
    assert pool["PoolId"].startswith("pool-")


def test_keywords(client: Client, simulator_number: NumberFactory) -> None:
    number = simulator_number(client)
    put = client.put_keyword(
        OriginationIdentity=number["PhoneNumberArn"], Keyword="info", KeywordMessage="Info here"
    )
    assert put["Keyword"] == "INFO" and put["KeywordAction"] == "AUTOMATIC_RESPONSE"
    assert put["OriginationIdentity"] == number["PhoneNumberId"]
    client.put_keyword(
        OriginationIdentity=number["PhoneNumberId"], Keyword="HELP", KeywordMessage="Call us"
    )
    with pytest.raises(ClientError) as exc:
        client.put_keyword(
            OriginationIdentity=number["PhoneNumberId"],
            Keyword="STOP",
            KeywordMessage="x",
            KeywordAction="AUTOMATIC_RESPONSE",
        )
    assert error_of(exc) == ("ConflictException", "RESOURCE_MODIFICATION_NOT_ALLOWED")
    with pytest.raises(ClientError) as exc:
        client.delete_keyword(OriginationIdentity=number["PhoneNumberId"], Keyword="HELP")
    assert error_of(exc) == ("ConflictException", "RESOURCE_DELETION_NOT_ALLOWED")
    client.delete_keyword(OriginationIdentity=number["PhoneNumberId"], Keyword="Info")
    with pytest.raises(ClientError) as exc:
        client.delete_keyword(OriginationIdentity=number["PhoneNumberId"], Keyword="INFO")
    assert error_of(exc) == ("ResourceNotFoundException", None)
    opt_outs = client.describe_keywords(
        OriginationIdentity=number["PhoneNumberId"],
        Filters=[{"Name": "keyword-action", "Values": ["OPT_OUT"]}],
    )["Keywords"]
    assert [k["Keyword"] for k in opt_outs] == ["STOP"]


def test_opt_out_lists(client: Client) -> None:
    created = client.create_opt_out_list(OptOutListName="marketing")
    assert created["OptOutListArn"].endswith(":opt-out-list/marketing")
    with pytest.raises(ClientError) as exc:
        client.create_opt_out_list(OptOutListName="marketing")
    assert error_of(exc) == ("ConflictException", "RESOURCE_ALREADY_EXISTS")
    put = client.put_opted_out_number(OptOutListName="marketing", OptedOutNumber="+12065550100")
    assert put["EndUserOptedOut"] is False
    listed = client.describe_opted_out_numbers(OptOutListName="marketing")
    assert [n["OptedOutNumber"] for n in listed["OptedOutNumbers"]] == ["+12065550100"]
    client.delete_opted_out_number(OptOutListName="marketing", OptedOutNumber="+12065550100")
    with pytest.raises(ClientError) as exc:
        client.delete_opted_out_number(OptOutListName="marketing", OptedOutNumber="+12065550100")
    assert error_of(exc) == ("ResourceNotFoundException", None)
    assert response_of(exc)["ResourceType"] == "opted-out-number"
    names = [o["OptOutListName"] for o in client.describe_opt_out_lists()["OptOutLists"]]
    assert set(names) == {"Default", "marketing"}
    with pytest.raises(ClientError) as exc:
        client.delete_opt_out_list(OptOutListName="Default")
    assert error_of(exc)[0] == "ConflictException"
    client.delete_opt_out_list(OptOutListName="marketing")
    with pytest.raises(ClientError) as exc:
        client.describe_opted_out_numbers(OptOutListName="marketing")
    assert error_of(exc) == ("ResourceNotFoundException", None)


def test_configuration_sets_and_event_destinations(client: Client) -> None:
    created = client.create_configuration_set(ConfigurationSetName="cs1")
    assert created["ConfigurationSetArn"].endswith(":configuration-set/cs1")
    with pytest.raises(ClientError) as exc:
        client.create_configuration_set(ConfigurationSetName="cs1")
    assert error_of(exc) == ("ConflictException", "RESOURCE_ALREADY_EXISTS")
    with pytest.raises(ClientError) as exc:
        client.create_event_destination(
            ConfigurationSetName="cs1", EventDestinationName="d", MatchingEventTypes=["ALL"]
        )
    assert error_of(exc) == ("ValidationException", "MISSING_PARAMETER")
    dest = client.create_event_destination(
        ConfigurationSetName="cs1",
        EventDestinationName="sns",
        MatchingEventTypes=["TEXT_DELIVERED"],
        SnsDestination={"TopicArn": "arn:aws:sns:us-east-1:123456789012:t"},
    )["EventDestination"]
    assert dest["Enabled"] is True
    with pytest.raises(ClientError) as exc:
        client.update_event_destination(
            ConfigurationSetName="cs1",
            EventDestinationName="sns",
            CloudWatchLogsDestination={
                "IamRoleArn": "arn:aws:iam::123456789012:role/r",
                "LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:g",
            },
        )
    assert error_of(exc) == ("ConflictException", "EVENT_DESTINATION_MISMATCH")
    client.update_event_destination(
        ConfigurationSetName="cs1", EventDestinationName="sns", Enabled=False
    )
    client.set_default_message_type(ConfigurationSetName="cs1", MessageType="PROMOTIONAL")
    client.set_default_sender_id(ConfigurationSetName="cs1", SenderId="example")
    matched = client.describe_configuration_sets(
        Filters=[{"Name": "matching-event-types", "Values": ["TEXT_DELIVERED"]}]
    )["ConfigurationSets"]
    assert matched[0]["DefaultMessageType"] == "PROMOTIONAL"
    assert matched[0]["EventDestinations"][0]["Enabled"] is False
    assert client.delete_default_sender_id(ConfigurationSetName="cs1")["SenderId"] == "example"
    client.delete_default_message_type(ConfigurationSetName="cs1")
    info = client.describe_configuration_sets(ConfigurationSetNames=["cs1"])["ConfigurationSets"][0]
    assert "DefaultMessageType" not in info and "DefaultSenderId" not in info
    client.delete_event_destination(ConfigurationSetName="cs1", EventDestinationName="sns")
    deleted = client.delete_configuration_set(ConfigurationSetName="cs1")
    assert deleted["EventDestinations"] == []


def test_verified_destination_numbers_and_sandbox(fake: FakeSmsVoice, client: Client) -> None:
    sender = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="TOLL_FREE",
    )
    destination = "+12065550123"
    with pytest.raises(ClientError) as exc:
        client.send_text_message(
            DestinationPhoneNumber=destination,
            OriginationIdentity=sender["PhoneNumberId"],
            MessageBody="hi",
        )
    assert error_of(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_NOT_VERIFIED")
    vdn = client.create_verified_destination_number(DestinationPhoneNumber=destination)
    assert vdn["Status"] == "PENDING" and vdn["VerifiedDestinationNumberId"].startswith("vdn-")
    vdn_id = vdn["VerifiedDestinationNumberId"]
    client.send_destination_number_verification_code(
        VerifiedDestinationNumberId=vdn_id, VerificationChannel="TEXT"
    )
    code = fake.verification_code(destination)
    assert code is not None and len(code) == 6
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ClientError) as exc:
        client.verify_destination_number(VerifiedDestinationNumberId=vdn_id, VerificationCode=wrong)
    assert error_of(exc) == ("ValidationException", "VERIFICATION_CODE_MISMATCH")
    fake.advance(601)
    with pytest.raises(ClientError) as exc:
        client.verify_destination_number(VerifiedDestinationNumberId=vdn_id, VerificationCode=code)
    assert error_of(exc) == ("ConflictException", "VERIFICATION_CODE_EXPIRED")
    client.send_destination_number_verification_code(
        VerifiedDestinationNumberId=vdn_id, VerificationChannel="TEXT"
    )
    code = fake.verification_code(destination)
    assert (
        client.verify_destination_number(VerifiedDestinationNumberId=vdn_id, VerificationCode=code)[
            "Status"
        ]
        == "VERIFIED"
    )
    sent = client.send_text_message(
        DestinationPhoneNumber=destination,
        OriginationIdentity=sender["PhoneNumber"],
        MessageBody="hi",
    )
    assert fake.sent_messages[-1].message_id == sent["MessageId"]
    with pytest.raises(ClientError) as exc:
        client.delete_verified_destination_number(VerifiedDestinationNumberId=vdn_id)
    assert error_of(exc) == ("ConflictException", "RESOURCE_DELETION_NOT_ALLOWED")
    fake.advance(24 * 3600)
    client.delete_verified_destination_number(VerifiedDestinationNumberId=vdn_id)


def test_sending_records_and_errors(
    fake: FakeSmsVoice, client: Client, simulator_number: NumberFactory
) -> None:
    number = simulator_number(client)
    client.create_configuration_set(ConfigurationSetName="cs")
    sent = client.send_text_message(
        DestinationPhoneNumber=SIM_OK,
        OriginationIdentity=number["PhoneNumberArn"],
        MessageBody="Hello",
        ConfigurationSetName="cs",
        Context={"k": "v"},
    )
    record = fake.sent_messages[-1]
    assert record.message_id == sent["MessageId"]
    assert (record.operation, record.destination, record.origination) == (
        "SendTextMessage",
        SIM_OK,
        number["PhoneNumber"],
    )
    assert record.configuration_set == "cs" and record.context == {"k": "v"}
    client.send_voice_message(
        DestinationPhoneNumber=SIM_OK,
        OriginationIdentity=number["PhoneNumberId"],
        MessageBody="Hi there",
    )
    assert fake.sent_messages[-1].voice_id == "MATTHEW"
    count = len(fake.sent_messages)
    client.send_text_message(
        DestinationPhoneNumber=SIM_OK,
        OriginationIdentity=number["PhoneNumberId"],
        MessageBody="x",
        DryRun=True,
    )
    assert len(fake.sent_messages) == count
    with pytest.raises(ClientError) as exc:
        client.send_media_message(
            DestinationPhoneNumber=SIM_OK,
            OriginationIdentity=number["PhoneNumberId"],
            MediaUrls=["s3://bucket/a.png"],
        )
    assert error_of(exc) == ("ValidationException", "CHANNEL_NOT_ENABLED")
    with pytest.raises(ClientError) as exc:
        client.send_text_message(
            DestinationPhoneNumber=SIM_OK, OriginationIdentity="pool-nope", MessageBody="x"
        )
    assert error_of(exc) == ("ResourceNotFoundException", None)
    client.set_text_message_spend_limit_override(MonthlyLimit=0)
    with pytest.raises(ClientError) as exc:
        client.send_text_message(
            DestinationPhoneNumber=SIM_OK,
            OriginationIdentity=number["PhoneNumberId"],
            MessageBody="x",
        )
    assert error_of(exc) == (
        "ServiceQuotaExceededException",
        "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT",
    )
    feedback = client.put_message_feedback(
        MessageId=sent["MessageId"], MessageFeedbackStatus="RECEIVED"
    )
    assert feedback["MessageFeedbackStatus"] == "RECEIVED"


def test_pool_with_no_identity_for_country(
    fake: FakeSmsVoice, client: Client, simulator_number: NumberFactory
) -> None:
    fake.leave_sandbox()
    number = simulator_number(client)
    pool = client.create_pool(
        OriginationIdentity=number["PhoneNumberId"], MessageType="TRANSACTIONAL"
    )
    with pytest.raises(ClientError) as exc:
        client.send_text_message(
            DestinationPhoneNumber="+447700900123",
            OriginationIdentity=pool["PoolId"],
            MessageBody="x",
        )
    assert error_of(exc) == ("ConflictException", "NO_ORIGINATION_IDENTITIES_FOUND")


def test_inbound_stop_and_help(
    fake: FakeSmsVoice, client: Client, simulator_number: NumberFactory
) -> None:
    number = simulator_number(client)
    client.put_keyword(
        OriginationIdentity=number["PhoneNumberId"], Keyword="HELP", KeywordMessage="Help text"
    )
    assert fake.inbound(SIM_OK, number["PhoneNumber"], " help ") == "Help text"
    reply = fake.inbound(SIM_OK, number["PhoneNumber"], "Stop")
    assert reply is not None and "unsubscribed" in reply
    opted = client.describe_opted_out_numbers(OptOutListName="Default")["OptedOutNumbers"]
    assert opted[0]["OptedOutNumber"] == SIM_OK and opted[0]["EndUserOptedOut"] is True
    with pytest.raises(ClientError) as exc:
        client.send_text_message(
            DestinationPhoneNumber=SIM_OK,
            OriginationIdentity=number["PhoneNumberId"],
            MessageBody="x",
        )
    assert error_of(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")
    assert [m.action for m in fake.inbound_messages] == ["AUTOMATIC_RESPONSE", "OPT_OUT"]


def test_account_attributes_limits_and_quota(
    client: Client, fake: FakeSmsVoice, simulator_number: NumberFactory
) -> None:
    attrs = client.describe_account_attributes()["AccountAttributes"]
    assert {"Name": "ACCOUNT_TIER", "Value": "SANDBOX"} in attrs
    fake.limits["POOLS"] = 1
    number = simulator_number(client)
    other = simulator_number(client)
    client.create_pool(OriginationIdentity=number["PhoneNumberId"], MessageType="TRANSACTIONAL")
    with pytest.raises(ClientError) as exc:
        client.create_pool(OriginationIdentity=other["PhoneNumberId"], MessageType="TRANSACTIONAL")
    assert error_of(exc) == ("ServiceQuotaExceededException", "POOLS_PER_ACCOUNT")
    limits = {x["Name"]: x for x in client.describe_account_limits()["AccountLimits"]}
    assert limits["POOLS"] == {"Name": "POOLS", "Used": 1, "Max": 1}
    assert limits["PHONE_NUMBERS"]["Used"] == 2
    fake.leave_sandbox()
    attrs = client.describe_account_attributes()["AccountAttributes"]
    assert {"Name": "ACCOUNT_TIER", "Value": "PRODUCTION"} in attrs


def test_spend_limit_overrides(client: Client) -> None:
    with pytest.raises(ClientError) as exc:
        client.set_voice_message_spend_limit_override(MonthlyLimit=2)
    assert error_of(exc) == (
        "ValidationException",
        "REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT",
    )
    assert client.set_voice_message_spend_limit_override(MonthlyLimit=0)["MonthlyLimit"] == 0
    voice = next(
        s for s in client.describe_spend_limits()["SpendLimits"] if s["Name"].startswith("VOICE")
    )
    assert voice == {
        "Name": "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
        "EnforcedLimit": 0,
        "MaxLimit": 1,
        "Overridden": True,
    }
    assert client.delete_voice_message_spend_limit_override()["MonthlyLimit"] == 1


def test_tags_and_resource_policies_are_generic(
    client: Client, simulator_number: NumberFactory
) -> None:
    number = simulator_number(client)
    cs = client.create_configuration_set(ConfigurationSetName="tagged")
    for arn in (number["PhoneNumberArn"], cs["ConfigurationSetArn"]):
        client.tag_resource(
            ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
        )
        client.untag_resource(ResourceArn=arn, TagKeys=["a"])
        assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
            {"Key": "b", "Value": "2"}
        ]
    with pytest.raises(ClientError) as exc:
        client.list_tags_for_resource(
            ResourceArn="arn:aws:sms-voice:us-east-1:123456789012:pool/pool-x"
        )
    assert error_of(exc) == ("ResourceNotFoundException", None)
    with pytest.raises(ClientError) as exc:
        client.tag_resource(
            ResourceArn="arn:aws:sns:us-east-1:123456789012:topic",
            Tags=[{"Key": "a", "Value": "1"}],
        )
    assert error_of(exc) == ("ValidationException", "INVALID_ARN")
    arn = number["PhoneNumberArn"]
    assert client.get_resource_policy(ResourceArn=arn)["Policy"] == "{}"
    client.put_resource_policy(ResourceArn=arn, Policy='{"Version":"2012-10-17"}')
    assert client.get_resource_policy(ResourceArn=arn)["Policy"] == '{"Version":"2012-10-17"}'
    client.delete_resource_policy(ResourceArn=arn)
    assert client.get_resource_policy(ResourceArn=arn)["Policy"] == "{}"
    client.release_phone_number(PhoneNumberId=number["PhoneNumberId"])
    with pytest.raises(ClientError) as exc:
        client.list_tags_for_resource(ResourceArn=arn)
    assert error_of(exc) == ("ResourceNotFoundException", None)


def test_regions_are_isolated(fake: FakeSmsVoice) -> None:
    east = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
    west = boto3.client("pinpoint-sms-voice-v2", region_name="us-west-2")
    east.create_configuration_set(ConfigurationSetName="only-east")
    assert west.describe_configuration_sets()["ConfigurationSets"] == []
    arn = east.describe_configuration_sets()["ConfigurationSets"][0]["ConfigurationSetArn"]
    assert ":us-east-1:" in arn
