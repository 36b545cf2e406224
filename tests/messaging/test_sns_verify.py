"""verify_sns_message: the fake's signed messages pass; every forged variant names its check."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from smsv2.errors import SmsV2Error, SnsSignatureError
from smsv2.events import SnsMessage, verify_sns_message
from smsv2.events import _sns as sns_module
from smsv2.testing import FakeSmsVoice, FakeSnsSigner

from .payloads import event_record

TOPIC = "arn:aws:sns:us-east-1:123456789012:sms-events"
NUMBER = "+12065550100"


@pytest.fixture(scope="module")
def signer() -> FakeSnsSigner:
    return FakeSmsVoice().sns_signer


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def notification(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "Type": "Notification",
        "MessageId": str(uuid.uuid4()),
        "TopicArn": TOPIC,
        "Message": json.dumps(event_record()),
        "Timestamp": _now(),
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def subscription(kind: str = "SubscriptionConfirmation") -> dict[str, object]:
    return {
        "Type": kind,
        "MessageId": str(uuid.uuid4()),
        "Token": "2336412f37fb687f5d51e6e2425c464de",
        "TopicArn": TOPIC,
        "Message": "You have chosen to subscribe to the topic.",
        "SubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
        "Timestamp": _now(),
    }


def test_the_fakes_notification_verifies(signer: FakeSnsSigner) -> None:
    signed = signer.sign(notification(Subject="hello"))
    for form in (signed, json.dumps(signed), json.dumps(signed).encode()):
        message = verify_sns_message(form, fetch_certificate=signer.fetch_certificate)
        assert isinstance(message, SnsMessage)
        assert (message.type, message.topic_arn, message.subject) == (
            "Notification",
            TOPIC,
            "hello",
        )
        assert json.loads(message.message)["messageId"] == event_record()["messageId"]
    assert NUMBER not in repr(message)


@pytest.mark.parametrize("version", ["1", "2"])
def test_both_signature_versions(signer: FakeSnsSigner, version: str) -> None:
    signed = signer.sign(notification(), version=version)
    assert verify_sns_message(signed, fetch_certificate=signer.fetch_certificate)
    # The digest matters: a version-2 signature relabelled as version 1 fails.
    other = "2" if version == "1" else "1"
    with pytest.raises(SnsSignatureError) as caught:
        verify_sns_message(
            {**signed, "SignatureVersion": other}, fetch_certificate=signer.fetch_certificate
        )
    assert caught.value.check == "signature"


@pytest.mark.parametrize("kind", ["SubscriptionConfirmation", "UnsubscribeConfirmation"])
def test_subscription_messages(signer: FakeSnsSigner, kind: str) -> None:
    signed = signer.sign(subscription(kind))
    message = verify_sns_message(signed, fetch_certificate=signer.fetch_certificate)
    assert message.type == kind
    assert message.subscribe_url == subscription()["SubscribeURL"]
    # Token is signed: changing it breaks the signature.
    with pytest.raises(SnsSignatureError, match="signature"):
        verify_sns_message({**signed, "Token": "x"}, fetch_certificate=signer.fetch_certificate)


def test_lambda_casing(signer: FakeSnsSigner) -> None:
    signed = signer.sign(notification())
    record = {k: v for k, v in signed.items() if k not in ("SigningCertURL", "UnsubscribeURL")}
    record |= {
        "SigningCertUrl": signed["SigningCertURL"],
        "UnsubscribeUrl": signed["UnsubscribeURL"],
        "Subject": None,  # Lambda sends null for a missing Subject
        "MessageAttributes": {},
    }
    message = verify_sns_message(record, fetch_certificate=signer.fetch_certificate)
    assert message.signing_cert_url == signer.certificate_url
    assert message.unsubscribe_url == signed["UnsubscribeURL"]


def _reject(
    message: object, check: str, fetch: Callable[[str], bytes], **options: object
) -> SnsSignatureError:
    with pytest.raises(SnsSignatureError) as caught:
        verify_sns_message(message, fetch_certificate=fetch, **options)  # type: ignore[arg-type]
    assert caught.value.check == check, caught.value
    assert isinstance(caught.value, SmsV2Error)
    assert NUMBER not in str(caught.value)
    return caught.value


@pytest.mark.parametrize(
    "url",
    [
        "http://sns.us-east-1.amazonaws.com/cert.pem",  # not https
        "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem",
        "https://evil.example/sns.us-east-1.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com@evil.example/cert.pem",
        "https://user@sns.us-east-1.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com:8443/cert.pem",
        "https://s3.us-east-1.amazonaws.com/cert.pem",
        "https://sns.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com/cert.txt",
        "file:///etc/passwd",
        "https://[::1/cert.pem",
    ],
)
def test_certificate_url_rules(signer: FakeSnsSigner, url: str) -> None:
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return signer.certificate_pem

    signed = signer.sign(notification())
    _reject({**signed, "SigningCertURL": url}, "certificate_url", fetch)
    assert fetched == []  # the URL rules apply before any fetch, custom or not


@pytest.mark.parametrize(
    "url",
    [
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
        "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem",
        "https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem",
        "https://sns.ap-southeast-4.amazonaws.com:443/SimpleNotificationService-abc.pem",
    ],
)
def test_documented_sns_hosts_are_accepted(url: str) -> None:
    assert sns_module.is_sns_certificate_url(url)


def test_tampered_fields_break_the_signature(signer: FakeSnsSigner) -> None:
    signed = signer.sign(notification(Subject="s"))
    for field, value in [
        ("Message", json.dumps(event_record(messageStatus="DELIVERED"))),
        ("MessageId", "other"),
        ("TopicArn", TOPIC + "x"),
        ("Subject", "t"),
        ("Signature", "AAAA"),
        ("Signature", "not base64!"),
    ]:
        _reject({**signed, field: value}, "signature", signer.fetch_certificate)
    _reject(
        {k: v for k, v in signed.items() if k != "Subject"}, "signature", signer.fetch_certificate
    )


def test_another_key_is_refused(signer: FakeSnsSigner) -> None:
    other = FakeSmsVoice().sns_signer
    signed = other.sign(notification())

    def fetch(url: str) -> bytes:
        return signer.certificate_pem  # an attacker's message, but SNS's certificate

    _reject(signed, "signature", fetch)
    _reject(signed, "certificate", signer.fetch_certificate)  # unknown URL: fetch fails


def test_certificate_subject_must_be_sns() -> None:
    impostor = FakeSnsSigner("us-east-1", common_name="sns.amazonaws.com.evil.example")
    _reject(impostor.sign(notification()), "certificate", impostor.fetch_certificate)


def test_certificate_must_be_valid_at_the_timestamp() -> None:
    now = datetime.now(timezone.utc)
    expired = FakeSnsSigner(
        "us-east-1", not_before=now - timedelta(days=30), not_after=now - timedelta(days=1)
    )
    _reject(expired.sign(notification()), "certificate", expired.fetch_certificate)
    future = FakeSnsSigner("us-east-1", not_before=now + timedelta(days=1))
    _reject(future.sign(notification()), "certificate", future.fetch_certificate)


def test_unknown_signature_version(signer: FakeSnsSigner) -> None:
    _reject(signer.sign(notification(), version="3"), "signature_version", signer.fetch_certificate)


def test_timestamp_age(signer: FakeSnsSigner) -> None:
    old = (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat()
    signed = signer.sign(notification(Timestamp=old))
    error = _reject(signed, "timestamp", signer.fetch_certificate)
    assert "older" in error.problem
    # A longer max_age, or none, accepts it; `now` moves the clock.
    assert verify_sns_message(
        signed, fetch_certificate=signer.fetch_certificate, max_age=timedelta(hours=3)
    )
    assert verify_sns_message(signed, fetch_certificate=signer.fetch_certificate, max_age=None)
    later = datetime.now(timezone.utc) + timedelta(hours=5)
    _reject(
        signed, "timestamp", signer.fetch_certificate, max_age=None, now=later - timedelta(hours=9)
    )
    _reject(signed, "timestamp", signer.fetch_certificate, now=later)


@pytest.mark.parametrize(
    ("body", "check"),
    [
        (b"not json", "message"),
        (b"[1]", "message"),
        ("[" * 100_000, "message"),
        (json.dumps({"Type": "Notification"}), "message"),
        (json.dumps({**notification(), "Type": "Publish"}), "type"),
    ],
)
def test_unreadable_messages(signer: FakeSnsSigner, body: object, check: str) -> None:
    _reject(body, check, signer.fetch_certificate)


def test_default_fetch_is_cached_and_bounded(
    signer: FakeSnsSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def fetch(url: str) -> bytes:
        calls.append(url)
        return signer.certificate_pem

    monkeypatch.setattr(sns_module, "_https_fetch", fetch)
    monkeypatch.setattr(sns_module, "_CACHE", sns_module._CertificateCache(2))
    signed = signer.sign(notification())
    verify_sns_message(signed)
    verify_sns_message(signed)
    assert calls == [signer.certificate_url]
    # Two other URLs (SigningCertURL is not signed) push the first out: it is fetched again.
    for name in ("a", "b"):
        verify_sns_message({**signed, "SigningCertURL": f"{signer.certificate_url[:-4]}{name}.pem"})
    verify_sns_message(signed)
    assert len(calls) == 4


def test_fetch_failure_is_typed(signer: FakeSnsSigner, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(url: str) -> bytes:
        raise TimeoutError("timed out")

    monkeypatch.setattr(sns_module, "_https_fetch", unreachable)
    _reject(signer.sign(notification()), "certificate", None)  # type: ignore[arg-type]

    def garbage(url: str) -> bytes:
        return b"-----BEGIN NOTHING-----"

    _reject(signer.sign(notification()), "certificate", garbage)
