"""What smsv2 knows about one operation; the generated table in _generated/operations.py fills it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from smsv2._model_base import RequestModel

ResultT_co = TypeVar("ResultT_co", covariant=True)


@dataclass(frozen=True)
class Operation(Generic[ResultT_co]):
    """One operation of the service: its models and the facts the retry policy needs."""

    name: str
    python_name: str
    # Full module paths, named by the generated table: this base layer imports what it is
    # given and never names the generated package (docs/architecture.md).
    request_module: str
    request_class: str
    result_module: str
    result_class: str
    read_only: bool
    sends_message: bool
    idempotency_token: str | None
    _cache: dict[str, type] = field(default_factory=dict[str, type], compare=False, repr=False)

    @property
    def safe_to_repeat(self) -> bool:
        """Whether repeating the request after an ambiguous failure cannot do anything twice."""
        return self.read_only or self.idempotency_token is not None

    def request_model(self) -> type[RequestModel]:
        """The request model class, imported on first use."""
        return self._load("request", self.request_module, self.request_class)

    def result_model(self) -> type[ResultT_co]:
        """The result model class, imported on first use."""
        return self._load("result", self.result_module, self.result_class)

    def _load(self, kind: str, module: str, name: str) -> type:
        cls = self._cache.get(kind)
        if cls is None:
            cls = getattr(importlib.import_module(module), name)
            self._cache[kind] = cls
        return cls


ItemT_co = TypeVar("ItemT_co", covariant=True)


@dataclass(frozen=True)
class Pagination(Generic[ItemT_co, ResultT_co]):
    """How one paginated operation pages: the generated table in _generated/operations.py fills it.

    Every name is the request or result model's Python attribute, emitted by the generator.
    """

    operation: Operation[ResultT_co]
    items: str
    """The result attribute holding each page's items, e.g. `"pools"`."""
    input_token: str
    output_token: str
    limit: str
    """The request attribute that `page_size` sets."""
    batch_keys: tuple[str, ...] = ()
    """ID-list parameters longer than the service's cap, split into one request per batch."""
