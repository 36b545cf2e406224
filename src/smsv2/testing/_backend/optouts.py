"""Opt-out lists and opted-out numbers."""

from __future__ import annotations

from ._base import Family, JsonDict, conflict, not_found, validation
from ._context import Ctx
from ._state import OPT_OUT_LIST, OPTED_OUT_NUMBER
from .rules.opt_outs import (
    DEFAULT_LIST,
    create_list,
    ensure_default_list,
    list_in_use,
    opt_out,
)

family = Family("optouts")

#: An end-user opt-out can be removed once per this many seconds (DeleteOptedOutNumber
#: reference).
END_USER_REMOVAL_INTERVAL_SECONDS = 30 * 24 * 3600
#: Reason when deleting a list still used by a number, pool or RCS agent, or the Default list
#: (the service documents the refusal, not the reason).
LIST_IN_USE_REASON = "RESOURCE_DELETION_NOT_ALLOWED"


def _list(ctx: Ctx, name_or_arn: str) -> JsonDict:
    if name_or_arn == DEFAULT_LIST:
        return ensure_default_list(ctx)
    return ctx.lookup(OPT_OUT_LIST, name_or_arn, "optOutListName")


@family.operation("CreateOptOutList")
def create_opt_out_list(ctx: Ctx, req: JsonDict) -> JsonDict:
    name = req["OptOutListName"]
    if name in ctx.table(OPT_OUT_LIST):
        raise conflict("RESOURCE_ALREADY_EXISTS", OPT_OUT_LIST, name)
    ctx.check_quota("OPT_OUT_LISTS")
    record = create_list(ctx, name, req.get("Tags"))
    out = ctx.view(record, "CreateOptOutListResult")
    out["Tags"] = ctx.tag_list(record["OptOutListArn"])
    return out


@family.operation("DeleteOptOutList")
def delete_opt_out_list(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _list(ctx, req["OptOutListName"])
    name = record["OptOutListName"]
    if name == DEFAULT_LIST:
        raise conflict(LIST_IN_USE_REASON, OPT_OUT_LIST, name)
    if list_in_use(ctx, name):
        raise conflict(LIST_IN_USE_REASON, OPT_OUT_LIST, name)
    ctx.remove(OPT_OUT_LIST, name, arn=record["OptOutListArn"])
    return ctx.view(record, "DeleteOptOutListResult")


@family.operation("DescribeOptOutLists")
def describe_opt_out_lists(ctx: Ctx, req: JsonDict) -> JsonDict:
    ensure_default_list(ctx)
    if ctx.shared_only(req, "OptOutListNames"):
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


@family.operation("PutOptedOutNumber")
def put_opted_out_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _list(ctx, req["OptOutListName"])
    entry = opt_out(ctx, record["OptOutListName"], _e164(req["OptedOutNumber"]), end_user=False)
    return _number_out(record, entry)


@family.operation("DeleteOptedOutNumber")
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


@family.operation("DescribeOptedOutNumbers")
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
