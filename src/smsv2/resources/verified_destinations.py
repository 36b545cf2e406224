"""``VerifiedDestinationNumber``: a number the sandbox may send to once it is verified."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import VerifiedDestinationNumberInformationFields
from smsv2.errors import SmsV2Error
from smsv2.models import VerificationStatus, VerificationStatusLiteral
from smsv2.resources._base import (
    ResourceList,
    TaggableResource,
    Waitable,
    WaitOptions,
    add_context,
    found_one,
    merge_info,
    resolve_client,
    tag_list,
)

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from smsv2.client import Client
    from smsv2.models import (
        LanguageCode,
        LanguageCodeLiteral,
        VerificationChannel,
        VerificationChannelLiteral,
        VerifiedDestinationNumberFilter,
        VerifiedDestinationNumberFilterDict,
        VerifiedDestinationNumberInformation,
    )


class VerifiedDestinationNumber(
    TaggableResource["VerifiedDestinationNumberInformation"],
    VerifiedDestinationNumberInformationFields,
    Waitable[VerificationStatus | VerificationStatusLiteral],
):
    """A destination number to verify, for sending from the sandbox.

    >>> dest = VerifiedDestinationNumber.create("+12065550100")    # doctest: +SKIP
    >>> dest.send_code()                                          # doctest: +SKIP
    >>> dest.verify("123456").status                              # doctest: +SKIP
    'VERIFIED'
    """

    kind: ClassVar[str] = "VerifiedDestinationNumber"
    _status_member: ClassVar[str | None] = "status"
    _failed_statuses: ClassVar[frozenset[str]] = frozenset({"UNSUPPORTED"})
    __slots__ = ()

    @classmethod
    def create(
        cls,
        destination_phone_number: str,
        *,
        rcs_agent_id: str | None = None,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> VerifiedDestinationNumber:
        """Add a destination number to verify (CreateVerifiedDestinationNumber)."""
        from smsv2.models import VerifiedDestinationNumberInformation

        client = resolve_client(client)
        result = client.create_verified_destination_number(
            destination_phone_number=destination_phone_number,
            rcs_agent_id=rcs_agent_id,
            tags=tag_list(tags),
        )
        info = merge_info(VerifiedDestinationNumberInformation, result) or _describe(
            client, result.verified_destination_number_id
        )
        return cls(info, client=client)

    @classmethod
    def get(
        cls, verified_destination_number_id: str, *, client: Client | None = None
    ) -> VerifiedDestinationNumber:
        """The verified destination number with this ID or ARN."""
        client = resolve_client(client)
        return cls(_describe(client, verified_destination_number_id), client=client)

    @classmethod
    def list(
        cls,
        *,
        verified_destination_number_ids: Sequence[str] | None = None,
        destination_phone_numbers: Sequence[str] | None = None,
        filters: Sequence[VerifiedDestinationNumberFilter | VerifiedDestinationNumberFilterDict]
        | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        client: Client | None = None,
    ) -> ResourceList[VerifiedDestinationNumber]:
        """Every verified destination number matching the filters, lazily."""
        client = resolve_client(client)
        return ResourceList(
            client.verified_destination_numbers(
                verified_destination_number_ids=verified_destination_number_ids,
                destination_phone_numbers=destination_phone_numbers,
                filters=filters,
                page_size=page_size,
                max_items=max_items,
            ),
            lambda info: cls(info, client=client),
        )

    @property
    def arn(self) -> str:
        """The ARN."""
        return self._info.verified_destination_number_arn

    @property
    def id(self) -> str:
        """The verified destination number's ID."""
        return self._info.verified_destination_number_id

    def _fetch(self) -> VerifiedDestinationNumberInformation:
        return _describe(self._client, self.id)

    def send_code(
        self,
        *,
        channel: VerificationChannel | VerificationChannelLiteral = "TEXT",
        language_code: LanguageCode | LanguageCodeLiteral | None = None,
        origination_identity: str | None = None,
        configuration_set_name: str | None = None,
        context: Mapping[str, str] | None = None,
    ) -> str:
        """Send a verification code to the number; returns the message ID."""
        try:
            result = self._client.send_destination_number_verification_code(
                verified_destination_number_id=self.id,
                verification_channel=channel,
                language_code=language_code,
                origination_identity=origination_identity,
                configuration_set_name=configuration_set_name,
                context=context,
            )
        except SmsV2Error as exc:
            add_context(exc, f"while sending a verification code to {self._label()}")
            raise
        return result.message_id

    def verify(self, code: str) -> Self:
        """Check the code the number received (VerifyDestinationNumber); the status updates."""
        from smsv2.models import VerifiedDestinationNumberInformation

        result = self._guard(
            "verifying",
            lambda: self._client.verify_destination_number(
                verified_destination_number_id=self.id, verification_code=code
            ),
        )
        self._info = (
            merge_info(VerifiedDestinationNumberInformation, self._info, result) or self._info
        )
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete it (DeleteVerifiedDestinationNumber)."""
        self._guard_missing(
            "deleting",
            lambda: self._client.delete_verified_destination_number(
                verified_destination_number_id=self.id
            ),
            missing_ok,
        )

    def wait_until_verified(self, **options: Unpack[WaitOptions]) -> Self:
        """``wait_until("VERIFIED")``."""
        return self.wait_until("VERIFIED", **options)


def _describe(client: Client, vid: str) -> VerifiedDestinationNumberInformation:
    result = client.describe_verified_destination_numbers(verified_destination_number_ids=[vid])
    return found_one(
        result.verified_destination_numbers,
        f"verified destination number {vid}",
        "DescribeVerifiedDestinationNumbers",
    )


__all__ = ["VerifiedDestinationNumber"]
