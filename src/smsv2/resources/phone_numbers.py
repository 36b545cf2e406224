"""``PhoneNumber``: a phone number leased in the account."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import PhoneNumberInformationFields
from smsv2.models import NumberStatus, NumberStatusLiteral
from smsv2.resources._base import (
    ResourceList,
    Waitable,
    WaitOptions,
    found_one,
    list_name,
    merge_info,
    resolve_client,
    tag_list,
)
from smsv2.resources._origination import OriginationResource

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from smsv2.client import Client
    from smsv2.models import (
        MessageType,
        MessageTypeLiteral,
        NumberCapability,
        NumberCapabilityLiteral,
        Owner,
        OwnerLiteral,
        PhoneNumberFilter,
        PhoneNumberFilterDict,
        PhoneNumberInformation,
        RequestableNumberType,
        RequestableNumberTypeLiteral,
    )
    from smsv2.resources.opt_out_lists import OptOutList
    from smsv2.resources.pools import Pool
    from smsv2.resources.registrations import Registration


class PhoneNumber(
    OriginationResource["PhoneNumberInformation"],
    PhoneNumberInformationFields,
    Waitable[NumberStatus | NumberStatusLiteral],
):
    """A phone number of the account (PhoneNumberInformation).

    >>> number = PhoneNumber.request(iso_country_code="US", message_type="TRANSACTIONAL",
    ...     number_capabilities=["SMS"], number_type="TOLL_FREE")          # doctest: +SKIP
    >>> number.wait_until_active().send_text("+12065550100", "hello")      # doctest: +SKIP
    """

    kind: ClassVar[str] = "PhoneNumber"
    _status_member: ClassVar[str | None] = "status"
    _failed_statuses: ClassVar[frozenset[str]] = frozenset({"DELETED"})
    __slots__ = ()

    # -- constructors --------------------------------------------------------------------------

    @classmethod
    def request(
        cls,
        *,
        iso_country_code: str,
        message_type: MessageType | MessageTypeLiteral,
        number_capabilities: Sequence[NumberCapability | NumberCapabilityLiteral],
        number_type: RequestableNumberType | RequestableNumberTypeLiteral,
        opt_out_list: OptOutList | str | None = None,
        pool: Pool | str | None = None,
        registration: Registration | str | None = None,
        international_sending_enabled: bool | None = None,
        deletion_protection_enabled: bool | None = None,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> PhoneNumber:
        """Lease a new phone number (RequestPhoneNumber). Its status starts PENDING."""
        from smsv2.models import PhoneNumberInformation

        client = resolve_client(client)
        result = client.request_phone_number(
            iso_country_code=iso_country_code,
            message_type=message_type,
            number_capabilities=number_capabilities,
            number_type=number_type,
            opt_out_list_name=list_name(opt_out_list),
            pool_id=pool if isinstance(pool, str) or pool is None else pool.id,
            registration_id=registration
            if isinstance(registration, str) or registration is None
            else registration.id,
            international_sending_enabled=international_sending_enabled,
            deletion_protection_enabled=deletion_protection_enabled,
            tags=tag_list(tags),
        )
        info = merge_info(PhoneNumberInformation, result)
        if info is None:
            info = _describe(client, result.phone_number_id)
        return cls(info, client=client)

    @classmethod
    def get(cls, phone_number_id: str, *, client: Client | None = None) -> PhoneNumber:
        """The phone number with this ID or ARN (DescribePhoneNumbers)."""
        client = resolve_client(client)
        return cls(_describe(client, phone_number_id), client=client)

    @classmethod
    def list(
        cls,
        *,
        phone_number_ids: Sequence[str] | None = None,
        filters: Sequence[PhoneNumberFilter | PhoneNumberFilterDict] | None = None,
        owner: Owner | OwnerLiteral | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        client: Client | None = None,
    ) -> ResourceList[PhoneNumber]:
        """Every phone number matching the filters, lazily (DescribePhoneNumbers)."""
        client = resolve_client(client)
        return ResourceList(
            client.phone_numbers(
                phone_number_ids=phone_number_ids,
                filters=filters,
                owner=owner,
                page_size=page_size,
                max_items=max_items,
            ),
            lambda info: cls(info, client=client),
        )

    # -- identity ------------------------------------------------------------------------------

    @property
    def arn(self) -> str:
        """The phone number's ARN."""
        return self._info.phone_number_arn

    @property
    def id(self) -> str:
        """The phone number's ID."""
        return self._info.phone_number_id

    def _fetch(self) -> PhoneNumberInformation:
        return _describe(self._client, self.id)

    # -- changes -------------------------------------------------------------------------------

    def update(
        self,
        *,
        two_way_enabled: bool | None = None,
        two_way_channel_arn: str | None = None,
        two_way_channel_role: str | None = None,
        self_managed_opt_outs_enabled: bool | None = None,
        opt_out_list: OptOutList | str | None = None,
        international_sending_enabled: bool | None = None,
        deletion_protection_enabled: bool | None = None,
    ) -> Self:
        """Change the number's settings (UpdatePhoneNumber); the attributes show the new values."""
        from smsv2.models import PhoneNumberInformation

        result = self._guard(
            "updating",
            lambda: self._client.update_phone_number(
                phone_number_id=self.id,
                two_way_enabled=two_way_enabled,
                two_way_channel_arn=two_way_channel_arn,
                two_way_channel_role=two_way_channel_role,
                self_managed_opt_outs_enabled=self_managed_opt_outs_enabled,
                opt_out_list_name=list_name(opt_out_list),
                international_sending_enabled=international_sending_enabled,
                deletion_protection_enabled=deletion_protection_enabled,
            ),
        )
        self._info = merge_info(PhoneNumberInformation, self._info, result) or self._fetch()
        return self

    def release(self, *, missing_ok: bool = False) -> None:
        """Give the number back (ReleasePhoneNumber); its status becomes DELETED.

        Raises ``DeletionProtectionError`` while deletion protection is on. With
        ``missing_ok``, a number already released is not an error.
        """
        from smsv2.models import PhoneNumberInformation

        result = self._guard_missing(
            "releasing",
            lambda: self._client.release_phone_number(phone_number_id=self.id),
            missing_ok,
        )
        if result is not None:
            self._info = merge_info(PhoneNumberInformation, self._info, result) or self._info

    # -- waiting -------------------------------------------------------------------------------

    def wait_until_active(self, **options: Unpack[WaitOptions]) -> Self:
        """``wait_until("ACTIVE")``."""
        return self.wait_until("ACTIVE", **options)


def _describe(client: Client, phone_number_id: str) -> PhoneNumberInformation:
    result = client.describe_phone_numbers(phone_number_ids=[phone_number_id])
    return found_one(
        result.phone_numbers, f"phone number {phone_number_id}", "DescribePhoneNumbers"
    )


__all__ = ["PhoneNumber"]
