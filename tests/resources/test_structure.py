"""The resource layer's shared pieces: one reference helper, one error-note context manager,
``get``/``refresh``/``list`` written once, identity generated from the model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import smsv2
from smsv2._errors_base import RequestValidationError, SmsV2Error
from smsv2._generated import resource_fields
from smsv2._generated.operations import OPERATIONS
from smsv2.errors import ResourceNotFoundException
from smsv2.resources import (
    ConfigurationSet,
    NotifyConfiguration,
    OptOutList,
    PhoneNumber,
    Pool,
    ProtectConfiguration,
    RcsAgent,
    Registration,
    RegistrationAttachment,
    RegistrationVersion,
    SenderId,
    VerifiedDestinationNumber,
)
from smsv2.resources._base import Resource, error_notes, ref
from smsv2.testing import FakeSmsVoice

from ..core.test_typing import run_mypy

BRAND = "US_TEN_DLC_BRAND_REGISTRATION"
DESCRIBED: list[type[Resource[Any]]] = [
    ConfigurationSet,
    NotifyConfiguration,
    OptOutList,
    PhoneNumber,
    Pool,
    ProtectConfiguration,
    RcsAgent,
    Registration,
    RegistrationAttachment,
    VerifiedDestinationNumber,
]


def _number(client: smsv2.Client) -> PhoneNumber:
    return PhoneNumber.request(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
        client=client,
    )


def test_ref_gives_the_id_or_arn_of_an_object_and_passes_strings_through(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    number = _number(client)
    assert ref(number) == number.phone_number_id
    assert ref(number, arn=True) == number.phone_number_arn
    assert ref("phone-1") == "phone-1"
    assert ref("phone-1", arn=True) == "phone-1"
    assert ref(None) is None


def test_error_notes_name_the_context_and_ignore_swallows_the_rest_of_the_block() -> None:
    with pytest.raises(SmsV2Error) as info, error_notes("while testing X"):
        raise SmsV2Error("boom")
    assert getattr(info.value, "__notes__", None) == ["while testing X"]
    reached: list[str] = []
    with error_notes("while testing Y", ignore=lambda e: "gone" in str(e)):
        raise SmsV2Error("gone")
        reached.append("after")  # skipped
    assert reached == []
    with pytest.raises(SmsV2Error), error_notes("while testing Z", ignore=lambda e: False):
        raise SmsV2Error("kept")


def test_get_refresh_and_list_are_written_once() -> None:
    for cls in DESCRIBED:
        assert "get" not in vars(cls) and "refresh" not in vars(cls), cls
        assert "_fetch" not in vars(cls) and "list" not in vars(cls), cls
        # id, arn, list and the Describe call come from the generated mixin of the shape
        mixin = cls.__mro__[1]
        assert mixin.__module__ == resource_fields.__name__, cls
        assert {"id", "arn", "list", "_describe_items"} <= set(vars(mixin)), cls
        assert cls._describe_operation in OPERATIONS, cls
        assert cls.get.__func__ is Resource.get.__func__  # type: ignore[attr-defined]


def test_get_of_a_missing_resource_raises_not_found(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    with pytest.raises(ResourceNotFoundException) as info:
        Pool.get("pool-00000000000000000000000000000000", client=client)
    assert info.value.operation == "DescribePools"
    assert getattr(info.value, "__notes__", None) is None  # nothing to add: no object yet


def test_sender_ids_are_read_by_their_id_too(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    sender = SenderId.request(sender_id="EXAMPLE", iso_country_code="GB", client=client)
    assert SenderId.get(sender.id, client=client) == sender
    assert SenderId.get(sender.arn, "GB", client=client) == sender


def test_registration_versions_are_read_by_id_and_arn(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    version = Registration.create(registration_type=BRAND, client=client).version()
    by_id = RegistrationVersion.get(version.id, client=client)
    by_arn = RegistrationVersion.get(version.arn, client=client)
    assert by_id == version == by_arn
    assert by_id.registration_id == version.registration_id
    with pytest.raises(RequestValidationError) as info:
        RegistrationVersion.get("no-version-number", client=client)
    assert [p.field for p in info.value.problems] == ["resource_id"]


def test_adding_a_number_to_a_pool_updates_the_number_through_a_method(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    first, second = _number(client), _number(client)
    fake.advance(3600)
    pool = Pool.create(origination_identity=first, message_type="TRANSACTIONAL", client=client)
    pool.add(second)
    assert second.pool_id == pool.id
    pool.remove(second)
    assert second.pool_id is None


def test_list_options_are_typed(tmp_path: Path) -> None:
    out = run_mypy(
        tmp_path,
        """
        from smsv2.resources import OptOutList, Pool, ResourceList

        pools: ResourceList[Pool] = Pool.list(pool_ids=["pool-1"], owner="SELF", max_items=1)
        lists: ResourceList[OptOutList] = OptOutList.list(opt_out_list_names=["a"])
        Pool.list(colour="red")
        Pool.list(max_items="1")
        """,
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 2, out
    assert 'Unexpected keyword argument "colour"' in out
    assert '"max_items"' in out
