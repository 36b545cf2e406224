"""`smsv2.Client`: one typed method per operation of the service."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from typing_extensions import Unpack

from smsv2._generated.client import GeneratedClient
from smsv2.bulk import BulkOptions, BulkRun, OutboundMessage


class Client(GeneratedClient):
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

    def send_bulk(
        self,
        messages: Iterable[OutboundMessage | Mapping[str, object]],
        **options: Unpack[BulkOptions],
    ) -> BulkRun:
        """Send many text messages at the service's rate; iterate the result for the outcomes.

        `messages` is any iterable of [`smsv2.OutboundMessage`][smsv2.OutboundMessage] (or mappings
        of its fields), read lazily: millions of messages keep memory flat. The options
        (`parts_per_second`, `journal`, `claims`...) are those of
        [`smsv2.bulk.BulkOptions`][smsv2.bulk.BulkOptions]; see docs/bulk-sending.md.

        Raises:
            smsv2.errors.JournalMismatchError: the journal is another job's; nothing was sent.
            smsv2.errors.JournalCorruptError: the journal file is empty, damaged or not a
                journal; nothing was sent.
            smsv2.errors.RequestValidationError: a bad setting (named), before anything is sent.
        """
        return BulkRun(self, messages, **options)


# Tracebacks name the class users hold: "Client.send_text_message() got an unexpected keyword".
def _public_qualnames() -> None:
    for name, member in vars(GeneratedClient).items():
        if callable(member) and not name.startswith("_"):
            member.__qualname__ = f"Client.{name}"


_public_qualnames()

__all__ = ["Client"]
