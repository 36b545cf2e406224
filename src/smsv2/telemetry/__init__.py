"""OpenTelemetry traces and metrics for smsv2 (`pip install 'smsv2[otel]'`).

```python
import smsv2
smsv2.telemetry.instrument()          # every client, from now on
client = smsv2.Client(telemetry=True)  # or one client
```

Each operation call is a CLIENT span named `pinpoint-sms-voice-v2/<Operation>` with an event
per retried attempt; `send_bulk` runs, event parsing and `DeliveryTracker` final states get
spans linked to the sends. Spans and metrics never carry a phone number, a message body or a
credential: a destination becomes its country, a body its encoding and part count, an error its
class and reason. With the extra missing or telemetry off, nothing of OpenTelemetry is
imported and a call costs what it cost without this module. See `docs/observability.md`.
"""

from __future__ import annotations

from smsv2._public import publish
from smsv2.telemetry._state import REMEMBERED_SENDS, instrument, is_instrumented, uninstrument

__all__ = ["REMEMBERED_SENDS", "instrument", "is_instrumented", "uninstrument"]

publish(__name__, __all__, globals())
