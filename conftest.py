"""pytest set-up shared by the unit tests and the chapters.

Every Markdown page under ``docs/`` is a test file: sybil runs each ```` ```python ```` block of a
page, in order, in one namespace per page, and compares every ``>>>`` output with what the code
prints now. A block may embed the package's own source with a pymdownx.snippets line such as
``--8<-- "dlbook/activations.py:sigmoid"``; before running, we expand it with the very
preprocessor (and the very settings from ``mkdocs.yml``) that builds the page, so the code that
runs is exactly the code the reader sees.
"""

from __future__ import annotations

import doctest
import os
import re
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings
from sybil import Lexeme, Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import ClearNamespaceParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.markdown.codeblock import CodeBlockParser

# expand_includes lives beside the site's hooks, which build the chapters' notebooks with it.
from hooks._book import SNIPPETS_CONFIG, expand_includes, load_mkdocs_config  # noqa: F401

ROOT = Path(__file__).resolve().parent
DOCS = ROOT / "docs"
INCLUDE = "--8<--"

os.environ.setdefault("MPLBACKEND", "Agg")

# Property tests: reproducible on CI, no per-example deadline on a small shared machine.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


class IncludingCodeBlockParser(CodeBlockParser):
    """Fenced-code parser that expands snippet includes before the code runs.

    It also accepts an info string with attributes (```` ```python title="x" ````): the first
    word is the language, so no Python block escapes execution by carrying a title.
    """

    def __call__(self, document):
        for region in self.lexers(document):
            words = region.lexemes["arguments"].split()
            if not words or words[0] != self.language:
                continue
            source = region.lexemes["source"]
            if INCLUDE in source:
                source = Lexeme(
                    expand_includes(source), source.offset, source.line_offset
                )
            region.parsed = source
            region.evaluator = self._evaluator or self.evaluate
            yield region


class BookPythonParser(PythonCodeBlockParser):
    """Runs Python blocks; a block that starts with ``>>>`` is a doctest whose output is compared."""

    codeblock_parser_class = IncludingCodeBlockParser


DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

book_sybil = Sybil(
    parsers=[
        BookPythonParser(doctest_optionflags=DOCTEST_FLAGS),
        SkipParser(),
        ClearNamespaceParser(),
    ],
    path="docs",
    patterns=["*.md"],
)

pytest_collect_file = book_sybil.pytest()


@dataclass(frozen=True)
class Book:
    """What the tests in ``tests/test_book.py`` need to know about the chapters."""

    root: Path
    docs: Path
    sybil: Sybil

    def pages(self) -> list[Path]:
        return sorted(self.docs.rglob("*.md"))

    def chapters(self) -> list[Path]:
        """The numbered chapters, in the order of the site's navigation ("1. Perceptron ...")."""
        found: list[Path] = []

        def walk(entries):
            for entry in entries:
                if isinstance(entry, dict):
                    for title, target in entry.items():
                        if isinstance(target, list):
                            walk(target)
                        elif re.match(r"\d+\.\s", title):
                            found.append(self.docs / target)

        walk(load_mkdocs_config()["nav"])
        return found

    def executed_examples(self, page: Path) -> list:
        """The examples sybil runs on ``page`` (code blocks and each ``>>>`` statement)."""
        document = self.sybil.parse(page)
        return [
            example
            for example in document
            if isinstance(example.region.evaluator, (PythonEvaluator, DocTestEvaluator))
        ]

    def python_fences(self, page: Path) -> int:
        """How many fenced blocks of ``page`` look like Python (``python``, ``py``, ``pycon`` ...).

        Only ``python`` is executed, so a block tagged ``py`` makes this count differ from the
        parser's and fails ``test_every_python_fence_is_executed``.
        """
        text = page.read_text(encoding="utf-8")
        pattern = r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*(?:py\w*|ipython\w*)\b"
        return len(re.findall(pattern, text, re.MULTILINE))
