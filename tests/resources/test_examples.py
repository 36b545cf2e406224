"""Each example runs as a script against the fake (no AWS account)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = [
    "pool_setup.py",
    "opt_out_handling.py",
    "registration_walkthrough.py",
    "protect_configuration.py",
    "registrations_as_code.py",
]
EXPECTED = {
    "pool_setup.py": "refused: DELETION_PROTECTION_ENABLED",
    "opt_out_handling.py": "not sent: DESTINATION_PHONE_NUMBER_OPTED_OUT",
    "registration_walkthrough.py": "registration COMPLETE",
    "protect_configuration.py": "blocked: DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION",
    "registrations_as_code.py": "v2: APPROVED",
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_runs(name: str, tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("AWS_")
    }  # the examples must not need any AWS setting
    env["AWS_CONFIG_FILE"] = str(tmp_path / "config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "credentials")
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / name)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert EXPECTED[name] in result.stdout
