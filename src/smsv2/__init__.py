"""smsv2: a typed Python SDK for AWS End User Messaging SMS and Voice, v2.

```python
import smsv2
client = smsv2.Client(region_name="us-east-1")
```

Submodules load on first use to keep `import smsv2` cheap (AWS Lambda cold starts).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from smsv2 import resources as _resources
from smsv2._options import NOT_GIVEN, NotGiven

__version__ = "0.3.0"

# Also what __getattr__ below loads: the import-graph test (tests/test_architecture.py)
# reads this block to see the lazy imports.
if TYPE_CHECKING:
    from smsv2 import bulk as bulk
    from smsv2 import errors as errors
    from smsv2 import events as events
    from smsv2 import integrations as integrations
    from smsv2 import models as models
    from smsv2 import telemetry as telemetry
    from smsv2 import testing as testing
    from smsv2.async_client import AsyncClient as AsyncClient
    from smsv2.bulk import BulkOutcome as BulkOutcome
    from smsv2.bulk import BulkRun as BulkRun
    from smsv2.bulk import BulkStatus as BulkStatus
    from smsv2.bulk import BulkSummary as BulkSummary
    from smsv2.bulk import OutboundMessage as OutboundMessage
    from smsv2.client import Client as Client
    from smsv2.encoding import Encoding as Encoding
    from smsv2.encoding import Gsm7Conversion as Gsm7Conversion
    from smsv2.encoding import Segments as Segments
    from smsv2.encoding import segments as segments
    from smsv2.encoding import to_gsm7 as to_gsm7
    from smsv2.errors import SmsV2Error as SmsV2Error
    from smsv2.models import ResponseMetadata as ResponseMetadata
    from smsv2.pagination import AsyncPaginator as AsyncPaginator
    from smsv2.pagination import Paginator as Paginator
    from smsv2.phone import normalize_phone_number as normalize_phone_number
    from smsv2.resources import ConfigurationSet as ConfigurationSet
    from smsv2.resources import EventDestination as EventDestination
    from smsv2.resources import FieldDefinition as FieldDefinition
    from smsv2.resources import Keyword as Keyword
    from smsv2.resources import NotifyConfiguration as NotifyConfiguration
    from smsv2.resources import OptOutList as OptOutList
    from smsv2.resources import PhoneNumber as PhoneNumber
    from smsv2.resources import Pool as Pool
    from smsv2.resources import ProtectConfiguration as ProtectConfiguration
    from smsv2.resources import RcsAgent as RcsAgent
    from smsv2.resources import Registration as Registration
    from smsv2.resources import RegistrationAttachment as RegistrationAttachment
    from smsv2.resources import RegistrationType as RegistrationType
    from smsv2.resources import RegistrationVersion as RegistrationVersion
    from smsv2.resources import ResourceList as ResourceList
    from smsv2.resources import SectionDefinition as SectionDefinition
    from smsv2.resources import SenderId as SenderId
    from smsv2.resources import UnexpectedStatusError as UnexpectedStatusError
    from smsv2.resources import VerifiedDestinationNumber as VerifiedDestinationNumber
    from smsv2.resources import WaitTimeoutError as WaitTimeoutError
    from smsv2.resources import configure as configure
    from smsv2.resources import default_client as default_client
    from smsv2.retries import RetryEvent as RetryEvent
    from smsv2.retries import RetryPolicy as RetryPolicy
    from smsv2.telemetry import instrument as instrument
    from smsv2.telemetry import uninstrument as uninstrument

_LAZY = {
    "AsyncClient": ("smsv2.async_client", "AsyncClient"),
    "AsyncPaginator": ("smsv2.pagination", "AsyncPaginator"),
    "Client": ("smsv2.client", "Client"),
    "BulkOutcome": ("smsv2.bulk", "BulkOutcome"),
    "BulkRun": ("smsv2.bulk", "BulkRun"),
    "BulkStatus": ("smsv2.bulk", "BulkStatus"),
    "BulkSummary": ("smsv2.bulk", "BulkSummary"),
    "OutboundMessage": ("smsv2.bulk", "OutboundMessage"),
    "SmsV2Error": ("smsv2.errors", "SmsV2Error"),
    "Encoding": ("smsv2.encoding", "Encoding"),
    "Gsm7Conversion": ("smsv2.encoding", "Gsm7Conversion"),
    "Segments": ("smsv2.encoding", "Segments"),
    "segments": ("smsv2.encoding", "segments"),
    "to_gsm7": ("smsv2.encoding", "to_gsm7"),
    "normalize_phone_number": ("smsv2.phone", "normalize_phone_number"),
    "Paginator": ("smsv2.pagination", "Paginator"),
    "RetryEvent": ("smsv2.retries", "RetryEvent"),
    "RetryPolicy": ("smsv2.retries", "RetryPolicy"),
    "ResponseMetadata": ("smsv2.models", "ResponseMetadata"),
    "instrument": ("smsv2.telemetry", "instrument"),
    "uninstrument": ("smsv2.telemetry", "uninstrument"),
}
# The object API (smsv2.resources) is re-exported here: smsv2.Pool, smsv2.configure, ...
# (importing the package is cheap: its own names load on first use too)
_RESOURCES = frozenset(_resources.__all__)
_SUBMODULES = {
    "async_client",
    "bulk",
    "client",
    "encoding",
    "errors",
    "events",
    "integrations",
    "models",
    "pagination",
    "phone",
    "resources",
    "retries",
    "telemetry",
    "testing",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value: object = getattr(importlib.import_module(module), attr)
    elif name in _RESOURCES:
        value = getattr(importlib.import_module("smsv2.resources"), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"smsv2.{name}")
    else:
        raise AttributeError(f"module 'smsv2' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # The public names only (not this module's own imports and helpers).
    return sorted({*__all__, *_SUBMODULES, "__version__"})


__all__ = [
    "AsyncClient",
    "AsyncPaginator",
    "BulkOutcome",
    "BulkRun",
    "BulkStatus",
    "BulkSummary",
    "Client",
    "Encoding",
    "Gsm7Conversion",
    "NOT_GIVEN",
    "NotGiven",
    "OutboundMessage",
    "Paginator",
    "ResponseMetadata",
    "RetryEvent",
    "RetryPolicy",
    "Segments",
    "SmsV2Error",
    "bulk",
    "errors",
    "instrument",
    "models",
    "normalize_phone_number",
    "segments",
    "telemetry",
    "to_gsm7",
    "uninstrument",
]
__all__ += _resources.__all__
