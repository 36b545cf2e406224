"""Lazy pagination: one page at a time, capped ID lists split, repeated tokens refused."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from smsv2.errors import PaginationError, RequestValidationError
from smsv2.models import DescribePhoneNumbersResult
from smsv2.pagination import _RepeatGuard

from .stub import POOL_INFO, JsonDict, StubService, phone_number_info

PAGE = 50
TOTAL = 10_000


def numbers_service(total: int = TOTAL) -> StubService:
    def responder(operation: str, body: JsonDict) -> tuple[int, JsonDict]:
        start = int(body.get("NextToken", "0"))
        size = min(int(body.get("MaxResults", PAGE)), PAGE)
        end = min(start + size, total)
        page: JsonDict = {"PhoneNumbers": [phone_number_info(i) for i in range(start, end)]}
        if end < total:
            page["NextToken"] = str(end)
        return 200, page

    return StubService(responder)


def live_pages() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, DescribePhoneNumbersResult))


def test_ten_thousand_numbers_over_two_hundred_pages_one_page_at_a_time() -> None:
    stub = numbers_service()
    client = stub.client()
    seen = 0
    most_pages_alive = 0
    for number in client.phone_numbers():
        seen += 1
        # Requests follow consumption: never more than the page being read has been fetched.
        assert len(stub.calls) == (seen - 1) // PAGE + 1
        if seen % 1000 == 1:
            most_pages_alive = max(most_pages_alive, live_pages())
        assert number.phone_number_id
    assert seen == TOTAL
    assert len(stub.calls) == TOTAL // PAGE
    assert most_pages_alive <= 2


def test_nothing_is_requested_until_iteration() -> None:
    stub = numbers_service()
    iterator = stub.client().phone_numbers()
    assert stub.calls == []
    assert iterator.first() is not None
    assert len(stub.calls) == 1


def test_max_items_stops_fetching() -> None:
    stub = numbers_service()
    items = list(stub.client().phone_numbers(max_items=120))
    assert len(items) == 120
    assert len(stub.calls) == 3


def test_page_size_is_sent_as_max_results_on_every_page() -> None:
    stub = numbers_service(total=25)
    pages = list(stub.client().phone_numbers(page_size=10).pages())
    assert [len(p.phone_numbers or []) for p in pages] == [10, 10, 5]
    assert {c.body["MaxResults"] for c in stub.calls} == {10}
    assert [c.body.get("NextToken") for c in stub.calls] == [None, "10", "20"]


def test_empty_next_token_stops() -> None:
    stub = StubService(
        lambda op, body: (200, {"PhoneNumbers": [phone_number_info(1)], "NextToken": ""})
    )
    assert len(list(stub.client().phone_numbers())) == 1
    assert len(stub.calls) == 1


def test_repeated_token_raises_instead_of_looping() -> None:
    stub = StubService(
        lambda op, body: (200, {"PhoneNumbers": [phone_number_info(1)], "NextToken": "same"})
    )
    with pytest.raises(PaginationError):
        list(stub.client().phone_numbers())
    assert len(stub.calls) == 2


def test_capped_id_list_is_split_into_batches() -> None:
    def responder(operation: str, body: JsonDict) -> tuple[int, JsonDict]:
        ids = body["PoolIds"]
        assert len(ids) <= 5
        return 200, {"Pools": [{**POOL_INFO, "PoolId": i} for i in ids]}

    stub = StubService(responder)
    ids = [f"pool-{i}" for i in range(12)]
    pools = list(stub.client().pools(pool_ids=[*ids, ids[0]]))
    assert [p.pool_id for p in pools] == ids
    assert [len(c.body["PoolIds"]) for c in stub.calls] == [5, 5, 2]


def test_bad_id_in_a_later_batch_fails_before_any_request() -> None:
    stub = StubService(lambda op, body: (200, {"Pools": []}))
    ids = [f"pool-{i}" for i in range(7)] + ["bad id with spaces"]
    with pytest.raises(RequestValidationError) as info:
        stub.client().pools(pool_ids=ids)
    assert info.value.fields == ["pool_ids.2"]
    assert stub.calls == []


def test_non_aggregate_members_are_on_each_page() -> None:
    def responder(operation: str, body: JsonDict) -> tuple[int, JsonDict]:
        return 200, {
            "PoolArn": "arn:aws:sms-voice:us-east-1:1:pool/pool-1",
            "PoolId": "pool-1",
            "OriginationIdentities": [
                {
                    "OriginationIdentityArn": "arn:x",
                    "OriginationIdentity": "phone-1",
                    "IsoCountryCode": "US",
                    "NumberCapabilities": ["SMS"],
                }
            ],
        }

    stub = StubService(responder)
    page = next(stub.client().origination_identities(pool_id="pool-1").pages())
    assert page.pool_id == "pool-1"
    assert page.origination_identities is not None
    assert page.origination_identities[0].origination_identity == "phone-1"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.pools(page_size=0), "page_size"),
        (lambda c: c.pools(page_size=True), "page_size"),
        (lambda c: c.pools(page_size=10_000), "page_size"),
        (lambda c: c.pools(max_items="10"), "max_items"),
        (lambda c: c.pools(max_items=-1), "max_items"),
        (lambda c: c.phone_numbers(phone_number_ids=[["x"]] * 6), "phone_number_ids.0"),
        (lambda c: c.phone_numbers(phone_number_ids=[{"x": 1}]), "phone_number_ids.0"),
    ],
)
def test_bad_paginator_arguments_name_the_argument(call: Any, field: str) -> None:
    stub = StubService(lambda op, body: (200, {"Pools": [], "PhoneNumbers": []}))
    with pytest.raises(RequestValidationError) as info:
        call(stub.client())
    assert info.value.fields[0] == field
    assert field.split(".")[0] in str(info.value)
    assert info.value.__context__ is None
    assert stub.calls == []


def test_a_token_loop_longer_than_one_page_is_refused() -> None:
    cycle = {"": "a", "a": "b", "b": "c", "c": "a"}

    def responder(operation: str, body: JsonDict) -> tuple[int, JsonDict]:
        return 200, {"PhoneNumbers": [], "NextToken": cycle[body.get("NextToken", "")]}

    stub = StubService(responder)
    with pytest.raises(PaginationError):
        list(stub.client().phone_numbers())
    # Detected within about twice the loop's length, not after an unbounded number of pages.
    assert len(stub.calls) <= 8


def test_the_repeat_guard_keeps_one_token_however_many_pages() -> None:
    guard = _RepeatGuard()
    for i in range(5000):
        assert not guard.repeated(f"token-{i}")
    assert len(guard.__slots__) == 3
    assert isinstance(guard._checkpoint, str)
    assert not hasattr(guard, "__dict__")


def test_paginator_repr_names_the_operation() -> None:
    stub = StubService(lambda op, body: (200, {"Pools": []}))
    ids = [f"pool-{i}" for i in range(7)]
    assert repr(stub.client().pools(pool_ids=ids, max_items=3)) == (
        "<Paginator DescribePools batches=2 max_items=3>"
    )
    assert stub.client().phone_numbers().operation == "DescribePhoneNumbers"
