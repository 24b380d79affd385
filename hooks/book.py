"""The format of the book's pages, in one place: what a page of ``docs/`` is made of.

The tests (``conftest.py``, ``tests/``) and the site's hooks (``hooks/*.py``) read the
chapters through this module, and nothing else parses their Markdown. It is no hook
(``mkdocs.yml`` does not list it) and no part of the ``dlbook`` package.

``parse_page(path)`` turns a page into a :class:`Page`, an ordered tuple of parts:

- :class:`CodeBlock`: a fenced block, or a hidden ``<!-- invisible-code-block: python``
  block: its language, its source as the page shows it, the same source with its
  ``--8<--`` includes expanded (by pymdownx.snippets, set up as ``mkdocs.yml`` sets it
  up), the includes themselves and the names the code defines;
- :class:`Directive`: ``<!-- skip: next "reason" -->``, ``<!-- clear-namespace -->``, and
  the book's own two: ``<!-- check: expression -->``, a claim of the prose that the tests
  evaluate in the page's namespace, and ``<!-- fact: ... -->``, which marks a number that
  comes from outside the code (a year, a data set's published size);
- :class:`Admonition`: ``!!! kind "title"``, ``??? kind``, ``???+ kind``, with the code
  blocks in its body (nested boxes included);
- :class:`Heading`: with the id the site gives it, from rendering the page with the
  site's own Markdown extensions and settings.

Fences and directives are found by sybil's Markdown lexers, the ones the tests run the
pages with. A fence shown inside another fence is text of the outer one, not a part.

What is left between the parts is prose: ``Page.paragraphs()`` gives it paragraph by
paragraph, with ``plain`` text (no inline code, formulas or link targets) for the tests
that read sentences: the numbers they state (``numbers``), the terms they introduce with
their Korean, or on a Korean page their English (``bold_terms``, ``gives_term``), the
figures they show (``Page.figures``).
``glossary_rows`` reads the glossary's table and ``rewrite_links`` the links of a text.

``chapters(nav)`` lists the numbered chapters of the navigation. ``page_language`` and
``translation`` name a page's language and its twin in another one, from the file name
(``perceptron.ko.md`` beside ``perceptron.md``: mkdocs-static-i18n's suffix layout); a
translated page is read like any other.

``make_sybil()`` is the sybil set-up that runs the pages: each Python block in the
page's namespace, one that starts with ``>>>`` as a doctest, each check as a claim that
must hold there, the other directives as in sybil.
"""

from __future__ import annotations

import ast
import bisect
import doctest
import functools
import inspect
import os
import re
import subprocess
import sys
import textwrap
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Union

import markdown
import yaml
from mkdocs.utils.meta import get_data
from pymdownx.snippets import SnippetPreprocessor
from sybil import Document, Lexeme, Region, Sybil
from sybil.parsers.abstract import (
    AbstractClearNamespaceParser,
    AbstractCodeBlockParser,
    AbstractSkipParser,
)
from sybil.parsers.markdown import PythonCodeBlockParser
from sybil.parsers.markdown.lexers import (
    DirectiveInHTMLCommentLexer,
    RawFencedCodeBlockLexer,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PACKAGE = "dlbook"
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

# --- mkdocs.yml -----------------------------------------------------------------------


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; its ``!relative`` tag means the folder that holds the file."""


_MkDocsLoader.add_constructor("!relative", lambda loader, node: str(ROOT))


def load_mkdocs_config() -> dict:
    """mkdocs.yml as a dict (plain YAML plus the ``!relative`` tag)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.load(text, _MkDocsLoader)


# MkDocs puts these before the extensions mkdocs.yml lists (mkdocs/config/defaults.py).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@functools.cache
def markdown_settings() -> tuple[tuple[str, ...], dict[str, dict]]:
    """``(extensions, extension_configs)``, as MkDocs renders the site's pages with."""
    names: list[str] = list(MKDOCS_BUILTIN_EXTENSIONS)
    configs: dict[str, dict] = {}
    for entry in load_mkdocs_config().get("markdown_extensions") or []:
        if isinstance(entry, dict):
            ((name, config),) = entry.items()
            configs[name] = config or {}
        else:
            name = entry
        if name not in names:
            names.append(name)
    return tuple(names), configs


def snippets_config() -> dict:
    """The settings of pymdownx.snippets in mkdocs.yml."""
    names, configs = markdown_settings()
    if "pymdownx.snippets" not in names:
        raise RuntimeError("mkdocs.yml does not configure pymdownx.snippets")
    return configs.get("pymdownx.snippets", {})


def expand_includes(text: str) -> str:
    """Expand every ``--8<--`` line of ``text`` as the site does, with its settings."""
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": snippets_config()},
    )
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))


# --- Names in code --------------------------------------------------------------------


def python_source(code: str) -> str:
    """The Python that ``code`` runs: a doctest's (``>>>``) statements, or the code."""
    if code.lstrip().startswith(">>>"):
        examples = doctest.DocTestParser().get_examples(code)
        return "".join(example.source for example in examples)
    return textwrap.dedent(code)


def defined_names(code: str) -> frozenset[str]:
    """Names a piece of Python source defines at its top level (def, class, assignment).

    A doctest (``>>>``) is read statement by statement; code that does not parse defines
    nothing.
    """
    try:
        tree = ast.parse(python_source(code))
    except SyntaxError:
        return frozenset()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return frozenset(names)


def module_of(path: str) -> str:
    """``dlbook/plotting/__init__.py`` -> ``dlbook.plotting``: a file's module."""
    return path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def home_module(module, name: str) -> str:
    """The module whose source defines ``module.name`` (a re-export: its origin).

    A function or a class names its own module; any other object (a constant, an
    instance) belongs to the module that exports it.
    """
    obj = getattr(module, name)
    if inspect.isfunction(obj) or inspect.isclass(obj):
        return obj.__module__
    return module.__name__


# --- Parts of a page ------------------------------------------------------------------


@dataclass(frozen=True)
class Include:
    """One ``--8<-- "file:section"`` line of a code block.

    ``line`` is its line in the page (1-based); ``source`` is what it expands to alone,
    ``defined_names`` the names that code defines.
    """

    spec: str
    file: str
    section: str | None
    line: int
    source: str
    defined_names: frozenset[str]

    @property
    def module(self) -> str | None:
        """The dotted module the included file is (``dlbook.activations``), or None."""
        return module_of(self.file) if self.file.endswith(".py") else None


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block, or the code of an invisible-code-block (then ``hidden``).

    ``info`` is the fence's info string (``python title="x"``), ``language`` its first
    word. ``source`` is the code as the page shows it (less the indentation of the box
    it is in); ``expanded`` the same with its includes expanded, the code that runs.
    ``start`` and ``end`` are offsets in the page's text, ``line`` and ``last_line`` its
    first and last lines (1-based). ``inside`` names the kinds of the boxes around it,
    outermost first; ``skipped`` says a skip directive leaves it out.
    """

    language: str
    info: str
    source: str
    expanded: str
    includes: tuple[Include, ...]
    defined_names: frozenset[str]
    start: int
    end: int
    line: int
    last_line: int
    source_offset: int
    source_line_offset: int
    hidden: bool = False
    inside: tuple[str, ...] = ()
    skipped: bool = False

    @property
    def is_python(self) -> bool:
        """Whether the tests run it: its language is ``python``."""
        return self.language == "python"

    @property
    def is_doctest(self) -> bool:
        """A Python block that starts with ``>>>``: its outputs are compared."""
        return self.is_python and self.expanded.startswith(">>>")

    def lexeme(self) -> Lexeme:
        """The expanded source as a sybil Lexeme, where the page holds the code."""
        return Lexeme(self.expanded, self.source_offset, self.source_line_offset)


def _skip_action(arguments: str) -> str:
    words = arguments.split(maxsplit=1)
    return words[0] if words else ""


@dataclass(frozen=True)
class Directive:
    """``<!-- skip: next "reason" -->`` (kind ``skip``), ``<!-- clear-namespace -->``,
    ``<!-- check: expression -->`` or ``<!-- fact: text -->``.

    ``arguments`` is what follows the directive's name (``next "reason"``); a check or a
    fact may go on over several lines, all of them in ``arguments``.
    """

    kind: str
    arguments: str
    start: int
    end: int
    line: int
    last_line: int

    @property
    def action(self) -> str:
        """A skip's first word: ``next``, ``start`` or ``end``."""
        return _skip_action(self.arguments)

    @property
    def reason(self) -> str:
        """What follows a skip's action (sybil evaluates it: ``"a quoted reason"``)."""
        words = self.arguments.split(maxsplit=1)
        return words[1].strip() if len(words) > 1 else ""


@dataclass(frozen=True)
class Admonition:
    """A box: ``!!! kind "title"``, or one that folds, ``??? kind`` or ``???+ kind``.

    ``kind`` is its first class (``pitfall``, ``tryit``, ``success``); ``title`` the
    quoted title as written, None if it has none; ``blocks`` every code block in its
    body, nested boxes included. ``line`` and ``last_line`` span its head and its body
    (1-based); ``indent`` is the head's indentation, the body is 4 spaces further in.
    """

    kind: str
    classes: tuple[str, ...]
    title: str | None
    marker: str
    blocks: tuple[CodeBlock, ...]
    start: int
    end: int
    line: int
    last_line: int
    indent: int
    inside: tuple[str, ...] = ()

    @property
    def body_indent(self) -> int:
        """How far its body is indented."""
        return self.indent + 4

    @property
    def collapsible(self) -> bool:
        """``???`` and ``???+`` boxes fold (pymdownx.details); ``!!!`` boxes do not."""
        return self.marker != "!!!"


@dataclass(frozen=True)
class Heading:
    """A heading: its level, its text as the site's contents menu shows it, its id."""

    level: int
    text: str
    id: str
    line: int
    start: int


Part = Union[CodeBlock, Directive, Admonition, Heading]


@dataclass(frozen=True)
class Page:
    """A page of the book: its parts, in the order in which they start."""

    path: Path
    text: str
    parts: tuple[Part, ...]

    @property
    def language(self) -> str | None:
        """The language of the page's file name (``ko`` for ``x.ko.md``), or None."""
        return page_language(self.path)

    def _select(self, cls: type, attribute: str, value: str | None) -> list:
        return [
            part for part in self.parts
            if isinstance(part, cls) and value in (None, getattr(part, attribute))
        ]

    def code_blocks(self, language: str | None = None) -> list[CodeBlock]:
        """The code blocks (hidden ones included), of one ``language`` if given."""
        return self._select(CodeBlock, "language", language)

    def admonitions(self, kind: str | None = None) -> list[Admonition]:
        """Every box (nested ones included), of one ``kind`` if given."""
        return self._select(Admonition, "kind", kind)

    def directives(self, kind: str | None = None) -> list[Directive]:
        """The directives (skip, clear-namespace, check, fact), of one ``kind`` if given."""
        return self._select(Directive, "kind", kind)

    def paragraphs(self) -> list[Paragraph]:
        """The prose between the parts, one paragraph (or heading line) at a time.

        Code blocks and HTML comments (the directives among them) are left out; a box's
        head line and the alt text of an image are prose like any other line.
        """
        return _paragraphs(self)

    def figures(self) -> list[str]:
        """The names of the figures the page shows (``![...](figures/<name>.png)``)."""
        return [
            m["name"] for paragraph in self.paragraphs()
            for m in FIGURE_LINK.finditer(paragraph.text)
        ]

    @property
    def headings(self) -> list[Heading]:
        """The headings, in order, with the ids the site gives them."""
        return self._select(Heading, "id", None)

    def includes(self) -> list[Include]:
        """Every ``--8<--`` include of every code block, in reading order."""
        return [include for block in self.code_blocks() for include in block.includes]

    def heading_above(self, line: int) -> Heading | None:
        """The last heading before ``line`` (1-based): the section that holds it."""
        above = [h for h in self.headings if h.line < line]
        return above[-1] if above else None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose: ``text`` as written, from ``line`` to ``last_line``."""

    text: str
    line: int
    last_line: int

    @property
    def plain(self) -> str:
        """The words a reader reads as a sentence, on one line: no inline code, no
        formulas, no link targets, no attribute lists, no HTML tags."""
        return plain_text(self.text)


# --- Prose ----------------------------------------------------------------------------

FIGURE_LINK = re.compile(r"figures/(?P<name>[\w-]+)\.png")
_MATH = re.compile(r"\$\$.*?\$\$|\\\(.*?\\\)|\$[^$\n]+\$", re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")
_ATTRIBUTES = re.compile(r"\{[:#.][^}]*\}|\{ [#.][^}]*\}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
HANGUL = re.compile(r"[가-힣]")


def plain_text(markdown_text: str) -> str:
    """``markdown_text`` as the words it shows, on one line (see ``Paragraph.plain``)."""
    text = _INLINE_CODE.sub(" ", markdown_text)
    text = _MATH.sub(" ", text)
    text = _LINK_TARGET.sub("]", text)
    text = _ATTRIBUTES.sub(" ", text)
    text = _TAG.sub(" ", text)
    return " ".join(text.split())


def _paragraphs(page: Page) -> list[Paragraph]:
    lines = page.text.split("\n")
    hidden = [False] * (len(lines) + 2)
    for part in page.parts:
        if isinstance(part, (CodeBlock, Directive)):
            for number in range(part.line, part.last_line + 1):
                hidden[number] = True
    starts = [0] + [m.end() for m in re.finditer("\n", page.text)]
    for comment in HTML_COMMENT.finditer(page.text):
        first = bisect.bisect_right(starts, comment.start())
        last = bisect.bisect_right(starts, comment.end())
        for number in range(first, last + 1):
            hidden[number] = True
    headings = {h.line for h in page.headings}
    found, run = [], []

    def close():
        if run:
            text = "\n".join(lines[n - 1] for n in run)
            found.append(Paragraph(text, run[0], run[-1]))
            run.clear()

    for number, line in enumerate(lines, start=1):
        if hidden[number] or not line.strip():
            close()
        elif number in headings:
            close()
            run.append(number)
            close()
        else:
            run.append(number)
    close()
    return found


class Number(NamedTuple):
    """A number as a sentence states it: ``"60,000"``, ``"97%"``, ``"1.5×"``, ``"1e-4"``."""

    written: str
    value: float
    decimals: int  # digits after the point, as written
    percent: bool


# 60,000  0.25  97%  20,000×  1e-4  −1.5 (a minus sign or a hyphen-minus)  784-512-10
_NUMBER = re.compile(
    r"(?<![\w.,^_\\/#])(?P<sign>[-−])?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?P<fraction>\.\d+)?(?P<exponent>e[-+]?\d+)?(?P<percent>%)?(?P<times>×)?"
    r"(?![\w.]\d|[^\W가-힣])"  # Hangul may follow: 60,000장, 97%가
)


# "chapter 7", "chapters 5 to 7", "Chapters 7, 8 and 9", and a link that names a chapter by
# its title in the navigation, "[11. Batch normalization]": where to read, not a claim
_CHAPTER_REFERENCE = re.compile(
    r"\b[Cc]hapters?\s+\d+(?:\s*(?:,|and|to|or|–|-)\s*\d+)*|(?<=\[)\d+(?=\.\s)"
)


def numbers(text: str, *, references: bool = True) -> list[Number]:
    """The numbers ``text`` states, in order (give it ``Paragraph.plain``).

    ``references=False`` leaves out the numbers of chapter references ("chapter 7").
    """
    if not references:
        text = _CHAPTER_REFERENCE.sub(" ", text)
    found = []
    for m in _NUMBER.finditer(text):
        written = m[0]
        body = f"{m['digits'].replace(',', '')}{m['fraction'] or ''}{m['exponent'] or ''}"
        value = float(body) * (-1 if m["sign"] else 1)
        decimals = len(m["fraction"]) - 1 if m["fraction"] and not m["exponent"] else 0
        found.append(Number(written, value, decimals, bool(m["percent"])))
    return found


# **English (한국어)** or **English** (한국어): the parentheses hold some Hangul.
_BOLD_TERM = re.compile(
    r"\*\*(?P<a>[^*\n]+?)\s*\((?P<ka>[^()\n]*[가-힣][^()\n]*)\)\*\*"
    r"|\*\*(?P<b>[^*\n]+?)\*\*\s*\((?P<kb>[^()\n]*[가-힣][^()\n]*)\)"
)


# **한국어(English)**: a Korean page puts the English inside the bold, in parentheses:
# **퍼셉트론(perceptron)**, **오차역전파법(backpropagation, 역전파)**, **XOR(배타적 논리합,
# exclusive or)**.
_BOLD_TERM_KO = re.compile(
    r"\*\*(?P<head>[^*()\n]+?)\s*\((?P<inside>[^()\n]*[A-Za-z][^()\n]*)\)\*\*"
)


def korean_words(text: str) -> list[str]:
    """The Korean items of a list like ``'옵티마이저, 최적화 기법'`` or ``'순전파, forward
    propagation'`` (the English ones are left out)."""
    return [word.strip() for word in text.split(",") if HANGUL.search(word)]


def bold_terms(text: str, language: str | None = None) -> list[tuple[str, list[str]]]:
    """``(English, Korean words)`` of each term ``text`` introduces in bold with its
    Korean, as ``**weight (가중치)**`` or ``**XOR** ("exclusive or", 배타적 논리합)``.

    A Korean page (``language="ko"``) writes the term the other way round, its English
    inside the bold: ``**가중치(weight)**``, ``**확률적 경사 하강법(stochastic gradient
    descent, SGD)**``, ``**XOR(배타적 논리합, exclusive or)**``; the items with Hangul
    are the Korean words, the others (joined by ", ") the English.
    """
    if language != "ko":
        return [
            ((m["a"] or m["b"]).strip(), korean_words(m["ka"] or m["kb"]))
            for m in _BOLD_TERM.finditer(text)
        ]
    found = []
    for m in _BOLD_TERM_KO.finditer(text):
        items = [m["head"], *m["inside"].split(",")]
        english = [item.strip(" '\"") for item in items if not HANGUL.search(item)]
        korean = korean_words(",".join(items))
        if korean and english:
            found.append((", ".join(english), korean))
    return found


def gives_term(
    text: str, english: str, korean: str, language: str | None = None
) -> bool:
    """Whether ``text`` gives ``korean`` in parentheses beside the English ``english``:
    ``gradient (기울기)``, ``## Mean squared error (평균 제곱 오차)``, ``(the label,
    레이블)``. Only the first word of ``english`` counts, without a plural s.

    A Korean page (``language="ko"``) gives the English in parentheses right after the
    Korean word, ``기울기(gradient)``, ``로지스틱 회귀(logistic regression)``; or after the
    phrase the word begins, the English first, ``손실 함수(loss function)`` for 손실; or
    as an English page does, ``XOR(배타적 논리합, exclusive or)``. The Korean word counts
    only as a word of its own, not as the end of a longer one (행 in 실행); a word that
    holds the whole English (ReLU 함수 for ReLU) gives it wherever it stands.
    """
    stem = re.escape(re.split(r"[ ,(]", english.lower())[0].rstrip("s"))
    word = re.escape(korean)
    item = rf"\((?:[^()]*,\s*)?{word}\s*[,)]"  # a whole item of the (...)
    inside = rf"\([^()]*{stem}[^()]*,\s*{word}\s*[,)]"
    pattern = rf"{stem}[^()]{{0,40}}{item}|{inside}"
    if language == "ko":
        own = rf"(?<![가-힣]){word}"
        if english.lower() in korean.lower():
            pattern = own
        else:
            pattern = rf"{own}\([^()]*{stem}|{own}[^().]{{0,15}}\(\s*{stem}|{pattern}"
    return re.search(pattern, text, re.I) is not None


_GLOSSARY_ROW = re.compile(
    r"^\|(?P<english>[^|]+)\|(?P<korean>[^|]+)\|(?P<where>[^|]+)\|\s*$", re.MULTILINE
)


class GlossaryRow(NamedTuple):
    """A row of the glossary's table: ``english``, ``korean`` and ``where`` as written."""

    english: str
    korean: str
    where: str

    @property
    def page(self) -> str:
        """The page "First met in" links to (``losses.md``), or ``""``."""
        match = re.search(r"\(([\w./-]+\.md)\)", self.where)
        return match[1] if match else ""


def glossary_rows(text: str) -> list[GlossaryRow]:
    """The rows of the glossary's table in ``text``, its heading and rule left out."""
    rows = []
    for m in _GLOSSARY_ROW.finditer(text):
        row = GlossaryRow(*(m[k].strip() for k in ("english", "korean", "where")))
        if not set(row.english) <= set("-: ") and row.english != "English":
            rows.append(row)
    return rows


# [text](target "title") and ![alt](target): ``target`` is what a rewrite may change.
INLINE_LINK = re.compile(
    r"(?P<head>!?\[(?:[^\[\]]|\[[^\]]*\])*\])\((?P<target>[^)\s]+)(?P<tail>[^)]*)\)"
)
# mkdocs-autorefs links to the API reference: [text][dlbook.module.name], [dlbook.name][].
AUTOREF = re.compile(r"\[(?P<text>[^\]]+)\]\[(?P<ident>dlbook(?:\.\w+)*)?\]")


def rewrite_links(text: str, target, reference) -> str:
    """``text`` with each link's target replaced by ``target(old_target)`` and each
    autoref ``[text][dlbook.x]`` made a plain link to ``reference(identifier)`` (left
    as it is where that gives None)."""

    def autoref(match: re.Match) -> str:
        ident = match["ident"] or match["text"].strip("`")
        url = reference(ident) if ident.startswith(PACKAGE) else None
        return f"[{match['text']}]({url})" if url else match[0]

    def inline(match: re.Match) -> str:
        return f"{match['head']}({target(match['target'])}{match['tail']})"

    return INLINE_LINK.sub(inline, AUTOREF.sub(autoref, text))


# --- Reading a page -------------------------------------------------------------------

# Every fence, with whatever info string it has (none included).
_FENCES = RawFencedCodeBlockLexer(
    info_pattern=re.compile(r"(?P<info>[^\n]*)$\n", re.MULTILINE),
    mapping={"info": "info", "source": "source"},
)
# The directives of sybil's Markdown parsers (CodeBlockParser, SkipParser, ...).
_DIRECTIVES = {
    "code": DirectiveInHTMLCommentLexer(
        directive=r"(invisible-)?code(-block)?", arguments=".+"
    ),
    "skip": DirectiveInHTMLCommentLexer(directive="skip"),
    "clear-namespace": DirectiveInHTMLCommentLexer(directive="clear-namespace"),
    "check": DirectiveInHTMLCommentLexer(directive="check"),
    "fact": DirectiveInHTMLCommentLexer(directive="fact"),
}
# The directives that are parts of a page (the code directive makes a CodeBlock).
DIRECTIVE_KINDS = ("skip", "clear-namespace", "check", "fact")
# The head of a Python-Markdown admonition or a pymdownx.details box: one line.
ADMONITION_HEAD = re.compile(
    r'^(?P<indent>[ ]*)(?P<marker>!!!|\?\?\?\+?)[ ]?'
    r'(?P<classes>[\w-]+(?:[ ]+[\w-]+)*)?(?:[ ]+"(?P<title>.*?)")?[ ]*$'
)
# Python-Markdown makes a heading of any line that starts with #, at its block's indent.
HEADING = re.compile(r"^#{1,6}")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _language(info: str) -> str:
    """The language of an info string, its first word (``{.python}``: ``python``)."""
    words = info.strip().lstrip("{").split()
    return words[0].lstrip(".").rstrip("}") if words else ""


def _includes(source: str, first_line: int) -> tuple[Include, ...]:
    """The includes of a block's source, whose first line is ``first_line``."""
    found = []
    for number, text in enumerate(source.split("\n"), start=first_line):
        match = SnippetPreprocessor.RE_ALL_SNIPPETS.match(text)
        if not match or match["escape"] or not match["inline_marker"]:
            continue
        spec = match["snippet"][1:-1].strip()
        file, _, section = spec.partition(":")
        code = expand_includes(f'--8<-- "{spec}"')
        found.append(
            Include(spec, file, section or None, number, code, defined_names(code))
        )
    return tuple(found)


def _lexed(document: Document) -> list[tuple[str, Region]]:
    """Fences and directives in order, less those inside another (shown in a fence)."""
    found = [("fence", region) for region in _FENCES(document)]
    for kind, lexer in _DIRECTIVES.items():
        found.extend((kind, region) for region in lexer(document))
    found.sort(key=lambda item: item[1].start)
    kept, end = [], -1
    for kind, region in found:
        if region.start >= end:
            kept.append((kind, region))
            end = region.end
    return kept


@dataclass
class _Box:
    """An admonition while its lines are read."""

    line: int
    last_line: int
    indent: int
    head: re.Match
    inside: tuple[str, ...]

    @property
    def kind(self) -> str:
        return (self.head["classes"] or "").split(" ")[0]


def _scan_lines(lines: list[str], covered: set[int], first: int):
    """The boxes and the heading lines (1-based) outside code blocks and comments.

    A box's body is the lines indented 4 spaces more than its head, up to the first line
    that is not. A heading or a nested box counts only at the indentation of the body it
    is in: elsewhere Markdown reads it as code or as text.
    """
    boxes: list[_Box] = []
    headings: list[int] = []
    stack: list[_Box] = []
    for number, line in enumerate(lines, start=1):
        if number < first or not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        while stack and indent < stack[-1].indent + 4:
            stack.pop()
        for box in stack:
            box.last_line = number
        container = stack[-1].indent + 4 if stack else 0
        if number in covered or indent != container:
            continue
        head = ADMONITION_HEAD.match(line)
        if head and (head["classes"] or (head["marker"] != "!!!" and head["title"])):
            box = _Box(number, number, indent, head, tuple(b.kind for b in stack))
            boxes.append(box)
            stack.append(box)
        elif HEADING.match(line[indent:]):
            headings.append(number)
    return boxes, headings


def _rendered_headings(body: str) -> list[tuple[int, str, str]]:
    """``(level, id, text)`` of each heading, rendering ``body`` as the site does."""
    names, configs = markdown_settings()
    configs = {
        **configs,
        # All headings in the table of contents, whatever toc_depth the site's menu shows.
        "toc": {**configs.get("toc", {}), "toc_depth": 6},
        # No colours for the code: it is stashed as raw HTML, outside the tree that toc
        # takes the ids from, so they are the same, and the page renders 4 times faster.
        "pymdownx.highlight": {**configs.get("pymdownx.highlight", {}),
                               "use_pygments": False},
    }
    md = markdown.Markdown(extensions=list(names), extension_configs=configs)
    md.convert(body)
    found = []

    def walk(tokens):
        for token in tokens:
            found.append((token["level"], token["id"], token["name"]))
            walk(token["children"])

    walk(md.toc_tokens)
    return found


def parse_page(path: str | os.PathLike, text: str | None = None) -> Page:
    """The parts of the page at ``path`` (of ``text`` instead of the file's, if given).

    Raises ValueError when the headings found are not the ones the site renders.
    """
    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    spans = [
        (kind, region, line_of(region.start), line_of(region.end))
        for kind, region in _lexed(Document(text, str(path)))
    ]
    covered = {n for _, _, line, last in spans for n in range(line, last + 1)}
    for comment in HTML_COMMENT.finditer(text):
        covered.update(range(line_of(comment.start()), line_of(comment.end()) + 1))
    body, _ = get_data(text)  # as in MkDocs, front matter is no part of the page
    skipped_text = text[: len(text) - len(body)] if text.endswith(body) else ""
    boxes, heading_lines = _scan_lines(lines, covered, skipped_text.count("\n") + 1)

    parts: list[Part] = []
    blocks: list[CodeBlock] = []
    skip_next = skipping = False
    for kind, region, line, last in spans:
        if kind in DIRECTIVE_KINDS:
            arguments = (region.lexemes.get("arguments") or "").strip()
            rest = str(region.lexemes.get("source") or "").strip()
            if rest:  # a check or a fact over several lines
                arguments = f"{arguments}\n{rest}"
            directive = Directive(kind, arguments, region.start, region.end, line, last)
            parts.append(directive)
            if kind == "skip":
                action = _skip_action(arguments)
                skip_next = skip_next or action == "next"
                skipping = {"start": True, "end": False}.get(action, skipping)
            continue
        info = region.lexemes["info" if kind == "fence" else "arguments"].strip()
        source = region.lexemes["source"]
        expanded = expand_includes(source) if "8<-" in source else str(source)
        language = _language(info)
        # skip: next leaves out the next Python block (of a doctest block, sybil leaves
        # out only its first statement); skip: start ... skip: end all those between.
        skipped = language == "python" and (skip_next or skipping)
        skip_next = skip_next and language != "python"
        block = CodeBlock(
            language=language,
            info=info,
            source=str(source),
            expanded=expanded,
            includes=_includes(str(source), line + 1 + source.line_offset),
            defined_names=defined_names(expanded),
            start=region.start,
            end=region.end,
            line=line,
            last_line=last,
            source_offset=source.offset,
            source_line_offset=source.line_offset,
            hidden=kind == "code",
            inside=tuple(b.kind for b in boxes if b.line < line <= b.last_line),
            skipped=skipped,
        )
        parts.append(block)
        blocks.append(block)
    for box in boxes:
        parts.append(Admonition(
            kind=box.kind,
            classes=tuple((box.head["classes"] or "").split()),
            title=box.head["title"],
            marker=box.head["marker"],
            blocks=tuple(b for b in blocks if box.line < b.line <= box.last_line),
            start=starts[box.line - 1],
            end=starts[box.last_line - 1] + len(lines[box.last_line - 1]),
            line=box.line,
            last_line=box.last_line,
            indent=box.indent,
            inside=box.inside,
        ))
    rendered = _rendered_headings(body)
    if len(rendered) != len(heading_lines):
        raise ValueError(
            f"{path}: the site renders {len(rendered)} headings "
            f"{[name for _, _, name in rendered]}, but hooks/book.py finds "
            f"{len(heading_lines)}, on lines {heading_lines}"
        )
    parts.extend(
        Heading(level, name, ident, number, starts[number - 1])
        for number, (level, ident, name) in zip(heading_lines, rendered)
    )
    parts.sort(key=lambda part: part.start)
    return Page(path, text, tuple(parts))


def pages(docs: Path = DOCS) -> list[Path]:
    """Every Markdown page under ``docs``, sorted."""
    return sorted(docs.rglob("*.md"))


# --- Chapters and languages -----------------------------------------------------------


class Chapter(NamedTuple):
    """A numbered chapter of the navigation: ``Chapter(9, "MNIST", "mnist.md")``."""

    number: int
    title: str
    src_uri: str


CHAPTER_TITLE = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>.+)$")


def chapters(nav: list | None = None) -> list[Chapter]:
    """The pages of ``nav`` (mkdocs.yml's if not given) titled "N. ...", in order."""
    found = []

    def walk(entries):
        for entry in entries or []:
            if not isinstance(entry, dict):
                continue
            for title, target in entry.items():
                if isinstance(target, list):
                    walk(target)
                elif isinstance(target, str):
                    if match := CHAPTER_TITLE.match(str(title)):
                        found.append(
                            Chapter(int(match["number"]), match["title"], target)
                        )

    walk(load_mkdocs_config()["nav"] if nav is None else nav)
    return found


# ``name.ko.md``: mkdocs-static-i18n's suffix layout, a locale before ``.md``.
LANGUAGE_SUFFIX = re.compile(
    r"^(?P<stem>.+?)\.(?P<language>[a-z]{2}(?:_[A-Z]{2})?)\.md$"
)


def page_language(path: str | os.PathLike) -> str | None:
    """The language of a page, from its file name: ``ko`` for ``x.ko.md``, else None."""
    match = LANGUAGE_SUFFIX.match(Path(path).name)
    return match["language"] if match else None


def translation(src_uri: str, language: str | None) -> str:
    """The twin of a page in ``language`` (None: the default language).

    ``translation("perceptron.md", "ko")`` is ``"perceptron.ko.md"``, and back.
    """
    folder, _, name = src_uri.rpartition("/")
    match = LANGUAGE_SUFFIX.match(name)
    stem = match["stem"] if match else name.removesuffix(".md")
    twin = f"{stem}.{language}.md" if language else f"{stem}.md"
    return f"{folder}/{twin}" if folder else twin


# --- Running the pages with sybil -----------------------------------------------------

_PARSED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _page_of(document: Document) -> Page:
    """The parts of a sybil document, read once for all the parsers."""
    if document not in _PARSED:
        _PARSED[document] = parse_page(document.path, document.text)
    return _PARSED[document]


def _code_lexer(document: Document):
    """A sybil lexer: a page's code blocks, their includes expanded."""
    for block in _page_of(document).code_blocks():
        lexemes = {"arguments": block.language, "source": block.lexeme()}
        yield Region(block.start, block.end, lexemes=lexemes)


def _directive_lexer(kind: str):
    """A sybil lexer: a page's directives of one kind."""

    def lexer(document: Document):
        for directive in _page_of(document).directives(kind):
            lexemes = {"arguments": directive.arguments, "source": Lexeme("", 0, 0)}
            yield Region(directive.start, directive.end, lexemes=lexemes)

    return lexer


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def evaluate_check(example) -> None:
    """Sybil's evaluator of ``<!-- check: expression -->``: the expression, evaluated in
    the page's namespace at that point, must be true. A false one fails the test with
    the values of the names it reads."""
    expression = example.parsed
    tree = ast.parse(expression.strip(), mode="eval")
    value = eval(compile(tree, example.path, "eval"), example.namespace)  # noqa: S307
    if not value:
        names = sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)})
        values = [f"{name} = {_shown(example.namespace[name])}" for name in names
                  if name in example.namespace and not callable(example.namespace[name])]
        raise AssertionError(
            f"the page claims {expression.strip()!r}, which is false here"
            + (": " + ", ".join(values) if values else "")
        )


class CheckParser:
    """A sybil parser: each ``<!-- check: ... -->`` of a page, a claim of its prose."""

    def __call__(self, document: Document):
        for directive in _page_of(document).directives("check"):
            yield Region(directive.start, directive.end, parsed=directive.arguments,
                         evaluator=evaluate_check)


class BookCodeBlockParser(AbstractCodeBlockParser):
    """Sybil's code-block parser, over the code blocks ``parse_page`` finds."""

    def __init__(self, language: str | None = None, evaluator=None):
        super().__init__([_code_lexer], language, evaluator)


class BookPythonParser(PythonCodeBlockParser):
    """Runs a page's Python blocks; one that starts with ``>>>`` is a doctest."""

    codeblock_parser_class = BookCodeBlockParser


def make_sybil(docs: Path = DOCS) -> Sybil:
    """The sybil set-up that runs every page under ``docs``, as ``make test`` does."""
    return Sybil(
        parsers=[
            BookPythonParser(doctest_optionflags=DOCTEST_FLAGS),
            CheckParser(),
            AbstractSkipParser([_directive_lexer("skip")]),
            AbstractClearNamespaceParser([_directive_lexer("clear-namespace")]),
        ],
        path=str(docs),
        patterns=["*.md"],
    )


# --- Building the site ----------------------------------------------------------------


def build_site(dest: Path) -> Path:
    """Build the site into ``dest`` as ``make build`` does (mkdocs build --strict)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if run.returncode:
        problems = [
            line for line in run.stderr.splitlines()
            if not line.startswith("INFO") and "IPKernelApp" not in line
        ]
        raise RuntimeError("mkdocs build --strict failed:\n" + "\n".join(problems))
    return dest


def site_for_tests(tmp_path_factory) -> Path:
    """The built site the tests look at: ``$DLBOOK_SITE`` if set, else a fresh build."""
    given = os.environ.get("DLBOOK_SITE")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            raise FileNotFoundError(f"DLBOOK_SITE={given} holds no built site")
        return site
    return build_site(tmp_path_factory.mktemp("site"))
