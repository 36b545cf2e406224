"""Set up a pool of phone numbers with the object API, against smsv2.testing's fake.

Run: ``python examples/pool_setup.py`` (no AWS account needed).
"""

from __future__ import annotations

from smsv2.errors import DeletionProtectionError
from smsv2.resources import OptOutList, PhoneNumber, Pool
from smsv2.testing import mock_sms_voice


def main() -> None:
    # settle="manual": asynchronous changes (PENDING -> ACTIVE) wait for fake.advance().
    with mock_sms_voice(settle="manual") as fake:
        stop = OptOutList.ensure("transactional-stop")

        numbers = [
            PhoneNumber.request(
                iso_country_code="US",
                message_type="TRANSACTIONAL",
                number_capabilities=["SMS"],
                number_type="TOLL_FREE",
                opt_out_list=stop,
            )
            for _ in range(2)
        ]
        for number in numbers:
            # In real use, leave out sleep=: it polls with time.sleep.
            number.wait_until_active(sleep=fake.advance)
            print("leased", number.phone_number, number.status)

        pool = Pool.create(origination_identity=numbers[0], message_type="TRANSACTIONAL")
        pool.wait_until_active(sleep=fake.advance)
        pool.add(numbers[1])
        pool.update(opt_out_list=stop, deletion_protection_enabled=True)
        pool.set_keyword("HOURS", "We answer 9am-5pm, Monday to Friday.")
        pool.tag(team="payments")

        print(pool)
        for identity in pool.origination_identities():
            print("  member", identity.phone_number, identity.origination_identity)
        for keyword in pool.keywords():
            print("  keyword", keyword.keyword, "->", keyword.keyword_action)

        fake.leave_sandbox()
        result = pool.send_text("+12065550100", "Your order has shipped.")
        print("sent", result.message_id)

        try:
            pool.delete()
        except DeletionProtectionError as exc:
            print("refused:", exc.reason)
        pool.update(deletion_protection_enabled=False)
        pool.delete()
        print("deleting:", pool.status)


if __name__ == "__main__":
    main()
