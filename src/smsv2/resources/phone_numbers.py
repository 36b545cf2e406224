"""``PhoneNumber``: a phone number leased in the account."""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from smsv2._errors_base import SmsV2Error
from smsv2.resources._base import (
    ResourceList,
    add_context,
    is_missing,
    merge_info,
    resolve_client,
    tag_list,
)
from smsv2.resources._origination import OriginationResource

if TYPE_CHECKING:
    from typing_extensions import Self

    from smsv2.client import Client
    from smsv2.models import (
        MessageType,
        MessageTypeLiteral,
        NumberCapability,
        NumberCapabilityLiteral,
        NumberStatus,
        NumberStatusLiteral,
        NumberType,
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


class PhoneNumber(OriginationResource["PhoneNumberInformation"]):
    """A phone number of the account (PhoneNumberInformation).

    >>> number = PhoneNumber.request(iso_country_code="US", message_type="TRANSACTIONAL",
    ...     number_capabilities=["SMS"], number_type="TOLL_FREE")          # doctest: +SKIP
    >>> number.wait_until_active().send_text("+12065550100", "hello")      # doctest: +SKIP
    """

    kind: ClassVar[str] = "PhoneNumber"
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
            opt_out_list_name=_name_of(opt_out_list),
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
            info = _describe(client, result.phone_number_id or result.phone_number_arn or "")
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
        return self.phone_number_id

    def _status_text(self) -> str | None:
        return str(getattr(self._info.status, "value", self._info.status))

    def _fetch(self) -> PhoneNumberInformation:
        return _describe(self._client, self.id)

    # -- attributes ----------------------------------------------------------------------------

    @property
    def phone_number_arn(self) -> str:
        """The Amazon Resource Name (ARN) associated with the phone number."""
        return self._info.phone_number_arn

    @property
    def phone_number_id(self) -> str:
        """The unique identifier for the phone number (read from its ARN if the service left it out)."""
        return self._info.phone_number_id or self._info.phone_number_arn.rsplit("/", 1)[-1]

    @property
    def phone_number(self) -> str:
        """The phone number in E.164 format."""
        return self._info.phone_number

    @property
    def status(self) -> NumberStatus | str:
        """The current status of the phone number."""
        return self._info.status

    @property
    def iso_country_code(self) -> str:
        """The two-character code, in ISO 3166-1 alpha-2 format, for the country or region."""
        return self._info.iso_country_code

    @property
    def message_type(self) -> MessageType | str:
        """The type of message."""
        return self._info.message_type

    @property
    def number_capabilities(self) -> builtins.list[NumberCapability | str]:
        """Describes if the origination identity can be used for text messages, voice calls or
        both.
        """
        return self._info.number_capabilities

    @property
    def number_type(self) -> NumberType | str:
        """The type of phone number."""
        return self._info.number_type

    @property
    def monthly_leasing_price(self) -> str:
        """The price, in US dollars, to lease the phone number."""
        return self._info.monthly_leasing_price

    @property
    def two_way_enabled(self) -> bool:
        """By default this is set to false."""
        return self._info.two_way_enabled

    @property
    def two_way_channel_arn(self) -> str | None:
        """The Amazon Resource Name (ARN) of the two way channel."""
        return self._info.two_way_channel_arn

    @property
    def two_way_channel_role(self) -> str | None:
        """An optional IAM Role Arn for a service to assume, to be able to post inbound SMS
        messages.
        """
        return self._info.two_way_channel_role

    @property
    def self_managed_opt_outs_enabled(self) -> bool:
        """When set to false and an end recipient sends a message that begins with HELP or STOP to
        one of your dedicated numbers, End User Messaging SMS automatically replies with
        a customizable message and adds the end recipient to the OptOutList.
        """
        return self._info.self_managed_opt_outs_enabled

    @property
    def opt_out_list_name(self) -> str:
        """The name of the OptOutList associated with the phone number."""
        return self._info.opt_out_list_name

    @property
    def international_sending_enabled(self) -> bool | None:
        """When set to true the international sending of phone number is Enabled."""
        return self._info.international_sending_enabled

    @property
    def deletion_protection_enabled(self) -> bool:
        """When set to true the phone number can't be deleted."""
        return self._info.deletion_protection_enabled

    @property
    def pool_id(self) -> str | None:
        """The unique identifier of the pool associated with the phone number."""
        return self._info.pool_id

    @property
    def registration_id(self) -> str | None:
        """The unique identifier for the registration."""
        return self._info.registration_id

    @property
    def created_timestamp(self) -> datetime:
        """The time when the phone number was created, in UNIX epoch time format."""
        return self._info.created_timestamp

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

        try:
            result = self._client.update_phone_number(
                phone_number_id=self.id,
                two_way_enabled=two_way_enabled,
                two_way_channel_arn=two_way_channel_arn,
                two_way_channel_role=two_way_channel_role,
                self_managed_opt_outs_enabled=self_managed_opt_outs_enabled,
                opt_out_list_name=_name_of(opt_out_list),
                international_sending_enabled=international_sending_enabled,
                deletion_protection_enabled=deletion_protection_enabled,
            )
        except SmsV2Error as exc:
            add_context(exc, f"while updating {self._label()}")
            raise
        self._info = merge_info(PhoneNumberInformation, self._info, result) or self._fetch()
        return self

    def release(self, *, missing_ok: bool = False) -> None:
        """Give the number back (ReleasePhoneNumber); its status becomes DELETED.

        Raises ``DeletionProtectionError`` while deletion protection is on. With
        ``missing_ok``, a number already released is not an error.
        """
        from smsv2.models import PhoneNumberInformation

        try:
            result = self._client.release_phone_number(phone_number_id=self.id)
        except SmsV2Error as exc:
            if missing_ok and is_missing(exc):
                return
            add_context(exc, f"while releasing {self._label()}")
            raise
        self._info = merge_info(PhoneNumberInformation, self._info, result) or self._info

    # -- waiting -------------------------------------------------------------------------------

    def wait_until(
        self,
        *statuses: NumberStatus | NumberStatusLiteral,
        timeout: float = 600.0,
        poll: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Self:
        """Poll (refresh) until the status is one of ``statuses``; returns ``self``.

        ``timeout`` counts the seconds passed to ``sleep``; ``WaitTimeoutError`` names the
        last status seen. Pass ``sleep=fake.advance`` to drive ``smsv2.testing``'s clock.
        """
        return self._wait_until(statuses, timeout=timeout, poll=poll, sleep=sleep)

    def wait_until_active(
        self,
        *,
        timeout: float = 600.0,
        poll: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Self:
        """``wait_until("ACTIVE")``."""
        return self.wait_until("ACTIVE", timeout=timeout, poll=poll, sleep=sleep)


def _name_of(opt_out_list: OptOutList | str | None) -> str | None:
    if opt_out_list is None or isinstance(opt_out_list, str):
        return opt_out_list
    return opt_out_list.name


def _describe(client: Client, phone_number_id: str) -> PhoneNumberInformation:
    result = client.describe_phone_numbers(phone_number_ids=[phone_number_id])
    if not result.phone_numbers:
        from smsv2.errors import ResourceNotFoundException

        raise ResourceNotFoundException(
            f"phone number {phone_number_id} not found", operation="DescribePhoneNumbers"
        )
    return result.phone_numbers[0]


__all__ = ["PhoneNumber"]
