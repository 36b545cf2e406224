"""The main job, end to end, against the built-in fake (no AWS account needed).

A backend provisions what it sends from (a phone number, an opt-out list, a pool, a
configuration set), then sends one-time codes to its users. Recipients who opted out are
caught by type and skipped; everything else that could go wrong is a typed error too.

Run: python examples/send_notifications.py
"""

from __future__ import annotations

import smsv2
from smsv2 import errors
from smsv2.testing import mock_sms_voice

RECIPIENTS = ["+12065550101", "+12065550102", "+12065550103", "+12065550104"]
OPTED_OUT = "+12065550103"


def provision(client: smsv2.Client) -> str:
    """Create the sending infrastructure and return the pool to send from."""
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS", "VOICE"],
        number_type="TOLL_FREE",
    )
    client.create_opt_out_list(opt_out_list_name="otp-recipients")
    pool = client.create_pool(
        origination_identity=number.phone_number_id,
        iso_country_code="US",
        message_type="TRANSACTIONAL",
    )
    client.update_pool(pool_id=pool.pool_id, opt_out_list_name="otp-recipients")
    client.create_configuration_set(configuration_set_name="otp")
    return pool.pool_id


def send_codes(client: smsv2.Client, pool_id: str) -> tuple[list[str], list[str]]:
    """Send a code to every recipient; return (message ids, skipped recipients)."""
    sent: list[str] = []
    skipped: list[str] = []
    for index, recipient in enumerate(RECIPIENTS):
        try:
            result = client.send_text_message(
                destination_phone_number=recipient,
                origination_identity=pool_id,
                message_body=f"Your code is {100000 + index}",
                message_type="TRANSACTIONAL",
                configuration_set_name="otp",
            )
        except errors.DestinationOptedOutError:
            skipped.append(recipient)
            continue
        sent.append(result.message_id)
    return sent, skipped


def main() -> None:
    with mock_sms_voice() as fake:
        fake.leave_sandbox()
        client = smsv2.Client(region_name="us-east-1")
        pool_id = provision(client)
        client.put_opted_out_number(opt_out_list_name="otp-recipients", opted_out_number=OPTED_OUT)

        sent, skipped = send_codes(client, pool_id)

        numbers = list(client.phone_numbers())
        opted_out = [
            n.opted_out_number for n in client.opted_out_numbers(opt_out_list_name="otp-recipients")
        ]
        print(f"phone numbers in the account: {len(numbers)}")
        print(f"pool: {pool_id}")
        print(f"messages sent: {len(sent)}; skipped (opted out): {len(skipped)}")
        print(f"opt-out list holds {len(opted_out)} number(s)")
        print(f"the fake recorded {len(fake.sent_messages)} message(s)")
        if len(sent) != len(RECIPIENTS) - 1 or skipped != [OPTED_OUT]:
            raise SystemExit("unexpected result")
        if len(fake.sent_messages) != len(sent):
            raise SystemExit("the fake recorded a different number of messages")
        print("OK")


if __name__ == "__main__":
    main()
