"""One public home per name (issue 19): no two public modules export different objects under
one name; renamed names still work for one minor version, with a DeprecationWarning."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest

import smsv2
from smsv2 import errors, models

PUBLIC_MODULES = (
    "smsv2",
    "smsv2.async_client",
    "smsv2.bulk",
    "smsv2.client",
    "smsv2.encoding",
    "smsv2.errors",
    "smsv2.events",
    "smsv2.models",
    "smsv2.pagination",
    "smsv2.phone",
    "smsv2.resources",
    "smsv2.retries",
    "smsv2.testing",
)
EXCEPTION_NAMES = (
    "AccessDeniedException",
    "ConflictException",
    "InternalServerException",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "ValidationException",
)
RENAMED = [
    *((models, name, f"{name}Body") for name in EXCEPTION_NAMES),
    (models, "EventDestination", "EventDestinationInformation"),
]


def exported() -> Iterator[tuple[str, str, object]]:
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            yield module_name, name, getattr(module, name)


def test_no_name_means_two_things() -> None:
    homes: dict[str, tuple[str, object]] = {}
    clashes = []
    for module_name, name, value in exported():
        first = homes.setdefault(name, (module_name, value))
        if first[1] is not value:
            clashes.append(f"{name}: {first[0]} and {module_name}")
    assert clashes == []


def test_dir_lists_the_public_names() -> None:
    listed = dir(smsv2)
    assert "Client" in listed and "AsyncClient" in listed and "__version__" in listed
    assert not {"_LAZY", "_RESOURCES", "importlib", "annotations", "TYPE_CHECKING"} & set(listed)
    assert set(smsv2.__all__) <= set(listed)
    for name in listed:
        getattr(smsv2, name)  # every listed name resolves


def test_the_release_is_0_3_0() -> None:
    assert smsv2.__version__ == "0.3.0"


@pytest.mark.parametrize(("module", "old", "new"), [(m, o, n) for m, o, n in RENAMED])
def test_an_old_model_name_warns_and_gives_the_new_model(
    module: object, old: str, new: str
) -> None:
    assert old not in models.__all__ and new in models.__all__
    with pytest.warns(DeprecationWarning, match=rf"smsv2\.models\.{old} is deprecated.*{new}"):
        assert getattr(module, old) is getattr(models, new)


def test_the_testing_inbound_record_is_received_message() -> None:
    import smsv2.testing
    from smsv2.events import InboundMessage

    assert "InboundMessage" not in smsv2.testing.__all__
    with pytest.warns(DeprecationWarning, match="ReceivedMessage"):
        old: object = smsv2.testing.InboundMessage
    assert old is not InboundMessage
    assert old is smsv2.testing.ReceivedMessage
    assert smsv2.testing.ReceivedMessage.__module__ == "smsv2.testing"


def test_an_error_still_carries_its_typed_body() -> None:
    from smsv2.testing import mock_sms_voice

    with mock_sms_voice(region="us-east-1"):
        client = smsv2.Client(region_name="us-east-1")
        with pytest.raises(errors.ResourceNotFoundException) as raised:
            client.put_opted_out_number(
                opt_out_list_name="no-such-list", opted_out_number="+12065550100"
            )
    assert type(raised.value.details) is models.ResourceNotFoundExceptionBody
    assert raised.value.details.resource_id == "no-such-list"
