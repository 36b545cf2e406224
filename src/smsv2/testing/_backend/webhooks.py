"""The fake as an SNS topic with an HTTP(S) subscriber: signed notifications, offline.

Each fake has its own RSA key and self-signed certificate (issued to `sns.amazonaws.com`, made on
first use). [`SnsForwarder`][smsv2.testing.SnsForwarder] sends the fake's delivery events and
inbound messages to one URL as SNS does: a SubscriptionConfirmation first, then, once its
SubscribeURL was visited, one signed Notification per record, retried with the same MessageId until
the endpoint answers 2xx. The SubscribeURL and the certificate are served on a loopback port of the
forwarder's own. The string to sign is written here again, on purpose, not imported from
`smsv2.events`: a shared bug would hide on both sides (see docs/architecture.md).
"""

from __future__ import annotations

import base64
import json
import queue
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, cast

from smsv2._public import publish

from ._base import JsonDict

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

__all__ = ["FakeSnsSigner", "SnsForwarder", "visit_loopback_url"]

#: Attempts per message before the forwarder gives up on it (it is then in ``failures``).
DELIVERY_ATTEMPTS = 5
# Signed fields per message type, in byte order of their names (SNS developer guide,
# "Verifying the signatures of Amazon SNS messages").
_SIGNED = {
    "Notification": sorted({"Type", "TopicArn", "Timestamp", "Subject", "MessageId", "Message"}),
    "SubscriptionConfirmation": sorted(
        {"Type", "TopicArn", "Token", "Timestamp", "SubscribeURL", "MessageId", "Message"}
    ),
}


class FakeSnsSigner:
    """A private key and a self-signed certificate that sign SNS messages like SNS."""

    def __init__(
        self,
        region: str,
        *,
        common_name: str = "sns.amazonaws.com",
        not_before: datetime | None = None,
        not_after: datetime | None = None,
    ) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID

        self._key: RSAPrivateKey = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        now = datetime.now(timezone.utc)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - timedelta(days=1))
            .not_valid_after(not_after or now + timedelta(days=3650))
            .sign(self._key, hashes.SHA256())
        )
        #: The certificate, PEM: what ``fetch_certificate`` returns for :attr:`certificate_url`.
        self.certificate_pem: bytes = certificate.public_bytes(serialization.Encoding.PEM)
        #: An SNS-shaped URL (https, SNS host) that only the fake's fetcher answers.
        self.certificate_url = (
            f"https://sns.{region}.amazonaws.com/"
            f"SimpleNotificationService-smsv2fake{certificate.serial_number % 10**12}.pem"
        )

    def fetch_certificate(self, url: str) -> bytes:
        """A `fetch_certificate` for `verify_sns_message` that trusts this fake only."""
        if url != self.certificate_url:
            raise OSError("not this fake's certificate URL")
        return self.certificate_pem

    def sign(self, fields: JsonDict, *, version: str = "2") -> JsonDict:
        """`fields` with SignatureVersion (2: SHA256, 1: SHA1), Signature and SigningCertURL
        added."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        kind = "Notification" if fields["Type"] == "Notification" else "SubscriptionConfirmation"
        names = _SIGNED[kind]
        text = "".join(f"{n}\n{fields[n]}\n" for n in names if fields.get(n) is not None)
        digest = hashes.SHA1() if version == "1" else hashes.SHA256()
        signature = self._key.sign(text.encode(), padding.PKCS1v15(), digest)
        return {
            **fields,
            "SignatureVersion": version,
            "Signature": base64.b64encode(signature).decode(),
            "SigningCertURL": self.certificate_url,
        }


def visit_loopback_url(url: str) -> None:
    """A `confirm_subscription` for the adapters in tests: visits the fake's SubscribeURL
    (http on a loopback address), which the default refuses as not an SNS host."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("not a loopback http URL")
    with urllib.request.urlopen(url, timeout=15) as answer:
        answer.read()


def _timestamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _ForwarderHttp(ThreadingHTTPServer):
    daemon_threads = True
    forwarder: SnsForwarder


class _Confirmations(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        owner = cast("_ForwarderHttp", self.server).forwarder
        status, body = owner.answer(self.path)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: tests read the forwarder's state, not its access log


class SnsForwarder:
    """Sends signed SNS messages for one subscription (an HTTP(S) URL) from a thread."""

    def __init__(
        self,
        url: str,
        topic_arn: str,
        signer: FakeSnsSigner,
        *,
        detach: Callable[[SnsForwarder], None] | None = None,
    ) -> None:
        self._detach = detach
        self.url = url
        self.topic_arn = topic_arn
        self.signer = signer
        #: Set once the endpoint visited the SubscribeURL.
        self.confirmed = threading.Event()
        #: MessageIds delivered (answered 2xx), in order.
        self.delivered: list[str] = []
        #: (MessageId, reason) of messages given up after DELIVERY_ATTEMPTS.
        self.failures: list[tuple[str, str]] = []
        self._token = secrets.token_hex(32)
        self._stop = threading.Event()
        self._queue: queue.Queue[JsonDict | None] = queue.Queue()
        self._http = _ForwarderHttp(("127.0.0.1", 0), _Confirmations)
        self._http.forwarder = self
        self._threads = [
            threading.Thread(target=self._http.serve_forever, daemon=True),
            threading.Thread(target=self._run, daemon=True, name="smsv2-fake-sns"),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def base_url(self) -> str:
        """Where the forwarder serves the SubscribeURL and `/certificate.pem`."""
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    def notify(self, record: JsonDict) -> None:
        """Queue one record (delivery event or inbound message) as a Notification."""
        self._queue.put(
            {
                "Type": "Notification",
                "MessageId": str(uuid.uuid4()),
                "TopicArn": self.topic_arn,
                "Message": json.dumps(record, separators=(",", ":")),
                "Timestamp": _timestamp(),
                "UnsubscribeURL": f"{self.base_url}/unsubscribe",
            }
        )

    def answer(self, path: str) -> tuple[int, bytes]:
        """The forwarder's HTTP answers: the SubscribeURL, the certificate."""
        if path == "/certificate.pem":
            return 200, self.signer.certificate_pem
        if path.startswith("/confirm?") and f"Token={self._token}" in path:
            self.confirmed.set()
            return 200, b"<ConfirmSubscriptionResponse/>"
        return 404, b""

    def close(self) -> None:
        """Stop sending (queued messages are dropped) and stop serving."""
        if self._detach is not None and not self._stop.is_set():
            self._detach(self)
        self._stop.set()
        self._queue.put(None)
        self._http.shutdown()
        self._http.server_close()

    def _confirmation(self) -> JsonDict:
        return {
            "Type": "SubscriptionConfirmation",
            "MessageId": str(uuid.uuid4()),
            "Token": self._token,
            "TopicArn": self.topic_arn,
            "Message": f"You have chosen to subscribe to the topic {self.topic_arn}.\n"
            "To confirm the subscription, visit the SubscribeURL included in this message.",
            "SubscribeURL": f"{self.base_url}/confirm?Action=ConfirmSubscription"
            f"&TopicArn={self.topic_arn}&Token={self._token}",
            "Timestamp": _timestamp(),
        }

    def _run(self) -> None:
        # SNS sends nothing else until the subscription is confirmed; it re-sends the
        # confirmation request while the endpoint is not up yet.
        while not self.confirmed.is_set():
            answered = self._post(self._confirmation()) is None
            self.confirmed.wait(5.0 if answered else 0.2)
            if self._stop.is_set():
                return
        while True:
            message = self._queue.get()
            if message is None:
                return
            self._deliver(message)

    def _deliver(self, message: JsonDict) -> None:
        reason = "no attempt"
        for attempt in range(DELIVERY_ATTEMPTS):
            reason = self._post(message) or ""
            if not reason:
                self.delivered.append(message["MessageId"])
                return
            time.sleep(min(0.1 * 2**attempt, 1.0))
        self.failures.append((message["MessageId"], reason))

    def _post(self, message: JsonDict) -> str | None:
        """POST one message, signed; None on 2xx, else why not."""
        signed = self.signer.sign(message)
        request = urllib.request.Request(
            self.url,
            data=json.dumps(signed).encode(),
            method="POST",
            headers={
                "Content-Type": "text/plain; charset=UTF-8",
                "x-amz-sns-message-type": signed["Type"],
                "x-amz-sns-message-id": signed["MessageId"],
                "x-amz-sns-topic-arn": self.topic_arn,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:
                answer.read()
        except urllib.error.HTTPError as err:
            return f"HTTP {err.code}"
        except OSError as err:
            return type(err).__name__
        return None


publish("smsv2.testing", __all__, globals())
