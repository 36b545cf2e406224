"""Per-(account, region) state. Everything is plain JSON so a state file is a json.dump."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._base import JsonDict

# Resource type strings double as table names (they are the ResourceType enum of errors).
PHONE_NUMBER = "phone-number"
SENDER_ID = "sender-id"
POOL = "pool"
OPT_OUT_LIST = "opt-out-list"
OPTED_OUT_NUMBER = "opted-out-number"
CONFIGURATION_SET = "configuration-set"
EVENT_DESTINATION = "event-destination"
KEYWORD = "keyword"
VERIFIED_NUMBER = "verified-destination-number"
REGISTRATION = "registration"
REGISTRATION_ATTACHMENT = "registration-attachment"
PROTECT_CONFIGURATION = "protect-configuration"
NOTIFY_CONFIGURATION = "notify-configuration"
RCS_AGENT = "rcs-agent"
MESSAGE = "message"


@dataclass
class RegionState:
    """Tables of records keyed by resource type, then by resource key (ID or name).

    Records use the wire member names of the model (e.g. `PoolId`); private bookkeeping
    keys start with `_` and never reach the wire.
    """

    tables: dict[str, dict[str, JsonDict]] = field(default_factory=dict[str, dict[str, JsonDict]])
    #: ARN -> [resource type, key]: makes tags and policies generic over resources.
    arns: dict[str, list[str]] = field(default_factory=dict[str, list[str]])
    tags: dict[str, dict[str, str]] = field(default_factory=dict[str, dict[str, str]])
    policies: dict[str, str] = field(default_factory=dict[str, str])
    #: "Operation:ClientToken" -> first response body.
    idempotency: dict[str, JsonDict] = field(default_factory=dict[str, JsonDict])
    #: Pending asynchronous transitions, see ``Ctx.schedule``.
    transitions: list[JsonDict] = field(default_factory=list[JsonDict])
    #: Account-level settings (tier, spend limits, defaults) owned by the family modules.
    settings: JsonDict = field(default_factory=dict[str, Any])

    def table(self, kind: str) -> dict[str, JsonDict]:
        return self.tables.setdefault(kind, {})

    def to_json(self) -> JsonDict:
        return {
            "tables": self.tables,
            "arns": self.arns,
            "tags": self.tags,
            "policies": self.policies,
            "idempotency": self.idempotency,
            "transitions": self.transitions,
            "settings": self.settings,
        }

    @classmethod
    def from_json(cls, data: JsonDict) -> RegionState:
        return cls(
            tables=data.get("tables", {}),
            arns=data.get("arns", {}),
            tags=data.get("tags", {}),
            policies=data.get("policies", {}),
            idempotency=data.get("idempotency", {}),
            transitions=data.get("transitions", []),
            settings=data.get("settings", {}),
        )
