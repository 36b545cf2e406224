"""The sessions smsv2 creates: botocore alone, one shared loader, no listing for our service."""

from __future__ import annotations

import subprocess
import sys

import botocore.loaders
import botocore.session
import pytest

from smsv2._botocore_session import shared_loader, use_shared_loader
from smsv2._transport import SERVICE_NAME


def test_our_model_loads_without_listing_every_service(monkeypatch: pytest.MonkeyPatch) -> None:
    def listing(*_: object) -> list[str]:
        raise AssertionError("botocore listed every installed service")

    loader = shared_loader(SERVICE_NAME, "/nonexistent-smsv2-test-path")
    monkeypatch.setattr(botocore.loaders.Loader, "list_available_services", listing)
    model = loader.load_service_model(SERVICE_NAME, "service-2")
    assert model["metadata"]["targetPrefix"] == "PinpointSMSVoiceV2"


def test_other_services_of_the_session_still_load_and_unknown_ones_fail() -> None:
    # An assume-role or SSO profile makes the session create an STS / SSO client too.
    session = botocore.session.Session()
    use_shared_loader(session, SERVICE_NAME)
    sts = session.create_client("sts", region_name="us-east-1")
    assert sts.meta.service_model.service_name == "sts"
    assert "sts" in session.get_available_services()
    with pytest.raises(botocore.exceptions.UnknownServiceError):
        session.create_client("no-such-service", region_name="us-east-1")


def test_one_loader_per_data_path_shares_the_loaded_model() -> None:
    first = shared_loader(SERVICE_NAME, None)
    assert shared_loader(SERVICE_NAME, None) is first
    assert first.load_service_model(SERVICE_NAME, "service-2") is first.load_service_model(
        SERVICE_NAME, "service-2"
    )
    assert shared_loader(SERVICE_NAME, "/elsewhere") is not first


def test_a_first_send_imports_neither_boto3_asyncio_nor_the_async_bulk_driver() -> None:
    code = (
        "import sys, smsv2\n"
        "from botocore.awsrequest import AWSResponse\n"
        "import botocore.handlers\n"
        "class Body:\n"
        '    def stream(self, **_): yield b\'{"MessageId": "m"}\'\n'
        "def answer(request, **_): return AWSResponse(request.url, 200, {}, Body())\n"
        "botocore.handlers.BUILTIN_HANDLERS.append(('before-send', answer))\n"
        "client = smsv2.Client(region_name='us-east-1')\n"
        "client.send_text_message(destination_phone_number='+12065550100', message_body='x')\n"
        "print(sorted({'boto3', 'asyncio', 'smsv2.bulk._async'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
