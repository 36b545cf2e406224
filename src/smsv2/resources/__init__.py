"""The object API: resource classes over the typed client.

```python
from smsv2.resources import PhoneNumber, Pool
number = PhoneNumber.request(iso_country_code="US", message_type="TRANSACTIONAL",
    number_capabilities=["SMS"], number_type="TOLL_FREE")
pool = Pool.create(origination_identity=number, message_type="TRANSACTIONAL")
```

Attributes never call the service: they show what was last read. `refresh()` reads again; methods
that change a resource update it. Every class method takes `client=`; without one,
[`smsv2.default_client`][smsv2.default_client] (set up by [`smsv2.configure`][smsv2.configure]) is
used. Modules load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smsv2._default_client import configure as configure
    from smsv2._default_client import default_client as default_client
    from smsv2.errors import UnexpectedStatusError as UnexpectedStatusError
    from smsv2.errors import WaitTimeoutError as WaitTimeoutError
    from smsv2.resources._base import ResourceList as ResourceList
    from smsv2.resources._origination import Keyword as Keyword
    from smsv2.resources._registration_spec import AttachmentSpec as AttachmentSpec
    from smsv2.resources._registration_spec import DeniedReason as DeniedReason
    from smsv2.resources._registration_spec import FieldChange as FieldChange
    from smsv2.resources._registration_spec import RegistrationPlan as RegistrationPlan
    from smsv2.resources._registration_spec import RegistrationSpec as RegistrationSpec
    from smsv2.resources._registration_spec import ReviewOutcome as ReviewOutcome
    from smsv2.resources.configuration_sets import ConfigurationSet as ConfigurationSet
    from smsv2.resources.configuration_sets import EventDestination as EventDestination
    from smsv2.resources.notify import NotifyConfiguration as NotifyConfiguration
    from smsv2.resources.opt_out_lists import OptOutList as OptOutList
    from smsv2.resources.phone_numbers import PhoneNumber as PhoneNumber
    from smsv2.resources.pools import Pool as Pool
    from smsv2.resources.protect_configurations import (
        ProtectConfiguration as ProtectConfiguration,
    )
    from smsv2.resources.rcs import RcsAgent as RcsAgent
    from smsv2.resources.registrations import FieldDefinition as FieldDefinition
    from smsv2.resources.registrations import Registration as Registration
    from smsv2.resources.registrations import (
        RegistrationAttachment as RegistrationAttachment,
    )
    from smsv2.resources.registrations import RegistrationType as RegistrationType
    from smsv2.resources.registrations import RegistrationVersion as RegistrationVersion
    from smsv2.resources.registrations import SectionDefinition as SectionDefinition
    from smsv2.resources.sender_ids import SenderId as SenderId
    from smsv2.resources.verified_destinations import (
        VerifiedDestinationNumber as VerifiedDestinationNumber,
    )

_LAZY = {
    "configure": "smsv2._default_client",
    "default_client": "smsv2._default_client",
    "ResourceList": "smsv2.resources._base",
    "UnexpectedStatusError": "smsv2.errors",
    "WaitTimeoutError": "smsv2.errors",
    "Keyword": "smsv2.resources._origination",
    "ConfigurationSet": "smsv2.resources.configuration_sets",
    "EventDestination": "smsv2.resources.configuration_sets",
    "NotifyConfiguration": "smsv2.resources.notify",
    "OptOutList": "smsv2.resources.opt_out_lists",
    "PhoneNumber": "smsv2.resources.phone_numbers",
    "Pool": "smsv2.resources.pools",
    "ProtectConfiguration": "smsv2.resources.protect_configurations",
    "RcsAgent": "smsv2.resources.rcs",
    "AttachmentSpec": "smsv2.resources._registration_spec",
    "DeniedReason": "smsv2.resources._registration_spec",
    "FieldChange": "smsv2.resources._registration_spec",
    "RegistrationPlan": "smsv2.resources._registration_spec",
    "RegistrationSpec": "smsv2.resources._registration_spec",
    "ReviewOutcome": "smsv2.resources._registration_spec",
    "FieldDefinition": "smsv2.resources.registrations",
    "Registration": "smsv2.resources.registrations",
    "RegistrationAttachment": "smsv2.resources.registrations",
    "RegistrationType": "smsv2.resources.registrations",
    "RegistrationVersion": "smsv2.resources.registrations",
    "SectionDefinition": "smsv2.resources.registrations",
    "SenderId": "smsv2.resources.sender_ids",
    "VerifiedDestinationNumber": "smsv2.resources.verified_destinations",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value: object = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*_LAZY, "__all__"])


__all__ = [
    "AttachmentSpec",
    "ConfigurationSet",
    "DeniedReason",
    "FieldChange",
    "EventDestination",
    "FieldDefinition",
    "Keyword",
    "NotifyConfiguration",
    "OptOutList",
    "PhoneNumber",
    "Pool",
    "ProtectConfiguration",
    "RcsAgent",
    "Registration",
    "RegistrationAttachment",
    "RegistrationPlan",
    "RegistrationSpec",
    "RegistrationType",
    "RegistrationVersion",
    "ResourceList",
    "ReviewOutcome",
    "SectionDefinition",
    "SenderId",
    "UnexpectedStatusError",
    "VerifiedDestinationNumber",
    "WaitTimeoutError",
    "configure",
    "default_client",
]
