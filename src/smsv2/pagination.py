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


class _PaginatorBase(Generic[ItemT, PageT]):
    """What both paginators share: the built requests, the paging facts, `max_items`."""

    def __init__(
        self,
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

    def _following(
        self, first: RequestModel, page: PageT, guard: _RepeatGuard
    ) -> RequestModel | None:
        """The request for the page after `page` (None after the last page)."""
        spec = self._pagination
        token = cast("str | None", getattr(page, spec.output_token, None))
        if not token:
            return None
        if guard.repeated(token):
            raise PaginationError(
                f"{spec.operation.name} returned a NextToken it had already returned"
            )
        return first.model_copy(update={spec.input_token: token})

    def _items(self, page: PageT) -> list[ItemT]:
        return cast("list[ItemT] | None", getattr(page, self._pagination.items, None)) or []


class Paginator(_PaginatorBase[ItemT, PageT]):
    """A lazy, re-iterable view over every item of a paginated operation.

    Each `iter()` starts again from the first page. All arguments are validated when the
    paginator is created, before any request.
    """

    def __init__(
        self,
        fetch: Callable[[RequestModel], PageT],
        requests: Sequence[RequestModel],
        pagination: Pagination[ItemT, PageT],
        *,
        max_items: int | None = None,
    ) -> None:
        super().__init__(requests, pagination, max_items=max_items)
        self._fetch = fetch

    def pages(self) -> Iterator[PageT]:
        """Yield each result page in turn, following NextToken until the service stops."""
        for first in self._requests:
            guard = _RepeatGuard()
            request: RequestModel | None = first
            while request is not None:
                page = self._fetch(request)
                yield page
                request = self._following(first, page, guard)

    def __iter__(self) -> Iterator[ItemT]:
        remaining = self._max_items
        if remaining == 0:
            return
        for page in self.pages():
            for item in self._items(page):
                yield item
                if remaining is not None:
                    remaining -= 1
                    if remaining == 0:
                        return

    def first(self) -> ItemT | None:
        """The first item, or None; fetches at most one page."""
        return next(iter(self), None)

    def to_list(self) -> list[ItemT]:
        """Every item in a list (loads them all; prefer iterating for large sets)."""
        return list(self)


class AsyncPaginator(_PaginatorBase[ItemT, PageT]):
    """`Paginator` for `AsyncClient`: `async for item in client.pools()`, `.pages()`
    (an async iterator of result pages), `await .first()` and `await .to_list()`.

    Each `async for` starts again from the first page. All arguments are validated when the
    paginator is created, before any request.
    """

    def __init__(
        self,
        fetch: Callable[[RequestModel], Awaitable[PageT]],
        requests: Sequence[RequestModel],
        pagination: Pagination[ItemT, PageT],
        *,
        max_items: int | None = None,
    ) -> None:
        super().__init__(requests, pagination, max_items=max_items)
        self._fetch = fetch

    async def pages(self) -> AsyncIterator[PageT]:
        """Yield each result page in turn, following NextToken until the service stops."""
        for first in self._requests:
            guard = _RepeatGuard()
            request: RequestModel | None = first
            while request is not None:
                page = await self._fetch(request)
                yield page
                request = self._following(first, page, guard)

    async def __aiter__(self) -> AsyncGenerator[ItemT, None]:
        remaining = self._max_items
        if remaining == 0:
            return
        async for page in self.pages():
            for item in self._items(page):
                yield item
                if remaining is not None:
                    remaining -= 1
                    if remaining == 0:
                        return

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
