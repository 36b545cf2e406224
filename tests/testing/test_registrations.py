"""Registrations through plain boto3 against the fake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._backend import registrations as reg_module

Client = Any
TOLL_FREE = "US_TOLL_FREE_REGISTRATION"
PDF = b"%PDF-1.4 fake opt-in image"


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str | None]:
    response = exc.value.response
    return response["Error"]["Code"], response.get("Reason")  # type: ignore[return-value]


@pytest.fixture
def manual() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice(settle="manual", start_time=1_700_000_000.0) as active:
        yield active


def _client() -> Client:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")


def fill_required(client: Client, registration_id: str, registration_type: str) -> int:
    """Put an example value into every REQUIRED field; returns how many were put."""
    defs = client.describe_registration_field_definitions(RegistrationType=registration_type)
    count = 0
    attachment_id = None
    for definition in defs["RegistrationFieldDefinitions"]:
        if definition["FieldRequirement"] != "REQUIRED":
            continue
        path = definition["FieldPath"]
        if definition["FieldType"] == "TEXT":
            value = definition["DisplayHints"]["ExampleTextValue"]
            client.put_registration_field_value(
                RegistrationId=registration_id, FieldPath=path, TextValue=value
            )
        elif definition["FieldType"] == "SELECT":
            choice = definition["SelectValidation"]["Options"][:1]
            client.put_registration_field_value(
                RegistrationId=registration_id, FieldPath=path, SelectChoices=choice
            )
        else:
            if attachment_id is None:
                attachment_id = client.create_registration_attachment(AttachmentBody=PDF)[
                    "RegistrationAttachmentId"
                ]
            client.put_registration_field_value(
                RegistrationId=registration_id,
                FieldPath=path,
                RegistrationAttachmentId=attachment_id,
            )
        count += 1
    return count


def toll_free_number(client: Client) -> str:
    number: str = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="TOLL_FREE",
    )["PhoneNumberId"]
    return number


def test_catalog_types_sections_fields(client: Client) -> None:
    types = client.describe_registration_type_definitions()["RegistrationTypeDefinitions"]
    names = {t["RegistrationType"] for t in types}
    assert {
        "US_TEN_DLC_BRAND_REGISTRATION",
        "US_TEN_DLC_CAMPAIGN_REGISTRATION",
        TOLL_FREE,
    } <= names
    toll_free = client.describe_registration_type_definitions(
        Filters=[{"Name": "supported-association-resource-type", "Values": ["TOLL_FREE"]}]
    )["RegistrationTypeDefinitions"]
    assert [t["RegistrationType"] for t in toll_free] == [TOLL_FREE]
    assert toll_free[0]["SupportedAssociations"][0]["AssociationBehavior"] == (
        "ASSOCIATE_BEFORE_SUBMIT"
    )
    sections = client.describe_registration_section_definitions(RegistrationType=TOLL_FREE)
    assert "companyInfo" in [s["SectionPath"] for s in sections["RegistrationSectionDefinitions"]]
    fields = client.describe_registration_field_definitions(
        RegistrationType=TOLL_FREE, FieldPaths=["companyInfo.companyName"]
    )["RegistrationFieldDefinitions"]
    assert fields[0]["TextValidation"] == {
        "MinLength": 1,
        "MaxLength": 100,
        "Pattern": reg_module.ANY_TEXT,
    }
    volume = client.describe_registration_field_definitions(
        RegistrationType=TOLL_FREE, SectionPath="messagingUseCase"
    )["RegistrationFieldDefinitions"]
    kinds = {f["FieldPath"]: f["FieldType"] for f in volume}
    assert kinds["messagingUseCase.monthlyMessageVolume"] == "SELECT"
    assert kinds["messagingUseCase.optInImage"] == "ATTACHMENT"
    campaign = client.describe_registration_field_definitions(
        RegistrationType="US_TEN_DLC_CAMPAIGN_REGISTRATION", SectionPath="campaignUseCase"
    )["RegistrationFieldDefinitions"]
    assert any(f["FieldPath"] == "campaignUseCase.useCase" for f in campaign)
    with pytest.raises(ClientError) as exc:
        client.describe_registration_type_definitions(RegistrationTypes=["NOPE"])
    assert error_of(exc) == ("ValidationException", "UNKNOWN_REGISTRATION_TYPE")
    with pytest.raises(ClientError) as exc:
        client.describe_registration_section_definitions(
            RegistrationType=TOLL_FREE, SectionPaths=["nope"]
        )
    assert error_of(exc) == ("ValidationException", "UNKNOWN_REGISTRATION_SECTION")
    with pytest.raises(ClientError) as exc:
        client.describe_registration_field_definitions(
            RegistrationType=TOLL_FREE, FieldPaths=["companyInfo.nope"]
        )
    assert error_of(exc) == ("ValidationException", "UNKNOWN_REGISTRATION_FIELD")


def test_walkthrough_toll_free_manual_review(manual: FakeSmsVoice) -> None:
    client = _client()
    created = client.create_registration(
        RegistrationType=TOLL_FREE, Tags=[{"Key": "team", "Value": "a"}]
    )
    rid = created["RegistrationId"]
    assert created["RegistrationStatus"] == "CREATED"
    assert created["CurrentVersionNumber"] == 1
    assert created["Tags"] == [{"Key": "team", "Value": "a"}]

    # A bad select option and a bad pattern fail with FIELD_VALIDATION_FAILED.
    with pytest.raises(ClientError) as exc:
        client.put_registration_field_value(
            RegistrationId=rid,
            FieldPath="messagingUseCase.monthlyMessageVolume",
            SelectChoices=["a lot"],
        )
    assert error_of(exc) == ("ValidationException", "FIELD_VALIDATION_FAILED")
    with pytest.raises(ClientError) as exc:
        client.put_registration_field_value(
            RegistrationId=rid, FieldPath="contactInfo.supportEmail", TextValue="not-an-email"
        )
    assert error_of(exc) == ("ValidationException", "FIELD_VALIDATION_FAILED")
    with pytest.raises(ClientError) as exc:
        client.put_registration_field_value(
            RegistrationId=rid, FieldPath="companyInfo.companyName", SelectChoices=["x"]
        )
    assert error_of(exc) == ("ValidationException", "FIELD_VALIDATION_FAILED")
    with pytest.raises(ClientError) as exc:
        client.put_registration_field_value(
            RegistrationId=rid, FieldPath="companyInfo.nope", TextValue="x"
        )
    assert error_of(exc) == ("ValidationException", "UNKNOWN_REGISTRATION_FIELD")

    # Submitting an incomplete registration fails.
    with pytest.raises(ClientError) as exc:
        client.submit_registration_version(RegistrationId=rid)
    assert error_of(exc) == ("ConflictException", reg_module.INCOMPLETE_SUBMIT_REASON)

    manual.advance(reg_module.ATTACHMENT_UPLOAD_SECONDS)
    assert fill_required(client, rid, TOLL_FREE) > 10
    values = client.describe_registration_field_values(
        RegistrationId=rid, SectionPath="companyInfo"
    )
    assert values["VersionNumber"] == 1
    assert {v["FieldPath"] for v in values["RegistrationFieldValues"]} >= {
        "companyInfo.companyName"
    }
    # Required fields cannot be deleted; optional ones can.
    with pytest.raises(ClientError) as exc:
        client.delete_registration_field_value(
            RegistrationId=rid, FieldPath="companyInfo.companyName"
        )
    assert error_of(exc) == ("ValidationException", "REGISTRATION_FIELD_CANNOT_BE_DELETED")
    client.put_registration_field_value(
        RegistrationId=rid, FieldPath="companyInfo.address2", TextValue="Suite 1"
    )
    deleted = client.delete_registration_field_value(
        RegistrationId=rid, FieldPath="companyInfo.address2"
    )
    assert deleted["TextValue"] == "Suite 1"

    # Still missing the toll-free number association (ASSOCIATE_BEFORE_SUBMIT).
    with pytest.raises(ClientError) as exc:
        client.submit_registration_version(RegistrationId=rid)
    assert error_of(exc)[1] == reg_module.INCOMPLETE_SUBMIT_REASON
    phone_id = toll_free_number(client)
    association = client.create_registration_association(RegistrationId=rid, ResourceId=phone_id)
    assert association["ResourceType"] == "TOLL_FREE"
    assert association["IsoCountryCode"] == "US"
    with pytest.raises(ClientError) as exc:
        client.create_registration_association(RegistrationId=rid, ResourceId=phone_id)
    assert error_of(exc) == ("ConflictException", "RESOURCE_ALREADY_ASSOCIATED")
    listed = client.list_registration_associations(
        RegistrationId=rid, Filters=[{"Name": "resource-type", "Values": ["TOLL_FREE"]}]
    )
    assert [a["ResourceId"] for a in listed["RegistrationAssociations"]] == [phone_id]

    submitted = client.submit_registration_version(RegistrationId=rid)
    assert submitted["RegistrationVersionStatus"] == "SUBMITTED"
    assert submitted["AwsReview"] is False
    with pytest.raises(ClientError) as exc:
        client.submit_registration_version(RegistrationId=rid)
    assert error_of(exc) == ("ConflictException", "REGISTRATION_ALREADY_SUBMITTED")
    with pytest.raises(ClientError) as exc:
        client.put_registration_field_value(
            RegistrationId=rid, FieldPath="companyInfo.companyName", TextValue="Other"
        )
    assert error_of(exc) == ("ConflictException", "EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED")
    with pytest.raises(ClientError) as exc:
        client.delete_registration(RegistrationId=rid)
    assert error_of(exc) == ("ConflictException", "RESOURCE_DELETION_NOT_ALLOWED")

    manual.advance(reg_module.REVIEW_START_SECONDS)
    info = client.describe_registrations(RegistrationIds=[rid])["Registrations"][0]
    assert info["RegistrationStatus"] == "REVIEWING"
    manual.advance(10)
    manual.approve(rid)
    info = client.describe_registrations(RegistrationIds=[rid])["Registrations"][0]
    assert info["RegistrationStatus"] == "COMPLETE"
    assert info["ApprovedVersionNumber"] == 1

    versions = client.describe_registration_versions(RegistrationId=rid)["RegistrationVersions"]
    history = versions[0]["RegistrationVersionStatusHistory"]
    assert versions[0]["RegistrationVersionStatus"] == "APPROVED"
    t0 = 1_700_000_000.0
    stamps = {k: v.timestamp() for k, v in history.items()}
    assert stamps["DraftTimestamp"] == t0
    assert stamps["SubmittedTimestamp"] == t0 + reg_module.ATTACHMENT_UPLOAD_SECONDS
    assert stamps["ReviewingTimestamp"] == stamps["SubmittedTimestamp"] + (
        reg_module.REVIEW_START_SECONDS
    )
    assert stamps["ApprovedTimestamp"] == stamps["ReviewingTimestamp"] + 10

    # A new version after approval; v1 stays readable.
    v2 = client.create_registration_version(RegistrationId=rid)
    assert (v2["VersionNumber"], v2["RegistrationVersionStatus"]) == (2, "DRAFT")
    old = client.describe_registration_field_values(RegistrationId=rid, VersionNumber=1)
    assert old["RegistrationFieldValues"]
    with pytest.raises(ClientError) as exc:
        client.describe_registration_field_values(RegistrationId=rid, VersionNumber=9)
    assert error_of(exc) == ("ValidationException", "UNKNOWN_REGISTRATION_VERSION")
    with pytest.raises(ClientError) as exc:
        client.create_registration_version(RegistrationId=rid)
    assert error_of(exc) == ("ConflictException", "CREATE_REGISTRATION_VERSION_NOT_ALLOWED")
    discarded = client.discard_registration_version(RegistrationId=rid)
    assert discarded["RegistrationVersionStatus"] == "DISCARDED"
    assert "DiscardedTimestamp" in discarded["RegistrationVersionStatusHistory"]
    info = client.describe_registrations(RegistrationIds=[rid])["Registrations"][0]
    assert info["RegistrationStatus"] == "COMPLETE"

    # The number carries the registration; deleting the registration releases it.
    phone = client.describe_phone_numbers(PhoneNumberIds=[phone_id])["PhoneNumbers"][0]
    assert phone["RegistrationId"] == rid
    gone = client.delete_registration(RegistrationId=rid)
    assert gone["RegistrationStatus"] == "DELETED"
    with pytest.raises(ClientError) as exc:
        client.describe_registrations(RegistrationIds=[rid])
    assert error_of(exc)[0] == "ResourceNotFoundException"
    client.release_phone_number(PhoneNumberId=phone_id)


def test_deny_then_new_version_and_auto_review(manual: FakeSmsVoice) -> None:
    client = _client()
    rid = client.create_registration(RegistrationType="US_TEN_DLC_BRAND_REGISTRATION")[
        "RegistrationId"
    ]
    fill_required(client, rid, "US_TEN_DLC_BRAND_REGISTRATION")
    submitted = client.submit_registration_version(RegistrationId=rid, AwsReview=True)
    assert submitted["RegistrationVersionStatus"] == "AWS_REVIEWING"
    assert submitted["AwsReview"] is True
    assert "AwsReviewingTimestamp" in submitted["RegistrationVersionStatusHistory"]
    manual.deny(rid, reason="INVALID_TAX_ID", feedback="Tax ID does not match")
    info = client.describe_registrations(RegistrationIds=[rid])["Registrations"][0]
    assert info["RegistrationStatus"] == "REQUIRES_UPDATES"
    assert info["LatestDeniedVersionNumber"] == 1
    denied = client.describe_registration_versions(
        RegistrationId=rid,
        Filters=[{"Name": "registration-version-status", "Values": ["DENIED"]}],
    )["RegistrationVersions"]
    assert denied[0]["DeniedReasons"][0]["Reason"] == "INVALID_TAX_ID"
    assert denied[0]["Feedback"] == "Tax ID does not match"
    with pytest.raises(ValueError):
        manual.approve(rid)

    v2 = client.create_registration_version(RegistrationId=rid)
    assert v2["VersionNumber"] == 2
    values = client.describe_registration_field_values(RegistrationId=rid)
    assert values["VersionNumber"] == 2
    assert values["RegistrationFieldValues"] == []  # NEW_VERSION_COPIES_FIELD_VALUES = False
    fill_required(client, rid, "US_TEN_DLC_BRAND_REGISTRATION")
    client.submit_registration_version(RegistrationId=rid)
    # Without a decision the review completes on its own when the clock passes it.
    manual.advance(reg_module.REVIEW_DECISION_SECONDS)
    info = client.describe_registrations(
        Filters=[{"Name": "registration-status", "Values": ["COMPLETE"]}]
    )["Registrations"]
    assert [(r["RegistrationId"], r["ApprovedVersionNumber"]) for r in info] == [(rid, 2)]


def test_instant_mode_campaign_needs_brand_and_numbers_after_complete(
    client: Client, fake: FakeSmsVoice
) -> None:
    brand = client.create_registration(RegistrationType="US_TEN_DLC_BRAND_REGISTRATION")
    campaign = client.create_registration(RegistrationType="US_TEN_DLC_CAMPAIGN_REGISTRATION")
    cid = campaign["RegistrationId"]
    fill_required(client, cid, "US_TEN_DLC_CAMPAIGN_REGISTRATION")
    # The brand must be COMPLETE before a campaign is linked to it.
    with pytest.raises(ClientError) as exc:
        client.create_registration_association(
            RegistrationId=cid, ResourceId=brand["RegistrationId"]
        )
    assert error_of(exc) == ("ConflictException", "REGISTRATION_NOT_COMPLETE")
    fill_required(client, brand["RegistrationId"], "US_TEN_DLC_BRAND_REGISTRATION")
    client.submit_registration_version(RegistrationId=brand["RegistrationId"])
    # instant mode: the review settles at once
    status = client.describe_registrations(RegistrationIds=[brand["RegistrationId"]])
    assert status["Registrations"][0]["RegistrationStatus"] == "COMPLETE"
    linked = client.create_registration_association(
        RegistrationId=cid, ResourceId=brand["RegistrationArn"]
    )
    assert linked["ResourceType"] == "US_TEN_DLC_BRAND_REGISTRATION"
    # A wrong resource type for the registration type.
    tf = toll_free_number(client)
    with pytest.raises(ClientError) as exc:
        client.create_registration_association(RegistrationId=cid, ResourceId=tf)
    assert error_of(exc) == ("ValidationException", "INVALID_REGISTRATION_ASSOCIATION")
    client.submit_registration_version(RegistrationId=cid)
    listed = client.describe_registrations(
        Filters=[{"Name": "registration-type", "Values": ["US_TEN_DLC_CAMPAIGN_REGISTRATION"]}]
    )["Registrations"]
    assert listed[0]["RegistrationStatus"] == "COMPLETE"
    # TEN_DLC numbers reference the approved campaign.
    number = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="TEN_DLC",
        RegistrationId=cid,
    )
    assocs = client.list_registration_associations(RegistrationId=cid)
    types = {a["ResourceType"]: a["ResourceId"] for a in assocs["RegistrationAssociations"]}
    assert types["TEN_DLC"] == number["PhoneNumberId"]
    assert types["US_TEN_DLC_BRAND_REGISTRATION"] == brand["RegistrationId"]


def test_attachments(client: Client, fake: FakeSmsVoice) -> None:
    png = client.create_registration_attachment(AttachmentBody=b"\x89PNG\r\n\x1a\nrest")
    s3 = client.create_registration_attachment(AttachmentUrl="s3://my-bucket/opt-in.jpeg")
    assert png["AttachmentStatus"] == "UPLOAD_IN_PROGRESS"
    listed = client.describe_registration_attachments(
        Filters=[{"Name": "attachment-status", "Values": ["UPLOAD_COMPLETE"]}]
    )["RegistrationAttachments"]
    assert {a["RegistrationAttachmentId"] for a in listed} == {
        png["RegistrationAttachmentId"],
        s3["RegistrationAttachmentId"],
    }
    one = client.describe_registration_attachments(
        RegistrationAttachmentIds=[s3["RegistrationAttachmentId"]]
    )["RegistrationAttachments"][0]
    assert one["AttachmentUrl"] == "s3://my-bucket/opt-in.jpeg"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"AttachmentBody": b"plain text"}, "ATTACHMENT_TYPE_NOT_SUPPORTED"),
        ({"AttachmentUrl": "s3://my-bucket/file.docx"}, "ATTACHMENT_TYPE_NOT_SUPPORTED"),
        ({"AttachmentUrl": "https://example.com/a.pdf"}, "INVALID_PARAMETER"),
        (
            {"AttachmentBody": b"%PDF" + b"0" * reg_module.MAX_ATTACHMENT_BYTES},
            "MAXIMUM_SIZE_EXCEEDED",
        ),
        (
            {"AttachmentBody": PDF, "AttachmentUrl": "s3://my-bucket/a.pdf"},
            "PARAMETERS_CANNOT_BE_USED_TOGETHER",
        ),
        ({}, "MISSING_PARAMETER"),
    ]
    for kwargs, reason in cases:
        with pytest.raises(ClientError) as exc:
            client.create_registration_attachment(**kwargs)
        assert error_of(exc) == ("ValidationException", reason), kwargs
    # In use by a draft field value -> cannot delete.
    rid = client.create_registration(RegistrationType=TOLL_FREE)["RegistrationId"]
    client.put_registration_field_value(
        RegistrationId=rid,
        FieldPath="messagingUseCase.optInImage",
        RegistrationAttachmentId=png["RegistrationAttachmentId"],
    )
    with pytest.raises(ClientError) as exc:
        client.delete_registration_attachment(
            RegistrationAttachmentId=png["RegistrationAttachmentId"]
        )
    assert error_of(exc) == ("ConflictException", "RESOURCE_DELETION_NOT_ALLOWED")
    deleted = client.delete_registration_attachment(
        RegistrationAttachmentId=s3["RegistrationAttachmentId"]
    )
    assert deleted["AttachmentStatus"] == "DELETED"
    with pytest.raises(ClientError) as exc:
        client.delete_registration_attachment(
            RegistrationAttachmentId=s3["RegistrationAttachmentId"]
        )
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_quota_and_not_found(fake: FakeSmsVoice, client: Client) -> None:
    fake.limits["REGISTRATIONS"] = 1
    client.create_registration(RegistrationType=TOLL_FREE)
    with pytest.raises(ClientError) as exc:
        client.create_registration(RegistrationType=TOLL_FREE)
    assert error_of(exc) == ("ServiceQuotaExceededException", "REGISTRATIONS_PER_ACCOUNT")
    with pytest.raises(ClientError) as exc:
        client.create_registration(RegistrationType="NOT_A_TYPE")
    assert error_of(exc) == ("ValidationException", "UNKNOWN_REGISTRATION_TYPE")
    with pytest.raises(ClientError) as exc:
        client.describe_registration_versions(RegistrationId="registration-" + "0" * 32)
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert exc.value.response["ResourceType"] == "registration"  # type: ignore[typeddict-item]
    with pytest.raises(LookupError):
        fake.approve("registration-" + "0" * 32)
