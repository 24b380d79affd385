"""Tests that keep the book honest: what the chapters show is what the package is.

- every public name of every dlbook module is embedded (by snippet section) in a page;
- ``import dlbook`` exposes every public name of the core modules;
- every chapter runs at least 10 examples and skips at most one block, with a reason;
- every fenced Python block is executed (none escapes through an unusual info string);
- every Pitfall box executes a wrong and a right version; every chapter has a checked
  Try-it;
- every figure the package can draw is shown on some page, and every figure a page shows
  exists.

The pages are read by ``hooks/book.py``, as the site and sybil read them. Each check on
a page is a function that lists what is wrong with it, so that the checks themselves are
tested on a page that breaks every rule (``test_the_checks_find_what_is_wrong_...``).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import textwrap

import pytest
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator

import dlbook
from hooks.book import (
    DOCS,
    CodeBlock,
    Page,
    chapters,
    home_module,
    make_sybil,
    pages,
    parse_page,
    python_source,
)

SYBIL = make_sybil()
PAGES = {path: parse_page(path) for path in pages()}
CHAPTERS = [DOCS / chapter.src_uri for chapter in chapters()]

MIN_EXAMPLES_PER_CHAPTER = 10
MAX_SKIPS_PER_CHAPTER = 1

# Info strings of blocks that look like Python (py, pycon, python3, ipython ...).
PYTHONISH = re.compile(r"i?py\w*", re.IGNORECASE)


def dlbook_modules():
    """Every module of the package (``dlbook``, ``dlbook.activations`` ...)."""
    names = ["dlbook"]
    for info in pkgutil.walk_packages(dlbook.__path__, "dlbook."):
        names.append(info.name)
    return [importlib.import_module(name) for name in names]


def exporting_modules():
    """The modules below ``dlbook`` that declare their public names (``__all__``)."""
    return [
        m for m in dlbook_modules() if hasattr(m, "__all__") and m.__name__ != "dlbook"
    ]


def executed_examples(path) -> list:
    """The examples sybil runs on a page (code blocks and each ``>>>`` statement)."""
    return [
        example
        for example in SYBIL.parse(path)
        if isinstance(example.region.evaluator, (PythonEvaluator, DocTestEvaluator))
    ]


# --- The checks, one function each: what is wrong with a page -------------------------


def skip_problems(page: Page) -> list[str]:
    """At most one skip, each ``skip: next`` with a quoted reason (10 characters+)."""
    skips = page.directives("skip")
    problems = []
    if len(skips) > MAX_SKIPS_PER_CHAPTER:
        problems.append(f"{page.path.name} skips {len(skips)} blocks")
    for skip in skips:
        if skip.action != "next":
            problems.append(f"line {skip.line}: use 'skip: next \"reason\"', not "
                            f"'skip: {skip.arguments}'")
        elif not re.search(r'"[^"]{10,}"', skip.reason):
            problems.append(f"line {skip.line}: no reason given")
    return problems


def unexecuted_python(page: Page, examples: list) -> list[str]:
    """Blocks that look like Python but do not run; Python blocks sybil does not run."""
    problems = [
        f"line {block.line}: a ```{block.info} block is not run (tag it ```python)"
        for block in page.code_blocks()
        if PYTHONISH.fullmatch(block.language) and not block.is_python
    ]
    starts = [example.region.start for example in examples]
    for block in page.code_blocks("python"):
        if not any(block.start <= start < block.end for start in starts):
            problems.append(f"line {block.line}: sybil runs nothing of this block")
    return problems


def runs(block: CodeBlock) -> bool:
    """A block the reader sees and the tests run."""
    return block.is_python and not block.hidden and not block.skipped


def asserts(block: CodeBlock) -> bool:
    """Whether the code of a block holds an ``assert`` statement."""
    try:
        tree = ast.parse(python_source(block.expanded))
    except SyntaxError:
        return False
    return any(isinstance(node, ast.Assert) for node in ast.walk(tree))


def pitfall_problems(page: Page) -> list[str]:
    """Every Pitfall box runs two blocks or more: the wrong version, the right one."""
    return [
        f"line {box.line}: a Pitfall box needs the wrong and the right code, run"
        for box in page.admonitions("pitfall")
        if sum(runs(block) for block in box.blocks) < 2
    ]


def try_it_problems(page: Page) -> list[str]:
    """A chapter has a Try-it box, answered by code that runs and asserts."""
    boxes = page.admonitions("tryit")
    if not boxes:
        return [f"{page.path.name} has no Try-it box (!!! tryit)"]
    if not any(runs(b) and asserts(b) for box in boxes for b in box.blocks):
        return [
            f"{page.path.name}: the Try-it answer must be executed code with an assert"
        ]
    return []


# --- The package and the pages --------------------------------------------------------


@pytest.fixture(scope="module")
def embedded() -> set[tuple[str, str]]:
    """``(module, name)`` for every definition some page embeds."""
    return {
        (include.module, name)
        for page in PAGES.values()
        for include in page.includes()
        if include.module is not None
        for name in include.defined_names
    }


@pytest.mark.parametrize("module", exporting_modules(), ids=lambda m: m.__name__)
def test_every_public_name_is_embedded_in_a_page(module, embedded):
    missing = [
        name
        for name in module.__all__
        if (home_module(module, name), name) not in embedded
    ]
    assert not missing, (
        f"{module.__name__} exports {missing} but no page embeds their definition "
        f'(add a --8<-- "{module.__name__.replace(".", "/")}.py:<section>" line to a '
        "chapter)"
    )


def test_import_dlbook_exposes_every_core_name():
    # The library, not its figures (dlbook.plotting needs matplotlib), command line or
    # exercise checker (dlbook.exercises.check: a plain `check` would say too little).
    core = [
        m
        for m in exporting_modules()
        if not m.__name__.startswith(("dlbook.plotting", "dlbook.cli", "dlbook.exercises"))
    ]
    expected = {name for module in core for name in module.__all__}
    assert set(dlbook.__all__) == expected
    for module in core:
        for name in module.__all__:
            assert getattr(dlbook, name) is getattr(module, name), f"dlbook.{name}"


def test_there_are_chapters():
    assert len(CHAPTERS) >= 4


by_chapter = pytest.mark.parametrize(
    "chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS]
)
by_page = pytest.mark.parametrize("page", list(PAGES), ids=[p.stem for p in PAGES])


@by_chapter
def test_chapter_runs_enough_examples(chapter):
    n = len(executed_examples(chapter))
    assert n >= MIN_EXAMPLES_PER_CHAPTER, f"{chapter.name} runs only {n} examples"


@by_chapter
def test_chapter_skips_at_most_one_block_with_a_reason(chapter):
    assert skip_problems(PAGES[chapter]) == []


@by_page
def test_every_python_fence_is_executed(page):
    assert unexecuted_python(PAGES[page], list(SYBIL.parse(page))) == []


@by_page
def test_every_pitfall_runs_the_wrong_and_the_right_version(page):
    assert pitfall_problems(PAGES[page]) == []


@by_chapter
def test_chapter_has_a_checked_try_it(chapter):
    assert try_it_problems(PAGES[chapter]) == []


def test_every_figure_is_shown_and_every_shown_figure_exists():
    pytest.importorskip("matplotlib")
    from dlbook.plotting import BENCHMARK_FIGURES, FIGURES

    drawn = set(FIGURES) | set(BENCHMARK_FIGURES)
    shown = {name for page in PAGES.values() for name in page.figures()}
    assert drawn - shown == set(), "figures no page shows"
    assert shown - drawn == set(), "figures pages link but nobody draws"


# A page that breaks every rule above.
BAD_PAGE = textwrap.dedent('''\
    # A bad chapter

    <!-- skip: start -->

    ```py
    print("tagged py: it would not run")
    ```

    <!-- skip: end -->
    <!-- skip: next -->

    !!! pitfall "Pitfall: only the wrong version, and skipped"
        ```python
        wrong = 1
        ```

        <!-- invisible-code-block: python
        right = 2
        -->

    !!! tryit "Try it: answered without an assert"
        ??? success "Answer"
            ```python
            answer = 3
            ```

            ```text
            assert answer == 3
            ```
    ''')


def test_the_checks_find_what_is_wrong_with_a_bad_page(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text(BAD_PAGE, encoding="utf-8")
    page = parse_page(path)
    assert skip_problems(page) == [
        "bad.md skips 3 blocks",
        "line 3: use 'skip: next \"reason\"', not 'skip: start'",
        "line 9: use 'skip: next \"reason\"', not 'skip: end'",
        "line 10: no reason given",
    ]
    sybil = make_sybil(tmp_path)
    assert unexecuted_python(page, list(sybil.parse(path))) == [
        "line 5: a ```py block is not run (tag it ```python)",
    ]
    assert unexecuted_python(page, []) == [
        "line 5: a ```py block is not run (tag it ```python)",
        "line 13: sybil runs nothing of this block",
        "line 17: sybil runs nothing of this block",
        "line 23: sybil runs nothing of this block",
    ]
    assert pitfall_problems(page) == [
        "line 12: a Pitfall box needs the wrong and the right code, run",
    ]
    assert try_it_problems(page) == [
        "bad.md: the Try-it answer must be executed code with an assert",
    ]
    assert try_it_problems(parse_page(tmp_path / "none.md", "# No box\n")) == [
        "none.md has no Try-it box (!!! tryit)",
    ]
