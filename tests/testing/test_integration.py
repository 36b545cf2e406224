from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from smsv2.testing import FakeSmsVoice, mock_sms_voice, serve
from tests.testing._util import response_of

SIM_OK = "+14254147755"


def _pool_and_bucket() -> str:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="media-bucket")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["media-bucket"]
    sms = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
    number = sms.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="SIMULATOR",
    )
    pool = sms.create_pool(OriginationIdentity=number["PhoneNumberId"], MessageType="TRANSACTIONAL")
    assert sms.describe_pools()["Pools"][0]["PoolId"] == pool["PoolId"]
    return str(pool["PoolId"])


def test_inside_moto_mock_aws() -> None:
    with mock_aws(), mock_sms_voice() as fake:
        _pool_and_bucket()
        assert len(fake.dump_state()["states"]) == 1  # type: ignore[arg-type]


def test_moto_inside_fake() -> None:
    with mock_sms_voice() as fake, mock_aws():
        _pool_and_bucket()
        assert len(fake.dump_state()["states"]) == 1  # type: ignore[arg-type]


def _client(endpoint: str) -> Any:
    return boto3.client(
        "pinpoint-sms-voice-v2",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_http_server_with_boto3_and_state_file(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    with serve(FakeSmsVoice(), state_file=state_file) as server:
        client = _client(server.endpoint_url)
        number = client.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="SIMULATOR",
        )
        pool = client.create_pool(
            OriginationIdentity=number["PhoneNumberId"], MessageType="TRANSACTIONAL"
        )
        client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_OK)
        with pytest.raises(ClientError) as exc:
            client.send_text_message(
                DestinationPhoneNumber=SIM_OK, OriginationIdentity=pool["PoolId"], MessageBody="x"
            )
        assert response_of(exc)["Reason"] == "DESTINATION_PHONE_NUMBER_OPTED_OUT"
        assert response_of(exc)["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]
    assert json.loads(state_file.read_text())["version"] == 1
    with serve(FakeSmsVoice(), state_file=state_file) as server:
        client = _client(server.endpoint_url)
        assert client.describe_pools()["Pools"][0]["PoolId"] == pool["PoolId"]
        assert (
            client.describe_opted_out_numbers(OptOutListName="Default")["OptedOutNumbers"][0][
                "OptedOutNumber"
            ]
            == SIM_OK
        )


#: The AWS CLI lives in its own venv (it pins an older botocore than the dev model):
#: `make cli` creates it and `make test` passes its path here.
AWS_CLI = Path(
    os.environ.get("SMSV2_AWS_CLI") or Path(__file__).parents[2] / ".cli-venv" / "bin" / "aws"
)


def _aws(endpoint: str, *args: str) -> Any:
    aws = AWS_CLI
    assert aws.exists(), f"{aws} is missing: run `make cli` (make test does)"
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_MAX_ATTEMPTS": "1",
    }
    proc = subprocess.run(
        [str(aws), "--endpoint-url", endpoint, "--output", "json", "pinpoint-sms-voice-v2", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    return proc


def test_aws_cli_against_server() -> None:
    with serve() as server:
        url = server.endpoint_url
        proc = _aws(
            url,
            "request-phone-number",
            "--iso-country-code",
            "US",
            "--message-type",
            "TRANSACTIONAL",
            "--number-capabilities",
            "SMS",
            "--number-type",
            "SIMULATOR",
        )
        assert proc.returncode == 0, proc.stderr
        phone_id = json.loads(proc.stdout)["PhoneNumberId"]
        proc = _aws(
            url,
            "create-pool",
            "--origination-identity",
            phone_id,
            "--message-type",
            "TRANSACTIONAL",
        )
        assert proc.returncode == 0, proc.stderr
        pool_id = json.loads(proc.stdout)["PoolId"]
        proc = _aws(url, "describe-pools", "--pool-ids", pool_id)
        assert json.loads(proc.stdout)["Pools"][0]["Status"] == "ACTIVE"
        proc = _aws(
            url,
            "put-keyword",
            "--origination-identity",
            pool_id,
            "--keyword",
            "info",
            "--keyword-message",
            "Hi",
        )
        assert json.loads(proc.stdout)["Keyword"] == "INFO"
        proc = _aws(
            url,
            "put-opted-out-number",
            "--opt-out-list-name",
            "Default",
            "--opted-out-number",
            SIM_OK,
        )
        assert proc.returncode == 0, proc.stderr
        proc = _aws(
            url,
            "send-text-message",
            "--destination-phone-number",
            SIM_OK,
            "--origination-identity",
            pool_id,
            "--message-body",
            "hello",
        )
        assert proc.returncode != 0
        assert "ConflictException" in proc.stderr
        assert server.fake.sent_messages == []


def test_server_process_saves_state_on_sigterm(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smsv2.testing.server",
            "--port",
            "0",
            "--state-file",
            str(state_file),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        endpoint = line.strip().rsplit(" ", 1)[-1]
        _client(endpoint).create_opt_out_list(OptOutListName="persisted")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0
    fake = FakeSmsVoice()
    fake.load(state_file)
    status, body = fake.handle("DescribeOptOutLists", {"OptOutListNames": ["persisted"]})
    assert status == 200 and body["OptOutLists"][0]["OptOutListName"] == "persisted"  # type: ignore[index]
