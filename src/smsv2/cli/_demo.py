"""`smsv2 demo`: the main job end to end against the built-in fake, in a few seconds.

It provisions a number, an opt-out list, a pool and a configuration set with an event
destination; sends a small batch through `send_bulk` with a progress bar; folds the delivery
events the fake produces into each message's final state; handles an inbound STOP; and prints
a summary. No AWS account is needed: everything runs against `smsv2.testing`.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import smsv2
from smsv2.bulk import BulkProgress, BulkStatus
from smsv2.cli._settings import SETTINGS, ExitCode
from smsv2.events import DeliveryTracker, classify_keyword, parse_delivery_events
from smsv2.testing import FakeSmsVoice, mock_sms_voice

REGION = "us-east-1"
OPT_OUT_LIST = "demo-recipients"
CONFIGURATION_SET = "demo-events"
EVENTS_TOPIC = "arn:aws:sns:us-east-1:123456789012:demo-sms-events"
#: The recipients: made-up numbers, one AWS simulator number whose messages end BLOCKED, and
#: one that has opted out before the batch.
RECIPIENTS = [f"+1206555{index:04d}" for index in range(100, 118)]
FAILING = "+14254147167"
OPTED_OUT = RECIPIENTS[3]
STOPPING = RECIPIENTS[0]
BODIES = ["Your code is {code}", "Olá! Seu código é {code}", "Your order shipped ~ code {code}"]
#: Fake seconds to let every delivery event come due.
SETTLE_SECONDS = 60.0
#: The demo's send rate. A real toll-free number sends 3 parts/s by default (`send_bulk`'s
#: default); the fake does not throttle, and the demo should take seconds, not minutes.
DEMO_RATE = 50


def _step(title: str) -> None:
    SETTINGS.console.rule(f"[bold]{title}")


def _provision(client: smsv2.Client, fake: FakeSmsVoice) -> tuple[str, str]:
    """Number, opt-out list, pool, configuration set with an event destination."""
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    fake.advance(SETTLE_SECONDS)  # the number becomes ACTIVE
    client.create_opt_out_list(opt_out_list_name=OPT_OUT_LIST)
    pool = client.create_pool(
        origination_identity=number.phone_number_id,
        iso_country_code="US",
        message_type="TRANSACTIONAL",
    )
    client.update_pool(pool_id=pool.pool_id, opt_out_list_name=OPT_OUT_LIST)
    fake.advance(SETTLE_SECONDS)  # the pool becomes ACTIVE
    client.create_configuration_set(configuration_set_name=CONFIGURATION_SET)
    client.create_event_destination(
        configuration_set_name=CONFIGURATION_SET,
        event_destination_name="to-sns",
        matching_event_types=["ALL"],
        sns_destination={"topic_arn": EVENTS_TOPIC},
    )
    table = Table(title="Provisioned", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("id")
    table.add_row("phone number", number.phone_number_id)
    table.add_row("opt-out list", OPT_OUT_LIST)
    table.add_row("pool", pool.pool_id)
    table.add_row("configuration set", f"{CONFIGURATION_SET} (events to SNS)")
    SETTINGS.console.print(table)
    (info,) = client.phone_numbers(phone_number_ids=[number.phone_number_id])
    return info.phone_number, pool.pool_id


def _messages(pool_id: str) -> list[smsv2.OutboundMessage]:
    recipients = [*RECIPIENTS, FAILING]
    return [
        smsv2.OutboundMessage(
            destination_phone_number=recipient,
            origination_identity=pool_id,
            message_body=BODIES[index % len(BODIES)].format(code=100000 + index),
            message_type="TRANSACTIONAL",
            configuration_set_name=CONFIGURATION_SET,
            key=f"demo-{index}",
        )
        for index, recipient in enumerate(recipients)
    ]


def _send(client: smsv2.Client, pool_id: str) -> tuple[Counter[BulkStatus], dict[str, str]]:
    """Send the batch; the counts per status, and each sent message's key by its ID."""
    messages = _messages(pool_id)
    statuses: Counter[BulkStatus] = Counter()
    keys: dict[str, str] = {}
    columns = (
        TextColumn("sending"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f} parts/s"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=SETTINGS.console, transient=False) as bar:
        task = bar.add_task("send", total=len(messages), rate=0.0)

        def on_progress(progress: BulkProgress) -> None:
            bar.update(task, completed=progress.done, rate=progress.rate)

        run = client.send_bulk(messages, parts_per_second=DEMO_RATE, on_progress=on_progress)
        for outcome in run:
            statuses[outcome.status] += 1
            if outcome.message_id:
                keys[outcome.message_id] = outcome.key
    SETTINGS.console.print(f"send_bulk: {run.summary} (the rate achieved, bursts included)")
    return statuses, keys


def _show_failures(tracker: DeliveryTracker, keys: dict[str, str]) -> None:
    """Which messages did not arrive, and the carrier's reason."""
    table = Table(title="Messages that did not arrive")
    for header in ("key", "message id", "final status", "why"):
        table.add_column(header, overflow="fold")
    for state in tracker.final:
        if state.is_failure:
            why = state.event.message_status_description or "(no description)"
            key = keys.get(state.message_id, "?")
            table.add_row(key, state.message_id, state.status, why)
    SETTINGS.console.print(table)


def _fold_events(fake: FakeSmsVoice, keys: dict[str, str]) -> Counter[str]:
    fake.advance(SETTLE_SECONDS)  # carriers answer: the fake releases every event now due
    events = parse_delivery_events(fake.events)
    tracker = DeliveryTracker()
    tracker.add_all(events)
    finals: Counter[str] = Counter(state.status for state in tracker.final)
    table = Table(title=f"{len(events)} delivery events folded into final states")
    table.add_column("final status")
    table.add_column("messages", justify="right")
    for status, count in sorted(finals.items()):
        table.add_row(status, str(count))
    SETTINGS.console.print(table)
    _show_failures(tracker, keys)
    return finals


def _inbound_stop(client: smsv2.Client, fake: FakeSmsVoice, number: str) -> bool:
    reply = fake.inbound(STOPPING, number, "stop")
    kind = classify_keyword("stop")
    listed = {
        entry.opted_out_number for entry in client.opted_out_numbers(opt_out_list_name=OPT_OUT_LIST)
    }
    SETTINGS.console.print(
        f"an inbound 'stop' is {kind.value if kind else 'no keyword'}; "
        f"the service replied {'with its STOP message' if reply else 'nothing'}; "
        f"the sender is {'now' if STOPPING in listed else 'NOT'} on {OPT_OUT_LIST}"
    )
    return STOPPING in listed


def _serve_inbox(fake: FakeSmsVoice) -> None:
    """Keep the fake's inbox open on a loopback port until Ctrl-C."""
    with fake.serve_inbox() as url:
        SETTINGS.console.print(f"The inbox is at {url} (Ctrl-C to stop)", soft_wrap=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            SETTINGS.console.print("inbox stopped")


def demo(
    inbox: Annotated[
        bool,
        typer.Option(
            "--inbox",
            help="Afterwards, serve the fake's web inbox and print its URL, until Ctrl-C.",
        ),
    ] = False,
) -> None:
    """Run the main job end to end against the built-in fake (no AWS account needed)."""
    with mock_sms_voice(settle="manual", region=REGION) as fake:
        fake.leave_sandbox()
        client = smsv2.Client(region_name=REGION)
        _step("1. The fake is running (smsv2.testing, in this process)")
        SETTINGS.console.print("every boto3 client of the service now talks to the fake")
        _step("2. Provision: number, opt-out list, pool, configuration set")
        number, pool_id = _provision(client, fake)
        client.put_opted_out_number(opt_out_list_name=OPT_OUT_LIST, opted_out_number=OPTED_OUT)
        _step(f"3. Send a batch: send_bulk(parts_per_second={DEMO_RATE})")
        SETTINGS.console.print(
            f"{DEMO_RATE} parts/s is a demo rate: a real toll-free number's default is 3 "
            "(send_bulk's default follows the number type); the fake does not throttle"
        )
        statuses, keys = _send(client, pool_id)
        _step("4. Delivery events")
        finals = _fold_events(fake, keys)
        _step("5. An inbound STOP")
        stopped = _inbound_stop(client, fake, number)
        _step("Summary")
        summary = Table(show_header=False)
        summary.add_column("what", style="bold")
        summary.add_column("count", justify="right")
        for status in BulkStatus:
            if statuses[status]:
                summary.add_row(f"send: {status.value}", str(statuses[status]))
        for final, count in sorted(finals.items()):
            summary.add_row(f"final: {final}", str(count))
        summary.add_row("messages the fake accepted", str(len(fake.sent_messages)))
        summary.add_row("STOP applied to the opt-out list", "yes" if stopped else "no")
        SETTINGS.console.print(summary)
        if inbox:
            _serve_inbox(fake)
    expected_sent = len(RECIPIENTS)  # every recipient but the opted-out one, plus FAILING
    if statuses[BulkStatus.SENT] != expected_sent or not stopped or finals.get("BLOCKED") != 1:
        # The demo checks itself: a wrong ending is a bug in smsv2 or its fake.
        SETTINGS.errors.print("error: the demo did not end as expected (see the summary)")
        raise typer.Exit(ExitCode.UNEXPECTED)
