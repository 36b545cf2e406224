"""Opt-out lists as the other families see them: the Default list, opting a number out or
in, the send-time check and which resources use a list."""

from __future__ import annotations

from .._base import JsonDict, conflict
from .._context import Ctx
from .._state import OPT_OUT_LIST, OPTED_OUT_NUMBER, PHONE_NUMBER, POOL, RCS_AGENT

DEFAULT_LIST = "Default"
#: Resource tables whose records name the opt-out list they use (``OptOutListName``).
LIST_USERS = (PHONE_NUMBER, POOL, RCS_AGENT)


def create_list(ctx: Ctx, name: str, tags: list[JsonDict] | None) -> JsonDict:
    arn = ctx.arn(OPT_OUT_LIST, name)
    record: JsonDict = {
        "OptOutListArn": arn,
        "OptOutListName": name,
        "CreatedTimestamp": ctx.now,
        "_numbers": {},
        "_removals": {},
    }
    return ctx.add(OPT_OUT_LIST, name, record, arn=arn, tags=tags)


def ensure_default_list(ctx: Ctx) -> JsonDict:
    """The `Default` list, created on first use (whether it pre-exists is not documented)."""
    existing = ctx.table(OPT_OUT_LIST).get(DEFAULT_LIST)
    if existing is not None:
        return existing
    return create_list(ctx, DEFAULT_LIST, None)


def list_name_for(ctx: Ctx, name_or_arn: str | None) -> str:
    """The opt-out list name to store on a resource (`Default` when none is given)."""
    if name_or_arn is None or name_or_arn == DEFAULT_LIST:
        ensure_default_list(ctx)
        return DEFAULT_LIST
    return str(ctx.lookup(OPT_OUT_LIST, name_or_arn, "optOutListName")["OptOutListName"])


def opt_out(ctx: Ctx, list_name: str, number: str, *, end_user: bool) -> JsonDict:
    """Add `number` to a list (idempotent; an end-user opt-out stays flagged)."""
    record = (
        ensure_default_list(ctx)
        if list_name == DEFAULT_LIST
        else ctx.table(OPT_OUT_LIST)[list_name]
    )
    numbers: dict[str, JsonDict] = record["_numbers"]
    entry = numbers.get(number)
    if entry is None:
        entry = {
            "OptedOutNumber": number,
            "OptedOutTimestamp": ctx.now,
            "EndUserOptedOut": end_user,
        }
        numbers[number] = entry
    elif end_user:
        entry["EndUserOptedOut"] = True
    return entry


def opt_in(ctx: Ctx, list_name: str, number: str) -> None:
    """Remove `number` from a list (an end user's OPT_IN keyword)."""
    record = ctx.table(OPT_OUT_LIST).get(list_name)
    if record is not None:
        record["_numbers"].pop(number, None)


def is_opted_out(ctx: Ctx, list_name: str, number: str) -> bool:
    record = ctx.table(OPT_OUT_LIST).get(list_name)
    return record is not None and number in record["_numbers"]


def check_not_opted_out(ctx: Ctx, list_name: str, destination: str) -> None:
    """ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT when `destination` is on the
    origination identity's list."""
    if is_opted_out(ctx, list_name, destination):
        raise conflict("DESTINATION_PHONE_NUMBER_OPTED_OUT", OPTED_OUT_NUMBER, destination)


def list_in_use(ctx: Ctx, list_name: str) -> bool:
    """Whether a phone number, pool or RCS agent uses the list."""
    return any(
        record.get("OptOutListName") == list_name
        for kind in LIST_USERS
        for record in ctx.table(kind).values()
    )
