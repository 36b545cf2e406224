"""``NotifyConfiguration``: templated one-time-password and notification messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import NotifyConfigurationInformationFields
from smsv2.models import NotifyConfigurationStatus, NotifyConfigurationStatusLiteral
from smsv2.resources._base import (
    ResourceList,
    TaggableResource,
    Waitable,
    WaitOptions,
    found_one,
    merge_info,
    resolve_client,
    tag_list,
)

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from smsv2.client import Client
    from smsv2.models import (
        NotifyConfigurationFilter,
        NotifyConfigurationFilterDict,
        NotifyConfigurationInformation,
        NotifyConfigurationUseCase,
        NotifyConfigurationUseCaseLiteral,
        NumberCapability,
        NumberCapabilityLiteral,
        SendNotifyTextMessageResult,
    )
    from smsv2.resources.pools import Pool


class NotifyConfiguration(
    TaggableResource["NotifyConfigurationInformation"],
    NotifyConfigurationInformationFields,
    Waitable[NotifyConfigurationStatus | NotifyConfigurationStatusLiteral],
):
    """A notify configuration (NotifyConfigurationInformation)."""

    kind: ClassVar[str] = "NotifyConfiguration"
    _status_member: ClassVar[str | None] = "status"
    _failed_statuses: ClassVar[frozenset[str]] = frozenset({"REJECTED"})
    __slots__ = ()

    @classmethod
    def create(
        cls,
        *,
        display_name: str,
        use_case: NotifyConfigurationUseCase | NotifyConfigurationUseCaseLiteral,
        enabled_channels: Sequence[NumberCapability | NumberCapabilityLiteral],
        default_template_id: str | None = None,
        pool: Pool | str | None = None,
        enabled_countries: Sequence[str] | None = None,
        deletion_protection_enabled: bool | None = None,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> NotifyConfiguration:
        """Create a notify configuration (CreateNotifyConfiguration)."""
        from smsv2.models import NotifyConfigurationInformation

        client = resolve_client(client)
        result = client.create_notify_configuration(
            display_name=display_name,
            use_case=use_case,
            enabled_channels=enabled_channels,
            default_template_id=default_template_id,
            pool_id=pool if isinstance(pool, str) or pool is None else pool.id,
            enabled_countries=enabled_countries,
            deletion_protection_enabled=deletion_protection_enabled,
            tags=tag_list(tags),
        )
        info = merge_info(NotifyConfigurationInformation, result) or _describe(
            client, result.notify_configuration_id
        )
        return cls(info, client=client)

    @classmethod
    def get(
        cls, notify_configuration_id: str, *, client: Client | None = None
    ) -> NotifyConfiguration:
        """The notify configuration with this ID or ARN."""
        client = resolve_client(client)
        return cls(_describe(client, notify_configuration_id), client=client)

    @classmethod
    def list(
        cls,
        *,
        notify_configuration_ids: Sequence[str] | None = None,
        filters: Sequence[NotifyConfigurationFilter | NotifyConfigurationFilterDict] | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        client: Client | None = None,
    ) -> ResourceList[NotifyConfiguration]:
        """Every notify configuration matching the filters, lazily."""
        client = resolve_client(client)
        return ResourceList(
            client.notify_configurations(
                notify_configuration_ids=notify_configuration_ids,
                filters=filters,
                page_size=page_size,
                max_items=max_items,
            ),
            lambda info: cls(info, client=client),
        )

    @property
    def arn(self) -> str:
        """The ARN."""
        return self._info.notify_configuration_arn

    @property
    def id(self) -> str:
        """The notify configuration's ID."""
        return self._info.notify_configuration_id

    def _fetch(self) -> NotifyConfigurationInformation:
        return _describe(self._client, self.id)

    def update(
        self,
        *,
        default_template_id: str | None = None,
        pool: Pool | str | None = None,
        enabled_countries: Sequence[str] | None = None,
        enabled_channels: Sequence[NumberCapability | NumberCapabilityLiteral] | None = None,
        deletion_protection_enabled: bool | None = None,
    ) -> Self:
        """Change settings (UpdateNotifyConfiguration)."""
        from smsv2.models import NotifyConfigurationInformation

        result = self._guard(
            "updating",
            lambda: self._client.update_notify_configuration(
                notify_configuration_id=self.id,
                default_template_id=default_template_id,
                pool_id=pool if isinstance(pool, str) or pool is None else pool.id,
                enabled_countries=enabled_countries,
                enabled_channels=enabled_channels,
                deletion_protection_enabled=deletion_protection_enabled,
            ),
        )
        self._info = merge_info(NotifyConfigurationInformation, self._info, result) or self._fetch()
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete it (DeleteNotifyConfiguration)."""
        self._guard_missing(
            "deleting",
            lambda: self._client.delete_notify_configuration(notify_configuration_id=self.id),
            missing_ok,
        )

    def send_text(
        self,
        to: str,
        template_variables: Mapping[str, str],
        *,
        template_id: str | None = None,
        time_to_live: int | None = None,
        context: Mapping[str, str] | None = None,
        configuration_set_name: str | None = None,
        dry_run: bool | None = None,
    ) -> SendNotifyTextMessageResult:
        """Send a templated text message (SendNotifyTextMessage)."""
        return self._client.send_notify_text_message(
            notify_configuration_id=self.id,
            destination_phone_number=to,
            template_variables=template_variables,
            template_id=template_id,
            time_to_live=time_to_live,
            context=context,
            configuration_set_name=configuration_set_name,
            dry_run=dry_run,
        )

    def wait_until_active(self, **options: Unpack[WaitOptions]) -> Self:
        """``wait_until("ACTIVE")``."""
        return self.wait_until("ACTIVE", **options)


def _describe(client: Client, nid: str) -> NotifyConfigurationInformation:
    result = client.describe_notify_configurations(notify_configuration_ids=[nid])
    return found_one(
        result.notify_configurations, f"notify configuration {nid}", "DescribeNotifyConfigurations"
    )


__all__ = ["NotifyConfiguration"]
