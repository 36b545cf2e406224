"""mypy --strict and pyright strict see AsyncClient's real types: wrong keywords and types fail,
a correct program passes with no Any (its use is also in tests/typing/usage.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

from tests.typing.pyright_check import run_pyright

ROOT = Path(__file__).resolve().parents[2]

WRONG = """
import asyncio
import smsv2

async def main() -> None:
    async with smsv2.AsyncClient(region_name="us-east-1") as client:
        await client.send_text_message(destination_phone_numbr="+12065550100")
        await client.send_text_message(destination_phone_number=12065550100)
        await client.create_pool(origination_identity="phone-1", message_type="CHATTY")
        for number in client.phone_numbers():
            print(number)
        count: int = await client.describe_pools()
        print(count)

asyncio.run(main())
"""

RIGHT = """
import asyncio
import smsv2
from smsv2 import models

async def main() -> None:
    async with smsv2.AsyncClient(region_name="us-east-1") as client:
        result = await client.send_text_message(
            destination_phone_number="+12065550100", message_body="hi", message_type="TRANSACTIONAL"
        )
        message_id: str | None = result.message_id
        arns: list[str] = [n.phone_number_arn async for n in client.phone_numbers()]
        first: models.PoolInformation | None = await client.pools(max_items=1).first()
        async for page in client.origination_identities(pool_id="pool-1").pages():
            pool_id: str | None = page.pool_id
            print(pool_id)
        print(message_id, arns, first)
        reveal_type(await client.describe_pools())

asyncio.run(main())
"""


def _write(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return path


def _mypy(tmp_path: Path, path: Path) -> str:
    stdout, stderr, _ = api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            str(path),
        ]
    )
    return stdout + stderr


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("async_typing")


def test_mypy_rejects_wrong_async_calls(workdir: Path) -> None:
    out = _mypy(workdir, _write(workdir, "wrong_async.py", WRONG))
    assert 'Unexpected keyword argument "destination_phone_numbr"' in out
    assert (
        'Argument "destination_phone_number" to "send_text_message" of "AsyncGeneratedClient"'
        in out
    )
    assert 'Argument "message_type" to "create_pool" of "AsyncGeneratedClient"' in out
    # An AsyncPaginator is not a plain iterable, and results are typed.
    assert (
        '"AsyncPaginator[PhoneNumberInformation, DescribePhoneNumbersResult]" has no attribute "__iter__"'
        in out
    )
    assert 'Incompatible types in assignment (expression has type "DescribePoolsResult"' in out


def test_mypy_accepts_a_correct_async_program_with_no_any(workdir: Path) -> None:
    out = _mypy(workdir, _write(workdir, "right_async.py", RIGHT))
    assert (
        'Revealed type is "smsv2._generated.models._describe_pools_result.DescribePoolsResult"'
        in out
    )
    assert "error" not in out.replace("reveal_type", ""), out
    assert "Any" not in out


def test_pyright_rejects_wrong_async_calls_and_accepts_the_right_ones(workdir: Path) -> None:
    wrong = _write(workdir, "wrong_async_pyright.py", WRONG)
    right = _write(
        workdir,
        "right_async_pyright.py",
        RIGHT.replace("        reveal_type(await client.describe_pools())\n", ""),
    )
    result = run_pyright([wrong, right])
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert 'No parameter named "destination_phone_numbr"' in out
    assert 'wrong_async_pyright.py:8:65 - error: Argument of type "Literal[12065550100]"' in out
    assert "wrong_async_pyright.py:9:79 - error: Argument of type \"Literal['CHATTY']\"" in out
    assert (
        'wrong_async_pyright.py:10:23 - error: "AsyncPaginator[PhoneNumberInformation, DescribePhoneNumbersResult]" is not iterable'
        in out
    )
    assert (
        'wrong_async_pyright.py:12:22 - error: Type "DescribePoolsResult" is not assignable' in out
    )
    assert "right_async_pyright.py" not in out
