"""`python -m smsv2.cli`: the same as the `smsv2` command."""

from smsv2.cli._app import run

run()
