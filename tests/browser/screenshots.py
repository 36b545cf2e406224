"""PNGs of the inbox for the documentation (``make docs-screenshots``): a fake with a few
conversations, served by ``serve_inbox`` and shot with Debian's chromium.

Run:  .venv/bin/python -m tests.browser.screenshots site-screenshots
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import boto3
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from tests.browser._chromium import chromium

Boto = Any  # boto3 clients are untyped
CUSTOMERS = ("+14254147755", "+14254147167")  # AWS's US simulator destinations


def populate(fake: FakeSmsVoice) -> Boto:
    """Numbers, a pool, a configuration set with an event destination and a few messages."""
    client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
    number = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS", "VOICE"],
        NumberType="SIMULATOR",
    )
    fake.leave_sandbox()
    client.create_configuration_set(ConfigurationSetName="otp")
    client.create_event_destination(
        ConfigurationSetName="otp",
        EventDestinationName="delivery-logs",
        MatchingEventTypes=["ALL"],
        CloudWatchLogsDestination={
            "IamRoleArn": "arn:aws:iam::123456789012:role/sms-events",
            "LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:sms",
        },
    )
    origin = number["PhoneNumberId"]
    for customer, body in (
        (CUSTOMERS[0], "Your login code is 482913"),
        (CUSTOMERS[1], "Sale! 20% off everything this weekend"),
        (CUSTOMERS[0], "Ihr Code lautet 771204 \u2013 g\u00fcltig 5 Minuten"),
    ):
        client.send_text_message(
            DestinationPhoneNumber=customer,
            OriginationIdentity=origin,
            MessageBody=body,
            ConfigurationSetName="otp",
            Context={"flow": "login"},
            TimeToLive=300,
        )
    fake.inbound(CUSTOMERS[0], number["PhoneNumber"], "Thanks! Got it")
    client.send_voice_message(
        DestinationPhoneNumber=CUSTOMERS[0],
        OriginationIdentity=origin,
        MessageBody="<speak>Your code is <say-as interpret-as='digits'>482913</say-as></speak>",
        MessageBodyTextType="SSML",
    )
    fake.inbound(CUSTOMERS[1], number["PhoneNumber"], "STOP")
    return client


def shoot(out: Path) -> list[Path]:
    """Save the conversation and account views of a populated inbox under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with mock_sms_voice() as fake:
        populate(fake)
        with fake.serve_inbox() as url, chromium(1360, 860) as driver:
            driver.get(url)
            wait = WebDriverWait(driver, 10)
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversations li"))
            driver.find_element(By.CSS_SELECTOR, f'li[data-number="{CUSTOMERS[0]}"]').click()
            wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#thread .bubble")) == 4)
            driver.find_elements(By.CSS_SELECTOR, "#thread .bubble.outbound")[1].click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#detail-body mark"))
            time.sleep(0.3)
            shots.append(out / "inbox.png")
            driver.save_screenshot(str(shots[-1]))
            driver.find_element(By.ID, "tab-account").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#account .opt-out-list"))
            time.sleep(0.3)
            shots.append(out / "inbox-account.png")
            driver.save_screenshot(str(shots[-1]))
    return shots


if __name__ == "__main__":
    for path in shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "site-screenshots")):
        print(path)
