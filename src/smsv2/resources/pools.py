"""``Pool``: a group of phone numbers and sender IDs that messages are sent from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._errors_base import SmsV2Error
from smsv2._generated.resource_fields import PoolInformationFields
from smsv2.models import PoolStatus, PoolStatusLiteral
from smsv2.resources._base import (
    ResourceList,
    Waitable,
    WaitOptions,
    add_context,
    found_one,
    list_name,
    merge_info,
    resolve_client,
    same,
    tag_list,
)
from smsv2.resources._origination import OriginationResource

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from smsv2.client import Client
    from smsv2.models import (
        MessageType,
        MessageTypeLiteral,
        OriginationIdentityMetadata,
        Owner,
        OwnerLiteral,
        PoolFilter,
        PoolFilterDict,
        PoolInformation,
        PoolOriginationIdentitiesFilter,
        PoolOriginationIdentitiesFilterDict,
    )
    from smsv2.resources.opt_out_lists import OptOutList
    from smsv2.resources.phone_numbers import PhoneNumber
    from smsv2.resources.sender_ids import SenderId

    OriginationIdentity = PhoneNumber | SenderId | str


class Pool(
    OriginationResource["PoolInformation"],
    PoolInformationFields,
    Waitable[PoolStatus | PoolStatusLiteral],
):
    """A pool of origination identities (PoolInformation).

    >>> pool = Pool.create(origination_identity=number, message_type="TRANSACTIONAL")  # doctest: +SKIP
    >>> pool.add(other_number)                                                          # doctest: +SKIP
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

        A sender ID needs its country: it is taken from the ``SenderId`` when one is given.
        """
        from smsv2.models import PoolInformation

        client = resolve_client(client)
        identity, country = _identity_and_country(origination_identity, iso_country_code)
        result = client.create_pool(
            origination_identity=identity,
            message_type=message_type,
            iso_country_code=country,
            deletion_protection_enabled=deletion_protection_enabled,
            tags=tag_list(tags),
        )
        info = merge_info(PoolInformation, result)
        if info is None:
            info = _describe(client, result.pool_id)
        return cls(info, client=client)

    @classmethod
    def get(cls, pool_id: str, *, client: Client | None = None) -> Pool:
        """The pool with this ID or ARN (DescribePools); ResourceNotFoundException otherwise."""
        client = resolve_client(client)
        return cls(_describe(client, pool_id), client=client)

    @classmethod
    def list(
        cls,
        *,
        pool_ids: Sequence[str] | None = None,
        filters: Sequence[PoolFilter | PoolFilterDict] | None = None,
        owner: Owner | OwnerLiteral | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        client: Client | None = None,
    ) -> ResourceList[Pool]:
        """Every pool matching the filters, lazily (DescribePools)."""
        client = resolve_client(client)
        return ResourceList(
            client.pools(
                pool_ids=pool_ids,
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
        """The pool's ARN."""
        return self._info.pool_arn

    @property
    def id(self) -> str:
        """The pool's ID."""
        return self._info.pool_id

    def _fetch(self) -> PoolInformation:
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
        shared_routes_enabled: bool | None = None,
        deletion_protection_enabled: bool | None = None,
    ) -> Self:
        """Change the pool's settings (UpdatePool); the attributes show the new values."""
        from smsv2.models import PoolInformation

        result = self._guard(
            "updating",
            lambda: self._client.update_pool(
                pool_id=self.id,
                two_way_enabled=two_way_enabled,
                two_way_channel_arn=two_way_channel_arn,
                two_way_channel_role=two_way_channel_role,
                self_managed_opt_outs_enabled=self_managed_opt_outs_enabled,
                opt_out_list_name=list_name(opt_out_list),
                shared_routes_enabled=shared_routes_enabled,
                deletion_protection_enabled=deletion_protection_enabled,
            ),
        )
        self._info = merge_info(PoolInformation, self._info, result) or self._fetch()
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the pool (DeletePool).

        Raises ``DeletionProtectionError`` while deletion protection is on. With
        ``missing_ok``, a pool that is already gone is not an error.
        """
        from smsv2.models import PoolInformation

        result = self._guard_missing(
            "deleting", lambda: self._client.delete_pool(pool_id=self.id), missing_ok
        )
        if result is not None:
            self._info = merge_info(PoolInformation, self._info, result) or self._info

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

        A ``PhoneNumber`` object given here has its ``pool_id`` updated.
        """
        identity, country = _identity_and_country(origination_identity, iso_country_code)
        try:
            self._client.associate_origination_identity(
                pool_id=self.id, origination_identity=identity, iso_country_code=country
            )
        except SmsV2Error as exc:
            add_context(exc, f"while adding {identity} to {self._label()}")
            raise
        _set_pool_id(origination_identity, self.id)

    def remove(
        self,
        origination_identity: PhoneNumber | SenderId | str,
        *,
        iso_country_code: str | None = None,
    ) -> None:
        """Take a phone number or sender ID out of the pool (DisassociateOriginationIdentity)."""
        identity, country = _identity_and_country(origination_identity, iso_country_code)
        try:
            self._client.disassociate_origination_identity(
                pool_id=self.id, origination_identity=identity, iso_country_code=country
            )
        except SmsV2Error as exc:
            add_context(exc, f"while removing {identity} from {self._label()}")
            raise
        _set_pool_id(origination_identity, None)

    # -- waiting -------------------------------------------------------------------------------

    def wait_until_active(self, **options: Unpack[WaitOptions]) -> Self:
        """``wait_until("ACTIVE")``."""
        return self.wait_until("ACTIVE", **options)


def _describe(client: Client, pool_id: str) -> PoolInformation:
    result = client.describe_pools(pool_ids=[pool_id])
    return found_one(result.pools, f"pool {pool_id}", "DescribePools")


def _identity_and_country(
    identity: PhoneNumber | SenderId | str, iso_country_code: str | None
) -> tuple[str, str | None]:
    from smsv2.resources.phone_numbers import PhoneNumber
    from smsv2.resources.sender_ids import SenderId

    if isinstance(identity, PhoneNumber):
        return identity.phone_number_id, iso_country_code
    if isinstance(identity, SenderId):
        return identity.arn, iso_country_code or identity.iso_country_code
    return identity, iso_country_code


def _set_pool_id(identity: PhoneNumber | SenderId | str, pool_id: str | None) -> None:
    from smsv2.resources.phone_numbers import PhoneNumber

    if isinstance(identity, PhoneNumber):
        identity._info = identity._info.model_copy(update={"pool_id": pool_id})


__all__ = ["Pool"]
