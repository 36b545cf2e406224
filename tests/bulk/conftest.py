"""Fixtures of the bulk tests: fakes with a sending number, the HTTP fake, a real redis-server."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from redis import Redis

import smsv2
from smsv2.testing import FakeSmsVoice, ThreadedServer, mock_sms_voice, serve


def request_number(
    client: smsv2.Client, number_type: str = "TOLL_FREE", country: str = "US"
) -> str:
    """A new ACTIVE SMS number of the fake's account; its ID."""
    number = client.request_phone_number(
        iso_country_code=country,
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type=number_type,  # type: ignore[arg-type]
    )
    assert number.phone_number_id is not None
    return number.phone_number_id


def key_in(journal: Path, message: smsv2.OutboundMessage) -> str:
    """The key ``message`` has in ``journal`` (an HMAC under the journal's own secret)."""
    with sqlite3.connect(journal) as db:
        (secret,) = db.execute("SELECT value FROM meta WHERE name = 'secret'").fetchone()
    return message.key_under(bytes.fromhex(secret))


#: The key secret of the Redis and Celery tests (what users configure).
KEY_SECRET = "test-secret-0123456789abcdef"


def messages(
    count: int, origination: str, *, start: int = 0, body: str = "message"
) -> list[smsv2.OutboundMessage]:
    """``count`` distinct messages to distinct recipients."""
    return [
        smsv2.OutboundMessage(
            destination_phone_number=f"+1206555{i:04d}",
            origination_identity=origination,
            message_body=f"{body} {i}",
        )
        for i in range(start, start + count)
    ]


@pytest.fixture
def fake() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice(fake=FakeSmsVoice(seed=7)) as active:
        active.leave_sandbox()  # production spend limits too
        yield active


@pytest.fixture(scope="session")
def shared_client() -> smsv2.Client:
    # Creating a botocore client loads the service model (~0.5 s): do it once per session.
    return smsv2.Client(region_name="us-east-1", backoff_base=0.0)


@pytest.fixture
def client(fake: FakeSmsVoice, shared_client: smsv2.Client) -> smsv2.Client:
    return shared_client.with_options()


@pytest.fixture
def number(client: smsv2.Client) -> str:
    return request_number(client)


@pytest.fixture
def server() -> Iterator[ThreadedServer]:
    fake = FakeSmsVoice(seed=11)
    fake.leave_sandbox()
    with serve(fake) as running:
        yield running


@pytest.fixture
def http_client(server: ThreadedServer) -> smsv2.Client:
    return smsv2.Client(region_name="us-east-1", endpoint_url=server.endpoint_url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_redis(workdir: Path, port: int, *, persistent: bool = True) -> subprocess.Popen[bytes]:
    """A real redis-server (Debian's package; .ci/run installs it) on a loopback ``port``.

    ``persistent``: configured as docs/bulk-sending.md recommends (an append-only file,
    fsynced on every write), so claims survive a restart; else nothing is kept.
    """
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail("redis-server is not installed: apt-get install redis-server (see .ci/run)")
    persistence = ["--appendonly", "yes", "--appendfsync", "always"] if persistent else []
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", *persistence],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            if Redis.from_url(url).ping():
                return process
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A persistent redis-server shared by the session's tests; its URL."""
    port = free_port()
    process = start_redis(tmp_path_factory.mktemp("redis"), port)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    Redis.from_url(redis_server).flushall()
    return redis_server


ROOT = Path(__file__).resolve().parents[2]


#: The Celery worker's log (stderr), in the test's tmp_path.
WORKER_LOG = "celery-worker.log"


@pytest.fixture
def celery_env(
    server: ThreadedServer, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[ModuleType]:
    """A real Celery worker (prefork, 2 processes) running tests/bulk/celery_app.py's task."""
    base = redis_url.rsplit("/", 1)[0]
    monkeypatch.setenv("SMSV2_TEST_BROKER", f"{base}/1")
    monkeypatch.setenv("SMSV2_TEST_BACKEND", f"{base}/2")
    monkeypatch.setenv("SMSV2_TEST_REDIS", f"{base}/0")
    monkeypatch.setenv("SMSV2_TEST_ENDPOINT", server.endpoint_url)
    monkeypatch.setenv("SMSV2_TEST_RATE", "20")
    sys.modules.pop("tests.bulk.celery_app", None)  # a new app, configured from this env
    module = importlib.import_module("tests.bulk.celery_app")
    log = (tmp_path / WORKER_LOG).open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.bulk.celery_app",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield module
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
