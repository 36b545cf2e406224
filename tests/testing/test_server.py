"""The HTTP server stays up: malformed requests, slow and idle clients, bursts of connections.

Every test talks to ``python -m smsv2.testing.server`` in a subprocess on a free loopback port.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from smsv2.testing._backend.quotas import DEFAULT_LIMITS
from tests.testing._server_proc import ServerProcess, raw_request, read_response, wait_closed

THREADS = 4
READ_TIMEOUT = 1.0
IDLE_TIMEOUT = 2.0


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with ServerProcess(
        "--threads",
        str(THREADS),
        "--read-timeout",
        str(READ_TIMEOUT),
        "--idle-timeout",
        str(IDLE_TIMEOUT),
        "--max-body-bytes",
        "100000",
    ) as proc:
        yield proc
        assert proc.stop() == 0
        assert "Traceback" not in proc.stderr
        assert "Error" not in proc.stderr


def _exchange(server: ServerProcess, data: bytes) -> tuple[int, dict[str, object], bool]:
    """Send ``data`` on a fresh connection: status, JSON body, whether the server closed."""
    with server.connect() as sock:
        sock.sendall(data)
        status, headers, body = read_response(sock)
        closed = headers.get("connection") == "close" and wait_closed(sock, 5) < 5
        return status, body, closed


def _still_serving(server: ServerProcess) -> None:
    with server.connect() as sock:
        sock.sendall(raw_request())
        status, headers, body = read_response(sock)
    assert status == 200 and body == {"Pools": []}
    assert headers["content-type"] == "application/x-amz-json-1.0"


@pytest.mark.parametrize(
    "content_length",
    ["abc", "-1", "1000000000000", "100001", "1e3", " 12 x"],
    ids=["letters", "negative", "terabyte", "over-limit", "float", "junk"],
)
def test_bad_content_length_gets_400_json(server: ServerProcess, content_length: str) -> None:
    status, body, closed = _exchange(server, raw_request(content_length=content_length))
    assert status == 400
    assert body["__type"] == "SerializationException"
    assert "Content-Length" in str(body["Message"]) or "larger" in str(body["Message"])
    assert closed
    _still_serving(server)


def test_length_larger_than_body_then_half_close(server: ServerProcess) -> None:
    with server.connect() as sock:
        sock.sendall(raw_request(body=b'{"a": 1}', content_length="500"))
        sock.shutdown(socket.SHUT_WR)
        status, _, body = read_response(sock)
    assert status == 400 and "ended before" in str(body["Message"])
    _still_serving(server)


def test_length_larger_than_body_times_out(server: ServerProcess) -> None:
    with server.connect() as sock:
        start = time.monotonic()
        sock.sendall(raw_request(body=b'{"a": 1}', content_length="500"))
        status, _, body = read_response(sock)
        elapsed = time.monotonic() - start
    assert status == 400 and "in time" in str(body["Message"])
    assert READ_TIMEOUT * 0.9 <= elapsed < READ_TIMEOUT + 5
    _still_serving(server)


@pytest.mark.parametrize("depth", [100, 100_000], ids=["deeper-than-64", "beyond-recursion"])
def test_deeply_nested_json_gets_400(server: ServerProcess, depth: int) -> None:
    body = b'{"a":' * depth + b"1" + b"}" * depth
    status, answer, _ = _exchange(server, raw_request(body=body))
    assert status == 400 and answer["__type"] == "SerializationException"
    _still_serving(server)


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (raw_request(body=b"{not json"), "not valid JSON"),
        (raw_request(body=b"[1, 2]"), "not a JSON object"),
        (raw_request(target="Other.Thing"), "X-Amz-Target"),
        (raw_request(method="GET"), "method"),
        (raw_request(extra="Transfer-Encoding: chunked\r\n"), "Transfer-Encoding"),
        (raw_request(extra="X-Big: " + "a" * 70_000 + "\r\n"), "too large"),
        (b"NONSENSE\r\n\r\n", "request line"),
        (raw_request(extra="no colon here\r\n"), "header line"),
    ],
    ids=["bad-json", "array", "target", "get", "chunked", "huge-headers", "line", "header"],
)
def test_malformed_requests_get_400_json(server: ServerProcess, data: bytes, needle: str) -> None:
    status, body, _ = _exchange(server, data)
    assert status == 400
    assert needle in str(body["Message"])
    _still_serving(server)


def test_keep_alive_and_pipelining(server: ServerProcess) -> None:
    with server.connect() as sock:
        sock.sendall(raw_request() + raw_request("PinpointSMSVoiceV2.DescribeOptOutLists"))
        first = read_response(sock)
        second = read_response(sock)
        sock.sendall(raw_request())
        third = read_response(sock)
    assert first[0] == second[0] == third[0] == 200
    assert "Pools" in first[2] and "OptOutLists" in second[2] and "Pools" in third[2]


def test_expect_100_continue(server: ServerProcess) -> None:
    body = b'{"OptOutListName": "continued"}'
    request = raw_request(
        "PinpointSMSVoiceV2.CreateOptOutList", body, extra="Expect: 100-continue\r\n"
    )
    with server.connect() as sock:
        sock.sendall(request[: -len(body)])
        interim = sock.recv(100)
        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        status, _, answer = read_response(sock)
    assert status == 200 and answer["OptOutListName"] == "continued"


def test_idle_connection_is_closed(server: ServerProcess) -> None:
    with server.connect() as sock:
        sock.sendall(raw_request())
        assert read_response(sock)[0] == 200
        waited = wait_closed(sock, IDLE_TIMEOUT + 10)
    assert IDLE_TIMEOUT * 0.9 <= waited < IDLE_TIMEOUT + 10


def test_slowloris_costs_no_threads(server: ServerProcess) -> None:
    before = server.threads()
    socks = [server.connect() for _ in range(300)]
    try:
        for sock in socks:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")  # never finished
        time.sleep(0.3)
        during = server.threads()
        start = time.monotonic()
        _still_serving(server)
        assert time.monotonic() - start < 5.0
        # The read timeout answers each half-sent request and closes it.
        for sock in socks:
            assert wait_closed(sock, READ_TIMEOUT + 10) < READ_TIMEOUT + 10
    finally:
        for sock in socks:
            sock.close()
    # main + selector + at most THREADS handlers, whatever the number of connections
    assert during <= THREADS + 2, (before, during)
    _still_serving(server)


def test_parallel_requests_use_a_bounded_pool(server: ServerProcess) -> None:
    clients = [server.client() for _ in range(32)]
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, server.threads())
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        with ThreadPoolExecutor(32) as pool:
            results = list(pool.map(lambda c: c.describe_pools()["Pools"], clients * 5))
    finally:
        done.set()
        sampler.join()
    assert results == [[]] * 160
    assert 0 < peak <= THREADS + 2


def test_burst_of_connections_waits_in_the_backlog() -> None:
    """While the server accepts nothing, 100 connections complete in the kernel's queue
    (socketserver's backlog of 5 would leave most of them hanging), then all are answered."""
    with ServerProcess() as server:
        _still_serving(server)
        os.kill(server.pid, signal.SIGSTOP)
        try:
            socks = [server.connect(timeout=3) for _ in range(100)]
        finally:
            os.kill(server.pid, signal.SIGCONT)
        try:
            for sock in socks:
                sock.sendall(raw_request())
            statuses = [read_response(sock)[0] for sock in socks]
        finally:
            for sock in socks:
                sock.close()
        assert statuses == [200] * 100
        assert server.stop() == 0


def test_fifty_simultaneous_clients(server: ServerProcess) -> None:
    barrier = threading.Barrier(50)

    def one(_: int) -> int:
        barrier.wait()
        with server.connect() as sock:
            sock.sendall(raw_request(extra="Connection: close\r\n"))
            return read_response(sock)[0]

    with ThreadPoolExecutor(50) as pool:
        assert list(pool.map(one, range(50))) == [200] * 50


def test_port_in_use_exits_4() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = ServerProcess()
        proc.args = ["--port", str(port)]
        with pytest.raises(AssertionError, match="rc=4"):
            proc.start()
    assert proc.stderr.count("\n") == 1 and "cannot listen" in proc.stderr


def _quota_exceeded(server: ServerProcess, name: str) -> str:
    with pytest.raises(ClientError) as caught:
        server.client().create_opt_out_list(OptOutListName=name)
    return str(caught.value.response["Error"]["Code"])


def _opt_out_list_limit(server: ServerProcess) -> int:
    limits = server.client().describe_account_limits()["AccountLimits"]
    return int(next(item["Max"] for item in limits if item["Name"] == "OPT_OUT_LISTS"))


def test_quota_flags_set_the_fake_limits(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    with ServerProcess("--limit-opt-out-lists", "2", "--state-file", str(state_file)) as server:
        assert _opt_out_list_limit(server) == 2
        client = server.client()
        client.create_opt_out_list(OptOutListName="one")
        client.create_opt_out_list(OptOutListName="two")
        assert _quota_exceeded(server, "three") == "ServiceQuotaExceededException"
        assert server.stop() == 0
    # A flag given again wins over the quota saved in the state file.
    with ServerProcess("--limit-opt-out-lists", "3", "--state-file", str(state_file)) as server:
        assert _opt_out_list_limit(server) == 3
        server.client().create_opt_out_list(OptOutListName="three")
    with ServerProcess() as server:  # the documented default
        assert _opt_out_list_limit(server) == DEFAULT_LIMITS["OPT_OUT_LISTS"]


def test_negative_quota_flag_is_a_usage_error() -> None:
    proc = ServerProcess("--limit-pools", "-1")
    with pytest.raises(AssertionError, match="rc=2"):
        proc.start()
    assert "POOLS" in proc.stderr and "non-negative" in proc.stderr
