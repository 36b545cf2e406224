"""Client-side cost of smsv2 compared with plain boto3, measured in the same run.

Both sides talk to the same in-process transport (a ``before-send`` handler returning a canned
``AWSResponse``), so no network is involved and only client-side work is compared: argument
handling, serialisation, signing, botocore's event machinery, retries and response parsing.

Each benchmark runs interleaved rounds (boto3, smsv2, boto3, ... with the order alternating per
round) and reports medians: the machine is shared and noisy, and a slow patch hits both sides
of a round alike. The ratio is the median of the per-round ratios smsv2/boto3.

Run:  .venv/bin/python benchmarks/bench_core.py [--quick]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, cast

# Fake credentials and an isolated config: never real ones, never the caller's profile.
_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
_DROP_ENV = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
for _key in _DROP_ENV:
    os.environ.pop(_key, None)
os.environ.update(_FAKE_ENV)

import boto3  # noqa: E402
import botocore.handlers  # noqa: E402
from botocore.awsrequest import AWSPreparedRequest, AWSResponse  # noqa: E402
from botocore.compat import HTTPHeaders  # noqa: E402

import smsv2  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if TYPE_CHECKING:
    from mypy_boto3_pinpoint_sms_voice_v2 import PinpointSMSVoiceV2Client

REGION = "us-east-1"
SERVICE: Final[Literal["pinpoint-sms-voice-v2"]] = "pinpoint-sms-voice-v2"
PAGE_ITEMS = 50


# -- the in-process transport -------------------------------------------------------------------


def phone_number_item(i: int) -> dict[str, object]:
    """One realistic PhoneNumberInformation, as the service sends it."""
    number_id = f"phone-{i:032x}"
    return {
        "PhoneNumberArn": f"arn:aws:sms-voice:{REGION}:123456789012:phone-number/{number_id}",
        "PhoneNumberId": number_id,
        "PhoneNumber": f"+1206555{i:04d}",
        "Status": "ACTIVE",
        "IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL",
        "NumberCapabilities": ["SMS", "VOICE"],
        "NumberType": "TOLL_FREE",
        "MonthlyLeasingPrice": "2.00",
        "TwoWayEnabled": i % 2 == 0,
        "TwoWayChannelArn": f"arn:aws:sns:{REGION}:123456789012:inbound-{i}",
        "SelfManagedOptOutsEnabled": False,
        "OptOutListName": "Default",
        "InternationalSendingEnabled": False,
        "DeletionProtectionEnabled": i % 3 == 0,
        "PoolId": f"pool-{i % 4:032x}",
        "RegistrationId": f"registration-{i:032x}",
        "CreatedTimestamp": 1_700_000_000.123 + i,
    }


DESCRIBE_BODY = json.dumps(
    {
        "PhoneNumbers": [phone_number_item(i) for i in range(PAGE_ITEMS)],
        "NextToken": "eyJvZmZzZXQiOiA1MH0=" * 4,
    }
).encode()
SEND_BODY = json.dumps({"MessageId": "4f0a3e4c-2b8d-4d8e-9a77-0c1b2d3e4f50"}).encode()
BODIES = {
    "PinpointSMSVoiceV2.DescribePhoneNumbers": DESCRIBE_BODY,
    "PinpointSMSVoiceV2.SendTextMessage": SEND_BODY,
}


class _Body:
    """The raw-stream interface ``AWSResponse`` reads its content from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._data


def canned_response(request: AWSPreparedRequest, **_: object) -> AWSResponse:
    """A before-send handler: answer 200 with the operation's canned body, no network."""
    target = request.headers.get("X-Amz-Target")
    key = target.decode() if isinstance(target, bytes) else str(target)
    headers = HTTPHeaders()
    headers["x-amzn-RequestId"] = "c0ffee00-0000-4000-8000-000000000000"
    headers["Content-Type"] = "application/x-amz-json-1.0"
    body = BODIES[key]
    headers["Content-Length"] = str(len(body))
    return AWSResponse(request.url, 200, headers, _Body(body))


def canned_for_aws(request: AWSPreparedRequest, **_: object) -> AWSResponse | None:
    """``canned_response`` for requests to AWS's endpoints (the HTTP rows use a local server)."""
    return canned_response(request) if "amazonaws.com" in (request.url or "") else None


def install_canned() -> None:
    """Answer the clients created from now on, boto3's and smsv2's alike, with canned responses.

    A botocore built-in handler (as ``mock_sms_voice`` and moto install theirs), so smsv2's
    clients keep their direct path: taking ``client.boto3_client`` out to register a handler
    on it would switch every later call to botocore's full pipeline.
    """
    spec = ("before-send", canned_for_aws)
    if spec not in botocore.handlers.BUILTIN_HANDLERS:
        botocore.handlers.BUILTIN_HANDLERS.append(spec)


def make_boto3() -> PinpointSMSVoiceV2Client:
    install_canned()
    return boto3.client(SERVICE, region_name=REGION)


def make_smsv2() -> smsv2.Client:
    install_canned()
    return smsv2.Client(region_name=REGION)


# -- timing -------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    boto3: float
    smsv2: float
    ratio: float
    target: float
    goal: float | None = None
    unit: str = "us"


def time_loop(fn: Callable[[], object], n: int) -> float:
    """Seconds per call over n calls."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def interleaved(
    a: Callable[[], object], b: Callable[[], object], *, rounds: int, calls: int
) -> tuple[float, float, float]:
    """Median seconds per call of a and b, and the median per-round ratio b/a."""
    for _ in range(max(3, calls // 10)):  # warm both paths (model builds, caches)
        a()
        b()
    times_a: list[float] = []
    times_b: list[float] = []
    ratios: list[float] = []
    for r in range(rounds):
        if r % 2 == 0:
            ta = time_loop(a, calls)
            tb = time_loop(b, calls)
        else:
            tb = time_loop(b, calls)
            ta = time_loop(a, calls)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(tb / ta)
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def bench_describe(rounds: int, calls: int) -> Row:
    b3 = make_boto3()
    sv = make_smsv2()
    b3_result = b3.describe_phone_numbers()
    sv_result = sv.describe_phone_numbers()
    assert len(b3_result["PhoneNumbers"]) == PAGE_ITEMS
    assert sv_result.phone_numbers is not None and len(sv_result.phone_numbers) == PAGE_ITEMS
    t_b3, t_sv, ratio = interleaved(
        b3.describe_phone_numbers, sv.describe_phone_numbers, rounds=rounds, calls=calls
    )
    return Row(f"DescribePhoneNumbers ({PAGE_ITEMS} items)", t_b3, t_sv, ratio, 0.4)


def bench_send(rounds: int, calls: int) -> Row:
    b3 = make_boto3()
    sv = make_smsv2()
    args = {
        "destination_phone_number": "+12065550123",
        "origination_identity": "+12065550100",
        "message_body": "Your code is 123456",
    }

    def send_boto3() -> object:
        return b3.send_text_message(
            DestinationPhoneNumber=args["destination_phone_number"],
            OriginationIdentity=args["origination_identity"],
            MessageBody=args["message_body"],
        )

    def send_smsv2() -> object:
        return sv.send_text_message(
            destination_phone_number=args["destination_phone_number"],
            origination_identity=args["origination_identity"],
            message_body=args["message_body"],
        )

    b3_sent = cast("dict[str, object]", send_boto3())
    sv_sent = cast("smsv2.models.SendTextMessageResult", send_smsv2())
    assert b3_sent["MessageId"] == sv_sent.message_id
    t_b3, t_sv, ratio = interleaved(send_boto3, send_smsv2, rounds=rounds, calls=calls)
    return Row("SendTextMessage", t_b3, t_sv, ratio, 0.8)


# -- fresh-process costs ------------------------------------------------------------------------

_IMPORT_BOTO3 = """
import time
t0 = time.perf_counter()
import boto3
print(time.perf_counter() - t0)
"""

_IMPORT_SMSV2 = """
import time
t0 = time.perf_counter()
import boto3
import smsv2
client = smsv2.Client(region_name="us-east-1")
print(time.perf_counter() - t0)
"""

# First call: import, create the client and make one call through the canned transport.
_FIRST_CALL = """
import sys, time
sys.path.insert(0, {bench_dir!r})
t0 = time.perf_counter()
import boto3
import bench_core as b
if {side!r} == "boto3":
    client = b.make_boto3()
    client.send_text_message(DestinationPhoneNumber="+12065550123",
                             OriginationIdentity="+12065550100", MessageBody="hi")
else:
    sv = b.make_smsv2()
    sv.send_text_message(destination_phone_number="+12065550123",
                         origination_identity="+12065550100", message_body="hi")
print(time.perf_counter() - t0)
"""


def run_snippet(code: str, pycache: str) -> float:
    """Seconds the snippet reports, in a fresh interpreter.

    Bytecode goes to ``pycache`` (written by the warm-up runs): installed packages run from
    compiled bytecode, so both sides are timed that way, never compiling source.
    """
    return float(last_line(code, pycache))


def last_line(code: str, pycache: str) -> str:
    """The last line a snippet prints in a fresh interpreter, run from bytecode in ``pycache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    with tempfile.TemporaryDirectory() as cwd:  # nothing from the current directory
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=cwd,
        ).stdout
    return out.strip().splitlines()[-1]


def fresh_process(a_code: str, b_code: str, runs: int, pycache: str) -> tuple[float, float, float]:
    """Median seconds of a and b (interleaved fresh processes) and the median of b - a."""
    run_snippet(a_code, pycache)  # compile the bytecode and warm the OS file cache for both
    run_snippet(b_code, pycache)
    times_a: list[float] = []
    times_b: list[float] = []
    diffs: list[float] = []
    for r in range(runs):
        if r % 2 == 0:
            ta, tb = run_snippet(a_code, pycache), run_snippet(b_code, pycache)
        else:
            tb, ta = run_snippet(b_code, pycache), run_snippet(a_code, pycache)
        times_a.append(ta)
        times_b.append(tb)
        diffs.append(tb - ta)
    return statistics.median(times_a), statistics.median(times_b), statistics.median(diffs)


# -- whole processes and warm sends against the fake's HTTP server -----------------------------

DESTINATION = "+12065550123"
#: Each side's whole job in a fresh interpreter: import, create a client, send one message to
#: the fake's HTTP server (its own process). Timed from the first import; peak RSS at the end.
_WHOLE_SEND = {
    "boto3": """
import boto3
client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1", endpoint_url=URL)
client.send_text_message(DestinationPhoneNumber=DEST, OriginationIdentity=ORIGIN, MessageBody="hi")
""",
    "smsv2": """
import smsv2
client = smsv2.Client(region_name="us-east-1", endpoint_url=URL)
client.send_text_message(destination_phone_number=DEST, origination_identity=ORIGIN, message_body="hi")
""",
    "capo": """
from capo_pinpoint_sms_voice_v2 import PinpointSMSVoiceV2Client
client = PinpointSMSVoiceV2Client(region="us-east-1", endpoint=URL)
client.send_text_message(DEST, origination_identity=ORIGIN, message_body="hi")
""",
}
# Peak RSS from /proc (VmHWM, this process's own): getrusage's ru_maxrss of a child started
# by a large parent reports the parent's peak.
_TIMED = """
import time
URL, DEST, ORIGIN = {url!r}, {dest!r}, {origin!r}
t0 = time.perf_counter()
{body}
elapsed = time.perf_counter() - t0
with open("/proc/self/status") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
print(elapsed, int(hwm.split()[1]) / 1024)
"""
#: Creating a client and sending one message inside ``mock_sms_voice()``, both sides having
#: imported boto3, smsv2 and the fake first (a test's first send).
_MOCK_SEND = """
import time
import boto3, smsv2
from smsv2.testing import mock_sms_voice
with mock_sms_voice(sandbox=False) as fake:
    _, number = fake.handle("RequestPhoneNumber", {{"IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL", "NumberCapabilities": ["SMS"], "NumberType": "TOLL_FREE"}})
    origin = number["PhoneNumberId"]
    t0 = time.perf_counter()
    if {side!r} == "boto3":
        client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
        client.send_text_message(DestinationPhoneNumber="+12065550123",
                                 OriginationIdentity=origin, MessageBody="hi")
    else:
        sv = smsv2.Client(region_name="us-east-1")
        sv.send_text_message(destination_phone_number="+12065550123",
                             origination_identity=origin, message_body="hi")
    print(time.perf_counter() - t0)
"""


def capo_installed() -> bool:
    try:
        import capo_pinpoint_sms_voice_v2  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


def run_timed(code: str, pycache: str) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) a ``_TIMED`` snippet reports from a fresh interpreter."""
    seconds, rss = last_line(code, pycache).split()
    return float(seconds), float(rss)


def whole_process(url: str, origin: str, runs: int, pycache: str) -> dict[str, tuple[float, float]]:
    """Median (seconds, peak MiB) of each side's whole job; sides interleaved, order rotating."""
    sides = [name for name in _WHOLE_SEND if name != "capo" or capo_installed()]
    codes = {
        name: _TIMED.format(url=url, dest=DESTINATION, origin=origin, body=_WHOLE_SEND[name])
        for name in sides
    }
    for code in codes.values():  # compile the bytecode, warm the OS file cache
        run_timed(code, pycache)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    for r in range(runs):
        for name in sides[r % len(sides) :] + sides[: r % len(sides)]:
            samples[name].append(run_timed(codes[name], pycache))
    return {
        name: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v))
        for name, v in samples.items()
    }


def ratio_of_medians(results: dict[str, tuple[float, float]], a: str, b: str, i: int) -> float:
    return results[a][i] / results[b][i]


def nodelay_capo_handler() -> Any:
    """capo's sync HTTP handler with TCP_NODELAY set on each new socket (the patched row)."""
    import socket

    from zapros import StdNetworkHandler, SyncTransport

    class NoDelay(SyncTransport):
        def connect(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
            stream = super().connect(*args, **kwargs)  # type: ignore[arg-type]
            stream.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[attr-defined]
            return stream

    return StdNetworkHandler(transport=NoDelay())


def warm_http_senders(url: str, origin: str) -> dict[str, Callable[[], object]]:
    """One warm sync client per SDK, each sending the same message to the fake's server."""
    b3 = boto3.client(SERVICE, region_name=REGION, endpoint_url=url)
    sv = smsv2.Client(region_name=REGION, endpoint_url=url)
    senders: dict[str, Callable[[], object]] = {
        "boto3": lambda: b3.send_text_message(
            DestinationPhoneNumber=DESTINATION, OriginationIdentity=origin, MessageBody="hi"
        ),
        "smsv2": lambda: sv.send_text_message(
            destination_phone_number=DESTINATION, origination_identity=origin, message_body="hi"
        ),
    }
    if capo_installed():
        from capo_pinpoint_sms_voice_v2 import (  # type: ignore[import-not-found, unused-ignore]
            PinpointSMSVoiceV2Client,
        )

        for name, handler in (("capo", None), ("capo+TCP_NODELAY", nodelay_capo_handler())):
            capo = PinpointSMSVoiceV2Client(http_handler=handler, region=REGION, endpoint=url)
            senders[name] = functools.partial(
                capo.send_text_message, DESTINATION, origination_identity=origin, message_body="hi"
            )
    return senders


def warm_http(url: str, origin: str, rounds: int, calls: int) -> dict[str, tuple[float, float]]:
    """Median (wall seconds, this process's CPU seconds) per send of each warm client."""
    senders = warm_http_senders(url, origin)
    for send in senders.values():
        for _ in range(5):
            send()
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in senders}
    names = list(senders)
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(calls):
                senders[name]()
            wall = (time.perf_counter() - start) / calls
            samples[name].append((wall, (time.process_time() - cpu) / calls))
    return {
        name: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for name, v in samples.items()
    }


def http_rows(rounds: int, calls: int, runs: int, pycache: str) -> list[str]:
    """The whole-process, mock and warm-HTTP rows, formatted."""
    from fake_server import FakeServer

    server = FakeServer(0.0)
    try:
        number = boto3.client(SERVICE, region_name=REGION, endpoint_url=server.url)
        origin = number.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="TOLL_FREE",
        )["PhoneNumberId"]
        whole = whole_process(server.url, origin, runs, pycache)
        warm = warm_http(server.url, origin, rounds, calls)
    finally:
        server.stop()
    mock_b3, mock_sv, _ = fresh_process(
        _MOCK_SEND.format(side="boto3"), _MOCK_SEND.format(side="smsv2"), runs, pycache
    )
    lines = ["whole process (import, client, one send to the fake's HTTP server), medians:"]
    for name, (t, rss) in whole.items():
        lines.append(f"  {name:<18}{t * 1e3:>8.0f} ms{rss:>8.1f} MiB peak RSS")
    t_ratio = ratio_of_medians(whole, "smsv2", "boto3", 0)
    m_ratio = ratio_of_medians(whole, "smsv2", "boto3", 1)
    capo = ""
    if "capo" in whole:
        capo = f" ({ratio_of_medians(whole, 'smsv2', 'capo', 0):.2f}x capo)"
    lines.append(f"  time smsv2/boto3 {t_ratio:.2f}{capo}  target <= 1.00  {verdict(t_ratio <= 1)}")
    lines.append(f"  peak RSS smsv2/boto3 {m_ratio:.2f}  target <= 1.00  {verdict(m_ratio <= 1)}")
    mock_ratio = mock_sv / mock_b3
    lines.append(
        f"client + first send in mock_sms_voice(): boto3 {mock_b3 * 1e3:.0f} ms, smsv2 "
        f"{mock_sv * 1e3:.0f} ms, ratio {mock_ratio:.2f}  target <= 1.20  "
        f"{verdict(mock_ratio <= 1.2)}"
    )
    lines.append("warm sync send over loopback HTTP (medians per send):")
    for name, (wall, cpu) in warm.items():
        lines.append(f"  {name:<18}{wall * 1e6:>8.0f} us wall{cpu * 1e6:>8.0f} us client CPU")
    cpu_ratio = warm["smsv2"][1] / warm["boto3"][1]
    lines.append(
        f"  client CPU smsv2/boto3 {cpu_ratio:.2f}  target <= 0.80  {verdict(cpu_ratio <= 0.8)}"
    )
    return lines


# -- report -------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a rough number)")
    opts = parser.parse_args(argv)
    rounds, describe_calls, send_calls, runs = (5, 20, 50, 5) if opts.quick else (15, 50, 200, 11)

    print(f"python {sys.version.split()[0]}, boto3 {boto3.__version__}, smsv2 {smsv2.__version__}")
    print(f"rounds={rounds}, fresh-process runs={runs}{' (quick)' if opts.quick else ''}\n")

    calls = [bench_describe(rounds, describe_calls), bench_send(rounds, send_calls)]

    bench_dir = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory(prefix="smsv2-bench-pycache-") as pycache:
        http = http_rows(rounds, send_calls // 4, runs, pycache)
        imp_b3, imp_sv, imp_added = fresh_process(_IMPORT_BOTO3, _IMPORT_SMSV2, runs, pycache)
        first_b3, first_sv, first_added = fresh_process(
            _FIRST_CALL.format(bench_dir=bench_dir, side="boto3"),
            _FIRST_CALL.format(bench_dir=bench_dir, side="smsv2"),
            runs,
            pycache,
        )

    header = f"{'benchmark':<36}{'boto3':>12}{'smsv2':>12}{'ratio':>9}{'target':>12}  result"
    print(header)
    print("-" * len(header))
    for row in calls:
        goal = f" (goal <= {row.goal:.2f}: {verdict(row.ratio <= row.goal)})" if row.goal else ""
        print(
            f"{row.name:<36}{row.boto3 * 1e6:>9.0f} us{row.smsv2 * 1e6:>9.0f} us"
            f"{row.ratio:>9.3f}{'<= ' + format(row.target, '.2f'):>12}  "
            f"{verdict(row.ratio <= row.target)}{goal}"
        )
    added_ms = imp_added * 1e3
    print(
        f"{'import (+ smsv2.Client(...))':<36}{imp_b3 * 1e3:>9.0f} ms{imp_sv * 1e3:>9.0f} ms"
        f"{'+' + format(added_ms, '.0f') + ' ms':>9}{'<= +150 ms':>12}  "
        f"{verdict(added_ms <= 150)}"
    )
    first_ms = first_added * 1e3
    print(
        f"{'first send (import+client+send)':<36}{first_b3 * 1e3:>9.0f} ms"
        f"{first_sv * 1e3:>9.0f} ms{'+' + format(first_ms, '.0f') + ' ms':>9}"
        f"{'<= +100 ms':>12}  {verdict(first_ms <= 100)} (goal <= +60 ms: {verdict(first_ms <= 60)})"
    )
    print()
    print("\n".join(http))
    print(
        "\nper-call times are medians over interleaved rounds; ratio = median of per-round "
        "smsv2/boto3.\nimport/first-call: medians over fresh interpreters; the third column "
        "is smsv2's median added cost."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
