"""``smsv2 fake serve``: the testing server of :mod:`smsv2.testing` on this machine."""

from __future__ import annotations

import typer

from smsv2.testing import server


def serve(ctx: typer.Context) -> None:
    """Run the fake service over HTTP (``smsv2 fake serve --help`` lists its options)."""
    raise typer.Exit(server.main(list(ctx.args)))
