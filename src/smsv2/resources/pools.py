"""``Pool``: a group of phone numbers and sender IDs that messages are sent from."""

from __future__ import annotations

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
        OriginationIdentityMetadata,
        Owner,
        OwnerLiteral,
        PoolFilter,
        PoolFilterDict,
        PoolInformation,
        PoolOriginationIdentitiesFilter,
        PoolOriginationIdentitiesFilterDict,
        PoolStatus,
        PoolStatusLiteral,
    )
    from smsv2.resources.opt_out_lists import OptOutList
    from smsv2.resources.phone_numbers import PhoneNumber
    from smsv2.resources.sender_ids import SenderId

    OriginationIdentity = PhoneNumber | SenderId | str


class Pool(OriginationResource["PoolInformation"]):
    """A pool of origination identities (PoolInformation).

    >>> pool = Pool.create(origination_identity=number, message_type="TRANSACTIONAL")  # doctest: +SKIP
    >>> pool.add(other_number)                                                          # doctest: +SKIP
    """

    kind: ClassVar[str] = "Pool"
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
            info = _describe(client, result.pool_id or "")
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

    def _status_text(self) -> str | None:
        return str(getattr(self._info.status, "value", self._info.status))

    def _fetch(self) -> PoolInformation:
        return _describe(self._client, self.id)

    # -- attributes ----------------------------------------------------------------------------

    @property
    def pool_arn(self) -> str:
        """The Amazon Resource Name (ARN) for the pool."""
        return self._info.pool_arn

    @property
    def pool_id(self) -> str:
        """The unique identifier for the pool."""
        return self._info.pool_id

    @property
    def status(self) -> PoolStatus | str:
        """The current status of the pool."""
        return self._info.status

    @property
    def message_type(self) -> MessageType | str:
        """The type of message."""
        return self._info.message_type

    @property
    def two_way_enabled(self) -> bool:
        """When set to true you can receive incoming text messages from your end recipients using
        the TwoWayChannelArn.
        """
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
        """When set to false, an end recipient sends a message that begins with HELP or STOP to one
        of your dedicated numbers, End User Messaging SMS automatically replies with a
        customizable message and adds the end recipient to the OptOutList.
        """
        return self._info.self_managed_opt_outs_enabled

    @property
    def opt_out_list_name(self) -> str:
        """The name of the OptOutList associated with the pool."""
        return self._info.opt_out_list_name

    @property
    def shared_routes_enabled(self) -> bool:
        """Allows you to enable shared routes on your pool."""
        return self._info.shared_routes_enabled

    @property
    def deletion_protection_enabled(self) -> bool:
        """When set to true the pool can't be deleted."""
        return self._info.deletion_protection_enabled

    @property
    def created_timestamp(self) -> datetime:
        """The time when the pool was created, in UNIX epoch time format."""
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
        shared_routes_enabled: bool | None = None,
        deletion_protection_enabled: bool | None = None,
    ) -> Self:
        """Change the pool's settings (UpdatePool); the attributes show the new values."""
        from smsv2.models import PoolInformation

        list_name = (
            opt_out_list
            if isinstance(opt_out_list, str) or opt_out_list is None
            else opt_out_list.name
        )
        try:
            result = self._client.update_pool(
                pool_id=self.id,
                two_way_enabled=two_way_enabled,
                two_way_channel_arn=two_way_channel_arn,
                two_way_channel_role=two_way_channel_role,
                self_managed_opt_outs_enabled=self_managed_opt_outs_enabled,
                opt_out_list_name=list_name,
                shared_routes_enabled=shared_routes_enabled,
                deletion_protection_enabled=deletion_protection_enabled,
            )
        except SmsV2Error as exc:
            add_context(exc, f"while updating {self._label()}")
            raise
        self._info = merge_info(PoolInformation, self._info, result) or self._fetch()
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the pool (DeletePool).

        Raises ``DeletionProtectionError`` while deletion protection is on. With
        ``missing_ok``, a pool that is already gone is not an error.
        """
        from smsv2.models import PoolInformation

        try:
            result = self._client.delete_pool(pool_id=self.id)
        except SmsV2Error as exc:
            if missing_ok and is_missing(exc):
                return
            add_context(exc, f"while deleting {self._label()}")
            raise
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
            self._client.origination_identities(pool_id=self.id, filters=filters), _same
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

    def wait_until(
        self,
        *statuses: PoolStatus | PoolStatusLiteral,
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


def _same(item: OriginationIdentityMetadata) -> OriginationIdentityMetadata:
    return item


def _describe(client: Client, pool_id: str) -> PoolInformation:
    result = client.describe_pools(pool_ids=[pool_id])
    if not result.pools:
        from smsv2.errors import ResourceNotFoundException

        raise ResourceNotFoundException(f"pool {pool_id} not found", operation="DescribePools")
    return result.pools[0]


def _identity_and_country(
    identity: PhoneNumber | SenderId | str, iso_country_code: str | None
) -> tuple[str, str | None]:
    from smsv2.resources.phone_numbers import PhoneNumber
    from smsv2.resources.sender_ids import SenderId

    if isinstance(identity, PhoneNumber):
        return identity.phone_number_id or identity.arn, iso_country_code
    if isinstance(identity, SenderId):
        return identity.arn, iso_country_code or identity.iso_country_code
    return identity, iso_country_code


def _set_pool_id(identity: PhoneNumber | SenderId | str, pool_id: str | None) -> None:
    from smsv2.resources.phone_numbers import PhoneNumber

    if isinstance(identity, PhoneNumber):
        identity._info = identity._info.model_copy(update={"pool_id": pool_id})


__all__ = ["Pool"]
