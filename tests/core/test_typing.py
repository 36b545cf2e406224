"""A type checker sees the client's real types: wrong types and keywords fail, results carry no Any."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

from tests.typing.pyright_check import run_pyright

ROOT = Path(__file__).resolve().parents[2]


def run_mypy(tmp_path: Path, source: str, *extra: str) -> str:
    path = tmp_path / "snippet.py"
    path.write_text(textwrap.dedent(source))
    stdout, stderr, _ = api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *extra,
            str(path),
        ]
    )
    return stdout + stderr


@pytest.fixture(scope="module")
def tmp_module_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("typing")


def test_wrong_type_and_misspelled_keyword_are_rejected(tmp_module_path: Path) -> None:
    out = run_mypy(
        tmp_module_path,
        """
        import smsv2
        client = smsv2.Client(region_name="us-east-1")
        client.send_text_message(destination_phone_number=123)
        client.send_text_message(destination_phone_numbr="+12065550100")
        client.create_pool(origination_identity="phone-1", message_type="BULK")
        """,
    )
    assert (
        'Argument "destination_phone_number" to "send_text_message" of "GeneratedClient" has incompatible type "int"'
        in out
    )
    assert 'Unexpected keyword argument "destination_phone_numbr"' in out
    assert 'Argument "message_type" to "create_pool"' in out


def test_a_correct_program_type_checks_with_no_any(tmp_module_path: Path) -> None:
    out = run_mypy(
        tmp_module_path,
        """
        import smsv2
        from smsv2 import errors, models

        client = smsv2.Client(region_name="us-east-1")
        result = client.send_text_message(
            destination_phone_number="+12065550100",
            message_body="Your code is 123456",
            message_type="TRANSACTIONAL",
            context={"purpose": "otp"},
        )
        message_id: str | None = result.message_id
        pool = client.create_pool(
            origination_identity="phone-1",
            message_type=models.MessageType.TRANSACTIONAL,
            tags=[models.Tag(key="a", value="b"), {"key": "c", "value": "d"}],
        )
        pool_id: str | None = pool.pool_id
        for number in client.phone_numbers(filters=[{"name": "status", "values": ["ACTIVE"]}]):
            arn: str = number.phone_number_arn
        for page in client.origination_identities(pool_id="pool-1").pages():
            page_pool: str | None = page.pool_id
        try:
            client.describe_pools()
        except errors.DestinationOptedOutError as err:
            reason: models.ConflictExceptionReason | str | None = err.reason
        reveal_type(result)
        """,
        "--disallow-any-expr",
    )
    assert (
        'Revealed type is "smsv2._generated.models._send_text_message_result.SendTextMessageResult"'
        in out
    )
    assert "error" not in out, out


WRONG_OPTIONS = """
import smsv2
client = smsv2.Client(region_name="us-east-1")
client.with_options(timeout="five", on_retry=42)
client.with_options(max_attempts=None)
"""


def test_with_options_wrong_types_are_rejected_by_mypy_and_pyright(tmp_module_path: Path) -> None:
    out = run_mypy(tmp_module_path, WRONG_OPTIONS)
    assert 'Argument "timeout" to "with_options" of "CoreBase" has incompatible type "str"' in out
    assert 'Argument "on_retry" to "with_options" of "CoreBase" has incompatible type "int"' in out
    assert (
        'Argument "max_attempts" to "with_options" of "CoreBase" has incompatible type "None"'
        in out
    )
    path = tmp_module_path / "wrong_options.py"
    path.write_text(textwrap.dedent(WRONG_OPTIONS))
    result = run_pyright([path])
    assert "wrong_options.py:4:29 - error: Argument of type \"Literal['five']\"" in result.stdout
    assert 'wrong_options.py:4:46 - error: Argument of type "Literal[42]"' in result.stdout
    assert 'wrong_options.py:5:34 - error: Argument of type "None"' in result.stdout


def test_response_metadata_is_typed(tmp_module_path: Path) -> None:
    out = run_mypy(
        tmp_module_path,
        """
        import smsv2
        client = smsv2.Client(region_name="us-east-1")
        meta = client.send_text_message(destination_phone_number="+12065550100").response_metadata
        request_id: str | None = meta.request_id
        attempts: int = meta.attempts
        reveal_type(meta.http_status)
        """,
    )
    assert 'Revealed type is "int | None"' in out
    assert "error" not in out.replace("reveal_type", ""), out
