"""MkDocs hook: turn the TeX that pymdownx.arithmatex leaves in a page into MathML.

arithmatex (``generic: true``) wraps inline math as ``<span class="arithmatex">\\(...\\)</span>``
and display math as ``<div class="arithmatex">\\[...\\]</div>``. We convert both at build time
with latex2mathml, so formulas render in any current browser with no JavaScript and no network.
A formula latex2mathml cannot read fails the build instead of leaving raw TeX on the page.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

INLINE = re.compile(r'<span class="arithmatex">\\\((?P<tex>.+?)\\\)</span>', re.DOTALL)
DISPLAY = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.+?)\\\]</div>', re.DOTALL)
# latex2mathml turns an unknown command into an identifier that still holds the backslash.
LEFTOVER_TEX = re.compile(r"<m[ion][^>]*>\\[A-Za-z]*</m[ion]>")


def to_mathml(tex: str, *, display: bool, where: str = "") -> str:
    """Return the MathML for one TeX formula; raise ValueError if any TeX is left over."""
    mathml = convert(html.unescape(tex).strip(), display="block" if display else "inline")
    leftover = LEFTOVER_TEX.search(mathml)
    if leftover:
        raise ValueError(
            f"{where}: cannot turn {tex!r} into MathML (left {leftover.group(0)!r}); "
            "rewrite the formula with commands latex2mathml knows."
        )
    return mathml


def on_page_content(content: str, page, config, files) -> str:
    where = page.file.src_uri
    content = DISPLAY.sub(
        lambda m: '<div class="arithmatex">'
        + to_mathml(m.group("tex"), display=True, where=where)
        + "</div>",
        content,
    )
    return INLINE.sub(
        lambda m: '<span class="arithmatex">'
        + to_mathml(m.group("tex"), display=False, where=where)
        + "</span>",
        content,
    )
