"""`SenderId`: an alphanumeric sender ID registered for one country."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import SenderIdInformationFields
from smsv2.resources._base import PolicyResource, resolve_client, tag_list

if TYPE_CHECKING:
    from typing_extensions import Self

    from smsv2.client import Client
    from smsv2.models import MessageType, MessageTypeLiteral, SenderIdInformation


class SenderId(SenderIdInformationFields, PolicyResource["SenderIdInformation"]):
    """A sender ID in one country (SenderIdInformation). Its `id` is `"SENDER/CC"`.

    Sender IDs have no status: they can be used as soon as they are requested.
    """

    kind: ClassVar[str] = "SenderId"
    _describe_operation: ClassVar[str] = "DescribeSenderIds"
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
        client = resolve_client(client)
        result = client.request_sender_id(
            sender_id=sender_id,
            iso_country_code=iso_country_code,
            message_types=message_types,
            deletion_protection_enabled=deletion_protection_enabled,
            tags=tag_list(tags),
        )
        return cls._created(client, result, f"{result.sender_id}/{result.iso_country_code}")

    @classmethod
    def get(
        cls, sender_id: str, iso_country_code: str | None = None, /, *, client: Client | None = None
    ) -> Self:
        """The sender ID (ID or ARN) in that country, or by its `id` alone (DescribeSenderIds)."""
        if iso_country_code is not None:
            sender_id = f"{sender_id}/{iso_country_code}"
        return super().get(sender_id, client=client)

    @classmethod
    def _describe_items(
        cls, client: Client, resource_id: str
    ) -> builtins.list[SenderIdInformation] | None:
        from smsv2.models import SenderIdAndCountry

        sender_id, _, country = resource_id.rpartition("/")
        key = SenderIdAndCountry(sender_id=sender_id, iso_country_code=country)
        return client.describe_sender_ids(sender_ids=[key]).sender_ids

    @property
    def arn(self) -> str:
        """The sender ID's ARN."""
        return self._info.sender_id_arn

    @property
    def id(self) -> str:
        """`"SENDER/CC"`: the sender ID and its country."""
        return f"{self._info.sender_id}/{self._info.iso_country_code}"

    def update(self, *, deletion_protection_enabled: bool | None = None) -> Self:
        """Change the sender ID's settings (UpdateSenderId)."""
        with self._noting("updating"):
            result = self._client.update_sender_id(
                sender_id=self._info.sender_id,
                iso_country_code=self._info.iso_country_code,
                deletion_protection_enabled=deletion_protection_enabled,
            )
            self._merge(result)
        return self

    def release(self, *, missing_ok: bool = False) -> None:
        """Give the sender ID back (ReleaseSenderId)."""
        with self._noting("releasing", missing_ok=missing_ok):
            self._client.release_sender_id(
                sender_id=self._info.sender_id, iso_country_code=self._info.iso_country_code
            )


__all__ = ["SenderId"]
