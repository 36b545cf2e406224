"""`NotifyConfiguration`: templated one-time-password and notification messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.resource_fields import NotifyConfigurationInformationFields
from smsv2.models import (
    NotifyConfigurationInformation,
    NotifyConfigurationStatus,
    NotifyConfigurationStatusLiteral,
)
from smsv2.resources._base import (
    TaggableResource,
    Waitable,
    WaitOptions,
    ref,
    resolve_client,
    tag_list,
)

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from smsv2.client import Client
    from smsv2.models import (
        NotifyConfigurationUseCase,
        NotifyConfigurationUseCaseLiteral,
        NumberCapability,
        NumberCapabilityLiteral,
        SendNotifyTextMessageResult,
    )
    from smsv2.resources.pools import Pool


class NotifyConfiguration(
    NotifyConfigurationInformationFields,
    TaggableResource[NotifyConfigurationInformation],
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
        client = resolve_client(client)
        result = client.create_notify_configuration(
            display_name=display_name,
            use_case=use_case,
            enabled_channels=enabled_channels,
            default_template_id=default_template_id,
            pool_id=ref(pool),
            enabled_countries=enabled_countries,
            deletion_protection_enabled=deletion_protection_enabled,
            tags=tag_list(tags),
        )
        return cls._created(client, result, result.notify_configuration_id)

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
        with self._noting("updating"):
            result = self._client.update_notify_configuration(
                notify_configuration_id=self.id,
                default_template_id=default_template_id,
                pool_id=ref(pool),
                enabled_countries=enabled_countries,
                enabled_channels=enabled_channels,
                deletion_protection_enabled=deletion_protection_enabled,
            )
            self._merge(result)
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete it (DeleteNotifyConfiguration)."""
        with self._noting("deleting", missing_ok=missing_ok):
            self._client.delete_notify_configuration(notify_configuration_id=self.id)

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
        """`wait_until("ACTIVE")`."""
        return self.wait_until("ACTIVE", **options)


__all__ = ["NotifyConfiguration"]
