"""The typer application: its commands, the global options, and how errors become one line and
an exit code.

A command is added with one line below (or in its own typer group); the global options reach
it through `_global.attach`, and its errors through `main`.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import Annotated

import jmespath
import jmespath.exceptions
import typer

import smsv2
from smsv2 import errors
from smsv2.cli import (
    _bulk,
    _demo,
    _fake,
    _global,
    _limits,
    _messaging,
    _reconcile,
    _registrations,
    _resources,
)
from smsv2.cli._settings import SETTINGS, ExitCode, LocalFileError, Output

# Help is click's plain layout: it wraps help text at the terminal's width and never cuts an
# option name (the rich layout cut them at 80 columns).
app = typer.Typer(
    name="smsv2",
    help="AWS End User Messaging SMS and Voice v2, typed: send, manage, test offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"smsv2 {smsv2.__version__}")
        raise typer.Exit(0)


def _query(value: str | None) -> jmespath.parser.ParsedResult | None:
    if value is None:
        return None
    try:
        return jmespath.compile(value)
    except jmespath.exceptions.JMESPathError as error:
        raise typer.BadParameter(f"not a JMESPath expression ({error})") from None


@app.callback(epilog="Global options may also follow the command: smsv2 pools list --output json")
def _global_options(
    region: Annotated[
        str | None, typer.Option(help="AWS region (default: AWS_REGION, or the profile's).")
    ] = None,
    profile: Annotated[str | None, typer.Option(help="A profile from the AWS config.")] = None,
    endpoint_url: Annotated[
        str | None,
        typer.Option(help="Another endpoint, e.g. smsv2 fake serve's http://127.0.0.1:4566."),
    ] = None,
    output: Annotated[
        Output, typer.Option(help="table for people, json (stable keys) for scripts.")
    ] = Output.table,
    query: Annotated[
        str | None,
        typer.Option(
            metavar="JMESPATH", help="A JMESPath expression over the JSON output (implies json)."
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version, help="Print the version."),
    ] = False,
) -> None:
    """AWS End User Messaging SMS and Voice v2, typed: send, manage, test offline."""
    SETTINGS.region = region
    SETTINGS.profile = profile
    SETTINGS.endpoint_url = endpoint_url
    SETTINGS.output = output
    SETTINGS.query = _query(query)
    SETTINGS.debug = debug


def _group(name: str, help: str) -> typer.Typer:
    group = typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(group, name=name)
    return group


numbers = _group("numbers", "Phone numbers of the account.")
numbers.command("list")(_resources.numbers_list)
numbers.command("limits", short_help="Rates and daily caps of every identity.")(
    _limits.numbers_limits
)
pools = _group("pools", "Pools of origination identities.")
pools.command("list")(_resources.pools_list)
pools.command("create")(_resources.pools_create)
opt_outs = _group("opt-outs", "Opt-out lists and the numbers in them.")
opt_outs.command("list")(_resources.opt_outs_list)
opt_outs.command("add", short_help="Opt a number out of a list.")(_resources.opt_outs_add)
opt_outs.command("remove")(_resources.opt_outs_remove)
events = _group("events", "Delivery events, from any transport.")
events.command("parse")(_messaging.events_parse)
registrations = _group("registrations", "Registrations as code: plan, apply, status.")
registrations.command("plan", short_help="Check a spec and show its diff; sends nothing.")(
    _registrations.plan
)
registrations.command("apply", short_help="Create or update the registration, then submit.")(
    _registrations.apply
)
registrations.command("status", short_help="The review status, with denial reasons.")(
    _registrations.status
)
fake = _group("fake", "The offline fake of the service (smsv2.testing).")
fake.command("serve", short_help="Run the fake service over HTTP.")(_fake.serve)
# Short help for the command list (click cuts a long first sentence with "...").
app.command("demo", short_help="The main job end to end against the fake.")(_demo.demo)
app.command("send", short_help="Send one text message.")(_messaging.send)
send_bulk = typer.Typer(
    cls=_reconcile.SendBulkGroup,
    help="Send a file of messages at the service's rate (send-bulk FILE), or settle a job's "
    "unknown outcomes with its delivery events (send-bulk reconcile).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
send_bulk.command(_reconcile.SEND, hidden=True)(_bulk.send_bulk)
send_bulk.command("reconcile", short_help="Settle unknown outcomes with delivery events.")(
    _reconcile.reconcile
)
app.add_typer(
    send_bulk, name="send-bulk", short_help="Send a file of messages at the service's rate."
)
app.command("segments", short_help="How a text is encoded and split into parts.")(
    _messaging.segments
)

# Local problems: nothing reached the service (a file, the region, the credentials, the
# connection).
_LOCAL = (errors.ClientSetupError, errors.EventParseError, errors.TransportError)


def _exit_code_of(error: errors.SmsV2Error) -> ExitCode:
    if isinstance(error, errors.SendOutcomeUnknownError):
        return ExitCode.OUTCOME_UNKNOWN
    if isinstance(error, _LOCAL):
        return ExitCode.LOCAL_PROBLEM
    if isinstance(error, (errors.ServiceError, errors.RequestValidationError)):
        return ExitCode.SERVICE_ERROR
    return ExitCode.UNEXPECTED


def _cli_words(error: errors.SmsV2Error) -> str:
    """The error's text, with the hints a Python user gets said as a command-line user acts."""
    text = str(error)
    if not isinstance(error, errors.ClientSetupError):
        return text
    if "no AWS region" in text:
        return "no AWS region: give --region (e.g. --region us-east-1) or set AWS_REGION"
    if "no AWS credentials" in text:
        return (
            "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give "
            "--profile, or try it offline: run 'smsv2 fake serve' and pass "
            "--endpoint-url http://127.0.0.1:4566"
        )
    return text


def _report(message: str, error: BaseException) -> None:
    # Error texts of smsv2 carry no phone number or message body, so they can be printed.
    SETTINGS.errors.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    if SETTINGS.debug:
        SETTINGS.errors.print(
            "".join(traceback.format_exception(error)), markup=False, highlight=False
        )


def _usage_line(usage: typer.TyperException) -> str:
    message = usage.format_message()
    ctx = getattr(usage, "ctx", None)
    path = getattr(ctx, "command_path", None) or "smsv2"
    return f"{message} (see '{path} --help')"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default `sys.argv[1:]`); return the exit code."""
    command = typer.main.get_command(app)
    args = _global.hoist(sys.argv[1:] if argv is None else argv, command)
    try:
        returned = command.main(args=args, prog_name="smsv2", standalone_mode=False)
        # Without standalone mode, click hands back the code of a typer.Exit (130 for Ctrl-C).
        if isinstance(returned, int):
            return returned
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except typer.TyperException as usage:  # a missing or bad argument, an unknown option
        SETTINGS.errors.print(f"error: {_usage_line(usage)}", markup=False, highlight=False)
        return ExitCode.USAGE
    except (typer.Abort, KeyboardInterrupt):
        SETTINGS.errors.print("error: interrupted", markup=False, highlight=False)
        return ExitCode.INTERRUPTED
    except errors.SmsV2Error as error:
        _report(_cli_words(error), error)
        return _exit_code_of(error)
    except OSError as error:
        _report(f"{type(error).__name__}: {error.strerror or error}", error)
        return ExitCode.LOCAL_PROBLEM
    except LocalFileError as error:
        _report(str(error), error)
        return ExitCode.LOCAL_PROBLEM
    except Exception as error:  # the last line: one line, never a bare traceback
        _report(f"unexpected {type(error).__name__} (run with --debug for details)", error)
        return ExitCode.UNEXPECTED
    return ExitCode.OK


def run() -> None:
    """The console script's entry point."""
    sys.exit(main())
