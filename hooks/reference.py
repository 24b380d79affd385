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
  the book introduces it; the sections' anchors are the ids the site gives the
  headings (``hooks/book.py`` renders each chapter with the site's settings for them);
- the documentation itself, rendered from the docstrings by mkdocstrings (``::: dlbook.x``).

Pages link a name to its entry with mkdocs-autorefs: ``[softmax][dlbook.activations.softmax]``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# MkDocs loads a hook by its path: make the hooks package importable.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from hooks import editions  # noqa: E402
from hooks.book import PACKAGE, chapters, home_module, parse_page  # noqa: E402

SECTION = "API reference"
INDEX = "reference/index.md"
MODULES_MARKER = "<!-- reference: modules -->"


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
            page = parse_page(path)
            for include in page.includes():
                if include.module is None:
                    continue
                heading = page.heading_above(include.line)
                anchor, section = (heading.id, heading.text) if heading else ("", "")
                for name in include.defined_names:
                    key = (include.module, name)
                    self.first.setdefault(key, (number, title, uri, anchor, section))

    def of(self, module: str, name: str):
        return self.first.get((module, name))


def documented_modules(module) -> list:
    """The modules one reference page documents: it, and a package's public ones."""
    found = [module]
    if hasattr(module, "__path__"):
        for info in pkgutil.iter_modules(module.__path__):
            if not info.name.startswith("_"):
                found.append(importlib.import_module(f"{module.__name__}.{info.name}"))
    return found


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

    rows = []
    for mod in documented_modules(module):
        for public in getattr(mod, "__all__", []):
            found = intro.of(home_module(mod, public), public)
            target = f"#{mod.__name__}.{public}"
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


@event_priority(editions.LATE)  # after mkdocs-static-i18n sorted the pages by language
def on_files(files: Files, config) -> Files:
    by_number = {number: (title, uri) for number, title, uri in chapters(config["nav"])}
    intro = Introductions(Path(config["docs_dir"]), config["nav"])
    for name in public_modules():
        content = module_page(name, by_number, intro)
        made = File.generated(config, f"reference/{name}.md", content=content)
        files.append(editions.place(made, config))
    return files


def modules_table() -> str:
    rows = ["| Module | What it holds |", "|---|---|"]
    for name in ordered(public_modules()):
        first = summary(importlib.import_module(f"{PACKAGE}.{name}")).split(". ")[0].rstrip(".")
        rows.append(f"| [`{PACKAGE}.{name}`]({name}.md) | {first}. |")
    return "\n".join(rows)


def on_page_markdown(markdown_text: str, page, config, files):
    if editions.norm_src_uri(page.file) == INDEX:
        if MODULES_MARKER not in markdown_text:
            raise PluginError(f"reference: {INDEX} lost its line {MODULES_MARKER}")
        markdown_text = markdown_text.replace(MODULES_MARKER, modules_table())
    return markdown_text
