"""The glossary is the chapters' own list of terms, and says where each one is met first.

A chapter introduces a term by setting it in bold with its Korean beside it,
``**weight (가중치)**`` or ``**XOR** ("exclusive or", 배타적 논리합)``, or in a heading,
``## Mean squared error (평균 제곱 오차)``. Every term introduced in bold is in the glossary,
under the same Korean spelling, and the glossary's "First met in" is the first chapter, in
reading order, that gives the term's English with its Korean beside it (기울기 is given as
"slopes" in chapter 5 and as "gradient" in chapter 6); for a term given nowhere that way, the
first chapter that uses its Korean word.
"""

from __future__ import annotations

import re
import pytest

from hooks.book import DOCS, chapters

ROW = re.compile(r"^\|(?P<english>[^|]+)\|(?P<korean>[^|]+)\|(?P<where>[^|]+)\|\s*$", re.M)
# **English (한국어)** or **English** (한국어): the parentheses must hold some Hangul.
INTRODUCED = re.compile(
    r"\*\*(?P<a>[^*\n]+?)\s*\((?P<ka>[^()\n]*[가-힣][^()\n]*)\)\*\*"
    r"|\*\*(?P<b>[^*\n]+?)\*\*\s*\((?P<kb>[^()\n]*[가-힣][^()\n]*)\)"
)
HEADING = re.compile(r"^#{1,6} (?P<h>.+?)\s*\((?P<kh>[^()\n]*[가-힣][^()\n]*)\)", re.M)
HANGUL = re.compile(r"[가-힣]")


def korean_words(cell: str) -> list[str]:
    """``'옵티마이저, 최적화 기법'`` -> both; English inside the parentheses is left out."""
    return [w.strip() for w in cell.split(",") if HANGUL.search(w)]


def glossary_rows() -> list[tuple[str, list[str], str]]:
    """``(english, korean words, page)`` of each row of the glossary's table."""
    text = (DOCS / "glossary.md").read_text(encoding="utf-8")
    rows = []
    for m in ROW.finditer(text):
        english = m["english"].strip()
        if english == "English" or set(english) <= set("-: "):
            continue
        page = re.search(r"\(([\w./-]+\.md)\)", m["where"])
        rows.append((english, korean_words(m["korean"]), page[1] if page else ""))
    return rows


def chapter_pages() -> list[str]:
    return [chapter.src_uri for chapter in chapters()]


def chapter_texts() -> list[tuple[str, str]]:
    """``(page, text with its lines joined)`` of every chapter, in reading order."""
    return [
        (uri, " ".join((DOCS / uri).read_text(encoding="utf-8").split()))
        for uri in chapter_pages()
    ]


def introductions(*, headings: bool = False) -> dict[str, list[tuple[str, str]]]:
    """Korean word -> ``(page, English)`` of each place a chapter introduces it, in order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for uri in chapter_pages():
        source = (DOCS / uri).read_text(encoding="utf-8")
        places = [(m.start(), m["a"] or m["b"], m["ka"] or m["kb"])
                  for m in INTRODUCED.finditer(" ".join(source.split()))]
        if headings:
            places += [(-1, m["h"], m["kh"]) for m in HEADING.finditer(source)]
        for _, english, korean in places:
            for word in korean_words(korean):
                found.setdefault(word, []).append((uri, english.strip().lower()))
    return found


ROWS = glossary_rows()


def test_the_glossary_has_its_rows():
    assert len(ROWS) >= 40


def test_every_term_a_chapter_introduces_is_in_the_glossary():
    listed = {word for _, words, _ in ROWS for word in words}
    missing = sorted(set(introductions()) - listed)
    assert not missing, f"introduced in bold by a chapter, missing from the glossary: {missing}"


@pytest.mark.parametrize("english, words, page", ROWS, ids=[r[0] for r in ROWS])
def test_first_met_in_is_where_the_term_first_appears(english, words, page):
    texts = chapter_texts()
    stem = re.escape(re.split(r"[ ,(]", english.lower())[0].rstrip("s"))

    def first(word):
        # the English, then (within a few words) the Korean in parentheses: "gradient
        # (기울기)", "**XOR** ("exclusive or", 배타적 논리합)", "## Mean squared error (...)"
        item = rf"\((?:[^()]*,\s*)?{re.escape(word)}\s*[,)]"  # a whole item in the (...)
        inside = rf"\([^()]*{stem}[^()]*,\s*{re.escape(word)}\s*[,)]"  # "(the label, 레이블)"
        beside = re.compile(rf"{stem}[^()]{{0,40}}{item}|{inside}", re.I)
        for uri, text in texts:
            if beside.search(text):
                return uri
        return next((uri for uri, text in texts if word in text), None)

    places = [first(word) for word in words]
    assert all(places), f"{english}: no chapter uses {words}"
    order = [uri for uri, _ in texts]
    expected = min(places, key=order.index)
    assert page == expected, f"{english} ({', '.join(words)}) is first met in {expected}"


def test_one_idea_one_korean_term():
    # Two spellings of one idea would split the reader's search; the glossary picks one.
    used = " ".join(text for _, text in chapter_texts())
    for avoided, chosen in [("과적합", "오버피팅"), ("렐루", "ReLU")]:
        assert avoided not in used, f"write {chosen}, not {avoided}"
