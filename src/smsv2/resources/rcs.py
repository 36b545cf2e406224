"""`RcsAgent`: an RCS business messaging agent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import RcsAgentInformationFields
from smsv2.models import RcsAgentInformation, RcsAgentStatus, RcsAgentStatusLiteral
from smsv2.resources._base import (
    ResourceList,
    TaggableResource,
    Waitable,
    WaitOptions,
    ref,
    resolve_client,
    same,
    tag_list,
)

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from smsv2.client import Client
    from smsv2.models import (
        CountryLaunchStatusFilter,
        CountryLaunchStatusFilterDict,
        CountryLaunchStatusInformation,
    )
    from smsv2.resources._origination import OriginationSettings
    from smsv2.resources.opt_out_lists import OptOutList


class RcsAgent(
    RcsAgentInformationFields,
    TaggableResource[RcsAgentInformation],
    Waitable[RcsAgentStatus | RcsAgentStatusLiteral],
):
    """An RCS agent (RcsAgentInformation)."""

    kind: ClassVar[str] = "RcsAgent"
    _status_member: ClassVar[str | None] = "status"
    _failed_statuses: ClassVar[frozenset[str]] = frozenset({"DELETED"})
    __slots__ = ()

    @classmethod
    def create(
        cls,
        *,
        deletion_protection_enabled: bool | None = None,
        opt_out_list: OptOutList | str | None = None,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> RcsAgent:
        """Create an RCS agent (CreateRcsAgent)."""
        client = resolve_client(client)
        result = client.create_rcs_agent(
            deletion_protection_enabled=deletion_protection_enabled,
            opt_out_list_name=ref(opt_out_list),
            tags=tag_list(tags),
        )
        return cls._created(client, result, result.rcs_agent_id)

    def update(
        self,
        *,
        opt_out_list: OptOutList | str | None = None,
        **settings: Unpack[OriginationSettings],
    ) -> Self:
        """Change settings (UpdateRcsAgent)."""
        with self._noting("updating"):
            result = self._client.update_rcs_agent(
                rcs_agent_id=self.id, opt_out_list_name=ref(opt_out_list), **settings
            )
            self._merge(result)
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the agent (DeleteRcsAgent)."""
        with self._noting("deleting", missing_ok=missing_ok):
            self._merge(self._client.delete_rcs_agent(rcs_agent_id=self.id), refetch=False)

    def country_launch_status(
        self,
        *,
        iso_country_codes: Sequence[str] | None = None,
        filters: Sequence[CountryLaunchStatusFilter | CountryLaunchStatusFilterDict] | None = None,
    ) -> ResourceList[CountryLaunchStatusInformation]:
        """The agent's launch status per country, lazily."""
        return ResourceList(
            self._client.country_launch_status(
                rcs_agent_id=self.id, iso_country_codes=iso_country_codes, filters=filters
            ),
            same,
        )

    def wait_until_active(self, **options: Unpack[WaitOptions]) -> Self:
        """`wait_until("ACTIVE")`."""
        return self.wait_until("ACTIVE", **options)


__all__ = ["RcsAgent"]
