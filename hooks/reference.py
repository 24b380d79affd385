"""MkDocs hook: the API reference, one page per module of the package, made at build time.

The pages are not files in ``docs/``: this hook looks at the ``dlbook`` package as it is when
the site is built, makes ``reference/<module>.md`` for each of its public modules
(``File.generated``) and lists them in the navigation under "API reference", after
``reference/index.md``. A module added by a chapter gets its page without anyone editing
``mkdocs.yml``, and a module that does not exist yet has no page and breaks nothing; a module
that fails to import fails the build, as it should.

Each page holds

- "Introduced in chapter N": a link to every chapter the module docstring names
  (``(chapter 2, "Activation functions")``); a number that is no chapter of the navigation
  fails the build;
- a table linking each public name to the section of the chapter that embeds its code
  (the first ``--8<-- "dlbook/<module>.py:<section>"`` line, in reading order), which is where
  the book introduces it;
- the documentation itself, rendered from the docstrings by mkdocstrings (``::: dlbook.x``).

Pages link a name to its entry with mkdocs-autorefs: ``[softmax][dlbook.activations.softmax]``.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
import textwrap
from pathlib import Path

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hooks._book import chapters, expand_includes, load_mkdocs_config

PACKAGE = "dlbook"
SECTION = "API reference"
INDEX = "reference/index.md"
MODULES_MARKER = "<!-- reference: modules -->"
INCLUDE_LINE = re.compile(r"""^[ \t>]*-{1,}8<-{1,}[ \t]+(["'])(?P<spec>.+?)\1[ \t]*$""", re.M)
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<text>.+?)[ \t#]*$")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def public_modules() -> list[str]:
    """Names of the package's public modules (``activations``, ``plotting`` ...), imported."""
    package = importlib.import_module(PACKAGE)
    names = [
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    ]
    for name in names:
        importlib.import_module(f"{PACKAGE}.{name}")  # one that fails to import fails the build
    return names


def summary(module) -> str:
    """The first paragraph of a module's docstring, on one line."""
    doc = (module.__doc__ or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split())


def chapter_numbers(module) -> list[int]:
    """The chapters a module docstring names in its first paragraph, in order.

    ``(chapters 7, "Backpropagation", and 8, "Optimizers")`` gives ``[7, 8]``;
    ``Figures of chapter 2, "Activation functions".`` gives ``[2]``.
    """
    text = re.sub(r'"[^"]*"', "", summary(module))
    match = re.search(r"\bchapters?\b(?P<rest>[^.)]*)", text, re.IGNORECASE)
    if not match:
        return []
    return [int(n) for n in re.findall(r"\b\d+\b", match["rest"])]


def defined_names(code: str) -> set[str]:
    """Names a piece of Python source defines at its top level (def, class, assignment)."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def module_of(path: str) -> str:
    """``dlbook/plotting/losses.py`` -> ``dlbook.plotting.losses``."""
    return path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def heading_ids(text: str) -> list[tuple[int, str, str]]:
    """``(line number, id, title)`` of each heading of a page, with the ids the site gives them.

    The ids come from rendering the page's headings (those at the start of a line, outside
    code blocks) with the site's own Markdown extensions, so they are the ids the site gives
    them; if the two lists still disagree, the page gets no anchors rather than wrong ones.
    """
    lines, fence = [], None
    source = text.split("\n")
    for number, line in enumerate(source):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and line.strip() and set(line.strip()) == {fence[0]}:
            if len(line.strip()) >= len(fence):
                fence = None
        elif fence is None and HEADING.match(line):
            lines.append(number)
    site = load_mkdocs_config()["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in site]
    configs = {next(iter(e)): next(iter(e.values())) or {} for e in site if isinstance(e, dict)}
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    md.convert("\n\n".join(source[number] for number in lines))
    tokens = []

    def flatten(items):
        for item in items:
            tokens.append((item["id"], item["name"]))
            flatten(item["children"])

    flatten(md.toc_tokens)
    if len(lines) != len(tokens):
        return []
    return [(number, ident, name) for number, (ident, name) in zip(lines, tokens)]


class Introductions:
    """Where the book first embeds each definition.

    ``first[(module, name)]`` is ``(chapter number, title, page uri, anchor, section title)``.
    """

    def __init__(self, docs: Path, nav: list):
        self.first: dict[tuple[str, str], tuple[int, str, str, str, str]] = {}
        for number, title, uri in chapters(nav):
            path = docs / uri
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            headings = heading_ids(text)
            for match in INCLUDE_LINE.finditer(text):
                spec = match["spec"]
                file = spec.split(":", 1)[0]
                if not file.endswith(".py"):
                    continue
                line = text.count("\n", 0, match.start())
                above = [h for h in headings if h[0] < line]
                anchor, section = (above[-1][1], above[-1][2]) if above else ("", "")
                code = expand_includes(f'--8<-- "{spec}"')
                for name in defined_names(code):
                    key = (module_of(file), name)
                    self.first.setdefault(key, (number, title, uri, anchor, section))

    def of(self, module: str, name: str):
        return self.first.get((module, name))


def home(module, name: str) -> str:
    obj = getattr(module, name, None)
    origin = getattr(obj, "__module__", None)
    return origin if isinstance(origin, str) and origin.startswith(PACKAGE) else module.__name__


def module_page(name: str, by_number: dict, intro: Introductions) -> str:
    """The Markdown of ``reference/<name>.md``."""
    dotted = f"{PACKAGE}.{name}"
    module = importlib.import_module(dotted)
    lines = [f"# `{dotted}`", ""]
    numbers = chapter_numbers(module)
    links = []
    for number in numbers:
        if number not in by_number:
            raise PluginError(
                f"reference: the docstring of {dotted} names chapter {number}, "
                "which is not in the navigation"
            )
        title, uri = by_number[number]
        links.append(f"[{number}. {title}](../{uri})")
    if links:
        word = "chapter" if len(links) == 1 else "chapters"
        lines += [f"Introduced in {word} " + ", ".join(links) + ".", "{ .dlbook-introduced }", ""]
    lines += [
        f"::: {dotted}",
        "    options:",
        "      show_root_heading: false",
        "      show_root_toc_entry: false",
        "      members: false",
        "",
    ]

    members = [(dotted, module)]
    if hasattr(module, "__path__"):  # a package: its public submodules are on the same page
        for info in pkgutil.iter_modules(module.__path__):
            if not info.name.startswith("_"):
                sub = importlib.import_module(f"{dotted}.{info.name}")
                members.append((sub.__name__, sub))
    rows = []
    for where, mod in members:
        for public in getattr(mod, "__all__", []):
            origin = home(mod, public)
            found = intro.of(origin, public)
            target = f"#{where}.{public}"
            if found:
                number, title, uri, anchor, section = found
                place = f"{number}. {title}" + (f" › {section}" if section else "")
                chapter = f"[{place}](../{uri}{'#' + anchor if anchor else ''})"
            else:
                chapter = "not embedded in a chapter yet"
            rows.append(f"| [`{public}`]({target}) | {chapter} |")
    if rows:
        lines += [
            "## Where the book introduces each name",
            "",
            "| Name | Chapter and section |",
            "|---|---|",
            *rows,
            "",
        ]
    lines += [
        f"::: {dotted}",
        "    options:",
        "      show_root_heading: false",
        "      show_root_toc_entry: false",
        "      show_docstring_description: false",
        "      heading_level: 2",
        "",
    ]
    return "\n".join(lines)


def ordered(names: list[str]) -> list[str]:
    """Modules in the order of the book: by the first chapter they name, then by name."""

    def key(name):
        numbers = chapter_numbers(importlib.import_module(f"{PACKAGE}.{name}"))
        return (min(numbers) if numbers else 10**6, name)

    return sorted(names, key=key)


def _section(nav: list) -> list:
    for entry in nav:
        if isinstance(entry, dict) and isinstance(entry.get(SECTION), list):
            return entry[SECTION]
    raise PluginError(f'reference: mkdocs.yml has no "{SECTION}" section in its nav')


def on_config(config):
    section = _section(config["nav"])
    # Keep what mkdocs.yml lists (the index); drop pages an earlier build added (mkdocs serve).
    section[:] = [
        entry for entry in section
        if not (isinstance(entry, dict) and str(next(iter(entry))).startswith(f"{PACKAGE}."))
    ]
    for name in ordered(public_modules()):
        section.append({f"{PACKAGE}.{name}": f"reference/{name}.md"})
    return config


def on_files(files: Files, config) -> Files:
    by_number = {number: (title, uri) for number, title, uri in chapters(config["nav"])}
    intro = Introductions(Path(config["docs_dir"]), config["nav"])
    for name in public_modules():
        content = module_page(name, by_number, intro)
        files.append(File.generated(config, f"reference/{name}.md", content=content))
    return files


def modules_table() -> str:
    rows = ["| Module | What it holds |", "|---|---|"]
    for name in ordered(public_modules()):
        first = summary(importlib.import_module(f"{PACKAGE}.{name}")).split(". ")[0].rstrip(".")
        rows.append(f"| [`{PACKAGE}.{name}`]({name}.md) | {first}. |")
    return "\n".join(rows)


# The heading ids of each rendered page. MkDocs renders the pages of docs/ before the ones
# this hook generates, so when a reference page is rendered its chapters' real ids are known,
# and a link to an anchor the chapter does not have loses the anchor instead of breaking.
RENDERED_IDS: dict[str, set[str]] = {}
CHAPTER_LINK = re.compile(r"\]\(\.\./(?P<uri>[\w./-]+\.md)#(?P<anchor>[^)\s]+)\)")


def on_page_content(html: str, page, config, files):
    ids: set[str] = set()

    def walk(items):
        for item in items:
            ids.add(item.id)
            walk(item.children)

    walk(page.toc)
    RENDERED_IDS[page.file.src_uri] = ids
    return html


def on_page_markdown(markdown_text: str, page, config, files):
    if page.file.src_uri.startswith("reference/") and page.file.src_uri != INDEX:

        def keep_known(match):
            known = RENDERED_IDS.get(match["uri"])
            if known is None or match["anchor"] in known:
                return match[0]
            return f"](../{match['uri']})"

        return CHAPTER_LINK.sub(keep_known, markdown_text)
    if page.file.src_uri == INDEX:
        if MODULES_MARKER not in markdown_text:
            raise PluginError(f"reference: {INDEX} lost its line {MODULES_MARKER}")
        markdown_text = markdown_text.replace(MODULES_MARKER, modules_table())
    return markdown_text
