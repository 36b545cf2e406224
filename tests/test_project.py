"""The files that adopting smsv2 depends on: the license and the README's install section."""

from __future__ import annotations

import re
from importlib.metadata import metadata
from pathlib import Path

import smsv2

ROOT = Path(__file__).resolve().parent.parent
#: pyproject.toml as installed (the same on every supported Python, unlike tomllib).
METADATA = metadata("smsv2")
CONTRIBUTOR_EXTRAS = {"dev", "docs", "release", "bench"}


def install_section() -> str:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^## Install\n(.*?)^## ", readme, re.DOTALL | re.MULTILINE)
    assert match, "README.md has no '## Install' section"
    return match.group(1)


def test_license_file_is_the_license_pyproject_names() -> None:
    assert METADATA["License-Expression"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_install_section_names_the_supported_pythons() -> None:
    minimum = METADATA["Requires-Python"].removeprefix(">=")
    assert f"Python {minimum} or newer" in install_section()


def test_install_section_lists_every_user_extra() -> None:
    section = install_section()
    extras = set(METADATA.get_all("Provides-Extra") or []) - CONTRIBUTOR_EXTRAS
    assert extras, "no user extras found"
    for extra in extras:
        assert f"`smsv2[{extra}]`" in section, extra
    for extra in CONTRIBUTOR_EXTRAS:
        assert f"`{extra}`" in section, extra


def test_install_section_shows_how_to_depend_on_smsv2() -> None:
    section = install_section()
    assert "pip install smsv2" in section
    major, minor = (int(part) for part in smsv2.__version__.split(".")[:2])
    assert f'dependencies = ["smsv2>={major}.{minor},<{major}.{minor + 1}"]' in section
