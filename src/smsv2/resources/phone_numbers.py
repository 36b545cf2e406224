"""`PhoneNumber`: a phone number leased in the account."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import PhoneNumberInformationFields
from smsv2.models import NumberStatus, NumberStatusLiteral, PhoneNumberInformation
from smsv2.resources._base import (
    Waitable,
    WaitOptions,
    ref,
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
        RequestableNumberType,
        RequestableNumberTypeLiteral,
    )
    from smsv2.resources._origination import PhoneNumberSettings
    from smsv2.resources.opt_out_lists import OptOutList
    from smsv2.resources.pools import Pool
    from smsv2.resources.registrations import Registration


class PhoneNumber(
    PhoneNumberInformationFields,
    OriginationResource[PhoneNumberInformation],
    Waitable[NumberStatus | NumberStatusLiteral],
):
    """A phone number of the account (PhoneNumberInformation).

    ```python
    number = PhoneNumber.request(iso_country_code="US", message_type="TRANSACTIONAL",
        number_capabilities=["SMS"], number_type="TOLL_FREE")
    number.wait_until_active().send_text("+12065550100", "hello")
    ```
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
        client = resolve_client(client)
        result = client.request_phone_number(
            iso_country_code=iso_country_code,
            message_type=message_type,
            number_capabilities=number_capabilities,
            number_type=number_type,
            opt_out_list_name=ref(opt_out_list),
            pool_id=ref(pool),
            registration_id=ref(registration),
            international_sending_enabled=international_sending_enabled,
            deletion_protection_enabled=deletion_protection_enabled,
            tags=tag_list(tags),
        )
        return cls._created(client, result, result.phone_number_id)

    # -- changes -------------------------------------------------------------------------------

    def update(
        self,
        *,
        opt_out_list: OptOutList | str | None = None,
        **settings: Unpack[PhoneNumberSettings],
    ) -> Self:
        """Change the number's settings (UpdatePhoneNumber); the attributes show the new values."""
        with self._noting("updating"):
            result = self._client.update_phone_number(
                phone_number_id=self.id, opt_out_list_name=ref(opt_out_list), **settings
            )
            self._merge(result)
        return self

    def release(self, *, missing_ok: bool = False) -> None:
        """Give the number back (ReleasePhoneNumber); its status becomes DELETED.

        Raises `DeletionProtectionError` while deletion protection is on. With
        `missing_ok`, a number already released is not an error.
        """
        with self._noting("releasing", missing_ok=missing_ok):
            result = self._client.release_phone_number(phone_number_id=self.id)
            self._merge(result, refetch=False)

    def _joined_pool(self, pool_id: str | None) -> None:
        """Record that the number joined a pool (or left it, with None), as a pool just said."""
        self._info = self._info.model_copy(update={"pool_id": pool_id})

    # -- waiting -------------------------------------------------------------------------------

    def wait_until_active(self, **options: Unpack[WaitOptions]) -> Self:
        """`wait_until("ACTIVE")`."""
        return self.wait_until("ACTIVE", **options)


__all__ = ["PhoneNumber"]
