"""pyright strict, as users run it, rejects wrong code; every public name is exported."""

from __future__ import annotations

import importlib
import inspect
import textwrap
from pathlib import Path

import pytest
from typing_extensions import is_typeddict

from smsv2._generated import enums, typeddicts
from smsv2._generated.models import MODULES
from tests.typing.pyright_check import public_modules, run_pyright


def test_wrong_keyword_wrong_type_and_private_import_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad_usage.py"
    bad.write_text(
        textwrap.dedent(
            """
            import smsv2
            from smsv2.models import TYPE_CHECKING

            client = smsv2.Client(region_name="us-east-1")
            client.send_text_message(destination_phone_numbr="+12065550100")
            client.send_text_message(destination_phone_number=12065550100)
            client.create_pool(origination_identity="phone-1", message_type="CHATTY")
            print(TYPE_CHECKING)
            """
        )
    )
    result = run_pyright([bad])
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert 'No parameter named "destination_phone_numbr"' in out
    assert 'bad_usage.py:7:51 - error: Argument of type "Literal[12065550100]"' in out
    assert "bad_usage.py:8:65 - error: Argument of type \"Literal['CHATTY']\"" in out
    assert '"TYPE_CHECKING" is not exported from module "smsv2.models"' in out
    assert "5 errors" in out  # the misspelt keyword also leaves the real one missing


def test_a_correct_file_passes(tmp_path: Path) -> None:
    good = tmp_path / "good_usage.py"
    good.write_text(
        "from smsv2.models import MessageType, PhoneNumberFilterDict, Tag\n"
        "tag = Tag(key='a', value='b')\n"
        "kind = MessageType.TRANSACTIONAL\n"
        "flt: PhoneNumberFilterDict = {'name': 'status', 'values': ['ACTIVE']}\n"
        "print(tag, kind, flt)\n"
    )
    result = run_pyright([good])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout


def test_models_exports_every_model_enum_and_typeddict() -> None:
    import smsv2.models

    expected = {*MODULES, *enums.__all__, *typeddicts.__all__, "InputModel", "ResultModel"}
    assert expected <= set(smsv2.models.__all__)
    assert {"Tag", "MessageType", "MessageTypeLiteral", "PhoneNumberFilterDict"} <= set(
        smsv2.models.__all__
    )


@pytest.mark.parametrize("name", public_modules())
def test_public_module_exports_what_it_defines(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert len(exported) == len(set(exported)), "duplicates in __all__"
    for attr in exported:
        assert getattr(module, attr) is not None, attr
    defined = {
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == name
    }
    assert defined <= set(exported), f"{name}: not in __all__: {sorted(defined - set(exported))}"


@pytest.mark.parametrize("name", public_modules())
def test_exported_classes_and_functions_name_a_public_module(name: str) -> None:
    """What tracebacks and reprs show is a module users can import from. TypedDicts keep
    their defining module: they exist for type checkers, and ``typing.get_type_hints``
    resolves their members in the module they name."""
    module = importlib.import_module(name)
    private: list[str] = []
    for attr in module.__all__:
        value = getattr(module, attr)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if is_typeddict(value):
            continue
        parts = value.__module__.split(".")
        if parts[0] == "smsv2" and any(part.startswith("_") for part in parts[1:]):
            private.append(f"{attr} ({value.__module__})")
    assert private == []
