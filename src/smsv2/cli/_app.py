"""The typer application: its commands, the global options, and how errors become one line and
an exit code."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import Annotated

import typer

from smsv2 import errors
from smsv2.cli import (
    _bulk,
    _demo,
    _fake,
    _limits,
    _messaging,
    _reconcile,
    _registrations,
    _resources,
)
from smsv2.cli._settings import SETTINGS, ExitCode, Output

app = typer.Typer(
    name="smsv2",
    help="AWS End User Messaging SMS and Voice v2, typed: send, manage, test offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _global_options(
    region: Annotated[
        str | None, typer.Option(help="AWS region (default: boto3's chain, e.g. AWS_REGION).")
    ] = None,
    profile: Annotated[str | None, typer.Option(help="A profile from the AWS config.")] = None,
    endpoint_url: Annotated[
        str | None,
        typer.Option(help="Another endpoint, e.g. the fake's server: http://127.0.0.1:4566."),
    ] = None,
    output: Annotated[
        Output, typer.Option(help="table for people, json (stable keys) for scripts.")
    ] = Output.table,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of errors.")] = False,
) -> None:
    SETTINGS.region = region
    SETTINGS.profile = profile
    SETTINGS.endpoint_url = endpoint_url
    SETTINGS.output = output
    SETTINGS.debug = debug


numbers = typer.Typer(help="Phone numbers of the account.", no_args_is_help=True)
numbers.command("list")(_resources.numbers_list)
numbers.command("limits")(_limits.numbers_limits)
registrations = typer.Typer(
    help="Registrations as code: plan, apply, status.", no_args_is_help=True
)
registrations.command("plan")(_registrations.plan)
registrations.command("apply")(_registrations.apply)
registrations.command("status")(_registrations.status)
pools = typer.Typer(help="Pools of origination identities.", no_args_is_help=True)
pools.command("list")(_resources.pools_list)
pools.command("create")(_resources.pools_create)
opt_outs = typer.Typer(help="Opt-out lists and the numbers in them.", no_args_is_help=True)
opt_outs.command("list")(_resources.opt_outs_list)
opt_outs.command("add")(_resources.opt_outs_add)
opt_outs.command("remove")(_resources.opt_outs_remove)
fake = typer.Typer(help="The offline fake of the service (smsv2.testing).", no_args_is_help=True)
fake.command(
    "serve",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)(_fake.serve)
app.command("demo")(_demo.demo)
app.command("send")(_messaging.send)
send_bulk = typer.Typer(
    cls=_reconcile.SendBulkGroup,
    help="Send a file of messages at the service's rate (send-bulk FILE), or settle a job's "
    "unknown outcomes with its delivery events (send-bulk reconcile).",
    no_args_is_help=True,
)
send_bulk.command(_reconcile.SEND, hidden=True)(_bulk.send_bulk)
send_bulk.command("reconcile")(_reconcile.reconcile)
app.command("segments")(_messaging.segments)
events = typer.Typer(help="Delivery events, from any transport.", no_args_is_help=True)
events.command("parse")(_messaging.events_parse)
app.add_typer(numbers, name="numbers")
app.add_typer(pools, name="pools")
app.add_typer(opt_outs, name="opt-outs")
app.add_typer(events, name="events")
app.add_typer(send_bulk, name="send-bulk")
app.add_typer(fake, name="fake")
app.add_typer(registrations, name="registrations")


def _exit_code_of(error: errors.SmsV2Error) -> ExitCode:
    if isinstance(error, errors.SendOutcomeUnknownError):
        return ExitCode.OUTCOME_UNKNOWN
    return ExitCode.SERVICE_ERROR


def _report(message: str, error: BaseException) -> None:
    # Error texts of smsv2 carry no phone number or message body, so they can be printed.
    SETTINGS.errors.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    if SETTINGS.debug:
        SETTINGS.errors.print(
            "".join(traceback.format_exception(error)), markup=False, highlight=False
        )


def _usage_line(usage: typer.TyperException) -> str:
    format_message = getattr(usage, "format_message", None)
    message = format_message() if callable(format_message) else str(usage)
    ctx = getattr(usage, "ctx", None)
    path = getattr(ctx, "command_path", None) or "smsv2"
    return f"{message} (see '{path} --help')"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    command = typer.main.get_command(app)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        returned = command.main(args=args, prog_name="smsv2", standalone_mode=False)
        # Without standalone mode, typer hands back the code of a typer.Exit (130 for Ctrl-C).
        if isinstance(returned, int):
            return returned
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except typer.TyperException as usage:  # typer's usage errors (a missing or bad argument)
        SETTINGS.errors.print(f"error: {_usage_line(usage)}", markup=False, highlight=False)
        return ExitCode.USAGE
    except (typer.Abort, KeyboardInterrupt):
        SETTINGS.errors.print("error: interrupted", markup=False, highlight=False)
        return ExitCode.INTERRUPTED
    except errors.SmsV2Error as error:
        _report(str(error), error)
        return _exit_code_of(error)
    except OSError as error:
        _report(f"{type(error).__name__}: {error.strerror or error}", error)
        return ExitCode.UNEXPECTED
    except Exception as error:  # the last line: one line, never a bare traceback
        _report(f"unexpected {type(error).__name__} (run with --debug for details)", error)
        return ExitCode.UNEXPECTED
    return ExitCode.OK


def run() -> None:
    """The console script's entry point."""
    sys.exit(main())
