"""The glossary is the chapters' own list of terms, and says where each one is met first.

A chapter introduces a term by setting it in bold with its Korean beside it,
``**weight (가중치)**`` or ``**XOR** ("exclusive or", 배타적 논리합)``. Every term introduced
that way is in the glossary, under the same Korean spelling. The glossary's "First met in"
is the first chapter, in reading order, that gives the term's English with its Korean
beside it (in bold or not, in a heading or a sentence: 기울기 is given as "slopes" in
chapter 5 and as "gradient" in chapter 6); for a term given nowhere that way, the first
chapter that uses its Korean word.

The Korean edition mirrors this, the other way round. A Korean chapter introduces a term
with its English inside the bold, ``**가중치(weight)**``, and every term it introduces
that way is in the glossary under that spelling. The first Korean chapter to give a term
with its English is the chapter the glossary names, and there the English stands beside
the term the first time the chapter uses it (its title aside), opening list included.
A Korean word is used where it stands as a word of its own (행 is not used in 실행) and
not inside a longer glossary term (계층 is not used in 완전연결 계층).

Then one idea, one Korean spelling: no page of either edition writes a spelling the book
left behind (``AVOIDED``); a Korean box is titled as its kind is; and ``glossary.ko.md``
has the rows of ``glossary.md``, each glossary naming a chapter by its own title.
"""

from __future__ import annotations

import re

import pytest

from hooks.book import (
    DOCS,
    bold_terms,
    chapters,
    gives_term,
    glossary_rows,
    korean_words,
    page_language,
    pages,
    parse_page,
    translation,
)

ROWS = glossary_rows((DOCS / "glossary.md").read_text(encoding="utf-8"))
KOREAN_ROWS = glossary_rows((DOCS / "glossary.ko.md").read_text(encoding="utf-8"))
# Each chapter's prose, paragraph by paragraph, in reading order.
CHAPTERS = [
    (chapter.src_uri, [p.text for p in parse_page(DOCS / chapter.src_uri).paragraphs()])
    for chapter in chapters()
]
ORDER = [uri for uri, _ in CHAPTERS]
# The Korean chapters' prose as the reader reads it (no code, no formulas), under the
# English chapter's name.
KOREAN_CHAPTERS = [
    (uri, [p.plain for p in parse_page(DOCS / translation(uri, "ko")).paragraphs()])
    for uri in ORDER
]
KOREAN_TERMS = {word for row in ROWS for word in korean_words(row.korean)}
KOREAN_PAGES = [
    path.relative_to(DOCS).as_posix() for path in pages() if page_language(path) == "ko"
]


def test_the_glossary_has_its_rows():
    assert len(ROWS) >= 40


def test_every_term_a_chapter_introduces_is_in_the_glossary():
    introduced = {
        word
        for _, paragraphs in CHAPTERS
        for text in paragraphs
        for _, words in bold_terms(" ".join(text.split()))
        for word in words
    }
    missing = sorted(introduced - KOREAN_TERMS)
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
    expected = min(places, key=ORDER.index)
    assert row.page == expected, f"{row.english} ({row.korean}) is first met in {expected}"


# --- The Korean chapters --------------------------------------------------------------


def own_uses(text: str, word: str) -> str:
    """``text`` with every longer glossary term that holds ``word`` blanked out: what is
    left of ``word`` is the word itself (계층, not 완전연결 계층)."""
    for term in KOREAN_TERMS:
        if word in term and term != word:
            text = text.replace(term, "□" * len(term))
    return text


def first_use(text: str, word: str) -> re.Match | None:
    """Where ``text`` first uses ``word`` as a word of its own: not the end of a longer
    word (행 in 실행), not inside a longer glossary term."""
    return re.search(rf"(?<![가-힣]){re.escape(word)}", own_uses(text, word))


def test_every_term_a_korean_chapter_introduces_is_in_the_glossary():
    missing = sorted(
        f"{uri}: **{word}({english})**"
        for uri, paragraphs in KOREAN_CHAPTERS
        for text in paragraphs
        for english, words in bold_terms(text, "ko")
        for word in words
        if word not in KOREAN_TERMS
    )
    assert not missing, (
        f"introduced in bold by a Korean chapter, missing from the glossary: {missing}"
    )


# **손실 함수**(loss function), **XOR**(배타적 논리합): a term given the other way round,
# which a reader cannot tell from **손실 함수(loss function)** but bold_terms would miss.
ENGLISH_OUTSIDE_THE_BOLD = re.compile(
    r"\*\*[^*]*[가-힣][^*]*\*\*\s?\(\s*[A-Za-z][^()가-힣]*\)"
    r"|\*\*[^*가-힣]+\*\*\s?\(\s*[가-힣][^()]*\)"
)


def test_a_korean_chapter_gives_a_terms_english_inside_the_bold():
    outside = [
        f"{uri}: {m[0]}"
        for uri, paragraphs in KOREAN_CHAPTERS
        for text in paragraphs
        for m in ENGLISH_OUTSIDE_THE_BOLD.finditer(text)
    ]
    assert not outside, f"write **한국어(English)**: {outside}"


def korean_first_met(row) -> str | None:
    """The first Korean chapter (by its English name) to give a Korean word of ``row``
    with its English beside it; for a word given nowhere, the first to use it."""

    def first(word):
        for uri, paragraphs in KOREAN_CHAPTERS:
            if any(gives_term(own_uses(p, word), row.english, word, "ko")
                   for p in paragraphs):
                return uri
        return next((uri for uri, paragraphs in KOREAN_CHAPTERS
                     if any(first_use(p, word) for p in paragraphs)), None)

    places = [first(word) for word in korean_words(row.korean)]
    return min(places, key=ORDER.index) if all(places) else None


@pytest.mark.parametrize("row", ROWS, ids=[row.english for row in ROWS])
def test_the_korean_edition_first_gives_a_term_where_the_glossary_says(row):
    expected = korean_first_met(row)
    assert expected, f"{row.english}: no Korean chapter uses {row.korean}"
    assert row.page == expected, (
        f"{row.english} ({row.korean}) is first given with its English in "
        f"{translation(expected, 'ko')}, but the glossary says {row.page}"
    )


@pytest.mark.parametrize("row", ROWS, ids=[row.english for row in ROWS])
def test_a_korean_chapter_gives_the_english_where_it_first_uses_its_term(row):
    # The chapter that first meets a term gives its English where the reader first reads
    # the term there, in the chapter's opening list as much as in its sections.
    paragraphs = dict(KOREAN_CHAPTERS)[row.page]
    body = [text for text in paragraphs if not text.startswith("# ")]  # not the title
    for word in korean_words(row.korean):
        use = next(((text, m) for text in body if (m := first_use(text, word))), None)
        if use is None:
            continue  # the chapter meets the term under its other Korean word
        text, m = use
        around = own_uses(text, word)[max(0, m.start() - 50): m.end() + 60]
        assert gives_term(around, row.english, word, "ko"), (
            f"{translation(row.page, 'ko')} first uses {word} without its English "
            f"({row.english}) beside it: ...{around}..."
        )


# --- One idea, one Korean spelling ----------------------------------------------------

# A spelling the book left behind (a regular expression), the one it writes instead, and
# why. Where the one it writes is a term, it is the glossary's.
AVOIDED = [
    # target, t: the Korean edition of Deep Learning from Scratch says 정답 레이블.
    (r"타깃|타겟|목표값", "정답 레이블"),
    # optimizer: one word for the object and for chapter 8's title (the idea of
    # optimisation is still 최적화).
    (r"최적화 기법", "옵티마이저"),
    # namespace: plain Korean rather than a transliteration.
    (r"네임스페이스", "이름 공간"),
    # sample: the word the pages' prose and code comments use.
    (r"표본", "샘플"),
    # overfitting, ReLU: the Korean edition's own terms.
    (r"과적합", "오버피팅"),
    (r"렐루", "ReLU 함수"),
    # the study notes the book grew from, and the book they study, have one name each.
    (r"공부 노트|학습 노트", "스터디 노트"),
    (r"원서", "원래 책"),
    # layer: a layer object is a 계층 (Affine 계층); a named or counted layer is a 층
    # (은닉층, 2층 신경망).
    (r"레이어", "계층"),
    # matrix product: the glossary's term, in headings and counts too.
    (r"행렬 곱(?!셈)", "행렬의 곱"),
    # gradient, slope: 기울기; 경사 only in the name of the method, 경사 하강법.
    (r"경사(?! 하강법)", "기울기"),
    # training, the process: 학습 (학습 루프, 학습시킨다, 학습 곡선); 훈련 names only what
    # a network is trained on and how it does there (훈련 데이터, 훈련 정확도).
    (r"훈련(?!\s+(?:데이터|이미지|예제|레이블|점|정확도|손실)|용)", "학습"),
    # affine: 어파인 변환, as the Korean edition says; the layer is Affine 계층.
    (r"아핀", "어파인"),
]


def test_no_page_writes_a_spelling_the_book_left_behind():
    # Every page of both editions (an English page's Hangul is its Korean terms), code
    # comments and directives included, the labs and the Korean README too.
    texts = [*pages(), *sorted((DOCS / "labs").glob("*.py")), DOCS.parent / "README.ko.md"]
    found = [
        f"{path.relative_to(DOCS.parent).as_posix()}: {m[0]!r}, write {chosen}"
        for path in texts
        for avoided, chosen in AVOIDED
        for m in re.finditer(avoided, path.read_text(encoding="utf-8"))
    ]
    assert not found, found


# A Korean box's title, by its English twin's (the boxes are in the same order: see
# tests/test_editions.py): what the Korean title starts with.
BOX_TITLES = [
    (r"Pitfall\b", r"함정\b"),
    (r"Try it\b", r"직접 해 보기\b"),
    (r"Answer$", r"정답$"),
    (r"How this figure is drawn$", r"이 그림을 그리는 코드$"),
    (r"How these figures are drawn$", r"이 그림들을 그리는 코드$"),
    (r"How the .+ (?:is|are) drawn$", r"(?!이 그림).+ 그리는 코드$"),
    (r"The code: ", r"코드: "),
    (r"How the .+ (?:is|are) chosen$", r".+ 고르는 코드$"),
    (r"Exercise\b", r"연습 문제\b"),
    (r"Hint$", r"힌트$"),
    (r"Solution$", r"풀이$"),
]


@pytest.mark.parametrize("uri", KOREAN_PAGES)
def test_a_korean_box_is_titled_as_its_kind_is(uri):
    english = parse_page(DOCS / translation(uri, None)).admonitions()
    for theirs, ours in zip(english, parse_page(DOCS / uri).admonitions()):
        if theirs.title is None:
            continue
        rule = next((k for e, k in BOX_TITLES if re.match(e, theirs.title)), None)
        assert rule, f"no rule for a box titled {theirs.title!r}: add one to BOX_TITLES"
        assert re.match(rule, ours.title or ""), (
            f"line {ours.line}: {ours.title!r} for {theirs.title!r}"
        )


# --- The two glossaries ---------------------------------------------------------------


def test_the_korean_glossary_has_the_rows_of_the_english_one():
    assert [(r.english, r.korean, r.page) for r in KOREAN_ROWS] == [
        (r.english, r.korean, r.page) for r in ROWS
    ]


def chapter_title(uri: str) -> str:
    """A page's title: its first heading less the other language's words in parentheses
    (``1. Perceptron and logic gates``, ``4. 3층 신경망의 순전파``)."""
    return re.sub(r"\s*\([^()]*\)$", "", parse_page(DOCS / uri).headings[0].text)


@pytest.mark.parametrize("language", [None, "ko"], ids=["English", "Korean"])
def test_a_glossary_names_each_chapter_by_its_title(language):
    titles = {uri: chapter_title(translation(uri, language)) for uri in ORDER}
    wrong = [
        f"{row.english}: {row.where}, but the chapter is {titles[row.page]!r}"
        for row in (KOREAN_ROWS if language else ROWS)
        if re.match(r"\[([^\]]+)\]", row.where)[1] != titles[row.page]
    ]
    assert not wrong, wrong
