"""Commands over the account's resources: phone numbers, pools, opt-out lists."""

from __future__ import annotations

from typing import Annotated

import typer

from smsv2.cli._render import show_one, show_rows
from smsv2.cli._settings import SETTINGS
from smsv2.models import MessageType

NUMBER_COLUMNS = (
    ("id", "phone_number_id"),
    ("number", "phone_number"),
    ("country", "iso_country_code"),
    ("type", "number_type"),
    ("message type", "message_type"),
    ("capabilities", "number_capabilities"),
    ("status", "status"),
    ("pool", "pool_id"),
)
POOL_COLUMNS = (
    ("id", "pool_id"),
    ("status", "status"),
    ("message type", "message_type"),
    ("opt-out list", "opt_out_list_name"),
    ("two-way", "two_way_enabled"),
    ("created", "created_timestamp"),
)
OPT_OUT_LIST_COLUMNS = (("name", "opt_out_list_name"), ("created", "created_timestamp"))
OPTED_OUT_COLUMNS = (
    ("number", "opted_out_number"),
    ("since", "opted_out_timestamp"),
    ("by the recipient", "end_user_opted_out"),
)


def numbers_list(
    max_items: Annotated[int | None, typer.Option(help="List at most this many.")] = None,
) -> None:
    """List the account's phone numbers."""
    client = SETTINGS.client()
    show_rows(client.phone_numbers(max_items=max_items), NUMBER_COLUMNS, title="Phone numbers")


def pools_list(
    max_items: Annotated[int | None, typer.Option(help="List at most this many.")] = None,
) -> None:
    """List the account's pools."""
    client = SETTINGS.client()
    show_rows(client.pools(max_items=max_items), POOL_COLUMNS, title="Pools")


def pools_create(
    origination_identity: Annotated[
        str, typer.Option(help="The phone number or sender ID (ID or ARN) the pool starts with.")
    ],
    message_type: Annotated[MessageType, typer.Option(help="What the pool sends.")],
    iso_country_code: Annotated[
        str, typer.Option(help="The origination identity's country, e.g. US.")
    ],
    deletion_protection: Annotated[
        bool, typer.Option(help="Refuse deletion until turned off.")
    ] = False,
) -> None:
    """Create a pool from one origination identity."""
    client = SETTINGS.client()
    pool = client.create_pool(
        origination_identity=origination_identity,
        iso_country_code=iso_country_code,
        message_type=message_type,
        deletion_protection_enabled=deletion_protection,
    )
    show_one(pool, POOL_COLUMNS)


def opt_outs_list(
    list_name: Annotated[
        str | None,
        typer.Argument(help="An opt-out list: show its numbers. Leave out to list the lists."),
    ] = None,
    max_items: Annotated[int | None, typer.Option(help="List at most this many.")] = None,
) -> None:
    """List the opt-out lists, or the numbers opted out in one."""
    client = SETTINGS.client()
    if list_name is None:
        show_rows(
            client.opt_out_lists(max_items=max_items), OPT_OUT_LIST_COLUMNS, title="Opt-out lists"
        )
        return
    show_rows(
        client.opted_out_numbers(opt_out_list_name=list_name, max_items=max_items),
        OPTED_OUT_COLUMNS,
        title=f"Opted out in {list_name}",
    )


def opt_outs_add(
    list_name: Annotated[str, typer.Argument(help="The opt-out list.")],
    number: Annotated[str, typer.Argument(help="The number, in E.164 form (+12065550100).")],
) -> None:
    """Opt a number out (it gets no more messages from identities using the list)."""
    result = SETTINGS.client().put_opted_out_number(
        opt_out_list_name=list_name, opted_out_number=number
    )
    show_one(result, OPTED_OUT_COLUMNS)


def opt_outs_remove(
    list_name: Annotated[str, typer.Argument(help="The opt-out list.")],
    number: Annotated[str, typer.Argument(help="The number, in E.164 form (+12065550100).")],
) -> None:
    """Take a number off an opt-out list."""
    result = SETTINGS.client().delete_opted_out_number(
        opt_out_list_name=list_name, opted_out_number=number
    )
    show_one(result, OPTED_OUT_COLUMNS)
