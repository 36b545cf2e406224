"""`smsv2 numbers limits`: each origination identity's rates and daily caps, as reported."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from smsv2.cli._render import show_rows
from smsv2.cli._settings import SETTINGS

if TYPE_CHECKING:
    from smsv2.models import MessagingLimits

Row = dict[str, object]

LIMIT_COLUMNS = (
    ("identity", "identity"),
    ("kind", "kind"),
    ("country", "country"),
    ("rates (per second)", "rates"),
    ("daily caps", "caps"),
)


def _pairs(values: Mapping[str, int] | None) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted((values or {}).items())) or "-"


def _row(identity: str, kind: object, country: str, limits: MessagingLimits | None) -> Row:
    return {
        "identity": identity,
        "kind": getattr(kind, "value", kind),
        "country": country,
        "rates": _pairs(limits.rate_limits if limits else None),
        "caps": _pairs(limits.daily_message_caps if limits else None),
    }


def numbers_limits() -> None:
    """Show each phone number's, sender ID's and RCS agent's rates and daily caps."""
    client = SETTINGS.client()
    rows = [
        _row(n.phone_number_id, n.number_type, n.iso_country_code, n.messaging_limits)
        for n in client.phone_numbers()
    ]
    rows += [
        _row(s.sender_id, "SENDER_ID", s.iso_country_code, s.messaging_limits)
        for s in client.sender_ids()
    ]
    rows += [_row(a.rcs_agent_id, "RCS_AGENT", "", a.messaging_limits) for a in client.rcs_agents()]
    show_rows(rows, LIMIT_COLUMNS, title="Messaging limits")
