"""Mirroring inbound STOP and START to an opt-out list of yours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smsv2._generated.errors import ResourceNotFoundException
from smsv2.events._keywords import KeywordKind
from smsv2.events._models import InboundMessage

if TYPE_CHECKING:
    from smsv2.client import Client

__all__ = ["mirror_opt_out"]


def mirror_opt_out(
    message: InboundMessage, *, client: Client, opt_out_list_name: str
) -> KeywordKind:
    """Mirror a STOP (or other opt-out keyword) or START to an opt-out list of yours.

    An opt-out puts the sender's number on the list, an opt-in removes it; anything else does
    nothing. Idempotent: calling it twice for the same message leaves the same list (an opt-in
    for a number not on the list is not an error). Returns what the message asked for.
    """
    kind = message.keyword_kind
    number = message.origination_number
    if kind is KeywordKind.OPT_OUT:
        client.put_opted_out_number(opt_out_list_name=opt_out_list_name, opted_out_number=number)
    elif kind is KeywordKind.OPT_IN:
        try:
            client.delete_opted_out_number(
                opt_out_list_name=opt_out_list_name, opted_out_number=number
            )
        except ResourceNotFoundException as exc:
            resource = getattr(exc, "resource_type", None)
            if str(getattr(resource, "value", resource)) != "opted-out-number":
                raise  # the opt-out list itself is missing: that is the caller's mistake
    return kind
