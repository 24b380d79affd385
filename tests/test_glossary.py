"""The glossary is the chapters' own list of terms, and says where each one is met first.

A chapter introduces a term by setting it in bold with its Korean beside it,
``**weight (가중치)**`` or ``**XOR** ("exclusive or", 배타적 논리합)``. Every term introduced
that way is in the glossary, under the same Korean spelling. The glossary's "First met in"
is the first chapter, in reading order, that gives the term's English with its Korean
beside it (in bold or not, in a heading or a sentence: 기울기 is given as "slopes" in
chapter 5 and as "gradient" in chapter 6); for a term given nowhere that way, the first
chapter that uses its Korean word.
"""

from __future__ import annotations

import pytest

from hooks.book import (
    DOCS,
    bold_terms,
    chapters,
    gives_term,
    glossary_rows,
    korean_words,
    parse_page,
)

ROWS = glossary_rows((DOCS / "glossary.md").read_text(encoding="utf-8"))
# Each chapter's prose, paragraph by paragraph, in reading order.
CHAPTERS = [
    (chapter.src_uri, [p.text for p in parse_page(DOCS / chapter.src_uri).paragraphs()])
    for chapter in chapters()
]


def test_the_glossary_has_its_rows():
    assert len(ROWS) >= 40


def test_every_term_a_chapter_introduces_is_in_the_glossary():
    listed = {word for row in ROWS for word in korean_words(row.korean)}
    introduced = {
        word
        for _, paragraphs in CHAPTERS
        for text in paragraphs
        for _, words in bold_terms(" ".join(text.split()))
        for word in words
    }
    missing = sorted(introduced - listed)
    assert not missing, f"introduced in bold by a chapter, missing from the glossary: {missing}"


@pytest.mark.parametrize("row", ROWS, ids=[row.english for row in ROWS])
def test_first_met_in_is_where_the_term_first_appears(row):
    def first(word):
        for uri, paragraphs in CHAPTERS:
            if any(gives_term(" ".join(p.split()), row.english, word) for p in paragraphs):
                return uri
        return next((uri for uri, paragraphs in CHAPTERS
                     if any(word in " ".join(p.split()) for p in paragraphs)), None)

    words = korean_words(row.korean)
    places = [first(word) for word in words]
    assert all(places), f"{row.english}: no chapter uses {words}"
    order = [uri for uri, _ in CHAPTERS]
    expected = min(places, key=order.index)
    assert row.page == expected, f"{row.english} ({row.korean}) is first met in {expected}"


def test_one_idea_one_korean_term():
    # Two spellings of one idea split the reader's search; the glossary picks one.
    used = " ".join(text for _, paragraphs in CHAPTERS for text in paragraphs)
    for avoided, chosen in [("과적합", "오버피팅"), ("렐루", "ReLU")]:
        assert avoided not in used, f"write {chosen}, not {avoided}"
