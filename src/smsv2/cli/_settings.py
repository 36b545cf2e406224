"""What every command shares: exit codes, output format, the global options of one run."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import jmespath
import jmespath.parser
from rich.console import Console

import smsv2


class ExitCode(enum.IntEnum):
    """What the `smsv2` process exits with."""

    OK = 0
    """Success."""
    UNEXPECTED = 1
    """An error smsv2 did not expect (a bug): run again with `--debug` for a traceback."""
    USAGE = 2
    """The command line was wrong: an unknown option, a missing argument, a bad value."""
    SERVICE_ERROR = 3
    """The service (or local validation) refused the request; nothing was changed by it."""
    OUTCOME_UNKNOWN = 4
    """A send may or may not have gone out (the answer was lost): check before re-sending."""
    LOCAL_PROBLEM = 5
    """A local problem: an unreadable file, no region or credentials, no connection. Nothing
    reached the service."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (or SIGINT); work in flight was finished or recorded first."""


EXIT_CODES: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.UNEXPECTED: "an unexpected error (run again with --debug for a traceback)",
    ExitCode.USAGE: "the command line was wrong",
    ExitCode.SERVICE_ERROR: "the service or local validation refused the request",
    ExitCode.OUTCOME_UNKNOWN: "a send may or may not have gone out",
    ExitCode.LOCAL_PROBLEM: "a local problem (a file, the region, credentials, the connection)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


class LocalFileError(ValueError):
    """A file given on the command line cannot be used as it is (exit code 5)."""


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
    query: jmespath.parser.ParsedResult | None = None
    debug: bool = False
    console: Console = field(default_factory=Console)
    errors: Console = field(default_factory=lambda: Console(stderr=True, soft_wrap=True))

    @property
    def wants_json(self) -> bool:
        """JSON is printed: asked for, or implied by `--query` (which works on the JSON)."""
        return self.output is Output.json or self.query is not None

    def client(self) -> smsv2.Client:
        """A client from the global options (boto3's usual chain fills what they leave out)."""
        return smsv2.Client(
            region_name=self.region, profile_name=self.profile, endpoint_url=self.endpoint_url
        )


SETTINGS = Settings()
