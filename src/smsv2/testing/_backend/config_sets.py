"""Configuration sets, event destinations, default message type / sender ID / feedback."""

from __future__ import annotations

from ._base import Family, Getters, JsonDict, conflict, not_found, quota, validation
from ._context import Ctx
from ._state import CONFIGURATION_SET, EVENT_DESTINATION

family = Family("config_sets")

DESTINATION_KINDS = ("CloudWatchLogsDestination", "KinesisFirehoseDestination", "SnsDestination")
#: Event types a destination may not subscribe to (CreateEventDestination reference).
UNSUPPORTED_EVENT_TYPES = frozenset({"TEXT_SENT"})


def _set(ctx: Ctx, name_or_arn: str) -> JsonDict:
    return ctx.lookup(CONFIGURATION_SET, name_or_arn, "configurationSetName")


def _header(record: JsonDict) -> JsonDict:
    return {
        "ConfigurationSetArn": record["ConfigurationSetArn"],
        "ConfigurationSetName": record["ConfigurationSetName"],
    }


@family.operation("CreateConfigurationSet")
def create_configuration_set(ctx: Ctx, req: JsonDict) -> JsonDict:
    name = req["ConfigurationSetName"]
    if name in ctx.table(CONFIGURATION_SET):
        raise conflict("RESOURCE_ALREADY_EXISTS", CONFIGURATION_SET, name)
    ctx.check_quota("CONFIGURATION_SETS")
    arn = ctx.arn(CONFIGURATION_SET, name)
    record: JsonDict = {
        "ConfigurationSetArn": arn,
        "ConfigurationSetName": name,
        "EventDestinations": [],
        "CreatedTimestamp": ctx.now,
    }
    ctx.add(CONFIGURATION_SET, name, record, arn=arn, tags=req.get("Tags"))
    out = ctx.view(record, "CreateConfigurationSetResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


@family.operation("DeleteConfigurationSet")
def delete_configuration_set(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    ctx.remove(CONFIGURATION_SET, record["ConfigurationSetName"], arn=record["ConfigurationSetArn"])
    return ctx.view(record, "DeleteConfigurationSetResult")


SET_FILTERS: Getters = {
    "event-destination-name": lambda r: [d["EventDestinationName"] for d in r["EventDestinations"]],
    "matching-event-types": lambda r: [
        t for d in r["EventDestinations"] for t in d["MatchingEventTypes"]
    ],
    "default-message-type": lambda r: r.get("DefaultMessageType"),
    "default-sender-id": lambda r: r.get("DefaultSenderId"),
    "default-message-feedback-enabled": lambda r: bool(r.get("DefaultMessageFeedbackEnabled")),
    "protect-configuration-id": lambda r: r.get("ProtectConfigurationId"),
}


@family.operation("DescribeConfigurationSets")
def describe_configuration_sets(ctx: Ctx, req: JsonDict) -> JsonDict:
    if req.get("ConfigurationSetNames"):
        records = [_set(ctx, n) for n in req["ConfigurationSetNames"]]
    else:
        records = list(ctx.table(CONFIGURATION_SET).values())
    records = ctx.filter(records, req.get("Filters"), SET_FILTERS)
    page, token = ctx.paginate(records, req)
    out: JsonDict = {
        "ConfigurationSets": [ctx.view(r, "ConfigurationSetInformation") for r in page]
    }
    if token:
        out["NextToken"] = token
    return out


def _destination_of(req: JsonDict) -> tuple[str, JsonDict] | None:
    given = [(k, req[k]) for k in DESTINATION_KINDS if req.get(k) is not None]
    if len(given) > 1:
        raise validation(
            "PARAMETERS_CANNOT_BE_USED_TOGETHER",
            "Specify only one event destination type.",
            "eventDestination",
        )
    return given[0] if given else None


def _check_event_types(types: list[str]) -> None:
    bad = [t for t in types if t in UNSUPPORTED_EVENT_TYPES]
    if bad:
        raise validation(
            "INVALID_PARAMETER", f"Event type {bad[0]} is not supported.", "matchingEventTypes"
        )


def _find_destination(record: JsonDict, name: str) -> JsonDict:
    for dest in record["EventDestinations"]:
        if dest["EventDestinationName"] == name:
            return dest  # type: ignore[no-any-return]
    raise not_found(EVENT_DESTINATION, name)


@family.operation("CreateEventDestination")
def create_event_destination(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    name = req["EventDestinationName"]
    destination = _destination_of(req)
    if destination is None:
        raise validation(
            "MISSING_PARAMETER",
            "One of CloudWatchLogsDestination, KinesisFirehoseDestination or SnsDestination is required.",
            "eventDestination",
        )
    _check_event_types(req["MatchingEventTypes"])
    if any(d["EventDestinationName"] == name for d in record["EventDestinations"]):
        raise conflict("RESOURCE_ALREADY_EXISTS", EVENT_DESTINATION, name)
    if len(record["EventDestinations"]) >= ctx.limit("EVENT_DESTINATIONS_PER_CONFIGURATION_SET"):
        raise quota("EVENT_DESTINATIONS_PER_CONFIGURATION_SET")
    dest: JsonDict = {
        "EventDestinationName": name,
        "Enabled": True,
        "MatchingEventTypes": list(dict.fromkeys(req["MatchingEventTypes"])),
        destination[0]: destination[1],
    }
    record["EventDestinations"].append(dest)
    return {**_header(record), "EventDestination": dest}


@family.operation("UpdateEventDestination")
def update_event_destination(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    dest = _find_destination(record, req["EventDestinationName"])
    destination = _destination_of(req)
    if destination is not None:
        if destination[0] not in dest:
            raise conflict(
                "EVENT_DESTINATION_MISMATCH", EVENT_DESTINATION, dest["EventDestinationName"]
            )
        dest[destination[0]] = destination[1]
    if req.get("MatchingEventTypes") is not None:
        _check_event_types(req["MatchingEventTypes"])
        dest["MatchingEventTypes"] = list(dict.fromkeys(req["MatchingEventTypes"]))
    if req.get("Enabled") is not None:
        dest["Enabled"] = req["Enabled"]
    return {**_header(record), "EventDestination": dest}


@family.operation("DeleteEventDestination")
def delete_event_destination(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    dest = _find_destination(record, req["EventDestinationName"])
    record["EventDestinations"].remove(dest)
    return {**_header(record), "EventDestination": dest}


@family.operation("SetDefaultMessageType")
def set_default_message_type(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    record["DefaultMessageType"] = req["MessageType"]
    return {**_header(record), "MessageType": req["MessageType"]}


@family.operation("DeleteDefaultMessageType")
def delete_default_message_type(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    previous = record.pop("DefaultMessageType", None)
    out = _header(record)
    if previous is not None:
        out["MessageType"] = previous
    return out


@family.operation("SetDefaultSenderId")
def set_default_sender_id(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    # Accepted without owning the sender ID (as the Terraform provider's tests observe).
    record["DefaultSenderId"] = req["SenderId"]
    return {**_header(record), "SenderId": req["SenderId"]}


@family.operation("DeleteDefaultSenderId")
def delete_default_sender_id(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    previous = record.pop("DefaultSenderId", None)
    out = _header(record)
    if previous is not None:
        out["SenderId"] = previous
    return out


@family.operation("SetDefaultMessageFeedbackEnabled")
def set_default_message_feedback_enabled(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _set(ctx, req["ConfigurationSetName"])
    record["DefaultMessageFeedbackEnabled"] = req["MessageFeedbackEnabled"]
    return {**_header(record), "MessageFeedbackEnabled": req["MessageFeedbackEnabled"]}
