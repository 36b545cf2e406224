"""What every resource class shares: client choice, cached state, identity, tags, waiting.

Rules every resource follows:

* Reading an attribute never calls the service; it returns what was last read. Only
  `Resource.refresh` and the methods that change the resource (`update()`,
  `delete()`...) replace that state.
* Equality and hashing go by ARN; `repr` shows the kind, the ID and the status.
* Every class method takes `client=`; without one, [`smsv2.default_client`][smsv2.default_client] is
  used. An instance keeps the client it was made with.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypedDict, TypeVar, overload

from pydantic import ValidationError

from smsv2._default_client import default_client
from smsv2._model_base import ResultModel
from smsv2._public import publish
from smsv2.errors import (
    ResourceNotFoundException,
    SmsV2Error,
    UnexpectedStatusError,
    WaitTimeoutError,
)

if TYPE_CHECKING:
    from typing_extensions import Self

    from smsv2.client import Client
    from smsv2.models import Tag

InfoT = TypeVar("InfoT", bound=ResultModel)
R_co = TypeVar("R_co", covariant=True)
ItemT = TypeVar("ItemT")
StatusT = TypeVar("StatusT")
T = TypeVar("T")


def resolve_client(client: Client | None) -> Client:
    """`client` itself, or the default client."""
    if client is not None:
        return client
    return default_client()


def plain(value: object) -> str:
    """An enum member's value, or the string itself."""
    return str(getattr(value, "value", value))


def tag_list(tags: Mapping[str, str] | None) -> list[Tag] | None:
    """`{"k": "v"}` as the service's tag list."""
    if tags is None:
        return None
    from smsv2.models import Tag

    return [Tag(key=k, value=v) for k, v in tags.items()]


class Referable(Protocol):
    """Anything that names a resource by `id` and `arn`: every resource class."""

    @property
    def id(self) -> str:
        """The resource's ID (or name)."""
        ...

    @property
    def arn(self) -> str:
        """The resource's ARN."""
        ...


@overload
def ref(value: Referable | str, *, arn: bool = False) -> str: ...


@overload
def ref(value: Referable | str | None, *, arn: bool = False) -> str | None: ...


def ref(value: Referable | str | None, *, arn: bool = False) -> str | None:
    """A resource given as an object or as a string, as the string the service takes.

    Strings (IDs, names or ARNs) and None pass through; an object gives its `id`, or its
    `arn` when `arn` is true.
    """
    if value is None or isinstance(value, str):
        return value
    return value.arn if arn else value.id


def merge_info(
    info_cls: type[InfoT],
    *models: ResultModel | None,
    defaults: Mapping[str, object] | None = None,
) -> InfoT | None:
    """An information shape from the members that `models` share with it (later ones win).

    Returns None when the members found do not make a complete shape.
    """
    fields = info_cls.model_fields
    data: dict[str, object] = dict(defaults or {})
    for model in models:
        if model is None:
            continue
        dumped = model.model_dump(mode="json", exclude_none=True, by_alias=False)
        data.update({k: v for k, v in dumped.items() if k in fields})
    try:
        return info_cls.model_validate(data)
    except ValidationError:
        return None


def same(item: T) -> T:
    """`item` itself: the wrapper for a ResourceList of plain shapes."""
    return item


def found_one(items: Sequence[T] | None, what: str, operation: str) -> T:
    """The first of the items a Describe operation returned; ResourceNotFoundException if none."""
    if not items:
        raise ResourceNotFoundException(f"{what} not found", operation=operation)
    return items[0]


def add_context(error: BaseException, context: str) -> None:
    """Name the resource an error happened on (a note shown with the traceback).

    Python 3.10 has no `add_note`; the note is still kept in `__notes__` (PEP 678).
    """
    add_note = getattr(error, "add_note", None)
    if callable(add_note):
        add_note(context)
    else:
        notes = list(getattr(error, "__notes__", []))
        error.__dict__["__notes__"] = [*notes, context]


@overload
def error_notes(context: str) -> AbstractContextManager[None, None]: ...


@overload
def error_notes(
    context: str, *, ignore: Callable[[SmsV2Error], bool] | None
) -> AbstractContextManager[None, bool]: ...


def error_notes(
    context: str, *, ignore: Callable[[SmsV2Error], bool] | None = None
) -> AbstractContextManager[None, bool | None]:
    """Errors raised in the block get `context` as a note (`"while deleting Pool pool-1"`).

    An error that `ignore` accepts is swallowed instead, and the rest of the block skipped;
    the type says so, so a type checker sees code after such a block as reachable.
    """
    return _error_notes(context, ignore)


@contextmanager
def _error_notes(
    context: str, ignore: Callable[[SmsV2Error], bool] | None
) -> Generator[None, None, None]:
    try:
        yield
    except SmsV2Error as exc:
        if ignore is not None and ignore(exc):
            return
        add_context(exc, context)
        raise


def is_missing(error: SmsV2Error) -> bool:
    """Whether an error says the resource does not exist."""
    from smsv2.errors import ResourceNotFoundException

    return isinstance(error, ResourceNotFoundException)


class ResourceList(Generic[R_co]):
    """A lazy, re-iterable list of resources over one of the client's paginators.

    Nothing is requested until iteration; each `iter()` starts from the first page.
    """

    def __init__(self, source: Iterable[ItemT], wrap: Callable[[ItemT], R_co]) -> None:
        self._iterate: Callable[[], Iterator[R_co]] = lambda: (wrap(item) for item in source)

    def __iter__(self) -> Iterator[R_co]:
        return self._iterate()

    def first(self) -> R_co | None:
        """The first resource, or None (fetches at most one page)."""
        return next(iter(self), None)

    def to_list(self) -> list[R_co]:
        """Every resource, in a list."""
        return list(self)


class Resource(Generic[InfoT]):
    """Base of the resource classes: a client plus the information shape last read.

    `id`, `arn`, `list`, `_describe_operation`, `_describe_items` and `_info_model` come from
    the generated mixin (`smsv2._generated.resource_fields`) listed before this class in
    each resource's bases; a resource the model gives no identity defines them itself.
    """

    kind: ClassVar[str] = "Resource"
    """The resource's name in messages and `repr` (`"Pool"`)."""

    _describe_operation: ClassVar[str] = ""
    """The Describe operation that reads the resource again."""

    __slots__ = ("_client", "_info")

    def __init__(self, info: InfoT, *, client: Client | None = None) -> None:
        """Wrap an information shape already read (no request is made)."""
        self._info: InfoT = info
        self._client: Client = resolve_client(client)

    # -- reading -------------------------------------------------------------------------------

    @classmethod
    def get(cls, resource_id: str, /, *, client: Client | None = None) -> Self:
        """The resource with this ID (or name) or ARN; ResourceNotFoundException otherwise."""
        client = resolve_client(client)
        return cls(cls._read(client, resource_id), client=client)

    @classmethod
    def _read(cls, client: Client, resource_id: str) -> InfoT:
        items = cls._describe_items(client, resource_id)
        return found_one(items, f"{cls.kind} {resource_id}", cls._describe_operation)

    @classmethod
    def _describe_items(cls, client: Client, resource_id: str) -> list[InfoT] | None:
        """The items the Describe operation answers for one ID or ARN."""
        raise NotImplementedError

    @classmethod
    def _info_model(cls) -> type[InfoT]:
        """The information shape's model class."""
        raise NotImplementedError

    @classmethod
    def _all(
        cls, client: Client | None, source: Callable[[Client], Iterable[InfoT]]
    ) -> ResourceList[Self]:
        """A lazy list wrapping each information shape `source(client)` yields (`list()`)."""
        resolved = resolve_client(client)
        return ResourceList(source(resolved), lambda info: cls(info, client=resolved))

    @classmethod
    def _created(
        cls, client: Client, result: ResultModel, resource_id: str, **defaults: object
    ) -> Self:
        """The resource a create call answered, read again when the answer is incomplete."""
        info = merge_info(cls._info_model(), result, defaults=defaults)
        return cls(info if info is not None else cls._read(client, resource_id), client=client)

    def refresh(self) -> Self:
        """Read the resource again from the service; returns `self`."""
        with self._noting("refreshing"):
            self._info = self._fetch()
        return self

    def _fetch(self) -> InfoT:
        """Read the information shape again from the service."""
        return self._read(self._client, self.id)

    def _merge(self, result: ResultModel, *, refetch: bool = True) -> None:
        """Take the members `result` shares with the shape; read again if they are incomplete."""
        merged = merge_info(type(self._info), self._info, result)
        if merged is not None:
            self._info = merged
        elif refetch:
            self._info = self._fetch()

    # -- state ---------------------------------------------------------------------------------

    @property
    def info(self) -> InfoT:
        """The typed information shape as last read (a pydantic model)."""
        return self._info

    @property
    def client(self) -> Client:
        """The client this resource uses."""
        return self._client

    @property
    def arn(self) -> str:
        """The resource's ARN."""
        raise NotImplementedError

    @property
    def id(self) -> str:
        """The resource's ID (or name, for resources named by their owner)."""
        raise NotImplementedError

    _status_member: ClassVar[str | None] = None
    """The member of the information shape holding the status, if the resource has one."""

    def _status_text(self) -> str | None:
        if self._status_member is None:
            return None
        return plain(getattr(self._info, self._status_member))

    def _label(self) -> str:
        return f"{self.kind} {self.id}"

    @overload
    def _noting(self, doing: str) -> AbstractContextManager[None, None]: ...

    @overload
    def _noting(self, doing: str, *, missing_ok: bool) -> AbstractContextManager[None, bool]: ...

    def _noting(
        self, doing: str, *, missing_ok: bool | None = None
    ) -> AbstractContextManager[None, bool | None]:
        """`error_notes` naming this resource; with `missing_ok`, "not found" is no error."""
        context = f"while {doing} {self._label()}"
        if missing_ok is None:
            return error_notes(context)
        return error_notes(context, ignore=is_missing if missing_ok else None)

    # -- identity ------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and type(other) is type(self) and other.arn == self.arn

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.arn))

    def __repr__(self) -> str:
        status = self._status_text()
        shown = f", status={status!r}" if status is not None else ""
        return f"{type(self).__name__}(id={self.id!r}{shown})"


class TaggableResource(Resource[InfoT]):
    """A resource with tags (TagResource, UntagResource, ListTagsForResource)."""

    __slots__ = ()

    def tags(self) -> dict[str, str]:
        """The resource's tags, read from the service (ListTagsForResource)."""
        result = self._client.list_tags_for_resource(resource_arn=self.arn)
        return {t.key: t.value for t in result.tags or []}

    def tag(self, tags: Mapping[str, str] | None = None, /, **more: str) -> None:
        """Add or overwrite tags: `pool.tag({"team": "a"})` or `pool.tag(team="a")`."""
        merged = {**(tags or {}), **more}
        if not merged:
            return
        self._client.tag_resource(resource_arn=self.arn, tags=tag_list(merged) or [])

    def untag(self, *keys: str) -> None:
        """Remove the tags with these keys."""
        if keys:
            self._client.untag_resource(resource_arn=self.arn, tag_keys=list(keys))


class PolicyResource(TaggableResource[InfoT]):
    """A resource that can carry a resource-based policy (for sharing across accounts)."""

    __slots__ = ()

    def policy(self) -> str | None:
        """The resource policy JSON document, or None (GetResourcePolicy)."""
        return self._client.get_resource_policy(resource_arn=self.arn).policy

    def set_policy(self, policy: str | Mapping[str, object]) -> None:
        """Attach a resource policy (a JSON string or a dict serialised to one)."""
        text = policy if isinstance(policy, str) else json.dumps(policy)
        self._client.put_resource_policy(resource_arn=self.arn, policy=text)

    def delete_policy(self) -> None:
        """Remove the resource policy."""
        self._client.delete_resource_policy(resource_arn=self.arn)


class WaitOptions(TypedDict, total=False):
    """The keyword arguments of `wait_until` (and of its shorthands such as `wait_until_active`)."""

    timeout: float | None
    poll: float | None
    sleep: Callable[[float], None]


class Waitable(Generic[StatusT]):
    """`wait_until(*statuses)` for a `Resource` with a status; `StatusT` types them.

    The class names the statuses that end the wait in failure (`_failed_statuses`) and its
    default `timeout` and `poll` in seconds (`_wait_timeout`, `_wait_poll`).
    """

    __slots__ = ()

    _failed_statuses: ClassVar[frozenset[str]] = frozenset()
    _wait_timeout: ClassVar[float] = 600.0
    _wait_poll: ClassVar[float] = 5.0

    if TYPE_CHECKING:  # provided by Resource

        def refresh(self) -> Self: ...

        def _status_text(self) -> str | None: ...

        def _label(self) -> str: ...

    def wait_until(
        self,
        *statuses: StatusT,
        timeout: float | None = None,
        poll: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Self:
        """Poll (refresh) until the status is one of `statuses`; returns `self`.

        `timeout` counts the seconds passed to `sleep`; `WaitTimeoutError` names the
        last status seen. Pass `sleep=fake.advance` to drive `smsv2.testing`'s clock.
        `timeout` and `poll` default to the class's (600 and 5 seconds, for registrations
        and their versions 3600 and 30).
        """
        timeout = self._wait_timeout if timeout is None else timeout
        poll = self._wait_poll if poll is None else poll
        wanted = [plain(s) for s in statuses]
        if not wanted:
            raise ValueError("wait_until needs at least one status")
        if poll <= 0:
            raise ValueError("poll must be positive")
        waited = 0.0
        while True:
            self.refresh()
            status = self._status_text()
            if status in wanted:
                return self
            if status is not None and status in self._failed_statuses:
                raise UnexpectedStatusError(self._label(), wanted, status)
            if waited >= timeout:
                raise WaitTimeoutError(self._label(), wanted, status, waited)
            step = min(poll, timeout - waited)
            sleep(step)
            waited += step


__all__ = [
    "PolicyResource",
    "Referable",
    "Resource",
    "ResourceList",
    "TaggableResource",
    "UnexpectedStatusError",
    "WaitOptions",
    "WaitTimeoutError",
    "Waitable",
]

publish("smsv2.resources", ["ResourceList"], globals())
