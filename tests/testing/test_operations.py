from __future__ import annotations

from smsv2.testing._backend import OPERATIONS
from smsv2.testing._backend._model import operation_names


def test_every_model_operation_has_a_handler() -> None:
    missing = sorted(set(operation_names()) - set(OPERATIONS))
    assert missing == []
    assert len(operation_names()) == 110


def test_no_handler_outside_the_model() -> None:
    assert sorted(set(OPERATIONS) - set(operation_names())) == []
