"""``OptOutList``: the numbers that asked not to receive messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._errors_base import SmsV2Error
from smsv2._generated.resource_fields import OptOutListInformationFields
from smsv2.resources._base import (
    PolicyResource,
    ResourceList,
    add_context,
    found_one,
    is_missing,
    merge_info,
    plain,
    resolve_client,
    same,
    tag_list,
)

if TYPE_CHECKING:
    from smsv2.client import Client
    from smsv2.models import (
        OptedOutFilter,
        OptedOutFilterDict,
        OptedOutNumberInformation,
        OptOutListInformation,
        Owner,
        OwnerLiteral,
    )


class OptOutList(PolicyResource["OptOutListInformation"], OptOutListInformationFields):
    """An opt-out list (OptOutListInformation); its ``id`` is its name.

    >>> stop = OptOutList.ensure("marketing")      # doctest: +SKIP
    >>> stop.opt_out("+12065550100")               # doctest: +SKIP
    >>> "+12065550100" in stop                     # one DescribeOptedOutNumbers call  # doctest: +SKIP
    True
    """

    kind: ClassVar[str] = "OptOutList"
    __slots__ = ()

    @classmethod
    def create(
        cls, name: str, *, tags: Mapping[str, str] | None = None, client: Client | None = None
    ) -> OptOutList:
        """Create an opt-out list (CreateOptOutList); ``ResourceAlreadyExistsError`` if taken."""
        from smsv2.models import OptOutListInformation

        client = resolve_client(client)
        result = client.create_opt_out_list(opt_out_list_name=name, tags=tag_list(tags))
        info = merge_info(OptOutListInformation, result) or _describe(client, name)
        return cls(info, client=client)

    @classmethod
    def ensure(
        cls, name: str, *, tags: Mapping[str, str] | None = None, client: Client | None = None
    ) -> OptOutList:
        """The list with this name: created, or the existing one if it already exists.

        ``tags`` only apply when the list is created.
        """
        from smsv2.errors import ResourceAlreadyExistsError

        client = resolve_client(client)
        try:
            return cls.create(name, tags=tags, client=client)
        except ResourceAlreadyExistsError:
            return cls.get(name, client=client)

    @classmethod
    def get(cls, name: str, *, client: Client | None = None) -> OptOutList:
        """The opt-out list with this name or ARN (DescribeOptOutLists)."""
        client = resolve_client(client)
        return cls(_describe(client, name), client=client)

    @classmethod
    def list(
        cls,
        *,
        names: Sequence[str] | None = None,
        owner: Owner | OwnerLiteral | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        client: Client | None = None,
    ) -> ResourceList[OptOutList]:
        """Every opt-out list, lazily (DescribeOptOutLists)."""
        client = resolve_client(client)
        return ResourceList(
            client.opt_out_lists(
                opt_out_list_names=names, owner=owner, page_size=page_size, max_items=max_items
            ),
            lambda info: cls(info, client=client),
        )

    @property
    def arn(self) -> str:
        """The list's ARN."""
        return self._info.opt_out_list_arn

    @property
    def id(self) -> str:
        """The list's name."""
        return self._info.opt_out_list_name

    @property
    def name(self) -> str:
        """The list's name."""
        return self._info.opt_out_list_name

    def _fetch(self) -> OptOutListInformation:
        return _describe(self._client, self.name)

    # -- numbers -------------------------------------------------------------------------------

    def opt_out(self, number: str) -> OptedOutNumberInformation:
        """Add a number to the list (PutOptedOutNumber): it receives nothing any more."""
        from smsv2.models import OptedOutNumberInformation

        try:
            result = self._client.put_opted_out_number(
                opt_out_list_name=self.name, opted_out_number=number
            )
        except SmsV2Error as exc:
            add_context(exc, f"while opting a number out in {self._label()}")
            raise
        info = merge_info(OptedOutNumberInformation, result)
        if info is None:
            info = self.numbers(opted_out_numbers=[number]).first()
            assert info is not None
        return info

    def opt_in(self, number: str, *, missing_ok: bool = True) -> None:
        """Take a number off the list (DeleteOptedOutNumber).

        A number that is not on the list is not an error unless ``missing_ok=False``. The
        service refuses to remove numbers whose owner opted out themselves (ValidationException).
        """
        try:
            self._client.delete_opted_out_number(
                opt_out_list_name=self.name, opted_out_number=number
            )
        except SmsV2Error as exc:
            if missing_ok and _number_missing(exc):
                return
            add_context(exc, f"while opting a number back in in {self._label()}")
            raise

    def __contains__(self, number: object) -> bool:
        """Whether ``number`` is opted out (one DescribeOptedOutNumbers request)."""
        if not isinstance(number, str):
            return False
        try:
            found = self._client.describe_opted_out_numbers(
                opt_out_list_name=self.name, opted_out_numbers=[number]
            )
        except SmsV2Error as exc:
            if _number_missing(exc):
                return False
            add_context(exc, f"while looking a number up in {self._label()}")
            raise
        return any(n.opted_out_number == number for n in found.opted_out_numbers or [])

    def numbers(
        self,
        *,
        opted_out_numbers: Sequence[str] | None = None,
        filters: Sequence[OptedOutFilter | OptedOutFilterDict] | None = None,
    ) -> ResourceList[OptedOutNumberInformation]:
        """The opted-out numbers, lazily (DescribeOptedOutNumbers)."""
        return ResourceList(
            self._client.opted_out_numbers(
                opt_out_list_name=self.name, opted_out_numbers=opted_out_numbers, filters=filters
            ),
            same,
        )

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the list (DeleteOptOutList); with ``missing_ok`` a list already gone is fine."""
        self._guard_missing(
            "deleting",
            lambda: self._client.delete_opt_out_list(opt_out_list_name=self.name),
            missing_ok,
        )


def _number_missing(error: SmsV2Error) -> bool:
    """A ResourceNotFoundException about the number rather than the list itself."""
    if not is_missing(error):
        return False
    resource_type = getattr(error, "resource_type", None)
    return resource_type is not None and plain(resource_type) == "opted-out-number"


def _describe(client: Client, name: str) -> OptOutListInformation:
    result = client.describe_opt_out_lists(opt_out_list_names=[name])
    return found_one(result.opt_out_lists, f"opt-out list {name}", "DescribeOptOutLists")


__all__ = ["OptOutList"]
