"""The inbox's JSON API (issue 18): views of the fake's traffic, acting as the world, errors
that name the field, safety checks, live updates and pruning."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config

import smsv2
from smsv2 import errors
from smsv2.testing import FakeSmsVoice, HttpLimits, InboxApiError, InboxClient, mock_sms_voice
from smsv2.testing.server import ThreadedServer
from smsv2.testing.server import main as server_main

Boto = Any  # boto3 clients are untyped
SUCCESS = "+14254147755"  # AWS's US simulator destinations
FAILURE = "+14254147167"
ROLE = "arn:aws:iam::123456789012:role/sms-events"
LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:sms"


@pytest.fixture
def manual() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice(settle="manual") as fake:
        yield fake


@pytest.fixture
def url(manual: FakeSmsVoice) -> Iterator[str]:
    with manual.serve_inbox() as inbox_url:
        yield inbox_url.removesuffix("/_smsv2/inbox")


@pytest.fixture
def inbox(url: str) -> InboxClient:
    return InboxClient(url)


def _boto() -> Boto:
    once = Config(retries={"total_max_attempts": 1})
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1", config=once)


def _number(client: Boto, fake: FakeSmsVoice) -> tuple[str, str]:
    answer = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS", "VOICE"],
        NumberType="SIMULATOR",
    )
    fake.advance(60)  # manual settle: ACTIVE on the clock
    return str(answer["PhoneNumberId"]), str(answer["PhoneNumber"])


def _with_events(client: Boto) -> None:
    client.create_configuration_set(ConfigurationSetName="otp")
    client.create_event_destination(
        ConfigurationSetName="otp",
        EventDestinationName="logs",
        MatchingEventTypes=["ALL"],
        CloudWatchLogsDestination={"IamRoleArn": ROLE, "LogGroupArn": LOGS},
    )


def _send(client: Boto, origin: str, body: str, to: str = SUCCESS, **extra: object) -> str:
    answer = client.send_text_message(
        DestinationPhoneNumber=to, OriginationIdentity=origin, MessageBody=body, **extra
    )
    return str(answer["MessageId"])


def _raw(
    url: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        conn.close()


# --- what it shows ---------------------------------------------------------------------------
def test_messages_newest_first_with_filters_and_cursor_pages(
    manual: FakeSmsVoice, inbox: InboxClient
) -> None:
    client = _boto()
    origin, _ = _number(client, manual)
    ids = [_send(client, origin, f"code {i}") for i in range(5)]
    blocked = _send(client, origin, "promo", to=FAILURE)
    manual.advance(10)
    first = inbox.messages(limit=2, destination=SUCCESS)
    assert [m["id"] for m in first["messages"]] == [ids[4], ids[3]]
    assert first["next_cursor"] is not None
    rest = inbox.messages(limit=10, destination=SUCCESS, cursor=first["next_cursor"])
    assert [m["id"] for m in rest["messages"]] == [ids[2], ids[1], ids[0]]
    assert rest["next_cursor"] is None
    assert [m["id"] for m in inbox.iter_messages(destination=SUCCESS)] == ids[::-1]
    assert [m["id"] for m in inbox.messages(status="BLOCKED")["messages"]] == [blocked]
    assert [m["id"] for m in inbox.messages(text="PROMO")["messages"]] == [blocked]
    assert inbox.messages(text="nothing like this")["messages"] == []
    assert inbox.messages(direction="inbound")["messages"] == []


def test_one_message_in_full(manual: FakeSmsVoice, inbox: InboxClient) -> None:
    client = _boto()
    origin, _ = _number(client, manual)
    _with_events(client)
    message_id = _send(
        client,
        origin,
        "Code 12 \u2013 ok",  # the en dash is not GSM-7: UCS-2
        ConfigurationSetName="otp",
        Context={"flow": "login"},
        TimeToLive=300,
    )
    manual.advance(1.5)
    found = inbox.message(message_id)
    assert found["configuration_set"] == "otp"
    assert found["context"] == {"flow": "login"}
    assert found["time_to_live"] == 300
    assert found.get("price", 0) > 0
    assert found["encoding"] == {
        "encoding": "UCS-2",
        "parts": 1,
        "units": 12,
        "non_gsm_characters": ["\u2013"],
    }
    timeline = found["timeline"]
    assert [(s["status"], s["reached"]) for s in timeline] == [
        ("PENDING", True),
        ("SUCCESSFUL", True),
        ("DELIVERED", False),
    ]
    assert [s["destinations"] for s in timeline] == [["logs"], ["logs"], []]
    assert found["status"] == "SUCCESSFUL"
    manual.advance(5)
    after = inbox.message(message_id)
    assert after["status"] == "DELIVERED"
    assert after["timeline"][-1]["destinations"] == ["logs"]


def test_conversations_in_the_order_things_happened(
    manual: FakeSmsVoice, inbox: InboxClient
) -> None:
    client = _boto()
    origin, phone = _number(client, manual)
    first = _send(client, origin, "Your code is 1234")
    manual.inbound(SUCCESS, phone, "which code?")
    last = _send(client, origin, "It is 1234")
    _send(client, origin, "hello", to=FAILURE)
    conversations = inbox.conversations()
    assert [(c["number"], c["count"]) for c in conversations] == [(FAILURE, 1), (SUCCESS, 3)]
    thread = inbox.messages(destination=SUCCESS)["messages"][::-1]
    assert [m["direction"] for m in thread] == ["outbound", "inbound", "outbound"]
    assert (thread[0]["id"], thread[2]["id"]) == (first, last)
    assert thread[1]["body"] == "which code?" and thread[1]["status"] == "RECEIVED"
    assert thread[1]["origination"] == phone


def test_voice_messages_are_listed_with_their_ssml(
    manual: FakeSmsVoice, inbox: InboxClient
) -> None:
    client = _boto()
    origin, _ = _number(client, manual)
    client.send_voice_message(
        DestinationPhoneNumber=SUCCESS,
        OriginationIdentity=origin,
        MessageBody="<speak>Hi</speak>",
        MessageBodyTextType="SSML",
    )
    (call,) = inbox.messages()["messages"]
    assert (call["channel"], call.get("text_type"), call["body"]) == (
        "VOICE",
        "SSML",
        "<speak>Hi</speak>",
    )
    assert inbox.message(call["id"])["encoding"] is None


def test_clear_forgets_what_was_shown(manual: FakeSmsVoice, inbox: InboxClient) -> None:
    client = _boto()
    origin, _ = _number(client, manual)
    _send(client, origin, "before")
    inbox.clear()
    assert inbox.messages()["messages"] == []
    after = _send(client, origin, "after")
    assert [m["id"] for m in inbox.messages()["messages"]] == [after]
    assert len(manual.sent_messages) == 2  # the fake's own records stay


def test_a_reset_fake_shows_nothing(manual: FakeSmsVoice, inbox: InboxClient) -> None:
    client = _boto()
    origin, _ = _number(client, manual)
    _send(client, origin, "before")
    assert len(inbox.messages()["messages"]) == 1
    manual.reset()
    assert inbox.messages()["messages"] == []
    origin, _ = _number(client, manual)
    again = [_send(client, origin, f"after {i}") for i in range(3)]
    assert [m["id"] for m in inbox.messages()["messages"]] == again[::-1]
    saved = manual.dump_state()
    _send(client, origin, "not in the saved state")
    assert len(inbox.messages()["messages"]) == 4
    manual.load_state(saved)
    assert [m["id"] for m in inbox.messages()["messages"]] == again[::-1]


def test_the_newest_messages_are_kept() -> None:
    with mock_sms_voice(settle="manual") as fake, fake.serve_inbox(keep=3) as page:
        client = _boto()
        origin, _ = _number(client, fake)
        ids = [_send(client, origin, f"m{i}") for i in range(5)]
        inbox = InboxClient(page.removesuffix("/_smsv2/inbox"))
        assert [m["id"] for m in inbox.messages()["messages"]] == ids[:1:-1]
        with pytest.raises(InboxApiError) as caught:
            inbox.message(ids[0])
        assert (caught.value.status, caught.value.code) == (404, "NotFound")


def test_a_burst_larger_than_keep_keeps_the_newest_in_order() -> None:
    with mock_sms_voice(settle="manual") as fake, fake.serve_inbox(keep=3) as page:
        client = _boto()
        origin, phone = _number(client, fake)
        ids = [_send(client, origin, f"m{i}") for i in range(4)]
        fake.inbound(SUCCESS, phone, "reply")
        ids.append(_send(client, origin, "last"))
        fake.inbound(SUCCESS, phone, "reply 2")
        # Nothing read the records before: the inbox reads them all at once.
        inbox = InboxClient(page.removesuffix("/_smsv2/inbox"))
        found = inbox.messages()["messages"]
        assert [m["body"] for m in found] == ["reply 2", "last", "reply"]
        assert found[1]["id"] == ids[-1]
        _send(client, origin, "to another", to=FAILURE)
        counts = [(c["number"], c["count"]) for c in inbox.conversations()]
        assert counts == [(FAILURE, 1), (SUCCESS, 2)]  # the oldest reply was pruned
        assert [c["count"] for c in inbox.conversations(text="reply")] == [1]


# --- acting as the world ---------------------------------------------------------------------
def test_stop_reply_opts_out_and_the_next_send_is_refused(
    manual: FakeSmsVoice, inbox: InboxClient
) -> None:
    client = _boto()
    origin, phone = _number(client, manual)
    _send(client, origin, "Your code is 1")
    reply = inbox.reply(SUCCESS, phone, "STOP")
    assert reply is not None and "unsubscribed" in reply
    lists = inbox.account()["accounts"][0]["opt_out_lists"]  # type: ignore[index]
    assert [n["OptedOutNumber"] for n in lists[0]["numbers"]] == [SUCCESS]
    with pytest.raises(errors.DestinationOptedOutError):
        smsv2.Client(region_name="us-east-1").send_text_message(
            destination_phone_number=SUCCESS, origination_identity=origin, message_body="again"
        )
    (received,) = inbox.messages(direction="inbound")["messages"]
    assert (received.get("keyword"), received.get("action")) == ("STOP", "OPT_OUT")


def test_a_chosen_outcome_and_the_clock(manual: FakeSmsVoice, inbox: InboxClient) -> None:
    client = _boto()
    origin, _ = _number(client, manual)
    _with_events(client)
    inbox.set_outcome(SUCCESS, "BLOCKED")
    assert manual.engine.delivery_outcomes == {SUCCESS: "BLOCKED"}
    message_id = _send(client, origin, "hi", ConfigurationSetName="otp")
    assert inbox.message(message_id)["status"] == "PENDING"
    before = manual.now
    assert inbox.advance_clock(5) == pytest.approx(before + 5)
    assert inbox.message(message_id)["status"] == "BLOCKED"
    assert [e["messageStatus"] for e in manual.events] == ["PENDING", "BLOCKED"]
    inbox.set_outcome(SUCCESS, None)
    assert manual.engine.delivery_outcomes == {}


def test_faults_on_and_off_leave_other_rules_alone(
    manual: FakeSmsVoice, inbox: InboxClient
) -> None:
    client = _boto()
    origin, _ = _number(client, manual)
    own = manual.faults.error(0.0)  # the test's own rule: never fires
    settings = inbox.set_faults(throttle_percent=100)
    assert settings["throttle_percent"] == 100
    with pytest.raises(client.exceptions.ThrottlingException):
        _send(client, origin, "hi")
    settings = inbox.set_faults(after_work_percent=100, after_work="error")
    assert [r.kind for r in manual.faults.rules] == ["error", "error_after_work"]
    assert inbox.set_faults()["injected"] == 1
    assert manual.faults.rules == [own]
    _send(client, origin, "hi")


# --- errors ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.messages(limit=0), "limit"),
        (lambda c: c.messages(direction="sideways"), "direction"),
        (lambda c: c.messages(cursor="x"), "cursor"),
        (lambda c: c.reply("+1206555", "12065550100", "hi"), "to"),
        (lambda c: c.reply("+12065550100", "+12065550199", " "), "body"),
        (lambda c: c.set_outcome("+12065550100", "TELEPORTED"), "status"),
        (lambda c: c.set_outcome("12065550100", "BLOCKED"), "destination"),
        (lambda c: c.advance_clock(-1), "advance_seconds"),
        (lambda c: c.set_faults(throttle_percent=101), "throttle_percent"),
        (lambda c: c.set_faults(after_work="explode"), "after_work"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(inbox: InboxClient, call: Any, field: str) -> None:
    with pytest.raises(InboxApiError) as caught:
        call(inbox)
    assert (caught.value.status, caught.value.code, caught.value.field) == (
        400,
        "InvalidParameter",
        field,
    )
    assert "1206555" not in str(caught.value)


def test_a_reply_to_a_number_the_fake_does_not_have(
    manual: FakeSmsVoice, inbox: InboxClient
) -> None:
    with pytest.raises(InboxApiError) as caught:
        inbox.reply(SUCCESS, "+12065550199", "hi")
    assert (caught.value.status, caught.value.field) == (400, "to")
    assert "2065550199" not in str(caught.value)


def test_unknown_parameters_bad_json_methods_and_paths(url: str) -> None:
    status, _, body = _raw(url, "GET", "/_smsv2/api/messages?colour=red")
    assert (status, json.loads(body)["error"]["field"]) == (400, "colour")
    headers = {"Content-Type": "application/json"}
    status, _, body = _raw(url, "POST", "/_smsv2/api/inbound", b"{nope", headers)
    assert (status, json.loads(body)["error"]["field"]) == (400, "body")
    status, _, body = _raw(url, "POST", "/_smsv2/api/inbound", b"[1]", headers)
    assert (status, json.loads(body)["error"]["field"]) == (400, "body")
    status, headers_out, _ = _raw(url, "PATCH", "/_smsv2/api/clock", b"{}", headers)
    assert status == 405 and headers_out["content-type"] == "application/json"
    assert _raw(url, "GET", "/_smsv2/api/nothing")[0] == 404
    assert _raw(url, "GET", "/elsewhere")[0] == 404


def test_connection_failures_are_typed_and_keep_no_number() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = InboxClient(f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(InboxApiError) as caught:
        inbox.set_outcome("+12065550100", "BLOCKED")
    assert caught.value.status is None and caught.value.code == "ConnectionFailed"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert isinstance(caught.value, errors.SmsV2Error)


# --- safe by default -------------------------------------------------------------------------
def test_state_changes_need_json_and_no_foreign_origin(url: str, manual: FakeSmsVoice) -> None:
    body = json.dumps({"advance_seconds": 5}).encode()
    now = manual.now
    status, _, answer = _raw(url, "POST", "/_smsv2/api/clock", body, {"Content-Type": "text/plain"})
    assert (status, json.loads(answer)["error"]["field"]) == (415, "Content-Type")
    assert _raw(url, "POST", "/_smsv2/api/clock", body)[0] == 415  # a plain HTML form
    evil = {"Content-Type": "application/json", "Origin": "http://evil.example"}
    assert _raw(url, "POST", "/_smsv2/api/clock", body, evil)[0] == 403
    cross = {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}
    assert _raw(url, "POST", "/_smsv2/api/clock", body, cross)[0] == 403
    assert manual.now == now
    host = urlsplit(url).netloc
    own = {"Content-Type": "application/json", "Origin": f"http://{host}"}
    assert _raw(url, "POST", "/_smsv2/api/clock", body, own)[0] == 200
    assert manual.now == pytest.approx(now + 5)


def test_a_foreign_host_header_is_refused(url: str) -> None:
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    status, _, _ = _raw(url, "GET", "/_smsv2/api/messages", headers={"Host": "evil.example"})
    assert status == 403
    assert _raw(url, "GET", "/_smsv2/inbox", headers={"Host": "evil.example:80"})[0] == 403
    assert _raw(url, "GET", "/_smsv2/api/messages", headers={"Host": "localhost:1"})[0] == 200


def test_the_token_protects_the_api() -> None:
    with mock_sms_voice() as fake, fake.serve_inbox(token="s3cret") as page:
        base = page.removesuffix("/_smsv2/inbox")
        with pytest.raises(InboxApiError) as caught:
            InboxClient(base).messages()
        assert (caught.value.status, caught.value.field) == (401, "token")
        with pytest.raises(InboxApiError):
            InboxClient(base, token="guess").messages()
        assert InboxClient(base, token="s3cret").messages()["messages"] == []
        assert _raw(base, "GET", "/_smsv2/api/clock?token=s3cret")[0] == 200
        assert _raw(base, "GET", "/_smsv2/inbox")[0] == 200  # the page itself holds no data


def test_the_page_and_its_assets(url: str) -> None:
    status, headers, body = _raw(url, "GET", "/_smsv2/inbox")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert b"inbox.js" in body and b"http" not in body.replace(b"http-equiv", b"")
    for name, kind in (("inbox.js", "text/javascript"), ("inbox.css", "text/css")):
        status, headers, body = _raw(url, "GET", f"/_smsv2/inbox/assets/{name}")
        assert status == 200 and headers["content-type"].startswith(kind) and body
        assert b"https://" not in body and b"http://" not in body  # nothing from the internet
    assert _raw(url, "GET", "/_smsv2/inbox/assets/../_site.py")[0] == 404


# --- live updates ----------------------------------------------------------------------------
def test_the_stream_announces_changes(url: str, manual: FakeSmsVoice) -> None:
    client = _boto()
    origin, _ = _number(client, manual)
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("GET", "/_smsv2/api/stream")
        answer = conn.getresponse()
        assert answer.status == 200
        assert answer.getheader("Content-Type") == "text/event-stream"
        assert answer.readline() == b"retry: 1000\n"
        assert answer.readline() == b"\n"
        assert answer.readline() == b"event: change\n"
        first = json.loads(answer.readline().removeprefix(b"data: "))["version"]
        _send(client, origin, "hi")
        lines = [answer.readline() for _ in range(4)]
        events = [json.loads(x.removeprefix(b"data: ")) for x in lines if x.startswith(b"data:")]
        assert events and events[0]["version"][0] == first[0] + 1
    finally:
        conn.close()


# --- smsv2 fake serve ------------------------------------------------------------------------
def test_the_server_serves_the_inbox_next_to_the_service() -> None:
    with ThreadedServer(FakeSmsVoice()) as server:
        assert server.inbox_url == server.endpoint_url + "/_smsv2/inbox"
        sdk = smsv2.Client(region_name="us-east-1", endpoint_url=server.endpoint_url)
        sdk.create_opt_out_list(opt_out_list_name="marketing")
        account = InboxClient(server.endpoint_url).account()
        lists = account["accounts"][0]["opt_out_lists"]  # type: ignore[index]
        assert [x["OptOutListName"] for x in lists] == ["marketing"]
    with ThreadedServer(FakeSmsVoice(), inbox=False) as server:
        assert server.inbox_url is None
        assert _raw(server.endpoint_url, "GET", "/_smsv2/api/messages")[0] != 200


def test_keep_must_be_positive() -> None:
    with pytest.raises(ValueError, match="keep"):
        FakeSmsVoice().inbox.keep = 0


def test_the_server_takes_an_inbox_token_and_checks_its_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with ThreadedServer(FakeSmsVoice(), inbox_token="t0ken", inbox_keep=5) as server:
        assert server.fake.inbox.keep == 5
        with pytest.raises(InboxApiError) as caught:
            InboxClient(server.endpoint_url).messages()
        assert caught.value.status == 401
        assert InboxClient(server.endpoint_url, token="t0ken").messages()["messages"] == []
    for bad in (["--inbox-keep", "0"], ["--inbox-token", ""]):
        with pytest.raises(SystemExit) as exited:
            server_main(bad)
        assert exited.value.code == 2
        assert "--inbox-" in capsys.readouterr().err


def test_live_clients_never_take_every_server_thread() -> None:
    with ThreadedServer(FakeSmsVoice(), http_limits=HttpLimits(threads=3)) as server:
        first = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            first.request("GET", "/_smsv2/api/stream")
            assert first.getresponse().status == 200
            status, _, body = _raw(server.endpoint_url, "GET", "/_smsv2/api/stream")
            assert (status, json.loads(body)["error"]["code"]) == (503, "TooManyStreams")
            assert InboxClient(server.endpoint_url).messages()["messages"] == []
        finally:
            first.close()
