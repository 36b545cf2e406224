"""`ConfigurationSet` and its `EventDestination`s."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from typing_extensions import TypedDict, Unpack

from smsv2._generated.resource_fields import (
    ConfigurationSetInformationFields,
    EventDestinationInformationFields,
)
from smsv2.errors import ResourceAlreadyExistsError
from smsv2.models import ConfigurationSetInformation
from smsv2.resources._base import (
    TaggableResource,
    error_notes,
    is_missing,
    ref,
    resolve_client,
    tag_list,
)
from smsv2.resources.sender_ids import SenderId

if TYPE_CHECKING:
    from smsv2.client import Client
    from smsv2.models import (
        CloudWatchLogsDestination,
        CloudWatchLogsDestinationDict,
        EventType,
        EventTypeLiteral,
        KinesisFirehoseDestination,
        KinesisFirehoseDestinationDict,
        MessageType,
        MessageTypeLiteral,
        SnsDestination,
        SnsDestinationDict,
    )
    from smsv2.models import EventDestinationInformation as EventDestinationInfo
    from smsv2.resources.protect_configurations import ProtectConfiguration


class DestinationTargets(TypedDict, total=False):
    """Where an event destination sends its events (the keyword arguments it takes)."""

    cloud_watch_logs_destination: CloudWatchLogsDestination | CloudWatchLogsDestinationDict | None
    kinesis_firehose_destination: KinesisFirehoseDestination | KinesisFirehoseDestinationDict | None
    sns_destination: SnsDestination | SnsDestinationDict | None


class ConfigurationSet(
    ConfigurationSetInformationFields, TaggableResource[ConfigurationSetInformation]
):
    """A configuration set (ConfigurationSetInformation); its `id` is its name.

    ```python
    events = ConfigurationSet.ensure("prod")
    events.add_event_destination("logs", matching_event_types=["ALL"],
        cloud_watch_logs_destination={...})
    [d.name for d in events.event_destinations]                         # no request
    ```
    """

    kind: ClassVar[str] = "ConfigurationSet"
    __slots__ = ()

    @classmethod
    def create(
        cls, name: str, *, tags: Mapping[str, str] | None = None, client: Client | None = None
    ) -> ConfigurationSet:
        """Create a configuration set (CreateConfigurationSet)."""
        client = resolve_client(client)
        result = client.create_configuration_set(configuration_set_name=name, tags=tag_list(tags))
        return cls._created(client, result, name, event_destinations=[])

    @classmethod
    def ensure(
        cls, name: str, *, tags: Mapping[str, str] | None = None, client: Client | None = None
    ) -> ConfigurationSet:
        """The configuration set with this name: created, or the existing one.

        `tags` only apply when it is created.
        """
        client = resolve_client(client)
        try:
            return cls.create(name, tags=tags, client=client)
        except ResourceAlreadyExistsError:
            return cls.get(name, client=client)

    @property
    def name(self) -> str:
        """The configuration set's name."""
        return self._info.configuration_set_name

    # -- event destinations --------------------------------------------------------------------

    @property
    def event_destinations(self) -> builtins.list[EventDestination]:
        """The event destinations as last read (no request)."""
        return [EventDestination(self, d) for d in self._info.event_destinations]

    def event_destination(self, name: str) -> EventDestination | None:
        """The event destination with this name as last read, or None (no request)."""
        for d in self._info.event_destinations:
            if d.event_destination_name == name:
                return EventDestination(self, d)
        return None

    def add_event_destination(
        self,
        name: str,
        *,
        matching_event_types: Sequence[EventType | EventTypeLiteral],
        **targets: Unpack[DestinationTargets],
    ) -> EventDestination:
        """Add an event destination (CreateEventDestination)."""
        return EventDestination.create(
            self,
            name,
            matching_event_types=matching_event_types,
            **targets,
        )

    def ensure_event_destination(
        self,
        name: str,
        *,
        matching_event_types: Sequence[EventType | EventTypeLiteral],
        **targets: Unpack[DestinationTargets],
    ) -> EventDestination:
        """The event destination with this name: created, or the existing one (as is)."""
        return EventDestination.ensure(
            self,
            name,
            matching_event_types=matching_event_types,
            **targets,
        )

    def _reread_destination(self, name: str) -> EventDestination | None:
        """Refresh, then the destination with this name (for answers that leave it out)."""
        self.refresh()
        return self.event_destination(name)

    def _store_destination(self, info: EventDestinationInfo | None, name: str) -> None:
        kept = [d for d in self._info.event_destinations if d.event_destination_name != name]
        if info is not None:
            kept.append(info)
        self._info = self._info.model_copy(update={"event_destinations": kept})

    # -- defaults ------------------------------------------------------------------------------

    def set_default_sender_id(self, sender_id: SenderId | str) -> None:
        """Use this sender ID when a message names none (SetDefaultSenderId)."""
        value = sender_id.sender_id if isinstance(sender_id, SenderId) else sender_id
        with self._noting("setting the default sender ID of"):
            result = self._client.set_default_sender_id(
                configuration_set_name=self.name, sender_id=value
            )
        self._info = self._info.model_copy(
            update={"default_sender_id": getattr(result, "sender_id", None) or value}
        )

    def clear_default_sender_id(self) -> None:
        """Remove the default sender ID (DeleteDefaultSenderId)."""
        with self._noting("clearing the default sender ID of"):
            self._client.delete_default_sender_id(configuration_set_name=self.name)
        self._info = self._info.model_copy(update={"default_sender_id": None})

    def set_default_message_type(self, message_type: MessageType | MessageTypeLiteral) -> None:
        """Use this message type when a message names none (SetDefaultMessageType)."""
        with self._noting("setting the default message type of"):
            result = self._client.set_default_message_type(
                configuration_set_name=self.name, message_type=message_type
            )
        self._info = self._info.model_copy(
            update={"default_message_type": getattr(result, "message_type", None) or message_type}
        )

    def clear_default_message_type(self) -> None:
        """Remove the default message type (DeleteDefaultMessageType)."""
        with self._noting("clearing the default message type of"):
            self._client.delete_default_message_type(configuration_set_name=self.name)
        self._info = self._info.model_copy(update={"default_message_type": None})

    def set_message_feedback(self, enabled: bool) -> None:
        """Turn message feedback on or off by default (SetDefaultMessageFeedbackEnabled)."""
        with self._noting("setting message feedback of"):
            self._client.set_default_message_feedback_enabled(
                configuration_set_name=self.name, message_feedback_enabled=enabled
            )
        self._info = self._info.model_copy(update={"default_message_feedback_enabled": enabled})

    def associate_protect_configuration(
        self, protect_configuration: ProtectConfiguration | str
    ) -> None:
        """Apply a protect configuration to messages sent with this set."""
        pc_id = ref(protect_configuration)
        with self._noting("associating a protect configuration with"):
            self._client.associate_protect_configuration(
                protect_configuration_id=pc_id, configuration_set_name=self.name
            )
        self._info = self._info.model_copy(update={"protect_configuration_id": pc_id})

    def disassociate_protect_configuration(
        self, protect_configuration: ProtectConfiguration | str | None = None
    ) -> None:
        """Remove the protect configuration (the current one when none is given)."""
        pc_id = ref(protect_configuration) or self._info.protect_configuration_id
        if pc_id is None:
            raise ValueError(f"{self._label()} has no protect configuration (as last read)")
        with self._noting("disassociating a protect configuration from"):
            self._client.disassociate_protect_configuration(
                protect_configuration_id=pc_id, configuration_set_name=self.name
            )
        self._info = self._info.model_copy(update={"protect_configuration_id": None})

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the configuration set (DeleteConfigurationSet)."""
        with self._noting("deleting", missing_ok=missing_ok):
            self._client.delete_configuration_set(configuration_set_name=self.name)


class EventDestination(EventDestinationInformationFields):
    """An event destination of a configuration set (EventDestination shape).

    Changes made through it also update the configuration set object it came from.
    Equal destinations belong to the same configuration set and have the same name.
    """

    __slots__ = ("_info", "_set")

    def __init__(self, configuration_set: ConfigurationSet, info: EventDestinationInfo) -> None:
        """Wrap a destination already read (no request is made)."""
        self._set = configuration_set
        self._info = info

    @classmethod
    def create(
        cls,
        configuration_set: ConfigurationSet,
        name: str,
        *,
        matching_event_types: Sequence[EventType | EventTypeLiteral],
        **targets: Unpack[DestinationTargets],
    ) -> EventDestination:
        """Create an event destination in `configuration_set` (CreateEventDestination)."""
        client = configuration_set.client
        with error_notes(f"while adding event destination {name!r} to {configuration_set!r}"):
            result = client.create_event_destination(
                configuration_set_name=configuration_set.name,
                event_destination_name=name,
                matching_event_types=matching_event_types,
                **targets,
            )
        info = result.event_destination
        if info is None:
            found = configuration_set._reread_destination(name)
            if found is None:
                raise LookupError(f"event destination {name!r} missing after creation")
            return found
        configuration_set._store_destination(info, name)
        return cls(configuration_set, info)

    @classmethod
    def ensure(
        cls,
        configuration_set: ConfigurationSet,
        name: str,
        *,
        matching_event_types: Sequence[EventType | EventTypeLiteral],
        **targets: Unpack[DestinationTargets],
    ) -> EventDestination:
        """The destination with this name: created, or the existing one left as it is."""
        try:
            return cls.create(
                configuration_set,
                name,
                matching_event_types=matching_event_types,
                **targets,
            )
        except ResourceAlreadyExistsError:
            found = configuration_set._reread_destination(name)
            if found is None:
                raise
            return found

    @property
    def info(self) -> EventDestinationInfo:
        """The typed shape as last read."""
        return self._info

    @property
    def configuration_set(self) -> ConfigurationSet:
        """The configuration set the destination belongs to."""
        return self._set

    @property
    def name(self) -> str:
        """The destination's name."""
        return self._info.event_destination_name

    def update(
        self,
        *,
        enabled: bool | None = None,
        matching_event_types: Sequence[EventType | EventTypeLiteral] | None = None,
        **targets: Unpack[DestinationTargets],
    ) -> EventDestination:
        """Change the destination (UpdateEventDestination); returns `self`."""
        with error_notes(f"while updating {self!r}"):
            result = self._set.client.update_event_destination(
                configuration_set_name=self._set.name,
                event_destination_name=self.name,
                enabled=enabled,
                matching_event_types=matching_event_types,
                **targets,
            )
        if result.event_destination is not None:
            self._info = result.event_destination
        else:
            found = self._set._reread_destination(self.name)
            if found is not None:
                self._info = found._info
        self._set._store_destination(self._info, self.name)
        return self

    def enable(self) -> EventDestination:
        """`update(enabled=True)`."""
        return self.update(enabled=True)

    def disable(self) -> EventDestination:
        """`update(enabled=False)`."""
        return self.update(enabled=False)

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the destination (DeleteEventDestination)."""
        with error_notes(f"while deleting {self!r}", ignore=is_missing if missing_ok else None):
            self._set.client.delete_event_destination(
                configuration_set_name=self._set.name, event_destination_name=self.name
            )
        self._set._store_destination(None, self.name)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, EventDestination)
            and other._set.arn == self._set.arn
            and other.name == self.name
        )

    def __hash__(self) -> int:
        return hash((self._set.arn, self.name))

    def __repr__(self) -> str:
        return (
            f"EventDestination(configuration_set={self._set.name!r}, name={self.name!r}, "
            f"enabled={self.enabled!r})"
        )


__all__ = ["ConfigurationSet", "DestinationTargets", "EventDestination"]
