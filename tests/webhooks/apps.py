"""The two adapters in minimal applications: for the test clients and for real servers.

Run as a server (``python -m tests.webhooks.apps fastapi|django PORT``), the application
trusts the fake whose certificate is at ``$SMSV2_FAKE_CERT_URL`` and appends each record it
handles, as one JSON line, to ``$SMSV2_RECEIVED``.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from smsv2.events import SnsNotification
from smsv2.testing import visit_loopback_url

if TYPE_CHECKING:
    # Not at run time: importing Django at collection leaves its lazy settings object among
    # the live objects, which tests walking gc.get_objects() would trip over.
    from django.http import HttpResponse

TOPIC = "arn:aws:sns:us-east-1:123456789012:smsv2-fake-webhook"


def fastapi_app(
    handler: Callable[[SnsNotification], None],
    fetch_certificate: Callable[[str], bytes],
    confirm: Callable[[str], None] | None = None,
) -> object:
    from fastapi import FastAPI

    from smsv2.integrations.fastapi import sns_router

    app = FastAPI()
    options = {"confirm_subscription": confirm} if confirm else {}
    app.include_router(
        sns_router(
            handler,
            allowed_topics=[TOPIC],
            path="/sns",
            fetch_certificate=fetch_certificate,
            **options,  # type: ignore[arg-type]
        )
    )
    return app


def configure_django(view: Callable[..., HttpResponse]) -> None:
    """Settings for a one-URL Django project (the URLconf is this module's ``urlpatterns``)."""
    import django
    from django.conf import settings
    from django.urls import clear_url_caches, path

    global urlpatterns
    urlpatterns = [path("sns", view)]
    if not settings.configured:
        settings.configure(
            DEBUG=False,
            ROOT_URLCONF=__name__,
            ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
            SECRET_KEY="tests-only",
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
            INSTALLED_APPS=[],
            LOGGING_CONFIG=None,
        )
        django.setup()
    clear_url_caches()


urlpatterns: list[object] = []


def _served_handler() -> Callable[[SnsNotification], None]:
    out = Path(os.environ["SMSV2_RECEIVED"])

    def handle(notification: SnsNotification) -> None:
        with out.open("a", encoding="utf-8") as handle:
            for event in notification.delivery_events:
                record = {"kind": "event", "message_id": event.message_id, "status": event.status}
                handle.write(json.dumps(record) + "\n")
            for message in notification.inbound_messages:
                record = {"kind": "inbound", "body": message.message_body}
                handle.write(json.dumps(record) + "\n")

    return handle


def _fetch_from_fake(url: str) -> bytes:
    # The fake serves its certificate on loopback; the URL checks ran on `url` already.
    with urllib.request.urlopen(os.environ["SMSV2_FAKE_CERT_URL"], timeout=5) as answer:
        data: bytes = answer.read()
    return data


def main(framework: str, port: int) -> None:
    if framework == "fastapi":
        import uvicorn

        app = fastapi_app(_served_handler(), _fetch_from_fake, visit_loopback_url)
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
        return
    from django.core.management import call_command

    from smsv2.integrations.django import sns_view

    configure_django(
        sns_view(
            _served_handler(),
            allowed_topics=[TOPIC],
            fetch_certificate=_fetch_from_fake,
            confirm_subscription=visit_loopback_url,
        )
    )
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
