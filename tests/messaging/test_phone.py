"""smsv2.normalize_phone_number with and without the phonenumbers extra; local E.164 check of destinations."""

from __future__ import annotations

import subprocess
import sys

import pytest

import smsv2
from smsv2 import errors
from smsv2.phone import PhoneNumberProblem, normalize_phone_number
from smsv2.testing import mock_sms_voice


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import phonenumbers` raise ImportError.
    monkeypatch.setitem(sys.modules, "phonenumbers", None)
    monkeypatch.setitem(sys.modules, "smsv2._libphonenumber", None)


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("(206) 555-0100", "US", "+12065550100"),
        ("206.555.0100", "us", "+12065550100"),
        ("+1 206-555-0100", "GB", "+12065550100"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),
    ],
)
def test_national_formats_with_extra(text: str, region: str, expected: str) -> None:
    assert normalize_phone_number(text, region) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("hello", PhoneNumberProblem.NOT_A_NUMBER),
        ("", PhoneNumberProblem.NOT_A_NUMBER),
        ("+4420", PhoneNumberProblem.TOO_SHORT),
        ("12", PhoneNumberProblem.TOO_SHORT),
        ("+1 206 555 01", PhoneNumberProblem.TOO_SHORT),
        ("+1206555010000", PhoneNumberProblem.TOO_LONG),
        ("+999 1234567", PhoneNumberProblem.INVALID_COUNTRY_CODE),
        ("+1 206 155 0100", PhoneNumberProblem.INVALID_FOR_REGION),
    ],
)
def test_rejections_with_extra_say_why(text: str, problem: PhoneNumberProblem) -> None:
    with pytest.raises(errors.InvalidPhoneNumberError) as caught:
        normalize_phone_number(text, field="destination_phone_number")
    err = caught.value
    assert err.problem is problem
    assert err.fields == ["destination_phone_number"]
    assert isinstance(err, errors.RequestValidationError)
    if text:
        assert text not in str(err)
        assert text.replace(" ", "") not in str(err)


@pytest.mark.usefixtures("without_extra")
def test_strict_e164_without_extra() -> None:
    assert normalize_phone_number("+12065550100") == "+12065550100"
    with pytest.raises(errors.InvalidPhoneNumberError) as caught:
        normalize_phone_number("(206) 555-0100")
    assert caught.value.problem is PhoneNumberProblem.NOT_E164
    assert "smsv2[phonenumbers]" in str(caught.value)
    assert "555" not in str(caught.value)


@pytest.mark.usefixtures("without_extra")
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("call me", PhoneNumberProblem.NOT_A_NUMBER),
        ("+1206", PhoneNumberProblem.TOO_SHORT),
        ("+1206555010000000", PhoneNumberProblem.TOO_LONG),
        ("2065550100", PhoneNumberProblem.NOT_E164),
        ("+0 206 555 0100", PhoneNumberProblem.NOT_E164),
    ],
)
def test_strict_rejections_without_extra(text: str, problem: PhoneNumberProblem) -> None:
    with pytest.raises(errors.InvalidPhoneNumberError) as caught:
        normalize_phone_number(text)
    assert caught.value.problem is problem
    assert "install smsv2[phonenumbers]" in str(caught.value)


def test_import_smsv2_stays_light() -> None:
    code = (
        "import sys, smsv2; smsv2.segments('x'); smsv2.events;"
        "print(sorted(m for m in ('phonenumbers', 'gsm0338', 'boto3', 'smsv2.testing')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_destination_without_plus_is_rejected_before_sending() -> None:
    with mock_sms_voice() as fake:
        client = smsv2.Client(region_name="us-east-1")
        with pytest.raises(errors.RequestValidationError) as caught:
            client.send_text_message(
                destination_phone_number="2065550100",
                origination_identity="+12065550199",
                message_body="hi",
            )
        assert caught.value.fields == ["destination_phone_number"]
        assert "normalize_phone_number" in str(caught.value)
        assert "2065550100" not in str(caught.value)
        assert caught.value.attempts == 0
        assert fake.sent_messages == []
