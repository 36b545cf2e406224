"""mypy --strict accepts a script using every resource class and rejects wrong attributes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def _mypy(*paths: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def test_usage_script_passes_mypy_strict(cache: Path) -> None:
    result = _mypy(HERE / "typecheck_usage.py", cache=cache)
    assert result.returncode == 0, result.stdout + result.stderr


def test_wrong_attribute_is_a_type_error(tmp_path: Path, cache: Path) -> None:
    bad = tmp_path / "bad_usage.py"
    bad.write_text(
        textwrap.dedent(
            """
            from smsv2.resources import OptOutList, Pool

            def check(pool: Pool, stop: OptOutList) -> None:
                print(pool.two_way_enabld)
                pool.status = "ACTIVE"
                enabled: str = pool.deletion_protection_enabled
                stop.opt_out(12065550100)
                Pool.create(origination_identity="x", message_type="CHATTY")
            """
        )
    )
    result = _mypy(bad, cache=cache)
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert '"Pool" has no attribute "two_way_enabld"' in out
    assert "bad_usage.py:6:" in out  # read-only property
    assert "bad_usage.py:7:" in out  # bool is not str
    assert "bad_usage.py:8:" in out  # int is not str
    assert "bad_usage.py:9:" in out  # not a message type
