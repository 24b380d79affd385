"""The Korean pages are the English ones, in Korean: the same code, in the same places.

Each ``page.ko.md`` has its English twin ``page.md``, and the two have, in the same order,
the same heading ids (so links and anchors agree across editions), the same code blocks
(the same source once comments are set aside: only comments may be translated), the same
kinds of boxes, and the same checks of their prose. The outputs are compared by running
both pages. Every English page has its Korean twin (the API reference's module pages,
made from the docstrings, stay in English): a page added without one fails here.
"""

from __future__ import annotations

import re

import pytest

from hooks.book import (
    DOCS, HANGUL, Directive, load_mkdocs_config, pages, page_language, parse_page, translation,
)

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


def nav_entries(entries) -> list[tuple[str, str | None]]:
    """``(title, page or None for a section)`` of every entry of mkdocs.yml's navigation."""
    found = []
    for entry in entries or []:
        if isinstance(entry, dict):
            for title, target in entry.items():
                found.append((str(title), target if isinstance(target, str) else None))
                if isinstance(target, list):
                    found.extend(nav_entries(target))
    return found


def korean_navigation() -> dict[str, str]:
    config = load_mkdocs_config()
    (i18n,) = [p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p]
    (korean,) = [lang for lang in i18n["languages"] if lang["locale"] == "ko"]
    return config["nav"], korean["nav_translations"]


def title_of(path) -> str:
    """A page's title without the other language's words in brackets:
    ``2. 활성화 함수`` for ``# 2. 활성화 함수(activation function)``."""
    return re.sub(r"\s*\([^()]*\)$", "", parse_page(path).headings[0].text).strip()


def test_the_korean_navigation_names_every_entry_in_korean():
    nav, translated = korean_navigation()
    titles = [title for title, _ in nav_entries(nav)]
    missing = [title for title in titles if title not in translated]
    assert missing == [], "entries of the navigation with no Korean title"
    assert all(HANGUL.search(translated[t]) or t in UNTRANSLATED for t in titles)
    assert set(translated) <= set(titles), "translations of entries the navigation lacks"


# Names that are the same in Korean.
UNTRANSLATED = {"9. MNIST"}


def test_a_page_is_called_in_the_korean_navigation_what_its_korean_title_says():
    # Where the English navigation names a page by its title, the Korean one does the same.
    nav, translated = korean_navigation()
    pairs = [(title, uri) for title, uri in nav_entries(nav) if uri and uri.endswith(".md")]
    checked = 0
    for title, uri in pairs:
        if title_of(DOCS / uri) == title:
            assert translated[title] == title_of(DOCS / translation(uri, "ko")), uri
            checked += 1
    assert checked >= 9  # the chapters at least


LABS = sorted((DOCS / "labs").glob("*.py"))
ENGLISH_LABS = [p for p in LABS if len(p.suffixes) == 1]


@pytest.mark.parametrize("path", ENGLISH_LABS, ids=lambda p: p.name)
def test_a_lab_has_its_korean_twin_with_the_same_code(path):
    import jupytext

    korean = path.with_suffix(".ko.py")
    assert korean.is_file(), f"{path.name} has no Korean twin {korean.name}"

    def cells(p):
        return [(c.cell_type, without_comments(c.source) if c.cell_type == "code" else None)
                for c in jupytext.read(p).cells]

    assert cells(korean) == cells(path), "the same cells, the same code (comments aside)"


def test_every_korean_lab_has_its_english_lab():
    assert {p.name.replace(".ko.py", ".py") for p in LABS if len(p.suffixes) == 2} <= {
        p.name for p in ENGLISH_LABS
    }
