"""HTTP server speaking the service's JSON 1.0 protocol, backed by a
[`FakeSmsVoice`][smsv2.testing.server.FakeSmsVoice].

    python -m smsv2.testing.server --host 127.0.0.1 --port 4566 [--state-file PATH]
        [--webhook-url URL]

The same port serves the inbox: the web UI at `/_smsv2/inbox` and its JSON API under
`/_smsv2/api/` (`--no-inbox` turns it off, `--inbox-token` protects the API).

SigV4 signatures are not verified. The region comes from the signature's credential scope and
the account from a 12-digit access key ID (as with the in-process mock). With `--state-file`
the state is loaded on start and every mutating request is on disk before it is answered.
With `--webhook-url` delivery events and inbound messages go to that URL as SNS HTTP
notifications, signed by the fake (`FakeSmsVoice.forward_to`).

Exit codes: 0 after SIGTERM/SIGINT, 2 for bad arguments, 3 when the state file cannot be read
back (truncated or corrupt), 4 when the address cannot be bound.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType

from ._backend import FakeSmsVoice
from ._backend._core import READ_ONLY_PREFIXES
from ._backend.quotas import DEFAULT_LIMITS
from ._durable import StateFile, StateFileError
from ._http import Hold, HttpLimits, HttpServer, Request, Response, Stream
from ._inbox import MAX_STREAMS, UI_PATH, InboxSite
from ._wire import CONTENT_TYPE, WireError, encode, parse_request

log = logging.getLogger("smsv2.testing.server")

#: Exit status of ``python -m smsv2.testing.server`` when the state file is unreadable.
EXIT_STATE_FILE = 3
#: Exit status when the host/port cannot be bound (e.g. the port is in use).
EXIT_ADDRESS = 4


def _error_answer(status: int, reason: str) -> Response:
    error = WireError(
        status, "SerializationException" if status == 400 else "InternalServerException", reason
    )
    return _response(status, error.to_body(), "0")


def _response(status: int, payload: dict[str, object], request_id: str) -> Response:
    headers = [("Content-Type", CONTENT_TYPE), ("x-amzn-RequestId", request_id)]
    return Response(status, headers, encode(payload))


class ThreadedServer:
    """Serve a fake on a background thread. `port=0` picks a free port; use as a context manager,
    read `endpoint_url`. With `state_file`, state is loaded on start (if the file exists;
    [`StateFileError`][smsv2.testing.server.StateFileError] if it cannot be read back) and every
    mutating request is saved (fsynced) before its answer is sent. `http_limits` bounds threads,
    timeouts and sizes ([`HttpLimits`][smsv2.testing.server.HttpLimits]); the service's quotas are
    the fake's (`FakeSmsVoice(limits=)`). The inbox is served on the same port unless `inbox=False`;
    `inbox_token` protects its API and `inbox_keep` bounds the messages it keeps."""

    def __init__(
        self,
        fake: FakeSmsVoice | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: str | Path | None = None,
        http_limits: HttpLimits | None = None,
        inbox: bool = True,
        inbox_token: str | None = None,
        inbox_keep: int | None = None,
    ) -> None:
        self.fake = fake or FakeSmsVoice()
        if inbox_keep is not None:
            self.fake.inbox.keep = inbox_keep
        limits = http_limits or HttpLimits()
        # Live inbox clients hold a handler thread each: at most half, so the API still answers.
        streams = min(MAX_STREAMS, limits.threads // 2)
        self._inbox = (
            InboxSite(self.fake, token=inbox_token, host=host, max_streams=streams)
            if inbox
            else None
        )
        self.state_file = Path(state_file) if state_file is not None else None
        self._state = StateFile(self.state_file, self.fake) if self.state_file else None
        if self._state is not None:
            self._state.load()
        self._http = HttpServer((host, port), self._handle, _error_answer, limits)
        self._started = False

    @property
    def http_limits(self) -> HttpLimits:
        """The server's resource bounds."""
        return self._http.limits

    @property
    def port(self) -> int:
        """The port served (useful with `port=0`)."""
        return self._http.address[1]

    @property
    def endpoint_url(self) -> str:
        """The URL to pass as `endpoint_url` to a client."""
        return f"http://{self._http.address[0]}:{self.port}"

    @property
    def inbox_url(self) -> str | None:
        """The web inbox's URL (None when the inbox is off)."""
        return None if self._inbox is None else self.endpoint_url + UI_PATH

    def _handle(self, request: Request) -> Response | Hold | Stream | None:
        if self._inbox is not None:
            inbox_answer = self._inbox.handle(request)
            if inbox_answer is not None:
                return inbox_answer
        parsed = parse_request(request.method, request.target, request.headers, request.body)
        if isinstance(parsed, WireError):
            return _response(parsed.status, parsed.to_body(), "0")
        answer = self.fake.respond(
            parsed.operation, parsed.body, account_id=parsed.account_id, region=parsed.region
        )
        if self._state is not None and not parsed.operation.startswith(READ_ONLY_PREFIXES):
            self._state.flush(self._state.changed())
        if answer.lost is not None:
            # The work is done (and saved); the client gets no answer: the connection drops,
            # or stays silent for the fault's seconds (None: until the client gives up).
            return Hold(answer.lost.seconds) if answer.lost.how == "timeout" else None
        return _response(answer.status, answer.body, answer.request_id)

    def start(self) -> ThreadedServer:
        """Serve on a background thread (a no-op when already serving)."""
        if not self._started:  # serve() starts it and ``with`` enters it again
            self._started = True
            self._http.start()
        return self

    def stop(self) -> None:
        """Stop serving, save the state file (if any) and close the socket."""
        self._http.stop()
        if self._state is not None:
            self._state.flush()
        self._started = False

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(
    fake: FakeSmsVoice | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    state_file: str | Path | None = None,
    http_limits: HttpLimits | None = None,
) -> ThreadedServer:
    """A started [`ThreadedServer`][smsv2.testing.server.ThreadedServer] (use it as a context
    manager to stop it)."""
    return ThreadedServer(
        fake, host=host, port=port, state_file=state_file, http_limits=http_limits
    ).start()


def _parser() -> argparse.ArgumentParser:
    defaults = HttpLimits()
    parser = argparse.ArgumentParser(
        description="Serve the smsv2 SMS Voice V2 fake over HTTP.",
        epilog="exit codes: 0 stopped by SIGTERM/SIGINT, 2 bad arguments, "
        f"{EXIT_STATE_FILE} unreadable state file, {EXIT_ADDRESS} address not available",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument(
        "--state-file", default=None, help="JSON state loaded here, saved after every change"
    )
    parser.add_argument(
        "--webhook-url",
        default=None,
        help="send delivery events and inbound messages here as signed SNS notifications",
    )
    parser.add_argument("--account-id", default=None)
    parser.add_argument("--production", action="store_true", help="start outside the sandbox")
    parser.add_argument(
        "--throttle-sends",
        action="store_true",
        help="throttle sends above their origination identity's MessagingLimits rate",
    )
    parser.add_argument("--seed", type=int, default=None, help="seed for IDs and fault draws")
    parser.add_argument("--no-inbox", action="store_true", help="don't serve the web inbox")
    parser.add_argument(
        "--inbox-token", default=None, help="require this token for the inbox's JSON API"
    )
    parser.add_argument(
        "--inbox-keep", type=int, default=None, metavar="N", help="messages the inbox keeps (10000)"
    )
    parser.add_argument("--threads", type=int, default=defaults.threads)
    parser.add_argument("--backlog", type=int, default=defaults.backlog)
    parser.add_argument("--read-timeout", type=float, default=defaults.read_timeout)
    parser.add_argument("--idle-timeout", type=float, default=defaults.idle_timeout)
    parser.add_argument("--max-body-bytes", type=int, default=defaults.max_body_bytes)
    parser.add_argument("--max-connections", type=int, default=defaults.max_connections)
    quotas = parser.add_argument_group(
        "quotas", "per account and region, as FakeSmsVoice(limits={NAME: N})"
    )
    for name, default in DEFAULT_LIMITS.items():
        quotas.add_argument(
            _limit_flag(name), type=int, default=None, metavar="N", help=f"default {default}"
        )
    return parser


def _limit_flag(name: str) -> str:
    return "--limit-" + name.lower().replace("_", "-")


def _limits_of(args: argparse.Namespace) -> dict[str, int]:
    chosen = {name: getattr(args, "limit_" + name.lower()) for name in DEFAULT_LIMITS}
    return {name: value for name, value in chosen.items() if value is not None}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.threads < 1 or args.backlog < 1 or args.max_connections < 1:
        parser.error("--threads, --backlog and --max-connections must be at least 1")
    if args.inbox_keep is not None and args.inbox_keep < 1:
        parser.error("--inbox-keep must be at least 1")
    if args.inbox_token == "":
        parser.error("--inbox-token must not be empty")
    http_limits = HttpLimits(
        threads=args.threads,
        backlog=args.backlog,
        read_timeout=args.read_timeout,
        idle_timeout=args.idle_timeout,
        max_body_bytes=args.max_body_bytes,
        max_connections=args.max_connections,
    )
    try:
        fake = FakeSmsVoice(
            sandbox=not args.production,
            seed=args.seed,
            limits=_limits_of(args),
            throttle_sends=args.throttle_sends,
            **({"account_id": args.account_id} if args.account_id else {}),
        )
    except ValueError as err:
        parser.error(str(err))
    try:
        server = ThreadedServer(
            fake,
            host=args.host,
            port=args.port,
            state_file=args.state_file,
            http_limits=http_limits,
            inbox=not args.no_inbox,
            inbox_token=args.inbox_token,
            inbox_keep=args.inbox_keep,
        )
    except StateFileError as err:
        print(f"smsv2 fake: {err}", file=sys.stderr, flush=True)
        return EXIT_STATE_FILE
    except OSError as err:
        print(
            f"smsv2 fake: cannot listen on {args.host}:{args.port}: {err.strerror}",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_ADDRESS
    # Quotas given on the command line win over those saved in the state file.
    fake.limits.update(_limits_of(args))
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    print(f"smsv2 fake listening on {server.endpoint_url}", flush=True)
    if server.inbox_url is not None:
        print(f"smsv2 inbox on {server.inbox_url}", flush=True)
    if args.webhook_url:
        forwarder = fake.forward_to(args.webhook_url)
        print(f"smsv2 fake: SNS certificate at {forwarder.base_url}/certificate.pem", flush=True)
    while not stopping.wait(0.5):
        pass
    server.stop()
    return 0


__all__ = [
    "EXIT_ADDRESS",
    "EXIT_STATE_FILE",
    "HttpLimits",
    "StateFileError",
    "ThreadedServer",
    "main",
    "serve",
]


if __name__ == "__main__":
    raise SystemExit(main())
