"""HTTP server speaking the service's JSON 1.0 protocol, backed by a :class:`FakeSmsVoice`.

    python -m smsv2.testing.server --host 127.0.0.1 --port 4566 [--state-file PATH]

SigV4 signatures are not verified. The region comes from the signature's credential scope.
With ``--state-file`` the state is loaded on start and saved on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import cast

from ._backend import FakeSmsVoice
from ._mock import CONTENT_TYPE, TARGET_PREFIX

log = logging.getLogger("smsv2.testing.server")


def _region_from_auth(auth: str | None) -> str | None:
    if not auth or "Credential=" not in auth:
        return None
    parts = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
    return parts[2] if len(parts) >= 4 else None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target") or ""
        request_id = "0"
        if not target.startswith(TARGET_PREFIX):
            status = 400
            payload: dict[str, object] = {
                "__type": "UnknownOperationException",
                "Message": f"Unknown target {target!r}",
            }
        else:
            try:
                body: object = json.loads(raw) if raw else {}
            except ValueError:
                body = None
            if isinstance(body, dict):
                answer = cast("_Server", self.server).fake.respond(
                    target[len(TARGET_PREFIX) :],
                    cast("dict[str, object]", body),
                    region=_region_from_auth(self.headers.get("Authorization")),
                )
                if answer.lost is not None:
                    # The work is done; the client gets no answer (timeout: after a wait).
                    if answer.lost.how == "timeout" and answer.lost.seconds:
                        time.sleep(answer.lost.seconds)
                    self.close_connection = True
                    return
                status, payload, request_id = answer.status, answer.body, answer.request_id
            else:
                status = 400
                payload = {"__type": "SerializationException", "Message": "invalid JSON"}
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPE)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", request_id)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        # Request lines carry no phone numbers (JSON bodies), but keep them at DEBUG anyway.
        log.debug(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], fake: FakeSmsVoice) -> None:
        super().__init__(address, _Handler)
        self.fake = fake


class ThreadedServer:
    """Serve a fake on a background thread. ``port=0`` picks a free port; use as a context
    manager, read ``endpoint_url``. With ``state_file``, state is loaded on start (if the
    file exists) and saved on stop."""

    def __init__(
        self,
        fake: FakeSmsVoice | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: str | Path | None = None,
    ) -> None:
        self.fake = fake or FakeSmsVoice()
        self.state_file = Path(state_file) if state_file is not None else None
        if self.state_file is not None and self.state_file.exists():
            self.fake.load(self.state_file)
        self._server = _Server((host, port), self.fake)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port served (useful with ``port=0``)."""
        return int(self._server.server_address[1])

    @property
    def endpoint_url(self) -> str:
        """The URL to pass as ``endpoint_url`` to a client."""
        host = str(self._server.server_address[0])
        return f"http://{host}:{self.port}"

    def start(self) -> ThreadedServer:
        """Serve on a background thread (a no-op when already serving)."""
        if self._thread is not None:  # serve() starts it and ``with`` enters it again
            return self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, save the state file (if any) and close the socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        if self.state_file is not None:
            self.fake.save(self.state_file)
        self._server.server_close()

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
) -> ThreadedServer:
    """A started :class:`ThreadedServer` (use it as a context manager to stop it)."""
    return ThreadedServer(fake, host=host, port=port, state_file=state_file).start()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the smsv2 SMS Voice V2 fake over HTTP.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument("--state-file", default=None, help="JSON state loaded/saved here")
    parser.add_argument("--account-id", default=None)
    parser.add_argument("--production", action="store_true", help="start outside the sandbox")
    args = parser.parse_args(argv)
    fake = FakeSmsVoice(
        sandbox=not args.production,
        **({"account_id": args.account_id} if args.account_id else {}),
    )
    server = ThreadedServer(fake, host=args.host, port=args.port, state_file=args.state_file)
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    print(f"smsv2 fake listening on {server.endpoint_url}", flush=True)
    while not stopping.wait(0.5):
        pass
    server.stop()
    return 0


__all__ = ["ThreadedServer", "main", "serve"]


if __name__ == "__main__":
    raise SystemExit(main())
