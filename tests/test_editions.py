"""The Korean pages are the English ones, in Korean: the same code, in the same places.

Each ``page.ko.md`` has its English twin ``page.md``, and the two have, in the same order,
the same heading ids (so links and anchors agree across editions), the same code blocks
(the same source once comments are set aside: only comments may be translated), the same
kinds of boxes, and the same checks of their prose. The outputs are compared by running
both pages. Every English page has its Korean twin (the API reference's module pages,
made from the docstrings, stay in English): a page added without one fails here.
"""

from __future__ import annotations

import pytest

from hooks.book import DOCS, Directive, pages, page_language, parse_page, translation

KOREAN = [p for p in pages() if page_language(p) == "ko"]
ENGLISH = [p for p in pages() if page_language(p) is None]


def without_comments(code: str) -> str:
    """Python source less its comments: a ``#`` outside quotes ends the line's code."""
    lines = []
    for line in code.split("\n"):
        quote = None
        for i, ch in enumerate(line):
            if quote:
                quote = None if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "#":
                line = line[:i]
                break
        lines.append(line.rstrip())
    return "\n".join(lines)


def twin(path):
    return DOCS / translation(path.relative_to(DOCS).as_posix(), None)


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.name)
def test_every_english_page_has_its_korean_twin(path):
    korean = DOCS / translation(path.relative_to(DOCS).as_posix(), "ko")
    assert korean.is_file(), f"{path.name} has no Korean twin {korean.name}"


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: p.name)
def test_a_korean_page_has_its_english_twin(path):
    assert twin(path).is_file(), f"{path.name} has no English page {twin(path).name}"


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: p.name)
def test_both_editions_have_the_same_parts_in_the_same_order(path):
    ko, en = parse_page(path), parse_page(twin(path))
    assert [h.id for h in ko.headings] == [h.id for h in en.headings], "heading ids"
    assert [a.kind for a in ko.admonitions()] == [a.kind for a in en.admonitions()]
    ko_code = [(b.language, b.hidden, without_comments(b.expanded)) for b in ko.code_blocks()]
    en_code = [(b.language, b.hidden, without_comments(b.expanded)) for b in en.code_blocks()]
    assert len(ko_code) == len(en_code), "the same number of code blocks"
    for number, (k, e) in enumerate(zip(ko_code, en_code), start=1):
        assert k == e, f"code block {number} differs from the English page's"

    def checks(page):
        return [d.arguments for d in page.parts
                if isinstance(d, Directive) and d.kind in ("check", "skip", "clear-namespace")]

    assert checks(ko) == checks(en), "the same checks, skips and clears"


def test_comments_are_set_aside_and_code_is_not():
    assert without_comments("x = 1  # 하나") == "x = 1"
    assert without_comments(">>> print('# not a comment')") == ">>> print('# not a comment')"
    assert without_comments("y = 2") != without_comments("y = 3")
