"""The built reference renders every public name as the issue asks (issue 19): no literal reST
role or doctest directive, no private name, and every public model, dataclass and enum page
lists its fields or members and the constructor's parameters.

The site is built once for the module (`mkdocs build --strict`, as `make docs-build`), into a
temporary directory; `SMSV2_SITE=site` checks an existing build instead.
"""

from __future__ import annotations

import dataclasses
import enum
import html
import importlib
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from .test_public_names import PUBLIC_MODULES

ROOT = Path(__file__).resolve().parent.parent
ROLE = re.compile(r":(?:py:)?(?:mod|class|data|meth|func|attr|exc|obj|ref|const):\S")
PRIVATE = re.compile(r"(?<![\w.])_[A-Za-z]\w*|\b(?:BulkSendingMixin|GeneratedClient|InfoT)\b")
ANCHOR = re.compile(r'\bid="([^"]+)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("SMSV2_SITE")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)]
    done = subprocess.run(mkdocs, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.find("<article") : text.find("</article>")]


def visible(markup: str) -> str:
    without_tags = re.sub(r"<[^>]+>", "", markup)
    return html.unescape(without_tags)


def reference_pages(site: Path) -> list[Path]:
    pages = sorted((site / "reference").rglob("index.html"))
    assert len(pages) > 10
    return pages


def anchors(site: Path) -> dict[str, tuple[Path, int]]:
    """Every anchor of the reference: where it is (page, offset in the page's article)."""
    found: dict[str, tuple[Path, int]] = {}
    for page in reference_pages(site):
        for match in ANCHOR.finditer(article(page)):
            found.setdefault(match.group(1), (page, match.start()))
    return found


def public_classes() -> dict[str, type]:
    classes: dict[str, type] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and not name.endswith("Dict"):
                classes.setdefault(name, value)
    return classes


def members_of(cls: type) -> list[str]:
    """What the page must list: a model's fields, a dataclass's fields, an enum's members."""
    if issubclass(cls, enum.Enum):
        return list(cls.__members__)
    if issubclass(cls, BaseModel):
        return [f for f in cls.model_fields if not f.startswith("_")]
    if dataclasses.is_dataclass(cls):
        return [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]
    return []


def section(site: Path, found: dict[str, tuple[Path, int]], name: str) -> tuple[str, str]:
    """The anchor and the rendered text of a class's section (its heading to the next h2)."""
    homes = [i for i in found if i.split(".")[-1] == name and i.startswith("smsv2")]
    if not homes:
        return "", ""
    anchor = min(homes, key=len)
    page, start = found[anchor]
    body = article(page)
    end = body.find("<h2", start + 4)
    return anchor, visible(body[start : end if end > 0 else len(body)])


def test_no_literal_role_doctest_or_double_backticks(site: Path) -> None:
    bad = []
    for page in sorted(site.rglob("*.html")):
        text = visible(article(page))
        for problem in (ROLE.search(text), re.search(r"doctest:|>>>|``", text)):
            if problem:
                bad.append(
                    f"{page.relative_to(site)}: {text[problem.start() - 40 : problem.end() + 20]!r}"
                )
    assert bad == []


def test_no_private_name_in_the_reference(site: Path) -> None:
    bad = []
    for page in reference_pages(site):
        text = visible(article(page))
        for match in PRIVATE.finditer(text):
            bad.append(f"{page.parent.name}: {text[match.start() - 50 : match.end() + 20]!r}")
    assert bad == []


def test_every_public_model_dataclass_and_enum_lists_its_fields(site: Path) -> None:
    found = anchors(site)
    missing = []
    for name, cls in public_classes().items():
        wanted = members_of(cls)
        if not wanted:
            continue
        anchor, _ = section(site, found, name)
        if not anchor:
            missing.append(f"{name}: no section")
            continue
        missing += [f"{name}.{m}" for m in wanted if f"{anchor}.{m}" not in found]
    assert missing == []


@pytest.mark.parametrize(
    "name", ["DeliveryTracker", "DeliveryEvent", "SentMessage", "BulkRun", "FakeSmsVoice", "Pool"]
)
def test_a_class_page_shows_its_constructor_parameters(site: Path, name: str) -> None:
    cls = public_classes()[name]
    _, text = section(site, anchors(site), name)
    if issubclass(cls, BaseModel):
        wanted = [f for f in cls.model_fields if not f.startswith("_")]
    else:
        parameters = inspect.signature(cls).parameters.values()
        wanted = [p.name for p in parameters if not p.name.startswith("_")]
    assert wanted
    assert [p for p in wanted if not re.search(rf"\b{p}\b", text)] == []


def test_examples_render_as_highlighted_code(site: Path) -> None:
    client = article(site / "reference" / "client" / "index.html")
    blocks = re.findall(r'<div class="highlight">(.*?)</div>', client, re.DOTALL)
    assert any("smsv2.Client(region_name=" in visible(b) for b in blocks)
