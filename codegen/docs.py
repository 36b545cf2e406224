"""Turn the model's HTML documentation into short plain-text docstrings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser

from markdownify import markdownify


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "ul", "ol", "li", "note", "important") and self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_data(self, data: str) -> None:
        self.paragraphs[-1].append(data)


def short_doc(html: str, limit: int = 300) -> str:
    """The first paragraph of the documentation as plain text, cut at a sentence near ``limit``."""
    if not html:
        return ""
    extractor = _TextExtractor()
    extractor.feed(html)
    for words in extractor.paragraphs:
        text = re.sub(r"\s+", " ", "".join(words)).strip()
        if text:
            break
    else:
        return ""
    return _cut(text, limit)


def markdown_doc(html: str, limit: int | None = None) -> str:
    """The model's HTML documentation as Markdown; with ``limit``, the leading paragraphs that fit
    (at least the first, cut at a sentence), joined as one paragraph per blank line."""
    if not html:
        return ""
    text = markdownify(
        html,
        heading_style="ATX",
        bullets="-",
        escape_underscores=False,
        escape_asterisks=False,
        escape_misc=False,
    )
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    paragraphs = [p for p in paragraphs if p]
    if limit is None or not paragraphs:
        return "\n\n".join(paragraphs)
    kept: list[str] = []
    used = 0
    for paragraph in paragraphs:
        if kept and used + len(paragraph) > limit:
            break
        kept.append(paragraph)
        used += len(paragraph)
    if len(kept) == 1 and len(kept[0]) > limit:
        kept[0] = _cut(kept[0], limit)
    return "\n\n".join(kept)


def one_line(markdown: str, limit: int) -> str:
    """A Markdown text folded to one line and cut at a sentence near ``limit``."""
    return _cut(re.sub(r"\s+", " ", markdown).strip(), limit)


def _cut(text: str, limit: int) -> str:
    """``text`` cut at a sentence near ``limit`` (or at ``limit`` with an ellipsis)."""
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    if cut > limit // 3:
        return text[: cut + 1]
    return text[: limit - 3].rstrip() + "..."


def constraint_text(shape: dict[str, object]) -> str:
    """The local checks a member's shape implies, in words: pattern, length, range, list size."""
    kind = shape.get("type")
    parts: list[str] = []
    low, high = shape.get("min"), shape.get("max")
    if kind == "string":
        if low is not None and high is not None:
            parts.append(f"{low} to {high} characters")
        elif high is not None:
            parts.append(f"at most {high} characters")
        elif low:
            parts.append(f"at least {low} characters")
        if "pattern" in shape:
            parts.append(f"pattern `{shape['pattern']}`")
    elif kind in ("list", "map"):
        if low is not None and high is not None:
            parts.append(f"{low} to {high} entries")
        elif high is not None:
            parts.append(f"at most {high} entries")
        elif low:
            parts.append(f"at least {low} entries")
    elif kind in ("integer", "long", "double", "float"):
        if low is not None and high is not None:
            parts.append(f"from {low} to {high}")
        elif high is not None:
            parts.append(f"at most {high}")
        elif low is not None:
            parts.append(f"at least {low}")
    values = shape.get("enum")
    if isinstance(values, list) and values:
        shown = ", ".join(f"`{v}`" for v in values[:12])
        parts.append(f"one of {shown}" + (", ..." if len(values) > 12 else ""))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


#: One documented parameter: its Python name, the model's HTML documentation, its shape.
Param = tuple[str, str, dict[str, object]]


def operation_docstring(
    summary_html: str,
    operation: str,
    params: Sequence[Param],
    errors: Sequence[str],
    *,
    extra_args: Sequence[tuple[str, str]] = (),
    lead: str | None = None,
) -> str:
    """A Google-style docstring for one generated method: the operation's documentation as
    Markdown (shortened), each parameter's documentation and local constraints, and the error
    classes the operation can raise."""
    summary = lead or markdown_doc(summary_html, limit=700) or f"Call {operation}."
    lines = [summary, "", f"Calls `{operation}`."]
    args = [(name, _param_text(html, shape)) for name, html, shape in params] + list(extra_args)
    if args:
        lines += ["", "Args:"]
        lines += [f"    {name}: {text}" for name, text in args]
    lines += ["", "Raises:"]
    lines.append(
        "    smsv2.errors.RequestValidationError: a parameter broke the model's constraints"
        " (checked before anything is sent)."
    )
    lines += [f"    smsv2.errors.{name}: the service answered {name}." for name in errors]
    return "\n".join(lines)


def _param_text(html: str, shape: dict[str, object]) -> str:
    text = one_line(markdown_doc(html), 300) or "See the service's API reference."
    rule = constraint_text(shape)
    return f"{text} {rule}." if rule else text
