"""MkDocs hook: every chapter and every lab as a Jupyter notebook, made at build time.

Each chapter (a page whose navigation title starts with its number, "2. Activation functions")
becomes ``notebooks/<page>.ipynb``, and each lab (``docs/labs/<name>.py``, a jupytext
"percent" script that mkdocs-jupyter executes into a page) becomes
``notebooks/labs/<name>.ipynb``. Nothing is committed or written into ``docs/``: the files are
added to the site with ``File.generated``, like the figures.

A chapter becomes a notebook the way the tests read it:

- its parts come from ``hooks/book.py``, which the tests run the chapters with: each
  Python block becomes code cells, its ``--8<--`` lines expanded as the tests expand
  them; hidden ``<!-- invisible-code-block: python -->`` blocks run too;
- a doctest block (``>>>``) becomes plain code without prompts and outputs, cut after every
  statement whose output the page shows, so the notebook shows that output in the same place;
  a statement the page shows *raising* is wrapped in ``try``/``except`` of that error, so
  "Run all" goes on (the cell's metadata names the error, and the tests check it is raised);
- a block the page skips (``<!-- skip: next "reason" -->``) stays visible as Markdown;
- the prose becomes Markdown cells: admonitions (Pitfall, Try it, Answer) turn into bold
  titles with their bodies un-indented, and links to pages and figures point to the
  published site (``site_url``), so they work in Jupyter and Colab.

The first code cell installs dlbook from ``repo_url`` when it is missing (Colab). Every page
with a notebook gets a "Download notebook" button and an "Open in Colab" link
(``overrides/main.html`` reads ``page.meta.notebook``, which ``on_page_context`` sets).
"""

from __future__ import annotations

import builtins
import doctest
import posixpath
import re
import sys
import textwrap
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from nbformat import v4

# MkDocs loads a hook by its path: make the hooks package importable.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from hooks import book  # noqa: E402
from hooks.book import CodeBlock, Directive, Page, chapters, parse_page  # noqa: E402

LAB_GLOB = "labs/*.py"
# src_uri of a page -> the File of its notebook (filled by on_files, read by on_page_context).
NOTEBOOKS: dict[str, File] = {}


class Links:
    """How the notebook of one page points back to the published site."""

    def __init__(self, page_uri: str, site_url: str, files: Files | None = None):
        self.page_uri = page_uri
        self.site_url = site_url
        self.files = files

    def url_of(self, uri: str) -> str | None:
        """The published address of the site file with source ``uri``, if there is one."""
        if self.files is None:
            return None
        file = self.files.get_file_from_path(uri)
        if file is None:
            return None
        return urljoin(self.site_url, file.url)

    def page_url(self) -> str:
        return self.url_of(self.page_uri) or self.site_url

    def rewrite(self, target: str) -> str:
        if urlsplit(target).scheme or target.startswith("/"):
            return target
        path, _, fragment = target.partition("#")
        if not path:
            url = self.page_url()
        else:
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(self.page_uri), path))
            url = self.url_of(uri)
            if url is None:
                return target
        return f"{url}#{fragment}" if fragment else url

    def reference(self, identifier: str) -> str | None:
        parts = identifier.split(".")
        uri = f"reference/{parts[1]}.md" if len(parts) > 1 else "reference/index.md"
        url = self.url_of(uri)
        return f"{url}#{identifier}" if url else None


def install_cell(repo_url: str) -> nbformat.NotebookNode:
    spec = f"dlbook[plot] @ git+{repo_url}" if repo_url else "dlbook[plot]"
    source = (
        "# On Colab, or in any Jupyter without dlbook: install the book's package first.\n"
        "import importlib.util\n"
        "\n"
        'if importlib.util.find_spec("dlbook") is None:\n'
        f'    %pip install --quiet "{spec}"'
    )
    return v4.new_code_cell(source, metadata={"dlbook": {"install": True}})


def new_notebook(cells: list) -> nbformat.NotebookNode:
    for number, cell in enumerate(cells, start=1):
        cell.id = f"cell-{number}"  # the same notebook from the same page, build after build
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    return nb


# --- Markdown --------------------------------------------------------------------------------


def markdown_lines(page: Page) -> list[str]:
    """The page's lines as a notebook shows them: admonitions become bold titles, un-indented.

    One entry per line of the page, so that a part's lines (``line`` to ``last_line``)
    are found by number: a box's head becomes its title and a blank line, in one entry.
    """
    lines = page.text.split("\n")
    indent = [0] * len(lines)
    heads = {}
    for box in page.admonitions():  # outer boxes first: an inner one indents further
        heads[box.line - 1] = box
        for number in range(box.line, box.last_line):
            indent[number] = box.body_indent
    out = []
    for number, line in enumerate(lines):
        if number in heads:
            box = heads[number]
            out.append(f"**{box.title or box.kind.replace('-', ' ').capitalize()}**\n")
        elif line[: indent[number]].strip() == "":
            out.append(line[indent[number] :])
        else:
            out.append(line.lstrip())
    return out


def rewrite_links(text: str, links: Links) -> str:
    """The links of ``text`` pointed at the published site (see ``Links``)."""
    return book.rewrite_links(text, links.rewrite, links.reference)


# --- Code ------------------------------------------------------------------------------------


def error_name(exc_msg: str) -> str:
    """``"numpy.linalg.LinAlgError: Singular matrix"`` -> ``"LinAlgError"``."""
    return exc_msg.split(":", 1)[0].strip().rsplit(".", 1)[-1]


def raising_cell(source: str, exc_msg: str) -> nbformat.NotebookNode:
    name = error_name(exc_msg)
    caught = name if isinstance(getattr(builtins, name, None), type) else "Exception"
    code = (
        f"# The book shows this raising {name} on purpose; the notebook catches it and goes on.\n"
        "try:\n"
        f"{textwrap.indent(source.rstrip(), '    ')}\n"
        f"except {caught} as error:\n"
        '    print(f"{type(error).__name__}: {error}")'
    )
    return v4.new_code_cell(code, metadata={"dlbook": {"raises": name}})


def doctest_cells(source: str) -> list:
    """A ``>>>`` block as code cells: no prompts, no outputs, cut after each shown output."""
    cells, pending = [], []

    def flush():
        if pending:
            cells.append(v4.new_code_cell("".join(pending).rstrip()))
            pending.clear()

    for example in doctest.DocTestParser().get_examples(source):
        if example.exc_msg is not None:
            flush()
            cells.append(raising_cell(example.source, example.exc_msg))
            continue
        pending.append(example.source)
        if example.want.strip():
            flush()
    flush()
    return cells


def code_cells(block: CodeBlock) -> list:
    if block.is_doctest:
        return doctest_cells(block.expanded)
    return [v4.new_code_cell(block.expanded.strip("\n").rstrip())]


# --- Chapters and labs -----------------------------------------------------------------------


def chapter_notebook(text: str, path: str, links: Links, repo_url: str) -> nbformat.NotebookNode:
    """The notebook of one chapter (``text`` is its Markdown source)."""
    page = parse_page(path, text)
    lines = markdown_lines(page)
    cells: list = []
    prose: list[str] = []

    def flush():
        md = "\n".join(prose).strip("\n")
        prose.clear()
        md = re.sub(r"\n{3,}", "\n\n", md)
        if md.strip():
            cells.append(v4.new_markdown_cell(rewrite_links(md, links)))

    next_line = 0
    for part in page.parts:
        if not isinstance(part, (CodeBlock, Directive)):
            continue  # headings and boxes are prose (markdown_lines)
        first, last = part.line - 1, part.last_line - 1
        prose.extend(lines[next_line:first])
        next_line = last + 1
        if isinstance(part, Directive):
            if part.kind == "clear-namespace":
                flush()
                cells.append(v4.new_code_cell("%reset -f"))
            elif part.kind in ("check", "fact"):
                # HTML comments, invisible in Jupyter as on the site: the tests check the
                # prose's claims, the notebook only keeps them beside their sentences
                prose.extend(lines[first : last + 1])
            # a skip: the page's parts mark the blocks it leaves out (part.skipped)
        elif not part.is_python:
            prose.extend(lines[first : last + 1])
        elif part.skipped:
            prose.extend(["```python", part.expanded.rstrip(), "```"])
        else:
            flush()
            cells.extend(code_cells(part))
    prose.extend(lines[next_line:])
    flush()

    note = (
        f"*This notebook is made from a chapter of dlbook: read it, with its figures, at "
        f"{links.page_url()}. Run the cells from the top: each one builds on the cells above.*"
    )
    if cells and cells[0].cell_type == "markdown" and cells[0].source.startswith("# "):
        title, _, rest = cells[0].source.partition("\n")
        cells[0] = v4.new_markdown_cell(f"{title}\n\n{note}")
        if rest.strip():
            cells.insert(1, v4.new_markdown_cell(rest.strip("\n")))
        cells.insert(1, install_cell(repo_url))
    else:
        cells[:0] = [v4.new_markdown_cell(note), install_cell(repo_url)]
    return new_notebook(cells)


def lab_notebook(path: Path, repo_url: str) -> nbformat.NotebookNode:
    """The notebook of a lab (a jupytext percent script), with the install cell after its title."""
    import jupytext

    cells = [
        v4.new_code_cell(cell.source)
        if cell.cell_type == "code"
        else v4.new_markdown_cell(cell.source)
        for cell in jupytext.read(path).cells
    ]
    cells.insert(1 if cells and cells[0].cell_type == "markdown" else 0, install_cell(repo_url))
    return new_notebook(cells)


def lab_paths(docs: Path) -> list[Path]:
    """The labs: ``docs/labs/*.py``."""
    return sorted(docs.glob(LAB_GLOB))


def notebook_uri(src_uri: str) -> str:
    return "notebooks/" + posixpath.splitext(src_uri)[0] + ".ipynb"


def build_notebooks(config, files: Files | None = None) -> dict[str, nbformat.NotebookNode]:
    """``{notebook src_uri: notebook}`` for every chapter and lab of the site."""
    docs = Path(config["docs_dir"])
    site_url = config.get("site_url") or ""
    repo_url = (config.get("repo_url") or "").rstrip("/")
    made = {}
    for _, _, uri in chapters(config["nav"]):
        path = docs / uri
        if not path.is_file():
            raise PluginError(f"notebooks: the navigation lists {uri}, which does not exist")
        links = Links(page_uri=uri, site_url=site_url, files=files)
        made[uri] = chapter_notebook(path.read_text(encoding="utf-8"), str(path), links, repo_url)
    for path in lab_paths(docs):
        made[path.relative_to(docs).as_posix()] = lab_notebook(path, repo_url)
    return made


def colab_url(repo_url: str, notebook_url: str) -> str | None:
    """Colab opens a notebook from a GitHub repository: the one on the gh-pages branch."""
    parts = urlsplit(repo_url)
    if parts.netloc != "github.com":
        return None
    repo = parts.path.strip("/").removesuffix(".git")
    return f"https://colab.research.google.com/github/{repo}/blob/gh-pages/{notebook_url}"


# --- MkDocs events ---------------------------------------------------------------------------


def on_files(files: Files, config) -> Files:
    NOTEBOOKS.clear()
    for page_uri, nb in build_notebooks(config, files).items():
        notebook = File.generated(config, notebook_uri(page_uri), content=nbformat.writes(nb))
        files.append(notebook)
        NOTEBOOKS[page_uri] = notebook
    return files


def on_page_context(context, page, config, nav):
    notebook = NOTEBOOKS.get(page.file.src_uri)
    if notebook is not None:
        page.meta["notebook"] = {
            "url": notebook.url,
            "name": posixpath.basename(notebook.src_uri),
            "colab": colab_url(config.get("repo_url") or "", notebook.url),
        }
    return context
