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
