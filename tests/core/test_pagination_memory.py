"""Pagination memory stays flat: nothing kept per page, and token loops still refused.

The paginator runs over a stub ``fetch`` (no botocore, no JSON), so tracemalloc sees only what
pagination itself allocates and keeps. Every page has a distinct token of a few hundred bytes:
a paginator that kept every token (or every page) would hold ten times more after 3,000 pages
than after 300.
"""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from collections.abc import Callable

import pytest

from smsv2._generated import operations as ops
from smsv2._model_base import RequestModel
from smsv2._requests import build_page_requests
from smsv2.errors import PaginationError
from smsv2.models import DescribePoolsRequest, DescribePoolsResult, PoolInformation
from smsv2.pagination import AsyncPaginator, Paginator

from .stub import POOL_INFO

TOKEN_BYTES = 400
POOL = PoolInformation.model_validate(POOL_INFO)


def token(n: int) -> str:
    """A distinct token of TOKEN_BYTES characters, built fresh on each call (nothing cached)."""
    return f"{n:012d}".ljust(TOKEN_BYTES, "=")


def page_number(request: RequestModel) -> int:
    assert isinstance(request, DescribePoolsRequest)
    return int(request.next_token[:12]) if request.next_token else 0


def pages_fetch(total: int) -> Callable[[RequestModel], DescribePoolsResult]:
    """``total`` pages of two items, each page's NextToken naming the next one."""

    def fetch(request: RequestModel) -> DescribePoolsResult:
        n = page_number(request) + 1
        return DescribePoolsResult(pools=[POOL, POOL], next_token=token(n) if n < total else None)

    return fetch


def looping_fetch(tail: int, cycle: int) -> Callable[[RequestModel], DescribePoolsResult]:
    """Tokens 1..tail+cycle, then back to token tail+1: a loop of ``cycle`` pages after ``tail``."""

    def fetch(request: RequestModel) -> DescribePoolsResult:
        n = page_number(request) + 1
        if n > tail + cycle:
            n = tail + 1
        return DescribePoolsResult(pools=[POOL], next_token=token(n))

    return fetch


def paginator(
    fetch: Callable[[RequestModel], DescribePoolsResult],
) -> Paginator[PoolInformation, DescribePoolsResult]:
    requests = build_page_requests(ops.DESCRIBE_POOLS_PAGES, {})
    return Paginator(fetch, requests, ops.DESCRIBE_POOLS_PAGES)


def peak_while(consume: Callable[[], int]) -> int:
    """tracemalloc's peak while ``consume`` runs, minus what was traced before it."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        consume()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def count_items(total: int) -> Callable[[], int]:
    def consume() -> int:
        seen = sum(1 for _ in paginator(pages_fetch(total)))
        assert seen == 2 * total
        return seen

    return consume


def count_pages(total: int) -> Callable[[], int]:
    def consume() -> int:
        seen = sum(1 for _ in paginator(pages_fetch(total)).pages())
        assert seen == total
        return seen

    return consume


@pytest.mark.parametrize("consume", [count_items, count_pages], ids=["items", "pages"])
def test_three_thousand_pages_peak_no_higher_than_three_hundred(
    consume: Callable[[int], Callable[[], int]],
) -> None:
    consume(300)()  # first use: pydantic's and the paginator's lazily built parts
    small = min(peak_while(consume(300)) for _ in range(3))
    large = min(peak_while(consume(3000)) for _ in range(3))
    # Kept tokens alone would add 2,700 x 400 bytes (over 1 MB); the slack is a few pages.
    assert large <= 1.2 * small + 4 * TOKEN_BYTES, (small, large)
    assert small < 100 * TOKEN_BYTES, small


def test_a_paginator_keeps_no_page_once_it_has_moved_on() -> None:
    pages = paginator(pages_fetch(50)).pages()
    for _ in range(40):
        next(pages)
    gc.collect()
    alive = sum(1 for o in gc.get_objects() if isinstance(o, DescribePoolsResult))
    assert alive <= 2  # the page just yielded (and its predecessor's last reference at most)


@pytest.mark.parametrize("cycle", [1, 2, 7, 100])
@pytest.mark.parametrize("tail", [0, 1, 13, 300])
def test_a_token_loop_of_any_length_raises_the_typed_error(tail: int, cycle: int) -> None:
    fetched = 0
    loop = looping_fetch(tail, cycle)

    def fetch(request: RequestModel) -> DescribePoolsResult:
        nonlocal fetched
        fetched += 1
        return loop(request)

    with pytest.raises(PaginationError, match="NextToken it had already returned"):
        for _ in paginator(fetch):
            pass
    # Found within a small multiple of the loop's start and length, as with a set of tokens.
    assert fetched <= 2 * max(tail, cycle) + cycle + 2, fetched


def test_a_long_token_loop_is_found_without_keeping_its_tokens() -> None:
    def consume() -> int:
        with pytest.raises(PaginationError):
            for _ in paginator(looping_fetch(0, 3000)):
                pass
        return 0

    def no_loop() -> int:
        return count_items(300)()

    no_loop()
    small = min(peak_while(no_loop) for _ in range(3))
    loop = min(peak_while(consume) for _ in range(3))
    # 3,000 distinct tokens go by before the repeat: keeping them would take over 1 MB.
    assert loop <= 1.2 * small + 8 * TOKEN_BYTES, (small, loop)


def test_the_async_paginator_is_flat_and_refuses_loops_too() -> None:
    def async_paginator(
        fetch: Callable[[RequestModel], DescribePoolsResult],
    ) -> AsyncPaginator[PoolInformation, DescribePoolsResult]:
        async def afetch(request: RequestModel) -> DescribePoolsResult:
            return fetch(request)

        requests = build_page_requests(ops.DESCRIBE_POOLS_PAGES, {})
        return AsyncPaginator(afetch, requests, ops.DESCRIBE_POOLS_PAGES)

    async def count(total: int) -> int:
        seen = 0
        async for _ in async_paginator(pages_fetch(total)).pages():
            seen += 1
        return seen

    async def peak(total: int) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            assert await count(total) == total
            return tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()

    async def loop() -> None:
        async for _ in async_paginator(looping_fetch(5, 7)):
            pass

    asyncio.run(count(300))
    small = min(asyncio.run(peak(300)) for _ in range(3))
    large = min(asyncio.run(peak(3000)) for _ in range(3))
    assert large <= 1.2 * small + 4 * TOKEN_BYTES, (small, large)
    with pytest.raises(PaginationError):
        asyncio.run(loop())
