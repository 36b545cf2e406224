"""ListAvailablePhoneNumbers and RequestPhoneNumber's NumberPreference against the fake."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smsv2.testing import mock_sms_voice
from smsv2.testing._backend.numbers import AVAILABLE_INVENTORY_SIZE
from tests.testing._util import response_of

Client = Any
TEN_DLC = {"IsoCountryCode": "US", "NumberType": "TEN_DLC", "NumberCapabilities": ["SMS"]}


def _client() -> Client:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")


def _all(client: Client, **kwargs: Any) -> tuple[list[str], int]:
    numbers: list[str] = []
    pages = 0
    for page in client.get_paginator("list_available_phone_numbers").paginate(**kwargs):
        numbers += page["AvailablePhoneNumbers"]
        pages += 1
    return numbers, pages


def test_inventory_is_seeded_sorted_and_paginated() -> None:
    with mock_sms_voice(seed=7):
        first, pages = _all(_client(), **TEN_DLC)
        page = _client().list_available_phone_numbers(**TEN_DLC, MaxResults=3)
    with mock_sms_voice(seed=7):
        again, _ = _all(_client(), **TEN_DLC)
    with mock_sms_voice(seed=8):
        other, _ = _all(_client(), **TEN_DLC)
    assert len(first) == len(set(first)) == AVAILABLE_INVENTORY_SIZE
    assert pages == AVAILABLE_INVENTORY_SIZE // 10  # the service's page bound is 10
    assert first == sorted(first) == again
    assert other != first
    assert all(n.startswith("+1") and len(n) == 12 for n in first)
    assert page["AvailablePhoneNumbers"] == first[:3] and page["NextToken"]


def test_only_us_ten_dlc_has_numbers_and_mms_follows_the_country() -> None:
    with mock_sms_voice():
        client = _client()
        gb = client.list_available_phone_numbers(**{**TEN_DLC, "IsoCountryCode": "GB"})
        assert gb["AvailablePhoneNumbers"] == [] and "NextToken" not in gb
        mms = client.list_available_phone_numbers(**{**TEN_DLC, "NumberCapabilities": ["MMS"]})
        assert len(mms["AvailablePhoneNumbers"]) == 10


def test_number_preference_filters() -> None:
    with mock_sms_voice():
        client = _client()
        every, _ = _all(client, **TEN_DLC)

        def search(kind: str, *values: str) -> list[str]:
            found, _ = _all(
                client,
                **TEN_DLC,
                NumberPreference=[{"PreferenceType": [kind], "Filter": list(values)}],
            )
            return found

        starts = search("StartsWith", "+1206")
        assert starts and all(n.startswith("+1206") for n in starts)
        assert starts == [n for n in every if n.startswith("+1206")]
        assert search("EndsWith", every[0][-4:])[0] == every[0]
        assert every[1] in search("Contains", every[1][4:9])
        assert search("ExactMatch", every[2], every[3]) == every[2:4]
        assert search("ExactMatch", "+19995550000") == []
        with pytest.raises(ClientError) as exc:
            search("StartsWith", "+1206", "+1312")
        assert response_of(exc)["Reason"] == "INVALID_PARAMETER"
        assert response_of(exc)["Fields"][0]["Name"] == "numberPreference.filter"


def test_unknown_registration_is_not_found() -> None:
    with mock_sms_voice():
        with pytest.raises(ClientError) as exc:
            _client().list_available_phone_numbers(**TEN_DLC, RegistrationId="registration-nope")
        assert response_of(exc)["Error"]["Code"] == "ResourceNotFoundException"


def test_request_phone_number_takes_a_preferred_number_off_the_inventory() -> None:
    toll_free = {
        "IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL",
        "NumberType": "TOLL_FREE",
        "NumberCapabilities": ["SMS"],
    }
    with mock_sms_voice(seed=1) as fake:
        client = _client()
        wanted = [{"PreferenceType": ["StartsWith"], "Filter": ["+1888"]}]
        got = client.request_phone_number(**toll_free, NumberPreference=wanted)
        assert got["PhoneNumber"].startswith("+1888555")
        second = client.request_phone_number(**toll_free, NumberPreference=wanted)
        assert (
            second["PhoneNumber"].startswith("+1888")
            and second["PhoneNumber"] != got["PhoneNumber"]
        )
        with pytest.raises(ClientError) as exc:
            client.request_phone_number(
                **toll_free,
                NumberPreference=[{"PreferenceType": ["ExactMatch"], "Filter": ["+12065550000"]}],
            )
        assert response_of(exc)["Error"]["Code"] == "ResourceNotFoundException"
        assert len(fake.dump_state()["states"]) == 1  # type: ignore[arg-type]


def test_a_requested_number_leaves_the_listing() -> None:
    with mock_sms_voice(seed=3):
        client = _client()
        every, _ = _all(client, **TEN_DLC)
        campaign = client.create_registration(RegistrationType="US_TEN_DLC_CAMPAIGN_REGISTRATION")
        got = client.request_phone_number(
            **TEN_DLC,
            MessageType="TRANSACTIONAL",
            RegistrationId=campaign["RegistrationId"],
            NumberPreference=[{"PreferenceType": ["ExactMatch"], "Filter": [every[5]]}],
        )
        assert got["PhoneNumber"] == every[5]
        after, _ = _all(client, **TEN_DLC, RegistrationId=campaign["RegistrationId"])
        assert after == every[:5] + every[6:]
