"""The pagination layer: lazy iterators over NextToken-paginated operations.

``client.phone_numbers()`` returns a :class:`Paginator`. Iterating it yields items, fetching one
page at a time; ``.pages()`` yields whole result pages (with their non-aggregate members, such as
``pool_id`` on ListPoolOriginationIdentities). Nothing is requested until iteration starts.

A paginator is handed the requests already built (one per batch of a capped ID list) and a
``fetch`` callable that sends one request and returns its page; it knows nothing of clients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from smsv2._errors_base import FieldProblem, PaginationError, RequestValidationError
from smsv2._requests import is_count

if TYPE_CHECKING:
    from smsv2._model_base import RequestModel
    from smsv2._operation import Pagination

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")


class Paginator(Generic[ItemT, PageT]):
    """A lazy, re-iterable view over every item of a paginated operation.

    Each ``iter()`` starts again from the first page. All arguments are validated when the
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
        """The service operation each page comes from, e.g. ``"DescribePools"``."""
        return self._pagination.operation.name

    def __repr__(self) -> str:
        parts = [self.operation]
        if len(self._requests) > 1:
            parts.append(f"batches={len(self._requests)}")
        if self._max_items is not None:
            parts.append(f"max_items={self._max_items}")
        return f"<Paginator {' '.join(parts)}>"

    def pages(self) -> Iterator[PageT]:
        """Yield each result page in turn, following NextToken until the service stops."""
        spec = self._pagination
        for request in self._requests:
            guard = _RepeatGuard()
            token: str | None = None
            while True:
                page_request = (
                    request
                    if token is None
                    else request.model_copy(update={spec.input_token: token})
                )
                page = self._fetch(page_request)
                yield page
                token = cast("str | None", getattr(page, spec.output_token, None))
                if not token:
                    break
                if guard.repeated(token):
                    raise PaginationError(
                        f"{spec.operation.name} returned a NextToken it had already returned"
                    )

    def __iter__(self) -> Iterator[ItemT]:
        remaining = self._max_items
        if remaining == 0:
            return
        items_attr = self._pagination.items
        for page in self.pages():
            items = cast("list[ItemT] | None", getattr(page, items_attr, None)) or []
            for item in items:
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


__all__ = ["Paginator"]
