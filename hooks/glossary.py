"""MkDocs hook: the glossary's second table, Korean to English, made from its first one.

``docs/glossary.md`` holds one table, in English alphabetical order (English, 한국어,
chapter).
This hook puts the same rows in Korean (가나다) order where the page has the line
``<!-- glossary: korean -->``, so the two directions can never disagree.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

PAGE = "glossary.md"
MARKER = "<!-- glossary: korean -->"
ROW = re.compile(r"^\|(?P<english>[^|]+)\|(?P<korean>[^|]+)\|(?P<where>[^|]+)\|\s*$", re.M)


def korean_table(markdown: str) -> str:
    rows = [
        (m["korean"].strip(), m["english"].strip(), m["where"].strip())
        for m in ROW.finditer(markdown)
        if m["english"].strip() not in ("English", "---")
        and not set(m["english"].strip()) <= set("-: ")
    ]
    lines = ["| 한국어 | English | First met in |", "|---|---|---|"]
    lines += [f"| {korean} | {english} | {where} |" for korean, english, where in sorted(rows)]
    return "\n".join(lines)


def on_page_markdown(markdown: str, page, config, files):
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"glossary: {PAGE} lost its line {MARKER}")
    return markdown.replace(MARKER, korean_table(markdown))
