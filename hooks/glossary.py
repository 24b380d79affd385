"""MkDocs hook: the glossary's second table, Korean to English, made from its first one.

``docs/glossary.md`` (and its Korean twin ``glossary.ko.md``) holds one table, in English
alphabetical order (English, 한국어, chapter).
This hook puts the same rows in Korean (가나다) order where the page has the line
``<!-- glossary: korean -->``, so the two directions can never disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads a hook by its path: make the hooks package importable.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from hooks import editions  # noqa: E402
from hooks.book import glossary_rows  # noqa: E402

PAGE = "glossary.md"
MARKER = "<!-- glossary: korean -->"


# The header of the Korean-order table, in each edition.
HEADERS = {"en": "| 한국어 | English | First met in |", "ko": "| 한국어 | English | 처음 나오는 장 |"}


def korean_table(markdown: str, lang: str = "en") -> str:
    """The rows of the glossary's table in ``markdown``, in Korean (가나다) order."""
    rows = sorted((row.korean, row.english, row.where) for row in glossary_rows(markdown))
    lines = [HEADERS[lang], "|---|---|---|"]
    lines += [f"| {korean} | {english} | {where} |" for korean, english, where in rows]
    return "\n".join(lines)


def on_page_markdown(markdown: str, page, config, files):
    if editions.norm_src_uri(page.file) != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"glossary: {page.file.src_uri} lost its line {MARKER}")
    return markdown.replace(MARKER, korean_table(markdown, editions.language(config)))
