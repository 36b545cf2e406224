"""Default send rates from the limits the service reports, and advisory daily caps.

Each phone number, sender ID and RCS agent reports `MessagingLimits`: messages per second per
capability (`RateLimits`) and, for 10DLC numbers, advisory daily caps per provider
(`DailyMessageCaps`). A bulk run paces each identity at its live rate; a pool at the sum of its
members' rates. AWS's published table
([`default_parts_per_second`][smsv2.bulk.default_parts_per_second]) is used only when the service
reports nothing, and every rate records where it came from.

Daily caps are advisory (the carrier, not the API, enforces them): a run that plans more messages
through one 10DLC identity than its smallest cap gets a
[`DailyCapWarning`][smsv2.bulk.DailyCapWarning] before it starts, and `on_progress` reports each
identity's count against its cap.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, cast

from smsv2._errors_base import SmsV2Error, mask_digits
from smsv2._public import publish

if TYPE_CHECKING:
    from smsv2._generated.typeddicts import SenderIdFilterDict
    from smsv2.bulk._port import BulkClient
    from smsv2.models import MessagingLimits

logger = logging.getLogger("smsv2.bulk")

RateSource = Literal["given", "live", "table", "live+table", "fallback"]
"""Where a rate came from: `parts_per_second=`, the identity's live `RateLimits`, AWS's
published table, both (a pool whose members differ), or the deliberately low fallback."""

_EMPTY: Mapping[str, int] = MappingProxyType({})

#: Default MPS by (number type, country), from AWS's "Message Parts per Second (MPS) limits"
#: page of the End User Messaging SMS user guide. They are defaults only: your account's
#: real limits may differ: a bulk run uses them only when the service reports none.
DEFAULT_PARTS_PER_SECOND: Mapping[tuple[str, str], float] = MappingProxyType(
    {
        ("SHORT_CODE", "US"): 100.0,
        ("SHORT_CODE", "CA"): 100.0,
        ("TOLL_FREE", "US"): 3.0,
        ("TEN_DLC", "US"): 1.0,
        ("LONG_CODE", "US"): 1.0,
        ("LONG_CODE", "CA"): 1.0,
    }
)
#: A long code outside the US and Canada (same page).
LONG_CODE_ELSEWHERE_PARTS_PER_SECOND = 10.0
#: Anything the table does not cover (sender IDs, short codes elsewhere, simulator numbers, an
#: identity smsv2 cannot look up): a deliberately low rate. Set your own.
FALLBACK_PARTS_PER_SECOND = 1.0


def default_parts_per_second(number_type: str, iso_country_code: str) -> float:
    """The default MPS for a phone number of `number_type` in `iso_country_code`."""
    rate = DEFAULT_PARTS_PER_SECOND.get((number_type, iso_country_code))
    if rate is not None:
        return rate
    if number_type == "LONG_CODE":
        return LONG_CODE_ELSEWHERE_PARTS_PER_SECOND
    return FALLBACK_PARTS_PER_SECOND


@dataclass(frozen=True)
class IdentityRate:
    """The rate a bulk run paces one origination identity at, and where it came from."""

    rate: float
    """Message parts per second."""
    source: RateSource
    daily_caps: Mapping[str, int] = field(default_factory=dict[str, int])
    """Advisory daily caps per provider (10DLC numbers; empty when none apply)."""

    @property
    def smallest_cap(self) -> tuple[str, int] | None:
        """`(provider, cap)` of the smallest daily cap, if any."""
        if not self.daily_caps:
            return None
        provider = min(self.daily_caps, key=lambda p: (self.daily_caps[p], p))
        return provider, self.daily_caps[provider]


@dataclass(frozen=True)
class IdentityUsage:
    """What `on_progress` says about one identity: messages sent so far against its cap."""

    sent: int
    daily_cap: int | None = None
    """The smallest of its providers' daily caps (None when no cap applies)."""
    provider: str | None = None
    """The provider of that cap, for example `T-MOBILE`."""

    @property
    def over_cap(self) -> bool:
        """Whether this run sent more than the cap through the identity."""
        return self.daily_cap is not None and self.sent > self.daily_cap


class DailyCapWarning(UserWarning):
    """A bulk run plans more messages through one 10DLC identity than its smallest daily cap."""


# -- reading the limits ----------------------------------------------------------------------


def _live(limits: MessagingLimits | None, capability: str) -> float | None:
    rates = limits.rate_limits if limits is not None else None
    rate = (rates or {}).get(capability)
    return float(rate) if rate else None


def _caps(limits: MessagingLimits | None) -> Mapping[str, int]:
    caps = limits.daily_message_caps if limits is not None else None
    return MappingProxyType(dict(caps)) if caps else _EMPTY


def _plain(value: object) -> str:
    return str(getattr(value, "value", value))


def _phones(client: BulkClient, ids: Sequence[str], capability: str) -> list[IdentityRate]:
    out: list[IdentityRate] = []
    for number in client.phone_numbers(phone_number_ids=list(ids)):
        live = _live(number.messaging_limits, capability)
        caps = _caps(number.messaging_limits)
        if live is not None:
            out.append(IdentityRate(live, "live", caps))
        else:
            table = default_parts_per_second(_plain(number.number_type), number.iso_country_code)
            out.append(IdentityRate(table, "table", caps))
    return out


def _sender(
    client: BulkClient, sender_id: str, country: str | None, capability: str
) -> IdentityRate:
    filters: list[SenderIdFilterDict] = [{"name": "sender-id", "values": [sender_id]}]
    if country:
        filters.append({"name": "iso-country-code", "values": [country]})
    for sender in client.sender_ids(filters=filters):
        live = _live(sender.messaging_limits, capability)
        if live is not None:
            return IdentityRate(live, "live")
    return IdentityRate(FALLBACK_PARTS_PER_SECOND, "fallback")


def _rcs_agent(client: BulkClient, agent: str, capability: str) -> IdentityRate:
    for info in client.rcs_agents(rcs_agent_ids=[agent]):
        live = _live(info.messaging_limits, capability)
        if live is not None:
            return IdentityRate(live, "live")
    return IdentityRate(FALLBACK_PARTS_PER_SECOND, "fallback")


def _pool(client: BulkClient, pool: str, capability: str) -> IdentityRate:
    # The service spreads a pool's messages over its members: their rates add up. Caps
    # belong to each member, not to the pool, so a pool reports none.
    phones: list[str] = []
    members: list[IdentityRate] = []
    token: str | None = None
    while True:
        page = client.list_pool_origination_identities(pool_id=pool, next_token=token)
        for member in page.origination_identities or []:
            arn = member.origination_identity_arn
            if ":phone-number/" in arn:
                phones.append(arn)
            elif ":sender-id/" in arn:
                sender = member.origination_identity
                members.append(_sender(client, sender, member.iso_country_code, capability))
            else:
                members.append(IdentityRate(FALLBACK_PARTS_PER_SECOND, "fallback"))
        token = page.next_token
        if not token:
            break
    if phones:
        members.extend(_phones(client, phones, capability))
    if not members:
        return IdentityRate(FALLBACK_PARTS_PER_SECOND, "fallback")
    sources = {m.source for m in members}
    source: RateSource = (
        "live" if sources == {"live"} else "live+table" if "live" in sources else "table"
    )
    return IdentityRate(sum(m.rate for m in members), source)


def _by_number(client: BulkClient, number: str, capability: str) -> IdentityRate:
    for info in client.phone_numbers():
        if info.phone_number == number:
            return _phones(client, [info.phone_number_id], capability)[0]
    return IdentityRate(FALLBACK_PARTS_PER_SECOND, "fallback")


def identity_rate(
    client: BulkClient, identity: str | None, capability: str = "SMS"
) -> IdentityRate:
    """The rate of `identity` for `capability`: live, else the table, else the fallback.

    A failed lookup falls back (with a warning that does not name the identity, which may
    be a phone number) instead of failing the run.
    """
    if identity is None:
        return IdentityRate(FALLBACK_PARTS_PER_SECOND, "fallback")
    try:
        if identity.startswith("pool-") or ":pool/" in identity:
            return _pool(client, identity, capability)
        if identity.startswith("phone-") or ":phone-number/" in identity:
            found = _phones(client, [identity], capability)
            return found[0] if found else IdentityRate(FALLBACK_PARTS_PER_SECOND, "fallback")
        if identity.startswith("+"):
            return _by_number(client, identity, capability)
        if identity.startswith("rcs-") or ":rcs-agent/" in identity:
            return _rcs_agent(client, identity, capability)
        return _sender(client, identity.rsplit("/", 1)[-1], None, capability)
    except SmsV2Error as error:
        logger.warning(
            "could not read an origination identity's limits (%s); using %.1f parts/s",
            type(error).__name__,
            FALLBACK_PARTS_PER_SECOND,
        )
    return IdentityRate(FALLBACK_PARTS_PER_SECOND, "fallback")


# -- daily caps --------------------------------------------------------------------------------


def planned_counts(messages: object) -> Counter[str | None]:
    """Messages per origination identity, when `messages` is a sequence (a lazy iterable is
    never consumed ahead of the run: then nothing is planned)."""
    counts: Counter[str | None] = Counter()
    if not isinstance(messages, Sequence):
        return counts
    items = cast("Sequence[object]", messages)
    for item in items:
        if isinstance(item, Mapping):
            identity = cast("Mapping[str, object]", item).get("origination_identity")
        else:
            identity = getattr(item, "origination_identity", None)
        counts[identity if isinstance(identity, str) else None] += 1
    return counts


def cap_warnings(
    planned: Mapping[str | None, int], rates: Mapping[str | None, IdentityRate]
) -> list[str]:
    """One sentence per identity whose planned count exceeds its smallest daily cap."""
    out: list[str] = []
    for identity, count in planned.items():
        info = rates.get(identity)
        smallest = info.smallest_cap if info is not None else None
        if smallest is None or count <= smallest[1]:
            continue
        provider, cap = smallest
        out.append(
            f"{count} messages planned through 10DLC identity {mask_digits(identity or '')} "
            f"exceed its smallest daily cap ({provider}: {cap} a day); caps are advisory, "
            f"the carrier may block the {count - cap} over it"
        )
    return out


def warn_daily_caps(messages: object, rate_of: Callable[[str | None], IdentityRate]) -> None:
    """Warn ([`DailyCapWarning`][smsv2.bulk.DailyCapWarning], before anything is sent) for each
    over-cap identity."""
    planned = planned_counts(messages)
    rates = {identity: rate_of(identity) for identity in planned}
    for text in cap_warnings(planned, rates):
        logger.warning("%s", text)
        warnings.warn(text, DailyCapWarning, stacklevel=4)


class CapTracker:
    """Counts SENT messages per identity for `on_progress` (thread-safe)."""

    def __init__(self, rate_of: Callable[[str | None], IdentityRate]) -> None:
        self._rate_of = rate_of
        self._sent: Counter[str] = Counter()
        self._lock = threading.Lock()

    def count(self, identity: str | None) -> None:
        """One more message sent through `identity`."""
        if identity is not None:
            with self._lock:
                self._sent[identity] += 1

    def snapshot(self) -> Mapping[str, IdentityUsage]:
        """Each identity's count so far against its smallest daily cap."""
        with self._lock:
            sent = dict(self._sent)
        out: dict[str, IdentityUsage] = {}
        for identity, count in sent.items():
            smallest = self._rate_of(identity).smallest_cap
            provider, cap = smallest if smallest is not None else (None, None)
            out[identity] = IdentityUsage(count, cap, provider)
        return MappingProxyType(out)


publish("smsv2.bulk", ["DailyCapWarning", "IdentityRate", "IdentityUsage"], globals())

__all__ = [
    "DEFAULT_PARTS_PER_SECOND",
    "FALLBACK_PARTS_PER_SECOND",
    "LONG_CODE_ELSEWHERE_PARTS_PER_SECOND",
    "CapTracker",
    "DailyCapWarning",
    "IdentityRate",
    "IdentityUsage",
    "RateSource",
    "cap_warnings",
    "default_parts_per_second",
    "identity_rate",
    "planned_counts",
    "warn_daily_caps",
]
