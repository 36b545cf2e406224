"""Client choice (default, configure, two clients), notify configurations and RCS agents."""

from __future__ import annotations

import threading

import pytest

import smsv2
from smsv2._default_client import configure, default_client
from smsv2.errors import ResourceNotFoundException
from smsv2.resources import NotifyConfiguration, OptOutList, PhoneNumber, Pool, RcsAgent
from smsv2.testing import FakeSmsVoice


def test_default_client_is_created_once_thread_safely(fake: FakeSmsVoice) -> None:
    seen: list[smsv2.Client] = []
    barrier = threading.Barrier(8)

    def grab() -> None:
        barrier.wait()
        seen.append(default_client())

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 1
    stop = OptOutList.create("via-default")
    assert stop.client is seen[0]


def test_configure_sets_the_default(fake: FakeSmsVoice) -> None:
    configure(region_name="eu-west-1")
    assert default_client().boto3_client.meta.region_name == "eu-west-1"
    stop = OptOutList.create("in-ireland")
    assert stop.arn.split(":")[3] == "eu-west-1"
    mine = smsv2.Client(region_name="us-east-1")
    configure(mine)
    assert default_client() is mine
    assert stop.client is not mine  # instances keep their client
    assert stop.refresh().name == "in-ireland"
    with pytest.raises(ResourceNotFoundException):
        OptOutList.get("in-ireland")  # now looks in us-east-1
    with pytest.raises(ValueError):
        configure(mine, region_name="us-west-2")


def test_two_clients_do_not_interfere(fake: FakeSmsVoice) -> None:
    east = smsv2.Client(region_name="us-east-1")
    west = smsv2.Client(region_name="us-west-2")
    number = PhoneNumber.request(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
        client=west,
    ).wait_until_active(sleep=fake.advance)
    pool = Pool.create(origination_identity=number, message_type="TRANSACTIONAL", client=west)
    assert pool.client is west and ":us-west-2:" in pool.arn
    assert Pool.list(client=east).to_list() == []
    assert Pool.list(client=west).to_list() == [pool]
    with pytest.raises(ResourceNotFoundException):
        Pool.get(pool.id, client=east)
    assert pool.refresh().client is west
    first = PhoneNumber.list(client=west).first()
    assert first is not None and first.client is west


def test_notify_configuration(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    notify = NotifyConfiguration.create(
        display_name="Example App",
        use_case="CODE_VERIFICATION",
        enabled_channels=["SMS"],
        client=client,
    )
    assert notify.status == "PENDING"
    assert repr(notify) == f"NotifyConfiguration(id={notify.id!r}, status='PENDING')"
    notify.wait_until_active(sleep=fake.advance, poll=60)
    assert notify.status == "ACTIVE"
    notify.update(deletion_protection_enabled=True)
    assert notify.deletion_protection_enabled is True
    notify.update(deletion_protection_enabled=False)
    fake.leave_sandbox()
    sent = notify.send_text(
        "+12065550100",
        {"code": "123456"},
        template_id="otp-sms-en-basic",
    )
    assert sent.message_id
    assert NotifyConfiguration.list(client=client).to_list() == [notify]
    notify.delete()
    notify.delete(missing_ok=True)


def test_rcs_agent(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    agent = RcsAgent.create(client=client)
    assert agent.status == "CREATED"
    agent.wait_until("TESTING", sleep=fake.advance, poll=60)
    agent.update(deletion_protection_enabled=True)
    assert agent.deletion_protection_enabled is True
    agent.update(deletion_protection_enabled=False)
    assert RcsAgent.get(agent.arn, client=client) == agent
    assert isinstance(agent.country_launch_status().to_list(), list)
    agent.delete()
    agent.delete(missing_ok=True)
