"""AWS's JavaScript SDK v3 (``@aws-sdk/client-pinpoint-sms-voice-v2``) against the fake's server.

The SDK is installed from the npm registry into a temporary directory once per test session
(``.ci/run`` installs Node.js and npm from Debian). Another SDK's wire format, signing and
error parsing are checked against the fake, next to the AWS CLI test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from smsv2.testing import FakeSmsVoice, serve

SCRIPT = Path(__file__).parent / "js" / "fake_roundtrip.mjs"
PACKAGE = "@aws-sdk/client-pinpoint-sms-voice-v2@3"
SIM_OK = "+14254147755"


@pytest.fixture(scope="session")
def js_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.fail("node and npm are not installed: apt-get install nodejs npm (see .ci/run)")
    where = tmp_path_factory.mktemp("js-sdk")
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(where), PACKAGE],
        check=True,
        timeout=600,
    )
    shutil.copy(SCRIPT, where / SCRIPT.name)  # node resolves packages next to the script
    yield where / SCRIPT.name


def test_the_js_sdk_sends_pages_and_reads_errors_from_the_fake(js_sdk: Path) -> None:
    node = shutil.which("node")
    assert node is not None
    with serve(FakeSmsVoice()) as server:
        out = subprocess.run(
            [node, str(js_sdk), server.endpoint_url, SIM_OK],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        seen = json.loads(out.stdout.strip().splitlines()[-1])
        sent = server.fake.sent_messages
    assert seen["numberId"] in seen["listed"]
    assert [m.message_id for m in sent] == [seen["messageId"]]
    assert seen["error"] == {
        "name": "ConflictException",
        "reason": "DESTINATION_PHONE_NUMBER_OPTED_OUT",
        "status": 400,
    }
