"""Per-call context handed to every operation handler: IDs, ARNs, lookups, paging, tags."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar, cast

from ._base import FakeServiceError, JsonDict, not_found, quota, validation
from ._model import shape_members
from ._state import RegionState
from .engine import Engine
from .quotas import ACCOUNT_LIMIT_TABLES, OTHER_COUNTED_TABLES

T = TypeVar("T")

ARN_SERVICE = "sms-voice"
#: Page size when MaxResults is omitted (a choice of the fake; the model caps it at 100).
DEFAULT_MAX_RESULTS = 100
_COUNTED_TABLES = {**ACCOUNT_LIMIT_TABLES, **OTHER_COUNTED_TABLES}
_ARN_RE = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
    r"(?P<account>[0-9]{12}):(?P<type>[a-z-]+)/(?P<rest>.+)"
)


def partition_for(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def parse_arn(arn: str) -> tuple[str, str, str, str] | None:
    """`(account, region, resource type, rest)` of an sms-voice ARN, else None."""
    match = _ARN_RE.fullmatch(arn)
    if match is None or match["service"] != ARN_SERVICE:
        return None
    return match["account"], match["region"], match["type"], match["rest"]


class Ctx:
    """What a handler needs: the engine's public surface bound to one call's account and
    region. Created by `FakeSmsVoice` while holding the fake's lock."""

    def __init__(
        self,
        engine: Engine,
        state: RegionState,
        *,
        account_id: str,
        region: str,
        operation: str,
        request_id: str,
    ) -> None:
        self.engine = engine
        self.state = state
        self.account_id = account_id
        self.region = region
        self.operation = operation
        self.request_id = request_id
        self.now = engine.now
        self.partition = partition_for(region)

    # --- identifiers -------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        """`<prefix>-` + 32 lowercase hex, deterministic when the fake has a seed."""
        return f"{prefix}-{self.engine.random_hex()}"

    def new_uuid(self) -> str:
        return str(uuid.UUID(hex=self.engine.random_hex(), version=4))

    def random_digits(self, count: int) -> str:
        """`count` seeded decimal digits (verification codes, number suffixes)."""
        return self.engine.random_digits(count)

    def limit(self, name: str) -> int:
        """The quota `name` (`quotas.DEFAULT_LIMITS`) of this fake."""
        return self.engine.limits[name]

    def arn(self, resource_type: str, key: str) -> str:
        return (
            f"arn:{self.partition}:{ARN_SERVICE}:{self.region}:{self.account_id}:"
            f"{resource_type}/{key}"
        )

    # --- records -----------------------------------------------------------------------
    @property
    def settings(self) -> JsonDict:
        return self.state.settings

    def table(self, kind: str) -> dict[str, JsonDict]:
        return self.state.table(kind)

    def key_of(self, kind: str, id_or_arn: str, field: str | None = None) -> str:
        """The table key for a bare ID/name or an ARN of this account and region."""
        if not id_or_arn.startswith("arn:"):
            return id_or_arn
        parsed = parse_arn(id_or_arn)
        if parsed is None:
            raise validation("INVALID_ARN", f"{id_or_arn} is not a valid ARN", field)
        account, region, rtype, rest = parsed
        if rtype != kind or account != self.account_id or region != self.region:
            raise not_found(kind, id_or_arn)
        return rest

    def find(self, kind: str, id_or_arn: str) -> JsonDict | None:
        return self.table(kind).get(self.key_of(kind, id_or_arn))

    def lookup(self, kind: str, id_or_arn: str, field: str | None = None) -> JsonDict:
        """The record or ResourceNotFoundException(kind, id_or_arn)."""
        record = self.table(kind).get(self.key_of(kind, id_or_arn, field))
        if record is None:
            raise not_found(kind, id_or_arn)
        return record

    def add(
        self,
        kind: str,
        key: str,
        record: JsonDict,
        *,
        arn: str | None = None,
        tags: list[JsonDict] | None = None,
    ) -> JsonDict:
        """Store a record; with `arn` it becomes taggable and usable in resource policies."""
        self.table(kind)[key] = record
        if arn is not None:
            self.state.arns[arn] = [kind, key]
            self.state.tags[arn] = {}
            if tags:
                self.put_tags(arn, tags)
        return record

    def remove(self, kind: str, key: str, *, arn: str | None = None) -> JsonDict | None:
        record = self.table(kind).pop(key, None)
        if arn is not None:
            self.state.arns.pop(arn, None)
            self.state.tags.pop(arn, None)
            self.state.policies.pop(arn, None)
        return record

    def view(self, record: Mapping[str, object], shape_name: str) -> JsonDict:
        """Members of the model structure `shape_name` present (non-None) in `record`."""
        return {
            name: record[name] for name in shape_members(shape_name) if record.get(name) is not None
        }

    # --- tags --------------------------------------------------------------------------
    def resource_for_arn(self, arn: str, field: str = "resourceArn") -> tuple[str, str]:
        """`(kind, key)` of a registered ARN; INVALID_ARN or ResourceNotFound otherwise."""
        parsed = parse_arn(arn)
        if parsed is None:
            raise validation("INVALID_ARN", f"{arn} is not a valid ARN", field)
        found = self.state.arns.get(arn)
        if found is None:
            raise not_found(parsed[2], arn)
        return found[0], found[1]

    def put_tags(self, arn: str, tags: Iterable[Mapping[str, object]]) -> None:
        current = self.state.tags.setdefault(arn, {})
        merged = dict(current)
        for tag in tags:
            merged[str(tag["Key"])] = str(tag.get("Value", ""))
        if len(merged) > self.limit("TAGS_PER_RESOURCE"):
            raise quota("TAGS_PER_RESOURCE")
        current.clear()
        current.update(merged)

    def tag_list(self, arn: str) -> list[JsonDict]:
        return [{"Key": k, "Value": v} for k, v in self.state.tags.get(arn, {}).items()]

    # --- quotas ------------------------------------------------------------------------
    def check_quota(self, limit_name: str) -> None:
        """ServiceQuotaExceededException `<LIMIT>_PER_ACCOUNT` if the table is full."""
        used = len(self.table(_COUNTED_TABLES[limit_name]))
        if used >= self.limit(limit_name):
            raise quota(f"{limit_name}_PER_ACCOUNT")

    # --- listing of shared resources ---------------------------------------------------
    def shared_only(self, req: Mapping[str, object], ids_member: str) -> bool:
        """True when only resources shared by other accounts are asked for (`Owner=SHARED`;
        the fake has none); `Owner` with an explicit ID list is a validation error."""
        if req.get("Owner") and req.get(ids_member):
            raise validation(
                "PARAMETERS_CANNOT_BE_USED_TOGETHER",
                f"Owner and {ids_member} cannot be used together.",
                "owner",
            )
        return bool(req.get("Owner") == "SHARED")

    # --- asynchronous transitions ------------------------------------------------------
    def schedule(
        self,
        kind: str,
        key: str,
        delay: float,
        *,
        set_fields: Mapping[str, object] | None = None,
        expect: Mapping[str, object] | None = None,
        delete: bool = False,
    ) -> None:
        """After `delay` seconds (at once when settle="instant", after this call's response):
        if the record still matches `expect`, update `set_fields` or delete it."""
        self.state.transitions.append(
            {
                "due": self.engine.due(delay),
                "kind": kind,
                "key": key,
                "set": dict(set_fields or {}),
                "expect": dict(expect or {}),
                "delete": delete,
            }
        )

    # --- listing -----------------------------------------------------------------------
    def paginate(self, items: list[T], req: Mapping[str, object]) -> tuple[list[T], str | None]:
        """One page of `items` per MaxResults/NextToken; tokens are opaque and bound to the
        operation and the other request members."""
        query = {k: v for k, v in req.items() if k not in ("NextToken", "MaxResults")}
        digest = hashlib.sha256(
            (self.operation + json.dumps(query, sort_keys=True, default=str)).encode()
        ).hexdigest()[:16]
        offset = 0
        token = req.get("NextToken")
        if token is not None:
            offset = _decode_token(str(token), digest)
            if offset > len(items):
                raise _bad_token()
        size = req.get("MaxResults")
        page_size = size if isinstance(size, int) and size > 0 else DEFAULT_MAX_RESULTS
        end = offset + page_size
        next_token = None
        if end < len(items):
            next_token = base64.urlsafe_b64encode(f"{end}:{digest}".encode()).decode()
        return items[offset:end], next_token

    def filter(
        self,
        records: Iterable[JsonDict],
        filters: list[JsonDict] | None,
        getters: Mapping[str, Callable[[JsonDict], object]],
        *,
        allowed: Mapping[str, Iterable[str]] | None = None,
    ) -> list[JsonDict]:
        """AND across filters, OR within values. List attributes match if any element does;
        booleans compare as "true"/"false"."""
        result = list(records)
        for flt in filters or []:
            name = str(flt["Name"])
            values = [str(v) for v in flt["Values"]]
            getter = getters.get(name)
            if getter is None:
                raise validation("INVALID_FILTER_VALUES", f"Unsupported filter {name}", "filters")
            if allowed and name in allowed:
                ok = set(allowed[name])
                bad = [v for v in values if v not in ok]
                if bad:
                    raise validation(
                        "INVALID_FILTER_VALUES",
                        f"Invalid value {bad[0]} for filter {name}",
                        "filters",
                    )
            result = [r for r in result if _matches(getter(r), values)]
        return result


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _matches(attribute: object, values: list[str]) -> bool:
    if attribute is None:
        return False
    if isinstance(attribute, (list, tuple, set)):
        return any(_as_text(a) in values for a in cast("Iterable[object]", attribute))
    return _as_text(attribute) in values


def _bad_token() -> FakeServiceError:
    return validation("INVALID_NEXT_TOKEN", "The NextToken is not valid.", "nextToken")


def _decode_token(token: str, digest: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token.encode()).decode()
        offset_text, token_digest = raw.split(":", 1)
        offset = int(offset_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _bad_token() from None
    if token_digest != digest or offset < 0:
        raise _bad_token()
    return offset
