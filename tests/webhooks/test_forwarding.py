"""The fake as SNS: the confirmation handshake, signed notifications, retries with the same
MessageId; in process (``forward_to``) and from ``python -m smsv2.testing.server --webhook-url``."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import smsv2
from smsv2.events import parse_delivery_events, parse_inbound_messages, verify_sns_message
from smsv2.testing import FakeSmsVoice, mock_sms_voice
from tests.testing._server_proc import ServerProcess

from ._setup import number_with_sns_events, send, wait_for

SUCCESS = "+14254147755"


class Receiver:
    """A bare HTTP endpoint: records every POST; answers 500 to the first ``fail`` ones."""

    def __init__(self, *, confirm: bool, fail: int = 0) -> None:
        self.bodies: list[dict[str, object]] = []
        self.fail = fail
        self.confirm = confirm
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.bodies.append(body)
                status = 200
                if body["Type"] == "Notification" and owner.fail:
                    owner.fail -= 1
                    status = 500
                elif body["Type"] == "SubscriptionConfirmation" and owner.confirm:
                    with urllib.request.urlopen(body["SubscribeURL"], timeout=5):
                        pass
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/sns"

    def of_type(self, kind: str) -> list[dict[str, object]]:
        return [b for b in self.bodies if b["Type"] == kind]


@pytest.fixture
def receiver_factory() -> Iterator[Callable[..., Receiver]]:
    made: list[Receiver] = []

    def make(**options: bool | int) -> Receiver:
        made.append(Receiver(**options))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for receiver in made:
        receiver.http.shutdown()
        receiver.http.server_close()


def test_handshake_then_signed_notifications_with_retries(
    receiver_factory: Callable[..., Receiver],
) -> None:
    fake = FakeSmsVoice(settle="manual")
    receiver = receiver_factory(confirm=False, fail=2)
    forwarder = fake.forward_to(receiver.url)
    try:
        wait_for(lambda: bool(receiver.of_type("SubscriptionConfirmation")), "confirmation request")
        with mock_sms_voice(fake=fake):
            client = smsv2.Client(region_name="us-east-1")
            origination = number_with_sns_events(client, forwarder.topic_arn, fake)
            send(client, origination, SUCCESS)
            fake.advance(10)
        time.sleep(0.5)
        # Nothing but confirmation requests before the SubscribeURL is visited (as SNS).
        assert receiver.of_type("Notification") == []
        confirmation = receiver.of_type("SubscriptionConfirmation")[0]
        checked = verify_sns_message(confirmation, fetch_certificate=fake.fetch_certificate)
        assert checked.topic_arn == forwarder.topic_arn
        with urllib.request.urlopen(str(confirmation["SubscribeURL"]), timeout=5):
            pass
        assert forwarder.confirmed.wait(5)
        # 3 events; the first failed twice and was re-sent with the same MessageId.
        wait_for(lambda: len(forwarder.delivered) == 3, "3 delivered notifications")
        notifications = receiver.of_type("Notification")
        ids = [n["MessageId"] for n in notifications]
        assert len(ids) == 5 and ids[0] == ids[1] == ids[2] and len(set(ids)) == 3
        statuses = []
        for body in notifications[2:]:
            message = verify_sns_message(body, fetch_certificate=fake.fetch_certificate)
            statuses += [e.status for e in parse_delivery_events(message.message)]
        assert statuses == ["PENDING", "SUCCESSFUL", "DELIVERED"]
        # Another fake's certificate does not verify this fake's messages.
        other = FakeSmsVoice()
        with pytest.raises(smsv2.errors.SnsSignatureError):
            verify_sns_message(
                notifications[-1], fetch_certificate=lambda url: other.sns_certificate
            )
    finally:
        forwarder.close()
    # Closed: later events are not forwarded.
    with mock_sms_voice(fake=fake):
        send(smsv2.Client(region_name="us-east-1"), origination, SUCCESS)
    assert fake.engine.listeners == []


def test_server_webhook_url(receiver_factory: Callable[..., Receiver]) -> None:
    receiver = receiver_factory(confirm=True)
    with ServerProcess("--webhook-url", receiver.url) as server:
        assert server.proc is not None and server.proc.stdout is not None
        line = server.proc.stdout.readline()
        while "SNS certificate at" not in line and line:  # the inbox's URL may come first
            line = server.proc.stdout.readline()
        certificate_url = line.strip().rsplit(" ", 1)[-1]
        assert "SNS certificate at" in line and certificate_url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(certificate_url, timeout=5) as answer:
            pem = answer.read()
        client = smsv2.Client(region_name="us-east-1", endpoint_url=server.endpoint)
        topic = "arn:aws:sns:us-east-1:123456789012:t"
        send(client, number_with_sns_events(client, topic, None), SUCCESS)

        # The server releases due events on its next call: poll until the last one is out.
        def all_out() -> bool:
            client.describe_pools()
            return len(receiver.of_type("Notification")) >= 3

        wait_for(all_out, "3 notifications from the server", timeout=60)
        for body in receiver.of_type("Notification"):
            message = verify_sns_message(body, fetch_certificate=lambda url: pem)
            assert parse_delivery_events(message.message)
        assert server.stop() == 0
        assert "Traceback" not in server.stderr


def test_inbound_messages_are_forwarded(receiver_factory: Callable[..., Receiver]) -> None:
    fake = FakeSmsVoice(seed=7)
    receiver = receiver_factory(confirm=True)
    forwarder = fake.forward_to(receiver.url)
    try:
        with mock_sms_voice(fake=fake):
            client = smsv2.Client(region_name="us-east-1")
            number = number_with_sns_events(client, "arn:aws:sns:us-east-1:123456789012:t", None)
        fake.inbound("+12065550123", number, "HELP")
        wait_for(lambda: len(forwarder.delivered) == 1, "the inbound notification")
        body = receiver.of_type("Notification")[0]
        message = verify_sns_message(body, fetch_certificate=fake.fetch_certificate)
        [inbound] = parse_inbound_messages(message.message)
        assert (inbound.message_body, inbound.destination_number) == ("HELP", number)
    finally:
        forwarder.close()
