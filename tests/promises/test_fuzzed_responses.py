"""Promise (b), typed failures, under fuzzed responses: whatever comes back (status, body
bytes, headers), both clients raise an ``SmsV2Error`` of the same class, with the same
``retryable``, ``http_status`` and number of requests, for each way of building them.

Each build way runs ``EXAMPLES`` hypothesis examples (fixed; ``-s`` prints the counts), each
sent as a read (DescribeAccountAttributes) and as a send (SendTextMessage) on both clients.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smsv2 import errors

from .support import BODY, BUILDS, NUMBER, Build, ClientPath, answer_with, leaks, open_path

EXAMPLES = 40

STATUSES = st.sampled_from([200, 202, 400, 403, 404, 409, 413, 429, 500, 502, 503, 504])
CODES = st.sampled_from(
    ["ThrottlingException", "InternalServerException", "ConflictException", "Nope", NUMBER, ""]
)


def _error_body(code: object, message: str, extra: object) -> bytes:
    return json.dumps({"__type": code, "Message": message, "MessageId": extra}).encode()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
BODIES = st.one_of(
    st.binary(max_size=64),
    st.just(b"[" * 5000),
    st.builds(
        _error_body,
        CODES | st.integers(),
        st.sampled_from([f"bad {NUMBER}", f"Value {BODY} failed", ""]),
        JSON_VALUES,
    ),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
)
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "content-type": st.sampled_from(["application/x-amz-json-1.0", "text/html", "x"]),
        "x-amzn-requestid": st.sampled_from(["rid-1", ""]),
        "x-amzn-errortype": CODES,
    },
)
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("describe_account_attributes", {}),
    ("send_text_message", {"destination_phone_number": NUMBER, "message_body": BODY}),
]
COUNTS: dict[str, int] = {}


def _outcome(driver: Any, answer: Any, name: str, kwargs: dict[str, Any]) -> tuple[object, ...]:
    answer.requests = 0
    try:
        driver.call(name, **kwargs)
    except errors.SmsV2Error as err:
        if kwargs:  # the send: what the service echoes of its request must not show
            assert leaks(err) == [], leaks(err)
        if isinstance(err, errors.SendOutcomeUnknownError):
            assert answer.requests == 1  # never twice
        status = getattr(err, "http_status", None)
        return type(err), err.retryable, status, answer.requests
    return "ok", answer.requests


@pytest.mark.parametrize("build", BUILDS)
def test_both_clients_type_a_fuzzed_response_alike(build: Build, tmp_path: Path) -> None:
    sync_path = ClientPath("Client", "fake", build)
    async_path = ClientPath("AsyncClient", "fake", build)
    with open_path(sync_path, tmp_path) as (sync, _), open_path(async_path, tmp_path) as (aio, _):
        answers = [answer_with(d, 200, b"{}", {}) for d in (sync, aio)]

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(status=STATUSES, body=BODIES, headers=HEADERS)
        def check(status: int, body: bytes, headers: dict[str, str]) -> None:
            COUNTS[build] = COUNTS.get(build, 0) + 1
            for answer in answers:
                answer.status, answer.body, answer.headers = status, body, headers
            for name, kwargs in CALLS:
                seen = [
                    _outcome(d, a, name, kwargs) for d, a in zip((sync, aio), answers, strict=True)
                ]
                assert seen[0] == seen[1], (name, status, body[:80], headers)

        check()
    print(f"\nfuzzed responses, {build}: {COUNTS[build]} examples x {len(CALLS)} calls x 2 clients")
    assert COUNTS[build] >= EXAMPLES // 2
