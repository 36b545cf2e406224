"""Commands about messages: `segments`, `send` and `events parse`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

import smsv2
from smsv2.cli._render import print_json, show_one, show_rows
from smsv2.cli._settings import SETTINGS
from smsv2.events import DeliveryEvent, EventParseError, parse_delivery_events
from smsv2.models import MessageType


def _segments_json(counted: smsv2.Segments) -> dict[str, object]:
    return {
        "encoding": counted.encoding.value,
        "parts": counted.parts,
        "units": counted.units,
        "max_units": counted.max_units,
        "characters": counted.characters,
        "non_gsm_characters": list(counted.non_gsm_characters),
        "exceeds_limit": counted.exceeds_limit,
        "part_texts": counted.split(),
    }


def _show_segments(counted: smsv2.Segments) -> None:
    """Encoding and parts as a table, then the text with the characters forcing UCS-2 marked."""
    table = Table(show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    table.add_row("encoding", counted.encoding.value)
    table.add_row("parts", str(counted.parts))
    table.add_row("units", f"{counted.units} of {counted.max_units}")
    if counted.non_gsm_characters:
        table.add_row("forces UCS-2", " ".join(repr(c) for c in counted.non_gsm_characters))
    if counted.exceeds_limit:
        table.add_row("too long", "over the service's maximum: the service refuses it")
    SETTINGS.console.print(table)
    forcing = set(counted.non_gsm_characters)
    marked = Text()
    for char in counted.text:
        marked.append(char, style="bold reverse red" if char in forcing else None)
    SETTINGS.console.print(marked)


def segments(text: Annotated[str, typer.Argument(help="The message text.")]) -> None:
    """Show how a text is encoded and split into parts, marking what forces UCS-2."""
    counted = smsv2.segments(text)
    if SETTINGS.wants_json:
        print_json(_segments_json(counted))
    else:
        _show_segments(counted)


def send(
    to: Annotated[str, typer.Option("--to", help="The destination, in E.164 (+12065550100).")],
    body: Annotated[str, typer.Option(help="The message text.")],
    origination_identity: Annotated[
        str | None,
        typer.Option("--from", help="Phone number, sender ID or pool (ID or ARN) to send from."),
    ] = None,
    message_type: Annotated[MessageType | None, typer.Option(help="What the message is.")] = None,
    configuration_set: Annotated[
        str | None, typer.Option(help="The configuration set (events, defaults).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Let the service check the send without delivering it.")
    ] = False,
) -> None:
    """Send one text message; print its id, encoding and parts (never the text)."""
    counted = smsv2.segments(body)
    result = SETTINGS.client().send_text_message(
        destination_phone_number=to,
        message_body=body,
        origination_identity=origination_identity,
        message_type=message_type,
        configuration_set_name=configuration_set,
        dry_run=dry_run,
    )
    view = {
        "message_id": result.message_id,
        "dry_run": dry_run,
        "encoding": counted.encoding.value,
        "parts": counted.parts,
    }
    show_one(view, [(name.replace("_", " "), name) for name in view])


EVENT_COLUMNS = (
    ("message id", "message_id"),
    ("status", "message_status"),
    ("final", "is_final"),
    ("at", "event_timestamp"),
    ("parts", "total_message_parts"),
    ("price", "total_message_price"),
)


def read_events(path: Path) -> list[DeliveryEvent]:
    """The delivery events in a file: one payload (any transport), or one payload a line."""
    text = path.read_text(encoding="utf-8")
    try:
        return parse_delivery_events(text)
    except EventParseError:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2:
            raise
    return [event for line in lines for event in parse_delivery_events(line)]


def events_parse(
    path: Annotated[
        Path,
        typer.Argument(
            help="A payload as received (SNS, SQS, Lambda, Firehose, Kinesis, CloudWatch Logs, "
            "EventBridge, or the raw record), or one payload a line.",
            exists=True,
            dir_okay=False,
        ),
    ],
) -> None:
    """Parse delivery events into a table (or JSON), oldest first."""
    events = sorted(read_events(path), key=lambda e: e.event_timestamp)
    show_rows(events, EVENT_COLUMNS, title=f"{len(events)} delivery event(s)")
