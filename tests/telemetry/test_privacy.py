"""A full ``smsv2 demo`` run, instrumented: no phone number, body or credential anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator

from smsv2.cli import _demo
from smsv2.testing._mock import _FAKE_ENV
from tests.telemetry.conftest import Recorded


def _recorded_texts(otel: Recorded) -> Iterator[str]:
    for span in otel.spans():
        yield span.name
        yield str(span.status.description)
        for attributes in (
            span.attributes,
            *(event.attributes for event in span.events),
            *(link.attributes for link in span.links),
        ):
            for key, value in (attributes or {}).items():
                yield f"{key}={value!s}"
        for event in span.events:
            yield event.name
    for name, points in otel.metrics().items():
        for labels, _ in points:
            yield f"{name} {labels}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_a_demo_run_records_no_number_body_or_credential(otel: Recorded) -> None:
    _demo.demo()
    texts = list(_recorded_texts(otel))
    names = {span.name for span in otel.spans()}
    # The demo's whole path was seen: calls, the bulk run, parsing and final states.
    assert {
        "pinpoint-sms-voice-v2/SendTextMessage",
        "smsv2 send_bulk",
        "smsv2 parse_delivery_events",
        "smsv2 delivery final",
    } <= names
    numbers = [*_demo.RECIPIENTS, _demo.FAILING]
    bodies = [body.format(code=100000 + i) for i in range(len(numbers)) for body in _demo.BODIES]
    secrets = [v for k, v in _FAKE_ENV.items() if "KEY" in k]
    recorded_digits = [_digits(text) for text in texts]
    for number in numbers:
        subscriber = _digits(number)[-7:]  # a number's last 7 digits identify it
        assert not any(subscriber in digits for digits in recorded_digits), number
    for text in texts:
        assert not any(body in text or body.split()[-1] in text for body in bodies), text
        assert not any(secret in text for secret in secrets), text
