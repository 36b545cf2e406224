"""A valid minimal request to every model operation through plain boto3 parses and carries
the output shape's required members (handler coverage itself: ``test_operations.py``)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import boto3
import botocore.session
from botocore import xform_name
from botocore.model import ListShape, MapShape, Shape, StructureShape

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._backend.account import VERIFIED_NUMBER_MIN_AGE_SECONDS
from smsv2.testing._backend.registrations import registration_types

Client = Any
State = dict[str, Any]
SIM = "+14254147755"
VERIFY_ME = "+14255550199"
SERVICE = "pinpoint-sms-voice-v2"
BRAND_REQUIRED = sum(
    f["FieldRequirement"] == "REQUIRED"
    for f in registration_types()["US_TEN_DLC_BRAND_REGISTRATION"]["_fields"]
)


def _model() -> Any:
    return botocore.session.get_session().get_service_model(SERVICE)


def _problems(shape: Shape, value: object, path: str) -> list[str]:
    """Required members missing (or wrong Python types) in a parsed boto3 response."""
    out: list[str] = []
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            return [f"{path}: expected a structure"]
        out += [f"{path}.{name}: missing" for name in shape.required_members if name not in value]
        for name, item in value.items():
            if name in shape.members:
                out += _problems(shape.members[name], item, f"{path}.{name}")
    elif isinstance(shape, ListShape):
        if not isinstance(value, list):
            return [f"{path}: expected a list"]
        for index, item in enumerate(value):
            out += _problems(shape.member, item, f"{path}[{index}]")
    elif isinstance(shape, MapShape):
        if not isinstance(value, dict):
            return [f"{path}: expected a map"]
        for key, item in value.items():
            out += _problems(shape.value, item, f"{path}.{key}")
    elif shape.type_name == "timestamp" and not isinstance(value, datetime.datetime):
        out.append(f"{path}: expected a datetime")
    elif shape.type_name == "boolean" and not isinstance(value, bool):
        out.append(f"{path}: expected a bool")
    elif shape.type_name in ("integer", "long") and not isinstance(value, int):
        out.append(f"{path}: expected an int")
    elif shape.type_name == "string" and not isinstance(value, str):
        out.append(f"{path}: expected a str")
    return out


Step = tuple[str, Callable[[State], dict[str, Any]], Callable[[State, dict[str, Any]], None] | None]


def _keep(key: str, member: str) -> Callable[[State, dict[str, Any]], None]:
    def store(state: State, response: dict[str, Any]) -> None:
        state[key] = response[member]

    return store


def _steps(fake: FakeSmsVoice) -> list[Step]:
    def code(state: State) -> dict[str, Any]:
        return {
            "VerifiedDestinationNumberId": state["vdn"],
            "VerificationCode": fake.verification_code(VERIFY_ME),
        }

    sim = {
        "IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL",
        "NumberType": "SIMULATOR",
        "NumberCapabilities": ["SMS", "VOICE"],
    }
    toll_free = {
        "IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL",
        "NumberType": "TOLL_FREE",
        "NumberCapabilities": ["SMS", "MMS"],
    }
    brand = "US_TEN_DLC_BRAND_REGISTRATION"
    none: Callable[[State], dict[str, Any]] = lambda s: {}  # noqa: E731
    return [
        # account
        ("DescribeAccountAttributes", none, None),
        ("DescribeAccountLimits", none, None),
        ("DescribeSpendLimits", none, None),
        *[
            (f"Set{kind}MessageSpendLimitOverride", lambda s: {"MonthlyLimit": 1}, None)
            for kind in ("Text", "Media", "Voice", "Notify", "Rcs")
        ],
        *[
            (f"Delete{kind}MessageSpendLimitOverride", none, None)
            for kind in ("Text", "Media", "Voice", "Notify", "Rcs")
        ],
        # opt-out lists
        ("CreateOptOutList", lambda s: {"OptOutListName": "list1"}, None),
        (
            "PutOptedOutNumber",
            lambda s: {"OptOutListName": "list1", "OptedOutNumber": "+14255550111"},
            None,
        ),
        ("DescribeOptedOutNumbers", lambda s: {"OptOutListName": "list1"}, None),
        (
            "DeleteOptedOutNumber",
            lambda s: {"OptOutListName": "list1", "OptedOutNumber": "+14255550111"},
            None,
        ),
        ("DescribeOptOutLists", none, None),
        # numbers and sender IDs
        ("RequestPhoneNumber", lambda s: dict(sim), _keep("phone_a", "PhoneNumberId")),
        ("DescribePhoneNumbers", none, None),
        (
            "ListAvailablePhoneNumbers",
            lambda s: {
                "IsoCountryCode": "US",
                "NumberType": "TEN_DLC",
                "NumberCapabilities": ["SMS"],
            },
            None,
        ),
        (
            "UpdatePhoneNumber",
            lambda s: {"PhoneNumberId": s["phone_a"], "DeletionProtectionEnabled": False},
            None,
        ),
        ("RequestSenderId", lambda s: {"SenderId": "MYBRAND", "IsoCountryCode": "GB"}, None),
        (
            "UpdateSenderId",
            lambda s: {"SenderId": "MYBRAND", "IsoCountryCode": "GB"},
            None,
        ),
        ("DescribeSenderIds", none, None),
        # pools and keywords
        (
            "CreatePool",
            lambda s: {"OriginationIdentity": s["phone_a"], "MessageType": "TRANSACTIONAL"},
            _keep("pool", "PoolId"),
        ),
        ("UpdatePool", lambda s: {"PoolId": s["pool"], "SharedRoutesEnabled": False}, None),
        ("DescribePools", none, None),
        (
            "AssociateOriginationIdentity",
            lambda s: {
                "PoolId": s["pool"],
                "OriginationIdentity": "MYBRAND",
                "IsoCountryCode": "GB",
            },
            None,
        ),
        ("ListPoolOriginationIdentities", lambda s: {"PoolId": s["pool"]}, None),
        (
            "DisassociateOriginationIdentity",
            lambda s: {
                "PoolId": s["pool"],
                "OriginationIdentity": "MYBRAND",
                "IsoCountryCode": "GB",
            },
            None,
        ),
        (
            "PutKeyword",
            lambda s: {
                "OriginationIdentity": s["pool"],
                "Keyword": "INFO",
                "KeywordMessage": "Info text",
            },
            None,
        ),
        ("DescribeKeywords", lambda s: {"OriginationIdentity": s["pool"]}, None),
        ("DeleteKeyword", lambda s: {"OriginationIdentity": s["pool"], "Keyword": "INFO"}, None),
        # configuration sets
        ("CreateConfigurationSet", lambda s: {"ConfigurationSetName": "cs1"}, None),
        (
            "CreateEventDestination",
            lambda s: {
                "ConfigurationSetName": "cs1",
                "EventDestinationName": "ed1",
                "MatchingEventTypes": ["ALL"],
                "SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:events"},
            },
            None,
        ),
        (
            "UpdateEventDestination",
            lambda s: {
                "ConfigurationSetName": "cs1",
                "EventDestinationName": "ed1",
                "Enabled": False,
            },
            None,
        ),
        (
            "SetDefaultMessageType",
            lambda s: {"ConfigurationSetName": "cs1", "MessageType": "TRANSACTIONAL"},
            None,
        ),
        (
            "SetDefaultSenderId",
            lambda s: {"ConfigurationSetName": "cs1", "SenderId": "MYBRAND"},
            None,
        ),
        (
            "SetDefaultMessageFeedbackEnabled",
            lambda s: {"ConfigurationSetName": "cs1", "MessageFeedbackEnabled": True},
            None,
        ),
        ("DescribeConfigurationSets", none, None),
        ("DeleteDefaultMessageType", lambda s: {"ConfigurationSetName": "cs1"}, None),
        ("DeleteDefaultSenderId", lambda s: {"ConfigurationSetName": "cs1"}, None),
        (
            "DeleteEventDestination",
            lambda s: {"ConfigurationSetName": "cs1", "EventDestinationName": "ed1"},
            None,
        ),
        # verified destination numbers
        (
            "CreateVerifiedDestinationNumber",
            lambda s: {"DestinationPhoneNumber": VERIFY_ME},
            _keep("vdn", "VerifiedDestinationNumberId"),
        ),
        (
            "SendDestinationNumberVerificationCode",
            lambda s: {"VerifiedDestinationNumberId": s["vdn"], "VerificationChannel": "TEXT"},
            None,
        ),
        ("VerifyDestinationNumber", code, None),
        ("DescribeVerifiedDestinationNumbers", none, None),
        # sending
        (
            "SendTextMessage",
            lambda s: {
                "DestinationPhoneNumber": SIM,
                "OriginationIdentity": s["phone_a"],
                "MessageBody": "hello",
            },
            _keep("message", "MessageId"),
        ),
        (
            "SendVoiceMessage",
            lambda s: {
                "DestinationPhoneNumber": SIM,
                "OriginationIdentity": s["phone_a"],
                "MessageBody": "hello",
            },
            None,
        ),
        ("RequestPhoneNumber", lambda s: dict(toll_free), _keep("phone_tf", "PhoneNumberId")),
        (
            "SendMediaMessage",
            lambda s: {
                "DestinationPhoneNumber": SIM,
                "OriginationIdentity": s["phone_tf"],
                "MediaUrls": ["s3://bucket/image.jpg"],
            },
            None,
        ),
        (
            "PutMessageFeedback",
            lambda s: {"MessageId": s["message"], "MessageFeedbackStatus": "RECEIVED"},
            None,
        ),
        # tags and policies
        ("DescribePools", none, lambda s, r: s.update(pool_arn=r["Pools"][0]["PoolArn"])),
        (
            "TagResource",
            lambda s: {"ResourceArn": s["pool_arn"], "Tags": [{"Key": "k", "Value": "v"}]},
            None,
        ),
        ("ListTagsForResource", lambda s: {"ResourceArn": s["pool_arn"]}, None),
        ("UntagResource", lambda s: {"ResourceArn": s["pool_arn"], "TagKeys": ["k"]}, None),
        (
            "PutResourcePolicy",
            lambda s: {"ResourceArn": s["pool_arn"], "Policy": '{"Version": "2012-10-17"}'},
            None,
        ),
        ("GetResourcePolicy", lambda s: {"ResourceArn": s["pool_arn"]}, None),
        ("DeleteResourcePolicy", lambda s: {"ResourceArn": s["pool_arn"]}, None),
        # protect configurations
        ("CreateProtectConfiguration", none, _keep("protect", "ProtectConfigurationId")),
        (
            "UpdateProtectConfiguration",
            lambda s: {"ProtectConfigurationId": s["protect"], "DeletionProtectionEnabled": False},
            None,
        ),
        (
            "GetProtectConfigurationCountryRuleSet",
            lambda s: {"ProtectConfigurationId": s["protect"], "NumberCapability": "SMS"},
            None,
        ),
        (
            "UpdateProtectConfigurationCountryRuleSet",
            lambda s: {
                "ProtectConfigurationId": s["protect"],
                "NumberCapability": "SMS",
                "CountryRuleSetUpdates": {"FR": {"ProtectStatus": "BLOCK"}},
            },
            None,
        ),
        (
            "PutProtectConfigurationRuleSetNumberOverride",
            lambda s: {
                "ProtectConfigurationId": s["protect"],
                "DestinationPhoneNumber": "+33612345678",
                "Action": "ALLOW",
            },
            None,
        ),
        (
            "ListProtectConfigurationRuleSetNumberOverrides",
            lambda s: {"ProtectConfigurationId": s["protect"]},
            None,
        ),
        (
            "DeleteProtectConfigurationRuleSetNumberOverride",
            lambda s: {
                "ProtectConfigurationId": s["protect"],
                "DestinationPhoneNumber": "+33612345678",
            },
            None,
        ),
        (
            "SetAccountDefaultProtectConfiguration",
            lambda s: {"ProtectConfigurationId": s["protect"]},
            None,
        ),
        (
            "AssociateProtectConfiguration",
            lambda s: {"ProtectConfigurationId": s["protect"], "ConfigurationSetName": "cs1"},
            None,
        ),
        (
            "DisassociateProtectConfiguration",
            lambda s: {"ProtectConfigurationId": s["protect"], "ConfigurationSetName": "cs1"},
            None,
        ),
        ("DescribeProtectConfigurations", none, None),
        ("DeleteAccountDefaultProtectConfiguration", none, None),
        ("DeleteProtectConfiguration", lambda s: {"ProtectConfigurationId": s["protect"]}, None),
        # registrations
        ("DescribeRegistrationTypeDefinitions", none, None),
        ("DescribeRegistrationSectionDefinitions", lambda s: {"RegistrationType": brand}, None),
        (
            "DescribeRegistrationFieldDefinitions",
            lambda s: {"RegistrationType": brand},
            lambda s, r: s.update(fields=r["RegistrationFieldDefinitions"]),
        ),
        (
            "CreateRegistrationAttachment",
            lambda s: {"AttachmentBody": b"%PDF-1.4"},
            _keep("attachment", "RegistrationAttachmentId"),
        ),
        ("DescribeRegistrationAttachments", none, None),
        (
            "DeleteRegistrationAttachment",
            lambda s: {"RegistrationAttachmentId": s["attachment"]},
            None,
        ),
        (
            "CreateRegistration",
            lambda s: {"RegistrationType": brand},
            _keep("registration", "RegistrationId"),
        ),
        (
            "PutRegistrationFieldValue",
            lambda s: {
                "RegistrationId": s["registration"],
                "FieldPath": "companyInfo.stockSymbol",
                "TextValue": "EXMP",
            },
            None,
        ),
        (
            "DeleteRegistrationFieldValue",
            lambda s: {"RegistrationId": s["registration"], "FieldPath": "companyInfo.stockSymbol"},
            None,
        ),
        *[
            (
                "PutRegistrationFieldValue",
                _field_value(index),
                None,
            )
            for index in range(BRAND_REQUIRED)
        ],
        ("DescribeRegistrationFieldValues", lambda s: {"RegistrationId": s["registration"]}, None),
        ("SubmitRegistrationVersion", lambda s: {"RegistrationId": s["registration"]}, None),
        ("DescribeRegistrationVersions", lambda s: {"RegistrationId": s["registration"]}, None),
        ("CreateRegistrationVersion", lambda s: {"RegistrationId": s["registration"]}, None),
        ("DiscardRegistrationVersion", lambda s: {"RegistrationId": s["registration"]}, None),
        (
            "CreateRegistration",
            lambda s: {"RegistrationType": "US_TOLL_FREE_REGISTRATION"},
            _keep("tf_registration", "RegistrationId"),
        ),
        (
            "CreateRegistrationAssociation",
            lambda s: {"RegistrationId": s["tf_registration"], "ResourceId": s["phone_tf"]},
            None,
        ),
        ("ListRegistrationAssociations", lambda s: {"RegistrationId": s["tf_registration"]}, None),
        ("DescribeRegistrations", none, None),
        ("DeleteRegistration", lambda s: {"RegistrationId": s["tf_registration"]}, None),
        ("DeleteRegistration", lambda s: {"RegistrationId": s["registration"]}, None),
        # RCS agents
        ("CreateRcsAgent", none, _keep("agent", "RcsAgentId")),
        (
            "UpdateRcsAgent",
            lambda s: {"RcsAgentId": s["agent"], "SelfManagedOptOutsEnabled": True},
            None,
        ),
        ("DescribeRcsAgents", none, None),
        (
            "SendRcsMessage",
            lambda s: {
                "DestinationPhoneNumber": SIM,
                "OriginationIdentity": s["agent"],
                "RcsMessageContent": {"Content": {"TextMessage": {"Body": "hello"}}},
            },
            None,
        ),
        ("DescribeRcsAgentCountryLaunchStatus", lambda s: {"RcsAgentId": s["agent"]}, None),
        ("DeleteRcsAgent", lambda s: {"RcsAgentId": s["agent"]}, None),
        # notify
        ("DescribeNotifyTemplates", none, None),
        ("ListNotifyCountries", none, None),
        (
            "CreateNotifyConfiguration",
            lambda s: {
                "DisplayName": "App",
                "UseCase": "CODE_VERIFICATION",
                "EnabledChannels": ["SMS", "VOICE"],
            },
            _keep("notify", "NotifyConfigurationId"),
        ),
        (
            "UpdateNotifyConfiguration",
            lambda s: {"NotifyConfigurationId": s["notify"], "EnabledCountries": ["US"]},
            None,
        ),
        ("DescribeNotifyConfigurations", none, None),
        (
            "SendNotifyTextMessage",
            lambda s: {
                "NotifyConfigurationId": s["notify"],
                "DestinationPhoneNumber": SIM,
                "TemplateVariables": {"code": "123456"},
            },
            None,
        ),
        (
            "SendNotifyVoiceMessage",
            lambda s: {
                "NotifyConfigurationId": s["notify"],
                "DestinationPhoneNumber": SIM,
                "TemplateVariables": {"code": "123456"},
            },
            None,
        ),
        ("DeleteNotifyConfiguration", lambda s: {"NotifyConfigurationId": s["notify"]}, None),
        # misc and clean-up
        ("CarrierLookup", lambda s: {"PhoneNumber": "+12065550123"}, None),
        ("DeletePool", lambda s: {"PoolId": s["pool"]}, None),
        ("ReleasePhoneNumber", lambda s: {"PhoneNumberId": s["phone_tf"]}, None),
        ("ReleaseSenderId", lambda s: {"SenderId": "MYBRAND", "IsoCountryCode": "GB"}, None),
        ("DeleteConfigurationSet", lambda s: {"ConfigurationSetName": "cs1"}, None),
        ("DeleteOptOutList", lambda s: {"OptOutListName": "list1"}, None),
        ("DeleteVerifiedDestinationNumber", _old_enough(fake), None),
    ]


def _old_enough(fake: FakeSmsVoice) -> Callable[[State], dict[str, Any]]:
    """Verified numbers can be deleted only after a minimum age: move the clock first."""

    def build(state: State) -> dict[str, Any]:
        fake.advance(VERIFIED_NUMBER_MIN_AGE_SECONDS)
        return {"VerifiedDestinationNumberId": state["vdn"]}

    return build


def _field_value(index: int) -> Callable[[State], dict[str, Any]]:
    """The request filling the index-th REQUIRED field of the brand registration."""

    def build(state: State) -> dict[str, Any]:
        required = [f for f in state["fields"] if f["FieldRequirement"] == "REQUIRED"]
        definition = required[index]
        request: dict[str, Any] = {
            "RegistrationId": state["registration"],
            "FieldPath": definition["FieldPath"],
        }
        if definition["FieldType"] == "SELECT":
            request["SelectChoices"] = definition["SelectValidation"]["Options"][:1]
        else:
            request["TextValue"] = definition["DisplayHints"]["ExampleTextValue"]
        return request

    return build


def test_every_operation_through_boto3() -> None:
    model = _model()
    with mock_sms_voice() as fake:
        client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
        state: State = {}
        called: set[str] = set()
        for name, build, after in _steps(fake):
            response = getattr(client, xform_name(name))(**build(state))
            assert response["ResponseMetadata"]["HTTPStatusCode"] == 200, name
            body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
            assert _problems(model.operation_model(name).output_shape, body, name) == []
            if after is not None:
                after(state, body)
            called.add(name)
        required = [f for f in state["fields"] if f["FieldRequirement"] == "REQUIRED"]
        assert len(required) == BRAND_REQUIRED
        assert sorted(set(model.operation_names) - called) == []
        # Everything the families stored stays JSON (state files, server persistence).
        restored = FakeSmsVoice()
        restored.load_state(json.loads(json.dumps(fake.dump_state())))
        assert restored.dump_state() == fake.dump_state()
        sends = {"Send" + kind for kind in ("TextMessage", "VoiceMessage", "MediaMessage")}
        sends |= {"SendNotifyTextMessage", "SendNotifyVoiceMessage"}
        assert sends <= {m.operation for m in fake.sent_messages}
