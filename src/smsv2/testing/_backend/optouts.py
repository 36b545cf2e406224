"""Opt-out lists and opted-out numbers."""

from __future__ import annotations

from ._base import JsonDict, conflict, not_found, operation, validation
from ._context import Ctx
from ._state import OPT_OUT_LIST, OPTED_OUT_NUMBER, PHONE_NUMBER, POOL

DEFAULT_LIST = "Default"
#: An end-user opt-out can be removed once per this many seconds (DOC M:DeleteOptedOutNumber).
END_USER_REMOVAL_INTERVAL_SECONDS = 30 * 24 * 3600
#: Reason when deleting a list still used by a number/pool, or the Default list (GUESS).
LIST_IN_USE_REASON = "RESOURCE_DELETION_NOT_ALLOWED"


def ensure_default_list(ctx: Ctx) -> JsonDict:
    """The ``Default`` list, created lazily (GUESS: whether it pre-exists is unknown)."""
    table = ctx.table(OPT_OUT_LIST)
    existing = table.get(DEFAULT_LIST)
    if existing is not None:
        return existing
    return _create(ctx, DEFAULT_LIST, None)


def _create(ctx: Ctx, name: str, tags: list[JsonDict] | None) -> JsonDict:
    arn = ctx.arn(OPT_OUT_LIST, name)
    record: JsonDict = {
        "OptOutListArn": arn,
        "OptOutListName": name,
        "CreatedTimestamp": ctx.now,
        "_numbers": {},
        "_removals": {},
    }
    return ctx.add(OPT_OUT_LIST, name, record, arn=arn, tags=tags)


def opt_out(ctx: Ctx, list_name: str, number: str, *, end_user: bool) -> JsonDict:
    """Add ``number`` to a list (idempotent; an end-user opt-out stays flagged)."""
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


def is_opted_out(ctx: Ctx, list_name: str, number: str) -> bool:
    record = ctx.table(OPT_OUT_LIST).get(list_name)
    return record is not None and number in record["_numbers"]


def _list(ctx: Ctx, name_or_arn: str) -> JsonDict:
    if name_or_arn == DEFAULT_LIST:
        return ensure_default_list(ctx)
    return ctx.lookup(OPT_OUT_LIST, name_or_arn, "optOutListName")


@operation("CreateOptOutList")
def create_opt_out_list(ctx: Ctx, req: JsonDict) -> JsonDict:
    name = req["OptOutListName"]
    if name in ctx.table(OPT_OUT_LIST):
        raise conflict("RESOURCE_ALREADY_EXISTS", OPT_OUT_LIST, name)
    ctx.check_quota("OPT_OUT_LISTS")
    record = _create(ctx, name, req.get("Tags"))
    out = ctx.view(record, "CreateOptOutListResult")
    out["Tags"] = ctx.tag_list(record["OptOutListArn"])
    return out


@operation("DeleteOptOutList")
def delete_opt_out_list(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _list(ctx, req["OptOutListName"])
    name = record["OptOutListName"]
    if name == DEFAULT_LIST:
        raise conflict(LIST_IN_USE_REASON, OPT_OUT_LIST, name)
    for kind in (PHONE_NUMBER, POOL):
        if any(r.get("OptOutListName") == name for r in ctx.table(kind).values()):
            raise conflict(LIST_IN_USE_REASON, OPT_OUT_LIST, name)
    ctx.remove(OPT_OUT_LIST, name, arn=record["OptOutListArn"])
    return ctx.view(record, "DeleteOptOutListResult")


@operation("DescribeOptOutLists")
def describe_opt_out_lists(ctx: Ctx, req: JsonDict) -> JsonDict:
    from .numbers import _owner_check

    ensure_default_list(ctx)
    if _owner_check(req, "OptOutListNames"):
        records: list[JsonDict] = []
    elif req.get("OptOutListNames"):
        records = [_list(ctx, n) for n in req["OptOutListNames"]]
    else:
        records = list(ctx.table(OPT_OUT_LIST).values())
    page, token = ctx.paginate(records, req)
    out: JsonDict = {"OptOutLists": [ctx.view(r, "OptOutListInformation") for r in page]}
    if token:
        out["NextToken"] = token
    return out


def _number_out(record: JsonDict, entry: JsonDict) -> JsonDict:
    return {
        "OptOutListArn": record["OptOutListArn"],
        "OptOutListName": record["OptOutListName"],
        "OptedOutNumber": entry["OptedOutNumber"],
        "OptedOutTimestamp": entry["OptedOutTimestamp"],
        "EndUserOptedOut": entry["EndUserOptedOut"],
    }


def _e164(number: str) -> str:
    if not number.startswith("+"):
        raise validation(
            "INVALID_PARAMETER", "Phone numbers must be in E.164 format.", "optedOutNumber"
        )
    return number


@operation("PutOptedOutNumber")
def put_opted_out_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _list(ctx, req["OptOutListName"])
    entry = opt_out(ctx, record["OptOutListName"], _e164(req["OptedOutNumber"]), end_user=False)
    return _number_out(record, entry)


@operation("DeleteOptedOutNumber")
def delete_opted_out_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _list(ctx, req["OptOutListName"])
    number = req["OptedOutNumber"]
    entry = record["_numbers"].get(number)
    if entry is None:
        raise not_found(OPTED_OUT_NUMBER, number)
    if entry["EndUserOptedOut"]:
        last = record["_removals"].get(number)
        if last is not None and ctx.now - last < END_USER_REMOVAL_INTERVAL_SECONDS:
            raise conflict("RESOURCE_DELETION_NOT_ALLOWED", OPTED_OUT_NUMBER, number)
        record["_removals"][number] = ctx.now
    del record["_numbers"][number]
    return _number_out(record, entry)


@operation("DescribeOptedOutNumbers")
def describe_opted_out_numbers(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _list(ctx, req["OptOutListName"])
    numbers: dict[str, JsonDict] = record["_numbers"]
    wanted = req.get("OptedOutNumbers")
    entries = [numbers[n] for n in wanted if n in numbers] if wanted else list(numbers.values())
    entries = ctx.filter(
        entries,
        req.get("Filters"),
        {"end-user-opted-out": lambda e: e["EndUserOptedOut"]},
        allowed={"end-user-opted-out": ("true", "false")},
    )
    page, token = ctx.paginate(entries, req)
    out: JsonDict = {
        "OptOutListArn": record["OptOutListArn"],
        "OptOutListName": record["OptOutListName"],
        "OptedOutNumbers": [dict(e) for e in page],
    }
    if token:
        out["NextToken"] = token
    return out
