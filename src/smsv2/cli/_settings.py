"""What every command shares: exit codes, output format, the global options of one run."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from rich.console import Console

import smsv2


class ExitCode(enum.IntEnum):
    """What the ``smsv2`` process exits with."""

    OK = 0
    #: An error smsv2 did not expect (a bug): reported with ``--debug`` for a traceback.
    UNEXPECTED = 1
    #: The command line was wrong: an unknown option, a missing argument, a bad value.
    USAGE = 2
    #: The service (or local validation) refused the request; nothing was changed by it.
    SERVICE_ERROR = 3
    #: A send may or may not have gone out (the answer was lost): check before re-sending.
    OUTCOME_UNKNOWN = 4
    #: Stopped by Ctrl-C (or SIGINT); work in flight was finished or recorded first.
    INTERRUPTED = 130


EXIT_CODES: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.UNEXPECTED: "an unexpected error (run again with --debug for a traceback)",
    ExitCode.USAGE: "the command line was wrong",
    ExitCode.SERVICE_ERROR: "the service or local validation refused the request",
    ExitCode.OUTCOME_UNKNOWN: "a send may or may not have gone out",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


class Output(str, enum.Enum):
    """How results are printed."""

    table = "table"
    json = "json"


@dataclass
class Settings:
    """The global options, shared by every command of one run."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    output: Output = Output.table
    debug: bool = False
    console: Console = field(default_factory=Console)
    errors: Console = field(default_factory=lambda: Console(stderr=True, soft_wrap=True))

    def client(self) -> smsv2.Client:
        """A client from the global options (boto3's usual chain fills what they leave out)."""
        return smsv2.Client(
            region_name=self.region, profile_name=self.profile, endpoint_url=self.endpoint_url
        )


SETTINGS = Settings()
