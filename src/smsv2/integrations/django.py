"""SNS webhooks for Django (`pip install 'smsv2[django]'`).

```python
from smsv2.integrations.django import sns_view
urlpatterns = [path("sns/", sns_view(handle, allowed_topics=[TOPIC_ARN]))]
```

Each POST is verified ([`smsv2.events.verify_sns_message`][smsv2.events.verify_sns_message]); a
SubscriptionConfirmation for an allowed topic is confirmed by visiting its SubscribeURL; a
notification is parsed into delivery events or inbound messages and given to `handler`. The answer
is 200 only once the handler returned, so SNS retries when it raises; a MessageId already handled is
answered 200 without calling it again. Forged messages get 403. The view is exempt from CSRF (SNS
cannot send a token; the signature authenticates the request).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from typing_extensions import Unpack

from smsv2.events import (
    Confirm,
    SnsNotification,
    SnsWebhook,
    SnsWebhookOptions,
    visit_subscribe_url,
)

__all__ = ["sns_view"]

log = logging.getLogger("smsv2.integrations.django")


def sns_view(
    handler: Callable[[SnsNotification], None],
    *,
    confirm_subscription: Callable[[str], None] = visit_subscribe_url,
    **options: Unpack[SnsWebhookOptions],
) -> Callable[[HttpRequest], HttpResponse]:
    """A Django view answering SNS's POSTs (see the module's documentation).

    `confirm_subscription(url)` visits a SubscribeURL (default: an HTTPS GET with a timeout).
    `options` are [`SnsWebhook`][smsv2.events.SnsWebhook]'s: `allowed_topics` (required),
    `fetch_certificate` and `max_age` (as `verify_sns_message`), `remember` (how many
    handled MessageIds are kept to ignore repeats).
    """
    webhook = SnsWebhook(**options)

    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        step = webhook.receive(request.body)
        if isinstance(step, Confirm):
            step = step.run(confirm_subscription)
        elif isinstance(step, SnsNotification):
            try:
                handler(step)
            except Exception as exc:  # any failure of the application's code: SNS retries
                log.error("SNS notification handler raised %s; SNS will retry", type(exc).__name__)
                step = webhook.done(step.message, succeeded=False)
            else:
                step = webhook.done(step.message, succeeded=True)
        log.info("SNS message answered %d: %s", step.status, step.reason)
        return HttpResponse(status=step.status)

    return view
