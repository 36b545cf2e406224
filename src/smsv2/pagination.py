"""The pagination layer: lazy iterators over NextToken-paginated operations.

`client.phone_numbers()` returns a [`Paginator`][smsv2.pagination.Paginator]. Iterating it yields
items, fetching one page at a time; `.pages()` yields whole result pages (with their non-aggregate
members, such as `pool_id` on ListPoolOriginationIdentities). Nothing is requested until iteration
starts.

A paginator is handed the requests already built (one per batch of a capped ID list) and a
`fetch` callable that sends one request and returns its page; it knows nothing of clients.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from smsv2._requests import is_count
from smsv2.errors import FieldProblem, PaginationError, RequestValidationError

if TYPE_CHECKING:
    from smsv2._model_base import RequestModel
    from smsv2._operation import Pagination

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")
FetchT = TypeVar("FetchT")


class _PaginatorBase(Generic[ItemT, PageT, FetchT]):
    """What both paginators share: the built requests, the paging facts, `max_items`, and
    `fetch` (sends one request, returns its page; a coroutine function for AsyncPaginator)."""

    def __init__(
        self,
        fetch: FetchT,
        requests: Sequence[RequestModel],
        pagination: Pagination[ItemT, PageT],
        *,
        max_items: int | None = None,
    ) -> None:
        if max_items is not None and not is_count(max_items, minimum=0):
            raise RequestValidationError(
                pagination.operation.name,
                [FieldProblem("max_items", "must be an integer of at least 0")],
            )
        self._fetch = fetch
        self._requests = tuple(requests)
        self._pagination = pagination
        self._max_items = max_items

    @property
    def operation(self) -> str:
        """The service operation each page comes from, e.g. `"DescribePools"`."""
        return self._pagination.operation.name

    def __repr__(self) -> str:
        parts = [self.operation]
        if len(self._requests) > 1:
            parts.append(f"batches={len(self._requests)}")
        if self._max_items is not None:
            parts.append(f"max_items={self._max_items}")
        return f"<{type(self).__name__} {' '.join(parts)}>"

    def _walk(self) -> _PageWalk[ItemT, PageT]:
        return _PageWalk(self._requests, self._pagination)

    def _budget(self) -> _ItemBudget:
        return _ItemBudget(self._max_items)


class _PageWalk(Generic[ItemT, PageT]):
    """The page state machine both paginators drive: which request comes next, and when the
    pages end. It sends nothing: its driver fetches each request and hands the page back.
    """

    __slots__ = ("_batches", "_first", "_guard", "_last", "_pagination")

    def __init__(self, requests: Sequence[RequestModel], spec: Pagination[ItemT, PageT]) -> None:
        self._batches = iter(requests)
        self._pagination = spec
        self._first: RequestModel | None = None
        self._last: PageT | None = None
        self._guard = _RepeatGuard()

    def next_request(self) -> RequestModel | None:
        """The request for the next page: the page before's NextToken, else the next batch's
        first request; None when both have run out.

        A NextToken seen before in this batch raises `PaginationError` (it would loop). It
        is checked here, once the page that carried it has been handed out.
        """
        spec = self._pagination
        token = cast("str | None", getattr(self._last, spec.output_token, None))
        if token and self._first is not None:
            if self._guard.repeated(token):
                raise PaginationError(
                    f"{spec.operation.name} returned a NextToken it had already returned"
                )
            return self._first.model_copy(update={spec.input_token: token})
        self._first = next(self._batches, None)
        self._guard = _RepeatGuard()
        return self._first

    def received(self, page: PageT) -> list[ItemT]:
        """Take the page of the request last given; return its items."""
        self._last = page
        return cast("list[ItemT] | None", getattr(page, self._pagination.items, None)) or []


class _ItemBudget:
    """`max_items`: how many items are still wanted (None: all)."""

    __slots__ = ("remaining",)

    def __init__(self, max_items: int | None) -> None:
        self.remaining = max_items

    @property
    def spent(self) -> bool:
        return self.remaining == 0

    def take(self, items: list[ItemT]) -> list[ItemT]:
        """The items still wanted out of one page's."""
        if self.remaining is None:
            return items
        taken = items[: self.remaining]
        self.remaining -= len(taken)
        return taken


class Paginator(_PaginatorBase[ItemT, PageT, Callable[["RequestModel"], PageT]]):
    """A lazy, re-iterable view over every item of a paginated operation.

    Each `iter()` starts again from the first page. All arguments are validated when the
    paginator is created, before any request.
    """

    def pages(self) -> Iterator[PageT]:
        """Yield each result page in turn, following NextToken until the service stops."""
        for page, _ in self._walked():
            yield page

    def __iter__(self) -> Iterator[ItemT]:
        budget = self._budget()
        if budget.spent:
            return
        for _, items in self._walked():
            yield from budget.take(items)
            if budget.spent:
                return

    def _walked(self) -> Iterator[tuple[PageT, list[ItemT]]]:
        walk = self._walk()
        while (request := walk.next_request()) is not None:
            page = self._fetch(request)  # the one place a page is fetched
            yield page, walk.received(page)

    def first(self) -> ItemT | None:
        """The first item, or None; fetches at most one page."""
        return next(iter(self), None)

    def to_list(self) -> list[ItemT]:
        """Every item in a list (loads them all; prefer iterating for large sets)."""
        return list(self)


class AsyncPaginator(_PaginatorBase[ItemT, PageT, Callable[["RequestModel"], Awaitable[PageT]]]):
    """`Paginator` for `AsyncClient`: `async for item in client.pools()`, `.pages()`
    (an async iterator of result pages), `await .first()` and `await .to_list()`.

    Each `async for` starts again from the first page. All arguments are validated when the
    paginator is created, before any request.
    """

    async def pages(self) -> AsyncIterator[PageT]:
        """Yield each result page in turn, following NextToken until the service stops."""
        async for page, _ in self._walked():
            yield page

    async def __aiter__(self) -> AsyncGenerator[ItemT, None]:
        budget = self._budget()
        if budget.spent:
            return
        async for _, items in self._walked():
            for item in budget.take(items):
                yield item
            if budget.spent:
                return

    async def _walked(self) -> AsyncIterator[tuple[PageT, list[ItemT]]]:
        walk = self._walk()
        while (request := walk.next_request()) is not None:
            page = await self._fetch(request)  # the one place a page is fetched
            yield page, walk.received(page)

    async def first(self) -> ItemT | None:
        """The first item, or None; fetches at most one page."""
        items = self.__aiter__()
        try:
            return await anext(items, None)
        finally:
            await items.aclose()

    async def to_list(self) -> list[ItemT]:
        """Every item in a list (loads them all; prefer iterating for large sets)."""
        return [item async for item in self]


class _RepeatGuard:
    """Detects a token sequence that loops, keeping one token whatever the number of pages.

    Brent's cycle detection: compare each token with a checkpoint that moves to the current
    token after 1, 2, 4, 8... steps. Any loop is found within about twice its length, and a
    token repeated at once is found on the next page.
    """

    __slots__ = ("_checkpoint", "_power", "_steps")

    def __init__(self) -> None:
        self._checkpoint: str | None = None
        self._power: int = 1
        self._steps: int = 0

    def repeated(self, token: str) -> bool:
        if token == self._checkpoint:
            return True
        self._steps += 1
        if self._steps == self._power:
            self._checkpoint = token
            self._power *= 2
            self._steps = 0
        return False


__all__ = ["AsyncPaginator", "Paginator"]
