"""A simulator number and a configuration set whose events go to an SNS topic."""

from __future__ import annotations

import time
from collections.abc import Callable

import smsv2
from smsv2.testing import FakeSmsVoice


def number_with_sns_events(client: smsv2.Client, topic: str, fake: FakeSmsVoice | None) -> str:
    """A simulator number, and configuration set ``events`` sending ALL events to ``topic``.
    ``fake``: a fake with ``settle="manual"`` (its clock is advanced until the number is
    active)."""
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="SIMULATOR",
    )
    if fake is not None:
        fake.advance(60)
    client.create_configuration_set(configuration_set_name="events")
    client.create_event_destination(
        configuration_set_name="events",
        event_destination_name="dest",
        matching_event_types=["ALL"],
        sns_destination={"topic_arn": topic},
    )
    return str(number.phone_number)


def send(client: smsv2.Client, origination: str, destination: str, body: str = "hi") -> str:
    """One text through configuration set ``events``; its message id."""
    answer = client.send_text_message(
        destination_phone_number=destination,
        origination_identity=origination,
        message_body=body,
        configuration_set_name="events",
    )
    return str(answer.message_id)


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Poll ``check`` until it is true; AssertionError naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
