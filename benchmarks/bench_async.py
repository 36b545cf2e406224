"""smsv2.AsyncClient compared with raw aiobotocore (and the sync client), in the same run.

1. A typed DescribePhoneNumbers page of 50 items: ``AsyncClient`` against raw aiobotocore,
   both on the same in-process canned transport (a ``before-send`` handler), so only
   client-side work is compared. Interleaved rounds; the ratio is the median per-round ratio
   smsv2/aiobotocore (lower is faster).
2. 1,000 SendTextMessage calls with 50 concurrent tasks against the fake's HTTP server
   (``smsv2.testing.serve`` in a subprocess): ``AsyncClient`` against raw aiobotocore at the
   same concurrency and pool size, and against the sync ``smsv2.Client`` sending one after
   another on one thread. Throughput in sends per second; ratios are medians of per-round
   ratios. Every client gets the same pool of 50 connections. Twice: with the fake answering
   at once (then the fake's own CPU time is the limit for everyone), and through a loopback
   proxy (``latency_proxy.py``, its own process) that delivers every answer 20 ms late, like a
   network round trip, without limiting how many requests are in flight. The client's
   own CPU time per send (this process's, the fake runs in another) is reported alongside:
   it is what an SDK controls, whatever the fake's speed.
3. For reference, the async client of ``capo-pinpoint-sms-voice-v2`` (no botocore) in the
   same runs when it is installed (``pip install 'smsv2[bench]'``).

The machine is shared and noisy: read the ratios, not the absolute numbers.

Run:  .venv/bin/python benchmarks/bench_async.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_core
from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from fake_server import FakeServer

import smsv2
from smsv2.testing._mock import _Response as AwaitableResponse

SERVICE: Final[Literal["pinpoint-sms-voice-v2"]] = "pinpoint-sms-voice-v2"
REGION = bench_core.REGION
DESTINATION = "+12065550123"
CONCURRENCY = 50
SENDS = 1000
#: The second send benchmark delays every answer of the fake by this much, like the round
#: trip to the service's endpoint (the first one has none: then the fake itself is the limit).
NETWORK_LATENCY = 0.02


def canned(request: AWSPreparedRequest, **kwargs: object) -> AWSResponse:
    """bench_core's canned answer, readable by aiobotocore (which awaits the content)."""
    plain = bench_core.canned_response(request, **kwargs)
    headers = cast("HTTPHeaders", plain.headers)  # bench_core builds an HTTPHeaders
    return AwaitableResponse(plain.url, plain.status_code, headers, plain.raw)


def register(client: Any) -> None:
    client.meta.events.register("before-send", canned)


@dataclass
class Result:
    name: str
    ours: float
    baseline: float
    ratio: float
    target: str
    ok: bool


# -- 1. typed describe page vs raw aiobotocore -----------------------------------------------------


async def bench_describe(rounds: int, calls: int) -> Result:
    async with AioSession().create_client(SERVICE, region_name=REGION) as raw:  # pyright: ignore[reportUnknownMemberType]
        register(raw)
        async with smsv2.AsyncClient(region_name=REGION) as typed:
            register(await typed.aiobotocore_client())
            raw_page = await raw.describe_phone_numbers()
            typed_page = await typed.describe_phone_numbers()
            assert len(raw_page["PhoneNumbers"]) == len(typed_page.phone_numbers or []) == 50

            async def raw_call() -> object:
                return await raw.describe_phone_numbers()

            async def typed_call() -> object:
                return await typed.describe_phone_numbers()

            t_raw, t_typed, ratio = await interleaved(raw_call, typed_call, rounds, calls)
    return Result(
        "DescribePhoneNumbers page of 50 (us/call)",
        t_typed * 1e6,
        t_raw * 1e6,
        ratio,
        "<= 0.60",
        ratio <= 0.6,
    )


async def per_call(fn: Callable[[], Awaitable[object]], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        await fn()
    return (time.perf_counter() - start) / n


async def interleaved(
    a: Callable[[], Awaitable[object]],
    b: Callable[[], Awaitable[object]],
    rounds: int,
    calls: int,
) -> tuple[float, float, float]:
    """Median seconds per call of a and b, and the median per-round ratio b/a."""
    for _ in range(max(3, calls // 10)):
        await a()
        await b()
    ta_all: list[float] = []
    tb_all: list[float] = []
    ratios: list[float] = []
    for r in range(rounds):
        if r % 2 == 0:
            ta, tb = await per_call(a, calls), await per_call(b, calls)
        else:
            tb, ta = await per_call(b, calls), await per_call(a, calls)
        ta_all.append(ta)
        tb_all.append(tb)
        ratios.append(tb / ta)
    return statistics.median(ta_all), statistics.median(tb_all), statistics.median(ratios)


# -- 2. 1,000 sends, 50 tasks, over HTTP -------------------------------------------------------------


Sender = Callable[[str], Coroutine[Any, Any, object]]


async def run_concurrently(
    send: Sender, origin: str, total: int, tasks: int
) -> tuple[float, float]:
    """Sends per second, and this process's CPU seconds per send (the fake runs in another
    process, so that is the client's own cost): ``tasks`` workers share ``total`` sends."""
    remaining = iter(range(total))

    async def worker() -> None:
        for _ in remaining:
            await send(origin)

    start, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(tasks)))
    return total / (time.perf_counter() - start), (time.process_time() - cpu) / total


def send_sync_on_one_thread(client: smsv2.Client, origin: str, total: int) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(total):
        client.send_text_message(
            destination_phone_number=DESTINATION, origination_identity=origin, message_body="hi"
        )
    return total / (time.perf_counter() - start), (time.process_time() - cpu) / total


def capo_client(url: str) -> Any | None:
    try:
        from capo_pinpoint_sms_voice_v2 import (  # type: ignore[import-not-found, unused-ignore]
            AsyncPinpointSMSVoiceV2Client,
            Credentials,
        )
    except ImportError:
        return None
    credentials = Credentials(  # pyright: ignore[reportUnknownVariableType]
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    )
    from zapros import AsyncStdNetworkHandler  # capo's HTTP library: the same pool size as ours

    handler = AsyncStdNetworkHandler(http1={"max_connections_per_host": CONCURRENCY})
    return AsyncPinpointSMSVoiceV2Client(
        http_handler=handler, region=REGION, endpoint=url, credentials=credentials
    )


async def bench_sends(
    rounds: int, total: int, latency: float
) -> tuple[list[Result], dict[str, float]]:
    server = FakeServer(latency)
    try:
        config = AioConfig(max_pool_connections=CONCURRENCY)
        sync = smsv2.Client(region_name=REGION, endpoint_url=server.url)
        origin = sync.request_phone_number(
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            number_capabilities=["SMS"],
            number_type="TOLL_FREE",
        ).phone_number_id
        async with (
            smsv2.AsyncClient(region_name=REGION, endpoint_url=server.url, config=config) as typed,
            AioSession().create_client(  # pyright: ignore[reportUnknownMemberType]
                SERVICE, region_name=REGION, endpoint_url=server.url, config=config
            ) as raw,
        ):

            async def typed_send(o: str) -> object:
                return await typed.send_text_message(
                    destination_phone_number=DESTINATION, origination_identity=o, message_body="hi"
                )

            async def raw_send(o: str) -> object:
                return await raw.send_text_message(
                    DestinationPhoneNumber=DESTINATION, OriginationIdentity=o, MessageBody="hi"
                )

            senders: dict[str, Sender] = {"smsv2": typed_send, "aiobotocore": raw_send}
            capo = capo_client(server.url)
            if capo is not None:
                await capo.__aenter__()

                async def capo_send(o: str) -> object:
                    return await capo.send_text_message(
                        DESTINATION, origination_identity=o, message_body="hi"
                    )

                senders["capo"] = capo_send
            for send in senders.values():  # warm up: connections, models, caches
                await run_concurrently(send, origin, CONCURRENCY * 2, CONCURRENCY)
            send_sync_on_one_thread(sync, origin, 50)
            rates: dict[str, list[float]] = {name: [] for name in [*senders, "sync"]}
            cpu: dict[str, list[float]] = {name: [] for name in [*senders, "sync"]}
            order = [*senders, "sync"]
            for r in range(rounds):
                for name in order if r % 2 == 0 else reversed(order):
                    if name == "sync":
                        rate, per_send = await asyncio.to_thread(
                            send_sync_on_one_thread, sync, origin, total
                        )
                    else:
                        rate, per_send = await run_concurrently(
                            senders[name], origin, total, CONCURRENCY
                        )
                    rates[name].append(rate)
                    cpu[name].append(per_send)
            if capo is not None:
                await capo.__aexit__(None, None, None)
        sync.close()
    finally:
        server.stop()

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(rates[a], rates[b], strict=True))

    med = {name: statistics.median(values) for name, values in rates.items()}
    label = f", +{latency * 1000:.0f} ms" if latency else ""
    vs_raw = ratio("smsv2", "aiobotocore")
    vs_sync = ratio("smsv2", "sync")
    results = [
        Result(
            f"{total} sends, {CONCURRENCY} tasks vs aiobotocore{label} (sends/s)",
            med["smsv2"],
            med["aiobotocore"],
            vs_raw,
            ">= 1.00",
            vs_raw >= 1.0,
        ),
        Result(
            f"{total} sends, {CONCURRENCY} tasks vs sync Client{label} (sends/s)",
            med["smsv2"],
            med["sync"],
            vs_sync,
            ">= 3.00",
            vs_sync >= 3.0,
        ),
    ]
    if "capo" in rates:
        vs_capo = ratio("smsv2", "capo")
        results.append(
            Result(
                f"{total} sends, {CONCURRENCY} tasks vs capo{label} (sends/s)",
                med["smsv2"],
                med["capo"],
                vs_capo,
                ">= 1.00",
                vs_capo >= 1.0,
            )
        )
    reference = (
        {f"capo/aiobotocore{label}": ratio("capo", "aiobotocore")} if "capo" in rates else {}
    )
    reference.update({f"{name} sends/s{label}": value for name, value in med.items()})
    reference.update(
        {f"{name} client CPU us/send{label}": statistics.median(v) * 1e6 for name, v in cpu.items()}
    )
    cpu_ratio = statistics.median(
        a / b for a, b in zip(cpu["smsv2"], cpu["aiobotocore"], strict=True)
    )
    reference[f"smsv2/aiobotocore client CPU per send{label}"] = cpu_ratio
    return results, reference


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


async def main_async(quick: bool) -> None:
    rounds, describe_calls, send_rounds = (5, 20, 2) if quick else (15, 50, 5)
    print(f"python {sys.version.split()[0]}, smsv2 {smsv2.__version__}")
    print(f"rounds={rounds}, send rounds={send_rounds}{' (quick)' if quick else ''}\n")
    results = [await bench_describe(rounds, describe_calls)]
    reference: dict[str, float] = {}
    for latency in (0.0, NETWORK_LATENCY):
        sends, more = await bench_sends(send_rounds, SENDS, latency)
        results += sends
        reference.update(more)
    header = f"{'benchmark':<52}{'smsv2':>10}{'baseline':>10}{'ratio':>8}{'target':>10}  result"
    print(header)
    print("-" * len(header))
    for row in results:
        print(
            f"{row.name:<52}{row.ours:>10.0f}{row.baseline:>10.0f}{row.ratio:>8.2f}"
            f"{row.target:>10}  {verdict(row.ok)}"
        )
    print("\nreference (medians):")
    if not any(name.startswith("capo/") for name in reference):
        print("  capo-pinpoint-sms-voice-v2: not installed (pip install 'smsv2[bench]')")
    for name, value in reference.items():
        print(f"  {name}: {value:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a rough number)")
    opts = parser.parse_args(argv)
    asyncio.run(main_async(opts.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
