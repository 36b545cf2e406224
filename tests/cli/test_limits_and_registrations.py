"""``smsv2 numbers limits`` and ``smsv2 registrations plan|apply|status`` against the fake."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import smsv2
from smsv2.cli import ExitCode, main
from smsv2.testing import FakeSmsVoice, mock_sms_voice

EXAMPLES = Path(__file__).parent.parent.parent / "examples" / "registrations"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSmsVoice]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_sms_voice(settle="manual") as active:
        yield active


def test_numbers_limits_shows_rates_and_caps(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]
) -> None:
    client = smsv2.Client()
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS", "MMS"],
        number_type="TOLL_FREE",
    )
    fake.set_messaging_limits(
        str(number.phone_number_id), rate_limits={"SMS": 20}, daily_caps={"T-MOBILE": 2000}
    )
    client.request_sender_id(sender_id="EXAMPLE", iso_country_code="GB")
    assert main(["--output", "json", "numbers", "limits"]) == ExitCode.OK
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {
        "identity": number.phone_number_id,
        "kind": "TOLL_FREE",
        "country": "US",
        "rates": "SMS 20",
        "caps": "T-MOBILE 2000",
    }
    assert rows[1]["kind"] == "SENDER_ID" and rows[1]["caps"] == "-"


def test_registrations_plan_apply_status(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = tmp_path / "brand.json"
    shutil.copy(EXAMPLES / "brand.json", spec)
    assert main(["registrations", "status", str(spec)]) == ExitCode.SERVICE_ERROR
    assert "not created yet" in capsys.readouterr().out

    assert main(["registrations", "plan", str(spec)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "'example-brand' (new registration): create" in out
    assert "+ contactInfo.supportEmail = example.support@gmail.com" in out
    assert "12065550100" not in out  # the support number is masked

    assert main(["registrations", "apply", str(spec)]) == ExitCode.OK
    assert "v1: SUBMITTED" in capsys.readouterr().out
    fake.advance(2 * 86400)
    assert main(["registrations", "status", str(spec)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "v1: DENIED" in out and "NON_BUSINESS_EMAIL" in out
    assert "fields: contactInfo.supportEmail" in out

    data = json.loads(spec.read_text())
    data["fields"]["contactInfo.supportEmail"] = "support@example.com"
    spec.write_text(json.dumps(data))
    assert main(["registrations", "plan", str(spec)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "v1 DENIED): new version" in out
    assert "~ contactInfo.supportEmail: example.support@gmail.com -> support@example.com" in out
    assert main(["registrations", "apply", str(spec)]) == ExitCode.OK
    capsys.readouterr()
    fake.advance(2 * 86400)
    assert main(["registrations", "status", str(spec)]) == ExitCode.OK
    assert "v2: APPROVED" in capsys.readouterr().out


def test_plan_with_problems_exits_non_zero(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads((EXAMPLES / "brand.json").read_text())
    del data["fields"]["companyInfo.city"]
    spec = tmp_path / "brand.json"
    spec.write_text(json.dumps(data))
    assert main(["registrations", "plan", str(spec)]) == ExitCode.SERVICE_ERROR
    assert "! companyInfo.city: is required" in capsys.readouterr().out
