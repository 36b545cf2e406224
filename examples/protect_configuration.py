"""Block destination countries with a ``ProtectConfiguration``, against smsv2.testing's fake.

Run: ``python examples/protect_configuration.py`` (no AWS account needed).
"""

from __future__ import annotations

from smsv2.errors import ConflictException
from smsv2.resources import ConfigurationSet, PhoneNumber, ProtectConfiguration
from smsv2.testing import mock_sms_voice


def main() -> None:
    with mock_sms_voice() as fake:
        fake.leave_sandbox()
        number = PhoneNumber.request(
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            number_capabilities=["SMS"],
            number_type="TOLL_FREE",
        ).wait_until_active()

        protect = ProtectConfiguration.create(tags={"purpose": "fraud"})
        protect.block("US", "DE")  # SMS by default
        protect.allow("FR")
        rules = protect.country_rules("SMS")
        print({cc: str(rules[cc]) for cc in ("US", "DE", "FR")})

        # Only messages sent with this configuration set are checked...
        events = ConfigurationSet.ensure("protected")
        protect.associate(events)
        try:
            number.send_text("+12065550100", "hello", configuration_set_name=events.name)
        except ConflictException as exc:
            print("blocked:", exc.reason)

        # ...unless it is the account default: then every message is.
        protect.make_account_default()
        print("account default:", protect.account_default)
        try:
            number.send_text("+12065550101", "hello")
        except ConflictException as exc:
            print("blocked without a configuration set:", exc.reason)
        # One number can be let through whatever its country's rule.
        protect.set_number_override("+12065550100", "ALLOW")
        print("sent:", number.send_text("+12065550100", "hello").message_id)

        protect.clear_account_default()
        protect.disassociate(events)
        protect.delete()


if __name__ == "__main__":
    main()
