"""The fake's HTTP server against moto's own server mode, measured in the same run.

Both servers run as subprocesses on loopback and are driven by the same boto3 code:

* ``python -m smsv2.testing.server --production`` (ours), SendTextMessage to a simulator
  number and DescribePools;
* ``python -m moto.server`` (moto's werkzeug server, from the ``moto[server]`` dev extra),
  SNS Publish to a phone number and SNS ListTopics: the closest calls moto serves (SNS SMS).

Latency: one client, interleaved rounds (the order alternates each round), the median time per
call of each round; the table shows the median of the round medians and the median of the
per-round ratios ours/moto. Throughput: 16 client threads (one boto3 client each), calls/s per
round, medians and the ratio. The clients share the machine with the servers, so compare
ratios, not absolute numbers. With ``--state-file`` the fsync-per-change cost is shown too
(moto has no such mode: informational, no target).

The inbox: the same 16-thread send throughput of our server with and without an open inbox
(a client on ``/_smsv2/api/stream`` that refetches what the web UI refetches on each change),
in alternating rounds of the same run; the target is a ratio of at least 0.90.

Run:  .venv/bin/python benchmarks/bench_server.py [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
for _key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
    os.environ.pop(_key, None)
os.environ.update(_FAKE_ENV)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

THREADS = 16
SIMULATOR_DESTINATION = "+14254147755"
_CONFIG = Config(retries={"total_max_attempts": 1})

Call = Callable[[], object]


@dataclass(frozen=True)
class Side:
    """One server and the two calls measured on it."""

    name: str
    endpoint: str
    service: str
    write: Callable[[Any], Call]
    read: Callable[[Any], Call]

    def client(self) -> Any:
        session: Any = boto3.session.Session()  # untyped: the service name is a variable
        return session.client(
            self.service, region_name="us-east-1", endpoint_url=self.endpoint, config=_CONFIG
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


@contextmanager
def _process(args: list[str], port: int) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        _wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _ours_write(client: Any) -> Call:
    number = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="SIMULATOR",
    )["PhoneNumberId"]

    def send() -> object:
        return client.send_text_message(
            DestinationPhoneNumber=SIMULATOR_DESTINATION,
            OriginationIdentity=number,
            MessageBody="Your code is 123456",
        )["MessageId"]

    return send


def _ours_read(client: Any) -> Call:
    return lambda: client.describe_pools()["Pools"]


def _moto_write(client: Any) -> Call:
    return lambda: client.publish(PhoneNumber="+14255550100", Message="Your code is 123456")[
        "MessageId"
    ]


def _moto_read(client: Any) -> Call:
    return lambda: client.list_topics()["Topics"]


def _per_call(call: Call, calls: int) -> float:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _throughput(calls: list[Call], per_thread: int) -> float:
    barrier = threading.Barrier(len(calls) + 1)

    def run(call: Call) -> None:
        barrier.wait()
        for _ in range(per_thread):
            call()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return len(calls) * per_thread / (time.perf_counter() - start)


_UI_REFRESH = (
    "/_smsv2/api/clock",
    "/_smsv2/api/conversations",
    "/_smsv2/api/messages?destination=%2B14254147755&limit=500",
)


@contextmanager
def _live_inbox(endpoint: str) -> Iterator[list[int]]:
    """A client watching the inbox like the web UI: on each ``change`` event it fetches the
    clock, the conversation list and the open thread. Yields the count of refreshes."""
    host, port = endpoint.removeprefix("http://").split(":")
    stream = http.client.HTTPConnection(host, int(port), timeout=30)
    stream.request("GET", "/_smsv2/api/stream")
    answer = stream.getresponse()
    refreshes = [0]
    stopping = threading.Event()

    def watch() -> None:
        api = http.client.HTTPConnection(host, int(port), timeout=30)
        while not stopping.is_set():
            line = answer.readline()
            if not line:
                return
            if line.startswith(b"event: change"):
                for path in _UI_REFRESH:
                    api.request("GET", path)
                    api.getresponse().read()
                refreshes[0] += 1
        api.close()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield refreshes
    finally:
        stopping.set()
        stream.close()
        thread.join(timeout=5)


def _inbox_rounds(endpoint: str, pool: list[Call], rounds: int, per_thread: int) -> Row:
    """Send throughput without (``moto`` column) and with (``ours``) a live inbox client."""
    without: list[float] = []
    with_client: list[float] = []
    for i in range(rounds):
        for live in (i % 2 == 0, i % 2 != 0):
            if live:
                with _live_inbox(endpoint) as refreshes:
                    with_client.append(_throughput(pool, per_thread))
                assert refreshes[0] > 0, "the live client saw no change"
            else:
                without.append(_throughput(pool, per_thread))
    return Row("send, 16 threads, inbox open / closed", with_client, without, False)


@dataclass
class Row:
    label: str
    ours: list[float]
    moto: list[float]
    lower_is_better: bool

    def line(self) -> str:
        ratios = [o / m for o, m in zip(self.ours, self.moto, strict=True)]
        ratio = statistics.median(ratios)
        good = ratio <= 1.0 if self.lower_is_better else ratio >= 1.0
        unit = "ms" if self.lower_is_better else "calls/s"
        scale = 1000.0 if self.lower_is_better else 1.0
        ours = statistics.median(self.ours) * scale
        moto = statistics.median(self.moto) * scale
        verdict = "PASS" if good else "MISS"
        return f"{self.label:<38} {ours:>9.2f} {moto:>9.2f} {unit:<8} ours/moto {ratio:5.2f}  {verdict}"


def _rounds(
    sides: tuple[Side, Side], rounds: int, measure: Callable[[Side], float]
) -> tuple[list[float], list[float]]:
    ours: list[float] = []
    moto: list[float] = []
    for i in range(rounds):
        order = sides if i % 2 == 0 else sides[::-1]
        results = {side.name: measure(side) for side in order}
        ours.append(results["ours"])
        moto.append(results["moto"])
    return ours, moto


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, a rough number")
    args = parser.parse_args()
    rounds, calls, per_thread = (3, 50, 20) if args.quick else (7, 200, 60)

    ours_port, moto_port = _free_port(), _free_port()
    ours_args = ["-m", "smsv2.testing.server", "--port", str(ours_port), "--production"]
    moto_args = ["-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)]
    with _process(ours_args, ours_port) as ours_url, _process(moto_args, moto_port) as moto_url:
        ours = Side("ours", ours_url, "pinpoint-sms-voice-v2", _ours_write, _ours_read)
        moto = Side("moto", moto_url, "sns", _moto_write, _moto_read)
        sides = (ours, moto)
        single = {side.name: side.client() for side in sides}
        writes = {side.name: side.write(single[side.name]) for side in sides}
        reads = {side.name: side.read(single[side.name]) for side in sides}
        for side in sides:  # warm up connections and both servers' code paths
            for _ in range(20):
                writes[side.name]()
                reads[side.name]()
        rows = [
            Row(
                "send (SendTextMessage / SNS Publish)",
                *_rounds(sides, rounds, lambda s: _per_call(writes[s.name], calls)),
                lower_is_better=True,
            ),
            Row(
                "read (DescribePools / ListTopics)",
                *_rounds(sides, rounds, lambda s: _per_call(reads[s.name], calls)),
                lower_is_better=True,
            ),
        ]
        pools = {s.name: [s.write(s.client()) for _ in range(THREADS)] for s in sides}
        rows.append(
            Row(
                f"send, {THREADS} client threads",
                *_rounds(sides, rounds, lambda s: _throughput(pools[s.name], per_thread)),
                lower_is_better=False,
            )
        )

        inbox_row = _inbox_rounds(ours.endpoint, pools["ours"], rounds, per_thread)

    with tempfile.TemporaryDirectory() as tmp:
        durable_port = _free_port()
        durable_args = [*ours_args[:-2], str(durable_port), "--production"]
        durable_args += ["--state-file", os.path.join(tmp, "state.json")]
        with _process(durable_args, durable_port) as durable_url:
            durable = Side("durable", durable_url, "pinpoint-sms-voice-v2", _ours_write, _ours_read)
            send = durable.write(durable.client())
            durable_ms = [_per_call(send, calls) * 1000 for _ in range(rounds)]

    print(f"{'':<38} {'ours':>9} {'moto':>9}")
    for row in rows:
        print(row.line())
    ratio = statistics.median([o / m for o, m in zip(inbox_row.ours, inbox_row.moto, strict=True)])
    print(
        f"{inbox_row.label:<38} {statistics.median(inbox_row.ours):>9.2f} "
        f"{statistics.median(inbox_row.moto):>9.2f} calls/s  open/closed {ratio:5.2f}  "
        f"{'PASS' if ratio >= 0.90 else 'MISS'} (target >= 0.90)"
    )
    print(
        f"{'send with --state-file (fsync per change)':<38} "
        f"{statistics.median(durable_ms):>9.2f} {'-':>9} ms       (informational)"
    )
    print(f"rounds={rounds} calls/round={calls} per-thread={per_thread}; medians of rounds")


if __name__ == "__main__":
    main()
