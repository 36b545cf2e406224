"""Every ```python block in the README and docs/ runs (against the fake where it needs a service)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)

# README's first block shows real-account usage; it needs AWS and is not runnable offline.
NEEDS_AWS = {("README.md", 0)}


def blocks() -> list[tuple[str, int, str]]:
    found = []
    for path in DOCS:
        for index, match in enumerate(BLOCK.finditer(path.read_text())):
            name = str(path.relative_to(ROOT))
            if (name, index) not in NEEDS_AWS:
                found.append((name, index, match.group(1)))
    return found


def test_docs_have_runnable_examples() -> None:
    assert len(blocks()) >= 10


@pytest.mark.parametrize(
    ("doc", "index", "code"), [pytest.param(*b, id=f"{b[0]}#{b[1]}") for b in blocks()]
)
def test_doc_block_runs(doc: str, index: int, code: str) -> None:
    namespace: dict[str, object] = {"__name__": f"doc_{index}"}
    exec(compile(code, f"{doc}[block {index}]", "exec"), namespace)


def _page(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def test_the_fidelity_page_does_not_deny_what_the_guides_deliver() -> None:
    not_modelled = _page("fake-fidelity.md").split("## Not modelled", 1)[1].split("\n## ", 1)[0]
    first_paragraph = not_modelled.strip().split("\n\n", 1)[0]
    assert "event" not in first_paragraph  # delivery events are modelled and delivered
    assert "events_topic" in _page("sending-and-receiving.md")  # the guide that delivers them


def test_the_simulator_numbers_are_linked_and_the_fake_uses_them() -> None:
    from smsv2.testing._backend.rules.delivery import SIMULATOR_FAILURES

    page = _page("fake-fidelity.md")
    assert "sms-voice/latest/userguide/test-phone-numbers.html" in page
    assert "+14254147167" in page and "+14254147167" in SIMULATOR_FAILURES


def test_the_registrations_page_says_what_new_version_starts_from() -> None:
    from smsv2.testing._backend import registrations

    page = " ".join(_page("resources/registrations.md").split())
    assert "`new_version()` calls CreateRegistrationVersion" in page
    # The page says the fake starts each new version empty: the fake's rule must agree.
    assert "the fake starts each new version empty" in page
    assert registrations.NEW_VERSION_COPIES_FIELD_VALUES is False
