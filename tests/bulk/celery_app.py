"""The Celery app of the Celery test (configured from the environment the test sets)."""

from __future__ import annotations

import os

from celery import Celery

import smsv2
from smsv2.integrations.celery import send_message_task
from tests.bulk.conftest import KEY_SECRET

app = Celery(
    "smsv2-test",
    broker=os.environ["SMSV2_TEST_BROKER"],
    backend=os.environ["SMSV2_TEST_BACKEND"],
)
app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"])


def make_client() -> smsv2.Client:
    return smsv2.Client(region_name="us-east-1", endpoint_url=os.environ["SMSV2_TEST_ENDPOINT"])


send = send_message_task(
    app,
    client=make_client,
    redis=os.environ["SMSV2_TEST_REDIS"],
    key_secret=KEY_SECRET,
    parts_per_second=float(os.environ["SMSV2_TEST_RATE"]),
)
