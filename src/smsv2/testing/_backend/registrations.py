"""Registrations: the type/section/field catalog (`data/registration_types.json`),
registrations, versions, field values, attachments and associations. The review status
machine is in `rules/review.py`."""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re

from ._base import Family, JsonDict, conflict, data_text, not_found, quota, validation
from ._context import Ctx, parse_arn
from ._state import PHONE_NUMBER, RCS_AGENT, REGISTRATION, REGISTRATION_ATTACHMENT, SENDER_ID
from .rules.review import current as _current
from .rules.review import set_version_status as _set_version_status
from .rules.review import sync_review
from .rules.review import versions as _versions
from .rules.review_rules import resolved_requirement

family = Family("registrations")

# --- timing and policy choices (GUESSES unless noted) ------------------------------------
#: Manual mode: seconds after submission until the review starts (SUBMITTED -> REVIEWING).
REVIEW_START_SECONDS = 3600.0
#: Manual mode: seconds after submission until the review approves on its own (a test may
#: decide earlier with ``FakeSmsVoice.approve`` / ``deny``).
REVIEW_DECISION_SECONDS = 86400.0
#: Manual mode: seconds until an attachment upload completes.
ATTACHMENT_UPLOAD_SECONDS = 5.0
#: Whether CreateRegistrationVersion copies the previous field values (the fake starts
#: each new version empty).
NEW_VERSION_COPIES_FIELD_VALUES = False
#: Reason for submitting with missing required fields / associations.
INCOMPLETE_SUBMIT_REASON = "SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED"
#: Version statuses DiscardRegistrationVersion accepts (UG says SUBMITTED; DRAFT is a GUESS).
DISCARDABLE_VERSION_STATUSES = frozenset({"DRAFT", "SUBMITTED"})
#: Current-version statuses from which CreateRegistrationVersion is allowed.
NEW_VERSION_ALLOWED_FROM = frozenset({"APPROVED", "DENIED", "DISCARDED", "REVOKED", "ARCHIVED"})
#: Registration statuses in which DeleteRegistration is refused.
IN_REVIEW_STATUSES = frozenset(
    {"SUBMITTED", "AWS_REVIEWING", "REVIEWING", "REQUIRES_AUTHENTICATION", "PROVISIONING"}
)
#: Attachment limits (CreateRegistrationAttachment reference: 500 KB; PDF, JPEG, PNG).
MAX_ATTACHMENT_BYTES = 500 * 1024
ATTACHMENT_SIGNATURES = {b"%PDF": "PDF", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG"}
ATTACHMENT_EXTENSIONS = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_S3_URL = re.compile(r"s3://[a-z0-9.\-]{3,63}/\S+")
DEFAULT_DENIED_REASON = "The registration was denied by the reviewer."
#: Registration type launching an RCS agent in the US and the association resource type of
#: an RCS agent (names are GUESSES; the model only shows RCS agents can be associated).
RCS_LAUNCH_REGISTRATION_TYPE = "US_RCS_AGENT_LAUNCH_REGISTRATION"
RCS_ASSOCIATION_TYPE = "RCS_AGENT"

# --- static catalog (package data) ---------------------------------------------------------
#: Text pattern of free-text fields (the user guide's companyInfo.companyName).
ANY_TEXT = r"^(?=\s*\S)[\s\S]+$"


@functools.cache
def registration_types() -> dict[str, JsonDict]:
    """registration type -> definition + private `_sections`/`_fields` (loaded once)."""
    raw = data_text("registration_types.json")
    types: dict[str, JsonDict] = json.loads(raw)["registration_types"]
    return types


def _type_def(registration_type: str) -> JsonDict:
    definition = registration_types().get(registration_type)
    if definition is None:
        raise validation(
            "UNKNOWN_REGISTRATION_TYPE",
            f"Unknown registration type {registration_type}.",
            "registrationType",
        )
    return definition


def _field_defs(registration_type: str) -> dict[str, JsonDict]:
    fields: list[JsonDict] = _type_def(registration_type)["_fields"]
    return {f["FieldPath"]: {"SectionPath": f["FieldPath"].split(".", 1)[0], **f} for f in fields}


# --- catalog operations --------------------------------------------------------------------
def _page_out(ctx: Ctx, req: JsonDict, key: str, items: list[JsonDict], head: JsonDict) -> JsonDict:
    page, token = ctx.paginate(items, req)
    out: JsonDict = {**head, key: page}
    if token:
        out["NextToken"] = token
    return out


@family.operation("DescribeRegistrationTypeDefinitions")
def describe_registration_type_definitions(ctx: Ctx, req: JsonDict) -> JsonDict:
    names = req.get("RegistrationTypes") or sorted(registration_types())
    defs = [
        {"RegistrationType": name, **{k: v for k, v in _type_def(name).items() if k[0] != "_"}}
        for name in names
    ]
    defs = ctx.filter(
        defs,
        req.get("Filters"),
        {
            "supported-association-resource-type": lambda d: [
                a["ResourceType"] for a in d["SupportedAssociations"]
            ],
            "supported-association-iso-country-code": lambda d: [
                a.get("IsoCountryCode") for a in d["SupportedAssociations"]
            ],
        },
    )
    return _page_out(ctx, req, "RegistrationTypeDefinitions", defs, {})


@family.operation("DescribeRegistrationSectionDefinitions")
def describe_registration_section_definitions(ctx: Ctx, req: JsonDict) -> JsonDict:
    registration_type = req["RegistrationType"]
    sections: list[JsonDict] = _type_def(registration_type)["_sections"]
    wanted = req.get("SectionPaths")
    if wanted:
        known = {s["SectionPath"]: s for s in sections}
        for path in wanted:
            if path not in known:
                raise validation(
                    "UNKNOWN_REGISTRATION_SECTION", f"Unknown section {path}.", "sectionPaths"
                )
        sections = [known[p] for p in wanted]
    return _page_out(
        ctx,
        req,
        "RegistrationSectionDefinitions",
        sections,
        {"RegistrationType": registration_type},
    )


def _check_section(registration_type: str, section: str | None) -> None:
    sections: list[JsonDict] = _type_def(registration_type)["_sections"]
    if section is not None and section not in {s["SectionPath"] for s in sections}:
        raise validation(
            "UNKNOWN_REGISTRATION_SECTION", f"Unknown section {section}.", "sectionPath"
        )


def _check_fields(defs: dict[str, JsonDict], paths: list[str] | None, field: str) -> None:
    for path in paths or []:
        if path not in defs:
            raise validation("UNKNOWN_REGISTRATION_FIELD", f"Unknown field {path}.", field)


@family.operation("DescribeRegistrationFieldDefinitions")
def describe_registration_field_definitions(ctx: Ctx, req: JsonDict) -> JsonDict:
    registration_type = req["RegistrationType"]
    defs = _field_defs(registration_type)
    section = req.get("SectionPath")
    _check_section(registration_type, section)
    _check_fields(defs, req.get("FieldPaths"), "fieldPaths")
    items = [
        d
        for path, d in defs.items()
        if (section is None or d["SectionPath"] == section)
        and (not req.get("FieldPaths") or path in req["FieldPaths"])
    ]
    return _page_out(
        ctx,
        req,
        "RegistrationFieldDefinitions",
        items,
        {"RegistrationType": registration_type},
    )


# --- registrations and the review machine --------------------------------------------------
def _new_version(record: JsonDict, number: int, now: float) -> JsonDict:
    version: JsonDict = {
        "VersionNumber": number,
        "RegistrationVersionStatus": "DRAFT",
        "RegistrationVersionStatusHistory": {"DraftTimestamp": now},
        "_values": {},
    }
    _versions(record)[str(number)] = version
    record["CurrentVersionNumber"] = number
    return version


def _registration(ctx: Ctx, value: str, field: str = "registrationId") -> JsonDict:
    record = ctx.lookup(REGISTRATION, value, field)
    sync_review(record, ctx.now)
    return record


def _info(record: JsonDict) -> JsonDict:
    out = {
        k: v for k, v in record.items() if not k.startswith("_") and k != "Tags" and v is not None
    }
    return out


def _version_out(record: JsonDict, version: JsonDict) -> JsonDict:
    return {
        "RegistrationArn": record["RegistrationArn"],
        "RegistrationId": record["RegistrationId"],
        "VersionNumber": version["VersionNumber"],
        "RegistrationVersionStatus": version["RegistrationVersionStatus"],
        "RegistrationVersionStatusHistory": dict(version["RegistrationVersionStatusHistory"]),
    }


@family.operation("CreateRegistration")
def create_registration(ctx: Ctx, req: JsonDict) -> JsonDict:
    registration_type = req["RegistrationType"]
    _type_def(registration_type)
    ctx.check_quota("REGISTRATIONS")
    registration_id = ctx.new_id("registration")
    arn = ctx.arn(REGISTRATION, registration_id)
    record: JsonDict = {
        "RegistrationArn": arn,
        "RegistrationId": registration_id,
        "RegistrationType": registration_type,
        "RegistrationStatus": "CREATED",
        "CurrentVersionNumber": 1,
        "AdditionalAttributes": {},
        "CreatedTimestamp": ctx.now,
        "_versions": {},
        "_associations": [],
    }
    _new_version(record, 1, ctx.now)
    ctx.add(REGISTRATION, registration_id, record, arn=arn, tags=req.get("Tags"))
    out = _info(record)
    out["Tags"] = ctx.tag_list(arn)
    return out


@family.operation("DescribeRegistrations")
def describe_registrations(ctx: Ctx, req: JsonDict) -> JsonDict:
    if req.get("RegistrationIds"):
        records = [_registration(ctx, i, "registrationIds") for i in req["RegistrationIds"]]
    else:
        records = list(ctx.table(REGISTRATION).values())
        for record in records:
            sync_review(record, ctx.now)
    records = ctx.filter(
        records,
        req.get("Filters"),
        {
            "registration-type": lambda r: r["RegistrationType"],
            "registration-status": lambda r: r["RegistrationStatus"],
        },
    )
    return _page_out(ctx, req, "Registrations", [_info(r) for r in records], {})


def _phones_of(ctx: Ctx, registration_id: str) -> list[JsonDict]:
    return [
        p for p in ctx.table(PHONE_NUMBER).values() if p.get("RegistrationId") == registration_id
    ]


@family.operation("DeleteRegistration")
def delete_registration(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    registration_id = record["RegistrationId"]
    if record["RegistrationStatus"] in IN_REVIEW_STATUSES:
        raise conflict("RESOURCE_DELETION_NOT_ALLOWED", REGISTRATION, registration_id)
    for phone in _phones_of(ctx, registration_id):
        phone["RegistrationId"] = None
    ctx.remove(REGISTRATION, registration_id, arn=record["RegistrationArn"])
    return _info({**record, "RegistrationStatus": "DELETED"})


@family.operation("CreateRegistrationVersion")
def create_registration_version(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    current = _current(record)
    if current["RegistrationVersionStatus"] not in NEW_VERSION_ALLOWED_FROM:
        raise conflict(
            "CREATE_REGISTRATION_VERSION_NOT_ALLOWED", REGISTRATION, record["RegistrationId"]
        )
    recent = [
        v
        for v in _versions(record).values()
        if v["RegistrationVersionStatusHistory"]["DraftTimestamp"] > ctx.now - 86400
    ]
    if len(recent) >= ctx.limit("REGISTRATION_VERSIONS_CREATED_PER_DAY"):
        raise quota("REGISTRATION_VERSIONS_CREATED_PER_DAY")
    version = _new_version(record, int(current["VersionNumber"]) + 1, ctx.now)
    if NEW_VERSION_COPIES_FIELD_VALUES:
        version["_values"] = {k: dict(v) for k, v in current["_values"].items()}
    return _version_out(record, version)


def _version(record: JsonDict, number: object) -> JsonDict:
    version = _versions(record).get(str(number))
    if version is None:
        raise validation(
            "UNKNOWN_REGISTRATION_VERSION", f"Unknown version {number}.", "versionNumber"
        )
    return version


@family.operation("DescribeRegistrationVersions")
def describe_registration_versions(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    if req.get("VersionNumbers"):
        versions = [_version(record, n) for n in req["VersionNumbers"]]
    else:
        versions = sorted(_versions(record).values(), key=lambda v: int(v["VersionNumber"]))
    versions = ctx.filter(
        versions,
        req.get("Filters"),
        {"registration-version-status": lambda v: v["RegistrationVersionStatus"]},
    )
    items: list[JsonDict] = []
    for version in versions:
        item = _version_out(record, version)
        del item["RegistrationArn"], item["RegistrationId"]
        for key in ("DeniedReasons", "Feedback"):
            if version.get(key):
                item[key] = version[key]
        items.append(item)
    head = {
        "RegistrationArn": record["RegistrationArn"],
        "RegistrationId": record["RegistrationId"],
    }
    return _page_out(ctx, req, "RegistrationVersions", items, head)


def _missing_requirements(ctx: Ctx, record: JsonDict) -> list[str]:
    values: JsonDict = _current(record)["_values"]
    missing = [
        path
        for path, d in _field_defs(record["RegistrationType"]).items()
        if resolved_requirement(d, values) == "REQUIRED" and path not in values
    ]
    missing += [
        f"disallowed:{path}"
        for path, d in _field_defs(record["RegistrationType"]).items()
        if path in values and resolved_requirement(d, values) == "DISALLOWED"
    ]
    associated = {a["ResourceType"] for a in _associations(ctx, record)}
    for assoc in _type_def(record["RegistrationType"])["SupportedAssociations"]:
        if (
            assoc["AssociationBehavior"] == "ASSOCIATE_BEFORE_SUBMIT"
            and assoc["ResourceType"] not in associated
        ):
            missing.append(f"association:{assoc['ResourceType']}")
    return missing


@family.operation("SubmitRegistrationVersion")
def submit_registration_version(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    registration_id = record["RegistrationId"]
    version = _current(record)
    status = version["RegistrationVersionStatus"]
    if status in ("SUBMITTED", "AWS_REVIEWING", "REVIEWING", "REQUIRES_AUTHENTICATION"):
        raise conflict("REGISTRATION_ALREADY_SUBMITTED", REGISTRATION, registration_id)
    if status != "DRAFT":
        raise conflict("SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED", REGISTRATION, registration_id)
    missing = _missing_requirements(ctx, record)
    if missing:
        raise conflict(
            INCOMPLETE_SUBMIT_REASON,
            REGISTRATION,
            registration_id,
            f"The registration is not complete: {len(missing)} requirement(s) missing "
            f"({', '.join(missing[:5])}).",
        )
    aws_review = bool(req.get("AwsReview", False))
    _set_version_status(version, "SUBMITTED", ctx.now)
    record["RegistrationStatus"] = "SUBMITTED"
    if aws_review:
        _set_version_status(version, "AWS_REVIEWING", ctx.now)
        record["RegistrationStatus"] = "AWS_REVIEWING"
    record["_review"] = {
        "version": version["VersionNumber"],
        "start": ctx.engine.due(REVIEW_START_SECONDS),
        "decide": ctx.engine.due(REVIEW_DECISION_SECONDS),
    }
    out = _version_out(record, version)
    out["AwsReview"] = aws_review
    return out


@family.operation("DiscardRegistrationVersion")
def discard_registration_version(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    version = _current(record)
    if version["RegistrationVersionStatus"] not in DISCARDABLE_VERSION_STATUSES:
        raise conflict(
            "DISCARD_REGISTRATION_VERSION_NOT_ALLOWED", REGISTRATION, record["RegistrationId"]
        )
    _set_version_status(version, "DISCARDED", ctx.now)
    record.pop("_review", None)
    if record.get("ApprovedVersionNumber") is not None:
        record["RegistrationStatus"] = "COMPLETE"
    elif record.get("LatestDeniedVersionNumber") is not None:
        record["RegistrationStatus"] = "REQUIRES_UPDATES"
    else:
        record["RegistrationStatus"] = "CREATED"
    return _version_out(record, version)


# --- field values ------------------------------------------------------------------------
def _draft(record: JsonDict) -> JsonDict:
    version = _current(record)
    if version["RegistrationVersionStatus"] != "DRAFT":
        raise conflict(
            "EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED", REGISTRATION, record["RegistrationId"]
        )
    return version


def _field_failed(path: str, message: str) -> Exception:
    return validation("FIELD_VALIDATION_FAILED", message, path)


def _validate_value(ctx: Ctx, definition: JsonDict, req: JsonDict) -> JsonDict:
    path = definition["FieldPath"]
    given = [k for k in ("SelectChoices", "TextValue", "RegistrationAttachmentId") if k in req]
    if not given:
        raise validation(
            "MISSING_PARAMETER",
            "One of SelectChoices, TextValue or RegistrationAttachmentId is required.",
            "fieldPath",
        )
    if len(given) > 1:
        raise validation(
            "PARAMETERS_CANNOT_BE_USED_TOGETHER",
            "Only one of SelectChoices, TextValue or RegistrationAttachmentId may be given.",
            "fieldPath",
        )
    expected = {
        "SELECT": "SelectChoices",
        "TEXT": "TextValue",
        "ATTACHMENT": "RegistrationAttachmentId",
    }[definition["FieldType"]]
    if given[0] != expected:
        raise _field_failed(path, f"{path} is a {definition['FieldType']} field; use {expected}.")
    value = req[expected]
    if expected == "SelectChoices":
        rule = definition["SelectValidation"]
        choices = list(value)
        if not rule["MinChoices"] <= len(choices) <= rule["MaxChoices"]:
            raise _field_failed(
                path, f"{path} takes {rule['MinChoices']} to {rule['MaxChoices']} choice(s)."
            )
        bad = [c for c in choices if c not in rule["Options"]]
        if bad:
            raise _field_failed(path, f"{path} does not accept the option {bad[0]!r}.")
        return {"SelectChoices": choices}
    if expected == "TextValue":
        rule = definition["TextValidation"]
        if not rule["MinLength"] <= len(value) <= rule["MaxLength"]:
            raise _field_failed(
                path, f"{path} must be {rule['MinLength']} to {rule['MaxLength']} characters."
            )
        if re.search(rule["Pattern"], value) is None:
            raise _field_failed(path, f"{path} does not match the required pattern.")
        return {"TextValue": value}
    attachment = ctx.lookup(REGISTRATION_ATTACHMENT, value, "registrationAttachmentId")
    if attachment["AttachmentStatus"] == "UPLOAD_FAILED":
        raise _field_failed(path, "The attachment upload failed.")
    return {"RegistrationAttachmentId": attachment["RegistrationAttachmentId"]}


def _value_out(record: JsonDict, version: JsonDict, path: str, value: JsonDict) -> JsonDict:
    return {
        "RegistrationArn": record["RegistrationArn"],
        "RegistrationId": record["RegistrationId"],
        "VersionNumber": version["VersionNumber"],
        "FieldPath": path,
        **value,
    }


def _definition(record: JsonDict, path: str) -> JsonDict:
    definition = _field_defs(record["RegistrationType"]).get(path)
    if definition is None:
        raise validation("UNKNOWN_REGISTRATION_FIELD", f"Unknown field {path}.", "fieldPath")
    return definition


@family.operation("PutRegistrationFieldValue")
def put_registration_field_value(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    definition = _definition(record, req["FieldPath"])
    version = _draft(record)
    value = _validate_value(ctx, definition, req)
    version["_values"][req["FieldPath"]] = value
    return _value_out(record, version, req["FieldPath"], value)


@family.operation("DeleteRegistrationFieldValue")
def delete_registration_field_value(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    path = req["FieldPath"]
    definition = _definition(record, path)
    version = _draft(record)
    if definition["FieldRequirement"] == "REQUIRED":
        raise validation(
            "REGISTRATION_FIELD_CANNOT_BE_DELETED",
            f"{path} is required and cannot be deleted; put a new value instead.",
            "fieldPath",
        )
    value = version["_values"].pop(path, None)
    if value is None:
        raise not_found(REGISTRATION, f"{record['RegistrationId']}/{path}")
    return _value_out(record, version, path, value)


@family.operation("DescribeRegistrationFieldValues")
def describe_registration_field_values(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    number = req.get("VersionNumber", record["CurrentVersionNumber"])
    version = _version(record, number)
    defs = _field_defs(record["RegistrationType"])
    section = req.get("SectionPath")
    _check_section(record["RegistrationType"], section)
    _check_fields(defs, req.get("FieldPaths"), "fieldPaths")
    values: JsonDict = version["_values"]
    items = [
        {"FieldPath": path, **values[path]}
        for path, d in defs.items()
        if path in values
        and (section is None or d["SectionPath"] == section)
        and (not req.get("FieldPaths") or path in req["FieldPaths"])
    ]
    head = {
        "RegistrationArn": record["RegistrationArn"],
        "RegistrationId": record["RegistrationId"],
        "VersionNumber": version["VersionNumber"],
    }
    return _page_out(ctx, req, "RegistrationFieldValues", items, head)


# --- attachments -------------------------------------------------------------------------
def _attachment_type(req: JsonDict) -> tuple[str, int]:
    body, url = req.get("AttachmentBody"), req.get("AttachmentUrl")
    if body is not None and url is not None:
        raise validation(
            "PARAMETERS_CANNOT_BE_USED_TOGETHER",
            "AttachmentBody and AttachmentUrl cannot be used together.",
            "attachmentBody",
        )
    if body is None and url is None:
        raise validation(
            "MISSING_PARAMETER", "AttachmentBody or AttachmentUrl is required.", "attachmentBody"
        )
    if url is not None:
        if _S3_URL.fullmatch(url) is None:
            raise validation(
                "INVALID_PARAMETER",
                "AttachmentUrl must be s3://BucketName/FileName.",
                "attachmentUrl",
            )
        suffix = "." + url.rsplit(".", 1)[-1].lower() if "." in url.rsplit("/", 1)[-1] else ""
        kind = ATTACHMENT_EXTENSIONS.get(suffix)
        if kind is None:
            raise validation(
                "ATTACHMENT_TYPE_NOT_SUPPORTED", "Only PDF, PNG and JPEG files.", "attachmentUrl"
            )
        return kind, 0
    try:
        data = base64.b64decode(str(body), validate=True)
    except (binascii.Error, ValueError):
        raise validation(
            "CANNOT_PARSE", "AttachmentBody is not base64.", "attachmentBody"
        ) from None
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise validation(
            "MAXIMUM_SIZE_EXCEEDED", "Attachments are limited to 500 KB.", "attachmentBody"
        )
    for magic, kind in ATTACHMENT_SIGNATURES.items():
        if data.startswith(magic):
            return kind, len(data)
    raise validation(
        "ATTACHMENT_TYPE_NOT_SUPPORTED", "Only PDF, PNG and JPEG files.", "attachmentBody"
    )


@family.operation("CreateRegistrationAttachment")
def create_registration_attachment(ctx: Ctx, req: JsonDict) -> JsonDict:
    kind, size = _attachment_type(req)
    ctx.check_quota("REGISTRATION_ATTACHMENTS")
    attachment_id = ctx.new_id("attachment")
    arn = ctx.arn(REGISTRATION_ATTACHMENT, attachment_id)
    record: JsonDict = {
        "RegistrationAttachmentArn": arn,
        "RegistrationAttachmentId": attachment_id,
        "AttachmentStatus": "UPLOAD_IN_PROGRESS",
        "CreatedTimestamp": ctx.now,
        "AttachmentUrl": req.get("AttachmentUrl"),
        "_type": kind,
        "_size": size,
    }
    ctx.add(REGISTRATION_ATTACHMENT, attachment_id, record, arn=arn, tags=req.get("Tags"))
    ctx.schedule(
        REGISTRATION_ATTACHMENT,
        attachment_id,
        ATTACHMENT_UPLOAD_SECONDS,
        set_fields={"AttachmentStatus": "UPLOAD_COMPLETE"},
        expect={"AttachmentStatus": "UPLOAD_IN_PROGRESS"},
    )
    out = ctx.view(record, "CreateRegistrationAttachmentResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


@family.operation("DescribeRegistrationAttachments")
def describe_registration_attachments(ctx: Ctx, req: JsonDict) -> JsonDict:
    if req.get("RegistrationAttachmentIds"):
        records = [
            ctx.lookup(REGISTRATION_ATTACHMENT, i, "registrationAttachmentIds")
            for i in req["RegistrationAttachmentIds"]
        ]
    else:
        records = list(ctx.table(REGISTRATION_ATTACHMENT).values())
    records = ctx.filter(
        records, req.get("Filters"), {"attachment-status": lambda r: r["AttachmentStatus"]}
    )
    items = [ctx.view(r, "RegistrationAttachmentsInformation") for r in records]
    return _page_out(ctx, req, "RegistrationAttachments", items, {})


@family.operation("DeleteRegistrationAttachment")
def delete_registration_attachment(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = ctx.lookup(
        REGISTRATION_ATTACHMENT, req["RegistrationAttachmentId"], "registrationAttachmentId"
    )
    attachment_id = record["RegistrationAttachmentId"]
    for registration in ctx.table(REGISTRATION).values():
        for version in _versions(registration).values():
            if version["RegistrationVersionStatus"] in ("DISCARDED", "ARCHIVED"):
                continue
            for value in version["_values"].values():
                if value.get("RegistrationAttachmentId") == attachment_id:
                    raise conflict(
                        "RESOURCE_DELETION_NOT_ALLOWED", REGISTRATION_ATTACHMENT, attachment_id
                    )
    ctx.remove(REGISTRATION_ATTACHMENT, attachment_id, arn=record["RegistrationAttachmentArn"])
    return ctx.view({**record, "AttachmentStatus": "DELETED"}, "DeleteRegistrationAttachmentResult")


# --- associations ------------------------------------------------------------------------
def _resource(ctx: Ctx, value: str) -> JsonDict:
    """Association metadata (+ private `_kind`/`_key`) of a resource ID, ARN or E.164."""
    kind = None
    if value.startswith("arn:"):
        parsed = parse_arn(value)
        if parsed is None:
            raise validation("INVALID_ARN", f"{value} is not a valid ARN", "resourceId")
        kind = parsed[2]
    elif value.startswith("phone-") or value.startswith("+"):
        kind = PHONE_NUMBER
    elif value.startswith("registration-"):
        kind = REGISTRATION
    elif value.startswith("rcs-"):
        kind = RCS_AGENT
    if kind == PHONE_NUMBER:
        if value.startswith("+"):
            found = [p for p in ctx.table(PHONE_NUMBER).values() if p["PhoneNumber"] == value]
            if not found:
                raise not_found(PHONE_NUMBER, value)
            phone = found[0]
        else:
            phone = ctx.lookup(PHONE_NUMBER, value, "resourceId")
        return {
            "ResourceArn": phone["PhoneNumberArn"],
            "ResourceId": phone["PhoneNumberId"],
            "ResourceType": phone["NumberType"],
            "IsoCountryCode": phone["IsoCountryCode"],
            "PhoneNumber": phone["PhoneNumber"],
            "_kind": PHONE_NUMBER,
            "_key": phone["PhoneNumberId"],
        }
    if kind == REGISTRATION:
        other = _registration(ctx, value, "resourceId")
        return {
            "ResourceArn": other["RegistrationArn"],
            "ResourceId": other["RegistrationId"],
            "ResourceType": other["RegistrationType"],
            "_kind": REGISTRATION,
            "_key": other["RegistrationId"],
            "_status": other["RegistrationStatus"],
        }
    if kind == RCS_AGENT:
        agent = ctx.lookup(RCS_AGENT, value, "resourceId")
        return {
            "ResourceArn": agent["RcsAgentArn"],
            "ResourceId": agent["RcsAgentId"],
            "ResourceType": RCS_ASSOCIATION_TYPE,
            "_kind": RCS_AGENT,
            "_key": agent["RcsAgentId"],
        }
    if kind == SENDER_ID:
        found_sender = ctx.find(SENDER_ID, value)
        if found_sender is None:
            raise not_found(SENDER_ID, value)
        return {
            "ResourceArn": found_sender["SenderIdArn"],
            "ResourceId": found_sender["SenderId"],
            "ResourceType": "SENDER_ID",
            "IsoCountryCode": found_sender["IsoCountryCode"],
            "_kind": SENDER_ID,
            "_key": value,
        }
    raise validation(
        "INVALID_REGISTRATION_ASSOCIATION", f"{value} cannot be associated.", "resourceId"
    )


def _associations(ctx: Ctx, record: JsonDict) -> list[JsonDict]:
    """Stored associations plus the phone numbers carrying this registration's ID."""
    out = [dict(a) for a in record["_associations"]]
    for phone in _phones_of(ctx, record["RegistrationId"]):
        out.append(
            {
                "ResourceArn": phone["PhoneNumberArn"],
                "ResourceId": phone["PhoneNumberId"],
                "ResourceType": phone["NumberType"],
                "IsoCountryCode": phone["IsoCountryCode"],
                "PhoneNumber": phone["PhoneNumber"],
            }
        )
    return out


@family.operation("CreateRegistrationAssociation")
def create_registration_association(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    registration_id = record["RegistrationId"]
    resource = _resource(ctx, req["ResourceId"])
    supported = [
        a
        for a in _type_def(record["RegistrationType"])["SupportedAssociations"]
        if a["ResourceType"] == resource["ResourceType"]
    ]
    if not supported:
        raise validation(
            "INVALID_REGISTRATION_ASSOCIATION",
            f"{record['RegistrationType']} does not accept {resource['ResourceType']}.",
            "resourceId",
        )
    rule = supported[0]
    if rule.get("IsoCountryCode"):
        if resource["_kind"] == PHONE_NUMBER:
            if resource["IsoCountryCode"] != rule["IsoCountryCode"]:
                raise conflict(
                    "PHONE_NUMBER_NOT_IN_REGISTRATION_REGION", REGISTRATION, registration_id
                )
        else:
            resource.setdefault("IsoCountryCode", rule["IsoCountryCode"])
    if resource["_kind"] == RCS_AGENT:
        for other in ctx.table(REGISTRATION).values():
            if other["RegistrationType"] == record["RegistrationType"] and any(
                a["ResourceId"] == resource["ResourceId"] for a in other["_associations"]
            ):
                raise conflict(
                    "RCS_AGENT_ALREADY_ASSOCIATED_TO_REGISTRATION_TYPE",
                    RCS_AGENT,
                    resource["ResourceId"],
                )
    if rule["AssociationBehavior"] == "ASSOCIATE_AFTER_COMPLETE" and (
        record["RegistrationStatus"] != "COMPLETE"
    ):
        raise conflict("REGISTRATION_NOT_COMPLETE", REGISTRATION, registration_id)
    if resource.get("_status") not in (None, "COMPLETE"):
        raise conflict("REGISTRATION_NOT_COMPLETE", REGISTRATION, resource["ResourceId"])
    existing = _associations(ctx, record)
    if any(a["ResourceId"] == resource["ResourceId"] for a in existing):
        raise conflict("RESOURCE_ALREADY_ASSOCIATED", REGISTRATION, registration_id)
    if len(existing) >= ctx.limit("ASSOCIATIONS_PER_REGISTRATION"):
        raise quota("ASSOCIATIONS_PER_REGISTRATION")
    public = {k: v for k, v in resource.items() if not k.startswith("_")}
    if resource["_kind"] == PHONE_NUMBER:
        phone = ctx.table(PHONE_NUMBER)[resource["_key"]]
        if phone.get("RegistrationId"):
            raise conflict("RESOURCE_ALREADY_ASSOCIATED", PHONE_NUMBER, phone["PhoneNumberId"])
        phone["RegistrationId"] = registration_id
    else:
        record["_associations"].append(public)
    return {
        "RegistrationArn": record["RegistrationArn"],
        "RegistrationId": registration_id,
        "RegistrationType": record["RegistrationType"],
        **public,
    }


@family.operation("ListRegistrationAssociations")
def list_registration_associations(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _registration(ctx, req["RegistrationId"])
    items = ctx.filter(
        _associations(ctx, record),
        req.get("Filters"),
        {
            "resource-type": lambda a: a["ResourceType"],
            "iso-country-code": lambda a: a.get("IsoCountryCode"),
        },
    )
    head = {
        "RegistrationArn": record["RegistrationArn"],
        "RegistrationId": record["RegistrationId"],
        "RegistrationType": record["RegistrationType"],
    }
    return _page_out(ctx, req, "RegistrationAssociations", items, head)
