"""Opt-out lists and configuration sets through the object API."""

from __future__ import annotations

import pytest

import smsv2
from smsv2.errors import (
    DestinationOptedOutError,
    ResourceAlreadyExistsError,
    ResourceNotFoundException,
)
from smsv2.models import CloudWatchLogsDestinationDict
from smsv2.resources import ConfigurationSet, EventDestination, OptOutList, PhoneNumber
from smsv2.testing import FakeSmsVoice

from .conftest import RequestCounter

CW: CloudWatchLogsDestinationDict = {
    "iam_role_arn": "arn:aws:iam::123456789012:role/sms-events",
    "log_group_arn": "arn:aws:logs:us-east-1:123456789012:log-group:sms",
}


def test_opt_out_round_trip(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    stop = OptOutList.ensure("marketing", client=client)
    assert stop.name == stop.id == "marketing"
    assert "+12065550100" not in stop
    info = stop.opt_out("+12065550100")
    assert info.opted_out_number == "+12065550100"
    assert info.end_user_opted_out is False
    assert "+12065550100" in stop
    assert [n.opted_out_number for n in stop.numbers()] == ["+12065550100"]
    stop.opt_in("+12065550100")
    assert "+12065550100" not in stop
    stop.opt_in("+12065550100")  # not on the list: fine by default
    with pytest.raises(ResourceNotFoundException):
        stop.opt_in("+12065550100", missing_ok=False)


def test_opt_out_blocks_sending_from_a_number(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    fake.leave_sandbox()
    stop = OptOutList.ensure("transactional", client=client)
    number = PhoneNumber.request(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
        opt_out_list=stop,
        client=client,
    ).wait_until_active(sleep=fake.advance)
    assert number.opt_out_list_name == "transactional"
    stop.opt_out("+12065550111")
    with pytest.raises(DestinationOptedOutError):
        number.send_text("+12065550111", "hi")
    stop.opt_in("+12065550111")
    assert number.send_text("+12065550111", "hi").message_id


def test_ensure_is_idempotent_and_other_errors_raise(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    first = OptOutList.ensure("dupe", tags={"a": "1"}, client=client)
    second = OptOutList.ensure("dupe", client=client)
    assert first == second
    assert first.tags() == {"a": "1"}
    with pytest.raises(ResourceAlreadyExistsError):
        OptOutList.create("dupe", client=client)
    with pytest.raises(smsv2.errors.RequestValidationError):
        OptOutList.ensure("not a valid name!", client=client)


def test_delete_missing_ok(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    stop = OptOutList.create("temp", client=client)
    stop.delete()
    stop.delete(missing_ok=True)
    with pytest.raises(ResourceNotFoundException):
        stop.delete()
    with pytest.raises(ResourceNotFoundException):
        "+12065550100" in stop  # noqa: B015 - the list itself is gone
    assert OptOutList.get("Default", client=client).name == "Default"
    assert "temp" not in [o.name for o in OptOutList.list(client=client)]


def test_configuration_set_event_destinations(
    fake: FakeSmsVoice, client: smsv2.Client, requests: RequestCounter
) -> None:
    events = ConfigurationSet.ensure("prod", client=client)
    assert ConfigurationSet.ensure("prod", client=client) == events
    assert events.event_destinations == []
    logs = events.add_event_destination(
        "logs", matching_event_types=["ALL"], cloud_watch_logs_destination=CW
    )
    assert isinstance(logs, EventDestination)
    requests.reset()
    assert events.event_destinations == [logs]  # cached: no request
    assert events.event_destination("logs") == logs
    assert requests.operations == []
    assert logs.enabled is True
    assert logs.cloud_watch_logs_destination is not None
    logs.disable()
    assert logs.enabled is False
    assert events.event_destinations[0].enabled is False  # the parent saw the change
    again = events.ensure_event_destination(
        "logs", matching_event_types=["ALL"], cloud_watch_logs_destination=CW
    )
    assert again == logs and again.enabled is False
    assert ConfigurationSet.get("prod", client=client).event_destinations == [logs]
    logs.delete()
    assert events.event_destinations == []
    logs.delete(missing_ok=True)
    with pytest.raises(ResourceNotFoundException):
        logs.delete()


def test_configuration_set_defaults(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    cs = ConfigurationSet.create("defaults", tags={"env": "test"}, client=client)
    cs.set_default_sender_id("EXAMPLE")
    cs.set_default_message_type("TRANSACTIONAL")
    cs.set_message_feedback(True)
    assert (cs.default_sender_id, cs.default_message_type) == ("EXAMPLE", "TRANSACTIONAL")
    assert cs.default_message_feedback_enabled is True
    fresh = ConfigurationSet.get("defaults", client=client)
    assert (fresh.default_sender_id, fresh.default_message_type) == ("EXAMPLE", "TRANSACTIONAL")
    cs.clear_default_sender_id()
    cs.clear_default_message_type()
    assert cs.default_sender_id is None and cs.default_message_type is None
    assert cs.refresh().default_sender_id is None
    assert cs.tags() == {"env": "test"}
    assert [c.name for c in ConfigurationSet.list(client=client)] == ["defaults"]
    cs.delete()
    cs.delete(missing_ok=True)
