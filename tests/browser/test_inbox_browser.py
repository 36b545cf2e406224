"""The inbox in a real browser: Debian's chromium driven by Selenium (issue 18, section 7)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

import smsv2
from smsv2 import errors
from smsv2.testing import FakeSmsVoice, mock_sms_voice
from tests.browser._chromium import chromium

Boto = Any  # boto3 clients are untyped
SUCCESS = "+14254147755"  # AWS's US simulator destinations
OTHER = "+14254147167"
REGION = "us-east-1"
TOPIC = f"arn:aws:sns:{REGION}:123456789012:sms-events"


@pytest.fixture(scope="module")
def driver() -> Iterator[Chrome]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def fake() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice() as active:
        yield active


def _sms() -> Boto:
    return boto3.client("pinpoint-sms-voice-v2", region_name=REGION)


def _number(client: Boto) -> tuple[str, str]:
    answer = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="SIMULATOR",
    )
    return str(answer["PhoneNumberId"]), str(answer["PhoneNumber"])


def _send(client: Boto, origin: str, body: str, to: str = SUCCESS, **extra: object) -> str:
    answer = client.send_text_message(
        DestinationPhoneNumber=to, OriginationIdentity=origin, MessageBody=body, **extra
    )
    return str(answer["MessageId"])


def _wait(driver: Chrome, css: str, seconds: float = 10) -> Any:
    WebDriverWait(driver, seconds).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    return driver.find_element(By.CSS_SELECTOR, css)


def _open(driver: Chrome, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "live").text == "live")


def _conversation(driver: Chrome, number: str) -> Any:
    return _wait(driver, f'#conversations li[data-number="{number}"]')


def test_a_boto3_send_appears_without_a_reload(driver: Chrome, fake: FakeSmsVoice) -> None:
    client = _sms()
    origin, _ = _number(client)
    with fake.serve_inbox() as url:
        _open(driver, url)
        driver.execute_script("window.__sameDocument = true;")
        assert driver.find_elements(By.CSS_SELECTOR, "#conversations li") == []
        _send(client, origin, "Your code is 482913")
        item = _conversation(driver, SUCCESS)
        assert "Your code is 482913" in item.text
        assert driver.execute_script("return window.__sameDocument") is True


def test_stop_reply_opts_out_and_the_next_send_is_refused(
    driver: Chrome, fake: FakeSmsVoice
) -> None:
    client = _sms()
    origin, _ = _number(client)
    _send(client, origin, "Your code is 1")
    with fake.serve_inbox() as url:
        _open(driver, url)
        _conversation(driver, SUCCESS).click()
        _wait(driver, "#thread .bubble.outbound")
        body = driver.find_element(By.ID, "reply-body")
        body.send_keys("STOP")
        driver.find_element(By.ID, "reply-send").click()
        _wait(driver, "#thread .bubble.inbound")
        assert "unsubscribed" in driver.find_element(By.ID, "reply-result").text
        driver.find_element(By.ID, "tab-account").click()
        opt_out = _wait(driver, '#account .opt-out-list[data-name="Default"] .numbers li')
        assert opt_out.text.startswith(SUCCESS)
    with pytest.raises(errors.DestinationOptedOutError):
        smsv2.Client(region_name=REGION).send_text_message(
            destination_phone_number=SUCCESS, origination_identity=origin, message_body="again"
        )


def test_blocked_shows_on_the_timeline_and_reaches_sqs(driver: Chrome) -> None:
    with mock_aws(), mock_sms_voice() as fake:
        sns = boto3.client("sns", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        topic = sns.create_topic(Name="sms-events")["TopicArn"]
        queue = sqs.create_queue(QueueName="sms-events")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=queue_arn["Attributes"]["QueueArn"],
            Attributes={"RawMessageDelivery": "true"},
        )
        client = _sms()
        origin, _ = _number(client)
        client.create_configuration_set(ConfigurationSetName="events")
        client.create_event_destination(
            ConfigurationSetName="events",
            EventDestinationName="to-sqs",
            MatchingEventTypes=["TEXT_BLOCKED"],
            SnsDestination={"TopicArn": topic},
        )
        _send(client, origin, "first")
        with fake.serve_inbox() as url:
            _open(driver, url)
            _conversation(driver, SUCCESS).click()
            Select(_wait(driver, "#outcome-select")).select_by_value("BLOCKED")
            WebDriverWait(driver, 10).until(
                lambda d: fake.engine.delivery_outcomes.get(SUCCESS) == "BLOCKED"
            )
            message_id = _send(client, origin, "second", ConfigurationSetName="events")
            bubble = _wait(driver, f'#thread .bubble[data-id="{message_id}"]')
            bubble.click()
            step = _wait(driver, "#detail-body .timeline li.reached:last-child")
            assert "BLOCKED" in step.text and "to-sqs" in step.text
        received = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
        events = [json.loads(m["Body"]) for m in received]
        assert [(e["messageId"], e["messageStatus"]) for e in events] == [(message_id, "BLOCKED")]


def test_a_script_like_body_stays_inert(driver: Chrome, fake: FakeSmsVoice) -> None:
    client = _sms()
    origin, _ = _number(client)
    body = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    _send(client, origin, body)
    with fake.serve_inbox() as url:
        _open(driver, url)
        _conversation(driver, SUCCESS).click()
        bubble = _wait(driver, "#thread .bubble.outbound .body")
        assert bubble.text == body
        bubble.click()
        _wait(driver, "#detail-body .fields")
        assert driver.find_elements(By.CSS_SELECTOR, "#thread img, #thread script") == []
        assert driver.find_elements(By.CSS_SELECTOR, "#conversations img") == []
        assert driver.execute_script("return window.__pwned") is None


def test_the_conversation_list_works_with_the_keyboard(driver: Chrome, fake: FakeSmsVoice) -> None:
    client = _sms()
    origin, _ = _number(client)
    _send(client, origin, "older", to=OTHER)
    _send(client, origin, "newer")
    with fake.serve_inbox() as url:
        _open(driver, url)
        _conversation(driver, OTHER)
        driver.find_element(By.ID, "search").click()
        active = driver.switch_to.active_element
        active.send_keys(Keys.TAB, Keys.TAB, Keys.TAB)  # filters, reset, clear... then the list
        for _ in range(3):
            if driver.switch_to.active_element.get_attribute("role") == "option":
                break
            driver.switch_to.active_element.send_keys(Keys.TAB)
        assert driver.switch_to.active_element.get_attribute("data-number") == SUCCESS
        driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        assert driver.switch_to.active_element.get_attribute("data-number") == OTHER
        heading = driver.find_element(By.ID, "thread-number")
        WebDriverWait(driver, 10).until(lambda d: heading.text == OTHER)
        driver.switch_to.active_element.send_keys(Keys.HOME)
        WebDriverWait(driver, 10).until(lambda d: heading.text == SUCCESS)
        driver.switch_to.active_element.send_keys(Keys.END, Keys.ENTER)
        WebDriverWait(driver, 10).until(
            lambda d: d.switch_to.active_element.get_attribute("id") == "reply-body"
        )
        assert heading.text == OTHER
        selected = driver.find_elements(By.CSS_SELECTOR, '#conversations [aria-selected="true"]')
        assert [s.get_attribute("data-number") for s in selected] == [OTHER]
