"""SNS webhooks for FastAPI and Starlette (`pip install 'smsv2[fastapi]'`).

```python
from smsv2.integrations.fastapi import sns_router
def handle(notification: SnsNotification) -> None:
    for event in notification.delivery_events:
        tracker.add(event)
app.include_router(sns_router(handle, allowed_topics=[TOPIC_ARN], path="/sns"))
```

Each POST is verified ([`smsv2.events.verify_sns_message`][smsv2.events.verify_sns_message]); a
SubscriptionConfirmation for an allowed topic is confirmed by visiting its SubscribeURL; a
notification is parsed into delivery events or inbound messages and given to `handler` (a function
or a coroutine function). The answer is 200 only once the handler returned, so SNS retries when it
raises; a MessageId already handled is answered 200 without calling it again. Forged messages get
403.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool
from typing_extensions import Unpack

from smsv2.events import (
    Confirm,
    SnsNotification,
    SnsWebhook,
    SnsWebhookOptions,
    visit_subscribe_url,
)

__all__ = ["sns_router"]

log = logging.getLogger("smsv2.integrations.fastapi")

Handler = Callable[[SnsNotification], None] | Callable[[SnsNotification], Awaitable[None]]


def sns_router(
    handler: Handler,
    *,
    path: str = "/sns",
    confirm_subscription: Callable[[str], None] = visit_subscribe_url,
    **options: Unpack[SnsWebhookOptions],
) -> APIRouter:
    """An `APIRouter` answering SNS's POSTs at `path` (see the module's documentation).

    `confirm_subscription(url)` visits a SubscribeURL (default: an HTTPS GET with a timeout).
    `options` are [`SnsWebhook`][smsv2.events.SnsWebhook]'s: `allowed_topics` (required),
    `fetch_certificate` and `max_age` (as `verify_sns_message`), `remember` (how many
    handled MessageIds are kept to ignore repeats).
    """
    webhook = SnsWebhook(**options)
    router = APIRouter()

    async def receive(request: Request) -> Response:
        step = await run_in_threadpool(webhook.receive, await request.body())
        if isinstance(step, Confirm):
            step = await run_in_threadpool(step.run, confirm_subscription)
        elif isinstance(step, SnsNotification):
            step = webhook.done(step.message, succeeded=await _call(handler, step))
        log.info("SNS message answered %d: %s", step.status, step.reason)
        return Response(status_code=step.status)

    router.add_api_route(path, receive, methods=["POST"], include_in_schema=False)
    return router


async def _call(handler: Handler, notification: SnsNotification) -> bool:
    try:
        if inspect.iscoroutinefunction(handler):
            await handler(notification)
        else:
            await run_in_threadpool(handler, notification)
    except Exception as exc:  # any failure of the application's code: SNS retries
        log.error("SNS notification handler raised %s; SNS will retry", type(exc).__name__)
        return False
    return True
