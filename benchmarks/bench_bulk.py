"""Bulk sending: configured vs achieved rate, per-message overhead, and a limit shared through Redis.

All three are measured in one run against smsv2's own fake of the service:

1. **Rate accuracy.** ``send_bulk`` at 10, 50 and 200 parts per second against the in-process
   fake with 20 ms of latency per call; the achieved rate is taken from the fake's own send
   timestamps (sends after the first, over the time from the first to the last).
2. **Overhead.** With no rate limit, the time per message of ``send_bulk`` against a plain
   loop of ``client.send_text_message`` (the natural baseline), on the in-process fake without
   latency, in interleaved rounds; medians and the median of the per-round ratios.
3. **Shared limit.** N worker processes (1, 2, 4) send one job through ``RedisRateLimiter`` and
   ``RedisClaims`` against the fake's HTTP server, sharing one budget; a real ``redis-server``
   is started on a free loopback port (Debian's ``redis-server`` package must be installed).

Run:  .venv/bin/python benchmarks/bench_bulk.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Fake credentials and an isolated config: never real ones, never the caller's profile.
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
)
for _key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(_key, None)

import smsv2  # noqa: E402
from smsv2.testing import FakeSmsVoice, mock_sms_voice, serve  # noqa: E402

NO_LIMIT = 1e9


def job(origination: str, count: int, start: int = 0) -> list[smsv2.OutboundMessage]:
    """``count`` distinct one-part messages."""
    return [
        smsv2.OutboundMessage(
            destination_phone_number=f"+1206{i:07d}",
            origination_identity=origination,
            message_body=f"Your code is {i:06d}",
        )
        for i in range(start, start + count)
    ]


def new_fake() -> FakeSmsVoice:
    fake = FakeSmsVoice(seed=1)
    fake.leave_sandbox()
    return fake


def request_number(client: smsv2.Client) -> str:
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    assert number.phone_number_id is not None
    return number.phone_number_id


def achieved_rate(fake: FakeSmsVoice) -> float:
    sent = fake.sent_messages
    return sum(m.parts for m in sent[1:]) / (sent[-1].timestamp - sent[0].timestamp)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# -- 1. rate accuracy ---------------------------------------------------------------------------


def bench_rates(client: smsv2.Client, rounds: int, seconds: float) -> None:
    print(
        f"\n1. configured vs achieved rate (20 ms latency per call, {seconds:.0f} s per run, "
        f"{rounds} runs each, median)"
    )
    print(f"{'configured':>12} {'achieved':>10} {'ratio':>7}  target within 5%")
    for rate in (10, 50, 200):
        ratios = []
        for _ in range(rounds):
            with mock_sms_voice(fake=new_fake()) as fake:
                origination = request_number(client)
                fake.faults.latency(0.02, operations=["SendTextMessage"])
                count = int(rate * seconds) + 1
                client.send_bulk(job(origination, count), parts_per_second=rate).wait()
                assert len(fake.sent_messages) == count
                ratios.append(achieved_rate(fake) / rate)
        ratio = statistics.median(ratios)
        print(f"{rate:>12} {rate * ratio:>10.2f} {ratio:>7.3f}  {verdict(abs(ratio - 1) <= 0.05)}")


# -- 2. overhead --------------------------------------------------------------------------------


def bench_overhead(client: smsv2.Client, rounds: int, count: int) -> None:
    print(
        f"\n2. time per message, no rate limit, in-process fake without latency "
        f"({count} messages, {rounds} interleaved rounds, medians)"
    )

    def plain(messages: list[smsv2.OutboundMessage]) -> None:
        for message in messages:
            client.send_text_message(**message.send_arguments())

    def bulk(concurrency: int) -> Callable[[list[smsv2.OutboundMessage]], None]:
        def run(messages: list[smsv2.OutboundMessage]) -> None:
            summary = client.send_bulk(
                messages, parts_per_second=NO_LIMIT, concurrency=concurrency
            ).wait()
            assert summary.sent == len(messages)

        return run

    sides: dict[str, Callable[[list[smsv2.OutboundMessage]], None]] = {
        "plain send_text_message loop": plain,
        "send_bulk, concurrency=1": bulk(1),
        "send_bulk, concurrency=8": bulk(8),
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    ratios: dict[str, list[float]] = {name: [] for name in sides}
    for round_ in range(rounds):
        order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
        this_round: dict[str, float] = {}
        for name in order:
            with mock_sms_voice(fake=new_fake()):
                messages = job(request_number(client), count)
                started = time.perf_counter()
                sides[name](messages)
                this_round[name] = (time.perf_counter() - started) / count
        for name in sides:
            times[name].append(this_round[name])
            ratios[name].append(this_round[name] / this_round["plain send_text_message loop"])
    print(f"{'':32} {'per message':>12} {'ratio':>7}  target <= 1.10x")
    for name in sides:
        per = statistics.median(times[name]) * 1e6
        ratio = statistics.median(ratios[name])
        mark = "" if name.startswith("plain") else verdict(ratio <= 1.10)
        print(f"{name:32} {per:>9.0f} us {ratio:>7.3f}  {mark}")


# -- 3. shared limit through Redis --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server() -> Iterator[str]:
    from redis import Redis

    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        process = subprocess.Popen(
            [
                executable,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ],
            cwd=workdir,
            stdout=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        try:
            for _ in range(200):
                try:
                    if Redis.from_url(url).ping():
                        break
                except Exception:
                    time.sleep(0.05)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def worker(endpoint: str, origination: str, count: int, rate: float, redis_url: str) -> None:
    """One process of the shared-limit benchmark."""
    from smsv2.integrations.redis import RedisClaims, RedisRateLimiter

    client = smsv2.Client(region_name="us-east-1", endpoint_url=endpoint)
    client.send_bulk(
        job(origination, count),
        parts_per_second=rate,
        limiter=RedisRateLimiter(redis_url),
        claims=RedisClaims(redis_url, secret="bench-secret-0123456789abcdef"),
        concurrency=2,
    ).wait()


def bench_shared(rate: float, seconds: float) -> None:
    from redis import Redis

    print(
        f"\n3. one {rate:.0f} MPS budget shared through Redis by N processes "
        f"(HTTP fake, {seconds:.0f} s of messages)"
    )
    print(f"{'processes':>10} {'achieved':>10} {'accuracy':>9} {'sent':>6} {'duplicates':>11}")
    with redis_server() as redis_url:
        for processes in (1, 2, 4):
            Redis.from_url(redis_url).flushall()
            fake = new_fake()
            with serve(fake) as server:
                client = smsv2.Client(region_name="us-east-1", endpoint_url=server.endpoint_url)
                origination = request_number(client)
                count = int(rate * seconds) + 1
                args = [server.endpoint_url, origination, str(count), str(rate), redis_url]
                workers = [
                    subprocess.Popen([sys.executable, __file__, "--worker", *args])
                    for _ in range(processes)
                ]
                for w in workers:
                    w.wait(timeout=300)
                sent = fake.sent_messages
                duplicates = len(sent) - len({m.destination for m in sent})
                achieved = achieved_rate(fake)
                accuracy = achieved / rate
                print(
                    f"{processes:>10} {achieved:>10.2f} {accuracy:>9.3f} {len(sent):>6} {duplicates:>11}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, shorter runs")
    parser.add_argument("--worker", nargs=5, metavar="ARG", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        endpoint, origination, count, rate, redis_url = args.worker
        worker(endpoint, origination, int(count), float(rate), redis_url)
        return
    client = smsv2.Client(region_name="us-east-1")
    bench_rates(client, rounds=1 if args.quick else 3, seconds=2 if args.quick else 4)
    bench_overhead(client, rounds=3 if args.quick else 7, count=200 if args.quick else 400)
    bench_shared(rate=50, seconds=2 if args.quick else 5)


if __name__ == "__main__":
    main()
