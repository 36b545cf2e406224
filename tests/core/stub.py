"""An in-process transport for core tests: scripted answers, every request recorded."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse

import smsv2
from smsv2.testing._mock import _Response as DualResponse

JsonDict = dict[str, Any]
Responder = Callable[[str, JsonDict], "tuple[int, JsonDict] | Exception"]


class _RawBody:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._body

    def read(self, *_: object) -> bytes:
        return self._body


@dataclass
class Call:
    operation: str
    body: JsonDict


@dataclass
class StubService:
    """Answers each request with ``responder(operation, body)``: (status, json) or an exception."""

    responder: Responder
    calls: list[Call] = field(default_factory=list, repr=False)

    def attach(self, client: smsv2.Client) -> smsv2.Client:
        client.boto3_client.meta.events.register("before-send", self._handle)  # type: ignore[arg-type]
        return client

    def client(self, **options: Any) -> smsv2.Client:
        return self.attach(smsv2.Client(region_name="us-east-1", backoff_base=0.0, **options))

    async def async_client(self, **options: Any) -> smsv2.AsyncClient:
        """An AsyncClient whose aiobotocore client answers from this stub."""
        client = smsv2.AsyncClient(region_name="us-east-1", backoff_base=0.0, **options)
        inner = await client.aiobotocore_client()
        inner.meta.events.register("before-send", self._handle)  # type: ignore[arg-type]
        return client

    def _handle(self, request: AWSPreparedRequest, **_: object) -> AWSResponse:
        target = request.headers["X-Amz-Target"]
        if isinstance(target, bytes):
            target = target.decode()
        operation = target.split(".", 1)[1]
        body = json.loads(request.body or b"{}")  # type: ignore[arg-type]
        self.calls.append(Call(operation, body))
        answer = self.responder(operation, body)
        if isinstance(answer, Exception):
            raise answer
        status, payload = answer
        headers = {
            "x-amzn-requestid": f"req-{len(self.calls)}",
            "content-type": "application/x-amz-json-1.0",
        }
        # Readable by botocore and by aiobotocore (which awaits the content).
        return DualResponse(request.url, status, headers, _RawBody(json.dumps(payload).encode()))  # type: ignore[arg-type]

    def operations(self) -> list[str]:
        return [c.operation for c in self.calls]


def error(
    code: str, message: str = "error", status: int = 400, **members: Any
) -> tuple[int, JsonDict]:
    return status, {
        "__type": f"com.amazonaws.pinpointsmsvoicev2#{code}",
        "Message": message,
        **members,
    }


POOL_INFO: JsonDict = {
    "PoolArn": "arn:aws:sms-voice:us-east-1:123456789012:pool/pool-0123456789abcdef0123456789abcdef",
    "PoolId": "pool-0123456789abcdef0123456789abcdef",
    "Status": "ACTIVE",
    "MessageType": "TRANSACTIONAL",
    "TwoWayEnabled": False,
    "SelfManagedOptOutsEnabled": False,
    "OptOutListName": "Default",
    "SharedRoutesEnabled": False,
    "DeletionProtectionEnabled": False,
    "CreatedTimestamp": 1700000000.0,
}


def phone_number_info(i: int) -> JsonDict:
    return {
        "PhoneNumberArn": f"arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-{i:032x}",
        "PhoneNumberId": f"phone-{i:032x}",
        "PhoneNumber": f"+1206555{i % 10000:04d}",
        "Status": "ACTIVE",
        "IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL",
        "NumberCapabilities": ["SMS", "VOICE"],
        "NumberType": "TOLL_FREE",
        "MonthlyLeasingPrice": "2.00",
        "TwoWayEnabled": False,
        "SelfManagedOptOutsEnabled": False,
        "OptOutListName": "Default",
        "DeletionProtectionEnabled": False,
        "CreatedTimestamp": 1700000000.0,
    }
