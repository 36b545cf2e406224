"""Handle opt-outs with ``OptOutList``, against smsv2.testing's fake.

Run: ``python examples/opt_out_handling.py`` (no AWS account needed).
"""

from __future__ import annotations

from smsv2.errors import DestinationOptedOutError
from smsv2.resources import OptOutList, PhoneNumber
from smsv2.testing import mock_sms_voice

CUSTOMER = "+12065550142"


def main() -> None:
    with mock_sms_voice() as fake:
        fake.leave_sandbox()
        stop = OptOutList.ensure("marketing-stop")  # created, or the existing list
        assert OptOutList.ensure("marketing-stop") == stop  # idempotent

        number = PhoneNumber.request(
            iso_country_code="US",
            message_type="PROMOTIONAL",
            number_capabilities=["SMS"],
            number_type="TOLL_FREE",
            opt_out_list=stop,
        )
        number.wait_until_active()

        # The customer asks us (outside SMS) to stop messaging them.
        stop.opt_out(CUSTOMER)
        print("opted out:", CUSTOMER in stop)
        try:
            number.send_text(CUSTOMER, "20% off this weekend!")
        except DestinationOptedOutError as exc:
            print("not sent:", exc.reason)

        for entry in stop.numbers():
            print(" ", entry.opted_out_number, "since", entry.opted_out_timestamp)

        # They sign up again on the website: take them off the list.
        stop.opt_in(CUSTOMER)
        print("opted out:", CUSTOMER in stop)
        print("sent:", number.send_text(CUSTOMER, "Welcome back!").message_id)


if __name__ == "__main__":
    main()
