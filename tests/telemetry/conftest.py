"""Fixtures of the telemetry tests: the real OpenTelemetry SDK with its in-memory exporters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import smsv2

# The bulk tests' fake (sandbox left), shared client, HTTP server and helpers.
from tests.bulk.conftest import client, fake, request_number, server, shared_client

__all__ = ["client", "fake", "request_number", "server", "shared_client"]

Point = tuple[dict[str, object], float]


@dataclass
class Recorded:
    """What smsv2 recorded: finished spans and collected metric points."""

    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    exporter: InMemorySpanExporter
    reader: InMemoryMetricReader

    def spans(self, name: str | None = None) -> list[ReadableSpan]:
        spans = list(self.exporter.get_finished_spans())
        return [s for s in spans if name is None or s.name == name]

    def span(self, name: str) -> ReadableSpan:
        (found,) = self.spans(name)
        return found

    def metrics(self) -> dict[str, list[Point]]:
        """Metric name -> (attributes, value) per point (a histogram's value is its count)."""
        points: dict[str, list[Point]] = {}
        data = self.reader.get_metrics_data()
        for resource in data.resource_metrics if data is not None else []:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    for point in metric.data.data_points:
                        value = getattr(point, "value", None)
                        if value is None:
                            value = point.count  # type: ignore[union-attr]
                        points.setdefault(metric.name, []).append(
                            (dict(point.attributes or {}), value)
                        )
        return points


def make_recorded() -> Recorded:
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    return Recorded(tracer_provider, MeterProvider(metric_readers=[reader]), exporter, reader)


@pytest.fixture
def recorded() -> Recorded:
    """The SDK's in-memory exporters, without instrumenting smsv2."""
    return make_recorded()


@pytest.fixture
def otel(recorded: Recorded) -> Iterator[Recorded]:
    """smsv2 instrumented into ``recorded`` for the test."""
    smsv2.telemetry.instrument(
        tracer_provider=recorded.tracer_provider, meter_provider=recorded.meter_provider
    )
    try:
        yield recorded
    finally:
        smsv2.telemetry.uninstrument()


@pytest.fixture
def number_id(client: smsv2.Client) -> str:
    return request_number(client)
