"""The page format (``hooks/book.py``) on small pages made here: what a page is made of.

A page is read into its parts (code blocks, directives, admonitions, headings) in order,
and run by sybil as ``make test`` runs the book. The checks of ``tests/test_book.py``
and the hooks stand on these parts, so each kind of part is pinned down here, traps
included: a fence shown in a fence, a box or a heading in a code block, front matter.
"""

from __future__ import annotations

import shutil
import textwrap
import traceback
from unittest import SkipTest

import pytest

from hooks.book import (
    DOCS,
    Admonition,
    Chapter,
    CodeBlock,
    Directive,
    Heading,
    chapters,
    defined_names,
    make_sybil,
    page_language,
    parse_page,
    translation,
)


# The example pages below embed this section, as the chapters embed the package's code.
# --8<-- [start:greet]
def greet(name):
    return f"Hello, {name}"
# --8<-- [end:greet]


PAGE = textwrap.dedent('''\
    ---
    title: Front matter is no part of the page
    ---

    # A page

    ```python title="greet.py"
    --8<-- "tests/test_book_format.py:greet"
    ```

    ```python
    >>> greet("page")
    'Hello,   page'
    >>> list(range(20))
    [0, 1, ..., 19]
    ```

    ## Twice

    ````markdown
    ```python
    raise RuntimeError("shown inside a fence, never run")
    ```
    !!! pitfall "Not a box: text of the fence"
    # Not a heading: text of the fence
    ````

    ## Twice

    <!-- skip: next "a block that would fail on purpose" -->

    ```python
    raise RuntimeError("skipped")
    ```

    !!! tryit "Try it: a nested answer"
        Some text.

        ??? success "Answer"
            ```python
            assert greet("x") == "Hello, x"
            ```

    ## Custom { #my-id }

    <!-- invisible-code-block: python
    hidden = 1
    -->

    <!-- clear-namespace -->

    ```python
    assert "greet" not in globals() and "hidden" not in globals()
    ```

    ```text
    plain text
    ```
    ''')


@pytest.fixture
def page_path(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_a_page_is_its_parts_in_reading_order(page_path):
    page = parse_page(page_path)
    kinds = [
        (type(p).__name__, p.line, getattr(p, "kind", getattr(p, "language", None)))
        for p in page.parts
    ]
    assert kinds == [
        ("Heading", 5, None),
        ("CodeBlock", 7, "python"),
        ("CodeBlock", 11, "python"),
        ("Heading", 18, None),
        ("CodeBlock", 20, "markdown"),
        ("Heading", 28, None),
        ("Directive", 30, "skip"),
        ("CodeBlock", 32, "python"),
        ("Admonition", 36, "tryit"),
        ("Admonition", 39, "success"),
        ("CodeBlock", 40, "python"),
        ("Heading", 44, None),
        ("CodeBlock", 46, "python"),
        ("Directive", 50, "clear-namespace"),
        ("CodeBlock", 52, "python"),
        ("CodeBlock", 56, "text"),
    ]
    assert page.text == PAGE and page.path == page_path and page.language is None


def test_a_code_block_knows_its_language_source_includes_and_names(page_path):
    page = parse_page(page_path)
    titled, doctest_block = page.code_blocks("python")[:2]
    assert (titled.language, titled.info) == ("python", 'python title="greet.py"')
    assert titled.source == '--8<-- "tests/test_book_format.py:greet"\n'
    assert titled.expanded.startswith("def greet(name):\n")
    assert "8<" not in titled.expanded  # the section markers are gone, as on the site
    (include,) = titled.includes
    assert (include.file, include.section, include.line) == (
        "tests/test_book_format.py", "greet", 8
    )
    assert include.module == "tests.test_book_format"
    assert include.defined_names == titled.defined_names == {"greet"}
    assert not titled.is_doctest and doctest_block.is_doctest
    assert doctest_block.expanded == doctest_block.source


def test_a_block_in_a_box_is_shown_without_the_box_indentation(page_path):
    page = parse_page(page_path)
    answer = next(b for b in page.code_blocks() if b.inside)
    assert answer.inside == ("tryit", "success")
    assert answer.source == 'assert greet("x") == "Hello, x"\n'


def test_a_fence_shown_inside_a_fence_is_text_not_parts(page_path):
    page = parse_page(page_path)
    (shown,) = page.code_blocks("markdown")
    assert "raise RuntimeError" in shown.source
    python = page.code_blocks("python")
    assert not any("shown inside a fence" in block.source for block in python)
    titles = [box.title for box in page.admonitions()]
    assert titles == ["Try it: a nested answer", "Answer"]
    assert not any("Not a heading" in h.text for h in page.headings)


def test_admonitions_hold_their_blocks_nested_ones_included(page_path):
    page = parse_page(page_path)
    tryit, answer = page.admonitions()
    assert (tryit.kind, tryit.marker, tryit.collapsible) == ("tryit", "!!!", False)
    assert (tryit.line, tryit.last_line) == (36, 42)
    assert (answer.kind, answer.marker, answer.collapsible, answer.indent) == (
        "success", "???", True, 4
    )
    assert answer.inside == ("tryit",)
    assert tryit.blocks == answer.blocks and len(tryit.blocks) == 1
    assert page.admonitions("success") == [answer]
    assert page.text[tryit.start : tryit.end].startswith('!!! tryit "Try it')
    assert page.text[tryit.start : tryit.end].endswith("    ```")


def test_directives_and_the_blocks_they_skip(page_path):
    page = parse_page(page_path)
    skip, clear = page.directives()
    assert (skip.kind, skip.action, skip.reason) == (
        "skip", "next", '"a block that would fail on purpose"'
    )
    assert clear.kind == "clear-namespace"
    assert [b.line for b in page.code_blocks() if b.skipped] == [32]
    (hidden,) = [b for b in page.code_blocks() if b.hidden]
    assert (hidden.language, hidden.source) == ("python", "hidden = 1\n")
    assert hidden.line == 46


def test_headings_have_the_ids_the_site_gives_them(page_path):
    page = parse_page(page_path)
    assert [(h.level, h.text, h.id, h.line) for h in page.headings] == [
        (1, "A page", "a-page", 5),
        (2, "Twice", "twice", 18),
        (2, "Twice", "twice_1", 28),
        (2, "Custom", "my-id", 44),
    ]
    assert page.heading_above(40) == page.headings[2]
    assert page.heading_above(5) is None


def test_a_heading_the_scanner_cannot_place_fails_loudly(tmp_path):
    setext = "A setext heading\n================\n\nText.\n"
    with pytest.raises(ValueError, match="renders 1 headings"):
        parse_page(tmp_path / "setext.md", setext)


def run(path) -> list[tuple[str, int]]:
    """Run a page as ``make test`` does: ``(outcome, line)`` of each example."""
    outcomes = []
    for example in make_sybil(path.parent).parse(path):
        try:
            example.evaluate()
        except SkipTest:
            outcomes.append(("skipped", example.line))
        else:
            outcomes.append(("ran", example.line))
    return outcomes


def test_sybil_runs_what_the_page_shows_as_the_book_does(page_path):
    # A titled block runs with its include expanded; a doctest's outputs are compared
    # with ELLIPSIS and NORMALIZE_WHITESPACE; a skipped block does not run; the hidden
    # block runs, and clear-namespace forgets it all. The shown fence and the text block
    # never run.
    assert run(page_path) == [
        ("ran", 7), ("ran", 12), ("ran", 14), ("ran", 30), ("skipped", 32),
        ("ran", 40), ("ran", 46), ("ran", 50), ("ran", 52),
    ]


def test_a_doctest_whose_output_changed_fails(tmp_path):
    path = tmp_path / "wrong.md"
    path.write_text("# Wrong\n\n```python\n>>> 1 + 1\n3\n```\n", encoding="utf-8")
    (example,) = make_sybil(tmp_path).parse(path)
    with pytest.raises(AssertionError, match="Expected:\n    3\nGot:\n    2"):
        example.evaluate()


def test_a_failure_points_to_its_line_of_the_page(tmp_path):
    path = tmp_path / "fails.md"
    path.write_text(
        "# Fails\n\n```python\n--8<-- \"tests/test_book_format.py:greet\"\n\n"
        "x = 1\ngreet()\n```\n",
        encoding="utf-8",
    )
    (example,) = make_sybil(tmp_path).parse(path)
    with pytest.raises(TypeError) as raised:
        example.evaluate()
    frame = traceback.extract_tb(raised.value.__traceback__)[-1]
    # The include adds the snippet's lines (less its own): greet() is on line 7 of the
    # page, shifted by the 2 lines of the section minus 1.
    assert (frame.filename, frame.lineno) == (str(path), 7 + 1)


def test_defined_names_reads_code_and_doctests():
    code = "def f():\n    pass\nX = 1\ny: int = 2\nclass C:\n    pass\n"
    assert defined_names(code) == {"f", "X", "y", "C"}
    assert defined_names(">>> a = 1\n>>> def g():\n...     return a\n") == {"a", "g"}
    assert defined_names("this is not python") == frozenset()


def test_chapters_are_the_numbered_pages_of_the_navigation():
    nav = [
        {"Home": "index.md"},
        {"Part I": [{"1. First steps": "first.md"}, {"Notes": "notes.md"}]},
        {"2. Second": "second.md"},
    ]
    assert chapters(nav) == [Chapter(1, "First steps", "first.md"),
                             Chapter(2, "Second", "second.md")]
    number, title, src_uri = chapters()[0]
    assert number == 1 and (DOCS / src_uri).is_file()


def test_a_page_language_and_its_twin_come_from_its_file_name():
    assert page_language("perceptron.ko.md") == "ko"
    assert page_language("docs/perceptron.md") is None
    assert page_language("matrix-shapes.md") is None
    assert translation("perceptron.md", "ko") == "perceptron.ko.md"
    assert translation("labs/x.ko.md", None) == "labs/x.md"
    assert translation("labs/x.ko.md", "en") == "labs/x.en.md"


def test_a_korean_page_is_read_with_the_same_code_blocks(tmp_path):
    chapter = DOCS / chapters()[0].src_uri
    english = parse_page(chapter)
    text = english.text
    # Translate some prose: the title, and every heading, keeping its English id.
    for heading in english.headings:
        line = text.split("\n")[heading.line - 1]
        hashes = line.split(" ", 1)[0]
        text = text.replace(line + "\n", f"{hashes} 번역된 제목 {{ #{heading.id} }}\n", 1)
    korean_path = tmp_path / translation(chapter.name, "ko")
    korean_path.write_text(text, encoding="utf-8")
    shutil.copy(chapter, tmp_path / chapter.name)

    korean = parse_page(korean_path)
    assert korean.language == "ko" and korean_path.name.endswith(".ko.md")

    def code(page):
        return [(b.language, b.source, b.expanded, b.includes, b.inside, b.hidden)
                for b in page.code_blocks()]

    assert code(korean) == code(english)
    kinds = [box.kind for box in english.admonitions()]
    assert [box.kind for box in korean.admonitions()] == kinds
    assert [h.id for h in korean.headings] == [h.id for h in english.headings]
    assert {h.text for h in korean.headings} == {"번역된 제목"}
    sybil = make_sybil(tmp_path)
    examples = list(sybil.parse(tmp_path / chapter.name))
    assert len(list(sybil.parse(korean_path))) == len(examples) > 0


def test_every_part_has_a_type_the_users_know():
    page = parse_page(DOCS / chapters()[0].src_uri)
    assert {type(p) for p in page.parts} <= {CodeBlock, Directive, Admonition, Heading}
