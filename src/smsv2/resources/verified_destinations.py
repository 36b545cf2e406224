"""`VerifiedDestinationNumber`: a number the sandbox may send to once it is verified."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.models._verified_destination_number_information import (
    VerifiedDestinationNumberInformation,
)
from smsv2._generated.resource_fields import VerifiedDestinationNumberInformationFields
from smsv2.models import VerificationStatus, VerificationStatusLiteral
from smsv2.resources._base import (
    TaggableResource,
    Waitable,
    WaitOptions,
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
    )


class VerifiedDestinationNumber(
    VerifiedDestinationNumberInformationFields,
    TaggableResource[VerifiedDestinationNumberInformation],
    Waitable[VerificationStatus | VerificationStatusLiteral],
):
    """A destination number to verify, for sending from the sandbox.

    ```python
    dest = VerifiedDestinationNumber.create("+12065550100")
    dest.send_code()
    dest.verify("123456").status
    # 'VERIFIED'
    ```
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
        client = resolve_client(client)
        result = client.create_verified_destination_number(
            destination_phone_number=destination_phone_number,
            rcs_agent_id=rcs_agent_id,
            tags=tag_list(tags),
        )
        return cls._created(client, result, result.verified_destination_number_id)

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
        with self._noting("sending a verification code to"):
            result = self._client.send_destination_number_verification_code(
                verified_destination_number_id=self.id,
                verification_channel=channel,
                language_code=language_code,
                origination_identity=origination_identity,
                configuration_set_name=configuration_set_name,
                context=context,
            )
            return result.message_id

    def verify(self, code: str) -> Self:
        """Check the code the number received (VerifyDestinationNumber); the status updates."""
        with self._noting("verifying"):
            result = self._client.verify_destination_number(
                verified_destination_number_id=self.id, verification_code=code
            )
            self._merge(result, refetch=False)
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete it (DeleteVerifiedDestinationNumber)."""
        with self._noting("deleting", missing_ok=missing_ok):
            self._client.delete_verified_destination_number(verified_destination_number_id=self.id)

    def wait_until_verified(self, **options: Unpack[WaitOptions]) -> Self:
        """`wait_until("VERIFIED")`."""
        return self.wait_until("VERIFIED", **options)


__all__ = ["VerifiedDestinationNumber"]
