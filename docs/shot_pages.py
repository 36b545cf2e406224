"""Pages for `make docs-screenshots`: one reference entry each, cut from the built site.

Headless chromium paints nothing when asked for a long page at an anchor, so each entry is
written as its own page next to the page it comes from (the site's styles still apply): the
page with its article holding only the entry, from its heading to the next one of its level.

    python docs/shot_pages.py site NAME=PAGE#ANCHOR ...   # prints the written paths
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def entry_page(site: Path, name: str, page: str, anchor: str) -> Path:
    source = site / page
    text = source.read_text(encoding="utf-8")
    start = text.index(f'id="{anchor}"')
    heading = text.rindex("<h", 0, start)
    level = text[heading + 2]
    following = re.compile(rf"<h[1-{level}][ >]")
    found = following.search(text, start)
    end = found.start() if found else text.index("</article>")
    article = text.index(">", text.index("<article")) + 1
    shot = source.with_name(f"shot-{name}.html")
    shot.write_text(text[:article] + text[heading:end] + text[text.index("</article>") :])
    return shot


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    for spec in argv[1:]:
        name, _, target = spec.partition("=")
        page, _, anchor = target.partition("#")
        print(entry_page(site, name, page, anchor).relative_to(site))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
