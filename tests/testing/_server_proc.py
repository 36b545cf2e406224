"""``python -m smsv2.testing.server`` in a subprocess, on a free loopback port."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import boto3


class ServerProcess:
    """Start the server with ``args`` (``--port 0``); ``endpoint``, ``port`` once started."""

    def __init__(self, *args: str) -> None:
        self.args = ["--port", "0", *args]
        self.proc: subprocess.Popen[str] | None = None
        self.endpoint = ""
        self.port = 0
        self.stderr = ""

    def start(self) -> ServerProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "smsv2.testing.server", *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.wait(timeout=30)
            raise AssertionError(f"server did not start (rc={self.proc.returncode}): {self.stderr}")
        self.endpoint = line.strip().rsplit(" ", 1)[-1]
        self.port = int(self.endpoint.rsplit(":", 1)[1])
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def threads(self) -> int:
        """Threads of the server process now (Linux /proc)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
        raise AssertionError("no Threads line in /proc status")

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.wait(timeout=30)

    def wait(self, timeout: float) -> int:
        assert self.proc is not None
        _, err = self.proc.communicate(timeout=timeout)
        self.stderr += err or ""
        return self.proc.returncode

    def stop(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.terminate()
        return self.wait(timeout=30)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.wait(timeout=30)

    # --- clients ---------------------------------------------------------------------
    def client(self, **config: Any) -> Any:
        return client_for(self.endpoint, **config)

    def connect(self, timeout: float = 10.0) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)


def client_for(endpoint: str, **config: Any) -> Any:
    """A boto3 client of the service on ``endpoint`` with fake credentials."""
    return boto3.client(
        "pinpoint-sms-voice-v2",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        **config,
    )


def raw_request(
    target: str = "PinpointSMSVoiceV2.DescribePools",
    body: bytes = b"{}",
    *,
    content_length: str | None = None,
    extra: str = "",
    method: str = "POST",
) -> bytes:
    """A request as bytes; ``content_length`` overrides the real length."""
    length = str(len(body)) if content_length is None else content_length
    head = (
        f"{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {target}\r\n"
        f"Content-Type: application/x-amz-json-1.0\r\nContent-Length: {length}\r\n{extra}\r\n"
    )
    return head.encode() + body


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], dict[str, Any]]:
    """One response from ``sock``: status, lower-cased headers, JSON body. Reads exactly one
    response (byte by byte up to the body), so pipelined answers stay in the socket."""
    data = b""
    while not data.endswith(b"\r\n\r\n"):
        chunk = sock.recv(1)
        if not chunk:
            raise ConnectionError(f"closed after {data!r}")
        data += chunk
    lines = data[:-4].decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers["content-length"])
    body = b""
    while len(body) < length:
        chunk = sock.recv(length - len(body))
        if not chunk:
            raise ConnectionError("closed in the body")
        body += chunk
    return status, headers, json.loads(body)


def wait_closed(sock: socket.socket, within: float) -> float:
    """Seconds until the peer closes ``sock`` (bytes received meanwhile are discarded)."""
    start = time.monotonic()
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
    except (ConnectionResetError, TimeoutError):
        pass
    return time.monotonic() - start
