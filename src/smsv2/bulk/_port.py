"""What the bulk engine needs from a client: the narrow protocol both clients meet.

`Client` meets it as it is; `AsyncClient` through an adapter that runs each call on its
event loop (`smsv2.bulk._async`). The engine never names `Client`, so `client` and
`bulk` import one way only, and no stand-in is cast to a client class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from smsv2._generated.models import (
        ListPoolOriginationIdentitiesResult,
        PhoneNumberInformation,
        RcsAgentInformation,
        SenderIdFilter,
        SenderIdInformation,
        SendTextMessageResult,
    )
    from smsv2._generated.typeddicts import SenderIdFilterDict
    from smsv2.retries import RetryPolicy


class BulkClient(Protocol):
    """The calls a bulk job makes: send one message, and look up origination identities."""

    @property
    def retry_policy(self) -> RetryPolicy:
        """The client's retry settings (the engine paces retries itself)."""
        ...

    def with_options(self, *, max_attempts: int) -> BulkClient:
        """A copy that makes `max_attempts` attempts per call."""
        ...

    @property
    def send_text_message(self) -> Callable[..., SendTextMessageResult]:
        """`Client.send_text_message`: called with a validated message's arguments."""
        ...

    def phone_numbers(
        self, *, phone_number_ids: Sequence[str] | None = None
    ) -> Iterable[PhoneNumberInformation]:
        """The account's phone numbers (for their default rates)."""
        ...

    def list_pool_origination_identities(
        self, *, pool_id: str, next_token: str | None = None
    ) -> ListPoolOriginationIdentitiesResult:
        """One page of a pool's members (a pool's rate is its members' sum)."""
        ...

    def sender_ids(
        self, *, filters: Sequence[SenderIdFilter | SenderIdFilterDict] | None = None
    ) -> Iterable[SenderIdInformation]:
        """The account's sender IDs (for their live limits)."""
        ...

    def rcs_agents(
        self, *, rcs_agent_ids: Sequence[str] | None = None
    ) -> Iterable[RcsAgentInformation]:
        """The account's RCS agents (for their live limits)."""
        ...


__all__ = ["BulkClient"]
