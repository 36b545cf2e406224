"""`smsv2 send-bulk reconcile`: settle a job's unknown outcomes with its delivery events."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from smsv2.bulk import reconcile as reconcile_journal
from smsv2.cli._messaging import read_events
from smsv2.cli._settings import SETTINGS, ExitCode, Output

if TYPE_CHECKING:
    # The click that typer vendors: the type TyperGroup.parse_args takes.
    from typer._click import Context  # pyright: ignore[reportPrivateUsage]

#: The hidden command ``smsv2 send-bulk FILE`` runs.
SEND = "send"


class SendBulkGroup(TyperGroup):
    """`send-bulk FILE ...` sends a file (as before); `send-bulk reconcile ...` reconciles."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [SEND, *args]
        return super().parse_args(ctx, args)


def reconcile(
    events: Annotated[
        list[Path],
        typer.Argument(
            help="Files of delivery events: any transport `smsv2 events parse` reads.",
            exists=True,
            dir_okay=False,
            metavar="EVENTS...",
        ),
    ],
    journal: Annotated[
        Path,
        typer.Option(help="The job's journal (send-bulk --journal).", exists=True, dir_okay=False),
    ],
    deadline_hours: Annotated[
        float,
        typer.Option(help="Hours a send's events may take (AWS documents up to 72)."),
    ] = 72.0,
) -> None:
    """Mark OUTCOME_UNKNOWN messages SENT when their delivery events show they went out."""
    found = [event for path in events for event in read_events(path)]
    report = reconcile_journal(journal, found, deadline=timedelta(hours=deadline_hours))
    if SETTINGS.output is Output.table:
        SETTINGS.console.print(
            f"settled {len(report.settled)} (now SENT); still unknown {len(report.unknown)}; "
            f"overdue {len(report.overdue)}"
        )
        for key in report.overdue:
            SETTINGS.console.print(f"overdue: {key}")
    else:
        print(
            json.dumps(
                {
                    "settled": dict(report.settled),
                    "unknown": list(report.unknown),
                    "overdue": list(report.overdue),
                },
                sort_keys=True,
            )
        )
    if report.unknown:
        raise typer.Exit(ExitCode.OUTCOME_UNKNOWN)
