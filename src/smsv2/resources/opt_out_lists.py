"""`OptOutList`: the numbers that asked not to receive messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import OptOutListInformationFields
from smsv2.errors import ResourceAlreadyExistsError, SmsV2Error
from smsv2.models import OptOutListInformation
from smsv2.resources._base import (
    PolicyResource,
    ResourceList,
    error_notes,
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
    )


class OptOutList(OptOutListInformationFields, PolicyResource[OptOutListInformation]):
    """An opt-out list (OptOutListInformation); its `id` is its name.

    ```python
    stop = OptOutList.ensure("marketing")
    stop.opt_out("+12065550100")
    "+12065550100" in stop                     # one DescribeOptedOutNumbers call
    # True
    ```
    """

    kind: ClassVar[str] = "OptOutList"
    __slots__ = ()

    @classmethod
    def create(
        cls, name: str, *, tags: Mapping[str, str] | None = None, client: Client | None = None
    ) -> OptOutList:
        """Create an opt-out list (CreateOptOutList); `ResourceAlreadyExistsError` if taken."""
        client = resolve_client(client)
        result = client.create_opt_out_list(opt_out_list_name=name, tags=tag_list(tags))
        return cls._created(client, result, name)

    @classmethod
    def ensure(
        cls, name: str, *, tags: Mapping[str, str] | None = None, client: Client | None = None
    ) -> OptOutList:
        """The list with this name: created, or the existing one if it already exists.

        `tags` only apply when the list is created.
        """
        client = resolve_client(client)
        try:
            return cls.create(name, tags=tags, client=client)
        except ResourceAlreadyExistsError:
            return cls.get(name, client=client)

    @property
    def name(self) -> str:
        """The list's name."""
        return self._info.opt_out_list_name

    # -- numbers -------------------------------------------------------------------------------

    def opt_out(self, number: str) -> OptedOutNumberInformation:
        """Add a number to the list (PutOptedOutNumber): it receives nothing any more."""
        from smsv2.models import OptedOutNumberInformation

        with self._noting("opting a number out in"):
            result = self._client.put_opted_out_number(
                opt_out_list_name=self.name, opted_out_number=number
            )
            info = merge_info(OptedOutNumberInformation, result)
            if info is None:
                info = self.numbers(opted_out_numbers=[number]).first()
                assert info is not None
            return info

    def opt_in(self, number: str, *, missing_ok: bool = True) -> None:
        """Take a number off the list (DeleteOptedOutNumber).

        A number that is not on the list is not an error unless `missing_ok=False`. The
        service refuses to remove numbers whose owner opted out themselves (ValidationException).
        """
        with error_notes(
            f"while opting a number back in in {self._label()}",
            ignore=_number_missing if missing_ok else None,
        ):
            self._client.delete_opted_out_number(
                opt_out_list_name=self.name, opted_out_number=number
            )

    def __contains__(self, number: object) -> bool:
        """Whether `number` is opted out (one DescribeOptedOutNumbers request)."""
        if not isinstance(number, str):
            return False
        with error_notes(f"while looking a number up in {self._label()}", ignore=_number_missing):
            found = self._client.describe_opted_out_numbers(
                opt_out_list_name=self.name, opted_out_numbers=[number]
            )
            return any(n.opted_out_number == number for n in found.opted_out_numbers or [])
        return False

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
        """Delete the list (DeleteOptOutList); with `missing_ok` a list already gone is fine."""
        with self._noting("deleting", missing_ok=missing_ok):
            self._client.delete_opt_out_list(opt_out_list_name=self.name)


def _number_missing(error: SmsV2Error) -> bool:
    """A ResourceNotFoundException about the number rather than the list itself."""
    if not is_missing(error):
        return False
    resource_type = getattr(error, "resource_type", None)
    return resource_type is not None and plain(resource_type) == "opted-out-number"


__all__ = ["OptOutList"]
