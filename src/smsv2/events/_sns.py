"""Verifying SNS messages (HTTP(S) subscriptions and Lambda's `Sns` records).

Follows AWS's "Verifying the signatures of Amazon SNS messages" (SNS developer guide,
https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html and its
"...-verify-message-signature" page): the string to sign is `Name\\nvalue\\n` for each
signed field, in byte order of the names; a Notification signs Message, MessageId, Subject (when
present), Timestamp, TopicArn and Type; the two subscription messages sign Message, MessageId,
SubscribeURL, Timestamp, Token, TopicArn and Type. SignatureVersion 1 is RSA PKCS#1 v1.5 over
SHA1, version 2 over SHA256. The certificate is trusted because it is fetched over HTTPS
(TLS-verified) from an SNS host AWS documents; its subject and validity are checked too.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Literal, cast

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError

from smsv2.errors import ClientSetupError, SnsSignatureError

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

__all__ = [
    "CERTIFICATE_CACHE_SIZE",
    "CERTIFICATE_FETCH_TIMEOUT",
    "SnsMessage",
    "is_sns_certificate_url",
    "is_sns_url",
    "verify_sns_message",
]

CERTIFICATE_FETCH_TIMEOUT = 10.0
"""Seconds allowed for fetching a signing certificate (connect and read)."""
CERTIFICATE_CACHE_SIZE = 32
"""Certificates kept, by URL (SNS uses a handful per region, rotated rarely)."""
_MAX_CERTIFICATE_BYTES = 64 * 1024
_FUTURE_SKEW = timedelta(minutes=5)
# sns.<region>.amazonaws.com; China: .amazonaws.com.cn; GovCloud regions are us-gov-*.
_SNS_HOST = re.compile(r"sns\.[a-z]{2}(?:-gov)?-[a-z]+-[0-9]+\.amazonaws\.com(?:\.cn)?")
# SNS signs with certificates issued to sns.amazonaws.com (regional names also accepted).
_SNS_SUBJECT = re.compile(r"sns(?:\.[a-z]{2}(?:-gov)?-[a-z]+-[0-9]+)?\.amazonaws\.com(?:\.cn)?")

_NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_SUBSCRIPTION_FIELDS = (
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
)

SnsMessageType = Literal["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]


def _alias(http: str, lambda_name: str) -> AliasChoices:
    return AliasChoices(http, lambda_name)


class SnsMessage(BaseModel):
    """A verified SNS message: what an HTTP(S) endpoint receives or a Lambda `Sns` record."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    type: SnsMessageType = Field(alias="Type")
    message_id: str = Field(alias="MessageId")
    topic_arn: str = Field(alias="TopicArn")
    message: str = Field(alias="Message", repr=False)
    """The payload: for smsv2, a delivery event or inbound message as JSON text."""
    timestamp: datetime = Field(alias="Timestamp")
    signature_version: str = Field(alias="SignatureVersion")
    signature: str = Field(alias="Signature", repr=False)
    signing_cert_url: str = Field(validation_alias=_alias("SigningCertURL", "SigningCertUrl"))
    subject: str | None = Field(default=None, alias="Subject")
    subscribe_url: str | None = Field(
        default=None, validation_alias=_alias("SubscribeURL", "SubscribeUrl"), repr=False
    )
    unsubscribe_url: str | None = Field(
        default=None, validation_alias=_alias("UnsubscribeURL", "UnsubscribeUrl"), repr=False
    )
    token: str | None = Field(default=None, alias="Token", repr=False)


def is_sns_url(url: str) -> bool:
    """Whether `url` is https on an SNS host AWS documents (standard, China, GovCloud)."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == "https"
        and parts.username is None
        and port in (None, 443)
        and _SNS_HOST.fullmatch(parts.hostname or "") is not None
    )


def is_sns_certificate_url(url: str) -> bool:
    """Whether `url` can be a SigningCertURL: `is_sns_url`, and a `.pem` file."""
    return is_sns_url(url) and urllib.parse.urlsplit(url).path.endswith(".pem")


def verify_sns_message(
    message: bytes | str | Mapping[str, object],
    *,
    fetch_certificate: Callable[[str], bytes] | None = None,
    max_age: timedelta | None = timedelta(hours=1),
    now: datetime | None = None,
) -> SnsMessage:
    """Check an SNS message's signature; return it, typed, or raise SnsSignatureError.

    `message` is the HTTP body (bytes or str) or its decoded dict (`SigningCertURL` or
    Lambda's `SigningCertUrl`). `fetch_certificate(url)` returns the PEM certificate in place
    of the HTTPS fetch (tests, air-gapped hosts); the URL rules apply either way. `max_age`
    bounds how old the Timestamp may be (None: no age check); `now` defaults to the clock.

    Raises:
        SnsSignatureError: `check` names what failed.
        ClientSetupError: `cryptography` is missing (install `smsv2[webhooks]`).
    """
    fields = message_fields(message)
    sns = _read(fields)
    if sns.signature_version not in ("1", "2"):
        raise SnsSignatureError("signature_version", "unknown SignatureVersion")
    if not is_sns_certificate_url(sns.signing_cert_url):
        raise SnsSignatureError(
            "certificate_url", "SigningCertURL is not https on an SNS host AWS documents"
        )
    _check_age(sns.timestamp, max_age, now or datetime.now(timezone.utc))
    certificate = _certificate(sns.signing_cert_url, fetch_certificate)
    _check_certificate(certificate, sns.timestamp)
    _check_signature(certificate, sns, _string_to_sign(fields, sns.type))
    return sns


def _read(fields: Mapping[str, object]) -> SnsMessage:
    try:
        return SnsMessage.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors(include_input=False)[0]
        where = ".".join(str(step) for step in error["loc"])
        check = "type" if where == "Type" else "message"
        raise SnsSignatureError(check, f"{where or 'body'}: {error['msg']}") from None


def message_fields(message: bytes | str | Mapping[str, object]) -> Mapping[str, object]:
    """The message's fields as a dict (JSON text is decoded), or SnsSignatureError."""
    if isinstance(message, Mapping):
        return message
    try:
        data: object = json.loads(message)
    except (ValueError, RecursionError):
        raise SnsSignatureError("message", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise SnsSignatureError("message", "the body is not a JSON object")
    return cast("dict[str, object]", data)


def _check_age(timestamp: datetime, max_age: timedelta | None, now: datetime) -> None:
    if timestamp.tzinfo is None:
        raise SnsSignatureError("timestamp", "Timestamp has no time zone")
    if timestamp - now > _FUTURE_SKEW:
        raise SnsSignatureError("timestamp", "Timestamp is in the future")
    if max_age is not None and now - timestamp > max_age:
        raise SnsSignatureError("timestamp", f"Timestamp is older than {max_age}")


def _string_to_sign(fields: Mapping[str, object], kind: str) -> bytes:
    names = _NOTIFICATION_FIELDS if kind == "Notification" else _SUBSCRIPTION_FIELDS
    # Lambda spells the URL keys SubscribeUrl; the signed name is SubscribeURL either way.
    aliases = {"SubscribeURL": "SubscribeUrl"}
    lines: list[str] = []
    for name in names:
        value = fields.get(name, fields.get(aliases.get(name, "")))
        if value is None:
            if name == "Subject":
                continue  # signed only when present
            raise SnsSignatureError("message", f"{name} is missing")
        lines.append(f"{name}\n{value}\n")
    return "".join(lines).encode("utf-8")


def _crypto_missing() -> ClientSetupError:
    return ClientSetupError(
        "verifying SNS messages needs the cryptography package: pip install 'smsv2[webhooks]'"
    )


def _check_signature(certificate: Certificate, sns: SnsMessage, signed: bytes) -> None:
    import base64
    import binascii

    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
    except ImportError:  # pragma: no cover - the webhooks extra is a dev dependency
        raise _crypto_missing() from None
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SnsSignatureError("certificate", "the certificate's key is not RSA")
    digest = hashes.SHA1() if sns.signature_version == "1" else hashes.SHA256()
    try:
        signature = base64.b64decode(sns.signature, validate=True)
        key.verify(signature, signed, padding.PKCS1v15(), digest)
    except (InvalidSignature, binascii.Error, ValueError):
        raise SnsSignatureError("signature", "the signature does not match") from None


def _check_certificate(certificate: Certificate, timestamp: datetime) -> None:
    from cryptography.x509 import DNSName, ExtensionNotFound, SubjectAlternativeName
    from cryptography.x509.oid import NameOID

    names = [str(a.value) for a in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    try:
        san = certificate.extensions.get_extension_for_class(SubjectAlternativeName)
        names += san.value.get_values_for_type(DNSName)
    except ExtensionNotFound:
        pass
    if not any(_SNS_SUBJECT.fullmatch(name) for name in names):
        raise SnsSignatureError("certificate", "the certificate was not issued to SNS")
    if not certificate.not_valid_before_utc <= timestamp <= certificate.not_valid_after_utc:
        raise SnsSignatureError("certificate", "the certificate was not valid at the Timestamp")


class _CertificateCache:
    """Parsed certificates by URL, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, Certificate] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str) -> Certificate | None:
        with self._lock:
            found = self._items.get(url)
            if found is not None:
                self._items.move_to_end(url)
            return found

    def put(self, url: str, certificate: Certificate) -> None:
        with self._lock:
            self._items[url] = certificate
            self._items.move_to_end(url)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_CACHE = _CertificateCache(CERTIFICATE_CACHE_SIZE)


def _https_fetch(url: str) -> bytes:
    # Only ever called with a URL that passed is_sns_certificate_url (https, SNS host).
    with urllib.request.urlopen(url, timeout=CERTIFICATE_FETCH_TIMEOUT) as answer:
        data: bytes = answer.read(_MAX_CERTIFICATE_BYTES + 1)
    if len(data) > _MAX_CERTIFICATE_BYTES:
        raise ValueError("certificate too large")
    return data


def _certificate(url: str, fetch: Callable[[str], bytes] | None) -> Certificate:
    try:
        from cryptography.x509 import load_pem_x509_certificate
    except ImportError:  # pragma: no cover - the webhooks extra is a dev dependency
        raise _crypto_missing() from None
    cached = _CACHE.get(url) if fetch is None else None
    if cached is not None:
        return cached
    try:
        pem = (fetch or _https_fetch)(url)
    except (OSError, ValueError):
        raise SnsSignatureError("certificate", "the certificate could not be fetched") from None
    try:
        certificate = load_pem_x509_certificate(pem)
    except ValueError:
        raise SnsSignatureError("certificate", "the certificate is not PEM") from None
    if fetch is None:
        _CACHE.put(url, certificate)
    return certificate
