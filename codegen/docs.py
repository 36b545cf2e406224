"""Turn the model's HTML documentation into short plain-text docstrings."""

from __future__ import annotations

import re
from html.parser import HTMLParser


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
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    if cut > limit // 3:
        return text[: cut + 1]
    return text[: limit - 3].rstrip() + "..."
