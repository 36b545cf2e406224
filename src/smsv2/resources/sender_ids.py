"""``SenderId``: an alphanumeric sender ID registered for one country."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import SenderIdInformationFields
from smsv2.resources._base import (
    PolicyResource,
    ResourceList,
    found_one,
    merge_info,
    resolve_client,
    tag_list,
)

if TYPE_CHECKING:
    from typing_extensions import Self

    from smsv2.client import Client
    from smsv2.models import (
        MessageType,
        MessageTypeLiteral,
        Owner,
        OwnerLiteral,
        SenderIdAndCountry,
        SenderIdAndCountryDict,
        SenderIdFilter,
        SenderIdFilterDict,
        SenderIdInformation,
    )


class SenderId(PolicyResource["SenderIdInformation"], SenderIdInformationFields):
    """A sender ID in one country (SenderIdInformation). Its ``id`` is ``"SENDER/CC"``.

    Sender IDs have no status: they can be used as soon as they are requested.
    """

    kind: ClassVar[str] = "SenderId"
    __slots__ = ()

    @classmethod
    def request(
        cls,
        *,
        sender_id: str,
        iso_country_code: str,
        message_types: Sequence[MessageType | MessageTypeLiteral] | None = None,
        deletion_protection_enabled: bool | None = None,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> SenderId:
        """Request a sender ID for a country (RequestSenderId)."""
        from smsv2.models import SenderIdInformation

        client = resolve_client(client)
        result = client.request_sender_id(
            sender_id=sender_id,
            iso_country_code=iso_country_code,
            message_types=message_types,
            deletion_protection_enabled=deletion_protection_enabled,
            tags=tag_list(tags),
        )
        info = merge_info(SenderIdInformation, result) or _describe(
            client, result.sender_id, result.iso_country_code
        )
        return cls(info, client=client)

    @classmethod
    def get(
        cls, sender_id: str, iso_country_code: str, *, client: Client | None = None
    ) -> SenderId:
        """The sender ID (ID or ARN) in that country (DescribeSenderIds)."""
        client = resolve_client(client)
        return cls(_describe(client, sender_id, iso_country_code), client=client)

    @classmethod
    def list(
        cls,
        *,
        sender_ids: Sequence[SenderIdAndCountry | SenderIdAndCountryDict] | None = None,
        filters: Sequence[SenderIdFilter | SenderIdFilterDict] | None = None,
        owner: Owner | OwnerLiteral | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        client: Client | None = None,
    ) -> ResourceList[SenderId]:
        """Every sender ID matching the filters, lazily (DescribeSenderIds)."""
        client = resolve_client(client)
        return ResourceList(
            client.sender_ids(
                sender_ids=sender_ids,
                filters=filters,
                owner=owner,
                page_size=page_size,
                max_items=max_items,
            ),
            lambda info: cls(info, client=client),
        )

    @property
    def arn(self) -> str:
        """The sender ID's ARN."""
        return self._info.sender_id_arn

    @property
    def id(self) -> str:
        """``"SENDER/CC"``: the sender ID and its country."""
        return f"{self._info.sender_id}/{self._info.iso_country_code}"

    def _fetch(self) -> SenderIdInformation:
        return _describe(self._client, self._info.sender_id, self._info.iso_country_code)

    def update(self, *, deletion_protection_enabled: bool | None = None) -> Self:
        """Change the sender ID's settings (UpdateSenderId)."""
        from smsv2.models import SenderIdInformation

        result = self._guard(
            "updating",
            lambda: self._client.update_sender_id(
                sender_id=self._info.sender_id,
                iso_country_code=self._info.iso_country_code,
                deletion_protection_enabled=deletion_protection_enabled,
            ),
        )
        self._info = merge_info(SenderIdInformation, self._info, result) or self._fetch()
        return self

    def release(self, *, missing_ok: bool = False) -> None:
        """Give the sender ID back (ReleaseSenderId)."""
        self._guard_missing(
            "releasing",
            lambda: self._client.release_sender_id(
                sender_id=self._info.sender_id, iso_country_code=self._info.iso_country_code
            ),
            missing_ok,
        )


def _describe(client: Client, sender_id: str, iso_country_code: str) -> SenderIdInformation:
    from smsv2.models import SenderIdAndCountry

    result = client.describe_sender_ids(
        sender_ids=[SenderIdAndCountry(sender_id=sender_id, iso_country_code=iso_country_code)]
    )
    return found_one(
        result.sender_ids, f"sender ID {sender_id}/{iso_country_code}", "DescribeSenderIds"
    )


__all__ = ["SenderId"]
