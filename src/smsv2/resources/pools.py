"""`Pool`: a group of phone numbers and sender IDs that messages are sent from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import PoolInformationFields
from smsv2.models import PoolInformation, PoolStatus, PoolStatusLiteral
from smsv2.resources._base import (
    ResourceList,
    Waitable,
    WaitOptions,
    ref,
    resolve_client,
    same,
    tag_list,
)
from smsv2.resources._origination import OriginationResource
from smsv2.resources.phone_numbers import PhoneNumber
from smsv2.resources.sender_ids import SenderId

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from smsv2.client import Client
    from smsv2.models import (
        MessageType,
        MessageTypeLiteral,
        OriginationIdentityMetadata,
        PoolOriginationIdentitiesFilter,
        PoolOriginationIdentitiesFilterDict,
    )
    from smsv2.resources._origination import PoolSettings
    from smsv2.resources.opt_out_lists import OptOutList


class Pool(
    PoolInformationFields,
    OriginationResource[PoolInformation],
    Waitable[PoolStatus | PoolStatusLiteral],
):
    """A pool of origination identities (PoolInformation).

    ```python
    pool = Pool.create(origination_identity=number, message_type="TRANSACTIONAL")
    pool.add(other_number)
    ```
    """

    kind: ClassVar[str] = "Pool"
    _status_member: ClassVar[str | None] = "status"
    _failed_statuses: ClassVar[frozenset[str]] = frozenset({"DELETING"})
    __slots__ = ()

    # -- constructors --------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        origination_identity: PhoneNumber | SenderId | str,
        message_type: MessageType | MessageTypeLiteral,
        iso_country_code: str | None = None,
        deletion_protection_enabled: bool | None = None,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> Pool:
        """Create a pool around a first phone number or sender ID (CreatePool).

        A sender ID needs its country: it is taken from the `SenderId` when one is given.
        """
        client = resolve_client(client)
        identity, country = _identity_and_country(origination_identity, iso_country_code)
        result = client.create_pool(
            origination_identity=identity,
            message_type=message_type,
            iso_country_code=country,
            deletion_protection_enabled=deletion_protection_enabled,
            tags=tag_list(tags),
        )
        return cls._created(client, result, result.pool_id)

    # -- changes -------------------------------------------------------------------------------

    def update(
        self, *, opt_out_list: OptOutList | str | None = None, **settings: Unpack[PoolSettings]
    ) -> Self:
        """Change the pool's settings (UpdatePool); the attributes show the new values."""
        opt_out_list_name = ref(opt_out_list)
        with self._noting("updating"):
            self._merge(
                self._client.update_pool(
                    pool_id=self.id, opt_out_list_name=opt_out_list_name, **settings
                )
            )
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the pool (DeletePool).

        Raises `DeletionProtectionError` while deletion protection is on. With
        `missing_ok`, a pool that is already gone is not an error.
        """
        with self._noting("deleting", missing_ok=missing_ok):
            self._merge(self._client.delete_pool(pool_id=self.id), refetch=False)

    # -- members -------------------------------------------------------------------------------

    def origination_identities(
        self,
        *,
        filters: Sequence[PoolOriginationIdentitiesFilter | PoolOriginationIdentitiesFilterDict]
        | None = None,
    ) -> ResourceList[OriginationIdentityMetadata]:
        """The phone numbers and sender IDs in the pool (lazy; ListPoolOriginationIdentities)."""
        return ResourceList(
            self._client.origination_identities(pool_id=self.id, filters=filters), same
        )

    def add(
        self,
        origination_identity: PhoneNumber | SenderId | str,
        *,
        iso_country_code: str | None = None,
    ) -> None:
        """Add a phone number or sender ID to the pool (AssociateOriginationIdentity).

        A `PhoneNumber` object given here has its `pool_id` updated.
        """
        identity, country = _identity_and_country(origination_identity, iso_country_code)
        with self._noting(f"adding {identity} to"):
            self._client.associate_origination_identity(
                pool_id=self.id, origination_identity=identity, iso_country_code=country
            )
        _joined(origination_identity, self.id)

    def remove(
        self,
        origination_identity: PhoneNumber | SenderId | str,
        *,
        iso_country_code: str | None = None,
    ) -> None:
        """Take a phone number or sender ID out of the pool (DisassociateOriginationIdentity)."""
        identity, country = _identity_and_country(origination_identity, iso_country_code)
        with self._noting(f"removing {identity} from"):
            self._client.disassociate_origination_identity(
                pool_id=self.id, origination_identity=identity, iso_country_code=country
            )
        _joined(origination_identity, None)

    # -- waiting -------------------------------------------------------------------------------

    def wait_until_active(self, **options: Unpack[WaitOptions]) -> Self:
        """`wait_until("ACTIVE")`."""
        return self.wait_until("ACTIVE", **options)


def _identity_and_country(
    identity: PhoneNumber | SenderId | str, iso_country_code: str | None
) -> tuple[str, str | None]:
    """What the service takes for a pool member: a sender ID goes by ARN, with its country."""
    if isinstance(identity, SenderId):
        return identity.arn, iso_country_code or identity.iso_country_code
    return ref(identity), iso_country_code


def _joined(identity: PhoneNumber | SenderId | str, pool_id: str | None) -> None:
    if isinstance(identity, PhoneNumber):
        identity._joined_pool(pool_id)


__all__ = ["Pool"]
