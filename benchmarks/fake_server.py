"""The fake's HTTP server in a subprocess, optionally behind ``latency_proxy.py``, for benchmarks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_SERVE = """
import sys
from smsv2.testing import FakeSmsVoice, serve
server = serve(FakeSmsVoice(sandbox=False))
print("listening on", server.endpoint_url, flush=True)
sys.stdin.read()
server.stop()
"""
_PROXY = Path(__file__).resolve().parent / "latency_proxy.py"


class _Child:
    """A subprocess that prints ``listening on URL`` and runs until its stdin closes."""

    def __init__(self, argv: list[str]) -> None:
        self._proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        self.url = line.strip().rsplit(" ", 1)[-1]
        if not self.url.startswith("http://"):
            self.stop()
            raise RuntimeError(f"{argv[1:3]} did not start: {line!r}")

    def stop(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        self._proc.wait(timeout=30)


class FakeServer:
    """The fake's HTTP server in its own process (outside the sending side's GIL). With a
    ``latency``, clients reach it through a loopback proxy (another process) that delivers
    every answer that much later, like a network round trip, without capping how many
    requests are in flight (the delay is a timer in the proxy's event loop)."""

    def __init__(self, latency: float) -> None:
        self._server = _Child([sys.executable, "-c", _SERVE])
        self._proxy: _Child | None = None
        self.url = self._server.url
        if latency:
            target = self.url.removeprefix("http://")
            try:
                self._proxy = _Child(
                    [sys.executable, str(_PROXY), "--target", target, "--delay", str(latency)]
                )
            except Exception:
                self._server.stop()
                raise
            self.url = self._proxy.url

    def stop(self) -> None:
        if self._proxy is not None:
            self._proxy.stop()
        self._server.stop()
