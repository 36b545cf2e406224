"""``RcsAgent``: an RCS business messaging agent."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from smsv2._errors_base import SmsV2Error
from smsv2.resources._base import (
    ResourceList,
    TaggableResource,
    add_context,
    is_missing,
    merge_info,
    resolve_client,
    tag_list,
)

if TYPE_CHECKING:
    from typing_extensions import Self

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
        RcsAgentStatus,
        RcsAgentStatusLiteral,
        TestingAgentInformation,
    )
    from smsv2.resources.opt_out_lists import OptOutList


class RcsAgent(TaggableResource["RcsAgentInformation"]):
    """An RCS agent (RcsAgentInformation)."""

    kind: ClassVar[str] = "RcsAgent"
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
            opt_out_list_name=_name_of(opt_out_list),
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

    @property
    def rcs_agent_id(self) -> str:
        """The agent's ID."""
        return self._info.rcs_agent_id

    def _status_text(self) -> str | None:
        return str(getattr(self._info.status, "value", self._info.status))

    def _fetch(self) -> RcsAgentInformation:
        return _describe(self._client, self.id)

    @property
    def status(self) -> RcsAgentStatus | str:
        """The current status of the RCS agent."""
        return self._info.status

    @property
    def created_timestamp(self) -> datetime:
        """The time when the RCS agent was created, in UNIX epoch time format."""
        return self._info.created_timestamp

    @property
    def deletion_protection_enabled(self) -> bool:
        """When set to true the RCS agent can't be deleted."""
        return self._info.deletion_protection_enabled

    @property
    def opt_out_list_name(self) -> str | None:
        """The name of the OptOutList associated with the RCS agent."""
        return self._info.opt_out_list_name

    @property
    def self_managed_opt_outs_enabled(self) -> bool:
        """When set to true you're responsible for responding to HELP and STOP requests."""
        return self._info.self_managed_opt_outs_enabled

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
    def two_way_enabled(self) -> bool:
        """When set to true you can receive incoming text messages from your end recipients using
        the TwoWayChannelArn.
        """
        return self._info.two_way_enabled

    @property
    def pool_id(self) -> str | None:
        """The unique identifier of the pool associated with the RCS agent."""
        return self._info.pool_id

    @property
    def testing_agent(self) -> TestingAgentInformation | None:
        """The testing agent information associated with the RCS agent."""
        return self._info.testing_agent

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

        try:
            result = self._client.update_rcs_agent(
                rcs_agent_id=self.id,
                deletion_protection_enabled=deletion_protection_enabled,
                opt_out_list_name=_name_of(opt_out_list),
                self_managed_opt_outs_enabled=self_managed_opt_outs_enabled,
                two_way_channel_arn=two_way_channel_arn,
                two_way_channel_role=two_way_channel_role,
                two_way_enabled=two_way_enabled,
            )
        except SmsV2Error as exc:
            add_context(exc, f"while updating {self._label()}")
            raise
        self._info = merge_info(RcsAgentInformation, self._info, result) or self._fetch()
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the agent (DeleteRcsAgent)."""
        from smsv2.models import RcsAgentInformation

        try:
            result = self._client.delete_rcs_agent(rcs_agent_id=self.id)
        except SmsV2Error as exc:
            if missing_ok and is_missing(exc):
                return
            add_context(exc, f"while deleting {self._label()}")
            raise
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
            _same,
        )

    def wait_until(
        self,
        *statuses: RcsAgentStatus | RcsAgentStatusLiteral,
        timeout: float = 600.0,
        poll: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Self:
        """Poll (refresh) until the status is one of ``statuses``; returns ``self``."""
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


def _same(item: CountryLaunchStatusInformation) -> CountryLaunchStatusInformation:
    return item


def _name_of(opt_out_list: OptOutList | str | None) -> str | None:
    if opt_out_list is None or isinstance(opt_out_list, str):
        return opt_out_list
    return opt_out_list.name


def _describe(client: Client, rcs_agent_id: str) -> RcsAgentInformation:
    result = client.describe_rcs_agents(rcs_agent_ids=[rcs_agent_id])
    if not result.rcs_agents:
        from smsv2.errors import ResourceNotFoundException

        raise ResourceNotFoundException(
            f"RCS agent {rcs_agent_id} not found", operation="DescribeRcsAgents"
        )
    return result.rcs_agents[0]


__all__ = ["RcsAgent"]
