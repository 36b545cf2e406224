"""The pagination layer: lazy iterators over NextToken-paginated operations.

``client.phone_numbers()`` returns a :class:`Paginator`. Iterating it yields items, fetching one
page at a time; ``.pages()`` yields whole result pages (with their non-aggregate members, such as
``pool_id`` on ListPoolOriginationIdentities). Nothing is requested until iteration starts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from smsv2._client_core import build_request
from smsv2._errors_base import PaginationError

if TYPE_CHECKING:
    from smsv2._client_core import ClientCore
    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")

# How many IDs the service accepts in one request's ID list (PhoneNumberIds, PoolIds, ...).
_BATCH_LIMIT_FIELD = "max_length"


class Paginator(Generic[ItemT, PageT]):
    """A lazy, re-iterable view over every item of a paginated operation.

    Each ``iter()`` starts again from the first page. All arguments are validated when the
    paginator is created, before any request.
    """

    def __init__(
        self,
        client: ClientCore,
        operation: Operation[PageT],
        arguments: Mapping[str, object],
        *,
        result_key: str,
        batch_keys: Sequence[str] = (),
        page_size: int | None = None,
        max_items: int | None = None,
    ) -> None:
        if page_size is not None and page_size < 1:
            raise ValueError("page_size must be at least 1")
        if max_items is not None and max_items < 0:
            raise ValueError("max_items must not be negative")
        self._client = client
        self._operation = operation
        self._result_attr = _snake(result_key)
        self._page_size = page_size
        self._max_items = max_items
        # Validate every batch up front so a bad ID fails before the first request.
        self._requests: list[RequestModel] = [
            build_request(operation, {**batch, "max_results": page_size})
            for batch in _batches(operation, arguments, batch_keys)
        ]

    def pages(self) -> Iterator[PageT]:
        """Yield each result page in turn, following NextToken until the service stops."""
        for request in self._requests:
            seen: set[str] = set()
            token: str | None = None
            while True:
                page_request = (
                    request if token is None else request.model_copy(update={"next_token": token})
                )
                page = self._client._send(self._operation, page_request)
                yield page
                token = cast("str | None", getattr(page, "next_token", None))
                if not token:
                    break
                if token in seen:
                    raise PaginationError(
                        f"{self._operation.name} returned a NextToken it had already returned"
                    )
                seen.add(token)

    def __iter__(self) -> Iterator[ItemT]:
        remaining = self._max_items
        if remaining == 0:
            return
        for page in self.pages():
            items = cast("list[ItemT] | None", getattr(page, self._result_attr, None)) or []
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


def _snake(name: str) -> str:
    from botocore import xform_name

    return str(xform_name(name))


def _batches(
    operation: Operation[object], arguments: Mapping[str, object], batch_keys: Sequence[str]
) -> list[dict[str, object]]:
    """Split ID lists longer than the service's per-request cap into several requests."""
    base = {k: v for k, v in arguments.items() if v is not None}
    if not batch_keys:
        return [base]
    fields = operation.request_model().model_fields
    chunked: list[list[tuple[str, object]]] = []
    for key in batch_keys:
        values = base.get(key)
        if values is None or isinstance(values, (str, bytes)):
            continue
        items = list(cast("Sequence[object]", values))
        cap = _max_length(fields[key].metadata)
        if cap is None or len(items) <= cap:
            continue
        # Repeats in one batch are refused by some operations and add nothing.
        unique = list(dict.fromkeys(items))
        chunked.append([(key, unique[i : i + cap]) for i in range(0, len(unique), cap)])
    if not chunked:
        return [base]
    return [{**base, **dict(combo)} for combo in itertools.product(*chunked)]


def _max_length(metadata: Sequence[object]) -> int | None:
    for item in metadata:
        value = getattr(item, _BATCH_LIMIT_FIELD, None)
        if isinstance(value, int):
            return value
    return None


__all__ = ["Paginator"]
