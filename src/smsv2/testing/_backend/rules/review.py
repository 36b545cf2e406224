"""The registration review machine (shared by registrations, RCS agent launches and
`FakeSmsVoice.approve`/`deny`). Reviews advance lazily: each read applies the steps due."""

from __future__ import annotations

from .._base import JsonDict
from .._context import Ctx
from .._state import REGISTRATION
from ..engine import Engine
from .review_rules import review as review_findings

#: Version statuses a reviewer can still decide.
UNDER_REVIEW = frozenset({"SUBMITTED", "AWS_REVIEWING", "REVIEWING"})
#: Carriers reviewing an RCS launch, per country (the fake's choice; other countries get one
#: generic carrier).
LAUNCH_CARRIERS: dict[str, tuple[str, ...]] = {
    "US": ("AT&T", "T-Mobile", "Verizon"),
    "CA": ("Bell", "Rogers", "TELUS"),
    "GB": ("EE", "O2", "Vodafone"),
}
#: Registration status of a launch registration -> country launch / carrier status.
LAUNCH_STATUS: dict[str, tuple[str, str]] = {
    "CREATED": ("CREATED", "PENDING"),
    "COMPLETE": ("ACTIVE", "ACTIVE"),
    "REQUIRES_UPDATES": ("REJECTED", "REJECTED"),
    "CLOSED": ("REJECTED", "REJECTED"),
}
PENDING_LAUNCH = ("PENDING", "PENDING")


def versions(record: JsonDict) -> dict[str, JsonDict]:
    found: dict[str, JsonDict] = record["_versions"]
    return found


def current(record: JsonDict) -> JsonDict:
    return versions(record)[str(record["CurrentVersionNumber"])]


def set_version_status(version: JsonDict, status: str, at: float) -> None:
    version["RegistrationVersionStatus"] = status
    stamp = "".join(p.capitalize() for p in status.split("_")) + "Timestamp"
    version["RegistrationVersionStatusHistory"][stamp] = at


def start_review(record: JsonDict, at: float) -> None:
    version = current(record)
    if version["RegistrationVersionStatus"] in ("SUBMITTED", "AWS_REVIEWING"):
        set_version_status(version, "REVIEWING", at)
        record["RegistrationStatus"] = "REVIEWING"


def approve(record: JsonDict, at: float) -> None:
    start_review(record, at)
    version = current(record)
    previous = record.get("ApprovedVersionNumber")
    if previous is not None and previous != version["VersionNumber"]:
        set_version_status(versions(record)[str(previous)], "ARCHIVED", at)
    set_version_status(version, "APPROVED", at)
    record["ApprovedVersionNumber"] = version["VersionNumber"]
    record["RegistrationStatus"] = "COMPLETE"
    record.pop("_review", None)


def deny(record: JsonDict, at: float, reasons: list[JsonDict], feedback: str | None) -> None:
    """Deny the current version with `reasons` (RegistrationDeniedReasonInformation)."""
    start_review(record, at)
    version = current(record)
    set_version_status(version, "DENIED", at)
    version["DeniedReasons"] = reasons
    if feedback:
        version["Feedback"] = feedback
    record["LatestDeniedVersionNumber"] = version["VersionNumber"]
    record["RegistrationStatus"] = "REQUIRES_UPDATES"
    record.pop("_review", None)


def sync_review(record: JsonDict, now: float) -> None:
    """Apply the review steps due by `now` with their own timestamps."""
    review = record.get("_review")
    if not review:
        return
    if now >= review["start"]:
        start_review(record, float(review["start"]))
    if now >= review["decide"]:
        # The reviewer checks the published requirements (rules.review_rules).
        found = review_findings(record["RegistrationType"], current(record)["_values"])
        if found:
            deny(record, float(review["decide"]), found, None)
        else:
            approve(record, float(review["decide"]))


def under_review(
    engine: Engine, registration_id: str, account_id: str | None, region: str | None
) -> JsonDict:
    """The registration whose current version a reviewer can decide (`FakeSmsVoice`)."""
    for _, _, state in engine.states(account_id, region):
        record = state.table(REGISTRATION).get(registration_id)
        if record is not None:
            sync_review(record, engine.now)
            if current(record)["RegistrationVersionStatus"] not in UNDER_REVIEW:
                raise ValueError("the registration has no version under review")
            return record
    raise LookupError("no registration of the fake has this ID")


def rcs_launches(ctx: Ctx, agent_id: str) -> list[JsonDict]:
    """CountryLaunchStatusInformation of every launch registration the agent is part of."""
    out: list[JsonDict] = []
    for registration in ctx.table(REGISTRATION).values():
        for assoc in registration["_associations"]:
            if assoc["ResourceId"] != agent_id:
                continue
            sync_review(registration, ctx.now)
            status, carrier_status = LAUNCH_STATUS.get(
                registration["RegistrationStatus"], PENDING_LAUNCH
            )
            country = assoc.get("IsoCountryCode") or "US"
            out.append(
                {
                    "IsoCountryCode": country,
                    "Status": status,
                    "RegistrationId": registration["RegistrationId"],
                    "CarrierStatus": [
                        {"CarrierName": name, "Status": carrier_status}
                        for name in LAUNCH_CARRIERS.get(country, ("Carrier",))
                    ],
                }
            )
    return sorted(out, key=lambda e: (e["IsoCountryCode"], e["RegistrationId"]))
