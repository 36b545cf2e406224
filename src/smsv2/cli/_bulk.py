"""`smsv2 send-bulk`: a CSV or JSON Lines file of messages, sent at the service's rate."""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from smsv2.bulk import BulkProgress, BulkRun, BulkStatus
from smsv2.cli._render import print_json
from smsv2.cli._settings import SETTINGS, ExitCode, LocalFileError

#: The results file's columns (no phone number and no body: the key identifies the message).
#: `settled_by` tells an outcome of this run from one an earlier run recorded (journal).
RESULT_COLUMNS: tuple[str, ...] = (
    "key",
    "status",
    "message_id",
    "error",
    "field",
    "reason",
    "parts",
    "attempts",
    "settled_by",
)


def read_messages(path: Path) -> Iterator[dict[str, object]]:
    """The messages of a CSV file (a header row of OutboundMessage fields) or a JSON Lines file
    (one object a line), read lazily; empty cells and blank lines are left out."""
    with path.open(newline="", encoding="utf-8") as handle:
        if path.suffix.lower() == ".csv":
            for row in csv.DictReader(handle):
                yield {name: value for name, value in row.items() if name and value}
            return
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                raise LocalFileError(f"{path.name}: line {number} is not JSON") from None
            if not isinstance(item, dict):
                raise LocalFileError(f"{path.name}: line {number} is not an object")
            yield item


def _count(path: Path) -> int:
    """How many messages the file holds, for the ETA (one cheap pass before sending)."""
    return sum(1 for _ in read_messages(path))


def status_counts(counts: Mapping[BulkStatus, int]) -> str:
    """The bar's counts per status, the statuses seen so far only: `SENT 12 · OPTED_OUT 1`."""
    return " · ".join(f"{status.value} {n}" for status, n in counts.items() if n) or "-"


def send_bulk(
    path: Annotated[
        Path,
        typer.Argument(
            help="A .csv (header of OutboundMessage fields) or .jsonl file of messages.",
            exists=True,
            dir_okay=False,
            metavar="FILE",
        ),
    ],
    rate: Annotated[
        float | None,
        typer.Option(
            help="Message parts per second per origination identity (default: AWS's "
            "per-number-type defaults)."
        ),
    ] = None,
    journal: Annotated[
        Path | None,
        typer.Option(help="A sqlite3 journal: run again after a crash without sending twice."),
    ] = None,
    results: Annotated[
        Path | None, typer.Option(help="Write one CSV row per message's outcome here.")
    ] = None,
    concurrency: Annotated[int, typer.Option(help="Requests in flight at once.")] = 8,
    resend_unknown: Annotated[
        bool,
        typer.Option(help="Send again what a crashed run left in flight (it may go out twice)."),
    ] = False,
) -> None:
    """Send every message of a file at the service's rate, with a live progress bar."""
    total = _count(path)
    client = SETTINGS.client()
    columns = (
        TextColumn("[bold]send-bulk"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TextColumn("{task.fields[rate]:.1f} parts/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    table_output = not SETTINGS.wants_json
    with contextlib.ExitStack() as files:
        # The results file is opened before the first send: a bad path costs nothing.
        writer = _results_writer(files, results)
        with Progress(*columns, console=SETTINGS.errors, disable=not table_output) as bar:
            task = bar.add_task("send", total=total, rate=0.0, counts="-")

            def on_progress(progress: BulkProgress) -> None:
                counts = status_counts(progress.counts)
                bar.update(task, completed=progress.done, rate=progress.rate, counts=counts)

            run: BulkRun = client.send_bulk(
                read_messages(path),
                parts_per_second=rate,
                concurrency=concurrency,
                journal=journal,
                on_progress=on_progress,
                resend_unknown=resend_unknown,
                total=total,
            )
            # On Ctrl-C the run stops taking messages and lets those in flight finish first.
            with contextlib.suppress(KeyboardInterrupt):
                _write_results(run, writer)
    summary = run.summary
    if not table_output:
        counts = {status.value: count for status, count in summary.counts.items()}
        print_json(
            {
                "counts": counts,
                "elapsed": round(summary.elapsed, 3),
                "parts_per_second": round(summary.parts_per_second, 3),
                "interrupted": summary.interrupted,
                "not_started": summary.not_started,
            }
        )
    elif not summary.interrupted:  # a stopped run has printed its summary itself, once
        SETTINGS.console.print(f"summary: {summary}")
    if summary.interrupted:
        raise typer.Exit(ExitCode.INTERRUPTED)
    if summary.counts[BulkStatus.OUTCOME_UNKNOWN]:
        raise typer.Exit(ExitCode.OUTCOME_UNKNOWN)


def _results_writer(
    files: contextlib.ExitStack, results: Path | None
) -> csv.DictWriter[str] | None:
    if results is None:
        return None
    handle = files.enter_context(results.open("w", newline="", encoding="utf-8"))
    writer = csv.DictWriter(handle, fieldnames=RESULT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    return writer


def _write_results(run: BulkRun, writer: csv.DictWriter[str] | None) -> None:
    for outcome in run:
        if writer is None:
            continue
        row = outcome.to_dict()
        row["field"], row["reason"] = outcome.field, outcome.reason
        row["settled_by"] = "earlier run" if outcome.previous else "this run"
        writer.writerow(row)
