"""What OpenTelemetry instrumentation costs a send: off, on, and the code without it.

Three smsv2 clients send through the same in-process canned transport as ``bench_core.py``:

* baseline: ``_call`` without the telemetry wrapper (the code before ``smsv2.telemetry``);
* off: today's client, telemetry not instrumented (what every user without it pays);
* on: ``Client(telemetry=True)`` with the real SDK as the global providers (a span with its
  attributes exported to an in-memory exporter, the counters and the histogram recorded).

Rounds are interleaved (the order rotates per round); the table shows median microseconds per
send and the median per-round ratio to the baseline. A second baseline client ("baseline
again") shows how much two identical clients differ on this machine: the noise floor. The
last line times the wrapper's off path alone, around a call that does nothing.

Run:  .venv/bin/python benchmarks/bench_telemetry.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).parent))

import bench_core
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)

import smsv2
from smsv2._client_core import ClientCore

ARGS = {
    "destination_phone_number": "+12065550123",
    "origination_identity": "pool-0123456789abcdef0123456789abcdef",
    "message_body": "Your code is 123456",
}


def uninstrumented() -> smsv2.Client:
    """A client whose calls skip the telemetry wrapper entirely."""
    client = bench_core.make_smsv2()
    unwrapped = ClientCore._call.__wrapped__  # type: ignore[attr-defined]
    client._call = types.MethodType(unwrapped, client)  # type: ignore[method-assign]
    return client


def sender(client: smsv2.Client) -> Callable[[], object]:
    def send() -> object:
        return client.send_text_message(**ARGS)  # type: ignore[arg-type]

    return send


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    options = parser.parse_args(argv)
    rounds, calls = (5, 100) if options.quick else (15, 400)

    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    meter_provider = MeterProvider(metric_readers=[InMemoryMetricReader()])
    trace.set_tracer_provider(tracer_provider)
    metrics.set_meter_provider(meter_provider)
    bench_core.install_canned()
    instrumented = smsv2.Client(region_name=bench_core.REGION, telemetry=True)

    variants: dict[str, Callable[[], object]] = {
        "baseline (no wrapper)": sender(uninstrumented()),
        "baseline again": sender(uninstrumented()),
        "telemetry off": sender(bench_core.make_smsv2()),
        "telemetry on (SDK)": sender(instrumented),
    }
    for send in variants.values():  # warm every path
        for _ in range(20):
            send()
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            times[name].append(bench_core.time_loop(variants[name], calls))
        exporter.clear()
    baseline = times[names[0]]
    print(f"SendTextMessage, {rounds} rounds x {calls} sends, canned in-process transport")
    print(f"{'variant':<24}{'us/send':>10}{'vs baseline':>14}")
    for name in names:
        ratios = [t / b for t, b in zip(times[name], baseline, strict=True)]
        median_us = statistics.median(times[name]) * 1e6
        print(f"{name:<24}{median_us:>10.1f}{statistics.median(ratios):>13.3f}x")
    print("medians over interleaved rounds; 'vs baseline' = median of per-round ratios")
    print(f"the wrapper's off path alone: {off_path_ns(rounds):.0f} ns per call (median)")
    return 0


class _Core:
    """Just enough of a client core for the wrapper: no telemetry option, a region."""

    def _where(self) -> tuple[str | None, str | None]:
        return None, None


def off_path_ns(rounds: int) -> float:
    """Median extra nanoseconds the wrapper adds, telemetry off, around a no-op call."""
    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation
    from smsv2.telemetry._calls import observed_call

    def nothing(core: _Core, operation: Operation[None], request: RequestModel) -> None:
        return None

    wrapped = observed_call(nothing)
    core, n = _Core(), 100_000
    operation, request = cast("Operation[None]", None), cast("RequestModel", None)
    extra = []
    for _ in range(rounds):
        plain = bench_core.time_loop(lambda: nothing(core, operation, request), n)
        hooked = bench_core.time_loop(lambda: wrapped(core, operation, request), n)
        extra.append((hooked - plain) * 1e9)
    return statistics.median(extra)


if __name__ == "__main__":
    raise SystemExit(main())
