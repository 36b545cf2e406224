"""The object API as ``smsv2.<Name>``, with the default client, as a new user writes it."""

from __future__ import annotations

import smsv2
from smsv2 import resources
from smsv2.testing import mock_sms_voice


def test_every_resource_name_is_exported_from_smsv2() -> None:
    for name in resources.__all__:
        assert getattr(smsv2, name) is getattr(resources, name)
        assert name in smsv2.__all__


def test_pool_from_a_number_with_the_default_client() -> None:
    with mock_sms_voice() as fake:
        number = smsv2.PhoneNumber.request(
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            number_capabilities=["SMS"],
            number_type="TOLL_FREE",
        )
        pool = smsv2.Pool.create(
            origination_identity=number.phone_number_id,
            iso_country_code="US",
            message_type="TRANSACTIONAL",
        )
        assert pool.client is smsv2.default_client()
        assert [n.arn for n in smsv2.PhoneNumber.list()] == [
            n.phone_number_arn for n in smsv2.default_client().phone_numbers()
        ]
        assert [i.origination_identity for i in pool.origination_identities()] == [
            number.phone_number_id
        ]
        assert len(fake.sent_messages) == 0
