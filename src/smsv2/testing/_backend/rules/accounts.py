"""Account tier and monthly spend limits: one rule for every way an account gets its tier."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from .._base import JsonDict
from .._model import service_model
from .._state import RegionState
from ..engine import PRODUCTION_TIER, SANDBOX_TIER
from ..quotas import DEFAULT_LIMITS, SANDBOX_SPEND_LIMIT


@functools.cache
def spend_limit_names() -> tuple[str, ...]:
    """The model's SpendLimitName values (DescribeSpendLimits lists one entry each)."""
    enum: list[str] = service_model().shape_for("SpendLimitName").metadata.get("enum") or []
    return tuple(str(name) for name in enum)


def account_limit(tier: str, name: str, limits: Mapping[str, int]) -> int:
    """MaxLimit of `name`: $1 in the sandbox (AWS's documented sandbox limit), else the
    production account limit from the fake's `limits`."""
    if tier == SANDBOX_TIER:
        return SANDBOX_SPEND_LIMIT
    return limits.get(name, DEFAULT_LIMITS["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"])


def tier_of(state: RegionState) -> str:
    return str(state.settings.get("AccountTier", SANDBOX_TIER))


def in_sandbox(state: RegionState) -> bool:
    return tier_of(state) == SANDBOX_TIER


def spend_limits(state: RegionState, limits: Mapping[str, int]) -> dict[str, JsonDict]:
    """name -> {Name, EnforcedLimit, MaxLimit, Overridden}, created on first use from the
    account's tier."""
    entries: dict[str, JsonDict] = state.settings.setdefault("SpendLimits", {})
    tier = tier_of(state)
    for name in spend_limit_names():
        if name not in entries:
            maximum = account_limit(tier, name, limits)
            entries[name] = {
                "Name": name,
                "EnforcedLimit": maximum,
                "MaxLimit": maximum,
                "Overridden": False,
            }
    return entries


def set_account_tier(state: RegionState, tier: str, limits: Mapping[str, int]) -> None:
    """Move the account to `tier`; account limits follow, overrides stay when they fit."""
    if tier not in (SANDBOX_TIER, PRODUCTION_TIER):
        raise ValueError(f"unknown account tier {tier!r}")
    state.settings["AccountTier"] = tier
    for name, entry in spend_limits(state, limits).items():
        maximum = account_limit(tier, name, limits)
        entry["MaxLimit"] = maximum
        if not entry["Overridden"] or entry["EnforcedLimit"] > maximum:
            entry["EnforcedLimit"] = maximum
