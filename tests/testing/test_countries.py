"""Every country of the service's table: calling codes, protect rules, numbers, sender IDs
and sends."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import smsv2
from smsv2.resources import ProtectConfiguration
from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._backend import countries
from tests.testing._util import response_of

NIGERIA = "+2348031234567"


def _error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str | None]:
    response = response_of(exc)
    return response["Error"]["Code"], response.get("Reason")


def _client() -> Any:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")


def test_the_table_is_the_services_and_says_where_it_comes_from() -> None:
    table = countries.table()
    assert len(table) > 200
    assert table["NG"].name == "Nigeria"
    assert table["NG"].calling_code == "234"
    assert table["NG"].sms_sender_ids == countries.YES
    assert table["IN"].sms_sender_ids == countries.REGISTRATION_REQUIRED
    assert table["US"].mms == countries.YES
    assert table["GB"].mms == countries.NO
    source = countries.source()
    assert "phone-numbers-sms-by-country" in source["table"]
    assert source["retrieved"] == "2026-12-01"
    for entry in table.values():
        assert entry.calling_code.isdigit(), entry.iso
        assert all(p.startswith(entry.calling_code) for p in entry.prefixes), entry.iso


@pytest.mark.parametrize(
    ("number", "iso"),
    [
        (NIGERIA, "NG"),
        ("+12065550100", "US"),
        ("+14165550100", "CA"),
        ("+12645550100", "AI"),
        ("+18095550100", "DO"),
        ("+447700900123", "GB"),
        ("+441481700123", "GG"),
        ("+74951234567", "RU"),
        ("+77012345678", "KZ"),
        ("+33612345678", "FR"),
        ("+8613800138000", "CN"),
        ("+99912345678", None),
    ],
)
def test_destination_numbers_map_to_countries(number: str, iso: str | None) -> None:
    assert countries.country_of(number) == iso


def test_block_nigeria_and_everything_except_us_and_canada() -> None:
    with mock_sms_voice():
        client = smsv2.Client(region_name="us-east-1", backoff_base=0.0)
        protect = ProtectConfiguration.create(client=client)
        protect.block("NG")
        rules = protect.country_rules("SMS")
        assert rules["NG"] == "BLOCK"
        assert set(rules) == set(countries.table())
        others = [cc for cc in rules if cc not in ("US", "CA")]
        protect.block(*others)
        after = protect.country_rules("SMS")
        assert {cc for cc, status in after.items() if status != "BLOCK"} == {"US", "CA"}
        assert len(after) == len(countries.table())


def test_unknown_country_in_a_rule_is_refused() -> None:
    with mock_sms_voice():
        client = _client()
        protect_id = client.create_protect_configuration()["ProtectConfigurationId"]
        with pytest.raises(ClientError) as exc:
            client.update_protect_configuration_country_rule_set(
                ProtectConfigurationId=protect_id,
                NumberCapability="SMS",
                CountryRuleSetUpdates={"ZZ": {"ProtectStatus": "BLOCK"}},
            )
        assert _error(exc) == ("ValidationException", "INVALID_PARAMETER")


def test_send_to_nigeria_from_a_sender_id_and_the_protect_block() -> None:
    fake = FakeSmsVoice(sandbox=False)
    with mock_sms_voice(fake=fake):
        client = _client()
        client.request_sender_id(SenderId="ACME", IsoCountryCode="NG")
        client.send_text_message(
            DestinationPhoneNumber=NIGERIA, OriginationIdentity="ACME", MessageBody="hello"
        )
        assert fake.sent_messages[-1].destination == NIGERIA
        protect_id = client.create_protect_configuration()["ProtectConfigurationId"]
        client.update_protect_configuration_country_rule_set(
            ProtectConfigurationId=protect_id,
            NumberCapability="SMS",
            CountryRuleSetUpdates={"NG": {"ProtectStatus": "BLOCK"}},
        )
        with pytest.raises(ClientError) as exc:
            client.send_text_message(
                DestinationPhoneNumber=NIGERIA,
                OriginationIdentity="ACME",
                MessageBody="blocked",
                ProtectConfigurationId=protect_id,
            )
        assert _error(exc) == (
            "ConflictException",
            "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION",
        )
    assert len(fake.sent_messages) == 1


def test_unassigned_destination_is_not_valid() -> None:
    with mock_sms_voice(sandbox=False):
        with pytest.raises(ClientError) as exc:
            _client().send_text_message(DestinationPhoneNumber="+99912345678", MessageBody="x")
        assert _error(exc) == ("ValidationException", "INVALID_PARAMETER")


@pytest.mark.parametrize(
    ("iso", "number_type", "capabilities", "error"),
    [
        ("GB", "LONG_CODE", ["SMS"], None),
        ("KE", "LONG_CODE", ["VOICE"], None),
        ("NG", "LONG_CODE", ["SMS"], ("ResourceNotFoundException", None)),
        ("NG", "LONG_CODE", ["VOICE"], ("ResourceNotFoundException", None)),
        ("DE", "TEN_DLC", ["SMS"], ("ResourceNotFoundException", None)),
        ("GB", "TOLL_FREE", ["SMS"], ("ResourceNotFoundException", None)),
        ("CA", "TOLL_FREE", ["SMS"], None),
        ("GB", "LONG_CODE", ["SMS", "MMS"], ("ValidationException", "INVALID_PARAMETER")),
        ("ZZ", "LONG_CODE", ["SMS"], ("ResourceNotFoundException", None)),
    ],
)
def test_request_phone_number_follows_the_table(
    iso: str, number_type: str, capabilities: list[str], error: tuple[str, str | None] | None
) -> None:
    with mock_sms_voice():
        client = _client()
        kwargs = {
            "IsoCountryCode": iso,
            "MessageType": "TRANSACTIONAL",
            "NumberCapabilities": capabilities,
            "NumberType": number_type,
        }
        if error is None:
            number = client.request_phone_number(**kwargs)
            if number_type != "TOLL_FREE":  # +1 8XX numbers are shared by the NANP
                assert countries.country_of(number["PhoneNumber"]) == iso
            assert number["IsoCountryCode"] == iso
        else:
            with pytest.raises(ClientError) as exc:
                client.request_phone_number(**kwargs)
            assert _error(exc) == error


@pytest.mark.parametrize(
    ("iso", "reason"),
    [
        ("NG", None),
        ("GB", None),
        ("US", "SENDER_ID_NOT_SUPPORTED"),
        ("BS", "SENDER_ID_NOT_SUPPORTED"),
        ("IN", "SENDER_ID_REQUIRES_REGISTRATION"),
        ("AU", "SENDER_ID_REQUIRES_REGISTRATION"),
        ("ZZ", "SENDER_ID_NOT_SUPPORTED"),
    ],
)
def test_request_sender_id_follows_the_table(iso: str, reason: str | None) -> None:
    with mock_sms_voice():
        client = _client()
        if reason is None:
            assert client.request_sender_id(SenderId="ACME", IsoCountryCode=iso)["SenderId"]
        else:
            with pytest.raises(ClientError) as exc:
                client.request_sender_id(SenderId="ACME", IsoCountryCode=iso)
            assert _error(exc) == ("ValidationException", reason)


def test_generated_numbers_of_shared_codes_stay_in_their_country() -> None:
    with mock_sms_voice():
        client = _client()
        for iso in ("GG", "JE", "KZ", "YT", "AI"):
            entry = countries.table()[iso]
            if not (entry.supports("sms_long_codes") or entry.supports("voice")):
                continue
            caps = ["SMS"] if entry.supports("sms_long_codes") else ["VOICE"]
            number = client.request_phone_number(
                IsoCountryCode=iso,
                MessageType="TRANSACTIONAL",
                NumberCapabilities=caps,
                NumberType="LONG_CODE",
            )["PhoneNumber"]
            assert countries.country_of(number) == iso
            assert len(number) <= 16
