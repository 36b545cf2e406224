"""`smsv2 fake serve`: the testing server of `smsv2.testing` on this machine.

The options are typer's (help like every other command); they are handed to
`smsv2.testing.server.main`, which owns what they mean.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from smsv2.testing import DEFAULT_LIMITS, HttpLimits, server

_HTTP = HttpLimits()
_LIMIT_NAMES = ", ".join(sorted(DEFAULT_LIMITS))


def _limit_flags(limits: list[str]) -> list[str]:
    """`NAME=N` items as the server's `--limit-name N` flags."""
    flags: list[str] = []
    for item in limits:
        name, _, count = item.partition("=")
        name = name.strip().upper()
        if name not in DEFAULT_LIMITS or not count.strip().isdigit():
            raise typer.BadParameter(
                f"{item!r} is not NAME=N with NAME one of {_LIMIT_NAMES}", param_hint="--limit"
            )
        flags += ["--limit-" + name.lower().replace("_", "-"), count.strip()]
    return flags


def serve(
    host: Annotated[str, typer.Option(help="The address to listen on (loopback by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="The port to listen on (0: any free port).")] = 4566,
    state_file: Annotated[
        Path | None,
        typer.Option(help="A JSON file: the state is loaded from it and saved after each change."),
    ] = None,
    account_id: Annotated[
        str | None, typer.Option(help="The fake's AWS account ID (12 digits).")
    ] = None,
    production: Annotated[
        bool, typer.Option("--production", help="Start outside the SMS sandbox.")
    ] = False,
    seed: Annotated[
        int | None, typer.Option(help="Seed for IDs and fault draws (same seed, same IDs).")
    ] = None,
    threads: Annotated[int, typer.Option(help="Threads that handle requests.")] = _HTTP.threads,
    backlog: Annotated[
        int, typer.Option(help="Connections the kernel queues before they are accepted.")
    ] = _HTTP.backlog,
    read_timeout: Annotated[
        float, typer.Option(help="Seconds a request may take to arrive completely.")
    ] = _HTTP.read_timeout,
    idle_timeout: Annotated[
        float, typer.Option(help="Seconds an idle keep-alive connection is kept open.")
    ] = _HTTP.idle_timeout,
    max_body_bytes: Annotated[
        int, typer.Option(help="The largest request body accepted.")
    ] = _HTTP.max_body_bytes,
    max_connections: Annotated[
        int, typer.Option(help="Connections open at once; more are closed at once.")
    ] = _HTTP.max_connections,
    webhook_url: Annotated[
        str | None,
        typer.Option(
            help="Send delivery events and inbound messages here as signed SNS notifications."
        ),
    ] = None,
    throttle_sends: Annotated[
        bool,
        typer.Option(
            "--throttle-sends", help="Throttle sends above their identity's MessagingLimits rate."
        ),
    ] = False,
    no_inbox: Annotated[
        bool, typer.Option("--no-inbox", help="Don't serve the web inbox at /_smsv2/inbox.")
    ] = False,
    inbox_token: Annotated[
        str | None, typer.Option(help="Require this token for the inbox's JSON API.")
    ] = None,
    inbox_keep: Annotated[
        int | None, typer.Option(help="Messages the inbox keeps (default 10000).")
    ] = None,
    limit: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME=N",
            help=f"A service quota, as the service's limits (repeatable). NAME: {_LIMIT_NAMES}.",
        ),
    ] = None,
) -> None:
    """Run the fake service over HTTP until Ctrl-C or SIGTERM; point any client at it with
    --endpoint-url."""
    argv = [
        f"--host={host}",
        f"--port={port}",
        f"--threads={threads}",
        f"--backlog={backlog}",
        f"--read-timeout={read_timeout}",
        f"--idle-timeout={idle_timeout}",
        f"--max-body-bytes={max_body_bytes}",
        f"--max-connections={max_connections}",
        *([f"--state-file={state_file}"] if state_file else []),
        *([f"--account-id={account_id}"] if account_id else []),
        *(["--production"] if production else []),
        *([f"--seed={seed}"] if seed is not None else []),
        *([f"--webhook-url={webhook_url}"] if webhook_url else []),
        *(["--throttle-sends"] if throttle_sends else []),
        *(["--no-inbox"] if no_inbox else []),
        *([f"--inbox-token={inbox_token}"] if inbox_token else []),
        *([f"--inbox-keep={inbox_keep}"] if inbox_keep is not None else []),
        *_limit_flags(limit or []),
    ]
    raise typer.Exit(server.main(argv))
