"""``RcsAgent``: an RCS business messaging agent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import RcsAgentInformationFields
from smsv2.models import RcsAgentStatus, RcsAgentStatusLiteral
from smsv2.resources._base import (
    ResourceList,
    TaggableResource,
    Waitable,
    WaitOptions,
    found_one,
    list_name,
    merge_info,
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
        Owner,
        OwnerLiteral,
        RcsAgentFilter,
        RcsAgentFilterDict,
        RcsAgentInformation,
    )
    from smsv2.resources.opt_out_lists import OptOutList


class RcsAgent(
    TaggableResource["RcsAgentInformation"],
    RcsAgentInformationFields,
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
        from smsv2.models import RcsAgentInformation

        client = resolve_client(client)
        result = client.create_rcs_agent(
            deletion_protection_enabled=deletion_protection_enabled,
            opt_out_list_name=list_name(opt_out_list),
            tags=tag_list(tags),
        )
        info = merge_info(RcsAgentInformation, result) or _describe(client, result.rcs_agent_id)
        return cls(info, client=client)

    @classmethod
    def get(cls, rcs_agent_id: str, *, client: Client | None = None) -> RcsAgent:
        """The RCS agent with this ID or ARN (DescribeRcsAgents)."""
        client = resolve_client(client)
        return cls(_describe(client, rcs_agent_id), client=client)

    @classmethod
    def list(
        cls,
        *,
        rcs_agent_ids: Sequence[str] | None = None,
        owner: Owner | OwnerLiteral | None = None,
        filters: Sequence[RcsAgentFilter | RcsAgentFilterDict] | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        client: Client | None = None,
    ) -> ResourceList[RcsAgent]:
        """Every RCS agent matching the filters, lazily."""
        client = resolve_client(client)
        return ResourceList(
            client.rcs_agents(
                rcs_agent_ids=rcs_agent_ids,
                owner=owner,
                filters=filters,
                page_size=page_size,
                max_items=max_items,
            ),
            lambda info: cls(info, client=client),
        )

    @property
    def arn(self) -> str:
        """The ARN."""
        return self._info.rcs_agent_arn

    @property
    def id(self) -> str:
        """The agent's ID."""
        return self._info.rcs_agent_id

    def _fetch(self) -> RcsAgentInformation:
        return _describe(self._client, self.id)

    def update(
        self,
        *,
        deletion_protection_enabled: bool | None = None,
        opt_out_list: OptOutList | str | None = None,
        self_managed_opt_outs_enabled: bool | None = None,
        two_way_channel_arn: str | None = None,
        two_way_channel_role: str | None = None,
        two_way_enabled: bool | None = None,
    ) -> Self:
        """Change settings (UpdateRcsAgent)."""
        from smsv2.models import RcsAgentInformation

        result = self._guard(
            "updating",
            lambda: self._client.update_rcs_agent(
                rcs_agent_id=self.id,
                deletion_protection_enabled=deletion_protection_enabled,
                opt_out_list_name=list_name(opt_out_list),
                self_managed_opt_outs_enabled=self_managed_opt_outs_enabled,
                two_way_channel_arn=two_way_channel_arn,
                two_way_channel_role=two_way_channel_role,
                two_way_enabled=two_way_enabled,
            ),
        )
        self._info = merge_info(RcsAgentInformation, self._info, result) or self._fetch()
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the agent (DeleteRcsAgent)."""
        from smsv2.models import RcsAgentInformation

        result = self._guard_missing(
            "deleting", lambda: self._client.delete_rcs_agent(rcs_agent_id=self.id), missing_ok
        )
        if result is not None:
            self._info = merge_info(RcsAgentInformation, self._info, result) or self._info

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
        """``wait_until("ACTIVE")``."""
        return self.wait_until("ACTIVE", **options)


def _describe(client: Client, rcs_agent_id: str) -> RcsAgentInformation:
    result = client.describe_rcs_agents(rcs_agent_ids=[rcs_agent_id])
    return found_one(result.rcs_agents, f"RCS agent {rcs_agent_id}", "DescribeRcsAgents")


__all__ = ["RcsAgent"]
