"""`ProtectConfiguration`: per-country rules that block or allow messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from smsv2._generated.models._protect_configuration_information import (
    ProtectConfigurationInformation,
)
from smsv2._generated.resource_fields import ProtectConfigurationInformationFields
from smsv2.resources._base import (
    ResourceList,
    TaggableResource,
    ref,
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
        ProtectConfigurationRuleOverrideAction,
        ProtectConfigurationRuleOverrideActionLiteral,
        ProtectConfigurationRuleSetNumberOverride,
        ProtectConfigurationRuleSetNumberOverrideFilterItem,
        ProtectConfigurationRuleSetNumberOverrideFilterItemDict,
        ProtectStatus,
        ProtectStatusLiteral,
    )
    from smsv2.resources.configuration_sets import ConfigurationSet


class ProtectConfiguration(
    ProtectConfigurationInformationFields, TaggableResource[ProtectConfigurationInformation]
):
    """A protect configuration (ProtectConfigurationInformation).

    ```python
    protect = ProtectConfiguration.create()
    protect.block("RU", "CN")                               # SMS by default
    protect.country_rules("SMS")["RU"]
    # 'BLOCK'
    ```
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
        client = resolve_client(client)
        result = client.create_protect_configuration(
            deletion_protection_enabled=deletion_protection_enabled, tags=tag_list(tags)
        )
        return cls._created(client, result, result.protect_configuration_id)

    # -- changes -------------------------------------------------------------------------------

    def update(self, *, deletion_protection_enabled: bool | None = None) -> Self:
        """Change settings (UpdateProtectConfiguration)."""
        with self._noting("updating"):
            result = self._client.update_protect_configuration(
                protect_configuration_id=self.id,
                deletion_protection_enabled=deletion_protection_enabled,
            )
            self._merge(result)
        return self

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the protect configuration (DeleteProtectConfiguration)."""
        with self._noting("deleting", missing_ok=missing_ok):
            self._client.delete_protect_configuration(protect_configuration_id=self.id)

    def make_account_default(self) -> None:
        """Apply this configuration to every message of the account without one."""
        with self._noting("making account default"):
            self._client.set_account_default_protect_configuration(protect_configuration_id=self.id)
        self._info = self._info.model_copy(update={"account_default": True})

    def clear_account_default(self) -> None:
        """Stop this configuration being the account default.

        (DeleteAccountDefaultProtectConfiguration; the account then has none.)
        """
        with self._noting("clearing account default"):
            self._client.delete_account_default_protect_configuration()
        self._info = self._info.model_copy(update={"account_default": False})

    # -- country rules -------------------------------------------------------------------------

    def country_rules(
        self, capability: NumberCapability | NumberCapabilityLiteral = "SMS"
    ) -> dict[str, ProtectStatus | str]:
        """Each country's rule for a channel (GetProtectConfigurationCountryRuleSet)."""
        with self._noting("reading country rules"):
            result = self._client.get_protect_configuration_country_rule_set(
                protect_configuration_id=self.id, number_capability=capability
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
        with self._noting("updating country rules"):
            result = self._client.update_protect_configuration_country_rule_set(
                protect_configuration_id=self.id,
                number_capability=capability,
                country_rule_set_updates=updates,
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
        name = ref(configuration_set)
        with self._noting(f"associating configuration set {name} with"):
            self._client.associate_protect_configuration(
                protect_configuration_id=self.id, configuration_set_name=name
            )

    def disassociate(self, configuration_set: ConfigurationSet | str) -> None:
        """Remove this configuration from a configuration set."""
        name = ref(configuration_set)
        with self._noting(f"disassociating configuration set {name} from"):
            self._client.disassociate_protect_configuration(
                protect_configuration_id=self.id, configuration_set_name=name
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
        with self._noting("setting a number override on"):
            self._client.put_protect_configuration_rule_set_number_override(
                protect_configuration_id=self.id,
                destination_phone_number=destination_phone_number,
                action=action,
                expiration_timestamp=expiration_timestamp,
            )

    def remove_number_override(
        self, destination_phone_number: str, *, missing_ok: bool = False
    ) -> None:
        """Remove a destination number's override."""
        with self._noting("removing a number override from", missing_ok=missing_ok):
            self._client.delete_protect_configuration_rule_set_number_override(
                protect_configuration_id=self.id, destination_phone_number=destination_phone_number
            )

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


__all__ = ["ProtectConfiguration"]
