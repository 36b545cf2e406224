"""send_bulk: a span for the run, links to it from each send, throttling events, gauges."""

from __future__ import annotations

import asyncio

import smsv2
from smsv2.bulk import BulkProgress
from smsv2.testing import FakeSmsVoice
from tests.bulk.conftest import messages
from tests.telemetry.conftest import Recorded

RUN = "smsv2 send_bulk"
SEND = "pinpoint-sms-voice-v2/SendTextMessage"


def test_each_send_links_to_the_run_span(
    otel: Recorded, client: smsv2.Client, number_id: str, fake: FakeSmsVoice
) -> None:
    fake.faults.fail_next("SendTextMessage", times=2)  # two throttles, paced by the run
    summary = client.send_bulk(messages(6, number_id), parts_per_second=1000).wait()
    assert summary.sent == 6
    run = otel.span(RUN)
    sends = otel.spans(SEND)
    assert len(sends) == 8  # 6 sent, 2 throttled
    for send in sends:
        assert [link.context.span_id for link in send.links] == [run.context.span_id]
    attributes = dict(run.attributes or {})
    assert attributes["smsv2.bulk.total"] == 6
    assert attributes["smsv2.bulk.sent"] == 6
    assert attributes["smsv2.bulk.parts_sent"] == 6
    assert attributes["smsv2.bulk.interrupted"] is False
    throttled = [e for e in run.events if e.name == "smsv2.bulk.throttled"]
    assert len(throttled) == 2
    assert dict(throttled[0].attributes or {}) == {"smsv2.origination_identity": number_id}


def test_progress_gauges_report_a_running_job_then_stop(
    otel: Recorded, client: smsv2.Client, number_id: str
) -> None:
    seen: list[dict[str, int]] = []

    def on_progress(progress: BulkProgress) -> None:
        if progress.finished:
            return
        points = otel.metrics()
        seen.append(
            {str(a["smsv2.bulk.status"]): int(v) for a, v in points.get("smsv2.bulk.messages", [])}
        )
        assert [v for _, v in points["smsv2.bulk.total"]] == [20]

    run = client.send_bulk(messages(20, number_id), parts_per_second=40, on_progress=on_progress)
    for _ in run:
        pass
    assert seen, "on_progress ran while the job was running"
    sent_counts = [counts.get("SENT", 0) for counts in seen]
    assert sent_counts == sorted(sent_counts) and 0 < sent_counts[-1] <= 20
    after = otel.metrics()
    assert "smsv2.bulk.total" not in after or after["smsv2.bulk.total"] == []


def test_async_send_bulk_links_its_sends_to_the_run(
    otel: Recorded, fake: FakeSmsVoice, number_id: str
) -> None:
    async def main() -> int:
        async with smsv2.AsyncClient(region_name="us-east-1") as client:
            run = await client.send_bulk(messages(4, number_id), parts_per_second=1000)
            return (await run.wait()).sent

    assert asyncio.run(main()) == 4
    run_span = otel.span(RUN)
    sends = otel.spans(SEND)
    assert len(sends) == 4
    assert all(
        [link.context.span_id for link in s.links] == [run_span.context.span_id] for s in sends
    )


def test_a_bulk_run_records_nothing_when_off(
    recorded: Recorded, client: smsv2.Client, number_id: str
) -> None:
    client.send_bulk(messages(3, number_id), parts_per_second=1000).wait()
    assert recorded.spans() == []
