"""``smsv2 numbers limits``: each origination identity's rates and daily caps, as reported."""

from __future__ import annotations

from collections.abc import Mapping

from smsv2.cli._render import show_rows
from smsv2.cli._settings import SETTINGS

LIMIT_COLUMNS = (
    ("identity", "identity"),
    ("kind", "kind"),
    ("country", "country"),
    ("rates (per second)", "rates"),
    ("daily caps", "caps"),
)


def _pairs(values: Mapping[str, int] | None) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted((values or {}).items())) or "-"


def numbers_limits() -> None:
    """Show each phone number's, sender ID's and RCS agent's rates and daily caps."""
    client = SETTINGS.client()
    rows: list[dict[str, object]] = []
    for number in client.phone_numbers():
        limits = number.messaging_limits
        rows.append(
            {
                "identity": number.phone_number_id,
                "kind": getattr(number.number_type, "value", number.number_type),
                "country": number.iso_country_code,
                "rates": _pairs(limits.rate_limits if limits else None),
                "caps": _pairs(limits.daily_message_caps if limits else None),
            }
        )
    for sender in client.sender_ids():
        limits = sender.messaging_limits
        rows.append(
            {
                "identity": sender.sender_id,
                "kind": "SENDER_ID",
                "country": sender.iso_country_code,
                "rates": _pairs(limits.rate_limits if limits else None),
                "caps": _pairs(limits.daily_message_caps if limits else None),
            }
        )
    for agent in client.rcs_agents():
        limits = agent.messaging_limits
        rows.append(
            {
                "identity": agent.rcs_agent_id,
                "kind": "RCS_AGENT",
                "country": "",
                "rates": _pairs(limits.rate_limits if limits else None),
                "caps": _pairs(limits.daily_message_caps if limits else None),
            }
        )
    show_rows(rows, LIMIT_COLUMNS, title="Messaging limits")
