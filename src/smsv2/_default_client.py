"""The client that resource classes use when none is passed: `smsv2.configure()`.

```python
smsv2.configure(region_name="eu-west-1")
pool = smsv2.Pool.get("pool-123")              # uses that client
```

Without `configure()`, the default client follows boto3's usual chain (environment,
profile, instance role). It is created on first use, once, under a lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from smsv2._public import publish

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config

    from smsv2.client import Client


@dataclass(frozen=True)
class _Options:
    region_name: str | None = None
    profile_name: str | None = None
    session: boto3.Session | None = None
    endpoint_url: str | None = None
    config: Config | None = None
    max_attempts: int | None = None
    timeout: float | None = None


_lock = threading.Lock()
_client: Client | None = None
_options = _Options()


def configure(
    client: Client | None = None,
    *,
    region_name: str | None = None,
    profile_name: str | None = None,
    session: boto3.Session | None = None,
    endpoint_url: str | None = None,
    config: Config | None = None,
    max_attempts: int | None = None,
    timeout: float | None = None,
) -> None:
    """Set the default client: either `client` itself, or options for one made on first use.

    Resources created earlier keep the client they were created with. Calling `configure()`
    with no arguments goes back to boto3's default chain.
    """
    global _client, _options
    options = _Options(
        region_name=region_name,
        profile_name=profile_name,
        session=session,
        endpoint_url=endpoint_url,
        config=config,
        max_attempts=max_attempts,
        timeout=timeout,
    )
    if client is not None and options != _Options():
        raise ValueError("pass either a client or client options to configure(), not both")
    with _lock:
        _client = client
        _options = options


def default_client() -> Client:
    """The default client (created on first call, thread-safely)."""
    global _client
    existing = _client
    if existing is not None:
        return existing
    with _lock:
        if _client is None:
            from smsv2.client import Client

            o = _options
            if o.max_attempts is None:
                _client = Client(
                    region_name=o.region_name,
                    profile_name=o.profile_name,
                    session=o.session,
                    endpoint_url=o.endpoint_url,
                    config=o.config,
                    timeout=o.timeout,
                )
            else:
                _client = Client(
                    region_name=o.region_name,
                    profile_name=o.profile_name,
                    session=o.session,
                    endpoint_url=o.endpoint_url,
                    config=o.config,
                    timeout=o.timeout,
                    max_attempts=o.max_attempts,
                )
        return _client


__all__ = ["configure", "default_client"]

publish("smsv2.resources", ["configure", "default_client"], globals())
