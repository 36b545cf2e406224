"""The `smsv2` command line (`pip install 'smsv2[cli]'`), built on typer and rich.

Run `smsv2 --help`. Exit codes are in [`EXIT_CODES`][smsv2.cli.EXIT_CODES]. Nothing here is imported
by `import smsv2`: the command line's libraries load only when it runs.
"""

from __future__ import annotations

from smsv2._public import publish
from smsv2.cli._app import app, main
from smsv2.cli._settings import EXIT_CODES, ExitCode

__all__ = ["EXIT_CODES", "ExitCode", "app", "main"]

publish(__name__, __all__, globals())
