"""Both adapters, through each framework's test client: verify, confirm only allowed topics,
parse, answer 2xx only after the handler succeeded, ignore repeated MessageIds."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import pytest

from smsv2.events import SnsNotification
from smsv2.testing import FakeSmsVoice, FakeSnsSigner
from tests.messaging.payloads import event_record, inbound_record

from .apps import TOPIC, configure_django, fastapi_app

Post = Callable[[bytes], int]


class Received:
    def __init__(self) -> None:
        self.notifications: list[SnsNotification] = []
        self.confirmed: list[str] = []
        self.fail_next = 0

    def handle(self, notification: SnsNotification) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("the application's database is down")
        self.notifications.append(notification)


@pytest.fixture(scope="module")
def signer() -> FakeSnsSigner:
    return FakeSmsVoice().sns_signer


@pytest.fixture(params=["fastapi", "django"])
def endpoint(
    request: pytest.FixtureRequest, signer: FakeSnsSigner
) -> Iterator[tuple[Post, Received]]:
    received = Received()
    if request.param == "fastapi":
        from fastapi.testclient import TestClient

        app = fastapi_app(received.handle, signer.fetch_certificate, received.confirmed.append)
        with TestClient(app) as client:  # type: ignore[arg-type]
            yield (lambda body: client.post("/sns", content=body).status_code), received
        return
    from django.test import Client

    from smsv2.integrations.django import sns_view

    configure_django(
        sns_view(
            received.handle,
            allowed_topics=[TOPIC],
            fetch_certificate=signer.fetch_certificate,
            confirm_subscription=received.confirmed.append,
        )
    )
    client = Client(enforce_csrf_checks=True)  # SNS sends no CSRF token: the view is exempt
    yield (
        (lambda body: client.post("/sns", data=body, content_type="text/plain").status_code),
        received,
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def envelope(
    record: dict[str, object], *, topic: str = TOPIC, message_id: str | None = None
) -> dict[str, object]:
    return {
        "Type": "Notification",
        "MessageId": message_id or str(uuid.uuid4()),
        "TopicArn": topic,
        "Message": json.dumps(record),
        "Timestamp": _now(),
    }


def confirmation(topic: str = TOPIC) -> dict[str, object]:
    return {
        "Type": "SubscriptionConfirmation",
        "MessageId": str(uuid.uuid4()),
        "Token": "t0k3n",
        "TopicArn": topic,
        "Message": "confirm",
        "SubscribeURL": f"http://127.0.0.1:9/confirm?TopicArn={topic}",
        "Timestamp": _now(),
    }


def body(signed: dict[str, object]) -> bytes:
    return json.dumps(signed).encode()


def test_subscription_is_confirmed_only_when_verified_and_allowed(
    endpoint: tuple[Post, Received], signer: FakeSnsSigner
) -> None:
    post, received = endpoint
    other = TOPIC.replace("smsv2-fake-webhook", "someone-elses")
    assert post(body(signer.sign(confirmation(other)))) == 403
    forged = {**signer.sign(confirmation()), "SubscribeURL": "http://127.0.0.1:9/attacker"}
    assert post(body(forged)) == 403
    assert received.confirmed == []
    ok = signer.sign(confirmation())
    assert post(body(ok)) == 200
    assert received.confirmed == [ok["SubscribeURL"]]


def test_notifications_reach_the_handler_typed_once(
    endpoint: tuple[Post, Received], signer: FakeSnsSigner
) -> None:
    post, received = endpoint
    event = body(signer.sign(envelope(event_record())))
    inbound = body(signer.sign(envelope(inbound_record())))
    assert [post(event), post(inbound), post(event)] == [200, 200, 200]
    assert len(received.notifications) == 2  # the repeat was not handled again
    first, second = received.notifications
    assert [e.status for e in first.delivery_events] == [str(event_record()["messageStatus"])]
    assert first.inbound_messages == []
    assert [m.message_body for m in second.inbound_messages] == [inbound_record()["messageBody"]]
    assert second.delivery_events == []


def test_a_failing_handler_gets_a_retry(
    endpoint: tuple[Post, Received], signer: FakeSnsSigner
) -> None:
    post, received = endpoint
    received.fail_next = 1
    message = body(signer.sign(envelope(event_record())))
    assert post(message) == 500  # not 2xx: SNS delivers it again
    assert post(message) == 200
    assert post(message) == 200
    assert len(received.notifications) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"Message": json.dumps(event_record(messageStatus="DELIVERED"))},
        {"SigningCertURL": "https://evil.example/cert.pem"},
        {"SignatureVersion": "9"},
        {"Timestamp": "2020-01-01T00:00:00.000Z"},
        {"TopicArn": TOPIC + "-other"},
    ],
)
def test_forged_notifications_are_refused(
    endpoint: tuple[Post, Received], signer: FakeSnsSigner, change: dict[str, object]
) -> None:
    post, received = endpoint
    assert post(body({**signer.sign(envelope(event_record())), **change})) == 403
    assert post(b"not json") == 403
    assert received.notifications == []


def test_unreadable_message_and_unsubscribe(
    endpoint: tuple[Post, Received], signer: FakeSnsSigner
) -> None:
    post, received = endpoint
    assert post(body(signer.sign(envelope({"what": "ever"})))) == 400
    unsubscribe = {**confirmation(), "Type": "UnsubscribeConfirmation"}
    assert post(body(signer.sign(unsubscribe))) == 200
    assert received.notifications == [] and received.confirmed == []


def test_the_default_confirmation_visits_only_sns_hosts(signer: FakeSnsSigner) -> None:
    from fastapi.testclient import TestClient

    from smsv2.events import visit_subscribe_url

    for url in ("http://127.0.0.1:9/confirm", "https://evil.example/?Action=ConfirmSubscription"):
        with pytest.raises(ValueError, match="SNS host"):
            visit_subscribe_url(url)
    received = Received()
    app = fastapi_app(received.handle, signer.fetch_certificate)  # the default visit
    with TestClient(app) as client:  # type: ignore[arg-type]
        # The fake's SubscribeURL is on loopback: refused, 502, so SNS would retry.
        status = client.post("/sns", content=body(signer.sign(confirmation()))).status_code
    assert status == 502


def test_bad_options_are_typed_errors() -> None:
    from smsv2.errors import ClientOptionError
    from smsv2.events import SnsWebhook

    with pytest.raises(ClientOptionError) as caught:
        SnsWebhook(allowed_topics=TOPIC)
    assert caught.value.option == "allowed_topics"
    with pytest.raises(ClientOptionError):
        SnsWebhook(allowed_topics=[TOPIC], remember=-1)
