"""Tests that keep the book honest: what the chapters show is what the package is.

- every public name of every dlbook module is embedded (by snippet section) in some page;
- ``import dlbook`` exposes every public name of the core modules;
- every chapter runs at least 10 examples and skips at most one block, with a stated reason;
- every fenced Python block is executed (none escapes through an unusual info string);
- every Pitfall box executes a wrong and a right version; every chapter has a checked Try-it;
- every figure the package can draw is shown on some page, and every figure a page shows exists.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap

import pytest
from sybil import Document

import dlbook
from conftest import DOCS, INCLUDE, ROOT, Book, IncludingCodeBlockParser, book_sybil, expand_includes

BOOK = Book(root=ROOT, docs=DOCS, sybil=book_sybil)
CHAPTERS = BOOK.chapters()
PAGES = BOOK.pages()

MIN_EXAMPLES_PER_CHAPTER = 10
MAX_SKIPS_PER_CHAPTER = 1

INCLUDE_LINE = re.compile(r"""^[ \t>]*-{1,}8<-{1,}[ \t]+(["'])(?P<spec>.+?)\1[ \t]*$""", re.M)
SKIP = re.compile(r"<!--\s*skip:\s*(?P<action>\w+)(?P<rest>.*?)-->", re.S)
FIGURE_LINK = re.compile(r"figures/(?P<name>[\w-]+)\.png")


def dlbook_modules():
    """Every module of the package (``dlbook``, ``dlbook.activations``, ``dlbook.plotting`` ...)."""
    names = ["dlbook"]
    for info in pkgutil.walk_packages(dlbook.__path__, "dlbook."):
        names.append(info.name)
    return [importlib.import_module(name) for name in names]


def public_modules():
    return [m for m in dlbook_modules() if hasattr(m, "__all__") and m.__name__ != "dlbook"]


def defined_names(code: str) -> set[str]:
    """Names a piece of Python source defines at its top level (def, class, assignment)."""
    names: set[str] = set()
    for node in ast.parse(textwrap.dedent(code)).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def module_of(path: str) -> str:
    """``dlbook/plotting/__init__.py`` -> ``dlbook.plotting``."""
    dotted = path.removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__")


@pytest.fixture(scope="module")
def embedded() -> set[tuple[str, str]]:
    """``(module, name)`` for every definition some page embeds."""
    found: set[tuple[str, str]] = set()
    for page in PAGES:
        for match in INCLUDE_LINE.finditer(page.read_text(encoding="utf-8")):
            spec = match.group("spec")
            path = spec.split(":", 1)[0]
            if not path.endswith(".py"):
                continue
            code = expand_includes(f'{INCLUDE} "{spec}"')
            found.update((module_of(path), name) for name in defined_names(code))
    return found


def home_module(module, name: str) -> str:
    """The module whose source defines ``module.name`` (re-exports point to their origin)."""
    obj = getattr(module, name)
    if inspect.isfunction(obj) or inspect.isclass(obj):
        return obj.__module__
    return module.__name__


@pytest.mark.parametrize("module", public_modules(), ids=lambda m: m.__name__)
def test_every_public_name_is_embedded_in_a_page(module, embedded):
    missing = [
        name
        for name in module.__all__
        if (home_module(module, name), name) not in embedded
    ]
    assert not missing, (
        f"{module.__name__} exports {missing} but no page embeds their definition "
        f'(add a --8<-- "{module.__name__.replace(".", "/")}.py:<section>" line to a chapter)'
    )


def test_import_dlbook_exposes_every_core_name():
    # The library, not its figures (dlbook.plotting needs matplotlib) or its command line.
    core = [
        m
        for m in public_modules()
        if not m.__name__.startswith(("dlbook.plotting", "dlbook.cli"))
    ]
    expected = {name for module in core for name in module.__all__}
    assert set(dlbook.__all__) == expected
    for module in core:
        for name in module.__all__:
            assert getattr(dlbook, name) is getattr(module, name), f"dlbook.{name}"


def test_there_are_chapters():
    assert len(CHAPTERS) >= 4


by_chapter = pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
by_page = pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])


@by_chapter
def test_chapter_runs_enough_examples(chapter):
    n = len(BOOK.executed_examples(chapter))
    assert n >= MIN_EXAMPLES_PER_CHAPTER, f"{chapter.name} runs only {n} examples"


@by_chapter
def test_chapter_skips_at_most_one_block_with_a_reason(chapter):
    skips = list(SKIP.finditer(chapter.read_text(encoding="utf-8")))
    assert len(skips) <= MAX_SKIPS_PER_CHAPTER, f"{chapter.name} skips {len(skips)} blocks"
    for skip in skips:
        assert skip.group("action") == "next", f"use 'skip: next \"reason\"', not {skip[0]!r}"
        assert re.search(r'"[^"]{10,}"', skip.group("rest")), f"no reason given: {skip[0]!r}"


@by_page
def test_every_python_fence_is_executed(page):
    text = page.read_text(encoding="utf-8")
    regions = IncludingCodeBlockParser("python", evaluator=print)(Document(text, str(page)))
    fenced = [r for r in regions if not text[r.start : r.end].lstrip().startswith("<!--")]
    assert len(fenced) == BOOK.python_fences(page)


def admonitions(text: str, kind: str) -> list[str]:
    """Bodies of every ``!!! kind`` / ``??? kind`` / ``???+ kind`` block in ``text``."""
    bodies = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        head = re.match(rf"^(?P<indent>[ \t]*)(!!!|\?\?\?\+?)[ \t]+{kind}\b", line)
        if not head:
            continue
        indent = len(head.group("indent"))
        body = []
        for follower in lines[i + 1 :]:
            if follower.strip() and len(follower) - len(follower.lstrip()) <= indent:
                break
            body.append(follower)
        bodies.append("\n".join(body))
    return bodies


PYTHON_FENCE = re.compile(r"^[ \t]*(`{3,})python\b.*?\n(?P<code>.*?)^[ \t]*\1[ \t]*$", re.S | re.M)


@by_page
def test_every_pitfall_runs_the_wrong_and_the_right_version(page):
    for body in admonitions(page.read_text(encoding="utf-8"), "pitfall"):
        blocks = PYTHON_FENCE.findall(body)
        assert len(blocks) >= 2, f"{page.name}: a Pitfall box needs the wrong and the right code"


@by_chapter
def test_chapter_has_a_checked_try_it(chapter):
    bodies = admonitions(chapter.read_text(encoding="utf-8"), "tryit")
    assert bodies, f"{chapter.name} has no Try-it box (!!! tryit)"
    checked = [b for b in bodies if any("assert" in m.group("code") for m in PYTHON_FENCE.finditer(b))]
    assert checked, f"{chapter.name}: the Try-it answer must be executed code with an assert"


def test_every_figure_is_shown_and_every_shown_figure_exists():
    pytest.importorskip("matplotlib")
    from dlbook.plotting import BENCHMARK_FIGURES, FIGURES

    drawn = set(FIGURES) | set(BENCHMARK_FIGURES)
    shown = {
        m.group("name")
        for page in PAGES
        for m in FIGURE_LINK.finditer(page.read_text(encoding="utf-8"))
    }
    assert drawn - shown == set(), "figures no page shows"
    assert shown - drawn == set(), "figures pages link but nobody draws"
