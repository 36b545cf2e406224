"""A first send in a fresh process loads only what it needs (what ``make bench`` times as the
first send): not tenacity (needed only once a call is retried) and not every enum."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

_SNIPPET = textwrap.dedent(
    """
    import json, sys
    from botocore.awsrequest import AWSResponse
    import smsv2

    class Body:
        def stream(self, **_):
            yield b'{"MessageId": "m-1"}'

    def answer(request, **_):
        return AWSResponse(request.url, 200, {"x-amzn-RequestId": "r-1"}, Body())

    client = smsv2.Client(region_name="us-east-1")
    client.boto3_client.meta.events.register("before-send", answer)
    sent = client.send_text_message(
        destination_phone_number="+12065550123", message_body="hi", message_type="TRANSACTIONAL"
    )
    assert sent.message_id == "m-1"
    print(json.dumps(sorted(m for m in sys.modules if m.startswith(("smsv2", "tenacity")))))
    """
)


def _modules_after_first_send() -> set[str]:
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "example",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    out = subprocess.run(
        [sys.executable, "-c", _SNIPPET],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_first_send_loads_only_what_it_needs() -> None:
    loaded = _modules_after_first_send()
    assert "smsv2._generated.models._send_text_message_request" in loaded  # it did send
    assert not any(m.startswith("tenacity") for m in loaded), "tenacity loads on the first retry"
    enums = {m for m in loaded if m.startswith("smsv2._generated.enums.")}
    # The request's own enums (MessageType, ...) only, never the whole set.
    assert "smsv2._generated.enums._message_type" in enums
    assert 0 < len(enums) <= 10, sorted(enums)
