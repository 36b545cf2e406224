"""``ProtectConfiguration``: per-country rules that block or allow messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, TypeVar

from smsv2._generated.resource_fields import ProtectConfigurationInformationFields
from smsv2.errors import SmsV2Error
from smsv2.resources._base import (
    ResourceList,
    TaggableResource,
    add_context,
    found_one,
    is_missing,
    merge_info,
    resolve_client,
    same,
    tag_list,
)

if TYPE_CHECKING:
    from typing_extensions import Self

    from smsv2.client import Client
    from smsv2.models import (
        NumberCapability,
        NumberCapabilityLiteral,
        ProtectConfigurationFilter,
        ProtectConfigurationFilterDict,
        ProtectConfigurationInformation,
        ProtectConfigurationRuleOverrideAction,
        ProtectConfigurationRuleOverrideActionLiteral,
        ProtectConfigurationRuleSetNumberOverride,
        ProtectConfigurationRuleSetNumberOverrideFilterItem,
        ProtectConfigurationRuleSetNumberOverrideFilterItemDict,
        ProtectStatus,
        ProtectStatusLiteral,
    )
    from smsv2.resources.configuration_sets import ConfigurationSet

T = TypeVar("T")


class ProtectConfiguration(
    TaggableResource["ProtectConfigurationInformation"], ProtectConfigurationInformationFields
):
    """A protect configuration (ProtectConfigurationInformation).

    >>> protect = ProtectConfiguration.create()                 # doctest: +SKIP
    >>> protect.block("RU", "CN")                               # SMS by default  # doctest: +SKIP
    >>> protect.country_rules("SMS")["RU"]                      # doctest: +SKIP
    'BLOCK'
    """

    kind: ClassVar[str] = "ProtectConfiguration"
    __slots__ = ()

    @classmethod
    def create(
        cls,
        *,
        deletion_protection_enabled: bool | None = None,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> ProtectConfiguration:
        """Create a protect configuration (CreateProtectConfiguration)."""
        from smsv2.models import ProtectConfigurationInformation

        client = resolve_client(client)
        result = client.create_protect_configuration(
            deletion_protection_enabled=deletion_protection_enabled, tags=tag_list(tags)
        )
        info = merge_info(ProtectConfigurationInformation, result) or _describe(
            client, result.protect_configuration_id
        )
        return cls(info, client=client)

    @classmethod
    def get(
        cls, protect_configuration_id: str, *, client: Client | None = None
    ) -> ProtectConfiguration:
        """The protect configuration with this ID or ARN (DescribeProtectConfigurations)."""
        client = resolve_client(client)
        return cls(_describe(client, protect_configuration_id), client=client)

    @classmethod
    def list(
        cls,
        *,
        protect_configuration_ids: Sequence[str] | None = None,
        filters: Sequence[ProtectConfigurationFilter | ProtectConfigurationFilterDict]
        | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        client: Client | None = None,
    ) -> ResourceList[ProtectConfiguration]:
        """Every protect configuration matching the filters, lazily."""
        client = resolve_client(client)
        return ResourceList(
            client.protect_configurations(
                protect_configuration_ids=protect_configuration_ids,
                filters=filters,
                page_size=page_size,
                max_items=max_items,
            ),
            lambda info: cls(info, client=client),
        )

    @property
    def arn(self) -> str:
        """The protect configuration's ARN."""
        return self._info.protect_configuration_arn

    @property
    def id(self) -> str:
        """The protect configuration's ID."""
        return self._info.protect_configuration_id

    def _fetch(self) -> ProtectConfigurationInformation:
        return _describe(self._client, self.id)

    # -- changes -------------------------------------------------------------------------------

    def update(self, *, deletion_protection_enabled: bool | None = None) -> Self:
        """Change settings (UpdateProtectConfiguration)."""
        from smsv2.models import ProtectConfigurationInformation

        result = self._guard(
            "updating",
            lambda: self._client.update_protect_configuration(
                protect_configuration_id=self.id,
                deletion_protection_enabled=deletion_protection_enabled,
            ),
        )
        self._info = (
            merge_info(ProtectConfigurationInformation, self._info, result) or self._fetch()
        )
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the protect configuration (DeleteProtectConfiguration)."""
        self._guard_missing(
            "deleting",
            lambda: self._client.delete_protect_configuration(protect_configuration_id=self.id),
            missing_ok,
        )

    def make_account_default(self) -> None:
        """Apply this configuration to every message of the account without one."""
        self._guard(
            "making account default",
            lambda: self._client.set_account_default_protect_configuration(
                protect_configuration_id=self.id
            ),
        )
        self._info = self._info.model_copy(update={"account_default": True})

    def clear_account_default(self) -> None:
        """Stop this configuration being the account default.

        (DeleteAccountDefaultProtectConfiguration; the account then has none.)
        """
        self._guard(
            "clearing account default",
            lambda: self._client.delete_account_default_protect_configuration(),
        )
        self._info = self._info.model_copy(update={"account_default": False})

    # -- country rules -------------------------------------------------------------------------

    def country_rules(
        self, capability: NumberCapability | NumberCapabilityLiteral = "SMS"
    ) -> dict[str, ProtectStatus | str]:
        """Each country's rule for a channel (GetProtectConfigurationCountryRuleSet)."""
        result = self._guard(
            "reading country rules",
            lambda: self._client.get_protect_configuration_country_rule_set(
                protect_configuration_id=self.id, number_capability=capability
            ),
        )
        return {cc: rule.protect_status for cc, rule in result.country_rule_set.items()}

    def set_country_rules(
        self,
        rules: Mapping[str, ProtectStatus | ProtectStatusLiteral],
        *,
        capability: NumberCapability | NumberCapabilityLiteral = "SMS",
    ) -> dict[str, ProtectStatus | str]:
        """Set several countries' rules at once; returns the full rule set after the change."""
        from smsv2.models import ProtectConfigurationCountryRuleSetInformation as RuleInfo

        updates = {cc: RuleInfo(protect_status=status) for cc, status in rules.items()}
        result = self._guard(
            "updating country rules",
            lambda: self._client.update_protect_configuration_country_rule_set(
                protect_configuration_id=self.id,
                number_capability=capability,
                country_rule_set_updates=updates,
            ),
        )
        return {cc: rule.protect_status for cc, rule in result.country_rule_set.items()}

    def block(
        self,
        *iso_country_codes: str,
        capability: NumberCapability | NumberCapabilityLiteral = "SMS",
    ) -> None:
        """Block messages to these countries on a channel."""
        self.set_country_rules(dict.fromkeys(iso_country_codes, "BLOCK"), capability=capability)

    def allow(
        self,
        *iso_country_codes: str,
        capability: NumberCapability | NumberCapabilityLiteral = "SMS",
    ) -> None:
        """Allow messages to these countries on a channel."""
        self.set_country_rules(dict.fromkeys(iso_country_codes, "ALLOW"), capability=capability)

    def monitor(
        self,
        *iso_country_codes: str,
        capability: NumberCapability | NumberCapabilityLiteral = "SMS",
    ) -> None:
        """Let messages to these countries through but report them."""
        self.set_country_rules(dict.fromkeys(iso_country_codes, "MONITOR"), capability=capability)

    # -- configuration sets and number overrides -----------------------------------------------

    def associate(self, configuration_set: ConfigurationSet | str) -> None:
        """Apply this configuration to a configuration set (AssociateProtectConfiguration)."""
        name = configuration_set if isinstance(configuration_set, str) else configuration_set.name
        self._guard(
            f"associating configuration set {name} with",
            lambda: self._client.associate_protect_configuration(
                protect_configuration_id=self.id, configuration_set_name=name
            ),
        )

    def disassociate(self, configuration_set: ConfigurationSet | str) -> None:
        """Remove this configuration from a configuration set."""
        name = configuration_set if isinstance(configuration_set, str) else configuration_set.name
        self._guard(
            f"disassociating configuration set {name} from",
            lambda: self._client.disassociate_protect_configuration(
                protect_configuration_id=self.id, configuration_set_name=name
            ),
        )

    def set_number_override(
        self,
        destination_phone_number: str,
        action: ProtectConfigurationRuleOverrideAction
        | ProtectConfigurationRuleOverrideActionLiteral,
        *,
        expiration_timestamp: datetime | None = None,
    ) -> None:
        """Always allow or block one destination number, whatever its country's rule."""
        self._guard(
            "setting a number override on",
            lambda: self._client.put_protect_configuration_rule_set_number_override(
                protect_configuration_id=self.id,
                destination_phone_number=destination_phone_number,
                action=action,
                expiration_timestamp=expiration_timestamp,
            ),
        )

    def remove_number_override(
        self, destination_phone_number: str, *, missing_ok: bool = False
    ) -> None:
        """Remove a destination number's override."""
        try:
            self._client.delete_protect_configuration_rule_set_number_override(
                protect_configuration_id=self.id, destination_phone_number=destination_phone_number
            )
        except SmsV2Error as exc:
            if missing_ok and is_missing(exc):
                return
            add_context(exc, f"while removing a number override from {self._label()}")
            raise

    def number_overrides(
        self,
        *,
        filters: Sequence[
            ProtectConfigurationRuleSetNumberOverrideFilterItem
            | ProtectConfigurationRuleSetNumberOverrideFilterItemDict
        ]
        | None = None,
    ) -> ResourceList[ProtectConfigurationRuleSetNumberOverride]:
        """The number overrides, lazily (ListProtectConfigurationRuleSetNumberOverrides)."""
        return ResourceList(
            self._client.rule_set_number_overrides(
                protect_configuration_id=self.id, filters=filters
            ),
            same,
        )


def _describe(client: Client, protect_configuration_id: str) -> ProtectConfigurationInformation:
    result = client.describe_protect_configurations(
        protect_configuration_ids=[protect_configuration_id]
    )
    return found_one(
        result.protect_configurations,
        f"protect configuration {protect_configuration_id}",
        "DescribeProtectConfigurations",
    )


__all__ = ["ProtectConfiguration"]
