"""`smsv2.Client`: one typed method per operation of the service."""

from __future__ import annotations

from smsv2._generated.client import GeneratedClient
from smsv2.bulk._mixin import BulkSendingMixin


class Client(BulkSendingMixin, GeneratedClient):
    """A typed client for AWS End User Messaging SMS and Voice, v2.

    ```python
    client = smsv2.Client(region_name="us-east-1")
    for number in client.phone_numbers():
        print(number.phone_number, number.status)
    ```

    Every method takes keyword-only, typed arguments, validates them before sending, retries
    what is safe to retry (see `smsv2.retries`) and returns a typed result model.
    `send_bulk` sends many messages at the service's rate (see `smsv2.bulk`).
    Nested parameters accept the model or a plain dict. The client is thread-safe.
    """


# Tracebacks name the class users hold: "Client.send_text_message() got an unexpected keyword".
def _public_qualnames() -> None:
    for name, member in vars(GeneratedClient).items():
        if callable(member) and not name.startswith("_"):
            member.__qualname__ = f"Client.{name}"


_public_qualnames()

__all__ = ["Client"]
