"""What pools and phone numbers share: keywords and sending text from them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from typing_extensions import TypedDict

from smsv2._generated.resource_fields import KeywordInformationFields
from smsv2._public import publish
from smsv2.resources._base import InfoT, PolicyResource, ResourceList, error_notes, is_missing

if TYPE_CHECKING:
    from smsv2.client import Client
    from smsv2.models import (
        DestinationCountryParameterKey,
        DestinationCountryParameterKeyLiteral,
        KeywordAction,
        KeywordActionLiteral,
        KeywordFilter,
        KeywordFilterDict,
        KeywordInformation,
        MessageType,
        MessageTypeLiteral,
        SendTextMessageResult,
    )


class OriginationSettings(TypedDict, total=False):
    """The settings phone numbers, pools and RCS agents share (keyword arguments of `update`)."""

    two_way_enabled: bool | None
    two_way_channel_arn: str | None
    two_way_channel_role: str | None
    self_managed_opt_outs_enabled: bool | None
    deletion_protection_enabled: bool | None


class PoolSettings(OriginationSettings, total=False):
    """The keyword arguments of `Pool.update`."""

    shared_routes_enabled: bool | None


class PhoneNumberSettings(OriginationSettings, total=False):
    """The keyword arguments of `PhoneNumber.update`."""

    international_sending_enabled: bool | None


class Keyword(KeywordInformationFields):
    """A keyword of a phone number or pool and the reply it triggers.

    Equal keywords have the same origination identity and keyword (case-insensitive).
    """

    __slots__ = ("_client", "_identity", "_info")

    def __init__(self, origination_identity: str, info: KeywordInformation, *, client: Client):
        """Wrap a keyword already read (no request is made)."""
        self._identity = origination_identity
        self._info = info
        self._client = client

    @property
    def info(self) -> KeywordInformation:
        """The typed information shape as last read."""
        return self._info

    @property
    def origination_identity(self) -> str:
        """The phone number or pool (ID or ARN) the keyword belongs to."""
        return self._identity

    def update(
        self,
        *,
        keyword_message: str,
        keyword_action: KeywordAction | KeywordActionLiteral | None = None,
    ) -> Keyword:
        """Change the reply or action (PutKeyword); returns `self`."""
        result = self._client.put_keyword(
            origination_identity=self._identity,
            keyword=self.keyword,
            keyword_message=keyword_message,
            keyword_action=keyword_action,
        )
        self._info = self._info.model_copy(
            update={
                "keyword_message": result.keyword_message or keyword_message,
                "keyword_action": result.keyword_action or self._info.keyword_action,
            }
        )
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the keyword; with `missing_ok` a keyword already gone is not an error."""
        with error_notes(
            f"while deleting keyword {self.keyword!r} of {self._identity}",
            ignore=is_missing if missing_ok else None,
        ):
            self._client.delete_keyword(origination_identity=self._identity, keyword=self.keyword)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Keyword) and (
            other._identity,
            other.keyword.upper(),
        ) == (self._identity, self.keyword.upper())

    def __hash__(self) -> int:
        return hash((self._identity, self.keyword.upper()))

    def __repr__(self) -> str:
        return (
            f"Keyword(origination_identity={self._identity!r}, keyword={self.keyword!r}, "
            f"action={str(self.keyword_action)!r})"
        )


class OriginationResource(PolicyResource[InfoT]):
    """A phone number or pool: something messages are sent from, with keywords."""

    __slots__ = ()

    def _identity(self) -> str:
        return self.id

    def keywords(
        self,
        *,
        keywords: Sequence[str] | None = None,
        filters: Sequence[KeywordFilter | KeywordFilterDict] | None = None,
    ) -> ResourceList[Keyword]:
        """The keywords (lazy; DescribeKeywords)."""
        identity = self._identity()
        client = self._client
        return ResourceList(
            client.keywords(origination_identity=identity, keywords=keywords, filters=filters),
            lambda info: Keyword(identity, info, client=client),
        )

    def set_keyword(
        self,
        keyword: str,
        message: str,
        *,
        action: KeywordAction | KeywordActionLiteral | None = None,
    ) -> Keyword:
        """Create or replace a keyword and its reply (PutKeyword)."""
        from smsv2.models import KeywordInformation

        identity = self._identity()
        with self._noting(f"setting keyword {keyword!r} on"):
            result = self._client.put_keyword(
                origination_identity=identity,
                keyword=keyword,
                keyword_message=message,
                keyword_action=action,
            )
            info = KeywordInformation(
                keyword=result.keyword or keyword,
                keyword_message=result.keyword_message or message,
                keyword_action=result.keyword_action or action or "AUTOMATIC_RESPONSE",
            )
            return Keyword(identity, info, client=self._client)

    def delete_keyword(self, keyword: str, *, missing_ok: bool = False) -> None:
        """Delete a keyword (DeleteKeyword)."""
        with self._noting(f"deleting keyword {keyword!r} of", missing_ok=missing_ok):
            self._client.delete_keyword(origination_identity=self._identity(), keyword=keyword)

    def send_text(
        self,
        to: str,
        body: str,
        *,
        message_type: MessageType | MessageTypeLiteral | None = None,
        keyword: str | None = None,
        configuration_set_name: str | None = None,
        max_price: str | None = None,
        time_to_live: int | None = None,
        context: Mapping[str, str] | None = None,
        destination_country_parameters: Mapping[
            DestinationCountryParameterKey | DestinationCountryParameterKeyLiteral, str
        ]
        | None = None,
        dry_run: bool | None = None,
        protect_configuration_id: str | None = None,
        message_feedback_enabled: bool | None = None,
    ) -> SendTextMessageResult:
        """Send a text message from this origination identity (SendTextMessage)."""
        return self._client.send_text_message(
            destination_phone_number=to,
            origination_identity=self.arn,
            message_body=body,
            message_type=message_type,
            keyword=keyword,
            configuration_set_name=configuration_set_name,
            max_price=max_price,
            time_to_live=time_to_live,
            context=context,
            destination_country_parameters=destination_country_parameters,
            dry_run=dry_run,
            protect_configuration_id=protect_configuration_id,
            message_feedback_enabled=message_feedback_enabled,
        )


__all__ = [
    "Keyword",
    "OriginationResource",
    "OriginationSettings",
    "PhoneNumberSettings",
    "PoolSettings",
]

publish("smsv2.resources", ["Keyword"], globals())
