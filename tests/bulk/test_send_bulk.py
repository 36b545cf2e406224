"""Client.send_bulk against the in-process fake: outcomes, statuses, bad input, progress, stop."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest

import smsv2
from smsv2 import errors
from smsv2.bulk import KEY_PREFIX, BulkOutcome, BulkProgress, BulkStatus
from smsv2.models import SendTextMessageRequest
from smsv2.testing import FakeSmsVoice

from .conftest import messages, request_number

FAST = 10_000.0  # parts per second high enough not to pace the test


def by_key(outcomes: list[BulkOutcome]) -> dict[str, BulkOutcome]:
    return {o.key: o for o in outcomes}


def test_outbound_message_is_send_text_message_request_plus_a_key() -> None:
    # Derived, not re-declared: a field the generator adds to the request appears here too.
    assert issubclass(smsv2.OutboundMessage, SendTextMessageRequest)
    assert set(smsv2.OutboundMessage.model_fields) == {
        *SendTextMessageRequest.model_fields,
        "key",
    }
    own = set(vars(smsv2.OutboundMessage).get("__annotations__", {}))
    assert own == {"key"}


def test_building_a_bad_message_is_a_typed_error_naming_the_field() -> None:
    with pytest.raises(errors.RequestValidationError) as caught:
        smsv2.OutboundMessage(destination_phone_number="+1206555019x", message_body="code 4242")
    assert [p.field for p in caught.value.problems] == ["destination_phone_number"]
    assert "1206555019" not in str(caught.value) and "4242" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_default_key_is_an_hmac_under_the_secret_and_a_given_key_wins() -> None:
    secret = b"s" * 32
    one = smsv2.OutboundMessage(destination_phone_number="+12065550100", message_body="hi")
    same = smsv2.OutboundMessage(message_body="hi", destination_phone_number="+12065550100")
    other = smsv2.OutboundMessage(destination_phone_number="+12065550101", message_body="hi")
    assert one.key_under(secret) == same.key_under(secret) != other.key_under(secret)
    assert one.key_under(secret) != one.key_under(b"t" * 32)
    assert one.key_under(secret).startswith(KEY_PREFIX)
    keyed = smsv2.OutboundMessage(destination_phone_number="+12065550100", key="order-17")
    assert keyed.key_under(secret) == "order-17"


def test_reprs_carry_no_number_or_body(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    message = smsv2.OutboundMessage(
        destination_phone_number="+12065550199", message_body="secret code 4242"
    )
    outcome = next(iter(client.send_bulk([message], parts_per_second=FAST)))
    for text in (repr(message), str(message), repr(outcome), str(outcome.error)):
        assert "2065550199" not in text
        assert "4242" not in text


def test_every_message_is_sent_once_with_its_id(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    batch = messages(40, number)
    run = client.send_bulk(batch, parts_per_second=FAST)
    outcomes = list(run)
    assert len(outcomes) == 40
    assert {o.status for o in outcomes} == {BulkStatus.SENT}
    sent_ids = {m.message_id for m in fake.sent_messages}
    assert {o.message_id for o in outcomes} == sent_ids
    assert sorted(m.destination for m in fake.sent_messages) == sorted(
        m.destination_phone_number for m in batch
    )
    assert {o.message for o in outcomes} == set(batch)
    assert len({o.key for o in outcomes}) == 40
    assert all(o.key.startswith(KEY_PREFIX) for o in outcomes)
    summary = run.summary
    assert summary.sent == 40 and summary.total == 40 and summary.parts_sent == 40
    assert summary.parts_per_second > 0


def test_the_iterable_is_read_lazily(fake: FakeSmsVoice, client: smsv2.Client, number: str) -> None:
    taken = 0

    def endless() -> Iterator[smsv2.OutboundMessage]:
        nonlocal taken
        for i in itertools.count():
            taken += 1
            yield messages(1, number, start=i)[0]

    run = client.send_bulk(endless(), parts_per_second=FAST, concurrency=4)
    outcomes = run.__iter__()
    first = [next(outcomes) for _ in range(5)]
    assert all(o.status is BulkStatus.SENT for o in first)
    # Only the send window (2 x concurrency) is read ahead: memory stays flat.
    assert taken <= 5 + 2 * 4 + 1
    outcomes.close()
    assert len(fake.sent_messages) <= taken


def test_bad_messages_are_invalid_naming_the_field_and_the_rest_go_on(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    good = messages(3, number)
    bad_number = {
        "destination_phone_number": "12-34",
        "origination_identity": number,
        "message_body": "x",
    }
    too_long = smsv2.OutboundMessage(
        destination_phone_number="+12065550999",
        origination_identity=number,
        message_body="ü" * 600 + "中" * 100,  # UCS-2: 700 characters, 11 parts
    )
    bad_type = {"destination_phone_number": "+12065550998", "time_to_live": "soon"}
    outcomes = list(
        client.send_bulk(
            [good[0], bad_number, good[1], too_long, bad_type, good[2]], parts_per_second=FAST
        )
    )
    invalid = [o for o in outcomes if o.status is BulkStatus.INVALID]
    assert [o.field for o in invalid] == [
        "destination_phone_number",
        "message_body",
        "time_to_live",
    ]
    assert all(
        o.attempts == 0 and isinstance(o.error, errors.RequestValidationError) for o in invalid
    )
    assert "parts" in (invalid[1].reason or "")
    assert len(fake.sent_messages) == 3
    assert sum(o.status is BulkStatus.SENT for o in outcomes) == 3


def test_statuses_are_told_apart(fake: FakeSmsVoice, client: smsv2.Client, number: str) -> None:
    client.put_opted_out_number(opt_out_list_name="Default", opted_out_number="+12065550001")
    protect = client.create_protect_configuration().protect_configuration_id
    assert protect is not None
    client.put_protect_configuration_rule_set_number_override(
        protect_configuration_id=protect, destination_phone_number="+12065550002", action="BLOCK"
    )
    batch = [
        smsv2.OutboundMessage(
            destination_phone_number=f"+1206555000{i}",
            origination_identity=number,
            message_body=f"m{i}",
            protect_configuration_id=protect,
            key=f"k{i}",
        )
        for i in range(1, 4)
    ]
    outcomes = by_key(list(client.send_bulk(batch, parts_per_second=FAST, concurrency=1)))
    assert outcomes["k1"].status is BulkStatus.OPTED_OUT
    assert isinstance(outcomes["k1"].error, errors.DestinationOptedOutError)
    assert outcomes["k2"].status is BulkStatus.BLOCKED
    assert outcomes["k3"].status is BulkStatus.SENT


@pytest.mark.parametrize(
    ("error", "status"),
    [
        ("ServiceQuotaExceededException", BulkStatus.QUOTA),
        ("AccessDeniedException", BulkStatus.FAILED),
        ("InternalServerException", BulkStatus.OUTCOME_UNKNOWN),
    ],
)
def test_service_failures_map_to_statuses(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, error: str, status: BulkStatus
) -> None:
    fake.faults.fail_next("SendTextMessage", error=error)
    outcomes = list(client.send_bulk(messages(1, number), parts_per_second=FAST))
    assert [o.status for o in outcomes] == [status]
    assert outcomes[0].error is not None and outcomes[0].attempts == 1
    assert fake.sent_messages == []


def test_sandbox_destinations_are_not_verified() -> None:
    from smsv2.testing import mock_sms_voice

    with mock_sms_voice(fake=FakeSmsVoice(sandbox=True)):
        client = smsv2.Client(region_name="us-east-1")
        number = request_number(client)
        outcomes = list(client.send_bulk(messages(2, number), parts_per_second=FAST))
    assert {o.status for o in outcomes} == {BulkStatus.NOT_VERIFIED}


def test_throttling_is_absorbed_without_duplicates(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    fake.faults.throttle(0.3, operations=["SendTextMessage"])
    outcomes = list(client.send_bulk(messages(30, number), parts_per_second=FAST))
    assert {o.status for o in outcomes} == {BulkStatus.SENT}
    assert len(fake.sent_messages) == 30
    assert len({m.destination for m in fake.sent_messages}) == 30
    assert sum(o.attempts for o in outcomes) > 30  # some were throttled and sent again
    throttled = [f for f in fake.faults.injected if f.kind == "throttle"]
    assert len(throttled) == sum(o.attempts for o in outcomes) - 30


def test_a_message_throttled_every_time_fails(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    fake.faults.throttle(1.0, operations=["SendTextMessage"])
    outcomes = list(client.send_bulk(messages(1, number), parts_per_second=FAST))
    assert outcomes[0].status is BulkStatus.FAILED
    assert isinstance(outcomes[0].error, errors.ThrottlingException)
    assert outcomes[0].attempts == smsv2.bulk.THROTTLE_ATTEMPTS


def test_a_connection_failure_before_sending_is_retried(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import EndpointConnectionError

    calls = 0
    real = getattr(client.boto3_client, "send_text_message")  # noqa: B009 - not in the stubs' BaseClient

    def flaky(**kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise EndpointConnectionError(endpoint_url="https://example.invalid")
        return real(**kwargs)

    monkeypatch.setattr(client.boto3_client, "send_text_message", flaky)
    outcomes = list(client.send_bulk(messages(1, number), parts_per_second=FAST))
    assert outcomes[0].status is BulkStatus.SENT and outcomes[0].attempts == 2
    assert len(fake.sent_messages) == 1


def test_progress_reports_counts_rate_and_eta(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    seen: list[BulkProgress] = []
    run = client.send_bulk(messages(30, number), parts_per_second=40, on_progress=seen.append)
    run.wait()
    assert len(seen) >= 2
    last = seen[-1]
    assert last.finished and last.done == 30 and last.total == 30
    assert last.counts[BulkStatus.SENT] == 30
    middle = [p for p in seen if not p.finished and p.done]
    assert middle, "progress is reported during the run"
    assert all(p.eta is not None and p.eta >= 0 for p in middle)
    assert any(p.rate > 0 for p in middle)
    assert [p.done for p in seen] == sorted(p.done for p in seen)


def test_stop_takes_no_new_messages_and_counts_the_rest(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    run = client.send_bulk(messages(100, number), parts_per_second=50, concurrency=2)
    outcomes = []
    for outcome in run:
        outcomes.append(outcome)
        if len(outcomes) == 5:
            run.stop()
    summary = run.summary
    assert summary.interrupted
    assert len(fake.sent_messages) == len(outcomes) < 100
    assert summary.total == len(outcomes)
    assert summary.not_started >= 0
    assert "stopped" in str(summary)


def test_concurrency_keeps_latency_from_capping_throughput(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    fake.faults.latency(0.05, operations=["SendTextMessage"])
    started = time.monotonic()
    list(client.send_bulk(messages(40, number), parts_per_second=FAST, concurrency=8))
    elapsed = time.monotonic() - started
    assert len(fake.sent_messages) == 40
    assert elapsed < 40 * 0.05 / 2  # one at a time would take 2 s


def test_bad_settings_are_rejected_before_sending(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    for kwargs, name in [
        ({"concurrency": 0}, "concurrency"),
        ({"parts_per_second": -1}, "parts_per_second"),
        ({"parts_per_second": {"pool-x": 0}}, "parts_per_second['pool-x']"),
        ({"api_requests_per_second": 0}, "api_requests_per_second"),
    ]:
        with pytest.raises(errors.RequestValidationError) as caught:
            client.send_bulk(messages(1, number), **kwargs)  # type: ignore[arg-type]
        assert caught.value.fields == [name]
    assert fake.sent_messages == []
